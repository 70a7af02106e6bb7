import HanziConversion
import HanziText

/// One defect the engine found, with its exact place in the original text and its fix if any.
public struct Finding: Sendable, Hashable {
    /// The identifier of the rule that found it, such as `punctuation`.
    public var rule: String
    /// How much it matters, after the configuration's overrides.
    public var severity: Severity
    /// What is wrong, for people.
    public var message: String
    /// The 1-based line of the start of the range.
    public var line: Int
    /// The 1-based column of the start of the range, counted in Unicode scalars (characters).
    public var column: Int
    /// The byte offset of the start of the range in the text's UTF-8.
    public var utf8Offset: Int
    /// The length of the range in UTF-8 bytes; zero where something is missing (an insertion).
    public var utf8Length: Int
    /// The text in the range as found.
    public var original: String
    /// The text that fixes it, or `nil` when the rule cannot fix it.
    public var replacement: String?

    /// Creates a finding.
    public init(
        rule: String, severity: Severity, message: String, line: Int, column: Int, utf8Offset: Int,
        utf8Length: Int, original: String, replacement: String?
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.line = line
        self.column = column
        self.utf8Offset = utf8Offset
        self.utf8Length = utf8Length
        self.original = original
        self.replacement = replacement
    }
}

/// Line starts of a text, to turn byte offsets into 1-based lines and columns.
struct LineIndex {
    private let lineStarts: [Int]

    init(_ text: UTF8Text) {
        var starts = [0]
        for offset in 0..<text.count where text.bytes[offset] == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        lineStarts = starts
    }

    /// The 1-based line and column (in Unicode scalars) of `offset`.
    func position(of offset: Int, in text: UTF8Text) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var column = 1
        // A byte order mark opening the file is an encoding signature, not a character editors count.
        let hasSignature =
            low == 0 && text.count >= 3 && text.bytes[0] == 0xEF && text.bytes[1] == 0xBB && text.bytes[2] == 0xBF
        let lineStart = hasSignature && offset >= 3 ? 3 : lineStarts[low]
        for index in lineStart..<offset where text.bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        return (low + 1, column)
    }
}
