#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension DocumentFormat {
    /// JSON message files: every string value, edited in place; member names, numbers, literals,
    /// white space and escape sequences (`\n`, `\u5F8C`) stay byte for byte.
    public static let json = DocumentFormat(
        name: "json", extensions: ["json"],
        summary: "JSON: string values (escape sequences kept as written); never member names, numbers or layout",
        syntax: JSONSyntax())

    /// JSON Lines corpora: the string members `FormatOptions.fields` names (member names or JSON
    /// pointers, default `text`) in every record; each must be present, a string or null.
    public static let jsonLines = DocumentFormat(
        name: "jsonl", extensions: ["jsonl", "ndjson"],
        summary: "JSON Lines: the --field members of each record (default text; a name or a JSON pointer)",
        syntax: JSONLinesSyntax())
}

/// A JSON document read by the record reader's parser, every string value selected.
struct JSONSyntax: DocumentSyntax {
    func textRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) throws(DocumentSyntaxError)
        -> [Range<Int>]
    {
        do {
            return try JSONRecord.textRanges(in: document, selecting: .allStrings)
        } catch {
            throw DocumentSyntaxError(offset: error.offset, reason: error.reason)
        }
    }
}

/// One JSON object a line, the named members selected; cut after any line.
struct JSONLinesSyntax: DocumentSyntax {
    func textRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) throws(DocumentSyntaxError)
        -> [Range<Int>]
    {
        let selection = JSONRecord.ValueSelection.paths(options.fields.map(JSONRecord.path(ofField:)))
        guard let base = document.baseAddress else { return [] }
        var ranges: [Range<Int>] = []
        var start = 0
        while start < document.count {
            let end =
                memchr(base + start, 0x0A, document.count - start).map {
                    UnsafeRawPointer($0) - UnsafeRawPointer(base)
                } ?? document.count
            do {
                let line = UnsafeBufferPointer(rebasing: document[start..<end])
                for range in try JSONRecord.textRanges(in: line, selecting: selection) {
                    ranges.append((range.lowerBound + start)..<(range.upperBound + start))
                }
            } catch {
                throw DocumentSyntaxError(offset: start + error.offset, reason: error.reason)
            }
            start = end + 1
        }
        return ranges
    }

    func lastCut(in window: UnsafeBufferPointer<UInt8>, options: FormatOptions) -> Int? {
        window.lastIndex(of: 0x0A).map { $0 + 1 }
    }
}
