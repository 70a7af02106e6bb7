import ArgumentParser
import Foundation
import HanziKit

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two versions of a text, character by character, also across scripts.",
        discussion: """
            Aligns lines first, then the characters inside changed lines, and marks what changed: \
            [-removed-]{+added+}, or red and green on a terminal. With --across-scripts both texts \
            are folded to Simplified (t2s) before comparing and a change that s2t, s2tw or s2hk maps \
            to the same Traditional text is dropped, so a Traditional and a Simplified edition differ only \
            where their content does; positions and text stay the originals'.

            With two folders, files are paired by their path inside each folder (walked like every \
            command: .gitignore, --include, --exclude) and each pair is compared; unified patches name \
            them a/PATH and b/PATH (apply with patch -p1 or git apply), a file on one side only is a \
            whole-file addition or deletion against /dev/null, and JSON is an array of pairs. A file \
            and a folder together is a usage error.

            Exit status: 0 same, 1 different, 2 trouble (unreadable file, invalid UTF-8), 64 usage.

            Examples:
              hanzi diff old.txt new.txt
              hanzi diff --format unified old.txt new.txt > fix.patch
              hanzi diff --across-scripts article.zh-Hant.txt article.zh-Hans.txt
              hanzi diff --format unified old-docs new-docs | patch -p1 -d old-docs
              hanzi diff --fold tw2sp --ignore-punctuation-width --format json a.txt b.txt
            """
    )

    /// When to colour the text format.
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(
        name: [.customShort("U"), .customLong("context")],
        help: ArgumentHelp("Lines of context around each change.", valueName: "N"))
    var contextLines = 3

    @Option(
        help: "Output format: text, unified (a patch) or json.", completion: .diffFormats)
    var format: String = DiffReporters.identifiers[0]

    @Option(help: "Colour the text format: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    @Flag(
        help: "Compare a Traditional and a Simplified text: fold both with t2s, confirm changes with s2t, s2tw, s2hk.")
    var acrossScripts = false

    @Option(
        help: ArgumentHelp("Fold both texts with this OpenCC configuration before comparing.", valueName: "CONFIG"),
        completion: .conversionConfigurations)
    var fold: String?

    @Flag(help: "Treat full-width punctuation (，。：“) as its ASCII counterpart.")
    var ignorePunctuationWidth = false

    @Flag(help: "Ignore white space inside lines.")
    var ignoreWhitespace = false

    @Argument(help: "The old version, a file or a folder; `-` reads standard input.", completion: .file())
    var old: String

    @Argument(help: "The new version, a file or a folder; `-` reads standard input.", completion: .file())
    var new: String

    @OptionGroup var paths: PathOptions

    @OptionGroup var encodings: InputEncodingOptions

    func validate() throws {
        guard DiffReporters.named(format, usesColor: false) != nil else {
            let names = DiffReporters.identifiers
            throw ValidationError(
                "--format must be \(names.dropLast().joined(separator: ", ")) or \(names.last!), not '\(format)'.")
        }
        if contextLines < 0 { throw ValidationError("-U needs a number of lines, 0 or more.") }
        if acrossScripts && fold != nil {
            throw ValidationError("--across-scripts folds with t2s; use it or --fold CONFIG, not both.")
        }
        if old == InputFile.standardInputName && new == InputFile.standardInputName {
            throw ValidationError("Only one of OLD and NEW can be standard input.")
        }
        if isDirectory(old) != isDirectory(new) {
            throw ValidationError("OLD and NEW must both be files or both be folders.")
        }
    }

    func run() throws {
        var options = DiffOptions(
            contextLines: contextLines, ignoresPunctuationWidth: ignorePunctuationWidth,
            ignoresWhitespace: ignoreWhitespace)
        do {
            if acrossScripts {
                let acrossScripts = try DiffOptions.acrossScripts()
                options.fold = acrossScripts.fold
                options.confirmingFolds = acrossScripts.confirmingFolds
            } else if let fold {
                options.fold = try Converter(named: fold)
            }
        } catch {
            reportError(error.description)
            throw ExitStatus.operationalError
        }
        if isDirectory(old) { return try compareFolders(options: options) }
        let diff = TextDiff(old: try document(old), new: try document(new), options: options)
        let oldName = old == InputFile.standardInputName ? "<stdin>" : old
        let newName = new == InputFile.standardInputName ? "<stdin>" : new
        try writeToStandardOutput(
            reporter.format([DiffFilePair(oldName: oldName, newName: newName, diff: diff)]))
        if !diff.isEmpty { throw ExitStatus.findings }
    }

    /// Compares every file pair of two folders; a file that cannot be read is reported and the
    /// others are still compared.
    private func compareFolders(options: DiffOptions) throws {
        let (oldFiles, oldFailed) = try relativeFiles(in: old)
        let (newFiles, newFailed) = try relativeFiles(in: new)
        var troubled = oldFailed || newFailed
        var differs = false
        let reporter = self.reporter
        var pairs: [DiffFilePair] = []
        for relative in Set(oldFiles.keys).union(newFiles.keys).sorted() {
            let oldPath = oldFiles[relative]
            let newPath = newFiles[relative]
            // A file missing on one side compares as empty, so the diff adds or deletes all of it.
            let oldDocument = oldPath == nil ? DiffDocument("") : document(atPath: oldPath)
            let newDocument = newPath == nil ? DiffDocument("") : document(atPath: newPath)
            guard let oldDocument, let newDocument else {
                troubled = true
                continue
            }
            let diff = TextDiff(old: oldDocument, new: newDocument, options: options)
            guard !diff.isEmpty || oldPath == nil || newPath == nil else { continue }
            differs = true
            pairs.append(
                DiffFilePair(
                    oldPath: oldPath, newPath: newPath, diff: diff,
                    folders: DiffFilePair.Folders(old: old, new: new, relativePath: relative)))
        }
        try writeToStandardOutput(reporter.format(pairs))
        if troubled { throw ExitStatus.operationalError }
        if differs { throw ExitStatus.findings }
    }

    /// The files a walk of `folder` finds, by their path inside it.
    private func relativeFiles(in folder: String) throws -> (files: [String: String], failed: Bool) {
        let (files, failed) = try paths.files([folder])
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var byRelativePath: [String: String] = [:]
        for file in files where file.hasPrefix(prefix) {
            byRelativePath[String(file.dropFirst(prefix.count))] = file
        }
        return (byRelativePath, failed)
    }

    /// The document at `path`, or nil after reporting why it could not be read.
    private func document(atPath path: String?) -> DiffDocument? {
        guard let path else { return nil }
        do {
            return try DiffDocument(utf8: readWithinLimits(path))
        } catch {
            reportError(describe(error, in: path))
            return nil
        }
    }

    /// The text of `path` as UTF-8 (read as every command reads its inputs), refused before
    /// reading when the file is over `diff`'s size limit and after when it has too many lines.
    private func readWithinLimits(_ path: String) throws(HanziKitError) -> [UInt8] {
        try DiffDocument.checkLimits(of: path, size: InputFile.size(of: path), bytes: nil)
        let bytes = try TextSource(path, encoding: encodings.fromEncoding).readAll()
        try DiffDocument.checkLimits(of: path, size: bytes.count, bytes: bytes)
        return bytes
    }

    private func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private func document(_ path: String) throws -> DiffDocument {
        do {
            return try DiffDocument(utf8: readWithinLimits(path))
        } catch {
            reportError(describe(error, in: path))
            throw ExitStatus.operationalError
        }
    }

    private var reporter: any Reporter<DiffFilePair> {
        DiffReporters.named(format, usesColor: usesColor)!
    }

    private var usesColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return !noColor && isatty(STDOUT_FILENO) == 1
        }
    }
}
