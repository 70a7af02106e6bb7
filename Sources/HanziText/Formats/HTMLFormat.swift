extension DocumentFormat {
    /// HTML pages: text nodes and the human-readable attributes (`title`, `alt`, `placeholder`,
    /// `aria-label`); never tags, other attributes, comments, `<script>`, `<style>`, `<code>` and
    /// `<pre>` (unless `FormatOptions.includesCode`) or character references.
    public static let html = DocumentFormat(
        name: "html", extensions: ["html", "htm", "xhtml"],
        summary: "HTML: text and title/alt/placeholder/aria-label; never tags, script, style, code, pre or references",
        syntax: HTMLSyntax())
}

/// A tokenizer of HTML as pages are written (not a tree builder): it needs to know where tags,
/// comments and the raw text of `<script>` and `<style>` end, nothing more.
struct HTMLSyntax: DocumentSyntax {
    /// Attributes whose values people read.
    static let textAttributes: Set<String> = ["title", "alt", "placeholder", "aria-label"]

    /// Whether `scan` collects language tags instead of text.
    private var collectsLanguageTags = false

    func textRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) throws(DocumentSyntaxError)
        -> [Range<Int>]
    {
        var unused: [Range<Int>] = []
        return try scan(document, options: options, languageTags: &unused)
    }

    private func scan(
        _ document: UnsafeBufferPointer<UInt8>, options: FormatOptions, languageTags: inout [Range<Int>]
    ) throws(DocumentSyntaxError) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var offset = 0
        var textStart = 0
        // Inside <code> or <pre> (nested), whose text is code.
        var codeDepth = 0
        func addText(_ range: Range<Int>) {
            guard codeDepth == 0 || options.includesCode else { return }
            Self.addWithoutReferences(range, in: document, to: &ranges)
        }
        while offset < document.count {
            guard document[offset] == UInt8(ascii: "<") else {
                offset += 1
                continue
            }
            let next = offset + 1 < document.count ? document[offset + 1] : 0
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                addText(textStart..<offset)
                let end: Int
                if Self.starts(document, at: offset, with: "<!--") {
                    end = try Self.end(of: "-->", in: document, from: offset + 4, opened: offset, what: "comment")
                } else if Self.starts(document, at: offset, with: "<![CDATA[") {
                    end = try Self.end(of: "]]>", in: document, from: offset + 9, opened: offset, what: "CDATA section")
                } else {
                    end = try Self.end(of: ">", in: document, from: offset + 2, opened: offset, what: "declaration")
                }
                offset = end
                textStart = end
                continue
            }
            let isClosing = next == UInt8(ascii: "/")
            let nameStart = offset + (isClosing ? 2 : 1)
            guard nameStart < document.count, Self.isLetter(document[nameStart]) else {
                // A `<` that starts no tag is text (`a < b`).
                offset += 1
                continue
            }
            addText(textStart..<offset)
            var nameEnd = nameStart
            while nameEnd < document.count, Self.isNameByte(document[nameEnd]) { nameEnd += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: document[nameStart..<nameEnd]), as: UTF8.self)
                .lowercased()
            let tagEnd = try readAttributes(
                document, from: nameEnd, tagStart: offset, into: &ranges,
                textAllowed: codeDepth == 0 || options.includesCode, languageTags: &languageTags)
            offset = tagEnd
            textStart = tagEnd
            let selfClosing = tagEnd >= 2 && document[tagEnd - 2] == UInt8(ascii: "/")
            if name == "code" || name == "pre", !selfClosing {
                codeDepth = max(0, codeDepth + (isClosing ? -1 : 1))
            }
            if !isClosing && (name == "script" || name == "style") {
                // Raw text up to the closing tag, never text.
                let closing = "</" + name
                var search = tagEnd
                while search < document.count, !Self.startsCaseless(document, at: search, with: closing) { search += 1 }
                offset = search
                textStart = search
            }
        }
        addText(textStart..<document.count)
        return ranges
    }

    /// The values of `lang` and `xml:lang` attributes.
    func languageTagRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) -> [Range<Int>] {
        var tags: [Range<Int>] = []
        var scanner = self
        scanner.collectsLanguageTags = true
        _ = try? scanner.scan(document, options: options, languageTags: &tags)
        return tags
    }

    /// Reads a tag's attributes from `offset` to its `>`; the values of text attributes go to
    /// `ranges`. Returns the offset after the `>`.
    private func readAttributes(
        _ document: UnsafeBufferPointer<UInt8>, from offset: Int, tagStart: Int, into ranges: inout [Range<Int>],
        textAllowed: Bool, languageTags: inout [Range<Int>]
    ) throws(DocumentSyntaxError) -> Int {
        var cursor = offset
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
        }
        while cursor < document.count {
            let byte = document[cursor]
            if byte == UInt8(ascii: ">") { return cursor + 1 }
            if isSpace(byte) || byte == UInt8(ascii: "/") {
                cursor += 1
                continue
            }
            let nameStart = cursor
            while cursor < document.count, !isSpace(document[cursor]), document[cursor] != UInt8(ascii: "="),
                document[cursor] != UInt8(ascii: ">"), document[cursor] != UInt8(ascii: "/")
            {
                cursor += 1
            }
            let name = String(decoding: UnsafeBufferPointer(rebasing: document[nameStart..<cursor]), as: UTF8.self)
                .lowercased()
            while cursor < document.count, isSpace(document[cursor]) { cursor += 1 }
            guard cursor < document.count, document[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < document.count, isSpace(document[cursor]) { cursor += 1 }
            guard cursor < document.count else { break }
            let valueRange: Range<Int>
            let quote = document[cursor]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                guard let close = document[(cursor + 1)...].firstIndex(of: quote) else {
                    throw DocumentSyntaxError(offset: cursor, reason: "an attribute value is not closed")
                }
                valueRange = (cursor + 1)..<close
                cursor = close + 1
            } else {
                let start = cursor
                while cursor < document.count, !isSpace(document[cursor]), document[cursor] != UInt8(ascii: ">") {
                    cursor += 1
                }
                valueRange = start..<cursor
            }
            if collectsLanguageTags && (name == "lang" || name == "xml:lang") { languageTags.append(valueRange) }
            if textAllowed && Self.textAttributes.contains(name) {
                Self.addWithoutReferences(valueRange, in: document, to: &ranges)
            }
        }
        throw DocumentSyntaxError(offset: tagStart, reason: "a tag is not closed with '>'")
    }

    /// `range` without the character references inside it (`&amp;`, `&#x4E2D;`).
    static func addWithoutReferences(
        _ range: Range<Int>, in document: UnsafeBufferPointer<UInt8>, to ranges: inout [Range<Int>]
    ) {
        var start = range.lowerBound
        var cursor = start
        while cursor < range.upperBound {
            if document[cursor] == UInt8(ascii: "&"),
                let end = TextStructure.characterReferenceEnd(document, at: cursor), end <= range.upperBound
            {
                if cursor > start { ranges.append(start..<cursor) }
                cursor = end
                start = end
            } else {
                cursor += 1
            }
        }
        if range.upperBound > start { ranges.append(start..<range.upperBound) }
    }

    private static func end(
        of terminator: String, in document: UnsafeBufferPointer<UInt8>, from offset: Int, opened: Int, what: String
    ) throws(DocumentSyntaxError) -> Int {
        var cursor = offset
        while cursor < document.count {
            if starts(document, at: cursor, with: terminator) { return cursor + terminator.utf8.count }
            cursor += 1
        }
        throw DocumentSyntaxError(offset: opened, reason: "a \(what) is not closed with '\(terminator)'")
    }

    private static func starts(_ document: UnsafeBufferPointer<UInt8>, at offset: Int, with word: String) -> Bool {
        let word = Array(word.utf8)
        return document.count - offset >= word.count && word.indices.allSatisfy { document[offset + $0] == word[$0] }
    }

    private static func startsCaseless(_ document: UnsafeBufferPointer<UInt8>, at offset: Int, with word: String)
        -> Bool
    {
        let word = Array(word.utf8)
        return document.count - offset >= word.count
            && word.indices.allSatisfy { document[offset + $0] | 0x20 == word[$0] | 0x20 }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ":")
    }
}
