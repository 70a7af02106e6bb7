import HanziConversion
import HanziNormalization
import HanziReporting
import HanziText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a stream of records is laid out: one record a line either way.
public enum RecordFormat: String, Sendable, CaseIterable {
    /// Each line is a record and its text (a `\r` before the `\n` stays with the line break).
    case lines
    /// Each line is a JSON object; named string members are its texts, every other byte is kept.
    case jsonl
}

/// What happens to a record that cannot be read (invalid UTF-8, a malformed JSON line).
public enum BadRecordPolicy: String, Sendable, CaseIterable {
    /// The stream stops with the record's error; the records before it have been written.
    case fail
    /// The record is reported and left out of the output; the stream goes on.
    case skip
}

/// A stream of records processed one by one, in order, as they arrive: every record is its own
/// document, so the output does not depend on how the stream was cut (by Spark partitions, say)
/// and is written as soon as each batch of complete lines has been read.
public struct RecordStream: Sendable {
    /// How records are laid out.
    public var format: RecordFormat
    /// For `jsonl`, the string members that hold text; each must be present (a `null` passes).
    public var fields: [String]
    /// For `jsonl`, a member copied into each finding of `check` to name its record.
    public var idField: String?
    /// What a record that cannot be read does to the stream.
    public var badRecords: BadRecordPolicy

    /// A stream of `format` records; `fields` are the JSON members with text (default `text`).
    public init(
        format: RecordFormat, fields: [String] = ["text"], idField: String? = nil, badRecords: BadRecordPolicy = .fail
    ) {
        self.format = format
        self.fields = fields
        self.idField = idField
        self.badRecords = badRecords
    }

    /// How many records a stream held and what became of them.
    public struct Summary: Sendable, Equatable {
        /// Records read (lines, the last one with or without its line break).
        public var records = 0
        /// Records left out under `BadRecordPolicy.skip`.
        public var skipped = 0
    }

    /// Replaces each record's text with `transform(text)` and writes the record to `sink`, in
    /// order, one output line for each input line. Records that cannot be read throw, or under
    /// `.skip` go to `skipped` (with the record's error, which names its line) and are left out.
    /// A JSON Lines field, named by member or JSON pointer, is decoded, so text written as `\u`
    /// escapes (Python's `json.dumps` default) is transformed too; a field whose text changed is
    /// written back as UTF-8 in its place, and every other byte of the record stays as written.
    public func transform(
        file path: String, to sink: some ByteSink, skipped: (HanziKitError) -> Void = { _ in },
        _ transform: (String) throws(HanziKitError) -> String
    ) throws(HanziKitError) -> Summary {
        var reader = JSONRecordReader(fields: JSONFields(fields))
        return try forEachRecord(in: path, to: sink, skipped: skipped) { record, output throws(HanziKitError) in
            switch format {
            case .lines:
                output += try transform(try record.text()).utf8
            case .jsonl:
                try record.read(with: &reader)
                var copied = 0
                for value in Self.lastValues(reader.values, fields: fields.count) {
                    let content = UnsafeBufferPointer(rebasing: record.content[value.content])
                    let original = JSONReader.text(of: content, hasEscapes: value.hasEscapes)
                    let replaced = try transform(original)
                    guard replaced != original else { continue }
                    output.append(contentsOf: record.content[copied..<value.range.lowerBound])
                    JSONReader.appendQuoted(replaced.utf8, to: &output)
                    copied = value.range.upperBound
                }
                output.append(contentsOf: record.content[copied...])
            }
            output.append(contentsOf: record.terminator)
        }
    }

    /// The last string value of each text field (as most JSON readers take the last of a name
    /// given twice), in document order.
    private static func lastValues(_ values: [JSONFieldValue], fields: Int) -> [JSONFieldValue] {
        var last = [Int](repeating: -1, count: fields)
        for (index, value) in values.enumerated() where value.field < fields { last[value.field] = index }
        return last.filter { $0 >= 0 }.sorted().map { values[$0] }.filter(\.isString)
    }

    /// `transform` with `converter`; plain lines are converted a whole piece of input at a time
    /// (no dictionary key holds a line break, so this equals converting each line) unless the
    /// piece holds invalid UTF-8, which is then found record by record.
    public func convert(
        file path: String, with converter: Converter, to sink: some ByteSink,
        skipped: (HanziKitError) -> Void = { _ in }
    ) throws(HanziKitError) -> Summary {
        guard format == .lines else {
            return try transform(file: path, to: sink, skipped: skipped) { converter.convert($0) }
        }
        return try forEachRecord(
            in: path, to: sink, skipped: skipped,
            wholePiece: { piece, output in converter.appendConversion(ofValidating: piece, to: &output) }
        ) { record, output throws(HanziKitError) in
            output += converter.convert(try record.text()).utf8
            output.append(contentsOf: record.terminator)
        }
    }

    /// Checks each record's text with `normalizer` and writes each finding to `sink` as one JSON
    /// object a line: the record's line number (`record`), for JSON Lines the `field` and the
    /// `id`, and the finding's place in the text. Returns the summary and the highest severity found.
    public func check(
        file path: String, with normalizer: Normalizer, to sink: some ByteSink,
        skipped: (HanziKitError) -> Void = { _ in }
    ) throws(HanziKitError) -> (summary: Summary, highest: Severity?) {
        var highest: Severity?
        var reader = JSONRecordReader(fields: JSONFields(fields), anyValue: idField)
        let summary = try forEachRecord(in: path, to: sink, skipped: skipped) { record, output throws(HanziKitError) in
            var texts: [(field: String?, text: String)] = []
            var id: JSONValue?
            switch format {
            case .lines:
                texts = [(nil, try record.text())]
            case .jsonl:
                try record.read(with: &reader)
                // Findings in the order of --field.
                for value in Self.lastValues(reader.values, fields: fields.count).sorted(by: { $0.field < $1.field }) {
                    let content = UnsafeBufferPointer(rebasing: record.content[value.content])
                    texts.append((fields[value.field], JSONReader.text(of: content, hasEscapes: value.hasEscapes)))
                }
                if let member = reader.values.last(where: { $0.field == fields.count }) {
                    id = .raw(
                        String(decoding: UnsafeBufferPointer(rebasing: record.content[member.range]), as: UTF8.self))
                }
            }
            var lines = ""
            for (field, text) in texts {
                for finding in try normalizer.check(text).findings {
                    highest = max(highest ?? finding.severity, finding.severity)
                    var members = JSONReporter.members(of: finding)
                    members["record"] = .number(record.line)
                    if let field { members["field"] = .string(field) }
                    if let id { members["id"] = id }
                    lines += JSONValue.object(members).compact + "\n"
                }
            }
            output += lines.utf8
        }
        return (summary, highest)
    }

    /// Reads the stream in whatever pieces `read` returns, cut after their last complete line,
    /// hands each record to `body` (which appends its output) and writes each piece's output
    /// before reading on. `wholePiece`, when given, may handle a whole piece of complete lines at
    /// once and return true.
    private func forEachRecord(
        in path: String, to sink: some ByteSink, skipped: (HanziKitError) -> Void,
        wholePiece: ((UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Bool)? = nil,
        _ body: (Record, inout [UInt8]) throws(HanziKitError) -> Void
    ) throws(HanziKitError) -> Summary {
        var windows = StreamWindows(try TextSource(path, encoding: .utf8).makeReader())
        let buffer = WindowBuffer(capacity: 1 << 20)
        var summary = Summary()
        var output: [UInt8] = []
        // Complete lines only, unless the stream has ended: a last line without its line break.
        while let piece = try windows.next(
            into: buffer, size: 1 << 20, waitsForSize: false,
            cut: { bytes, searched in
                bytes[searched...].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }
            })
        {
            let bytes = piece.bytes
            let end = bytes.count
            var start = 0
            output.removeAll(keepingCapacity: true)
            if let wholePiece, wholePiece(bytes, &output) {
                summary.records += bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                if bytes.last != UInt8(ascii: "\n") { summary.records += 1 }
                start = end
            }
            while start < end {
                let lineEnd = bytes[start..<end].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? end
                summary.records += 1
                let record = Record(
                    bytes: UnsafeBufferPointer(rebasing: bytes[start..<lineEnd]), line: summary.records,
                    streamOffset: piece.start.utf8Offset + start)
                let written = output.count
                do throws(HanziKitError) {
                    try body(record, &output)
                } catch {
                    output.removeSubrange(written...)
                    guard badRecords == .skip else {
                        try sink.write(output)
                        throw error
                    }
                    summary.skipped += 1
                    skipped(error)
                }
                start = lineEnd
            }
            try sink.write(output)
        }
        return summary
    }
}

/// One line of a record stream, with where it is for error messages.
private struct Record {
    /// The line without its line break (and without a `\r` before it).
    let content: UnsafeBufferPointer<UInt8>
    /// `\n`, `\r\n` or nothing (the stream's last line).
    let terminator: UnsafeBufferPointer<UInt8>
    /// The 1-based line of the stream.
    let line: Int
    /// Where the line starts in the stream.
    let streamOffset: Int

    init(bytes: UnsafeBufferPointer<UInt8>, line: Int, streamOffset: Int) {
        var contentEnd = bytes.count
        if contentEnd > 0 && bytes[contentEnd - 1] == UInt8(ascii: "\n") {
            contentEnd -= 1
            if contentEnd > 0 && bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
        }
        content = UnsafeBufferPointer(rebasing: bytes[..<contentEnd])
        terminator = UnsafeBufferPointer(rebasing: bytes[contentEnd...])
        self.line = line
        self.streamOffset = streamOffset
    }

    /// The line as text, or the invalid UTF-8 error placed in the stream.
    func text() throws(HanziKitError) -> String {
        try UTF8Validation.decode(content, after: PositionCounter(lineStartingAt: streamOffset, line: line))
    }

    /// Reads the line as a JSON object with `reader`, which then holds its fields' values.
    func read(with reader: inout JSONRecordReader) throws(HanziKitError) {
        _ = try text()
        do throws(DocumentSyntaxError) {
            try reader.read(content)
        } catch {
            throw malformed(at: error.offset, error.reason)
        }
    }

    private func malformed(at offset: Int, _ reason: String) -> HanziKitError {
        let position = PositionCounter(lineStartingAt: streamOffset, line: line).position(at: offset, in: content)
        return .malformedRecord(
            byteOffset: streamOffset + offset, line: position.line, column: position.column, reason: reason)
    }
}
