/// A JSON document read in place: every value with the byte range it occupies, so a caller can
/// replace one string or insert one member and keep every other byte (no re-serialization).
struct JSONTree: Sendable {
    indirect enum Value: Sendable {
        case object([Member], range: Range<Int>)
        case array([Value], range: Range<Int>)
        /// A string: `content` is between the quotes, still escaped; `text` is decoded.
        case string(content: Range<Int>, text: String)
        case scalar(range: Range<Int>)

        var range: Range<Int> {
            switch self {
            case let .object(_, range), let .array(_, range), let .scalar(range): return range
            case let .string(content, _): return content.lowerBound - 1..<content.upperBound + 1
            }
        }

        var members: [Member] {
            if case let .object(members, _) = self { return members }
            return []
        }

        /// The value of the last member named `key` of an object (the last wins, as most readers do).
        subscript(key: String) -> Value? {
            members.last { $0.key == key }?.value
        }

        var text: String? {
            if case let .string(_, text) = self { return text }
            return nil
        }
    }

    struct Member: Sendable {
        var key: String
        /// Where the member starts: the opening quote of its key.
        var start: Int
        var value: Value
    }

    let root: Value

    /// Parses `bytes` (UTF-8) holding one JSON value.
    init(parsing bytes: [UInt8]) throws(DocumentSyntaxError) {
        var parser = Parser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
        parser.skipSpace()
        root = try parser.value()
        parser.skipSpace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the document") }
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        var depth = 0

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        func error(_ reason: String, at offset: Int? = nil) -> DocumentSyntaxError {
            DocumentSyntaxError(offset: offset ?? position, reason: reason)
        }

        mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        }

        mutating func value() throws(DocumentSyntaxError) -> Value {
            guard depth < 512 else { throw error("the document nests deeper than 512 levels") }
            switch peek {
            case UInt8(ascii: "{")?: return try object()
            case UInt8(ascii: "[")?: return try array()
            case UInt8(ascii: "\"")?: return try string()
            case UInt8(ascii: "t")?: return try literal("true")
            case UInt8(ascii: "f")?: return try literal("false")
            case UInt8(ascii: "n")?: return try literal("null")
            case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
                return try number()
            default: throw error(peek == nil ? "the document ends where a value should be" : "expected a value")
            }
        }

        mutating func object() throws(DocumentSyntaxError) -> Value {
            let start = position
            position += 1
            depth += 1
            defer { depth -= 1 }
            var members: [Member] = []
            skipSpace()
            if peek == UInt8(ascii: "}") {
                position += 1
                return .object(members, range: start..<position)
            }
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
                let memberStart = position
                guard case let .string(_, key) = try string() else { preconditionFailure() }
                skipSpace()
                guard peek == UInt8(ascii: ":") else { throw error("expected ':' after the member name") }
                position += 1
                skipSpace()
                members.append(Member(key: key, start: memberStart, value: try value()))
                skipSpace()
                switch peek {
                case UInt8(ascii: ",")?: position += 1
                case UInt8(ascii: "}")?:
                    position += 1
                    return .object(members, range: start..<position)
                default: throw error("expected ',' or '}' in the object")
                }
            }
        }

        mutating func array() throws(DocumentSyntaxError) -> Value {
            let start = position
            position += 1
            depth += 1
            defer { depth -= 1 }
            var elements: [Value] = []
            skipSpace()
            if peek == UInt8(ascii: "]") {
                position += 1
                return .array(elements, range: start..<position)
            }
            while true {
                skipSpace()
                elements.append(try value())
                skipSpace()
                switch peek {
                case UInt8(ascii: ",")?: position += 1
                case UInt8(ascii: "]")?:
                    position += 1
                    return .array(elements, range: start..<position)
                default: throw error("expected ',' or ']' in the array")
                }
            }
        }

        mutating func literal(_ word: String) throws(DocumentSyntaxError) -> Value {
            let start = position
            guard bytes[position...].starts(with: word.utf8) else { throw error("expected a value") }
            position += word.utf8.count
            return .scalar(range: start..<position)
        }

        mutating func number() throws(DocumentSyntaxError) -> Value {
            let start = position
            if peek == UInt8(ascii: "-") { position += 1 }
            let isNumberByte: (UInt8) -> Bool = {
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: ".")
                    || $0 == UInt8(ascii: "e")
                    || $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
            }
            while let byte = peek, isNumberByte(byte) { position += 1 }
            guard position > start, Double(String(decoding: bytes[start..<position], as: UTF8.self)) != nil else {
                throw error("malformed number", at: start)
            }
            return .scalar(range: start..<position)
        }

        mutating func string() throws(DocumentSyntaxError) -> Value {
            let start = position
            position += 1
            var decoded: [UInt8] = []
            while let byte = peek {
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return .string(content: start + 1..<position - 1, text: String(decoding: decoded, as: UTF8.self))
                case UInt8(ascii: "\\"):
                    try escape(into: &decoded)
                case 0..<0x20:
                    throw error("a control character must be escaped in a string")
                default:
                    decoded.append(byte)
                    position += 1
                }
            }
            throw error("the string has no closing quote", at: start)
        }

        mutating func escape(into decoded: inout [UInt8]) throws(DocumentSyntaxError) {
            let start = position
            position += 1
            guard let byte = peek else { throw error("the string ends inside an escape", at: start) }
            position += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hexQuad(escapeStart: start)
                if (0xD800..<0xDC00).contains(scalar), bytes[position...].starts(with: Array("\\u".utf8)) {
                    position += 2
                    let low = try hexQuad(escapeStart: start)
                    if (0xDC00..<0xE000).contains(low) { scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) }
                }
                decoded += Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: throw error("unknown escape", at: start)
            }
        }

        mutating func hexQuad(escapeStart: Int) throws(DocumentSyntaxError) -> UInt32 {
            guard position + 4 <= bytes.count,
                let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
            else { throw error("\\u needs four hexadecimal digits", at: escapeStart) }
            position += 4
            return value
        }
    }
}
