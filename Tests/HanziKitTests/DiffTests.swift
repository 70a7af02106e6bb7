import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// Rebuilds the new text from the old one and the diff's changes, applied back to front.
func applyingChanges(of diff: TextDiff, to old: String) -> String {
    var bytes = Array(old.utf8)
    for change in diff.changes.reversed() {
        bytes.replaceSubrange(
            change.old.utf8Offsets, with: Array(change.newText.utf8))
    }
    return String(decoding: bytes, as: UTF8.self)
}

@Suite("TextDiff")
struct DiffTests {
    @Test func equalTextsHaveNoHunks() {
        #expect(TextDiff(old: "頭髮\n後來\n", new: "頭髮\n後來\n").isEmpty)
        #expect(TextDiff(old: "", new: "").isEmpty)
    }

    @Test func oneChangedCharacterIsLocatedByLineColumnAndByteOffset() throws {
        let diff = TextDiff(old: "第一行\n在人工智能領域\n", new: "第一行\n在人工智慧領域\n")
        let change = try #require(diff.changes.first)
        #expect(diff.changes.count == 1)
        // 第一行 and its line break take 10 bytes; 在人工智 4 characters of 3 bytes each.
        let range = TextRange(
            start: TextPosition(line: 2, column: 5), end: TextPosition(line: 2, column: 6), startUTF8Offset: 22,
            endUTF8Offset: 25)
        #expect(change.old == range)
        #expect(change.new == range)
        #expect(change.oldText == "能")
        #expect(change.newText == "慧")
        let hunk = try #require(diff.hunks.first)
        #expect(hunk.lines.map(\.kind) == [.context, .removed, .added])
        #expect((hunk.oldStart, hunk.oldCount, hunk.newStart, hunk.newCount) == (1, 2, 1, 2))
    }

    struct ClusterCase: Sendable, CustomTestStringConvertible {
        var old: String
        var new: String
        var oldCluster: String
        var newCluster: String
        var testDescription: String { "\(old) → \(new)" }
    }

    // Each pair differs in one grapheme cluster that shares scalars or UTF-16 units with its
    // replacement, so a diff of scalars or code units would report only a piece of it.
    static let clusterCases: [ClusterCase] = [
        // Extension B: one scalar, two UTF-16 units.
        ClusterCase(old: "字𠀀字\n", new: "字𠀁字\n", oldCluster: "𠀀", newCluster: "𠀁"),
        // A skin tone modifier after the same base.
        ClusterCase(old: "讚👍🏽!\n", new: "讚👍🏿!\n", oldCluster: "👍🏽", newCluster: "👍🏿"),
        // ZWJ sequences sharing all but their last person.
        ClusterCase(old: "家👨‍👩‍👧人\n", new: "家👨‍👩‍👦人\n", oldCluster: "👨‍👩‍👧", newCluster: "👨‍👩‍👦"),
        // Flags: pairs of regional indicators sharing the first.
        ClusterCase(old: "旗🇹🇼\n", new: "旗🇹🇷\n", oldCluster: "🇹🇼", newCluster: "🇹🇷"),
        // A combining mark on the same base letter.
        ClusterCase(old: "字e\u{301}x\n", new: "字e\u{300}x\n", oldCluster: "e\u{301}", newCluster: "e\u{300}"),
    ]

    @Test("Grapheme clusters are never split", arguments: clusterCases)
    func graphemeClustersAreNeverSplit(_ example: ClusterCase) throws {
        let diff = TextDiff(old: example.old, new: example.new)
        let change = try #require(diff.changes.first)
        #expect(diff.changes.count == 1)
        #expect(change.oldText == example.oldCluster)
        #expect(change.newText == example.newCluster)
        // Columns count Unicode scalars (`TextPosition`), so a cluster spans as many as it holds.
        #expect(change.old.start.column == 2)
        #expect(change.old.end.column == 2 + example.oldCluster.unicodeScalars.count)
        #expect(applyingChanges(of: diff, to: example.old) == example.new)
    }

    @Test func columnsAfterWideClustersCountScalarsNotBytes() throws {
        let diff = TextDiff(old: "👨‍👩‍👧𠀀ab\n", new: "👨‍👩‍👧𠀀aX\n")
        let change = try #require(diff.changes.first)
        // 👨‍👩‍👧 is five scalars (three people, two joiners), 𠀀 and a one each.
        #expect(change.old.start.column == 8)
        #expect(change.old.startUTF8Offset == "👨‍👩‍👧𠀀a".utf8.count)
    }

    @Test func insertedAndDeletedLinesAndAMissingFinalLineBreak() throws {
        let old = "一\n二\n三\n四\n"
        let new = "一\n三\n四\n五"
        let diff = TextDiff(old: old, new: new, options: DiffOptions(contextLines: 0))
        #expect(diff.hunks.count == 2)
        let deletion = diff.hunks[0]
        #expect((deletion.oldStart, deletion.oldCount, deletion.newStart, deletion.newCount) == (2, 1, 1, 0))
        #expect(deletion.changes.map(\.oldText) == ["二\n"])
        let insertion = diff.hunks[1]
        #expect(insertion.lines.map(\.kind) == [.added])
        #expect(insertion.lines.last?.hasLineBreak == false)
        #expect(applyingChanges(of: diff, to: old) == new)
        // The old text ends with a line break: the insertion is after it, at line 5.
        #expect(diff.changes.last?.old.start == TextPosition(line: 5, column: 1))
        #expect(diff.changes.last?.old.startUTF8Offset == old.utf8.count)
    }

    @Test func carriageReturnsAreKeptAndCompared() {
        let diff = TextDiff(old: "甲\r\n乙\r\n", new: "甲\r\n乙\n")
        #expect(diff.changes.map(\.oldText) == ["\r"])
        #expect(diff.changes.map(\.newText) == [""])
    }

    @Test func theTextFormatKeepsCRLFLinesApartAndShowsAChangedCarriageReturn() {
        let diff = TextDiff(old: "甲\r\n乙\r\n丙\r\n", new: "甲\r\n乙改\r\n丙\n", options: DiffOptions(contextLines: 0))
        let report = TextDiffReporter(usesColor: false).report(diff, oldName: "a", newName: "b")
        #expect(report == "--- a\n+++ b\n@@ -2,2 +2,2 @@\n~ 乙{+改+}\r\n~ 丙[-␍-]\n")
    }

    @Test func canonicallyEquivalentButDifferentBytesAreADifference() {
        let diff = TextDiff(old: "caf\u{E9}\n", new: "cafe\u{301}\n")
        #expect(!diff.isEmpty)
        #expect(applyingChanges(of: diff, to: "caf\u{E9}\n") == "cafe\u{301}\n")
    }

    @Test func contextLinesGroupNearbyChangesIntoOneHunk() {
        let old = (1...20).map { "第\($0)行\n" }.joined()
        var lines = old.split(separator: "\n").map(String.init)
        lines[2] = "改第3行"
        lines[8] = "改第9行"
        lines[18] = "改第19行"
        let new = lines.map { $0 + "\n" }.joined()
        // Lines 3 and 9 are 5 lines apart, within 2 × 3 of context; line 19 is 9 lines further.
        let diff = TextDiff(old: old, new: new)
        #expect(diff.hunks.map(\.oldStart) == [1, 16])
        #expect(diff.hunks.map(\.oldCount) == [12, 5])
        #expect(TextDiff(old: old, new: new, options: DiffOptions(contextLines: 0)).hunks.count == 3)
    }

    @Test func aRewrittenPhraseIsOneChangeNotCutAtSharedCharacters() {
        let diff = TextDiff(old: "他說的是真的話\n", new: "她寫的都不是假\n")
        #expect(diff.changes.count == 1)
        #expect(applyingChanges(of: diff, to: "他說的是真的話\n") == "她寫的都不是假\n")
    }

    @Test func ignoringPunctuationWidthAndWhitespace() {
        let old = "你好,世界:再見!\n一 二\n"
        let new = "你好，世界：再見！\n一二\n"
        // Three punctuation marks two characters apart stay three changes; the space is the fourth.
        #expect(TextDiff(old: old, new: new).changes.map(\.oldText) == [",", ":", "!", " "])
        #expect(TextDiff(old: old, new: new, options: DiffOptions(ignoresPunctuationWidth: true)).changes.count == 1)
        #expect(TextDiff(old: old, new: new, options: DiffOptions(ignoresWhitespace: true)).changes.count == 3)
        let both = DiffOptions(ignoresPunctuationWidth: true, ignoresWhitespace: true)
        #expect(TextDiff(old: old, new: new, options: both).isEmpty)
        // Letters and digits keep their width: ＡＢ１ is not AB1.
        #expect(!TextDiff(old: "ＡＢ１\n", new: "AB1\n", options: both).isEmpty)
        // Line breaks still count when white space is ignored.
        #expect(!TextDiff(old: "一二\n", new: "一\n二\n", options: both).isEmpty)
    }

    @Test func invalidUTF8IsRejectedWithItsByteOffset() {
        #expect(throws: HanziKitError.invalidUTF8(byteOffset: 4, line: 2, column: 1)) {
            try DiffDocument(utf8: [0xE4, 0xB8, 0x80, 0x0A, 0xFF])
        }
    }

    @Test("Changes rebuild the new text from the old", arguments: 0..<40)
    func changesRebuildTheNewText(seed: Int) {
        var generator = SeededRandom(seed: UInt64(seed))
        let alphabet: [String] = ["的", "頭", "髮", "𠀀", "👍🏽", "👨‍👩‍👧", "a", " ", "，", "\n", "\r\n", "e\u{301}"]
        func randomText() -> String {
            (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
                .joined()
        }
        let old = randomText()
        var new = old
        for _ in 0..<Int.random(in: 0...4, using: &generator) {
            let characters = Array(new)
            let position = Int.random(in: 0...characters.count, using: &generator)
            let length = Int.random(in: 0...min(3, characters.count - position), using: &generator)
            new = String(characters[..<position]) + randomText().prefix(3) + String(characters[(position + length)...])
        }
        let diff = TextDiff(
            old: old, new: new, options: DiffOptions(contextLines: Int.random(in: 0...3, using: &generator)))
        #expect(diff.isEmpty == (Array(old.utf8) == Array(new.utf8)))
        #expect(applyingChanges(of: diff, to: old) == new)
        for change in diff.changes {
            #expect(
                Array(old.utf8)[change.old.utf8Offsets]
                    == Array(change.oldText.utf8)[...])
            #expect(
                Array(new.utf8)[change.new.utf8Offsets]
                    == Array(change.newText.utf8)[...])
        }
    }

    @Test func aLargeBlockOfEditedLinesIsStillAlignedLineByLine() {
        // 3,000 consecutive lines each with one character changed form one block needing 6,000
        // edits, beyond Myers' limit for the whole block; every line's own change is still found.
        let oldLines = (0..<3_000).map { "第\($0)行：頭髮很長" }
        let newLines = oldLines.map { $0.replacingOccurrences(of: "長", with: "短") } + ["多出的一行", "又一行"]
        let old = oldLines.joined(separator: "\n") + "\n"
        let new = newLines.joined(separator: "\n") + "\n"
        let diff = TextDiff(old: old, new: new)
        #expect(diff.changes.count == 3_001)
        #expect(diff.changes.prefix(3_000).allSatisfy { $0.oldText == "長" && $0.newText == "短" })
        #expect(diff.changes.last?.oldText == "")
        #expect(diff.changes.last?.newText == "多出的一行\n又一行\n")
        #expect(diff.changes[2_999].old.start.line == 3_000)
        #expect(applyingChanges(of: diff, to: old) == new)
    }

    @Test func diffIsCodable() throws {
        let diff = TextDiff(old: "頭髮\n", new: "头发\n")
        let decoded = try JSONDecoder().decode(TextDiff.self, from: JSONEncoder().encode(diff))
        #expect(decoded == diff)
    }
}

@Suite("Cross-script diff")
struct CrossScriptDiffTests {
    static let article = TestSupport.repositoryFile("Samples/article.zh-Hant.txt")

    @Test func theArticleEqualsItsSimplifiedConversion() throws {
        let traditional = try String(contentsOf: Self.article, encoding: .utf8)
        let simplified = try Converter(.t2s).convert(traditional)
        #expect(!TextDiff(old: traditional, new: simplified).isEmpty)
        let diff = TextDiff(old: traditional, new: simplified, options: DiffOptions(fold: try Converter(.t2s)))
        #expect(diff.isEmpty)
    }

    @Test func oneRealEditIsLocatedInBothOriginals() throws {
        let traditional = try String(contentsOf: Self.article, encoding: .utf8)
        let simplified = try Converter(.t2s).convert(traditional)
        var simplifiedLines = simplified.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let traditionalLine = traditional.split(separator: "\n", omittingEmptySubsequences: false)[4]
        // Line 5 says Calvin sent at most 10 work e-mails; the edit makes it 20.
        let edited = simplifiedLines[4].replacingOccurrences(of: "不超过10封", with: "不超过20封")
        try #require(edited != simplifiedLines[4])
        simplifiedLines[4] = edited
        let new = simplifiedLines.joined(separator: "\n")

        let diff = TextDiff(old: traditional, new: new, options: DiffOptions(fold: try Converter(.t2s)))
        let change = try #require(diff.changes.first)
        #expect(diff.changes.count == 1)
        #expect(change.oldText == "1")
        #expect(change.newText == "2")
        // Expected places worked out from the texts themselves, in each original separately.
        let traditionalIndex = try #require(traditionalLine.range(of: "不超過10封")).lowerBound
        let traditionalColumn = traditionalLine.distance(from: traditionalLine.startIndex, to: traditionalIndex) + 4
        let simplifiedIndex = try #require(edited.range(of: "不超过20封")).lowerBound
        let simplifiedColumn = edited.distance(from: edited.startIndex, to: simplifiedIndex) + 4
        #expect(change.old.start.line == 5)
        #expect(change.new.start.line == 5)
        #expect(change.old.start.column == traditionalColumn)
        #expect(change.new.start.column == simplifiedColumn)
        let traditionalLineStart = traditional.split(separator: "\n").prefix(4).map { $0.utf8.count + 1 }.reduce(0, +)
        let traditionalOffset =
            traditionalLineStart + traditionalLine[..<traditionalIndex].utf8.count + "不超過".utf8.count
        #expect(change.old.startUTF8Offset == traditionalOffset)
        // Context and removed lines are the Traditional original's, added lines the Simplified.
        let hunk = try #require(diff.hunks.first)
        #expect(hunk.lines.first { $0.kind == .removed }?.text == String(traditionalLine))
        #expect(hunk.lines.first { $0.kind == .added }?.text == edited)
    }

    @Test func aCorpusSliceEqualsItsSimplifiedConversionAndFindsOneEdit() throws {
        // 4,000 lines: enough distinct lines that folding runs in parallel batches.
        let slice = try TestSupport.corpusSlice("hant.txt", lines: 4_000)
        let traditional = try String(contentsOf: slice, encoding: .utf8)
        var simplified = try Converter(.t2s).convert(traditional).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        #expect(
            TextDiff(old: traditional, new: simplified.joined(separator: "\n"), options: try .acrossScripts()).isEmpty)
        let editedLine = try #require(simplified.indices.last { simplified[$0].count > 10 })
        simplified[editedLine] += "（编者注）"
        let diff = TextDiff(old: traditional, new: simplified.joined(separator: "\n"), options: try .acrossScripts())
        #expect(diff.changes.count == 1)
        #expect(diff.changes.first?.newText == "（编者注）")
        #expect(diff.changes.first?.new.start.line == editedLine + 1)
    }

    @Test func phraseConversionsInsideAChangedLineAreNotReportedAsChanges() throws {
        // 頭髮 → 头发 and 乾燥 → 干燥 convert as phrases; only 長 → 短 is a real difference.
        let diff = TextDiff(old: "頭髮很長很乾燥\n", new: "头发很短很干燥\n", options: DiffOptions(fold: try Converter(.t2s)))
        #expect(diff.changes.map(\.oldText) == ["長"])
        #expect(diff.changes.map(\.newText) == ["短"])
    }

    @Test func aConversionThatIsNotIdempotentIsSettledByFoldingTwice() throws {
        let converter = try Converter(.t2s)
        let traditional = "systemd 初始化程序基於單元配置檔案\n"
        let simplified = converter.convert(traditional)
        // t2s converts its own output further here (基於单元 → 基于单元), so one fold is not enough.
        #expect(converter.convert(simplified) != simplified)
        #expect(TextDiff(old: traditional, new: simplified, options: DiffOptions(fold: converter)).isEmpty)
        let edited = simplified.replacingOccurrences(of: "配置", with: "设置")
        let diff = TextDiff(old: traditional, new: edited, options: DiffOptions(fold: converter))
        #expect(diff.changes.map(\.oldText) == ["配"])
        #expect(diff.changes.map(\.newText) == ["设"])
    }

    @Test func variantsThatT2SKeepsAreConfirmedEqualAcrossScripts() throws {
        // Taiwan writes 代表著, a Simplified edition 代表着; t2s keeps 著 (also a Simplified character).
        let traditional = "各自代表著消費產品，著名的作家\n"
        let simplified = "各自代表着消费产品，著名的作家\n"
        let foldedOnly = TextDiff(old: traditional, new: simplified, options: DiffOptions(fold: try Converter(.t2s)))
        #expect(foldedOnly.changes.map(\.oldText) == ["著"])
        #expect(TextDiff(old: traditional, new: simplified, options: try .acrossScripts()).isEmpty)
        // A real change next to the variant is still reported.
        let edited = simplified.replacingOccurrences(of: "作家", with: "画家")
        let diff = TextDiff(old: traditional, new: edited, options: try .acrossScripts())
        #expect(diff.changes.map(\.oldText) == ["作"])
        #expect(diff.changes.map(\.newText) == ["画"])
    }

    @Test func foldingThatChangesLengthFallsBackToCharacters() throws {
        // tw2sp turns 網際網路 (4 characters) into 互联网 (3): the line is not length-preserving.
        let fold = try Converter(.tw2sp)
        #expect(fold.convert("網際網路").count != "網際網路".count)
        let diff = TextDiff(old: "上網際網路查字\n", new: "上網際網路查詞\n", options: DiffOptions(fold: fold))
        #expect(diff.changes.map(\.oldText) == ["字"])
        #expect(diff.changes.first?.old.start.column == 7)
    }
}
