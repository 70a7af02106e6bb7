import Foundation

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

/// The byte ranges of a text that no rule may touch: URLs, paths, code in Markdown, and lines
/// switched off with `hanzi-disable-next-line` or between `hanzi-disable` and `hanzi-enable`.
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
                    let end = urlEnd(bytes, from: offset + 3)
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
                let end = urlEnd(bytes, from: offset + 4)
                found.append(offset..<end)
                coveredUntil = end
                offset = end
                continue
            }
            if offset >= coveredUntil, byte == UInt8(ascii: "@"), let email = emailAddress(around: offset, bytes) {
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
                while end < bytes.count && isPathByte(bytes[end]) { end += 1 }
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

    /// An e-mail address around the `@` at `offset`: a local part, `@`, and a domain with a dot.
    private static func emailAddress(around offset: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        func isAddressByte(_ byte: UInt8) -> Bool {
            isLetter(byte) || isDigit(byte) || "._%+-".utf8.contains(byte)
        }
        var start = offset
        while start > 0 && isAddressByte(bytes[start - 1]) { start -= 1 }
        var end = offset + 1
        while end < bytes.count && isAddressByte(bytes[end]) { end += 1 }
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

    /// The end of a URL: ASCII URL characters, minus trailing sentence punctuation.
    private static func urlEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < bytes.count && isURLByte(bytes[end]) { end += 1 }
        while end > start, ".,;:!?)'".utf8.contains(bytes[end - 1]) {
            // Keep a closing parenthesis that closes one inside the URL, as in Wikipedia links.
            if bytes[end - 1] == UInt8(ascii: ")"),
                bytes[start..<end].filter({ $0 == UInt8(ascii: "(") }).count
                    >= bytes[start..<end].filter({ $0 == UInt8(ascii: ")") }).count
            {
                break
            }
            end -= 1
        }
        return end
    }
}
