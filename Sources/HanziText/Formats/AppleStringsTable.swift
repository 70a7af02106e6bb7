/// An Apple string table (`.strings`, the old-style property list of `"key" = "value";` pairs)
/// read for its values: where each quoted value's text lies. Keys, comments (`/* */`, `//`),
/// unquoted words and everything between entries are only read past, so a rewrite keeps them
/// byte for byte. The table is read as UTF-8; a UTF-16 file is decoded first and written back in
/// its own encoding by the caller.
public struct AppleStringsTable: Sendable {
    /// The quoted values, in file order (escaped text between the quotes).
    public private(set) var values: [LocalizedMessage] = []

    /// Reads the table in `bytes` (UTF-8, a byte-order mark allowed); throws at the first byte that
    /// is not string table syntax.
    public init(utf8 bytes: [UInt8]) throws(DocumentSyntaxError) {
        var parser = Parser(bytes: bytes)
        values = try parser.parse()
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func parse() throws(DocumentSyntaxError) -> [LocalizedMessage] {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
            var values: [LocalizedMessage] = []
            while true {
                try skipSpaceAndComments()
                guard position < bytes.count else { return values }
                _ = try token("a key")
                try skipSpaceAndComments()
                guard position < bytes.count else { throw error(at: position, "expected '=' or ';' after the key") }
                if bytes[position] == UInt8(ascii: "=") {
                    position += 1
                    try skipSpaceAndComments()
                    if let value = try token("a value") { values.append(LocalizedMessage(ranges: [value])) }
                    try skipSpaceAndComments()
                }
                guard position < bytes.count, bytes[position] == UInt8(ascii: ";") else {
                    throw error(at: position, "expected ';' after the entry")
                }
                position += 1
            }
        }

        /// Reads a quoted string (returning the range between its quotes) or an unquoted word
        /// (returning nil: a word is an identifier, not text).
        private mutating func token(_ what: String) throws(DocumentSyntaxError) -> Range<Int>? {
            guard position < bytes.count else { throw error(at: position, "expected \(what)") }
            if bytes[position] == UInt8(ascii: "\"") {
                let start = position
                position += 1
                while position < bytes.count {
                    switch bytes[position] {
                    case UInt8(ascii: "\\"): position += 2
                    case UInt8(ascii: "\""):
                        position += 1
                        return start + 1..<position - 1
                    default: position += 1
                    }
                }
                throw error(at: start, "the string has no closing quote")
            }
            let start = position
            while position < bytes.count, isWordByte(bytes[position]) { position += 1 }
            guard position > start else { throw error(at: position, "expected \(what)") }
            return nil
        }

        private mutating func skipSpaceAndComments() throws(DocumentSyntaxError) {
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                    position += 1
                case UInt8(ascii: "/") where position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "*"):
                    let start = position
                    position += 2
                    while position + 1 < bytes.count
                        && !(bytes[position] == UInt8(ascii: "*") && bytes[position + 1] == UInt8(ascii: "/"))
                    {
                        position += 1
                    }
                    guard position + 1 < bytes.count else { throw error(at: start, "the comment is not closed") }
                    position += 2
                case UInt8(ascii: "/") where position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "/"):
                    while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                default:
                    return
                }
            }
        }

        /// The characters of an unquoted word in a property list.
        private func isWordByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "$"), UInt8(ascii: "+"),
                UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }

        private func error(at offset: Int, _ reason: String) -> DocumentSyntaxError {
            DocumentSyntaxError(offset: offset, reason: reason)
        }
    }
}
