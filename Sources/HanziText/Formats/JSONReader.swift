#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one JSON reader (RFC 8259) every JSON format uses: message files, JSON Lines records (in
/// documents and in record mode) and String Catalogs. It validates one value in place and tells a
/// visitor what it meets, with byte ranges, so callers edit values where they are and keep every
/// other byte; a visitor that has no use for a member's value lets the reader skip it unreported.
package struct JSONReader {
    package let bytes: UnsafeBufferPointer<UInt8>
    package var position = 0
    private var depth = 0

    package init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads the whole of `bytes` as one JSON value (a byte-order mark and white space around it
    /// allowed); with `requiringObject`, the value must be an object (a JSON Lines record).
    package mutating func read<Visitor: JSONVisitor>(into visitor: inout Visitor, requiringObject: Bool = false)
        throws(DocumentSyntaxError)
    {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        skipSpace()
        let isObject = peek == UInt8(ascii: "{")
        if requiringObject && !isObject { throw error("a record must be a JSON object") }
        try value(&visitor)
        skipSpace()
        guard position == bytes.count else {
            throw error("unexpected text after the \(isObject ? "object" : "value")")
        }
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func error(_ reason: String) -> DocumentSyntaxError {
        DocumentSyntaxError(offset: position, reason: reason)
    }

    @inline(__always)
    private mutating func skipSpace() {
        // Most values and names follow their `:` or `,` after one space or none.
        if position < bytes.count && bytes[position] > 0x20 { return }
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D else { return }
            position += 1
        }
    }

    private mutating func value<Visitor: JSONVisitor>(_ visitor: inout Visitor) throws(DocumentSyntaxError) {
        guard let byte = peek else { throw error("expected a value") }
        let start = position
        switch byte {
        case UInt8(ascii: "\""):
            let hasEscapes = try string()
            try visitor.string(content: start + 1..<position - 1, hasEscapes: hasEscapes, in: bytes)
        case UInt8(ascii: "{"):
            try visitor.objectStart(at: start)
            try object(&visitor)
            visitor.objectEnd(range: start..<position)
        case UInt8(ascii: "["):
            try visitor.arrayStart(at: start)
            try array(&visitor)
            visitor.arrayEnd(range: start..<position)
        case UInt8(ascii: "t"):
            try literal("true")
            try visitor.scalar(range: start..<position, in: bytes)
        case UInt8(ascii: "f"):
            try literal("false")
            try visitor.scalar(range: start..<position, in: bytes)
        case UInt8(ascii: "n"):
            try literal("null")
            try visitor.scalar(range: start..<position, in: bytes)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
            try visitor.scalar(range: start..<position, in: bytes)
        default: throw error("expected a value")
        }
    }

    private mutating func enter() throws(DocumentSyntaxError) {
        depth += 1
        // Deep nesting is refused rather than allowed to exhaust the stack.
        guard depth <= 512 else { throw error("nesting deeper than 512 levels") }
        position += 1
        skipSpace()
    }

    private mutating func object<Visitor: JSONVisitor>(_ visitor: inout Visitor) throws(DocumentSyntaxError) {
        try enter()
        defer { depth -= 1 }
        if peek == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let nameStart = position
            let nameHasEscapes = try string()
            let name = nameStart + 1..<position - 1
            skipSpace()
            guard peek == UInt8(ascii: ":") else { throw error("expected ':' after a member name") }
            position += 1
            skipSpace()
            if try visitor.member(name: name, hasEscapes: nameHasEscapes, in: bytes) {
                try value(&visitor)
                visitor.memberEnd()
            } else {
                var skipping = SkippingVisitor()
                try value(&skipping)
            }
            skipSpace()
            if peek == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard peek == UInt8(ascii: "}") else { throw error("expected ',' or '}' in an object") }
            position += 1
            return
        }
    }

    private mutating func array<Visitor: JSONVisitor>(_ visitor: inout Visitor) throws(DocumentSyntaxError) {
        try enter()
        defer { depth -= 1 }
        if peek == UInt8(ascii: "]") {
            position += 1
            return
        }
        var index = 0
        while true {
            skipSpace()
            if visitor.element(index: index) {
                try value(&visitor)
                visitor.memberEnd()
            } else {
                var skipping = SkippingVisitor()
                try value(&skipping)
            }
            index += 1
            skipSpace()
            if peek == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard peek == UInt8(ascii: "]") else { throw error("expected ',' or ']' in an array") }
            position += 1
            return
        }
    }

    private mutating func literal(_ word: StaticString) throws(DocumentSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count,
            memcmp(bytes.baseAddress! + position, word.utf8Start, count) == 0
        else { throw error("expected a value") }
        position += count
    }

    private mutating func number() throws(DocumentSyntaxError) {
        if peek == UInt8(ascii: "-") { position += 1 }
        if peek == UInt8(ascii: "0") {
            position += 1
        } else {
            guard digits() > 0 else { throw error("expected a digit") }
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("expected a digit after '.'") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error("expected a digit in the exponent") }
        }
    }

    private mutating func digits() -> Int {
        let start = position
        while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
        return position - start
    }

    /// A string from its `"` to after its closing `"`; escapes are checked (lone surrogates
    /// refused) but not decoded. Returns whether it holds any escape.
    private mutating func string() throws(DocumentSyntaxError) -> Bool {
        position += 1
        var hasEscapes = false
        let base = bytes.baseAddress!
        while true {
            position = Self.specialByte(in: base, from: position, count: bytes.count)
            guard position < bytes.count else { throw error("unterminated string") }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                return hasEscapes
            case UInt8(ascii: "\\"):
                hasEscapes = true
                try escape()
            default:
                throw error("control character in a string (write it as an escape)")
            }
        }
    }

    /// The first offset from `start` holding `"`, `\` or a control character (or `count`), eight
    /// bytes at a time, thirty-two while none is found: the bytes of UTF-8 sequences are all 0x80
    /// or more, so none is one of them.
    private static func specialByte(in base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        var offset = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // High bits where a byte is `"` or `\`, or below 0x20 (there the lowest is always a true
        // one: only bytes above one can be false alarms).
        @inline(__always) func special(_ word: UInt64) -> UInt64 {
            CharacterFinder.equal(word, ones &* UInt64(UInt8(ascii: "\"")))
                | CharacterFinder.equal(word, ones &* UInt64(UInt8(ascii: "\\"))) | (word &- ones &* 0x20) & ~word
                & highs
        }
        @inline(__always) func word(_ index: Int) -> UInt64 {
            UnsafeRawPointer(base + offset + index * 8).loadUnaligned(as: UInt64.self)
        }
        let quotes = SIMD32<UInt8>(repeating: UInt8(ascii: "\""))
        let backslashes = SIMD32<UInt8>(repeating: UInt8(ascii: "\\"))
        let spaces = SIMD32<UInt8>(repeating: 0x20)
        while count - offset >= 32 {
            let block = UnsafeRawPointer(base + offset).loadUnaligned(as: SIMD32<UInt8>.self)
            let found = block .== quotes .| block .== backslashes .| block .< spaces
            // A mask's lanes are all ones or all zeros: read as words, any set bit is a hit.
            let lanes = unsafeBitCast(found, to: (UInt64, UInt64, UInt64, UInt64).self)
            if lanes.0 | lanes.1 | lanes.2 | lanes.3 != 0 { break }
            offset += 32
        }
        while count - offset >= 8 {
            let found = special(word(0))
            if found != 0 { return offset + found.trailingZeroBitCount / 8 }
            offset += 8
        }
        while offset < count {
            let byte = base[offset]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return offset }
            offset += 1
        }
        return count
    }

    private mutating func escape() throws(DocumentSyntaxError) {
        position += 1
        guard let byte = peek else { throw error("unterminated string") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let value = try hexQuad()
            if (0xD800...0xDBFF).contains(value) {
                guard peek == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
                else { throw error("a high surrogate escape must be followed by a low one") }
                position += 2
                guard (0xDC00...0xDFFF).contains(try hexQuad()) else { throw error("expected a low surrogate escape") }
            } else if (0xDC00...0xDFFF).contains(value) {
                throw error("a low surrogate escape without a high one")
            }
        default:
            position -= 1
            throw error("invalid escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func hexQuad() throws(DocumentSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = peek.flatMap(Self.hexDigit) else {
                throw error("expected four hexadecimal digits after '\\u'")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    // MARK: Strings the reader accepted

    /// The text of a string whose content (between its quotes) the reader accepted: its escapes
    /// decoded, appended to `output` as UTF-8.
    package static func decode(_ content: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var index = 0
        while index < content.count {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            let kind = content[index + 1]
            index += 2
            switch kind {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var value = hexValue(content, at: index)
                index += 4
                if (0xD800...0xDBFF).contains(value) {
                    value = 0x10000 + ((value - 0xD800) << 10) + (hexValue(content, at: index + 2) - 0xDC00)
                    index += 6
                }
                output.append(contentsOf: String(Character(Unicode.Scalar(value)!)).utf8)
            default: output.append(kind)  // `"`, `\` and `/`
            }
        }
    }

    private static func hexValue(_ content: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32 {
        (index..<index + 4).reduce(0) { $0 << 4 | UInt32(hexDigit(content[$1])!) }
    }

    /// The text of an accepted string's content as a `String`.
    package static func text(of content: UnsafeBufferPointer<UInt8>, hasEscapes: Bool) -> String {
        guard hasEscapes else { return String(decoding: content, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(content.count)
        decode(content, into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Calls `body` with each run of literal text of an accepted string's content, between its
    /// escapes, as offsets into `content`.
    package static func forEachLiteralRun(in content: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        var start = 0
        var index = 0
        while index < content.count {
            guard content[index] == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            if index > start { body(start..<index) }
            index += content[index + 1] == UInt8(ascii: "u") ? 6 : 2
            start = index
        }
        if index > start { body(start..<index) }
    }

    /// UTF-8 text as a JSON string literal: quotes, backslashes and control characters escaped
    /// (the two-character escapes where JSON has one, as most writers do), the rest as it is.
    package static func appendQuoted(_ text: some Sequence<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), byte]
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
}

/// What a `JSONReader` reports, in document order. Ranges are byte offsets into the bytes read.
package protocol JSONVisitor {
    /// A member's name (its content between the quotes); returns whether the visitor wants its
    /// value reported (then `memberEnd()` follows it), or the reader only checks it.
    mutating func member(name: Range<Int>, hasEscapes: Bool, in bytes: UnsafeBufferPointer<UInt8>)
        throws(DocumentSyntaxError) -> Bool
    /// An array element, as `member`.
    mutating func element(index: Int) -> Bool
    /// After the value of a member or element the visitor wanted.
    mutating func memberEnd()
    /// A string value: its content between the quotes, still escaped.
    mutating func string(content: Range<Int>, hasEscapes: Bool, in bytes: UnsafeBufferPointer<UInt8>)
        throws(DocumentSyntaxError)
    /// A number, `true`, `false` or `null`.
    mutating func scalar(range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) throws(DocumentSyntaxError)
    mutating func objectStart(at offset: Int) throws(DocumentSyntaxError)
    mutating func objectEnd(range: Range<Int>)
    mutating func arrayStart(at offset: Int) throws(DocumentSyntaxError)
    mutating func arrayEnd(range: Range<Int>)
}

extension JSONVisitor {
    package mutating func member(name: Range<Int>, hasEscapes: Bool, in bytes: UnsafeBufferPointer<UInt8>)
        throws(DocumentSyntaxError) -> Bool
    { true }
    package mutating func element(index: Int) -> Bool { true }
    package mutating func memberEnd() {}
    package mutating func string(content: Range<Int>, hasEscapes: Bool, in bytes: UnsafeBufferPointer<UInt8>)
        throws(DocumentSyntaxError)
    {}
    package mutating func scalar(range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) throws(DocumentSyntaxError) {
    }
    package mutating func objectStart(at offset: Int) throws(DocumentSyntaxError) {}
    package mutating func objectEnd(range: Range<Int>) {}
    package mutating func arrayStart(at offset: Int) throws(DocumentSyntaxError) {}
    package mutating func arrayEnd(range: Range<Int>) {}
}

/// Checks a value and reports nothing: what the reader uses for values no visitor wants.
private struct SkippingVisitor: JSONVisitor {
    func member(name: Range<Int>, hasEscapes: Bool, in bytes: UnsafeBufferPointer<UInt8>)
        throws(DocumentSyntaxError) -> Bool
    { false }
    func element(index: Int) -> Bool { false }
}
