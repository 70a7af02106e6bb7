import HanziConversion
import HanziText

/// One side of a comparison: validated UTF-8 split into lines at `\n`.
///
/// Lines keep a `\r` before their `\n` as part of their text, so a CRLF file compares and
/// patches byte for byte.
public struct DiffDocument: Sendable {
    /// The document's bytes, valid UTF-8.
    public let bytes: [UInt8]
    /// The byte offset where each line starts.
    let lineStarts: [Int]

    /// The largest file `hanzi diff` compares, in bytes and in lines: both sides are held whole
    /// with several words a line, so memory grows with them (RELIABILITY.md has the figures).
    public static let maximumByteCount = 64 << 20
    /// The most lines a file `hanzi diff` compares may have.
    public static let maximumLineCount = 1_000_000

    /// Refuses a file over the limits, naming it; `bytes` is nil to check only its size first.
    public static func checkLimits(of path: String, size: Int, bytes: [UInt8]?) throws(HanziKitError) {
        let limits = "diff compares files up to 64 MB and 1,000,000 lines"
        if size > maximumByteCount {
            throw .fileSystem(path: path, reason: "too large to compare (\(size >> 20) MB; \(limits))")
        }
        guard let bytes else { return }
        var lines = 0
        for byte in bytes where byte == UInt8(ascii: "\n") {
            lines += 1
            if lines > maximumLineCount {
                throw .fileSystem(path: path, reason: "too many lines to compare (over 1,000,000; \(limits))")
            }
        }
    }

    /// Validates `bytes`; invalid UTF-8 throws `HanziKitError.invalidUTF8` with its byte offset,
    /// line and column.
    public init(utf8 bytes: [UInt8]) throws(HanziKitError) {
        try bytes.withUnsafeBufferPointer { buffer throws(HanziKitError) in
            _ = try UTF8Validation.decode(buffer)
        }
        self.init(validUTF8: bytes)
    }

    /// A document holding `text`.
    public init(_ text: String) {
        self.init(validUTF8: Array(text.utf8))
    }

    private init(validUTF8 bytes: [UInt8]) {
        self.bytes = bytes
        var starts: [Int] = []
        starts.reserveCapacity(bytes.count / 40 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            for index in 0..<buffer.count where buffer[index] == UInt8(ascii: "\n") {
                starts.append(start)
                start = index + 1
            }
            if start < buffer.count { starts.append(start) }
        }
        lineStarts = starts
    }

    /// The number of lines; a final line without `\n` counts, an empty file has none.
    public var lineCount: Int { lineStarts.count }

    /// The byte range of line `index` (0-based), without its `\n`.
    func contentRange(ofLine index: Int) -> Range<Int> {
        let start = lineStarts[index]
        let next = index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count
        let end = next > start && bytes[next - 1] == UInt8(ascii: "\n") ? next - 1 : next
        return start..<end
    }

    /// The byte range of line `index` including its `\n`, if it has one.
    func fullRange(ofLine index: Int) -> Range<Int> {
        lineStarts[index]..<(index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count)
    }

    /// Whether line `index` ends with `\n`; only the last line of a file may not.
    func hasLineBreak(_ index: Int) -> Bool {
        let range = fullRange(ofLine: index)
        return !range.isEmpty && bytes[range.upperBound - 1] == UInt8(ascii: "\n")
    }

    /// The text of line `index`, without its `\n`.
    func text(ofLine index: Int) -> String {
        String(decoding: bytes[contentRange(ofLine: index)], as: UTF8.self)
    }

    /// The text between two byte offsets, which lie on character boundaries.
    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The whole document as a string.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The position where line `index` starts, or the end of the document past the last line.
    func position(atStartOfLine index: Int) -> OffsetPosition {
        if index < lineCount {
            return OffsetPosition(line: index + 1, column: 1, utf8Offset: lineStarts[index])
        }
        return endPosition
    }

    /// The position just after the last character.
    var endPosition: OffsetPosition {
        guard let last = lineStarts.indices.last else { return OffsetPosition(line: 1, column: 1, utf8Offset: 0) }
        if hasLineBreak(last) {
            return OffsetPosition(line: lineCount + 1, column: 1, utf8Offset: bytes.count)
        }
        let counter = last == 0 ? PositionCounter() : PositionCounter(lineStartingAt: lineStarts[last], line: lineCount)
        let position = counter.position(at: bytes.count - lineStarts[last], in: bytes[lineStarts[last]...])
        return OffsetPosition(line: position.line, column: position.column, utf8Offset: bytes.count)
    }

    /// Whether the document opens with a byte-order mark, which is not a column (`TextPosition`).
    var startsWithByteOrderMark: Bool { bytes.starts(with: PositionCounter.byteOrderMark) }
}
