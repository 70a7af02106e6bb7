import HanziKit

/// The `diff` fuzz target.
///
/// Input layout: the bytes before the first 0xFF are OLD, the bytes after it are NEW; without
/// a 0xFF all bytes are OLD and NEW is empty. 0xFF never occurs in UTF-8, so any pair of texts
/// can be written this way, and a second 0xFF makes NEW invalid UTF-8.
extension FuzzTargets {
    /// Splits fuzz input into OLD and NEW at the first 0xFF byte.
    static func diffSides(_ bytes: [UInt8]) -> (old: [UInt8], new: [UInt8]) {
        guard let separator = bytes.firstIndex(of: 0xFF) else { return (bytes, []) }
        return (Array(bytes[..<separator]), Array(bytes[(separator + 1)...]))
    }

    /// Diff: invalid UTF-8 is an error naming the first bad byte; the changes applied to OLD give
    /// NEW exactly, and so do the hunks' lines; a text compared with itself has no hunks; with
    /// cross-script folding or ignored differences every range lies on character boundaries of
    /// the originals and carries their text.
    static func diff(_ bytes: [UInt8]) {
        let (oldBytes, newBytes) = diffSides(bytes)
        guard let old = diffDocument(oldBytes), let new = diffDocument(newBytes) else { return }
        let oldBoundaries = CharacterBoundaries(oldBytes)
        let newBoundaries = CharacterBoundaries(newBytes)

        let exact = TextDiff(old: old, new: new)
        checkRanges(exact, old: oldBoundaries, new: newBoundaries, oldBytes: oldBytes, newBytes: newBytes)
        precondition(applyChanges(exact, to: oldBytes, from: newBytes) == newBytes, "changes applied to OLD miss NEW")
        precondition(applyHunkLines(exact, to: oldBytes) == newBytes, "hunk lines applied to OLD miss NEW")
        precondition(exact.isEmpty == (oldBytes == newBytes), "diff empty \(exact.isEmpty) for different texts")
        precondition(exact.changes.allSatisfy { $0.oldText.utf8.elementsEqual($0.newText.utf8) == false })
        precondition(TextDiff(old: old, new: old).isEmpty, "OLD differs from itself")
        precondition(TextDiff(old: new, new: new, options: DiffOptions(contextLines: 0)).isEmpty)
        formatEveryWay(exact)

        let acrossScripts: DiffOptions
        do {
            acrossScripts = try DiffOptions.acrossScripts()
        } catch {
            preconditionFailure("cross-script options unavailable: \(error)")
        }
        let ignoring = DiffOptions(contextLines: 1, ignoresPunctuationWidth: true, ignoresWhitespace: true)
        for options in [acrossScripts, ignoring] {
            let loose = TextDiff(old: old, new: new, options: options)
            checkRanges(loose, old: oldBoundaries, new: newBoundaries, oldBytes: oldBytes, newBytes: newBytes)
            precondition(TextDiff(old: old, new: old, options: options).isEmpty, "OLD differs from itself when folded")
            formatEveryWay(loose)
        }
    }

    /// The document, or nil after checking that invalid UTF-8 was reported at its first bad byte.
    private static func diffDocument(_ bytes: [UInt8]) -> DiffDocument? {
        do {
            let document = try DiffDocument(utf8: bytes)
            precondition(String(validating: bytes, as: UTF8.self) != nil, "invalid UTF-8 accepted")
            return document
        } catch .invalidUTF8(let offset, let line, let column) {
            precondition(offset >= 0 && offset < bytes.count, "offset \(offset) outside \(bytes.count) bytes")
            let valid = Array(bytes[..<offset])
            precondition(String(validating: valid, as: UTF8.self) != nil, "bytes before offset \(offset) invalid")
            precondition(String(validating: bytes, as: UTF8.self) == nil, "valid UTF-8 rejected")
            let lastLine = valid.split(separator: 0x0A, omittingEmptySubsequences: false).last ?? []
            precondition(line == 1 + valid.filter { $0 == 0x0A }.count, "wrong line \(line)")
            precondition(
                column == 1 + String(decoding: lastLine, as: UTF8.self).unicodeScalars.count, "wrong column \(column)")
            return nil
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// Every range starts and ends on a character boundary with the right line and column, the
    /// changes come in file order without overlapping, and their text is the originals'.
    private static func checkRanges(
        _ diff: TextDiff, old: CharacterBoundaries, new: CharacterBoundaries, oldBytes: [UInt8], newBytes: [UInt8]
    ) {
        var oldCursor = 0
        var newCursor = 0
        for change in diff.changes {
            old.check(change.old)
            new.check(change.new)
            precondition(change.old.startUTF8Offset >= oldCursor && change.new.startUTF8Offset >= newCursor)
            precondition(!change.old.isEmpty || !change.new.isEmpty, "a change that changes nothing")
            precondition(change.oldText.utf8.elementsEqual(oldBytes[change.old.utf8Offsets]), "old text misplaced")
            precondition(change.newText.utf8.elementsEqual(newBytes[change.new.utf8Offsets]), "new text misplaced")
            oldCursor = change.old.endUTF8Offset
            newCursor = change.new.endUTF8Offset
        }
        for hunk in diff.hunks {
            precondition(!hunk.changes.isEmpty, "a hunk without changes")
            let oldShown = hunk.lines.filter { $0.kind != .added }.count
            let newShown = hunk.lines.filter { $0.kind != .removed }.count
            precondition(hunk.oldCount == oldShown && hunk.newCount == newShown, "hunk header miscounts lines")
        }
    }

    /// OLD with every change's range replaced by its new text; the text between changes must be
    /// the same in OLD and NEW.
    private static func applyChanges(_ diff: TextDiff, to old: [UInt8], from new: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var oldCursor = 0
        var newCursor = 0
        for change in diff.changes {
            let unchanged = old[oldCursor..<change.old.startUTF8Offset]
            precondition(unchanged.elementsEqual(new[newCursor..<change.new.startUTF8Offset]), "unchanged text differs")
            result += unchanged
            result += Array(change.newText.utf8)
            oldCursor = change.old.endUTF8Offset
            newCursor = change.new.endUTF8Offset
        }
        return result + old[oldCursor...]
    }

    /// OLD patched line by line with the hunks, as `patch` applies the unified report; context
    /// and removed lines must match OLD's lines where the hunk headers place them.
    private static func applyHunkLines(_ diff: TextDiff, to old: [UInt8]) -> [UInt8] {
        var oldLines = old.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) + [0x0A] }
        // The piece after the last \n is a last line without a break, or nothing.
        let last = oldLines.removeLast().dropLast()
        if !last.isEmpty { oldLines.append(Array(last)) }
        var result: [UInt8] = []
        var next = 0
        var newLinesWritten = 0
        for hunk in diff.hunks {
            let first = hunk.oldCount == 0 ? hunk.oldStart : hunk.oldStart - 1
            precondition(first >= next && first <= oldLines.count, "hunk at old line \(hunk.oldStart) out of order")
            for line in oldLines[next..<first] { result += line }
            newLinesWritten += first - next
            next = first
            precondition(newLinesWritten == (hunk.newCount == 0 ? hunk.newStart : hunk.newStart - 1), "wrong newStart")
            for line in hunk.lines {
                let bytes = Array(line.text.utf8) + (line.hasLineBreak ? [0x0A] : [])
                switch line.kind {
                case .context, .removed:
                    precondition(next < oldLines.count && oldLines[next] == bytes, "hunk line is not OLD's")
                    precondition(line.oldLine == next + 1, "wrong old line number")
                    next += 1
                    if line.kind == .context {
                        result += bytes
                        newLinesWritten += 1
                    }
                case .added:
                    result += bytes
                    newLinesWritten += 1
                    precondition(line.newLine == newLinesWritten, "wrong new line number")
                }
            }
        }
        for line in oldLines[next...] { result += line }
        return result
    }

    /// Runs every reporter, which must format any diff without trapping.
    private static func formatEveryWay(_ diff: TextDiff) {
        for report in [
            TextDiffReporter(usesColor: false).report(diff, oldName: "old", newName: "new"),
            TextDiffReporter(usesColor: true).report(diff, oldName: "old", newName: "new"),
            UnifiedDiffReporter().report(diff, oldName: "old", newName: "new"),
            JSONDiffReporter().report(diff, oldName: "old", newName: "new"),
        ] {
            precondition(diff.isEmpty || !report.isEmpty, "a difference with an empty report")
        }
    }
}

/// The places a diff range may start or end, as the diff counts text: lines end at `\n` (a `\r`
/// before it belongs to the line), ranges start and end between the grapheme clusters of a line,
/// and columns count Unicode scalars (`TextPosition`), a byte-order mark opening the text none.
struct CharacterBoundaries {
    /// Each boundary's byte offset with its 1-based line and column.
    private var positions: [Int: TextPosition] = [:]

    init(_ bytes: [UInt8]) {
        var offset = 0
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            positions[offset] = TextPosition(line: index + 1, column: 1)
            var column = 1
            for character in String(decoding: line, as: UTF8.self) {
                let isMark = offset == 0 && character == "\u{FEFF}"
                offset += character.utf8.count
                column += isMark ? 0 : character.unicodeScalars.count
                positions[offset] = TextPosition(line: index + 1, column: column)
            }
            offset += 1
        }
    }

    /// Traps unless both ends of `range` are boundaries with the positions the range gives them.
    func check(_ range: TextRange) {
        precondition(range.startUTF8Offset <= range.endUTF8Offset, "range ends before it starts")
        guard let start = positions[range.startUTF8Offset], let end = positions[range.endUTF8Offset] else {
            preconditionFailure("range \(range.utf8Offsets) is not on character boundaries")
        }
        precondition(start == range.start, "start \(range.start) should be \(start)")
        precondition(end == range.end, "end \(range.end) should be \(end)")
    }
}
