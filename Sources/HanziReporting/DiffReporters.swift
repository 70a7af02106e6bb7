import HanziDiff
import HanziNormalization
import HanziText

/// The formats `hanzi diff --format` accepts.
public enum DiffReporters {
    /// Every diff reporter, the default (`text`) first.
    public static func all(usesColor: Bool) -> [any Reporter<DiffFilePair>] {
        [TextDiffReporter(usesColor: usesColor), UnifiedDiffReporter(), JSONDiffReporter()]
    }

    /// The identifiers, in order.
    public static let identifiers = all(usesColor: false).map(\.identifier)

    /// The reporter `--format identifier` names, or nil.
    public static func named(_ identifier: String, usesColor: Bool) -> (any Reporter<DiffFilePair>)? {
        all(usesColor: usesColor).first { $0.identifier == identifier }
    }
}

/// Formats a diff for people: hunks of context lines and merged changed lines in which removed
/// characters read `[-舊-]` and added ones `{+新+}`, or red and green when colour is on. In a
/// folder comparison a file on one side only is one line, `only in FOLDER: PATH`.
public struct TextDiffReporter: Reporter {
    /// The name `--format` takes.
    public let identifier = "text"
    /// Whether each report is written as soon as it is ready.
    public let streams = true
    /// Whether to mark changes with ANSI colours instead of brackets.
    public var usesColor: Bool

    /// A reporter that marks changes with colours or brackets.
    public init(usesColor: Bool) {
        self.usesColor = usesColor
    }

    /// The output for `pairs`, in the order given.
    public func format(_ pairs: [DiffFilePair]) -> String {
        pairs.map { pair in
            switch (pair.oldPath, pair.newPath, pair.folders) {
            case let (oldPath?, newPath?, _): report(pair.diff, oldName: oldPath, newName: newPath)
            case let (nil, _, folders?): "only in \(folders.new): \(folders.relativePath)\n"
            case let (_, nil, folders?): "only in \(folders.old): \(folders.relativePath)\n"
            default: report(pair.diff, oldName: pair.oldName, newName: pair.newName)
            }
        }.joined()
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

/// Formats a diff as a unified diff (`diff -u`), which `patch -p0` and `git apply -p0` accept; a
/// folder comparison names its files `a/PATH` and `b/PATH` (`patch -p1`), a missing one `/dev/null`.
public struct UnifiedDiffReporter: Reporter {
    /// The name `--format` takes.
    public let identifier = "unified"
    /// Whether each report is written as soon as it is ready.
    public let streams = true

    /// A unified-diff reporter.
    public init() {}

    /// The output for `pairs`, in the order given.
    public func format(_ pairs: [DiffFilePair]) -> String {
        pairs.map { pair in
            guard let folders = pair.folders else {
                return report(pair.diff, oldName: pair.oldName, newName: pair.newName)
            }
            return report(
                pair.diff, oldName: pair.oldPath == nil ? "/dev/null" : "a/\(folders.relativePath)",
                newName: pair.newPath == nil ? "/dev/null" : "b/\(folders.relativePath)")
        }.joined()
    }

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

/// Formats diffs as JSON, written by the one JSON writer of the reporters with keys sorted: for
/// one compared pair an object with the two names and the `TextDiff`'s hunks; for a folder
/// comparison an array of such objects, a file missing on one side named `/dev/null`.
public struct JSONDiffReporter: Reporter {
    /// The name `--format` takes.
    public let identifier = "json"
    /// Whether each report is written as soon as it is ready.
    public let streams = false

    /// A JSON reporter.
    public init() {}

    /// The output for `pairs`, in the order given.
    public func format(_ pairs: [DiffFilePair]) -> String {
        if pairs.count == 1, pairs[0].folders == nil { return Self.object(pairs[0]).rendered(indent: 0) + "\n" }
        return JSONValue.array(pairs.map(Self.object)).rendered(indent: 0) + "\n"
    }

    /// The JSON document for one diff, ending with a line break.
    public func report(_ diff: TextDiff, oldName: String, newName: String) -> String {
        format([DiffFilePair(oldName: oldName, newName: newName, diff: diff)])
    }

    private static func object(_ pair: DiffFilePair) -> JSONValue {
        .object([
            "old": .string(pair.oldName), "new": .string(pair.newName), "hunks": .array(pair.diff.hunks.map(hunk)),
        ])
    }

    private static func hunk(_ hunk: DiffHunk) -> JSONValue {
        .object([
            "oldStart": .number(hunk.oldStart), "oldCount": .number(hunk.oldCount),
            "newStart": .number(hunk.newStart), "newCount": .number(hunk.newCount),
            "lines": .array(hunk.lines.map(line)), "changes": .array(hunk.changes.map(change)),
        ])
    }

    private static func line(_ line: DiffLine) -> JSONValue {
        var members: [String: JSONValue] = [
            "kind": .string(line.kind.rawValue), "utf8Offset": .number(line.utf8Offset),
            "text": .string(line.text), "hasLineBreak": .bool(line.hasLineBreak),
        ]
        // A side the line is not on has no number, and no member.
        if let oldLine = line.oldLine { members["oldLine"] = .number(oldLine) }
        if let newLine = line.newLine { members["newLine"] = .number(newLine) }
        return .object(members)
    }

    private static func change(_ change: DiffChange) -> JSONValue {
        .object([
            "old": range(change.old), "new": range(change.new),
            "oldText": .string(change.oldText), "newText": .string(change.newText),
        ])
    }

    private static func range(_ range: TextRange) -> JSONValue {
        .object([
            "start": position(range.start), "end": position(range.end),
            "startUTF8Offset": .number(range.startUTF8Offset), "endUTF8Offset": .number(range.endUTF8Offset),
        ])
    }

    private static func position(_ position: TextPosition) -> JSONValue {
        .object(["line": .number(position.line), "column": .number(position.column)])
    }
}

/// One compared pair of files, as diff reporters receive it.
public struct DiffFilePair: Sendable {
    /// The folders of a folder comparison and the pair's path inside both.
    public struct Folders: Sendable {
        /// The old folder.
        public var old: String
        /// The new folder.
        public var new: String
        /// The pair's path inside both folders.
        public var relativePath: String

        /// The folders and the pair's path inside them.
        public init(old: String, new: String, relativePath: String) {
            self.old = old
            self.new = new
            self.relativePath = relativePath
        }
    }

    /// The old file's path; nil when only the new folder has the file.
    public var oldPath: String?
    /// The new file's path; nil when only the old folder has the file.
    public var newPath: String?
    /// The differences from the old file to the new one.
    public var diff: TextDiff
    /// Set in a folder comparison.
    public var folders: Folders?

    /// The old file's name, `/dev/null` when it is missing, as in a patch.
    public var oldName: String { oldPath ?? "/dev/null" }
    /// The new file's name, `/dev/null` when it is missing.
    public var newName: String { newPath ?? "/dev/null" }

    /// Two compared files (or standard input, `<stdin>`) with their diff.
    public init(oldName: String, newName: String, diff: TextDiff) {
        oldPath = oldName
        newPath = newName
        self.diff = diff
    }

    /// A pair of a folder comparison; a side without the file is nil.
    public init(oldPath: String?, newPath: String?, diff: TextDiff, folders: Folders) {
        self.oldPath = oldPath
        self.newPath = newPath
        self.diff = diff
        self.folders = folders
    }
}

extension DiffLine {
    /// The line's text followed by its line break, if it has one.
    fileprivate var textWithBreak: String { hasLineBreak ? text + "\n" : text }
}
