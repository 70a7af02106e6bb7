import HanziConversion
import HanziText

/// A half-open stretch of a text, from `start` up to (not including) `end`, by line and column
/// (`TextPosition`, columns in Unicode scalars) and by UTF-8 byte offset from the start of
/// the file; empty when the two ends are the same place.
public struct TextRange: Sendable, Codable, Hashable {
    /// Where the range starts.
    public var start: TextPosition
    /// The position just after the range.
    public var end: TextPosition
    /// The 0-based byte offset of `start` in the file.
    public var startUTF8Offset: Int
    /// The 0-based byte offset of `end` in the file.
    public var endUTF8Offset: Int

    /// A range from its two ends and their byte offsets.
    public init(start: TextPosition, end: TextPosition, startUTF8Offset: Int, endUTF8Offset: Int) {
        self.start = start
        self.end = end
        self.startUTF8Offset = startUTF8Offset
        self.endUTF8Offset = endUTF8Offset
    }

    init(start: OffsetPosition, end: OffsetPosition) {
        self.init(
            start: start.position, end: end.position, startUTF8Offset: start.utf8Offset,
            endUTF8Offset: end.utf8Offset)
    }

    /// The byte range the text range covers.
    public var utf8Offsets: Range<Int> { startUTF8Offset..<endUTF8Offset }

    /// Whether the range covers no text, as the old side of an insertion does.
    public var isEmpty: Bool { startUTF8Offset == endUTF8Offset }
}

/// A line and column with the byte offset of the same place, as the diff engine tracks them.
struct OffsetPosition: Hashable {
    var line: Int
    var column: Int
    var utf8Offset: Int

    var position: TextPosition { TextPosition(line: line, column: column) }
}
