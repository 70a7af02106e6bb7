import ArgumentParser
import Foundation
import HanziKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report mixed-script glyphs, punctuation and other defects in Chinese text.",
        discussion: """
            Checks each FILE, and every .txt, .text, .md and .markdown file under each FOLDER
            (skipping hidden folders and the configuration's ignored paths). With no PATH, checks
            the current folder; `-` reads standard input.

            Exit status: 0 clean, 1 an error finding (or any warning with --strict),
            2 a file could not be read or the configuration is invalid, 64 usage error.

            Examples:
              hanzi check docs
              hanzi check --format github --strict .
              hanzi check --script hant --format json article.txt
            """
    )

    @OptionGroup var options: NormalizationOptions

    @Option(help: "The output format: text, json or github.")
    var format: String = ReportFormat.text.rawValue

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Argument(help: "Files or folders to check; `-` reads standard input; none checks the current folder.")
    var paths: [String] = []

    func validate() throws {
        guard ReportFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be text, json or github, not '\(format)'.")
        }
    }

    func run() throws {
        let configuration: HanziConfiguration
        let normalizer: Normalizer
        do {
            (configuration, normalizer) = try options.load()
        } catch {
            reportError(error.description)
            throw ExitStatus.operationalError
        }
        var failed = false
        var reports: [FileReport] = []
        for path in collectFiles(configuration: configuration, failed: &failed) {
            do throws(HanziKitError) {
                let text = try InputFile.readText(path)
                let result = try normalizer.check(text, format: DocumentFormat(path: path))
                let name = path == InputFile.standardInputName ? "<stdin>" : path
                reports.append(FileReport(path: name, script: result.script, findings: result.findings))
            } catch {
                reportError(describe(error, in: path))
                failed = true
            }
        }
        writeToStandardOutput(ReportFormat(rawValue: format)!.reporter.format(reports))
        if failed { throw ExitStatus.operationalError }
        let threshold: Severity = strict ? .warning : .error
        if reports.contains(where: { $0.findings.contains { $0.severity >= threshold } }) {
            throw ExitStatus.findings
        }
    }

    private static let checkedExtensions: Set<String> = ["txt", "text", "md", "markdown"]

    /// The files to check: files as given, folders walked in sorted order.
    private func collectFiles(configuration: HanziConfiguration, failed: inout Bool) -> [String] {
        var files: [String] = []
        for path in paths.isEmpty ? ["."] : paths {
            var isDirectory: ObjCBool = false
            guard path != InputFile.standardInputName,
                FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                files.append(path)
                continue
            }
            guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                reportError("\(path): cannot list the folder")
                failed = true
                continue
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let full = path == "." ? relative : (path.hasSuffix("/") ? path + relative : path + "/" + relative)
                let name = (relative as NSString).lastPathComponent
                let attributes = enumerator.fileAttributes
                if attributes?[.type] as? FileAttributeType == .typeDirectory {
                    if name.hasPrefix(".") || configuration.isIgnored(full) { enumerator.skipDescendants() }
                    continue
                }
                let pathExtension = (name as NSString).pathExtension.lowercased()
                guard Self.checkedExtensions.contains(pathExtension), !name.hasPrefix("."),
                    !configuration.isIgnored(full)
                else { continue }
                found.append(full)
            }
            files += found.sorted()
        }
        return files
    }
}
