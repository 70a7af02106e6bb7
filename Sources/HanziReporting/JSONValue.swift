/// The few JSON values the reporters write: the one JSON writer of findings and diffs, by hand so
/// the bytes (key order, escapes, indentation) are the same on every platform.
package enum JSONValue {
    case string(String)
    case number(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])
    /// JSON text written as it is, such as a member copied from a JSON Lines record.
    case raw(String)

    /// The value on one line, without spaces: a JSON Lines record.
    package var compact: String {
        switch self {
        case let .array(values): return "[" + values.map(\.compact).joined(separator: ",") + "]"
        case let .object(members):
            return "{"
                + Self.sortedKeys(members).map { Self.quoted($0) + ":" + members[$0]!.compact }
                .joined(separator: ",") + "}"
        default: return rendered(indent: 0)
        }
    }

    /// Keys sorted by their UTF-8 bytes, so the order never depends on the platform's collation.
    private static func sortedKeys(_ members: [String: JSONValue]) -> [String] {
        members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    func rendered(indent: Int) -> String {
        let inner = String(repeating: "  ", count: indent + 1)
        let outer = String(repeating: "  ", count: indent)
        switch self {
        case let .string(text): return Self.quoted(text)
        case let .number(value): return String(value)
        case let .bool(value): return value ? "true" : "false"
        case .null: return "null"
        case let .raw(text): return text
        case let .array(values):
            if values.isEmpty { return "[]" }
            return "[\n" + values.map { inner + $0.rendered(indent: indent + 1) }.joined(separator: ",\n")
                + "\n\(outer)]"
        case let .object(members):
            if members.isEmpty { return "{}" }
            let keys = Self.sortedKeys(members)
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
