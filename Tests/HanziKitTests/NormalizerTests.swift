import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

@Suite("Normalization engine")
struct NormalizerTests {
    private let normalizer = Normalizer(settings: NormalizationSettings(script: .fixed(.traditional)))

    @Test func positionsCountCharactersAndUTF8BytesAcrossCRLFLines() throws {
        // Line 2 starts after "第一行\r\n" (11 bytes); "𠀀" is 4 bytes but one column.
        let text = "第一行\r\n𠀀中,文\r\nab,中"
        let findings = try normalizer.check(text).findings
        #expect(findings.count == 2)
        let first = try #require(findings.first)
        #expect(first.line == 2 && first.column == 3)
        #expect(first.utf8Offset == 11 + 4 + 3)
        #expect(first.utf8Length == 1 && first.original == "," && first.replacement == "，")
        let second = try #require(findings.last)
        #expect(second.line == 3 && second.column == 3)
        #expect(second.utf8Offset == Array("第一行\r\n𠀀中,文\r\nab".utf8).count)
        #expect(try normalizer.normalize(text) == "第一行\r\n𠀀中，文\r\nab，中")
    }

    @Test func aLeadingByteOrderMarkIsNotCountedAsAColumn() throws {
        let finding = try #require(try normalizer.check("\u{FEFF}中,文").findings.first)
        #expect(finding.line == 1 && finding.column == 2 && finding.utf8Offset == 6)
    }

    @Test func markdownFencesAndMarkersWorkWithCRLFLineEnds() throws {
        let text = "說明,如下\r\n```\r\n代碼,不改\r\n```\r\n<!-- hanzi-disable-next-line -->\r\n標記,不改\r\n然後,改\r\n"
        let expected = "說明，如下\r\n```\r\n代碼,不改\r\n```\r\n<!-- hanzi-disable-next-line -->\r\n標記,不改\r\n然後，改\r\n"
        #expect(try normalizer.normalize(text, format: .markdown) == expected)
    }

    @Test func fixesAreAppliedBackToFrontWithoutDisturbingOtherText() throws {
        let text = "ＡＢ,中\u{200B}文:完"
        #expect(try normalizer.normalize(text) == "AB，中文：完")
        let rules = try normalizer.check(text).findings.map(\.rule)
        #expect(
            rules == ["compatibility-form", "compatibility-form", "punctuation", "compatibility-form", "punctuation"])
    }

    @Test func anEarlierRuleWinsWhereTwoRulesOverlap() throws {
        struct WholeText: Rule {
            static var description: RuleDescription {
                RuleDescription(
                    identifier: "whole-text", summary: "replaces everything", defaultSeverity: .info, examples: [])
            }
            func violations(in context: RuleContext) -> [RuleViolation] {
                [RuleViolation(utf8Range: 0..<context.text.utf8.count, message: "all", replacement: "X")]
            }
        }
        let registry = RuleRegistry(rules: [WholeText(), PunctuationRule()])
        let engine = Normalizer(settings: NormalizationSettings(script: .fixed(.traditional)), registry: registry)
        let findings = try engine.check("中,文").findings
        #expect(findings.map(\.rule) == ["whole-text"])
        #expect(try engine.normalize("中,文") == "X")
    }

    @Test func invalidRangesFromARuleAreIgnored() throws {
        struct Broken: Rule {
            static var description: RuleDescription {
                RuleDescription(identifier: "broken", summary: "bad ranges", defaultSeverity: .error, examples: [])
            }
            func violations(in context: RuleContext) -> [RuleViolation] {
                // Inside the 3-byte 中, and past the end.
                [
                    RuleViolation(utf8Range: 1..<2, message: "mid-character", replacement: "x"),
                    RuleViolation(utf8Range: 0..<99, message: "too long", replacement: "x"),
                ]
            }
        }
        let engine = Normalizer(registry: RuleRegistry(rules: [Broken()]))
        #expect(try engine.check("這裡").findings.isEmpty)
        #expect(try engine.normalize("這裡") == "這裡")
    }

    @Test func severitiesAndSwitchesFollowTheSettings() throws {
        let settings = NormalizationSettings(
            script: .fixed(.traditional), enabledOverrides: ["compatibility-form": false, "spacing": true],
            severityOverrides: ["punctuation": .warning])
        let engine = Normalizer(settings: settings)
        let findings = try engine.check("中,ＡB").findings
        #expect(findings.map(\.rule) == ["punctuation"])
        #expect(findings.map(\.severity) == [.warning])
        #expect(try engine.normalize("在OpenAI,工作") == "在 OpenAI，工作")
    }

    @Test func termsRunOnlyWithADictionary() throws {
        #expect(try normalizer.check("來自meta的人").findings.isEmpty)
        var terms = TermDictionary()
        terms.add(canonical: "Meta")
        let engine = Normalizer(
            settings: NormalizationSettings(script: .fixed(.traditional), options: RuleOptions(terms: terms)))
        #expect(try engine.normalize("來自meta的人和metadata") == "來自Meta的人和metadata")
        let off = Normalizer(
            settings: NormalizationSettings(enabledOverrides: ["terms": false], options: RuleOptions(terms: terms)))
        #expect(try off.normalize("來自meta的人") == "來自meta的人")
    }

    @Test func autoScriptFollowsTheDocument() throws {
        let auto = Normalizer()
        #expect(try auto.check("頭髮後來,乾燥").script == .traditional)
        #expect(try auto.check("头发后来,干燥").script == .simplified)
        #expect(try auto.check("Hello, world").script == .traditional)
    }

    // MARK: Fixing passes

    /// `_^` stands alone on both lines, so it is a token, not debris. The comma fixed on the first
    /// line makes a second pass reread that line alone; the pair still counts on both.
    @Test func aLaterPassCountsPairsInTheWholeTextNotOnlyTheChangedLines() throws {
        let text = "他說㸍_^還好,我出發\n他說㸍_^還好我出發\n"
        let normalized = try normalizer.normalize(text)
        #expect(normalized == "他說㸍_^還好，我出發\n他說㸍_^還好我出發\n")
        #expect(try normalizer.check(normalized).findings.isEmpty)
    }

    /// Repairing `?,F` on the first line leaves `,F` standing alone once, on a line no fix touched:
    /// it is debris now, and normalizing again must find nothing left to do.
    @Test func aRepairThatChangesWhatTheTextWritesElsewhereIsFollowedOnEveryLine() throws {
        let text = "新的產品?,F在看\n,F在看了\n"
        #expect(try normalizer.check(text).findings.map(\.rule) == ["mojibake"])
        let normalized = try normalizer.normalize(text)
        #expect(normalized == "新的產品。現在看\n現在看了\n")
        #expect(try normalizer.check(normalized).findings.isEmpty)
    }

    /// A space is wanted between `F` and `在`, but not once `?,F` is repaired to `。現`; `meta` made
    /// `Meta` keeps a letter beside the space, so both fixes stand.
    @Test func anInsertionBesideAReplacementWaitsWhenTheReplacementChangesItsNeighbour() throws {
        var terms = TermDictionary()
        terms.add(canonical: "Meta")
        let engine = Normalizer(
            settings: NormalizationSettings(
                script: .fixed(.traditional), enabledOverrides: ["spacing": true], options: RuleOptions(terms: terms)))
        #expect(try engine.normalize("新的產品?,F在看") == "新的產品。現在看")
        #expect(try engine.check("新的產品?,F在看").findings.map(\.rule) == ["mojibake"])
        #expect(try engine.normalize("用meta和Ｃ語言") == "用 Meta 和 C 語言")
        #expect(
            try engine.check("用meta和Ｃ語言").findings.map(\.rule) == ["spacing", "terms", "spacing", "compatibility-form"])
    }

    // MARK: Protected regions

    @Test(arguments: [
        ("見https://meta.com/meta?q=meta頁", "見https://meta.com/meta?q=meta頁"),
        ("打開src/meta/main.swift和meta", "打開src/meta/main.swift和Meta"),
        ("打開C:\\meta\\x和www.meta.com", "打開C:\\meta\\x和www.meta.com"),
        ("用/usr/bin/meta,好", "用/usr/bin/meta，好"),
        ("寫信給meta@example.com或meta", "寫信給meta@example.com或Meta"),
    ])
    func urlsAndPathsAreNeverChanged(_ text: String, _ expected: String) throws {
        var terms = TermDictionary()
        terms.add(canonical: "Meta")
        let engine = Normalizer(
            settings: NormalizationSettings(script: .fixed(.traditional), options: RuleOptions(terms: terms)))
        #expect(try engine.normalize(text) == expected)
    }

    @Test func htmlTagsInMarkdownAreNeverChanged() throws {
        var terms = TermDictionary()
        terms.add(canonical: "Meta")
        let engine = Normalizer(
            settings: NormalizationSettings(script: .fixed(.traditional), options: RuleOptions(terms: terms)))
        let text = "<meta charset=\"utf-8\"> <!-- 註釋,不改 --> <https://meta.com> 用meta,好"
        let expected = "<meta charset=\"utf-8\"> <!-- 註釋,不改 --> <https://meta.com> 用Meta，好"
        #expect(try engine.normalize(text, format: .markdown) == expected)
    }

    /// Front matter's string values are text, as in a YAML file; its keys and the rest are data.
    @Test func markdownFrontMatterValuesAreTextKeysAreData() throws {
        let text = "---\n標題,甲: 說明,一  # 註解,不改\nn: 1,2\n---\n正文,改\n"
        #expect(
            try normalizer.normalize(text, format: .markdown)
                == "---\n標題,甲: 說明，一  # 註解,不改\nn: 1,2\n---\n正文，改\n")
    }

    @Test func urlEndsBeforeChinesePunctuationContext() throws {
        #expect(try normalizer.normalize("見http://example.com,中文") == "見http://example.com，中文")
    }

    @Test func markdownCodeAndURLsAreNeverChanged() throws {
        let text = """
            正文,要改
            ```swift
            let 中,文 = 1
            ```
            行內`中,文`不改,但這裡改
            ~~~~
            中,文
            ~~~~
            鏈接[說明](docs/中,文.md)和圖![圖,片](a.png)
            """
        let expected = """
            正文，要改
            ```swift
            let 中,文 = 1
            ```
            行內`中,文`不改，但這裡改
            ~~~~
            中,文
            ~~~~
            鏈接[說明](docs/中,文.md)和圖![圖，片](a.png)
            """
        #expect(try normalizer.normalize(text, format: .markdown) == expected)
        // Indented code after a blank line is code; an indented line inside a paragraph is not.
        let indented = "段落,一\n\n    代碼,不改\n    代碼,不改\n\n段落,二\n    續行,改\n"
        let indentedExpected = "段落，一\n\n    代碼,不改\n    代碼,不改\n\n段落，二\n    續行，改\n"
        #expect(try normalizer.normalize(indented, format: .markdown) == indentedExpected)
        // Plain text has no code spans: the same commas are fixed.
        #expect(try normalizer.normalize("行內`中,文`", format: .plain) == "行內`中，文`")
    }

    @Test func disableMarkersProtectLines() throws {
        let text = """
            第一,改
            <!-- hanzi-disable-next-line -->
            第二,不改
            第三,改
            # hanzi-disable
            第四,不改
            第五,不改
            // hanzi-enable
            第六,改
            """
        let normalized = try normalizer.normalize(text)
        let lines = normalized.split(separator: "\n").map(String.init)
        #expect(lines[0] == "第一，改")
        #expect(lines[2] == "第二,不改")
        #expect(lines[3] == "第三，改")
        #expect(lines[5] == "第四,不改")
        #expect(lines[6] == "第五,不改")
        #expect(lines[8] == "第六，改")
    }

    @Test func disableWithoutEnableRunsToTheEnd() throws {
        #expect(try normalizer.normalize("前,改\nhanzi-disable\n後,不改") == "前，改\nhanzi-disable\n後,不改")
    }

    // MARK: Idempotence

    @Test func sampleArticleIsIdempotentAndOnlyPunctuationChanges() throws {
        let url = TestSupport.repositoryFile("Samples/article.zh-Hant.txt")
        let article = try String(contentsOf: url, encoding: .utf8)
        var terms = TermDictionary()
        terms.add(canonical: "Meta")
        // These rules only: the undo below knows their fixes, not those of rules added later.
        let registry = RuleRegistry(rules: [CompatibilityFormRule(), PunctuationRule(), TermsRule(), SpacingRule()])
        let engine = Normalizer(settings: NormalizationSettings(options: RuleOptions(terms: terms)), registry: registry)
        let once = try engine.normalize(article)
        #expect(try engine.normalize(once) == once)
        #expect(try engine.check(once).findings.filter { $0.replacement != nil }.isEmpty)
        // Undoing exactly the documented fixes gives the original back, so nothing else changed.
        let undone = once.replacingOccurrences(of: "，", with: ",").replacingOccurrences(of: "：", with: ":")
            .replacingOccurrences(of: "；", with: ";").replacingOccurrences(of: "Meta", with: "meta")
        #expect(undone == article)
        // The mojibake debris `?,F` and `?;A` is left for the mojibake rule, not made into ？，.
        #expect(once.contains("產品?,F在看") && once.contains("增加?;A設施"))
        let findings = try engine.check(article).findings
        #expect(findings.filter { $0.rule == "terms" }.count == 3)
        // Every ASCII mark of the article is Chinese punctuation except the four in the debris.
        let asciiMarks = article.unicodeScalars.filter { ",:;?!()".unicodeScalars.contains($0) }.count
        #expect(findings.filter { $0.rule == "punctuation" }.count == asciiMarks - 4)
    }

    @Test func punctuationAgreesWithTheHandCheckedNormalizedArticle() throws {
        let raw = try String(contentsOf: TestSupport.repositoryFile("Samples/article.zh-Hant.txt"), encoding: .utf8)
        let checked = try String(
            contentsOf: TestSupport.repositoryFile("Samples/article.normalized.zh-Hant.txt"), encoding: .utf8)
        let registry = RuleRegistry(rules: [CompatibilityFormRule(), PunctuationRule(), TermsRule(), SpacingRule()])
        let ours = try Normalizer(registry: registry).normalize(raw)
        // Han characters are the mixed-script rule's business; everything else must match line by line.
        func skeleton(_ line: Substring) -> [Unicode.Scalar] {
            line.unicodeScalars.filter { !CharacterClass.isHan($0.value) }
        }
        let ourLines = ours.split(separator: "\n", omittingEmptySubsequences: false)
        let checkedLines = checked.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(ourLines.count == checkedLines.count)
        var debrisLines = 0
        for (our, their) in zip(ourLines, checkedLines) {
            // The two lines with GBK debris are the mojibake rule's to repair.
            if our.contains("?,F") || our.contains("?;A") {
                debrisLines += 1
                continue
            }
            #expect(skeleton(our) == skeleton(their), "\(our)")
        }
        #expect(debrisLines == 2)
    }

    @Test(arguments: ["hant.txt", "hans.txt"])
    func corporaAreIdempotent(_ name: String) throws {
        let lines = ProcessInfo.processInfo.environment["HANZIKIT_IDEMPOTENCE_LINES"].flatMap(Int.init) ?? 3_000
        let url = try TestSupport.corpusSlice(name, lines: lines == 0 ? Int.max : lines)
        let text = try String(contentsOf: url, encoding: .utf8)
        let engine = Normalizer(settings: NormalizationSettings(enabledOverrides: ["spacing": true]))
        let once = try engine.normalize(text)
        let twice = try engine.normalize(once)
        #expect(Array(twice.utf8) == Array(once.utf8))
        #expect(try engine.check(once).findings.filter { $0.replacement != nil }.isEmpty)
    }
}
