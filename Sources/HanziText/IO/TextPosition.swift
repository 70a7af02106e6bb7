/// A place in text as every part of HanziKit reports it (findings, invalid-UTF-8 and encoding
/// errors, diff ranges): a 1-based line and a 1-based column counted in Unicode scalars, so a
/// combining mark, each scalar of an emoji sequence and a supplementary-plane character are one
/// column each. Lines end at `\n`; a byte-order mark that opens a file is not a column.
public struct TextPosition: Sendable, Hashable, Codable {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars.
    public var column: Int

    /// Creates a position.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of the byte at `utf8Offset` in `utf8`, text that starts a file (its
    /// byte-order mark is not counted); the bytes before the offset must be valid UTF-8.
    init<Bytes: RandomAccessCollection<UInt8>>(utf8Offset: Int, in utf8: Bytes) where Bytes.Index == Int {
        var counter = PositionCounter()
        counter.advance(over: utf8[utf8.startIndex..<(utf8.startIndex + utf8Offset)])
        self = counter.position
    }
}

/// Counts lines and columns across text handed over in pieces, as a stream reads it: the one
/// column definition (`TextPosition`) for every reader. The pieces must end on scalar boundaries.
package struct PositionCounter: Sendable, Hashable {
    /// Bytes counted so far: the UTF-8 offset of the current position.
    package private(set) var utf8Offset = 0
    /// The position after the bytes counted so far.
    package private(set) var position = TextPosition(line: 1, column: 1)

    /// A counter at the start of a file.
    package init() {}

    /// A counter at the start of line `line`, `utf8Offset` bytes into a file.
    package init(lineStartingAt utf8Offset: Int, line: Int) {
        self.utf8Offset = utf8Offset
        position = TextPosition(line: line, column: 1)
    }

    /// The UTF-8 byte-order mark, which opens a file without being one of its characters.
    package static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Counts `bytes`, the text that follows what was counted so far.
    package mutating func advance<Bytes: BidirectionalCollection<UInt8>>(over bytes: Bytes) {
        advance(over: bytes, newlines: bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
    }

    /// Counts `bytes`, which hold `newlines` line breaks (a caller that counted them already
    /// saves a pass): only the scalars after the last one are counted.
    package mutating func advance<Bytes: BidirectionalCollection<UInt8>>(over bytes: Bytes, newlines: Int) {
        var lineStart = bytes.startIndex
        var column = position.column
        if newlines > 0, let lastBreak = bytes.lastIndex(of: 0x0A) {
            lineStart = bytes.index(after: lastBreak)
            column = 1
        } else if utf8Offset == 0 && bytes.starts(with: Self.byteOrderMark) {
            lineStart = bytes.index(bytes.startIndex, offsetBy: 3)
        }
        for byte in bytes[lineStart...] where byte & 0xC0 != 0x80 { column += 1 }
        position = TextPosition(line: position.line + newlines, column: column)
        utf8Offset += bytes.count
    }

    /// The position `offset` bytes into `bytes`, the text that follows what was counted so far.
    package func position<Bytes: BidirectionalCollection<UInt8>>(at offset: Int, in bytes: Bytes) -> TextPosition {
        var counter = self
        counter.advance(over: bytes.prefix(offset))
        return counter.position
    }
}
