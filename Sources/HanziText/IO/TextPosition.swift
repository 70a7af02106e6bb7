/// A place in text as people count it: 1-based line, and 1-based column in characters.
public struct TextPosition: Sendable, Hashable, Codable {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in characters (grapheme clusters).
    public var column: Int

    /// Creates a position.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of the byte at `utf8Offset` in `utf8`; the bytes before it must be valid UTF-8.
    init<Bytes: RandomAccessCollection<UInt8>>(utf8Offset: Int, in utf8: Bytes) where Bytes.Index == Int {
        let prefix = utf8[utf8.startIndex..<(utf8.startIndex + utf8Offset)]
        let lineStart = (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? prefix.startIndex
        line = 1 + prefix.lazy.filter { $0 == UInt8(ascii: "\n") }.count
        column = 1 + String(decoding: prefix[lineStart...], as: UTF8.self).count
    }
}
