/// One JSON Lines record read in place: the object is validated, and the named top-level string
/// members can be replaced while every other byte of the line stays as it was.
package struct JSONRecord {
    /// A top-level member's value: where its bytes are and, for a string, its decoded text.
    package struct Member {
        package var range: Range<Int>
        package var string: String?
    }

    /// Why a line is not a JSON object, and the byte of the line where that became clear.
    package struct SyntaxError: Error {
        package var offset: Int
        package var reason: String
    }

    package let bytes: UnsafeBufferPointer<UInt8>
    /// The top-level members by key (the last one wins, as most readers do).
    package private(set) var members: [String: Member] = [:]

    /// Parses `bytes`, which must be valid UTF-8 holding one JSON object (white space around it).
    package init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) {
        self.bytes = bytes
        var parser = Parser(bytes: bytes)
        parser.skipSpace()
        guard parser.peek == UInt8(ascii: "{") else { throw parser.error("a record must be a JSON object") }
        members = try parser.object(collectingMembers: true)
        parser.skipSpace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the object") }
    }

    /// The line with each member in `replacements` given a new string value.
    package func replacing(_ replacements: [String: String]) -> [UInt8] {
        let edits = replacements.compactMap { key, text in members[key].map { ($0.range, text) } }
            .sorted { $0.0.lowerBound < $1.0.lowerBound }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 4)
        var copied = 0
        for (range, text) in edits {
            output.append(contentsOf: bytes[copied..<range.lowerBound])
            Self.appendQuoted(text, to: &output)
            copied = range.upperBound
        }
        output.append(contentsOf: bytes[copied...])
        return output
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped (the two-character
    /// escapes where JSON has one, as most writers do), the rest as UTF-8.
    package static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Which string values `Parser` reports the text ranges of.
    package enum ValueSelection {
        /// Nothing: a record is only read.
        case nothing
        /// Every string value (not the member names): a JSON message file.
        case allStrings
        /// The values at these paths (member names and array indices from the top), each of which
        /// must be present and a string or null: the text fields of a JSON Lines record.
        case paths([[String]])
    }

    /// The ranges of the selected string values' text in `bytes` (one JSON value, white space and
    /// a byte-order mark around it allowed): the bytes between the quotes, cut around escape
    /// sequences, so only literal text is ever converted. Throws where `bytes` stop being JSON.
    package static func textRanges(in bytes: UnsafeBufferPointer<UInt8>, selecting selection: ValueSelection)
        throws(SyntaxError) -> [Range<Int>]
    {
        var parser = Parser(bytes: bytes)
        parser.select(selection)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { parser.position = 3 }
        parser.skipSpace()
        if case .paths = selection, parser.peek != UInt8(ascii: "{") {
            throw parser.error("a record must be a JSON object")
        }
        let isObject = parser.peek == UInt8(ascii: "{")
        _ = try parser.value()
        parser.skipSpace()
        guard parser.position == bytes.count else {
            throw parser.error("unexpected text after the \(isObject ? "object" : "value")")
        }
        if case let .paths(paths) = selection, let missing = paths.indices.first(where: { !parser.matched[$0] }) {
            throw SyntaxError(offset: 0, reason: "no member \"\(pointerText(paths[missing]))\"")
        }
        return parser.textRanges
    }

    /// A field as `--field` takes it: a member name (`text`) or a JSON pointer (`/meta/title`,
    /// RFC 6901, `~1` for `/` and `~0` for `~`).
    package static func path(ofField field: String) -> [String] {
        guard field.hasPrefix("/") else { return [field] }
        return field.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func pointerText(_ path: [String]) -> String {
        path.count == 1 ? path[0] : "/" + path.joined(separator: "/")
    }

    /// A recursive-descent reader of RFC 8259 JSON over bytes already known to be UTF-8.
    private struct Parser {
        package let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        var depth = 0
        /// Which string values' text is collected into `textRanges`.
        var selection = ValueSelection.nothing
        var textRanges: [Range<Int>] = []
        /// With `.paths`: where the parser is (member names and indices), and which paths it met.
        var path: [String] = []
        var matched: [Bool] = []

        /// The selection, unpacked once: reading an enum's payload for every value costs a
        /// retain and a release.
        var selectsAll = false
        var tracksPath = false
        var paths: [[String]] = []
        var deepestPath = 0

        mutating func select(_ selection: ValueSelection) {
            self.selection = selection
            switch selection {
            case .nothing: break
            case .allStrings: selectsAll = true
            case let .paths(selected):
                tracksPath = true
                paths = selected
                deepestPath = selected.map(\.count).max() ?? 0
                matched = selected.map { _ in false }
            }
        }

        /// The index of the selected path the parser is at, if any (`-1` for `.allStrings`).
        private var selectedPath: Int? {
            if selectsAll { return -1 }
            guard tracksPath, !path.isEmpty, path.count <= deepestPath else { return nil }
            return paths.firstIndex(of: path)
        }

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        func error(_ reason: String) -> SyntaxError { SyntaxError(offset: position, reason: reason) }

        mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(SyntaxError) {
            guard peek == byte else { throw error("expected \(what)") }
            position += 1
        }

        /// An object starting at `{`; its members are returned only when asked (the top level).
        mutating func object(collectingMembers: Bool) throws(SyntaxError) -> [String: Member] {
            depth += 1
            // Deep nesting is refused rather than allowed to exhaust the stack.
            guard depth <= 512 else { throw error("nesting deeper than 512 levels") }
            defer { depth -= 1 }
            position += 1
            var members: [String: Member] = [:]
            skipSpace()
            if peek == UInt8(ascii: "}") {
                position += 1
                return members
            }
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
                // Member names are read as text only where they are looked up.
                let key =
                    collectingMembers || tracksPath ? try string() : try string(collecting: false, decoding: false)
                skipSpace()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                skipSpace()
                let start = position
                if tracksPath { path.append(key) }
                let text = try value()
                if tracksPath { path.removeLast() }
                if collectingMembers { members[key] = Member(range: start..<position, string: text) }
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}' in an object")
                return members
            }
        }

        /// Any value; a string's decoded text is returned, other values give nil.
        mutating func value() throws(SyntaxError) -> String? {
            guard let byte = peek else { throw error("expected a value") }
            if let selected = selectedPath, selected >= 0 {
                matched[selected] = true
                guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "n") else {
                    throw error("member \"\(JSONRecord.pointerText(path))\" is not a string")
                }
            }
            switch byte {
            case UInt8(ascii: "\""): return try string(collecting: selectedPath != nil)
            case UInt8(ascii: "{"): _ = try object(collectingMembers: false)
            case UInt8(ascii: "["): try array()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw error("expected a value")
            }
            return nil
        }

        mutating func array() throws(SyntaxError) {
            depth += 1
            guard depth <= 512 else { throw error("nesting deeper than 512 levels") }
            defer { depth -= 1 }
            position += 1
            skipSpace()
            if peek == UInt8(ascii: "]") {
                position += 1
                return
            }
            var index = 0
            while true {
                skipSpace()
                if tracksPath { path.append(String(index)) }
                _ = try value()
                if tracksPath { path.removeLast() }
                index += 1
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']' in an array")
                return
            }
        }

        mutating func literal(_ word: StaticString) throws(SyntaxError) {
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            guard bytes.count - position >= expected.count,
                expected.indices.allSatisfy({ bytes[position + $0] == expected[$0] })
            else { throw error("expected a value") }
            position += expected.count
        }

        mutating func number() throws(SyntaxError) {
            if peek == UInt8(ascii: "-") { position += 1 }
            if peek == UInt8(ascii: "0") {
                position += 1
            } else {
                guard try digits() > 0 else { throw error("expected a digit") }
            }
            if peek == UInt8(ascii: ".") {
                position += 1
                guard try digits() > 0 else { throw error("expected a digit after '.'") }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                position += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
                guard try digits() > 0 else { throw error("expected a digit in the exponent") }
            }
        }

        mutating func digits() throws(SyntaxError) -> Int {
            let start = position
            while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
            return position - start
        }

        /// A string starting at `"`, decoded; escapes are checked, lone surrogates refused. With
        /// `collecting`, the runs of literal text between its escapes go to `textRanges`.
        mutating func string(collecting: Bool = false, decoding: Bool = true) throws(SyntaxError) -> String {
            position += 1
            var start = position
            // The common case, no escape: the bytes are the text.
            while let byte = peek, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte >= 0x20 {
                position += 1
            }
            if peek == UInt8(ascii: "\"") {
                position += 1
                if collecting && position - 1 > start { textRanges.append(start..<(position - 1)) }
                // Only the record reader needs the text itself.
                // A value whose text is collected is never read as a string.
                guard !collecting && decoding else { return "" }
                return String(decoding: bytes[start..<(position - 1)], as: UTF8.self)
            }
            var decoded = Array(bytes[start..<position])
            while true {
                guard let byte = peek else { throw error("unterminated string") }
                switch byte {
                case UInt8(ascii: "\""):
                    if collecting && position > start { textRanges.append(start..<position) }
                    position += 1
                    return String(decoding: decoded, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    if collecting && position > start { textRanges.append(start..<position) }
                    position += 1
                    try escape(into: &decoded)
                    start = position
                case 0..<0x20:
                    throw error("control character in a string (write it as an escape)")
                default:
                    decoded.append(byte)
                    position += 1
                }
            }
        }

        mutating func escape(into decoded: inout [UInt8]) throws(SyntaxError) {
            guard let byte = peek else { throw error("unterminated string") }
            position += 1
            let simple: [UInt8: UInt8] = [
                UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
                UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
            ]
            if let replacement = simple[byte] {
                decoded.append(replacement)
                return
            }
            guard byte == UInt8(ascii: "u") else {
                position -= 1
                throw error("invalid escape '\\\(Character(Unicode.Scalar(byte)))'")
            }
            var value = try hexQuad()
            if (0xD800...0xDBFF).contains(value) {
                guard peek == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
                else { throw error("a high surrogate escape must be followed by a low one") }
                position += 2
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("expected a low surrogate escape") }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(value) {
                throw error("a low surrogate escape without a high one")
            }
            decoded.append(contentsOf: String(Character(Unicode.Scalar(value)!)).utf8)
        }

        mutating func hexQuad() throws(SyntaxError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = peek, let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                    throw error("expected four hexadecimal digits after '\\u'")
                }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }
    }
}
