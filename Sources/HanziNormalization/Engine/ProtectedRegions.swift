import Foundation
import HanziConversion
import HanziText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a document is written, which decides what the engine must never change in it.
public enum DocumentFormat: String, Sendable, CaseIterable {
    /// Plain text: URLs, paths and marked lines are protected.
    case plain
    /// Markdown: also fenced code blocks and inline code.
    case markdown

    /// The format a file's name implies: `.md` and `.markdown` are Markdown, anything else plain.
    public init(path: String) {
        let lowered = path.lowercased()
        self = lowered.hasSuffix(".md") || lowered.hasSuffix(".markdown") ? .markdown : .plain
    }
}

/// The byte ranges of a text that no rule may touch: URLs and IRIs, e-mail addresses, paths,
/// character references (`&nbsp;`), format placeholders (`%s`, `{0}`), sentences in Japanese or
/// Korean, code in Markdown, and lines switched off with `hanzi-disable-next-line` or between
/// `hanzi-disable` and `hanzi-enable`.
struct ProtectedRegions {
    /// Sorted, non-overlapping byte ranges.
    private(set) var ranges: [Range<Int>] = []

    static let disableNextLineMarker = Array("hanzi-disable-next-line".utf8)
    static let disableMarker = Array("hanzi-disable".utf8)
    static let enableMarker = Array("hanzi-enable".utf8)

    init(_ text: UTF8Text, format: DocumentFormat) {
        var found: [Range<Int>] = []
        Self.addMarkedLines(text, to: &found)
        if format == .markdown { Self.addMarkdownCode(text, to: &found) }
        Self.addURLsAndPaths(text, to: &found)
        Self.addReferencesAndPlaceholders(text, to: &found)
        Self.addKanaAndHangulSentences(text, to: &found)
        ranges = Self.merged(found)
    }

    private init(ranges: [Range<Int>]) {
        self.ranges = ranges
    }

    /// The regions inside `part`, counted from its start; a neutral cut lies inside none, so a
    /// segment's regions are exactly those its own text would give.
    func slice(_ part: Range<Int>) -> ProtectedRegions {
        var sliced: [Range<Int>] = []
        var index = firstRange(endingAfter: part.lowerBound)
        while index < ranges.count && ranges[index].lowerBound < part.upperBound {
            let clamped = ranges[index].clamped(to: part)
            if !clamped.isEmpty {
                sliced.append((clamped.lowerBound - part.lowerBound)..<(clamped.upperBound - part.lowerBound))
            }
            index += 1
        }
        return ProtectedRegions(ranges: sliced)
    }

    /// The index of the first range that ends after `offset`, by binary search.
    private func firstRange(endingAfter offset: Int) -> Int {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The regions after `fixes` (sorted, outside every region) are applied to the text.
    func shifted(through fixes: [RuleViolation]) -> ProtectedRegions {
        var shift = 0
        var next = 0
        return ProtectedRegions(
            ranges: ranges.map { range in
                while next < fixes.count && fixes[next].utf8Range.upperBound <= range.lowerBound {
                    shift +=
                        (fixes[next].replacement?.utf8.count ?? fixes[next].utf8Range.count)
                        - fixes[next].utf8Range.count
                    next += 1
                }
                return (range.lowerBound + shift)..<(range.upperBound + shift)
            })
    }

    /// Whether `range` touches a protected byte; an insertion is protected only strictly inside one.
    func protects(_ range: Range<Int>) -> Bool {
        let low = firstRange(endingAfter: range.lowerBound)
        guard low < ranges.count else { return false }
        let candidate = ranges[low]
        if range.isEmpty { return candidate.lowerBound < range.lowerBound }
        return candidate.lowerBound < range.upperBound
    }

    private static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
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

    private static func lines(_ text: UTF8Text) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for offset in 0..<text.count where text.bytes[offset] == UInt8(ascii: "\n") {
            result.append(start..<offset + 1)
            start = offset + 1
        }
        if start < text.count { result.append(start..<text.count) }
        return result
    }

    /// Where `marker` first occurs in `line`; memchr finds candidates for its first byte quickly.
    private static func contains(_ marker: [UInt8], in text: UTF8Text, _ line: Range<Int>) -> Int? {
        guard line.count >= marker.count, let base = text.bytes.baseAddress else { return nil }
        var offset = line.lowerBound
        let last = line.upperBound - marker.count
        while offset <= last {
            guard let hit = memchr(base + offset, Int32(marker[0]), last - offset + 1) else { return nil }
            let start = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if (1..<marker.count).allSatisfy({ base[start + $0] == marker[$0] }) { return start }
            offset = start + 1
        }
        return nil
    }

    private static func addMarkedLines(_ text: UTF8Text, to found: inout [Range<Int>]) {
        // Cheap exit: most texts carry no marker at all.
        guard contains(disableMarker, in: text, 0..<text.count) != nil else { return }
        var disabledSince: Int?
        var protectNext = false
        for line in lines(text) {
            if protectNext {
                found.append(line)
                protectNext = false
            }
            if contains(disableNextLineMarker, in: text, line) != nil {
                found.append(line)
                protectNext = true
            } else if disabledSince == nil, contains(disableMarker, in: text, line) != nil {
                disabledSince = line.lowerBound
            }
            if let start = disabledSince, contains(enableMarker, in: text, line) != nil {
                found.append(start..<line.upperBound)
                disabledSince = nil
            }
        }
        if let start = disabledSince { found.append(start..<text.count) }
    }

    // MARK: Markdown

    private static func addMarkdownCode(_ text: UTF8Text, to found: inout [Range<Int>]) {
        addFrontMatter(text, to: &found)
        var fence: (byte: UInt8, length: Int, start: Int)?
        // Indented code starts after a blank line (it cannot interrupt a paragraph) and goes on
        // while lines stay indented; list continuations are protected too, which is only cautious.
        var previousBlank = true
        var inIndentedCode = false
        for line in lines(text) {
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
                found.append(line)
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
                    found.append(open.start..<line.upperBound)
                    fence = nil
                }
            } else if runLength >= 3 {
                fence = (byte, runLength, line.lowerBound)
            } else {
                addInlineCode(text, line, to: &found)
                addLinkDestinations(text, line, to: &found)
            }
        }
        // An unclosed fence runs to the end of the document, as in CommonMark.
        if let open = fence { found.append(open.start..<text.count) }
    }

    /// YAML front matter: a first line `---`, up to the next `---` or `...` line; its keys are data.
    private static func addFrontMatter(_ text: UTF8Text, to found: inout [Range<Int>]) {
        guard text.count >= 3, text.bytes[0] == UInt8(ascii: "-"), text.bytes[1] == UInt8(ascii: "-") else { return }
        let allLines = lines(text)
        func content(_ line: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: text.bytes[line]), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let first = allLines.first, content(first) == "---" else { return }
        if let end = allLines.dropFirst().first(where: { content($0) == "---" || content($0) == "..." }) {
            found.append(first.lowerBound..<end.upperBound)
        }
    }

    /// Backtick spans on one line: a run of N backticks up to the next run of exactly N.
    private static func addInlineCode(_ text: UTF8Text, _ line: Range<Int>, to found: inout [Range<Int>]) {
        let backtick = UInt8(ascii: "`")
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
    private static func addURLsAndPaths(_ text: UTF8Text, to found: inout [Range<Int>]) {
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
            if offset >= coveredUntil, byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\") {
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

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
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

    // MARK: References and placeholders

    /// HTML/XML character references (`&nbsp;`, `&#x4E2D;`, `&#20013;`) and format placeholders:
    /// printf's (`%s`, `%1$d`, `%-5.2f`, `%%`), Python's (`%(name)s`, `{0}`, `{name}`), Qt's
    /// (`%1`), Ruby's and shell's (`%{name}`, `${name}`), and `{{name}}` templates.
    private static func addReferencesAndPlaceholders(_ text: UTF8Text, to found: inout [Range<Int>]) {
        let bytes = text.bytes
        let triggers = ByteFinder("&%{$")
        var offset = triggers.next(in: text, from: 0)
        while offset < bytes.count {
            if let end = characterReferenceEnd(bytes, at: offset) ?? placeholderEnd(bytes, at: offset) {
                found.append(offset..<end)
                offset = triggers.next(in: text, from: end)
            } else {
                offset = triggers.next(in: text, from: offset + 1)
            }
        }
    }

    /// The end of a character reference starting at `offset`, if one does.
    static func characterReferenceEnd(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
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
    static func placeholderEnd(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        func byte(_ index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }
        switch bytes[offset] {
        case UInt8(ascii: "%"):
            var end = offset + 1
            switch byte(end) {
            case UInt8(ascii: "%"): return end + 1
            case UInt8(ascii: "("), UInt8(ascii: "{"):
                let close = byte(end) == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}")
                guard let nameEnd = identifierEnd(bytes, from: end + 1), byte(nameEnd) == close else { return nil }
                end = nameEnd + 1
                if close == UInt8(ascii: "}") { return end }
                return printfConversionEnd(bytes, from: end)
            default:
                // Qt's %1 … %99, when no printf conversion follows the digits.
                if isDigit(byte(end)), let conversion = printfConversionEnd(bytes, from: end) { return conversion }
                if isDigit(byte(end)) {
                    while isDigit(byte(end)) && end - offset < 3 { end += 1 }
                    return isLetter(byte(end)) ? nil : end
                }
                return printfConversionEnd(bytes, from: end)
            }
        case UInt8(ascii: "{"):
            let double = byte(offset + 1) == UInt8(ascii: "{")
            return braceEnd(bytes, from: offset + (double ? 2 : 1), closing: double ? 2 : 1)
        case UInt8(ascii: "$"):
            guard byte(offset + 1) == UInt8(ascii: "{") else { return nil }
            return braceEnd(bytes, from: offset + 2, closing: 1)
        default: return nil
        }
    }

    /// `0}`, `name}`, `name:>10}` or `0:.2f}` (for `closing` 2, `}}`): the end after the braces.
    private static func braceEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, closing: Int) -> Int? {
        var end = start
        while end < bytes.count, end - start < 64, bytes[end] == UInt8(ascii: " ") { end += 1 }
        if end < bytes.count, isDigit(bytes[end]) {
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
        } else {
            guard let nameEnd = identifierEnd(bytes, from: end) else { return nil }
            end = nameEnd
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: ":") || bytes[end] == UInt8(ascii: "!") {
            while end < bytes.count, end - start < 64, bytes[end] != UInt8(ascii: "}"), bytes[end] >= 0x20,
                bytes[end] < 0x80
            {
                end += 1
            }
        }
        while end < bytes.count, end - start < 64, bytes[end] == UInt8(ascii: " ") { end += 1 }
        for index in 0..<closing {
            guard end + index < bytes.count, bytes[end + index] == UInt8(ascii: "}") else { return nil }
        }
        return end + closing
    }

    /// The end of an identifier (`name`, `user.name`) starting at `start`, if one does.
    private static func identifierEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, isLetter(bytes[start]) || bytes[start] == UInt8(ascii: "_") else { return nil }
        var end = start + 1
        while end < bytes.count, end - start < 64,
            isLetter(bytes[end]) || isDigit(bytes[end]) || bytes[end] == UInt8(ascii: "_")
                || bytes[end] == UInt8(ascii: ".")
        {
            end += 1
        }
        return end
    }

    /// After `%`: an optional `N$`, flags, width, precision, length and a conversion letter.
    private static func printfConversionEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        func byte(_ index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }
        var end = start
        var digits = end
        while isDigit(byte(digits)) { digits += 1 }
        if digits > end, byte(digits) == UInt8(ascii: "$") { end = digits + 1 }
        while "-+ #0'".utf8.contains(byte(end)) && end - start < 8 { end += 1 }
        while isDigit(byte(end)) || byte(end) == UInt8(ascii: "*") { end += 1 }
        if byte(end) == UInt8(ascii: ".") {
            end += 1
            while isDigit(byte(end)) || byte(end) == UInt8(ascii: "*") { end += 1 }
        }
        for length in ["hh", "ll", "I64", "I32", "h", "l", "L", "q", "j", "z", "t"] {
            let utf8 = Array(length.utf8)
            if (0..<utf8.count).allSatisfy({ byte(end + $0) == utf8[$0] }) {
                end += utf8.count
                break
            }
        }
        guard "diouxXeEfFgGaAcspnm@".utf8.contains(byte(end)) else { return nil }
        // `%s` glued to a following Latin word is prose ("100%sure"), not a placeholder.
        let next = byte(end + 1)
        if isLetter(next), end == start { return nil }
        return end + 1
    }

    private static func isHexLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    // MARK: Japanese and Korean

    /// Sentences holding kana or hangul: Japanese or Korean, which the rules are not written for.
    /// A sentence runs between line breaks and sentence-ending marks (。！？!?).
    private static func addKanaAndHangulSentences(_ text: UTF8Text, to found: inout [Range<Int>]) {
        let bytes = text.bytes
        var offset = nextKanaOrHangulLead(in: text, from: 0)
        var coveredUntil = 0
        while offset < bytes.count {
            let (value, length) = text.scalar(at: offset)
            guard offset >= coveredUntil, CharacterClass.isKana(value) || CharacterClass.isHangul(value) else {
                offset = nextKanaOrHangulLead(in: text, from: offset + length)
                continue
            }
            var start = offset
            while let previous = text.scalar(before: start), !isSentenceEnd(previous.value) { start = previous.start }
            var end = offset + length
            while end < bytes.count {
                let (next, nextLength) = text.scalar(at: end)
                end += nextLength
                if isSentenceEnd(next) { break }
            }
            found.append(start..<end)
            coveredUntil = end
            offset = nextKanaOrHangulLead(in: text, from: end)
        }
    }

    /// The next lead byte that can start kana or hangul: E3 81–87 (kana, compatibility jamo),
    /// E1 84–87 (jamo), EA–ED (syllables). Eight bytes are tested at once (SWAR), the following
    /// byte included, so CJK punctuation (E3 80), the commonest E3 in Chinese text, stops nothing.
    private static func nextKanaOrHangulLead(in text: UTF8Text, from start: Int) -> Int {
        guard let base = text.bytes.baseAddress else { return text.count }
        let count = text.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // High bit set in exactly the bytes of `word` that equal `byte`.
        func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
            let difference = word ^ (UInt64(byte) &* ones)
            return ~(((difference & lows) &+ lows) | difference | lows)
        }
        var offset = start
        while offset + 9 <= count {
            let lead = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            let next = UnsafeRawPointer(base + offset + 1).loadUnaligned(as: UInt64.self)
            let pairedLead = lead & (0xFE &* ones)
            let syllable = equal(pairedLead, 0xEA) | equal(pairedLead, 0xEC)
            let kana = equal(lead, 0xE3) & equal(next & (0xF8 &* ones), 0x80) & ~equal(next, 0x80)
            let jamo = equal(lead, 0xE1) & equal(next & (0xFC &* ones), 0x84)
            if syllable | kana | jamo != 0 { break }
            offset += 8
        }
        while offset < count {
            let byte = base[offset]
            let second = offset + 1 < count ? base[offset + 1] : 0
            if (0xEA...0xED).contains(byte) || (byte == 0xE3 && (0x81...0x87).contains(second))
                || (byte == 0xE1 && (0x84...0x87).contains(second))
            {
                return offset
            }
            offset += 1
        }
        return count
    }

    private static func isSentenceEnd(_ value: UInt32) -> Bool {
        value == 0x0A || value == 0x3002 || value == 0xFF01 || value == 0xFF1F || value == 0x21 || value == 0x3F
    }
}
