import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// Segments and streamed windows must be invisible: cutting a document at neutral points gives
/// exactly what normalizing each part gives, and a file read in windows gives the whole-text result.
@Suite("Segmented and streamed normalization")
struct SegmentedNormalizationTests {
    /// Small sizes, so texts of a few kilobytes are cut many times and windows grow and carry.
    static let tinyLayout = SegmentLayout(linesPerSegment: 3, longLineLimit: 2_000, windowSize: 1_001)

    static func normalizer(_ script: ScriptSelection = .fixed(.traditional), layout: SegmentLayout = tinyLayout)
        -> Normalizer
    {
        var normalizer = Normalizer(settings: NormalizationSettings(script: script))
        normalizer.layout = layout
        return normalizer
    }

    /// A sample as lines that each end with a newline, so copies of it join line by line.
    static func sample(_ name: String) -> String {
        let text = (try? String(contentsOf: TestSupport.repositoryFile("Samples/\(name)"), encoding: .utf8)) ?? ""
        return text.hasSuffix("\n") ? text : text + "\n"
    }

    static let article = sample("article.zh-Hant.txt")
    static let normalizedArticle = sample("article.normalized.zh-Hant.txt")
    /// Segments of exactly one copy of the article: the mojibake rule finds its evidence in the copy.
    static let articleLayout = SegmentLayout(
        linesPerSegment: article.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, longLineLimit: 1 << 20,
        windowSize: 12_000)

    static func write(_ text: String, name: String = "input.txt") throws -> String {
        let url = TestSupport.temporaryFolder().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func theSampleRepeatedPastManyCutsNormalizesLikeEachCopy() throws {
        #expect(!Self.article.isEmpty)
        let copies = 12
        let document = String(repeating: Self.article, count: copies)
        for layout in [Self.articleLayout, SegmentLayout.standard] {
            let normalized = Self.normalizer(layout: layout).normalize(document, script: .traditional)
            #expect(normalized == String(repeating: Self.normalizedArticle, count: copies))
        }
    }

    @Test func findingsOfASegmentedDocumentKeepWholeDocumentPositions() throws {
        let copies = 5
        let document = String(repeating: Self.article, count: copies)
        let one = try Self.normalizer(layout: .standard).check(Self.article).findings
        let all = try Self.normalizer(layout: Self.articleLayout).check(document).findings
        #expect(all.count == one.count * copies)
        let lines = Self.article.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        for (index, finding) in all.enumerated() {
            let copy = index / one.count
            var expected = one[index % one.count]
            expected.line += copy * lines
            expected.utf8Offset += copy * Self.article.utf8.count
            #expect(finding == expected)
        }
    }

    /// A fence or a disabled stretch longer than a segment is never cut, so its text stays as written.
    @Test(arguments: [
        ("doc.md", "```\n", "```\n"), ("doc.txt", "hanzi-disable\n", "hanzi-enable\n"),
        ("doc.md", "~~~~\n", "~~~~\n"),
    ])
    func protectedStretchesLongerThanASegmentStayWhole(_ name: String, _ open: String, _ close: String) throws {
        let prose = "他于是離開了,三周后回來。\n\n"
        let fixed = "他於是離開了，三週後回來。\n\n"
        let inside = String(repeating: "代碼托管在雲上,最后一次。\n", count: 60)
        let document =
            String(repeating: prose, count: 20) + open + inside + close + "\n" + String(repeating: prose, count: 20)
        let expected =
            String(repeating: fixed, count: 20) + open + inside + close + "\n" + String(repeating: fixed, count: 20)
        let format = DocumentFormat(path: name)
        #expect(Self.normalizer().normalize(document, script: .traditional, format: format) == expected)
        let path = try Self.write(document, name: name)
        let sink = CollectingSink()
        let result = try Self.normalizer().normalize(file: path, format: format, to: sink)
        #expect(String(decoding: sink.bytes, as: UTF8.self) == expected)
        #expect(result.changed && result.script == .traditional)
    }

    @Test func aStrayByteOrderMarkAtALineStartIsRemovedWhereverTheCutsFall() throws {
        let line = "中文,測試一行。\n"
        let document = String(repeating: line, count: 40) + "\u{FEFF}" + String(repeating: line, count: 40)
        let expected = String(repeating: "中文，測試一行。\n", count: 80)
        #expect(Self.normalizer().normalize(document, script: .traditional) == expected)
    }

    @Test(
        "Streaming a corpus slice equals normalizing it whole",
        arguments: ["hant.txt", "hans.txt"],
        [
            SegmentLayout(linesPerSegment: 3, longLineLimit: 2_000, windowSize: 1_001),
            SegmentLayout(linesPerSegment: 64, longLineLimit: 65_536, windowSize: 65_537),
        ])
    func streamingEqualsWholeText(_ corpus: String, _ layout: SegmentLayout) throws {
        let url = try TestSupport.corpusSlice(corpus, lines: 1_500)
        let text = try String(contentsOf: url, encoding: .utf8)
        let normalizer = Self.normalizer(.auto, layout: layout)
        let sink = CollectingSink()
        let streamed = try normalizer.normalize(file: url.path, format: .plain, to: sink)
        let whole = try normalizer.normalize(text)
        #expect(sink.bytes == Array(whole.utf8))
        #expect(streamed.changed == (whole != text))
        #expect(streamed.script == (try normalizer.targetScript(for: text)))
        let checked = try normalizer.check(file: url.path)
        #expect(checked.findings == (try normalizer.check(text)).findings)
        #expect(!checked.findings.isEmpty)
    }

    @Test func aLongLineWithoutBreaksIsCutInsideAndKeepsColumns() throws {
        // 3,000 characters on one line: the window and the segments must cut inside it.
        let sentence = "他于是離開了,最后一次。"
        let document = String(repeating: sentence, count: 250) + "\n" + String(repeating: sentence, count: 3)
        let normalizer = Self.normalizer()
        let path = try Self.write(document)
        let sink = CollectingSink()
        _ = try normalizer.normalize(file: path, to: sink)
        let expected =
            String(repeating: "他於是離開了，最後一次。", count: 250) + "\n"
            + String(repeating: "他於是離開了，最後一次。", count: 3)
        #expect(String(decoding: sink.bytes, as: UTF8.self) == expected)
        let findings = try normalizer.check(file: path).findings
        #expect(findings == (try Self.normalizer(layout: .standard).check(document)).findings)
        #expect(findings.count == 253 * 3)
        let last = try #require(findings.last)
        #expect(last.line == 2 && last.column == 2 * 12 + 9)
    }

    @Test func invalidUTF8InALaterWindowNamesItsAbsolutePlace() throws {
        var bytes = Array(String(repeating: "中文,測試一行。\n", count: 300).utf8)
        let lineStart = Array(String(repeating: "中文,測試一行。\n", count: 250).utf8).count
        bytes.insert(0xFF, at: lineStart + 6)
        let url = TestSupport.temporaryFolder().appendingPathComponent("bad.txt")
        try Data(bytes).write(to: url)
        for script in [ScriptSelection.auto, .fixed(.traditional)] {
            let sink = CollectingSink()
            #expect(throws: HanziKitError.invalidUTF8(byteOffset: lineStart + 6, line: 251, column: 3)) {
                _ = try Self.normalizer(script).normalize(file: url.path, to: sink)
            }
            // Detecting the script reads the whole file first, so nothing is written before the error.
            if case .auto = script { #expect(sink.bytes.isEmpty) }
            #expect(throws: HanziKitError.invalidUTF8(byteOffset: lineStart + 6, line: 251, column: 3)) {
                _ = try Self.normalizer(script).check(file: url.path)
            }
        }
    }

    @Test func anUnchangedFileIsReportedUnchanged() throws {
        let path = try Self.write(String(repeating: Self.normalizedArticle, count: 3))
        let sink = CollectingSink()
        let result = try Self.normalizer(.auto).normalize(file: path, to: sink)
        #expect(!result.changed && result.script == .traditional)
        #expect(sink.bytes == Array(String(repeating: Self.normalizedArticle, count: 3).utf8))
    }
}

/// A line with no sentence end and no space is cut between two characters once it outgrows a
/// segment, so no line is held whole; a fix that would span such a cut is not made, on either
/// side, and every other fix is.
@Suite("Lines without break points")
struct LineWithoutBreakPointsTests {
    /// Traditional text whose 干燥 is fixed (干 alone is Traditional too: 干擾), then 人 up to the
    /// cut (2,000 bytes in the tiny layout, backed off to the character boundary at 1,998), then
    /// 干燥 again `shift` characters after the cut's place, then more 人.
    static func line(shift: Int) -> String {
        // 12 + 3 × 661 = 1,995: 干 ends at byte 1,998 when shift is 0.
        "人人干燥" + String(repeating: "人", count: 661 + shift) + "干燥" + String(repeating: "人", count: 100) + "\n"
    }

    @Test(arguments: [0, 1])
    func aFixSpanningACutInsideALineIsNotMadeAndOthersAre(shift: Int) throws {
        let text = Self.line(shift: shift)
        let normalizer = SegmentedNormalizationTests.normalizer()
        let spansTheCut = shift == 0
        let expected =
            "人人乾燥" + String(repeating: "人", count: 661 + shift) + (spansTheCut ? "干燥" : "乾燥")
            + String(repeating: "人", count: 100) + "\n"
        // The cut lies where the test says: at a character boundary inside the line.
        let cuts = UTF8Text.withText(text) {
            Segmentation($0, format: .plain, layout: SegmentedNormalizationTests.tinyLayout).cuts
        }
        #expect(cuts.first == 1_998)
        // In memory and streamed from a file in windows alike.
        #expect(normalizer.normalize(text, script: .traditional) == expected)
        let path = try SegmentedNormalizationTests.write(text)
        let sink = CollectingSink()
        _ = try normalizer.normalize(file: path, to: sink)
        #expect(String(decoding: sink.bytes, as: UTF8.self) == expected)
        // check agrees: a finding for each fix made, at its place, none at the cut.
        let findings = try normalizer.check(file: path).findings
        let columns = findings.filter { $0.original.contains("干") }.map(\.column)
        #expect(columns == (spansTheCut ? [3] : [3, 4 + 661 + shift + 1]))
        #expect(findings == (try normalizer.check(text)).findings)
        // Normalizing the result again changes nothing: the cut falls at the same place.
        #expect(normalizer.normalize(expected, script: .traditional) == expected)
    }

    @Test func aLineOfCombiningSequencesIsCutBetweenWholeCharacters() throws {
        // e + COMBINING ACUTE ACCENT, three bytes a character: the cut backs off past 2,000 to
        // 1,998, before an e, not between an e and its accent.
        let text = String(repeating: "e\u{0301}", count: 1_000) + "\n"
        let cuts = UTF8Text.withText(text) {
            Segmentation($0, format: .plain, layout: SegmentedNormalizationTests.tinyLayout).cuts
        }
        #expect(cuts.first == 1_998)
        let normalizer = SegmentedNormalizationTests.normalizer()
        #expect(normalizer.normalize(text, script: .traditional) == text)
    }
}
