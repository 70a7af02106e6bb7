import HanziDiff
import HanziNormalization
import HanziText

/// The findings of one checked file, as reporters receive them.
public struct FileReport: Sendable {
    /// The file's path as given on the command line (or found under a given folder).
    public var path: String
    /// The script the file was checked against.
    public var script: Script
    /// Its findings in text order.
    public var findings: [Finding]

    /// Creates a report.
    public init(path: String, script: Script, findings: [Finding]) {
        self.path = path
        self.script = script
        self.findings = findings
    }
}

/// `path:line:col: severity: message [rule]`, the form compilers and editors understand.
public struct TextReporter: Reporter {
    /// The name `--format` takes.
    public let identifier = "text"
    /// Whether each report is written as soon as it is ready.
    public let streams = true

    /// Creates the reporter.
    public init() {}

    /// One line per finding, appended piece by piece: an interpolated line per finding was a
    /// string built and copied for each, a tenth of `check`'s time on a file with 14,000 findings.
    public func format(_ reports: [FileReport]) -> String {
        var output = ""
        for report in reports {
            for finding in report.findings {
                output += report.path
                output += ":"
                output += String(finding.line)
                output += ":"
                output += String(finding.column)
                output += ": "
                output += finding.severity.rawValue
                output += ": "
                output += finding.message
                output += " ["
                output += finding.rule
                output += "]\n"
            }
        }
        return output
    }
}

/// GitHub Actions annotations: errors, warnings and notices on the lines of the pull request.
public struct GitHubReporter: Reporter {
    /// The name `--format` takes.
    public let identifier = "github"
    /// Whether each report is written as soon as it is ready.
    public let streams = true
    /// Files are named from the repository's top folder, where GitHub finds them.
    public let namesFilesFromRepositoryRoot = true

    /// Creates the reporter.
    public init() {}

    /// One workflow command per finding.
    public func format(_ reports: [FileReport]) -> String {
        var output = ""
        for report in reports {
            for finding in report.findings {
                let command =
                    switch finding.severity {
                    case .error: "error"
                    case .warning: "warning"
                    case .info: "notice"
                    }
                let properties = [
                    "file=\(escapeProperty(report.path))", "line=\(finding.line)", "col=\(finding.column)",
                    "title=\(escapeProperty("hanzi \(finding.rule)"))",
                ]
                output += "::\(command) \(properties.joined(separator: ","))::\(escapeData(finding.message))\n"
            }
        }
        return output
    }

    /// The last line of a run: a notice counting the findings by severity and the files they are
    /// in, because GitHub shows only the first ten annotations of each kind on a step.
    public func ending(_ counts: FindingCounts) -> String {
        "::notice title=hanzi check::\(escapeData(counts.description))\n"
    }

    /// Escapes a message as the Actions runner expects.
    private func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a property value, where `:` and `,` are separators too.
    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

/// One JSON document: `{"files": [{"findings": […], "path": …, "script": …}], "summary": {…}}`,
/// keys sorted and written by hand so the bytes are the same on every platform.
public struct JSONReporter: Reporter {
    /// The name `--format` takes.
    public let identifier = "json"
    /// Whether each report is written as soon as it is ready.
    public let streams = false

    /// Creates the reporter.
    public init() {}

    /// The document, pretty-printed with two-space indentation and a final newline.
    public func format(_ reports: [FileReport]) -> String {
        let all = reports.flatMap(\.findings)
        let files: [JSONValue] = reports.map { report in
            .object([
                "findings": .array(report.findings.map(Self.value)),
                "path": .string(report.path),
                "script": .string(report.script.rawValue),
            ])
        }
        let summary: JSONValue = .object(
            Dictionary(
                uniqueKeysWithValues: Severity.allCases.map { severity in
                    (severity.rawValue, .number(all.filter { $0.severity == severity }.count))
                }))
        return JSONValue.object(["files": .array(files), "summary": summary]).rendered(indent: 0) + "\n"
    }

    private static func value(_ finding: Finding) -> JSONValue {
        .object(members(of: finding))
    }

    /// A finding's members, as the JSON and JSON Lines outputs write them.
    package static func members(of finding: Finding) -> [String: JSONValue] {
        [
            "column": .number(finding.column),
            "line": .number(finding.line),
            "message": .string(finding.message),
            "original": .string(finding.original),
            "replacement": finding.replacement.map(JSONValue.string) ?? .null,
            "rule": .string(finding.rule),
            "severity": .string(finding.severity.rawValue),
            "utf8Length": .number(finding.utf8Length),
            "utf8Offset": .number(finding.utf8Offset),
        ]
    }
}

/// How many findings of each severity a run found, in how many of the files it checked.
public struct FindingCounts: Sendable, Equatable, CustomStringConvertible {
    /// Findings by severity.
    public private(set) var bySeverity: [Severity: Int] = [:]
    /// Files with at least one finding.
    public private(set) var filesWithFindings = 0
    /// Files checked.
    public private(set) var filesChecked = 0

    /// No findings, no files.
    public init() {}

    /// Counts findings, as they arrive window by window.
    public mutating func add(_ findings: [Finding]) {
        for finding in findings { bySeverity[finding.severity, default: 0] += 1 }
    }

    /// Counts a file once it is checked.
    public mutating func addFile(hadFindings: Bool) {
        filesChecked += 1
        if hadFindings { filesWithFindings += 1 }
    }

    /// `3 errors, 1 warning, 0 notes in 2 of 5 files`.
    public var description: String {
        func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        let severities = [
            counted(bySeverity[.error, default: 0], "error"), counted(bySeverity[.warning, default: 0], "warning"),
            counted(bySeverity[.info, default: 0], "note"),
        ]
        return "\(severities.joined(separator: ", ")) in \(filesWithFindings) of "
            + counted(filesChecked, "file")
    }
}

/// A SARIF 2.1.0 log (the OASIS standard that GitHub code scanning reads): one run whose tool
/// lists every rule with its summary, default severity and examples, and one result per finding,
/// located by line and column in Unicode code points, with its fix as a SARIF `fix`.
public struct SARIFReporter: Reporter {
    /// The schema the log declares; the tests validate the output against this very file.
    public static let schemaURI =
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    /// The name `--format` takes.
    public let identifier = "sarif"
    /// Whether each report is written as soon as it is ready.
    public let streams = false
    /// Files are named from the repository's top folder, where GitHub finds them.
    public let namesFilesFromRepositoryRoot = true
    private let rules: [RuleDescription]

    /// A reporter describing `rules` (by default every rule HanziKit has).
    public init(rules: [RuleDescription] = RuleRegistry.standard.rules.map(\.description)) {
        self.rules = rules
    }

    /// The log, pretty-printed with sorted keys and a final newline.
    public func format(_ reports: [FileReport]) -> String {
        let ruleIndex = Dictionary(
            rules.enumerated().map { ($1.identifier, $0) }, uniquingKeysWith: { first, _ in first })
        var results: [JSONValue] = []
        for report in reports {
            for finding in report.findings {
                results.append(Self.result(finding, path: report.path, ruleIndex: ruleIndex[finding.rule]))
            }
        }
        let driver: JSONValue = .object([
            "name": .string("hanzi"),
            "semanticVersion": .string(HanziKitInfo.version),
            "version": .string(HanziKitInfo.version),
            "rules": .array(rules.map(Self.descriptor)),
        ])
        let run: JSONValue = .object([
            "tool": .object(["driver": driver]),
            "columnKind": .string("unicodeCodePoints"),
            "results": .array(results),
        ])
        let log: JSONValue = .object([
            "$schema": .string(Self.schemaURI), "version": .string("2.1.0"), "runs": .array([run]),
        ])
        return log.rendered(indent: 0) + "\n"
    }

    private static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    private static func descriptor(_ rule: RuleDescription) -> JSONValue {
        var help = rule.summary + "\n"
        for example in rule.examples {
            help +=
                example.triggers
                ? "\nfixes [\(example.script.rawValue)] \(example.text) → \(example.corrected)"
                : "\nkeeps [\(example.script.rawValue)] \(example.text)"
        }
        return .object([
            "id": .string(rule.identifier),
            "shortDescription": .object(["text": .string(rule.summary)]),
            "help": .object(["text": .string(help)]),
            "defaultConfiguration": .object([
                "enabled": .bool(rule.isEnabledByDefault), "level": .string(level(rule.defaultSeverity)),
            ]),
        ])
    }

    /// The finding's range as a SARIF region: 1-based lines and columns in code points, the end
    /// column just past the last character (equal to the start for an insertion point).
    private static func region(_ finding: Finding) -> JSONValue {
        var endLine = finding.line
        var endColumn = finding.column
        for scalar in finding.original.unicodeScalars {
            if scalar == "\n" {
                endLine += 1
                endColumn = 1
            } else {
                endColumn += 1
            }
        }
        return .object([
            "startLine": .number(finding.line), "startColumn": .number(finding.column),
            "endLine": .number(endLine), "endColumn": .number(endColumn),
        ])
    }

    private static func result(_ finding: Finding, path: String, ruleIndex: Int?) -> JSONValue {
        let artifact: JSONValue = .object(["uri": .string(uri(path))])
        var members: [String: JSONValue] = [
            "ruleId": .string(finding.rule),
            "level": .string(level(finding.severity)),
            "message": .object(["text": .string(finding.message)]),
            "locations": .array([
                .object(["physicalLocation": .object(["artifactLocation": artifact, "region": region(finding)])])
            ]),
        ]
        if let ruleIndex { members["ruleIndex"] = .number(ruleIndex) }
        if let replacement = finding.replacement {
            let change: JSONValue = .object([
                "artifactLocation": artifact,
                "replacements": .array([
                    .object([
                        "deletedRegion": region(finding), "insertedContent": .object(["text": .string(replacement)]),
                    ])
                ]),
            ])
            members["fixes"] = .array([
                .object([
                    "description": .object(["text": .string(fixDescription(finding.original, replacement))]),
                    "artifactChanges": .array([change]),
                ])
            ])
        }
        return .object(members)
    }

    private static func fixDescription(_ original: String, _ replacement: String) -> String {
        if original.isEmpty { return "Insert '\(replacement)'" }
        if replacement.isEmpty { return "Remove '\(original)'" }
        return "Replace '\(original)' with '\(replacement)'"
    }

    /// A relative URI reference for a path: `/` separators, percent-encoding where a URI needs it
    /// (`:` too, so `a:b.txt` cannot read as a scheme).
    static func uri(_ path: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=@".utf8)
        var result = ""
        for byte in path.utf8 {
            if unreserved.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
