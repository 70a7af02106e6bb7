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

/// A JSON document: every string value, found by the one JSON reader.
struct JSONSyntax: DocumentSyntax {
    func textRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) throws(DocumentSyntaxError)
        -> [Range<Int>]
    {
        var values = JSONStringValues()
        var reader = JSONReader(bytes: document)
        try reader.read(into: &values)
        return values.ranges
    }

    /// The reader looks only at ASCII bytes.
    var readsAnyBytes: Bool { true }
}

/// One JSON object a line, the named members selected; cut after any line.
struct JSONLinesSyntax: DocumentSyntax {
    func textRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) throws(DocumentSyntaxError)
        -> [Range<Int>]
    {
        guard let base = document.baseAddress else { return [] }
        var records = JSONRecordReader(fields: JSONFields(options.fields))
        var ranges: [Range<Int>] = []
        var start = 0
        while start < document.count {
            let end =
                memchr(base + start, 0x0A, document.count - start).map {
                    UnsafeRawPointer($0) - UnsafeRawPointer(base)
                } ?? document.count
            let line = UnsafeBufferPointer(rebasing: document[start..<end])
            do {
                try records.read(line)
            } catch {
                throw DocumentSyntaxError(offset: start + error.offset, reason: error.reason)
            }
            records.appendTextRanges(to: &ranges, in: line, offset: start)
            start = end + 1
        }
        return ranges
    }

    func lastCut(in window: UnsafeBufferPointer<UInt8>, options: FormatOptions) -> Int? {
        window.lastIndex(of: 0x0A).map { $0 + 1 }
    }

    /// The reader looks only at ASCII bytes.
    var readsAnyBytes: Bool { true }
}
