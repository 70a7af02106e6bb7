import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The scanners that find structure in text, shared by the document formats (which say where a
/// document's text is, for every command) and normalization (which protects the rest): Markdown's
/// code, links and front matter; URLs, IRIs, e-mail addresses and paths; character references.
package enum TextStructure {
    // MARK: Ranges

    package static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !range.isEmpty {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    // MARK: Lines

    package static func lines(_ text: UTF8Text) -> [Range<Int>] {
        guard let base = text.bytes.baseAddress else { return [] }
        var result: [Range<Int>] = []
        var start = 0
        // memchr finds each line break far faster than a loop over the bytes.
        while start < text.count, let hit = memchr(base + start, 0x0A, text.count - start) {
            let end = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
            result.append(start..<end)
            start = end
        }
        if start < text.count { result.append(start..<text.count) }
        return result
    }

    /// Whether `line` holds `byte`, found with memchr.
    private static func line(_ line: Range<Int>, of text: UTF8Text, holds byte: UInt8) -> Bool {
        guard let base = text.bytes.baseAddress, !line.isEmpty else { return false }
        return memchr(base + line.lowerBound, Int32(byte), line.count) != nil
    }

    // MARK: Markdown

    /// Markdown's structure: front matter, code (unless `includingCode`), link destinations,
    /// autolinks and HTML tags.
    package static func addMarkdownStructure(
        _ text: UTF8Text, includingCode: Bool = false, to found: inout [Range<Int>]
    ) {
        let frontMatterEnd = addFrontMatter(text, to: &found)
        var fence: (byte: UInt8, length: Int, start: Int)?
        // Indented code starts after a blank line (it cannot interrupt a paragraph) and goes on
        // while lines stay indented; list continuations are protected too, which is only cautious.
        // Front matter's closing line is not blank.
        var previousBlank = frontMatterEnd == 0
        var inIndentedCode = false
        for line in lines(text) where line.lowerBound >= frontMatterEnd {
            var offset = line.lowerBound
            var indent = 0
            while offset < line.upperBound && text.bytes[offset] == UInt8(ascii: " ") && indent < 4 {
                offset += 1
                indent += 1
            }
            let isTabIndented = offset < line.upperBound && text.bytes[offset] == UInt8(ascii: "\t")
            let isBlank = (offset..<line.upperBound).allSatisfy {
                text.bytes[$0] == UInt8(ascii: " ") || text.bytes[$0] == UInt8(ascii: "\t")
                    || text.bytes[$0] == UInt8(ascii: "\r") || text.bytes[$0] == UInt8(ascii: "\n")
            }
            defer { previousBlank = isBlank }
            if fence == nil, !isBlank, indent == 4 || isTabIndented, previousBlank || inIndentedCode {
                inIndentedCode = true
                if !includingCode { found.append(line) }
                continue
            }
            if !isBlank { inIndentedCode = false }
            var runLength = 0
            let byte = offset < line.upperBound ? text.bytes[offset] : 0
            if indent < 4 && (byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~")) {
                while offset + runLength < line.upperBound && text.bytes[offset + runLength] == byte {
                    runLength += 1
                }
            }
            if let open = fence {
                if byte == open.byte && runLength >= open.length {
                    if !includingCode { found.append(open.start..<line.upperBound) }
                    fence = nil
                }
            } else if runLength >= 3 {
                fence = (byte, runLength, line.lowerBound)
            } else {
                if !includingCode { addInlineCode(text, line, to: &found) }
                addLinkDestinations(text, line, to: &found)
            }
        }
        // An unclosed fence runs to the end of the document, as in CommonMark.
        if let open = fence, !includingCode { found.append(open.start..<text.count) }
    }

    /// YAML front matter: a first line `---`, up to the next `---` or `...` line. Its string
    /// values are text, as in a YAML file; its keys, the rest of its YAML and its two lines are
    /// structure (all of it when the YAML reader cannot read it). Returns where it ends (0: none).
    private static func addFrontMatter(_ text: UTF8Text, to found: inout [Range<Int>]) -> Int {
        guard let frontMatter = frontMatter(in: text) else { return 0 }
        var start = frontMatter.range.lowerBound
        for value in (try? frontMatter.values.get()) ?? [] {
            found.append(start..<frontMatter.yaml.lowerBound + value.lowerBound)
            start = frontMatter.yaml.lowerBound + value.upperBound
        }
        found.append(start..<frontMatter.range.upperBound)
        return frontMatter.range.upperBound
    }

    /// The front matter `text` starts with, if any: all of it (its two lines included), its YAML
    /// between them, and the ranges of its string values, or where the YAML reader stopped.
    package static func frontMatter(in text: UTF8Text) -> (
        range: Range<Int>, yaml: Range<Int>, values: Result<[Range<Int>], DocumentSyntaxError>
    )? {
        guard text.count >= 3, text.bytes[0] == UInt8(ascii: "-"), text.bytes[1] == UInt8(ascii: "-") else {
            return nil
        }
        let allLines = lines(text)
        func content(_ line: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: text.bytes[line]), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let first = allLines.first, content(first) == "---",
            let end = allLines.dropFirst().first(where: { content($0) == "---" || content($0) == "..." })
        else { return nil }
        let yaml = first.upperBound..<end.lowerBound
        let values = Result { () throws(DocumentSyntaxError) in
            try YAMLSyntax().textRanges(in: UnsafeBufferPointer(rebasing: text.bytes[yaml]), options: FormatOptions())
        }
        return (first.lowerBound..<end.upperBound, yaml, values)
    }

    /// Backtick spans on one line: a run of N backticks up to the next run of exactly N.
    private static func addInlineCode(_ text: UTF8Text, _ line: Range<Int>, to found: inout [Range<Int>]) {
        let backtick = UInt8(ascii: "`")
        guard Self.line(line, of: text, holds: backtick) else { return }
        var offset = line.lowerBound
        while offset < line.upperBound {
            guard text.bytes[offset] == backtick else {
                offset += 1
                continue
            }
            let start = offset
            offset = endOfRun(of: backtick, in: text, from: offset, before: line.upperBound)
            let length = offset - start
            var search = offset
            var closed = false
            while search < line.upperBound {
                guard text.bytes[search] == backtick else {
                    search += 1
                    continue
                }
                let closeStart = search
                search = endOfRun(of: backtick, in: text, from: search, before: line.upperBound)
                if search - closeStart == length {
                    found.append(start..<search)
                    offset = search
                    closed = true
                    break
                }
            }
            if !closed { offset = start + length }
        }
    }

    /// The offset just past the run of `byte` that starts at `offset`.
    private static func endOfRun(of byte: UInt8, in text: UTF8Text, from offset: Int, before end: Int) -> Int {
        var offset = offset
        while offset < end && text.bytes[offset] == byte { offset += 1 }
        return offset
    }

    /// Link and image destinations `](…)`, autolinks `<https://…>` and HTML tags `<meta …>` on one line.
    private static func addLinkDestinations(_ text: UTF8Text, _ line: Range<Int>, to found: inout [Range<Int>]) {
        // Most lines have neither a link nor a tag.
        guard Self.line(line, of: text, holds: UInt8(ascii: "]")) || Self.line(line, of: text, holds: UInt8(ascii: "<"))
        else { return }
        var offset = line.lowerBound
        while offset + 1 < line.upperBound {
            if text.bytes[offset] == UInt8(ascii: "]") && text.bytes[offset + 1] == UInt8(ascii: "(") {
                var end = offset + 2
                var depth = 1
                while end < line.upperBound {
                    if text.bytes[end] == UInt8(ascii: "(") { depth += 1 }
                    if text.bytes[end] == UInt8(ascii: ")") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    end += 1
                }
                if end < line.upperBound { found.append(offset + 1..<end + 1) }
                offset = end
            } else if text.bytes[offset] == UInt8(ascii: "<"),
                isLetter(text.bytes[offset + 1])
                    || text.bytes[offset + 1] == UInt8(ascii: "/") || text.bytes[offset + 1] == UInt8(ascii: "!"),
                let close = (offset + 1..<line.upperBound).first(where: { text.bytes[$0] == UInt8(ascii: ">") })
            {
                found.append(offset..<close + 1)
                offset = close
            }
            offset += 1
        }
    }

    // MARK: URLs and paths

    private static let urlBytes: [Bool] = (0..<256).map { byte in
        isLetter(UInt8(byte)) || isDigit(UInt8(byte)) || "-._~:/?#[]@!$&'()*+,;=%\\".utf8.contains(UInt8(byte))
    }

    private static func isURLByte(_ byte: UInt8) -> Bool {
        urlBytes[Int(byte)]
    }

    private static func isPathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\")
        }
    }

    /// URLs (`scheme://…`, `www.…`) and paths (ASCII tokens with `/` or `\`) in any format.
    package static func addURLsAndPaths(_ text: UTF8Text, includingPaths: Bool = true, to found: inout [Range<Int>]) {
        let bytes = text.bytes
        var offset = 0
        var coveredUntil = 0
        // Only these bytes can start a URL or path; the rest of the text is skipped.
        let triggers = ByteFinder(":w/\\@")
        while true {
            offset = triggers.next(in: text, from: offset)
            guard offset < bytes.count else { break }
            let byte = bytes[offset]
            if offset >= coveredUntil,
                byte == UInt8(ascii: ":"), offset + 2 < bytes.count, bytes[offset + 1] == UInt8(ascii: "/"),
                bytes[offset + 2] == UInt8(ascii: "/")
            {
                var start = offset
                while start > 0 && isSchemeByte(bytes[start - 1]) { start -= 1 }
                if start < offset {
                    let end = urlEnd(text, from: offset + 3)
                    found.append(start..<end)
                    coveredUntil = end
                    offset = end
                    continue
                }
            }
            if offset >= coveredUntil, byte == UInt8(ascii: "w"), offset + 4 <= bytes.count,
                bytes[offset + 1] == UInt8(ascii: "w"), bytes[offset + 2] == UInt8(ascii: "w"),
                bytes[offset + 3] == UInt8(ascii: "."), offset == 0 || !isPathByte(bytes[offset - 1])
            {
                let end = urlEnd(text, from: offset + 4)
                found.append(offset..<end)
                coveredUntil = end
                offset = end
                continue
            }
            if offset >= coveredUntil, byte == UInt8(ascii: "@"), let email = emailAddress(around: offset, text) {
                found.append(email)
                coveredUntil = email.upperBound
                offset = email.upperBound
                continue
            }
            if includingPaths, offset >= coveredUntil, byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\") {
                var start = offset
                while start > 0 && isPathByte(bytes[start - 1]) { start -= 1 }
                // A drive letter: C:\ or C:/.
                if start == offset, start >= 2, bytes[start - 1] == UInt8(ascii: ":"),
                    isLetter(bytes[start - 2])
                {
                    start -= 2
                }
                var end = offset
                var separators = 0
                // Non-ASCII folder names (`C:\Users\後來`, `/usr/share/文件`) once it is clearly a path
                // (a drive, or two separators; `和/或` stays prose), a whole name at a time: a name
                // does not switch from ASCII to other characters (`main.swift和` ends before 和).
                var nameIsOther = false
                while end < bytes.count {
                    let byte = bytes[end]
                    if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\") {
                        separators += 1
                        nameIsOther = false
                        end += 1
                        continue
                    }
                    if isPathByte(byte) {
                        guard !nameIsOther else { break }
                        end += 1
                        continue
                    }
                    let isClearlyPath =
                        separators >= 2 || (start + 2 <= offset && bytes[start + 1] == UInt8(ascii: ":"))
                    let startsName = bytes[end - 1] == UInt8(ascii: "/") || bytes[end - 1] == UInt8(ascii: "\\")
                    guard byte >= 0x80, isClearlyPath, nameIsOther || startsName else { break }
                    let (value, length) = text.scalar(at: end)
                    guard isIRICharacter(value) else { break }
                    nameIsOther = true
                    end += length
                }
                // A sentence's full stop after a path is not part of it.
                while end > offset + 1 && bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
                let hasName = (start..<end).contains { isLetter(bytes[$0]) || isDigit(bytes[$0]) }
                if hasName {
                    found.append(start..<end)
                    coveredUntil = end
                    offset = max(end, offset + 1)
                    continue
                }
            }
            offset += 1
        }
    }

    /// An e-mail address around the `@` at `offset`: a local part, `@`, and a domain with a dot;
    /// internationalized ones too (`用户@例子.广告`). Like a host's labels, the local part does not
    /// switch between ASCII and other characters, so `寫信給meta@` starts at `meta`.
    private static func emailAddress(around offset: Int, _ text: UTF8Text) -> Range<Int>? {
        let bytes = text.bytes
        func isAddressByte(_ byte: UInt8) -> Bool {
            isLetter(byte) || isDigit(byte) || "._%+-".utf8.contains(byte)
        }
        var start = offset
        var localKind = 0
        while let previous = text.scalar(before: start) {
            let kind = previous.value < 0x80 ? 1 : 2
            guard kind == 1 ? isAddressByte(UInt8(previous.value)) : isIRICharacter(previous.value),
                localKind == 0 || kind == localKind
            else { break }
            localKind = kind
            start = previous.start
        }
        var end = hostEnd(text, from: offset + 1)
        while end > offset + 1 && bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
        guard start < offset, bytes[(offset + 1)..<end].contains(UInt8(ascii: ".")) else { return nil }
        return start..<end
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }

    package static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    package static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// The end of a URL or IRI from its host at `start`. The host holds ASCII host characters or
    /// internationalized labels (`例子.tw`), never both kinds in one label; after it a path,
    /// query or fragment holds URL characters and any other character that is not a space, CJK
    /// punctuation or a quotation mark (`/頭髮,後來`, `#基於WebKit`). Trailing sentence
    /// punctuation and closing brackets the URL did not open are not part of it.
    private static func urlEnd(_ text: UTF8Text, from start: Int) -> Int {
        let bytes = text.bytes
        var end = hostEnd(text, from: start)
        if end < bytes.count, "/?#".utf8.contains(bytes[end]) {
            while end < bytes.count {
                if bytes[end] < 0x80 {
                    guard isURLByte(bytes[end]) else { break }
                    end += 1
                    continue
                }
                let (value, length) = text.scalar(at: end)
                guard isIRICharacter(value) else { break }
                end += length
            }
        }
        while end > start, ".,;:!?)]'".utf8.contains(bytes[end - 1]) {
            // Keep a closing bracket that closes one inside the URL, as in Wikipedia links.
            let closing = bytes[end - 1]
            if closing == UInt8(ascii: ")") || closing == UInt8(ascii: "]") {
                let opening = closing == UInt8(ascii: ")") ? UInt8(ascii: "(") : UInt8(ascii: "[")
                if bytes[start..<end].filter({ $0 == opening }).count
                    >= bytes[start..<end].filter({ $0 == closing }).count
                {
                    break
                }
            }
            end -= 1
        }
        return end
    }

    /// The end of a host (with user information and port) or of a domain: labels of ASCII letters,
    /// digits and hyphens, or of other IRI characters, without switching kind inside a label, so
    /// `example.com或` ends before 或.
    private static func hostEnd(_ text: UTF8Text, from start: Int) -> Int {
        let bytes = text.bytes
        var end = start
        var labelKind = 0  // 0: none yet, 1: ASCII, 2: other
        while end < bytes.count {
            let byte = bytes[end]
            if byte < 0x80 {
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@")
                    || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
                {
                    labelKind = 0
                } else if isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "~")
                {
                    if labelKind == 2 { break }
                    labelKind = 1
                } else {
                    break
                }
                end += 1
                continue
            }
            let (value, length) = text.scalar(at: end)
            guard isIRICharacter(value), labelKind != 1 else { break }
            labelKind = 2
            end += length
        }
        return end
    }

    /// A non-ASCII character an IRI may hold: not a space, not CJK punctuation or a full-width
    /// form of ASCII punctuation, not a quotation mark.
    private static func isIRICharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: false
        case 0x2018...0x201F, 0x2026, 0x00AB, 0x00BB: false
        default: !CharacterClass.isCJKPunctuation(value)
        }
    }

    // MARK: Character references

    package static func characterReferenceEnd(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        guard bytes[offset] == UInt8(ascii: "&"), offset + 2 < bytes.count else { return nil }
        var end = offset + 1
        if bytes[end] == UInt8(ascii: "#") {
            end += 1
            let hex = end < bytes.count && (bytes[end] == UInt8(ascii: "x") || bytes[end] == UInt8(ascii: "X"))
            if hex { end += 1 }
            let digitsStart = end
            while end < bytes.count, end - digitsStart < 8,
                isDigit(bytes[end]) || (hex && isHexLetter(bytes[end]))
            {
                end += 1
            }
            guard end > digitsStart else { return nil }
        } else {
            guard isLetter(bytes[end]) else { return nil }
            while end < bytes.count, end - offset < 33, isLetter(bytes[end]) || isDigit(bytes[end]) { end += 1 }
            guard end - offset >= 3 else { return nil }
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";") else { return nil }
        return end + 1
    }

    /// The end of a format placeholder starting at `offset`, if one does.
    private static func isHexLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

}
