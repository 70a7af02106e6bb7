import HanziConversion
import HanziText

/// The differences between two texts, as hunks of lines with the changed characters inside them.
///
/// ```swift
/// let diff = try TextDiff(old: DiffDocument("頭髮很長\n"), new: DiffDocument("头发很短\n"),
///                         options: DiffOptions(fold: Converter(.t2s)))
/// diff.hunks[0].changes[0].oldText  // "長"
/// ```
public struct TextDiff: Sendable, Codable, Hashable {
    /// The hunks, in file order; empty when the texts are the same.
    public var hunks: [DiffHunk]

    /// A diff made of `hunks`.
    public init(hunks: [DiffHunk]) {
        self.hunks = hunks
    }

    /// Whether the texts compared equal.
    public var isEmpty: Bool { hunks.isEmpty }

    /// Every change of every hunk, in file order.
    public var changes: [DiffChange] { hunks.flatMap(\.changes) }

    /// Compares `old` with `new`: lines first, then grapheme clusters inside changed lines.
    public init(old: DiffDocument, new: DiffDocument, options: DiffOptions = DiffOptions()) {
        self = DiffEngine(old: old, new: new, options: options).run()
    }

    /// Compares two strings; see `init(old:new:options:)`.
    public init(old: String, new: String, options: DiffOptions = DiffOptions()) {
        self.init(old: DiffDocument(old), new: DiffDocument(new), options: options)
    }
}

/// A stretch of lines around one or more changes, as in a unified diff.
public struct DiffHunk: Sendable, Codable, Hashable {
    /// The first old line the hunk shows (1-based); for a hunk with no old lines, the line before it.
    public var oldStart: Int
    /// How many old lines the hunk shows (context and removed).
    public var oldCount: Int
    /// The first new line the hunk shows (1-based); for a hunk with no new lines, the line before it.
    public var newStart: Int
    /// How many new lines the hunk shows (context and added).
    public var newCount: Int
    /// The lines: context, then each changed block's removed lines followed by its added lines.
    public var lines: [DiffLine]
    /// The character-level changes inside the hunk's changed lines.
    public var changes: [DiffChange]

    /// A hunk from its parts.
    public init(
        oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, lines: [DiffLine], changes: [DiffChange]
    ) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.lines = lines
        self.changes = changes
    }
}

/// One line of a hunk.
public struct DiffLine: Sendable, Codable, Hashable {
    /// Whether a line is shared, only in the old text, or only in the new.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// Unchanged; its text is the old text's.
        case context
        /// Only in the old text.
        case removed
        /// Only in the new text.
        case added
    }

    /// What the line is.
    public var kind: Kind
    /// Its 1-based number in the old text (context and removed lines).
    public var oldLine: Int?
    /// Its 1-based number in the new text (context and added lines).
    public var newLine: Int?
    /// The byte offset where the line starts, in the old text for context and removed lines,
    /// in the new text for added ones.
    public var utf8Offset: Int
    /// The line's text without its line break.
    public var text: String
    /// False only for a last line that has no `\n`.
    public var hasLineBreak: Bool

    /// A line from its parts.
    public init(kind: Kind, oldLine: Int?, newLine: Int?, utf8Offset: Int, text: String, hasLineBreak: Bool) {
        self.kind = kind
        self.oldLine = oldLine
        self.newLine = newLine
        self.utf8Offset = utf8Offset
        self.text = text
        self.hasLineBreak = hasLineBreak
    }
}

/// One change: a stretch of the old text replaced by a stretch of the new, either possibly empty.
public struct DiffChange: Sendable, Codable, Hashable {
    /// Where the change is in the old text (empty for an insertion).
    public var old: TextRange
    /// Where the change is in the new text (empty for a deletion).
    public var new: TextRange
    /// The old text of the change, exactly as in the old file.
    public var oldText: String
    /// The new text of the change, exactly as in the new file.
    public var newText: String

    /// A change from its parts.
    public init(old: TextRange, new: TextRange, oldText: String, newText: String) {
        self.old = old
        self.new = new
        self.oldText = oldText
        self.newText = newText
    }
}
