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

/// Turns findings into text; reporters only format, they decide nothing.
public protocol Reporter: Sendable {
    /// The whole output for `reports`, in the order given.
    func format(_ reports: [FileReport]) -> String
}

/// The output formats `hanzi check --format` accepts.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// `path:line:col: severity: message [rule]`, one finding a line.
    case text
    /// One JSON document with sorted keys.
    case json
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`).
    case github

    /// The reporter for this format.
    public var reporter: any Reporter {
        switch self {
        case .text: TextReporter()
        case .json: JSONReporter()
        case .github: GitHubReporter()
        }
    }
}

/// `path:line:col: severity: message [rule]`, the form compilers and editors understand.
public struct TextReporter: Reporter {
    /// Creates the reporter.
    public init() {}

    /// One line per finding.
    public func format(_ reports: [FileReport]) -> String {
        var output = ""
        for report in reports {
            for finding in report.findings {
                output +=
                    "\(report.path):\(finding.line):\(finding.column): \(finding.severity.rawValue): "
                    + "\(finding.message) [\(finding.rule)]\n"
            }
        }
        return output
    }
}

/// GitHub Actions annotations: errors, warnings and notices on the lines of the pull request.
public struct GitHubReporter: Reporter {
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
        .object([
            "column": .number(finding.column),
            "line": .number(finding.line),
            "message": .string(finding.message),
            "original": .string(finding.original),
            "replacement": finding.replacement.map(JSONValue.string) ?? .null,
            "rule": .string(finding.rule),
            "severity": .string(finding.severity.rawValue),
            "utf8Length": .number(finding.utf8Length),
            "utf8Offset": .number(finding.utf8Offset),
        ])
    }
}

/// The few JSON values the reporter writes.
enum JSONValue {
    case string(String)
    case number(Int)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    func rendered(indent: Int) -> String {
        let inner = String(repeating: "  ", count: indent + 1)
        let outer = String(repeating: "  ", count: indent)
        switch self {
        case let .string(text): return Self.quoted(text)
        case let .number(value): return String(value)
        case .null: return "null"
        case let .array(values):
            if values.isEmpty { return "[]" }
            return "[\n" + values.map { inner + $0.rendered(indent: indent + 1) }.joined(separator: ",\n")
                + "\n\(outer)]"
        case let .object(members):
            if members.isEmpty { return "{}" }
            // Keys sorted by their UTF-8 bytes, so the order never depends on the platform's collation.
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return "{\n"
                + keys.map { inner + Self.quoted($0) + ": " + members[$0]!.rendered(indent: indent + 1) }
                .joined(separator: ",\n") + "\n\(outer)}"
        }
    }

    /// A JSON string literal; non-ASCII text is written as it is (JSON is UTF-8).
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            // Control and invisible characters are escaped so a report shows them.
            case let control
            where control.value < 0x20 || (0x200B...0x200F).contains(control.value)
                || (0x2028...0x2029).contains(control.value) || control.value == 0x2060 || control.value == 0xFEFF:
                let hex = String(control.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
