import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

@Suite("mojibake rule")
struct MojibakeRuleTests {
    static let rule = MojibakeRule()

    @Test(arguments: MojibakeRule().description.examples)
    func ownExamples(_ example: RuleExample) {
        let violations = Self.rule.violations(in: RuleContext(text: example.text, script: example.script))
        #expect(violations.isEmpty == !example.triggers, "\(example.text)")
        #expect(applyingFixes(of: Self.rule, to: example.text, script: example.script) == example.corrected)
    }

    @Test func codeTablesComeFromTheSystemsIconv() {
        #expect(LegacyCodeTable.gbk.characters[0xAC46] == "現")
        #expect(LegacyCodeTable.gbk.characters[0xBBF9] == "基")
        #expect(LegacyCodeTable.gbk.characters[0xB541] == "礎")
        #expect(LegacyCodeTable.gbk.characters[0xBB41] == "籄", "not 基: the sample's ;A mixes two characters")
        #expect(LegacyCodeTable.big5.characters[0xB27B] == "現")
        #expect(LegacyCodeTable.gbk.codes["現"] == 0xAC46)
        #expect(LegacyCodeTable.gbk.characters.count > 20_000)
        #expect(LegacyCodeTable.big5.characters.count > 13_000)
        #expect(LegacyCodeTable.gbk.characters.values.allSatisfy { !(0xE000...0xF8FF).contains($0.value) })
    }

    /// `?,F` is 。現 (GBK 0xAC46 with its lead byte's high bit lost). `?;A` is 。基礎, but 0xBB41 is
    /// 籄 in GBK: `;` is the lead byte of 基 (0xBBF9) and `A` the trail byte of 礎 (0xB541), the two
    /// bytes between them lost; 基礎 is a common word the article writes elsewhere (基礎研究).
    @Test func sampleArticleRepairsBothFragments() throws {
        let text = try String(contentsOf: TestSupport.repositoryFile("Samples/article.zh-Hant.txt"), encoding: .utf8)
        let violations = Self.rule.violations(in: RuleContext(text: text, script: .traditional))
        #expect(
            describeViolations(of: Self.rule, in: text, script: .traditional) == [
                "3299: ?;A → 。基礎", "4402: ?,F → 。現",
            ])
        #expect(violations.last?.message.contains("GBK 0xAC46 = 現") == true)
        #expect(violations.first?.message.contains("GBK 0xBBF9 = 基") == true)
        #expect(violations.first?.message.contains("GBK 0xB541 = 礎") == true)
        let fixed = applyingFixes(of: Self.rule, to: text, script: .traditional)
        #expect(fixed.contains("產品。現在看") && fixed.contains("增加。基礎設施"))
        #expect(applyingFixes(of: Self.rule, to: fixed, script: .traditional) == fixed)
    }

    @Test func theHandCheckedNormalizedArticleIsClean() throws {
        let text = try String(
            contentsOf: TestSupport.repositoryFile("Samples/article.normalized.zh-Hant.txt"), encoding: .utf8)
        #expect(Self.rule.violations(in: RuleContext(text: text, script: .traditional)).isEmpty)
        #expect(MixedScriptRule().violations(in: RuleContext(text: text, script: .traditional)).isEmpty)
    }

    /// Without a word the text confirms, two characters' worth of debris stays a finding without a fix.
    @Test func debrisOfTwoCharactersNeedsTheTextToConfirmThePair() throws {
        let lone = "增加?;A水平"
        let violation = try #require(Self.rule.violations(in: RuleContext(text: lone, script: .traditional)).first)
        #expect(violation.replacement == nil)
        let confirmed = "基礎很重要。增加?;A水平"
        #expect(applyingFixes(of: Self.rule, to: confirmed, script: .traditional) == "基礎很重要。增加。基礎水平")
    }

    /// Common words whose first character is Traditional with an ASCII GBK trail byte, so losing the
    /// lead byte's high bit leaves two printable characters; picked at random with a fixed seed.
    static let debrisWords: [String] = {
        let words = CuratedDictionaries.parse(CuratedDictionaries.commonWords).values.sorted().filter { word in
            guard let first = word.unicodeScalars.first, let code = LegacyCodeTable.gbk.codes[first] else {
                return false
            }
            return code >> 8 >= 0xA1 && code & 0xFF < 0x80
                && MixedScriptLexicon.shared.traditionalToSimplified[first] != nil
        }
        var generator = SeededRandom(state: 7)
        return Array(words.shuffled(using: &generator).prefix(16))
    }()

    /// The word with its first character turned into debris: the lead byte without its high bit, the trail byte.
    static func debris(of word: String) -> String {
        var scalars = Array(word.unicodeScalars)
        let code = LegacyCodeTable.gbk.codes[scalars[0]] ?? 0
        scalars.replaceSubrange(
            0...0, with: [Unicode.Scalar(UInt8(code >> 8) & 0x7F), Unicode.Scalar(UInt8(code & 0xFF))])
        return String(String.UnicodeScalarView(scalars))
    }

    /// The sample's shape (`?` for a lost 。, then the debris) rebuilt for other characters.
    @Test(arguments: debrisWords)
    func lostHighBitIsRebuiltForAnyCharacter(_ word: String) {
        let broken = "他說完了?" + Self.debris(of: word) + "很重要"
        let repaired = applyingFixes(of: Self.rule, to: broken, script: .traditional)
        #expect(repaired == "他說完了。\(word)很重要", "\(broken) became \(repaired)")
    }

    /// Without the lost 。, debris needs a word of the lexicon beside it.
    @Test func debrisWithoutALostCharacterNeedsAWordAround() {
        #expect(applyingFixes(of: Self.rule, to: "他說不_^還好", script: .traditional) == "他說不過還好")
        #expect(applyingFixes(of: Self.rule, to: "一個<o錄", script: .traditional) == "一個紀錄")
        // jP is 關 (GBK 0xEA50): a lower-case letter before a capital is no name, so 關係 on one side is enough.
        #expect(applyingFixes(of: Self.rule, to: "他說jP係很好", script: .traditional) == "他說關係很好")
        // Qe (GBK 0xD165) forms no word with 目錄 or 的, but 裡 is among the commonest characters and
        // Big5's 孬 is not; two capitals (ID, Big5 0xC944 = 厂, common only in Simplified) stay.
        #expect(applyingFixes(of: Self.rule, to: "目錄Qe的檔案", script: .traditional) == "目錄裡的檔案")
        #expect(Self.rule.violations(in: RuleContext(text: "設定使用者ID為根", script: .traditional)).isEmpty)
    }

    /// Debris the jieba word list and the character frequencies repair, each shape once.
    @Test(arguments: [
        ("他說完了?_@是預設值", "他說完了。這是預設值"),  // no word: 這 is common, Big5's 稛 is rare
        ("後呼叫 callback?_@個選項", "後呼叫 callback。這個選項"),  // the lost 。 after Latin text
        ("磁帶Qb置很貴", "磁帶裝置很貴"),  // a name-shaped pair beside a frequent word
        ("檔案系=y,它們都在", "檔案系統,它們都在"),  // ASCII punctuation after the debris
        ("變數(TO定為空", "變數(設定為空"),  // ASCII punctuation before it
        ("其它ee誤可能由重疊造成", "其它錯誤可能由重疊造成"),
        ("部署-h境重置為預設", "部署環境重置為預設"),  // an option's shape beside a very frequent word
        ("指定為所=o資源", "指定為所給資源"),  // Big5's 緻 is no 所致: Traditional text writes 致 there
    ])
    func frequentWordsAndCharactersRepair(_ broken: String, _ repaired: String) {
        #expect(applyingFixes(of: Self.rule, to: broken, script: .traditional) == repaired)
    }

    /// Names, options and syntax beside Chinese that a reading would turn into a word.
    @Test(arguments: [
        "使用IP位址連線", "用Go寫程式", "請用ls命令看看", "用%j來代替列印任務號", "只能在指定-p tcp的規則",
        "[主機名:]文件", "存放於$~這個特殊變數內", "在OS上執行", "預設是AI模型", "比5G網路快", "使用者ID和口令",
    ])
    func namesAndOptionsStay(_ text: String) {
        #expect(Self.rule.violations(in: RuleContext(text: text, script: .traditional)).isEmpty, "\(text)")
        #expect(Self.rule.violations(in: RuleContext(text: text, script: .simplified)).isEmpty, "\(text)")
    }

    /// TO alone would be 設 (設定), but the text writes TO as a word of its own elsewhere.
    @Test func aPairTheTextWritesAloneElsewhereStays() {
        #expect(applyingFixes(of: Self.rule, to: "變數TO定為空", script: .traditional) == "變數設定為空")
        let text = "變數TO定為空。TO是一個選項"
        #expect(Self.rule.violations(in: RuleContext(text: text, script: .traditional)).isEmpty)
    }

    /// Frequent words whose first character has an ASCII GBK trail byte, picked at random with a
    /// fixed seed from the 2,000 most frequent: the sample's shape rebuilt for them.
    static let frequentDebrisWords: [String] = {
        let words = FrequentWords.shared.simplifiedWords.prefix(2_000).compactMap { word -> String? in
            let traditional = (try? Converter(.s2tw))?.convert(word) ?? word
            guard let first = traditional.unicodeScalars.first, let code = LegacyCodeTable.gbk.codes[first],
                code >> 8 >= 0xA1, code & 0xFF < 0x80
            else { return nil }
            return traditional
        }
        var generator = SeededRandom(state: 13)
        return Array(words.shuffled(using: &generator).prefix(16))
    }()

    @Test(arguments: frequentDebrisWords)
    func frequentWordsAreRebuiltAfterALostStop(_ word: String) {
        let broken = "他說完了?" + Self.debris(of: word) + "很重要"
        #expect(applyingFixes(of: Self.rule, to: broken, script: .traditional) == "他說完了。\(word)很重要")
    }

    @Test(arguments: ["中文", "现在", "基础设施", "系统", "问题", "数据库"])
    func gbkReadAsLatin1RoundTrips(_ word: String) throws {
        var latin1 = ""
        for glyph in word.unicodeScalars {
            let code = try #require(LegacyCodeTable.gbk.codes[glyph])
            latin1.unicodeScalars.append(Unicode.Scalar(UInt8(code >> 8)))
            latin1.unicodeScalars.append(Unicode.Scalar(UInt8(code & 0xFF)))
        }
        let broken = "这是" + latin1 + "的例子"
        #expect(applyingFixes(of: Self.rule, to: broken, script: .simplified) == "这是\(word)的例子")
    }

    /// Two-character words whose UTF-8 bytes happen to be valid GBK throughout, picked at random.
    static let utf8Words: [String] = {
        let words = CuratedDictionaries.parse(CuratedDictionaries.commonWords).values.sorted().filter { word in
            let bytes = Array(word.utf8)
            guard bytes.count == 6 else { return false }
            return stride(from: 0, to: 6, by: 2).allSatisfy {
                LegacyCodeTable.gbk.characters[UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1])] != nil
            }
        }
        var generator = SeededRandom(state: 11)
        return Array(words.shuffled(using: &generator).prefix(10))
    }()

    @Test(arguments: utf8Words)
    func utf8ReadAsGBKRoundTrips(_ word: String) throws {
        let bytes = Array(word.utf8)
        var mojibake = ""
        for pair in stride(from: 0, to: bytes.count, by: 2) {
            let code = UInt16(bytes[pair]) << 8 | UInt16(bytes[pair + 1])
            mojibake.unicodeScalars.append(try #require(LegacyCodeTable.gbk.characters[code], "\(word)"))
        }
        let broken = "我們" + mojibake + "出發"
        #expect(applyingFixes(of: Self.rule, to: broken, script: .traditional) == "我們\(word)出發")
    }

    /// ASCII, Latin-1 and rare-looking characters that belong where they are.
    @Test(arguments: [
        "OpenAI的AI應用", "用Go寫", "3,000名員工", "例如e.g.這樣", "見http://example.com/a,b", "在C:\\路徑下",
        "10:30開會", "在Ångström與café之間", "版本v2升級", "他說:OK吧", "鐝是罕見字", "3××3矩陣", "版權©®所有",
    ])
    func ordinaryTextStays(_ text: String) {
        #expect(Self.rule.violations(in: RuleContext(text: text, script: .traditional)).isEmpty, "\(text)")
    }

    /// The engine reruns the rule over every line only when a pass's fixes change the pairs it reads
    /// elsewhere; that answer is taken from a few scalars around each fix. Checked against the
    /// pairs of the whole text before and after, for random texts and fixes: a "no" is always right,
    /// and for a single fix the answer is exact.
    @Test func fixesChangeEvidenceAgreesWithTheWholeText() {
        let pieces = [
            "好", "後", "后", "現", "现", "在", "_^", ",F", "?", "F", "a", "1", " ", "\n", "，", "TO", "𠀀", ",", ":(",
            "（", "\u{200B}",
        ]
        let simplifying = MixedScriptLexicon.shared.traditionalToSimplified
        func evidence(_ text: String) -> [UInt64] {
            MojibakeRule.evidence(in: Array(text.unicodeScalars), simplifying: simplifying)
        }
        var generator = SeededRandom(seed: 29)
        var changes = (some: 0, none: 0)
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            // Fixes on scalar boundaries, sorted and disjoint: replacements, insertions and deletions.
            let boundaries =
                Array(text.unicodeScalars.indices.map { text.utf8.distance(from: text.startIndex, to: $0) })
                + [text.utf8.count]
            let cuts = Set(
                (0..<Int.random(in: 1...4, using: &generator)).map { _ in
                    boundaries.randomElement(using: &generator)!
                }
            ).sorted()
            var fixes: [RuleViolation] = []
            var index = 0
            while index < cuts.count {
                let single = index + 1 == cuts.count || Bool.random(using: &generator)
                let range = single ? cuts[index]..<cuts[index] : cuts[index]..<cuts[index + 1]
                let replacement = (0..<Int.random(in: 0...2, using: &generator)).map { _ in
                    pieces.randomElement(using: &generator)!
                }.joined()
                fixes.append(RuleViolation(utf8Range: range, message: "", replacement: replacement))
                index += single ? 1 : 2
            }
            var bytes = Array(text.utf8)
            for fix in fixes.reversed() { bytes.replaceSubrange(fix.utf8Range, with: Array(fix.replacement!.utf8)) }
            let fixed = String(decoding: bytes, as: UTF8.self)

            let answer = Self.rule.fixesChangeEvidence(fixes, from: text, to: fixed)
            let changed = evidence(text) != evidence(fixed)
            if changed { changes.some += 1 } else { changes.none += 1 }
            #expect(answer || !changed, "\(text.debugDescription) → \(fixed.debugDescription)")
            if fixes.count == 1 {
                #expect(answer == changed, "\(text.debugDescription) → \(fixed.debugDescription)")
            }
        }
        // Both answers occur often enough for the comparison to mean something.
        #expect(changes.some > 500 && changes.none > 500, "\(changes)")
    }
}
