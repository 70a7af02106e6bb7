import Foundation
import HanziConversion
import HanziText

/// Computes a `TextDiff`: lines are aligned first (by id, so 5 MB files stay fast), then the
/// grapheme clusters of each block of changed lines are aligned to find the changed characters.
///
/// Folding (cross-script comparison) works on comparison keys, never on the reported text:
/// lines are converted in batches joined by `\n` (OpenCC's phrases never span a line break),
/// and each line's key is its folded form. Inside a changed line every original grapheme gets
/// the grapheme at the same index of the line folded twice (see `characterKeys`) when folding
/// kept the line's length, which t2s nearly always does; otherwise each grapheme is folded on
/// its own. Keys map one to one onto original graphemes, so every position and text reported
/// is the original file's.
struct DiffEngine {
    let old: DiffDocument
    let new: DiffDocument
    let options: DiffOptions

    /// One line-aligned block of differing lines and the changes found inside it.
    private struct Block {
        var oldLines: Range<Int>
        var newLines: Range<Int>
        var changes: [DiffChange]
    }

    /// A grapheme cluster (or a line break) that takes part in the alignment.
    private struct Token {
        var id: Int
        var utf8Offset: Int
        var utf8Length: Int
        var line: Int
        var column: Int
        var isLineBreak: Bool
        /// The columns the cluster spans: its Unicode scalars (`TextPosition`).
        var width: Int32

        var start: OffsetPosition { OffsetPosition(line: line, column: column, utf8Offset: utf8Offset) }
        var end: OffsetPosition {
            isLineBreak
                ? OffsetPosition(line: line + 1, column: 1, utf8Offset: utf8Offset + 1)
                : OffsetPosition(line: line, column: column + Int(width), utf8Offset: utf8Offset + utf8Length)
        }
    }

    /// Gives equal comparison keys equal ids, byte for byte (Swift's `String` equality would
    /// call canonically equivalent but different bytes equal, and a patch would miss them).
    private final class Interner {
        var ids: [ArraySlice<UInt8>: Int] = [:]

        func id(_ key: ArraySlice<UInt8>) -> Int {
            if let id = ids[key] { return id }
            let id = ids.count
            ids[key] = id
            return id
        }
    }

    func run() -> TextDiff {
        let folded = foldedLines()
        let oldFolded = folded?.old
        let newFolded = folded?.new
        let interner = Interner()
        let oldIDs = lineIDs(old, folded: oldFolded, interner)
        let newIDs = lineIDs(new, folded: newFolded, interner)
        let matches = SequenceAlignment.patienceMatches(oldIDs, newIDs)
        var blocks: [Block] = []
        var oldNext = 0
        var newNext = 0
        let end = SequenceAlignment.Match(old: old.lineCount, new: new.lineCount)
        for match in matches + [end] {
            if oldNext < match.old || newNext < match.new {
                let oldLines = oldNext..<match.old
                let newLines = newNext..<match.new
                let changes = characterChanges(
                    oldLines, newLines, oldFolded: oldFolded, newFolded: newFolded, interner
                ).filter { !isConfirmedEqual($0) }
                // Lines whose only differences folding or confirming hides are equal after all.
                if !changes.isEmpty { blocks.append(Block(oldLines: oldLines, newLines: newLines, changes: changes)) }
            }
            oldNext = match.old + 1
            newNext = match.new + 1
        }
        return TextDiff(hunks: hunks(of: blocks))
    }

    /// Whether one of `options.confirmingFolds` turns both sides of a change into the same text.
    private func isConfirmedEqual(_ change: DiffChange) -> Bool {
        options.confirmingFolds.contains { converter in
            options.comparisonKey(converter.convert(change.oldText))
                == options.comparisonKey(converter.convert(change.newText))
        }
    }

    // MARK: Lines

    /// Both documents' lines converted by `options.fold`, or nil when nothing is folded.
    ///
    /// Each distinct line is converted once (versions of a text share most lines), in a few
    /// large batches joined by `\n` (one OpenCC call per line would cost more than converting),
    /// and the batches run in parallel because OpenCC dominates the time of a cross-script diff.
    private func foldedLines() -> (old: [String], new: [String])? {
        guard let converter = options.fold else { return nil }
        var distinctIndex: [ArraySlice<UInt8>: Int] = [:]
        var distinct: [ArraySlice<UInt8>] = []
        func indices(_ document: DiffDocument) -> [Int] {
            (0..<document.lineCount).map { line in
                let content = document.bytes[document.contentRange(ofLine: line)]
                if let index = distinctIndex[content] { return index }
                distinctIndex[content] = distinct.count
                distinct.append(content)
                return distinct.count - 1
            }
        }
        let oldIndices = indices(old)
        let newIndices = indices(new)
        let folded = Self.fold(distinct, with: converter)
        return (oldIndices.map { folded[$0] }, newIndices.map { folded[$0] })
    }

    private static func fold(_ allLines: [ArraySlice<UInt8>], with converter: Converter) -> [String] {
        // No dictionary OpenCC ships has a key without a CJK character, so its conversions leave
        // ASCII-only lines alone (a third of a typical corpus); a custom configuration might not.
        let isBundled = ConversionConfig.allCases.contains { $0.fileName == converter.configuration }
        let needsFolding = allLines.indices.filter { !isBundled || !allLines[$0].allSatisfy { $0 < 0x80 } }
        let lines = needsFolding.map { allLines[$0] }
        let batchCount = lines.count < 1_000 ? 1 : max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        let batchSize = (lines.count + batchCount - 1) / max(1, batchCount)
        let results = Locked<[Int: [String]]>([:])
        DispatchQueue.concurrentPerform(iterations: batchCount) { batch in
            let batchLines = lines[min(lines.count, batch * batchSize)..<min(lines.count, (batch + 1) * batchSize)]
            var joined: [UInt8] = []
            joined.reserveCapacity(batchLines.reduce(0) { $0 + $1.count + 1 })
            for line in batchLines {
                joined += line
                joined.append(UInt8(ascii: "\n"))
            }
            let converted = converter.convert(String(decoding: joined, as: UTF8.self))
            var pieces = converted.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            pieces.removeLast()
            if pieces.count != batchLines.count {
                // A configuration that adds or removes line breaks: convert each line on its own.
                pieces = batchLines.map { converter.convert(String(decoding: $0, as: UTF8.self)) }
            }
            results.withLock { $0[batch] = pieces }
        }
        let batches = results.withLock { $0 }
        var folded = allLines.map { String(decoding: $0, as: UTF8.self) }
        for (index, line) in zip(needsFolding, (0..<batchCount).flatMap { batches[$0] ?? [] }) {
            folded[index] = line
        }
        return folded
    }

    private func lineIDs(_ document: DiffDocument, folded: [String]?, _ interner: Interner) -> [Int] {
        (0..<document.lineCount).map { index in
            if options.comparesBytes {
                return interner.id(document.bytes[document.fullRange(ofLine: index)])
            }
            var key = options.comparisonKey(folded?[index] ?? document.text(ofLine: index))
            if document.hasLineBreak(index) { key.append(UInt8(ascii: "\n")) }
            return interner.id(key[...])
        }
    }

    // MARK: Characters

    /// Blocks up to this many bytes (both sides together) are aligned as a whole, which follows
    /// text across line breaks; larger ones, and ones too different to align, go line by line.
    static let wholeBlockAlignmentBytes = 256 * 1024

    /// A changed line pair larger than this (both sides together) is reported changed whole
    /// rather than aligned character by character, which bounds memory on lines of megabytes.
    public static let longestAlignedLineBytes = 1 << 20

    private func characterChanges(
        _ oldLines: Range<Int>, _ newLines: Range<Int>, oldFolded: [String]?, newFolded: [String]?,
        _ interner: Interner
    ) -> [DiffChange] {
        func aligned(_ oldLines: Range<Int>, _ newLines: Range<Int>) -> [DiffChange]? {
            alignedChanges(oldLines, newLines, oldFolded: oldFolded, newFolded: newFolded, interner)
        }
        let size = byteCount(old, oldLines) + byteCount(new, newLines)
        if size <= Self.wholeBlockAlignmentBytes, let changes = aligned(oldLines, newLines) { return changes }
        // Line i of the old side against line i of the new: still precise where each line was
        // edited (a whole normalized file is one block), bounded in time and memory everywhere.
        let paired = min(oldLines.count, newLines.count)
        var changes: [DiffChange] = []
        for index in 0..<paired {
            let oldLine = (oldLines.lowerBound + index)..<(oldLines.lowerBound + index + 1)
            let newLine = (newLines.lowerBound + index)..<(newLines.lowerBound + index + 1)
            // A line pair of megabytes is not split into characters: it is reported changed whole.
            let lineBytes = byteCount(old, oldLine) + byteCount(new, newLine)
            let fine = lineBytes <= Self.longestAlignedLineBytes ? aligned(oldLine, newLine) : nil
            changes += fine ?? [wholeChange(oldLine, newLine)]
        }
        let oldRest = (oldLines.lowerBound + paired)..<oldLines.upperBound
        let newRest = (newLines.lowerBound + paired)..<newLines.upperBound
        if !oldRest.isEmpty || !newRest.isEmpty { changes.append(wholeChange(oldRest, newRest)) }
        return changes
    }

    private func byteCount(_ document: DiffDocument, _ lines: Range<Int>) -> Int {
        document.position(atStartOfLine: lines.upperBound).utf8Offset
            - document.position(atStartOfLine: lines.lowerBound).utf8Offset
    }

    /// The lines `oldLines` replaced whole by `newLines`.
    private func wholeChange(_ oldLines: Range<Int>, _ newLines: Range<Int>) -> DiffChange {
        let oldSpan = TextRange(
            start: old.position(atStartOfLine: oldLines.lowerBound),
            end: old.position(atStartOfLine: oldLines.upperBound))
        let newSpan = TextRange(
            start: new.position(atStartOfLine: newLines.lowerBound),
            end: new.position(atStartOfLine: newLines.upperBound))
        return DiffChange(
            old: oldSpan, new: newSpan,
            oldText: old.text(oldSpan.utf8Offsets),
            newText: new.text(newSpan.utf8Offsets))
    }

    /// The changes between the grapheme clusters of two runs of lines; nil when they are too
    /// different for Myers' search.
    private func alignedChanges(
        _ oldLines: Range<Int>, _ newLines: Range<Int>, oldFolded: [String]?, newFolded: [String]?,
        _ interner: Interner
    ) -> [DiffChange]? {
        let oldTokens = tokens(old, oldLines, folded: oldFolded, interner)
        let newTokens = tokens(new, newLines, folded: newFolded, interner)
        let oldEnd = old.position(atStartOfLine: oldLines.upperBound)
        let newEnd = new.position(atStartOfLine: newLines.upperBound)
        guard
            let matches = SequenceAlignment.myersMatches(
                oldTokens.map(\.id), 0..<oldTokens.count, newTokens.map(\.id), 0..<newTokens.count)
        else { return nil }
        var runs: [(old: Range<Int>, new: Range<Int>)] = []
        var oldNext = 0
        var newNext = 0
        for match in matches + [SequenceAlignment.Match(old: oldTokens.count, new: newTokens.count)] {
            if oldNext < match.old || newNext < match.new {
                runs.append((oldNext..<match.old, newNext..<match.new))
            }
            oldNext = match.old + 1
            newNext = match.new + 1
        }
        return mergingCoincidences(runs).map {
            change(oldTokens, $0.old, newTokens, $0.new, oldEnd: oldEnd, newEnd: newEnd)
        }
    }

    /// Joins two changes when the text between them is shorter than each of them, so a rewritten
    /// phrase reads as one change instead of being cut at every character it happens to share.
    private func mergingCoincidences(_ runs: [(old: Range<Int>, new: Range<Int>)]) -> [(
        old: Range<Int>, new: Range<Int>
    )] {
        var merged: [(old: Range<Int>, new: Range<Int>)] = []
        for run in runs {
            if let last = merged.last {
                let between = run.old.lowerBound - last.old.upperBound
                let lastLength = max(last.old.count, last.new.count)
                let runLength = max(run.old.count, run.new.count)
                if between < lastLength && between < runLength {
                    merged[merged.count - 1] = (
                        last.old.lowerBound..<run.old.upperBound, last.new.lowerBound..<run.new.upperBound
                    )
                    continue
                }
            }
            merged.append(run)
        }
        return merged
    }

    private func change(
        _ oldTokens: [Token], _ oldRange: Range<Int>, _ newTokens: [Token], _ newRange: Range<Int>,
        oldEnd: OffsetPosition, newEnd: OffsetPosition
    ) -> DiffChange {
        let oldSpan = span(oldTokens, oldRange, end: oldEnd)
        let newSpan = span(newTokens, newRange, end: newEnd)
        return DiffChange(
            old: oldSpan, new: newSpan,
            oldText: old.text(oldSpan.utf8Offsets),
            newText: new.text(newSpan.utf8Offsets))
    }

    /// The text range `range` of tokens covers; an empty run sits where the next token starts.
    private func span(_ tokens: [Token], _ range: Range<Int>, end: OffsetPosition) -> TextRange {
        guard let first = range.first, let last = range.last else {
            let position = range.lowerBound < tokens.count ? tokens[range.lowerBound].start : end
            return TextRange(start: position, end: position)
        }
        return TextRange(start: tokens[first].start, end: tokens[last].end)
    }

    /// The grapheme clusters and line breaks of `lines`, each with its comparison key's id.
    private func tokens(
        _ document: DiffDocument, _ lines: Range<Int>, folded: [String]?, _ interner: Interner
    ) -> [Token] {
        var tokens: [Token] = []
        for index in lines {
            let characters = Array(document.text(ofLine: index))
            let keys = characterKeys(characters, folded: folded?[index])
            var offset = document.lineStarts[index]
            // Characters are aligned whole, and placed by the one column definition (Unicode scalars).
            var column = 1
            for (position, character) in characters.enumerated() {
                // A byte-order mark opening the file is not a column: it and what follows share column 1.
                let isMark = index == 0 && position == 0 && document.startsWithByteOrderMark
                let width = isMark ? 0 : character.unicodeScalars.count
                let length = character.utf8.count
                // A character whose key is empty (ignored white space) takes no part in the alignment.
                if !keys[position].isEmpty {
                    tokens.append(
                        Token(
                            id: interner.id(keys[position][...]), utf8Offset: offset, utf8Length: length,
                            line: index + 1, column: column, isLineBreak: false, width: Int32(width)))
                }
                offset += length
                column += width
            }
            if document.hasLineBreak(index) {
                tokens.append(
                    Token(
                        id: interner.id([UInt8(ascii: "\n")][...]), utf8Offset: offset, utf8Length: 1,
                        line: index + 1, column: column, isLineBreak: true, width: 1))
            }
        }
        return tokens
    }

    /// The comparison key of each character of a line, as bytes.
    private func characterKeys(_ characters: [Character], folded: String?) -> [[UInt8]] {
        if options.comparesBytes { return characters.map { Array($0.utf8) } }
        var bases = characters.map(String.init)
        if let folded, let converter = options.fold {
            // OpenCC is not idempotent (t2s keeps the 於 of 基於單元 but turns the 於 of its output
            // 基於单元 into 于), so changed lines are compared folded twice, which settles such cases.
            let foldedTwice = Array(converter.convert(folded))
            bases =
                foldedTwice.count == characters.count
                ? foldedTwice.map(String.init) : bases.map { converter.convert(converter.convert($0)) }
        }
        return bases.map { options.comparisonKey($0) }
    }

    // MARK: Hunks

    /// Groups blocks whose context would touch or overlap into hunks, as `diff -U` does.
    private func hunks(of blocks: [Block]) -> [DiffHunk] {
        let context = options.contextLines
        var groups: [[Block]] = []
        for block in blocks {
            if let previous = groups.last?.last, block.oldLines.lowerBound - previous.oldLines.upperBound <= 2 * context
            {
                groups[groups.count - 1].append(block)
            } else {
                groups.append([block])
            }
        }
        return groups.map { group in
            let first = group[0]
            let last = group[group.count - 1]
            let leading = min(context, first.oldLines.lowerBound)
            let trailing = min(context, old.lineCount - last.oldLines.upperBound)
            let oldFirst = first.oldLines.lowerBound - leading
            let newFirst = first.newLines.lowerBound - leading
            var lines: [DiffLine] = []
            var oldNext = oldFirst
            var newNext = newFirst
            for block in group {
                while oldNext < block.oldLines.lowerBound {
                    lines.append(line(.context, old, oldNext, oldNumber: oldNext, newNumber: newNext))
                    oldNext += 1
                    newNext += 1
                }
                for index in block.oldLines {
                    lines.append(line(.removed, old, index, oldNumber: index, newNumber: nil))
                }
                for index in block.newLines { lines.append(line(.added, new, index, oldNumber: nil, newNumber: index)) }
                oldNext = block.oldLines.upperBound
                newNext = block.newLines.upperBound
            }
            for _ in 0..<trailing {
                lines.append(line(.context, old, oldNext, oldNumber: oldNext, newNumber: newNext))
                oldNext += 1
                newNext += 1
            }
            let oldCount = oldNext - oldFirst
            let newCount = newNext - newFirst
            return DiffHunk(
                oldStart: oldCount == 0 ? oldFirst : oldFirst + 1, oldCount: oldCount,
                newStart: newCount == 0 ? newFirst : newFirst + 1, newCount: newCount,
                lines: lines, changes: group.flatMap(\.changes))
        }
    }

    private func line(
        _ kind: DiffLine.Kind, _ document: DiffDocument, _ index: Int, oldNumber: Int?, newNumber: Int?
    ) -> DiffLine {
        DiffLine(
            kind: kind, oldLine: oldNumber.map { $0 + 1 }, newLine: newNumber.map { $0 + 1 },
            utf8Offset: document.lineStarts[index], text: document.text(ofLine: index),
            hasLineBreak: document.hasLineBreak(index))
    }
}
