/// A place in a text: 1-based line, 1-based column counted in grapheme clusters (what a reader
/// sees as one character, so an emoji with skin tone or a CJK Extension B character is one
/// column), and the 0-based UTF-8 byte offset from the start of the file.
public struct TextPosition: Sendable, Codable, Hashable, Comparable {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, in grapheme clusters.
    public var column: Int
    /// The 0-based byte offset from the start of the file.
    public var utf8Offset: Int

    /// A position from its line, column and byte offset.
    public init(line: Int, column: Int, utf8Offset: Int) {
        self.line = line
        self.column = column
        self.utf8Offset = utf8Offset
    }

    /// Orders positions by their byte offset, which grows with line and column.
    public static func < (lhs: TextPosition, rhs: TextPosition) -> Bool { lhs.utf8Offset < rhs.utf8Offset }
}

/// A half-open stretch of a text, from `start` up to (not including) `end`; empty when they are equal.
public struct TextRange: Sendable, Codable, Hashable {
    /// Where the range starts.
    public var start: TextPosition
    /// The position just after the range.
    public var end: TextPosition

    /// A range from its two ends.
    public init(start: TextPosition, end: TextPosition) {
        self.start = start
        self.end = end
    }

    /// Whether the range covers no text, as the old side of an insertion does.
    public var isEmpty: Bool { start.utf8Offset == end.utf8Offset }
}
