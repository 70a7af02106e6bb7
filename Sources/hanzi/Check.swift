import ArgumentParser
import Foundation
import HanziKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report mixed-script glyphs, punctuation and other defects in Chinese text.",
        discussion: """
            Checks each FILE, and every .txt, .text, .md and .markdown file under each FOLDER \
            (or those matching --include), skipping hidden files, what .gitignore ignores, binary \
            files and the paths the settings file (.hanzi.yml) ignores. With no PATH, checks \
            standard input when text is piped to it, else the current folder; `-` reads standard input. \
            Each file is read by its format (extension or --file-format: markdown, html, json, \
            yaml, srt, vtt, jsonl, plain): only its text is checked, at its place in the file.

            Exit status: 0 clean, 1 an error finding (or any warning with --strict), \
            2 a file could not be read or the settings file is invalid, 64 usage error.

            Examples:
              hanzi check docs
              hanzi check --format github --strict .
              hanzi check --script hant --format json article.txt
              hanzi check --changed --base origin/main .
            """
    )

    @OptionGroup var options: NormalizationOptions

    @OptionGroup var pathOptions: PathOptions

    @Option(
        help: "The output format: \(FindingReporters.all.map(\.identifier).joined(separator: ", ")).",
        completion: .reportFormats)
    var format: String = FindingReporters.all[0].identifier

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Flag(help: "Check only files changed against --base (and untracked ones), as git sees them.")
    var changed = false

    @Option(help: "The git revision --changed compares with.", completion: .gitRevisions)
    var base: String = "HEAD"

    @Argument(
        help: "Files or folders to check; `-` reads standard input; none checks the current folder.",
        completion: .file())
    var paths: [String] = []

    @OptionGroup var encodings: InputEncodingOptions

    @OptionGroup var recordOptions: RecordOptions

    @OptionGroup(title: "Documents") var documentOptions: DocumentFormatOptions

    @Option(help: "With --records jsonl: copy this member into each finding to name its record.")
    var idField: String?

    func validate() throws {
        guard FindingReporters.named(format) != nil else {
            let names = FindingReporters.all.map(\.identifier)
            throw ValidationError(
                "--format must be \(names.dropLast().joined(separator: ", ")) or \(names.last!), not '\(format)'.")
        }
        if recordOptions.records != nil && (format != FindingReporters.all[0].identifier || changed) {
            throw ValidationError("--records writes findings as JSON Lines; --format and --changed do not apply.")
        }
        if idField != nil && recordOptions.records != .jsonl {
            throw ValidationError("--id-field needs --records jsonl.")
        }
    }

    func run() throws {
        let (configuration, normalizer) = try orExit { () throws(HanziKitError) in try options.load(pathOptions) }
        if let stream = recordOptions.stream(idField: idField) {
            try checkRecords(stream, with: normalizer)
            return
        }
        var reports: [FileReport] = []
        // No PATH: text piped in (`git show :a.md | hanzi check`), else the current folder.
        let targets =
            !paths.isEmpty ? paths : !changed && StandardInput.hasPipedText() ? [InputFile.standardInputName] : ["."]
        let walk = pathOptions.files(targets, configuration: configuration)
        var selected = walk.files
        if changed {
            let changedFiles = try orExit { () throws(HanziKitError) in try GitChanges.changedFiles(since: base) }
            selected = walk.files.filter { changedFiles.contains(GitChanges.absolutePath($0)) }
        }
        let reporter = FindingReporters.named(format)!
        let threshold: Severity = strict ? .warning : .error
        // GitHub attaches annotations and code-scanning results to the repository's files only
        // when they are named from the repository's top folder.
        let repositoryRoot = reporter.namesFilesFromRepositoryRoot ? GitChanges.repositoryRoot() : nil
        var failing = false
        var counts = FindingCounts()
        // Findings go to standard output, so the progress line only ever shares the terminal's stderr.
        let pipeline = CommandPipeline(
            paths: pathOptions, encoding: encodings.fromEncoding, showsProgress: true)
        let failed = try pipeline.run((selected, walk.failed)) { source, _, progress throws(HanziKitError) in
            let name = displayName(source.path, repositoryRoot: repositoryRoot, reporter: reporter)
            var findings: [Finding] = []
            var fileHadFindings = false
            let format = documentOptions.format(for: source.path, fields: recordOptions.fields)
            func report(_ script: Script, _ found: [Finding]) throws(HanziKitError) {
                if found.contains(where: { $0.severity >= threshold }) { failing = true }
                counts.add(found)
                fileHadFindings = fileHadFindings || !found.isEmpty
                // Line-oriented formats are written as findings arrive, so a huge file's
                // findings never pile up; JSON and SARIF are one document, written at the end.
                if !reporter.streams {
                    findings += found
                } else if !Quiet.isOn {
                    progress.clear()
                    try FileDescriptorSink.standardOutput().write(
                        Array(
                            reporter.format([FileReport(path: name, script: script, findings: found)])
                                .utf8))
                }
            }
            let script = try normalizer.check(source, format: format, reportingTo: report)
            counts.addFile(hadFindings: fileHadFindings)
            reports.append(FileReport(path: name, script: script, findings: findings))
            return false
        }
        if !reporter.streams { try writeToStandardOutput(reporter.format(reports)) }
        let ending = reporter.ending(counts)
        if !ending.isEmpty { try writeToStandardOutput(ending) }
        if failed { throw ExitStatus.operationalError }
        if failing { throw ExitStatus.findings }
    }

    /// How a file is named in the report: `<stdin>`; for GitHub, from the repository's top folder
    /// when the file is in one, else without `./`; otherwise as given, and files found in the
    /// implicit current folder as the user sees them (`docs/a.md`).
    private func displayName(_ path: String, repositoryRoot: String?, reporter: any Reporter<FileReport>) -> String {
        if path == InputFile.standardInputName { return "<stdin>" }
        if let repositoryRoot, let relative = GitChanges.relativePath(path, to: repositoryRoot) { return relative }
        guard paths.isEmpty || reporter.namesFilesFromRepositoryRoot else { return path }
        var name = path
        while name.hasPrefix("./") { name.removeFirst(2) }
        return name
    }

    /// Record mode: each record checked as its own document, its findings as JSON Lines.
    private func checkRecords(_ stream: RecordStream, with normalizer: Normalizer) throws {
        var failing = false
        let threshold: Severity = strict ? .warning : .error
        let failed = recordOptions.forEachInput(paths) { path, skipped throws(HanziKitError) in
            let (_, highest) = try stream.check(
                file: path, with: normalizer, to: FileDescriptorSink.standardOutput(), skipped: skipped)
            if let highest, highest >= threshold { failing = true }
        }
        if failed { throw ExitStatus.operationalError }
        if failing { throw ExitStatus.findings }
    }
}

/// Whether standard input brings text: a pipe or a file with bytes in it, not a terminal, a
/// closed or empty pipe, or /dev/null. Waits for a pipe's first byte or its end, consuming nothing.
enum StandardInput {
    static func hasPipedText() -> Bool {
        var status = stat()
        guard fstat(STDIN_FILENO, &status) == 0 else { return false }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            return status.st_size > 0
        case S_IFIFO, S_IFSOCK:
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            while poll(&descriptor, 1, -1) < 0 {
                guard errno == EINTR else { return false }
            }
            // A closed, empty pipe signals only POLLHUP; bytes to read signal POLLIN.
            return descriptor.revents & Int16(POLLIN) != 0
        default:
            return false
        }
    }
}
