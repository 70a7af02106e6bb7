import Foundation
import HanziDiff
import HanziNormalization
import HanziText

/// The output formats of `hanzi diff`, by identifier.
public enum DiffFormat: String, Sendable, CaseIterable {
    /// Changed lines with the changed characters marked, for people.
    case text
    /// A unified diff that `patch` and `git apply` accept.
    case unified
    /// The `TextDiff` value as JSON, with sorted keys.
    case json
}

/// Formats a diff for people: hunks of context lines and merged changed lines in which removed
/// characters read `[-舊-]` and added ones `{+新+}`, or red and green when colour is on.
public struct TextDiffReporter: Sendable {
    /// Whether to mark changes with ANSI colours instead of brackets.
    public var usesColor: Bool

    /// A reporter that marks changes with colours or brackets.
    public init(usesColor: Bool) {
        self.usesColor = usesColor
    }

    /// The report; empty when the diff is.
    public func report(_ diff: TextDiff, oldName: String, newName: String) -> String {
        guard !diff.isEmpty else { return "" }
        var output = styled("--- \(oldName)", "1") + "\n" + styled("+++ \(newName)", "1") + "\n"
        for hunk in diff.hunks {
            output += styled(UnifiedDiffReporter.header(of: hunk), "36") + "\n"
            // Blocks and changes are both in file order, so one cursor walks the changes.
            var changeIndex = 0
            var index = 0
            while index < hunk.lines.count {
                let line = hunk.lines[index]
                if line.kind == .context {
                    output += "  \(line.text)\n"
                    index += 1
                    continue
                }
                var end = index
                while end < hunk.lines.count && hunk.lines[end].kind != .context { end += 1 }
                output += mergedBlock(Array(hunk.lines[index..<end]), changes: hunk.changes, from: &changeIndex)
                index = end
            }
        }
        return output
    }

    /// One block of removed and added lines as old text with its changes marked in place.
    private func mergedBlock(_ lines: [DiffLine], changes: [DiffChange], from changeIndex: inout Int) -> String {
        let removed = lines.filter { $0.kind == .removed }
        var merged = ""
        if removed.isEmpty {
            merged = marked(lines.map(\.textWithBreak).joined(), inserted: true)
        } else {
            let blockText = Array(removed.map(\.textWithBreak).joined().utf8)
            let blockStart = removed[0].utf8Offset
            let blockEnd = blockStart + blockText.count
            var cursor = blockStart
            // Changes before the block belong to pure insertions, which are drawn from their lines.
            while changeIndex < changes.count && changes[changeIndex].old.startUTF8Offset < blockStart {
                changeIndex += 1
            }
            while changeIndex < changes.count && changes[changeIndex].old.endUTF8Offset <= blockEnd {
                let change = changes[changeIndex]
                changeIndex += 1
                merged += String(
                    decoding: blockText[(cursor - blockStart)..<(change.old.startUTF8Offset - blockStart)],
                    as: UTF8.self)
                merged += marked(change.oldText, inserted: false) + marked(change.newText, inserted: true)
                cursor = change.old.endUTF8Offset
            }
            merged += String(decoding: blockText[(cursor - blockStart)...], as: UTF8.self)
        }
        var pieces = Self.lines(of: merged)
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        return pieces.map { "~ \($0)\n" }.joined()
    }

    /// Marks `text` as removed or added; a line break shows as `↵` and then breaks the line.
    private func marked(_ text: String, inserted: Bool) -> String {
        guard !text.isEmpty else { return "" }
        let open = usesColor ? (inserted ? "\u{1B}[32m" : "\u{1B}[31m") : (inserted ? "{+" : "[-")
        let close = usesColor ? "\u{1B}[m" : (inserted ? "+}" : "-]")
        // A changed carriage return shows as ␍: printed as it is, it would send the cursor back.
        let pieces = Self.lines(of: text).map { $0.replacingOccurrences(of: "\r", with: "␍") }
        var result = ""
        for (index, piece) in pieces.enumerated() {
            if index < pieces.count - 1 {
                result += open + piece + "↵" + close + "\n"
            } else if !piece.isEmpty {
                result += open + piece + close
            }
        }
        return result
    }

    /// The pieces of `text` between `\n` bytes; splitting by `Character` would miss the `\n`
    /// of `\r\n`, which Swift counts as one character.
    private static func lines(of text: String) -> [String] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    private func styled(_ text: String, _ code: String) -> String {
        usesColor ? "\u{1B}[\(code)m\(text)\u{1B}[m" : text
    }
}

/// Formats a diff as a unified diff (`diff -u`), which `patch -p0` and `git apply -p0` accept.
public struct UnifiedDiffReporter: Sendable {
    /// A unified-diff reporter.
    public init() {}

    /// The patch; empty when the diff is.
    public func report(_ diff: TextDiff, oldName: String, newName: String) -> String {
        guard !diff.isEmpty else { return "" }
        var output = "--- \(oldName)\n+++ \(newName)\n"
        for hunk in diff.hunks {
            output += Self.header(of: hunk) + "\n"
            for line in hunk.lines {
                let prefix =
                    switch line.kind {
                    case .context: " "
                    case .removed: "-"
                    case .added: "+"
                    }
                output += prefix + line.text + "\n"
                if !line.hasLineBreak { output += "\\ No newline at end of file\n" }
            }
        }
        return output
    }

    /// `@@ -oldStart,oldCount +newStart,newCount @@`, leaving out a count of 1 as `diff` does.
    static func header(of hunk: DiffHunk) -> String {
        func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }
        return "@@ -\(range(hunk.oldStart, hunk.oldCount)) +\(range(hunk.newStart, hunk.newCount)) @@"
    }
}

/// Formats a diff as JSON: the two names and the `TextDiff` value, keys sorted for stable output.
public struct JSONDiffReporter: Sendable {
    /// A JSON reporter.
    public init() {}

    private struct Report: Encodable {
        var old: String
        var new: String
        var hunks: [DiffHunk]
    }

    /// The JSON document, ending with a line break.
    public func report(_ diff: TextDiff, oldName: String, newName: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(Report(old: oldName, new: newName, hunks: diff.hunks))
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch {
            // Strings, integers and booleans always encode.
            fatalError("a diff failed to encode as JSON: \(error)")
        }
    }

    /// One JSON array for several compared file pairs (a directory diff), one object per pair in
    /// the single-file shape; a file missing on one side is named `/dev/null`, as in a patch.
    public func report(_ pairs: [DiffFilePair]) -> String {
        // Foundation pretty-prints an empty array across two lines.
        guard !pairs.isEmpty else { return "[]\n" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let reports = pairs.map { Report(old: $0.oldName, new: $0.newName, hunks: $0.diff.hunks) }
            return String(decoding: try encoder.encode(reports), as: UTF8.self) + "\n"
        } catch {
            // Strings, integers and booleans always encode.
            fatalError("a diff failed to encode as JSON: \(error)")
        }
    }
}

/// One file pair of a directory comparison: the names to print and the diff between them.
public struct DiffFilePair: Sendable {
    /// The old file's name, or `/dev/null` when only the new side has the file.
    public var oldName: String
    /// The new file's name, or `/dev/null` when only the old side has the file.
    public var newName: String
    /// The differences from the old file to the new one.
    public var diff: TextDiff

    /// A pair of names with their diff.
    public init(oldName: String, newName: String, diff: TextDiff) {
        self.oldName = oldName
        self.newName = newName
        self.diff = diff
    }
}

extension DiffLine {
    /// The line's text followed by its line break, if it has one.
    fileprivate var textWithBreak: String { hasLineBreak ? text + "\n" : text }
}
