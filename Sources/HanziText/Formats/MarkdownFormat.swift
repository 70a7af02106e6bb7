#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension DocumentFormat {
    /// Markdown: everything but code (fenced, indented, inline), link destinations, autolinks, HTML
    /// tags and YAML front matter other than its string values; with `FormatOptions.includesCode`,
    /// code is text too.
    public static let markdown = DocumentFormat(
        name: "markdown", extensions: ["md", "markdown"],
        summary:
            "prose, headings, front matter values; never front matter keys, code, link destinations, autolinks or HTML tags",
        syntax: MarkdownSyntax())
}

extension DocumentFormat {
    /// What every command says about a Markdown document that starts with front matter the YAML
    /// reader cannot read: the front matter is kept whole (its values are not converted, normalized
    /// or checked), which is right but must not pass unnoticed. `documentStart` is the start of
    /// the document, up to past its front matter; nil for another format, when there is no front
    /// matter, when it reads, or when its closing line is not in `documentStart`.
    public func unreadFrontMatter(in documentStart: UnsafeBufferPointer<UInt8>) -> DocumentNote? {
        guard syntax is MarkdownSyntax, let frontMatter = TextStructure.frontMatter(in: UTF8Text(bytes: documentStart)),
            case .failure(let error) = frontMatter.values
        else { return nil }
        let offset = frontMatter.yaml.lowerBound + min(error.offset, frontMatter.yaml.count)
        let position = PositionCounter().position(at: offset, in: documentStart)
        let lastLine = PositionCounter().position(at: frontMatter.range.upperBound - 1, in: documentStart).line
        return DocumentNote(
            line: position.line, column: position.column, utf8Offset: offset,
            message:
                "front matter (lines 1-\(lastLine)) kept as it is: the YAML reader cannot read it (\(error.reason))")
    }
}

extension DocumentFormat {
    /// `unreadFrontMatter(in:)` of the start of `source`, read without using it up (of standard
    /// input from a pipe, what was read to detect its encoding); nil at once for other formats.
    public func unreadFrontMatter(of source: TextSource) throws(HanziKitError) -> DocumentNote? {
        guard syntax is MarkdownSyntax else { return nil }
        return try source.start(upTo: 64 << 10).withUnsafeBufferPointer { unreadFrontMatter(in: $0) }
    }
}

/// Something a command keeps unchanged in a document because it cannot read it, and says so: a
/// warning for `convert` and `normalize`, an `info` finding for `check`.
public struct DocumentNote: Sendable, Hashable {
    /// The line where it is, from 1.
    public var line: Int
    /// The column, in Unicode scalars from 1.
    public var column: Int
    /// The byte offset in the document.
    public var utf8Offset: Int
    /// What was kept and why, for people.
    public var message: String

    /// A note at a place in a document.
    public init(line: Int, column: Int, utf8Offset: Int, message: String) {
        self.line = line
        self.column = column
        self.utf8Offset = utf8Offset
        self.message = message
    }
}

/// Markdown's text, found by the scanner that protects Markdown from `normalize` (one scanner
/// for every command).
struct MarkdownSyntax: DocumentSyntax {
    func textRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) -> [Range<Int>] {
        var structure: [Range<Int>] = []
        TextStructure.addMarkdownStructure(
            UTF8Text(bytes: document), includingCode: options.includesCode, to: &structure)
        return TextStructure.merged(structure).complement(in: document.count)
    }

    /// The scanner and the front matter's YAML reader look only at ASCII bytes.
    var readsAnyBytes: Bool { true }

    /// The start of the last line after a blank line, outside a fence and front matter, that does
    /// not start with `-` (front matter is read at the start only): the cut `normalize` makes
    /// between segments, found with a scan of line starts only.
    func lastCut(in window: UnsafeBufferPointer<UInt8>, options: FormatOptions) -> Int? {
        guard let base = window.baseAddress else { return nil }
        var offset = 0
        var fence: (byte: UInt8, length: Int)?
        var inFrontMatter =
            window.count >= 3 && window[0] == UInt8(ascii: "-") && window[1] == UInt8(ascii: "-")
            && window[2] == UInt8(ascii: "-")
        var previousBlank = false
        var best: Int?
        var lineNumber = 0
        while offset < window.count {
            guard let hit = memchr(base + offset, 0x0A, window.count - offset) else { break }
            let lineEnd = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
            defer {
                offset = lineEnd
                lineNumber += 1
            }
            var start = offset
            var indent = 0
            while start < lineEnd, window[start] == UInt8(ascii: " "), indent < 4 {
                start += 1
                indent += 1
            }
            let first = window[start]
            let isBlank = (start..<lineEnd).allSatisfy {
                window[$0] == UInt8(ascii: " ") || window[$0] == UInt8(ascii: "\t") || window[$0] == 0x0D
                    || window[$0] == 0x0A
            }
            if inFrontMatter {
                if lineNumber > 0, first == UInt8(ascii: "-") || first == UInt8(ascii: "."), !isBlank {
                    let run = (start..<lineEnd).prefix { window[$0] == first }.count
                    if run == 3 { inFrontMatter = false }
                }
                previousBlank = false
                continue
            }
            if indent < 4, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") {
                let run = (start..<lineEnd).prefix { window[$0] == first }.count
                if let open = fence {
                    if first == open.byte && run >= open.length { fence = nil }
                } else if run >= 3 {
                    fence = (first, run)
                }
            }
            previousBlank = fence == nil && isBlank
            if previousBlank, lineEnd < window.count, window[lineEnd] != UInt8(ascii: "-") { best = lineEnd }
        }
        return best
    }
}
