extension DocumentFormat {
    /// YAML message files (Rails and i18next style): string values, plain, quoted or block, edited
    /// in place; keys, comments, anchors, tags, numbers and layout stay byte for byte.
    public static let yaml = DocumentFormat(
        name: "yaml", extensions: ["yaml", "yml"],
        summary: "YAML: string values (plain, quoted, block); never keys, comments, anchors, tags or layout",
        syntax: YAMLSyntax())
}

/// A line-oriented reader of the YAML that message files use: block mappings and sequences with
/// scalar values, flow collections on one line, block scalars (`|`, `>`) and quoted scalars over
/// several lines. A plain scalar is text only when it holds a non-ASCII character, so numbers,
/// booleans and `null` are never touched (an ASCII word cannot change in a conversion anyway).
struct YAMLSyntax: DocumentSyntax {
    func textRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) throws(DocumentSyntaxError)
        -> [Range<Int>]
    {
        var reader = YAMLReader(bytes: document)
        try reader.read()
        return reader.ranges
    }
}

private struct YAMLReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var ranges: [Range<Int>] = []
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    func byte(_ offset: Int) -> UInt8 { offset < bytes.count ? bytes[offset] : 0 }

    /// The end of the line at `offset`, before its `\n` (and a `\r` before that).
    func lineEnd(from offset: Int) -> Int {
        var end = offset
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        if end > offset && bytes[end - 1] == 0x0D { return end - 1 }
        return end
    }

    func nextLine(from offset: Int) -> Int {
        var end = offset
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        return min(end + 1, bytes.count)
    }

    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    func skipSpaces(_ offset: Int, before end: Int) -> Int {
        var offset = offset
        while offset < end && isSpace(bytes[offset]) { offset += 1 }
        return offset
    }

    mutating func read() throws(DocumentSyntaxError) {
        while position < bytes.count {
            let start = position
            let end = lineEnd(from: start)
            var content = start
            while content < end && bytes[content] == 0x20 { content += 1 }
            let indent = content - start
            position = nextLine(from: start)
            guard content < end, bytes[content] != UInt8(ascii: "#") else { continue }
            // Directives and document markers.
            if indent == 0 && (bytes[content] == UInt8(ascii: "%") || startsMarker(content, end)) { continue }
            try node(from: content, lineEnd: end, indent: indent)
        }
    }

    func startsMarker(_ offset: Int, _ end: Int) -> Bool {
        guard end - offset >= 3 else { return false }
        let first = bytes[offset]
        guard first == UInt8(ascii: "-") || first == UInt8(ascii: ".") else { return false }
        return bytes[offset + 1] == first && bytes[offset + 2] == first
            && (end == offset + 3 || isSpace(bytes[offset + 3]))
    }

    /// The node on a line from `offset`: sequence dashes, then a key and its value, or a value.
    mutating func node(from offset: Int, lineEnd end: Int, indent: Int) throws(DocumentSyntaxError) {
        var offset = offset
        // `- ` entries, possibly several on one line (`- - a`).
        var entryIndent = indent
        while offset < end, bytes[offset] == UInt8(ascii: "-"), offset + 1 == end || isSpace(bytes[offset + 1]) {
            let next = skipSpaces(offset + 1, before: end)
            entryIndent += next - offset
            offset = next
        }
        guard offset < end else { return }
        if bytes[offset] == UInt8(ascii: "?") && (offset + 1 == end || isSpace(bytes[offset + 1])) { return }
        if let colon = keyEnd(from: offset, before: end) {
            try value(from: skipSpaces(colon + 1, before: end), lineEnd: end, parentIndent: entryIndent)
        } else {
            try value(from: offset, lineEnd: end, parentIndent: entryIndent - 1)
        }
    }

    /// The offset of the `:` that ends a mapping key starting at `offset`, if the line has one.
    func keyEnd(from offset: Int, before end: Int) -> Int? {
        var cursor = offset
        let first = bytes[offset]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            // A quoted key: its closing quote, then `:`.
            cursor += 1
            while cursor < end {
                if bytes[cursor] == UInt8(ascii: "\\") && first == UInt8(ascii: "\"") {
                    cursor += 2
                    continue
                }
                if bytes[cursor] == first {
                    if first == UInt8(ascii: "'") && byte(cursor + 1) == first {
                        cursor += 2
                        continue
                    }
                    let after = skipSpaces(cursor + 1, before: end)
                    return after < end && bytes[after] == UInt8(ascii: ":")
                        && (after + 1 == end || isSpace(bytes[after + 1])) ? after : nil
                }
                cursor += 1
            }
            return nil
        }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") || first == UInt8(ascii: "|")
            || first == UInt8(ascii: ">") || first == UInt8(ascii: "#")
        {
            return nil
        }
        while cursor < end {
            if bytes[cursor] == UInt8(ascii: ":") && (cursor + 1 == end || isSpace(bytes[cursor + 1])) { return cursor }
            if bytes[cursor] == UInt8(ascii: "#") && cursor > offset && isSpace(bytes[cursor - 1]) { return nil }
            cursor += 1
        }
        return nil
    }

    /// A value from `offset` on its line; `parentIndent` is the indentation of the key or entry
    /// that owns it (block scalars and continuation lines are indented more).
    mutating func value(from offset: Int, lineEnd end: Int, parentIndent: Int) throws(DocumentSyntaxError) {
        var offset = offset
        // Anchors and tags before the value.
        while offset < end, bytes[offset] == UInt8(ascii: "&") || bytes[offset] == UInt8(ascii: "!") {
            while offset < end && !isSpace(bytes[offset]) { offset += 1 }
            offset = skipSpaces(offset, before: end)
        }
        guard offset < end, bytes[offset] != UInt8(ascii: "#"), bytes[offset] != UInt8(ascii: "*") else { return }
        switch bytes[offset] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            position = try quoted(from: offset)
        // The rest of the closing line is a comment or nothing; later lines are read as usual.
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            blockScalar(after: parentIndent)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            try flow(from: offset, lineEnd: end)
        default:
            plain(from: offset, lineEnd: end, parentIndent: parentIndent)
        }
    }

    /// A quoted scalar from its opening quote, over as many lines as it takes; its text runs
    /// between escapes go to `ranges`. Returns the start of the line after the closing quote.
    mutating func quoted(from offset: Int) throws(DocumentSyntaxError) -> Int {
        let quote = bytes[offset]
        var cursor = offset + 1
        var runStart = cursor
        while cursor < bytes.count {
            let current = bytes[cursor]
            if quote == UInt8(ascii: "\"") && current == UInt8(ascii: "\\") {
                addText(runStart..<cursor)
                cursor += 2
                runStart = cursor
                continue
            }
            if current == quote {
                if quote == UInt8(ascii: "'") && byte(cursor + 1) == quote {
                    addText(runStart..<cursor)
                    cursor += 2
                    runStart = cursor
                    continue
                }
                addText(runStart..<cursor)
                return nextLine(from: cursor)
            }
            cursor += 1
        }
        throw DocumentSyntaxError(offset: offset, reason: "a quoted scalar is not closed")
    }

    /// A block scalar: the lines after the indicator line indented more than `parentIndent`, and
    /// blank lines among them; each line's text from its indentation to its end.
    mutating func blockScalar(after parentIndent: Int) {
        while position < bytes.count {
            let start = position
            let end = lineEnd(from: start)
            var content = start
            while content < end && bytes[content] == 0x20 { content += 1 }
            if content == end {
                position = nextLine(from: start)
                continue
            }
            guard content - start > parentIndent else { return }
            addText(content..<end)
            position = nextLine(from: start)
        }
    }

    /// A plain scalar: to the end of the line or a ` #` comment, and continuation lines indented
    /// more than its key (a key with a scalar value cannot own a nested block).
    mutating func plain(from offset: Int, lineEnd end: Int, parentIndent: Int) {
        addPlain(offset, end)
        while position < bytes.count {
            let start = position
            let lineEnd = lineEnd(from: start)
            var content = start
            while content < lineEnd && bytes[content] == 0x20 { content += 1 }
            guard content < lineEnd, content - start > parentIndent, bytes[content] != UInt8(ascii: "#") else { return }
            addPlain(content, lineEnd)
            position = nextLine(from: start)
        }
    }

    mutating func addPlain(_ start: Int, _ end: Int) {
        var stop = start
        while stop < end {
            if bytes[stop] == UInt8(ascii: "#") && stop > start && isSpace(bytes[stop - 1]) { break }
            stop += 1
        }
        while stop > start && isSpace(bytes[stop - 1]) { stop -= 1 }
        if (start..<stop).contains(where: { bytes[$0] >= 0x80 }) { addText(start..<stop) }
    }

    /// A flow collection on one line: quoted scalars and non-ASCII plain scalars in value
    /// position (after `[`, `,` in a sequence, or after `: ` in a mapping).
    mutating func flow(from offset: Int, lineEnd end: Int) throws(DocumentSyntaxError) {
        var cursor = offset
        var kinds: [UInt8] = []
        var expectingKey = false
        while cursor < end {
            let current = bytes[cursor]
            switch current {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                kinds.append(current)
                expectingKey = current == UInt8(ascii: "{")
                cursor += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                kinds.removeLast()
                cursor += 1
                if kinds.isEmpty { return }
            case UInt8(ascii: ","):
                expectingKey = kinds.last == UInt8(ascii: "{")
                cursor += 1
            case UInt8(ascii: ":"):
                expectingKey = false
                cursor += 1
            case 0x20, 0x09:
                cursor += 1
            case UInt8(ascii: "#"):
                return
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let before = ranges.count
                let lineAfter = try quoted(from: cursor)
                // A quoted key is not text.
                var close = cursor + 1
                while close < bytes.count,
                    bytes[close] != current || (current == UInt8(ascii: "\"") && bytes[close - 1] == UInt8(ascii: "\\"))
                {
                    close += 1
                }
                if expectingKey { ranges.removeSubrange(before...) }
                guard close < end else {
                    position = lineAfter
                    return
                }
                cursor = close + 1
            default:
                var stop = cursor
                while stop < end, !",]}".utf8.contains(bytes[stop]),
                    !(bytes[stop] == UInt8(ascii: ":")
                        && (stop + 1 == end || isSpace(bytes[stop + 1]) || kinds.last == UInt8(ascii: "{")))
                {
                    stop += 1
                }
                if !expectingKey { addPlain(cursor, stop) }
                cursor = stop
            }
        }
        if !kinds.isEmpty {
            throw DocumentSyntaxError(offset: offset, reason: "a flow collection is not closed on its line")
        }
    }

    mutating func addText(_ range: Range<Int>) {
        if !range.isEmpty { ranges.append(range) }
    }
}
