import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// Applies a rule's replacements to `text` back to front, as the engine does.
func applyingFixes(of rule: some Rule, to text: String, script: Script) -> String {
    var bytes = Array(text.utf8)
    let violations = rule.violations(in: RuleContext(text: text, script: script))
    for violation in violations.sorted(by: { $0.utf8Range.lowerBound > $1.utf8Range.lowerBound }) {
        guard let replacement = violation.replacement else { continue }
        bytes.replaceSubrange(violation.utf8Range, with: Array(replacement.utf8))
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Each violation as "byte offset: original → replacement", the form the sample expectations use.
func describeViolations(of rule: some Rule, in text: String, script: Script) -> [String] {
    let bytes = Array(text.utf8)
    return rule.violations(in: RuleContext(text: text, script: script)).map { violation in
        let original = String(decoding: bytes[violation.utf8Range], as: UTF8.self)
        return "\(violation.utf8Range.lowerBound): \(original) → \(violation.replacement ?? "(no fix)")"
    }
}

@Suite("mixed-script rule")
struct MixedScriptRuleTests {
    static let rule = MixedScriptRule()

    @Test(arguments: MixedScriptRule().description.examples)
    func ownExamples(_ example: RuleExample) {
        let violations = Self.rule.violations(in: RuleContext(text: example.text, script: example.script))
        #expect(violations.isEmpty == !example.triggers, "\(example.text)")
        #expect(applyingFixes(of: Self.rule, to: example.text, script: example.script) == example.corrected)
    }

    /// The sample article's stray glyphs, hand-checked against the article: byte offset, glyphs, fix.
    static let sampleFindings = [
        "266: 周后 → 週後",  // 離開OpenAI三周后,
        "347: 于 → 於",  // Calvin于2024年
        "374: 并 → 並",  // 并在今年6月底離職
        "412: 并 → 並",  // 并非出于不滿
        "421: 于 → 於",  // 出于不滿
        "439: 沖 → 衝",  // 理念沖突
        "716: 并 → 並",  // 文中并無任何商業機密
        "1067: 沖 → 衝",  // 日夜沖刺
        "1382: 里 → 裡",  // 一年多的時間里
        "1660: 于 → 於",  // 主要基于提出好主意
        "1678: 并 → 並",  // 好主意并落地執行
        "2092: 后 → 後",  // 與對方團隊溝通后,
        "2580: 盡 → 儘",  // 盡管外界常用
        "2774: 于 → 於",  // 用于獲取醫學建議
        "3000: 于 → 於",  // 專注于構建安全系統
        "3213: 托 → 託",  // 核心代碼托管在
        "3530: 征 → 徵",  // 核心架構特征
        "3858: 干 → 幹",  // 直接開干
        "3942: 后 → 後",  // 最后三個月
        "3954: 里 → 裡",  // 三個月里,
        "3966: 沖 → 衝",  // Codex的沖刺
        "4350: 并 → 並",  // 共事并從中學習
    ]

    @Test func sampleArticleFindsExactlyTheStrayGlyphs() throws {
        let text = try String(contentsOf: TestSupport.repositoryFile("Samples/article.zh-Hant.txt"), encoding: .utf8)
        #expect(describeViolations(of: Self.rule, in: text, script: .traditional) == Self.sampleFindings)
        let fixed = applyingFixes(of: Self.rule, to: text, script: .traditional)
        for phrase in ["三週後", "溝通後", "最後三個月", "時間裡", "月裡", "託管", "特徵", "開幹", "衝突", "儘管", "盡量"] {
            #expect(fixed.contains(phrase), "\(phrase)")
        }
        #expect(fixed.components(separatedBy: "衝刺").count - 1 == 2)
        #expect(!fixed.contains("于") && !fixed.contains("并"))
        #expect(applyingFixes(of: Self.rule, to: fixed, script: .traditional) == fixed, "fixing twice changes nothing")
    }

    @Test func messagesNameThePhraseThatDecided() throws {
        let text = "在離職前的最后三個月"
        let violation = try #require(Self.rule.violations(in: RuleContext(text: text, script: .traditional)).first)
        #expect(violation.message == "后 is Simplified for 後 here: 最后 → 最後 (OpenCC STPhrases)")
        let half = try #require(Self.rule.violations(in: RuleContext(text: "理念沖突", script: .traditional)).first)
        #expect(half.message == "沖 should be 衝 here: 沖突 → 衝突 (OpenCC STPhrases)")
        let glyph = try #require(Self.rule.violations(in: RuleContext(text: "出现", script: .traditional)).first)
        #expect(glyph.message.contains("现 is Simplified for 現"))
    }

    /// Correct Traditional text that OpenCC's dictionaries alone would rewrite or that holds glyphs
    /// valid in both scripts.
    @Test(arguments: [
        "皇后", "她成了皇后", "公里", "走了三公里後", "干擾", "周末", "八進位制", "表達式", "游標", "系統", "只能", "只用了7週",
        "盡量自己寫", "儘量自己寫", "于先生說", "天后宮", "乾隆皇帝", "頭髮", "麵包", "後來", "裡面", "著名",
    ])
    func correctTraditionalTextStays(_ text: String) {
        #expect(Self.rule.violations(in: RuleContext(text: text, script: .traditional)).isEmpty, "\(text)")
    }

    @Test(arguments: [
        ("这代表著变化", "这代表着变化"),
        ("这是最後一次", "这是最后一次"),
        ("我們这样做", "我们这样做"),
        ("随著时间过去", "随着时间过去"),
        ("软体的發展", "软体的发展"),
    ])
    func traditionalGlyphsInSimplifiedText(_ text: String, _ corrected: String) {
        #expect(applyingFixes(of: Self.rule, to: text, script: .simplified) == corrected)
    }

    @Test(arguments: ["著名作家", "显著提高", "皇后", "于是他走了", "乾隆", "周末", "公里", "干扰"])
    func correctSimplifiedTextStays(_ text: String) {
        #expect(Self.rule.violations(in: RuleContext(text: text, script: .simplified)).isEmpty, "\(text)")
    }

    /// Readings no phrase holds: 后 and 里 closing a clause, 于 before a number; keeps still win,
    /// except over a longer curated phrase (是隻讀 is 是只讀, though 是只→是隻 as in 是隻貓).
    @Test(arguments: [
        ("與對方溝通后，第二天", "與對方溝通後，第二天"),
        ("在三個星期里，他", "在三個星期裡，他"),
        ("Calvin于2024年加入", "Calvin於2024年加入"),
        ("她成了皇后，", "她成了皇后，"),
        ("走了三公里，", "走了三公里，"),
        ("走了三里，", "走了三里，"),
        ("于先生說，", "于先生說，"),
        ("這個變數是隻讀的", "這個變數是只讀的"),
        ("最多隻能有一個", "最多只能有一個"),
        ("那是隻貓", "那是隻貓"),
    ])
    func contextReadings(_ text: String, _ corrected: String) {
        #expect(applyingFixes(of: Self.rule, to: text, script: .traditional) == corrected)
    }

    /// 后 于 里 并 mean OpenCC's character default (後 於 裡 並) wherever no phrase keeps them, and
    /// stay in the phrases that do (皇后, 公里, 于先生, 里長).
    @Test(arguments: [
        ("研究成果發表于期刊", "研究成果發表於期刊"),
        ("密碼域里是星號", "密碼域裡是星號"),
        ("短指令描述約定里並不會", "短指令描述約定裡並不會"),
        ("她成了皇后。", "她成了皇后。"),
        ("走了三公里，五英里", "走了三公里，五英里"),
        ("于先生和于老師", "于先生和于老師"),
        ("中正里里長說", "中正里里長說"),
        ("鄰里之間，萬里長城", "鄰里之間，萬里長城"),
        ("埔里鎮的天后宮", "埔里鎮的天后宮"),
        ("后羿射日", "后羿射日"),
    ])
    func characterDefaultsApplyWhereNoPhraseKeepsTheGlyph(_ text: String, _ corrected: String) {
        #expect(applyingFixes(of: Self.rule, to: text, script: .traditional) == corrected)
    }

    /// Keeps that would hide the default: a reading OpenCC lists only second (先后 is 先後 first), a
    /// glyph another phrase reads as written (面 of 里面 is not 面包), short keeps inside longer
    /// curated words (元后 in 字元后, 本里 in 腳本里).
    @Test(arguments: [
        ("他們先后順序不同", "他們先後順序不同"),
        ("檔案里面包括下列內容", "檔案裡面包括下列內容"),
        ("兩個字元后面跟一個點", "兩個字元後面跟一個點"),
        ("在腳本里面執行", "在腳本裡面執行"),
        ("在目前的版本里，這是預設", "在目前的版本裡，這是預設"),
    ])
    func misleadingKeepsDoNotHideTheDefault(_ text: String, _ corrected: String) {
        #expect(applyingFixes(of: Self.rule, to: text, script: .traditional) == corrected)
    }

    @Test func characterDefaultsAreOpenCCsOwnDefaults() throws {
        let lexicon = MixedScriptLexicon.shared
        let table = CuratedDictionaries.parse(CuratedDictionaries.mixedScriptCharacterDefaults)
        #expect(table.count == 4)
        for (glyph, meaning) in table {
            let scalar = try #require(glyph.singleScalar)
            #expect(lexicon.simplifiedToTraditional[scalar]?.first == meaning.singleScalar, "\(glyph)")
            #expect(lexicon.characterDefaults[scalar] == meaning.singleScalar, "\(glyph)")
        }
    }

    @Test func characterDefaultMessagesNameTheTable() throws {
        let violation = try #require(
            Self.rule.violations(in: RuleContext(text: "發表于期刊", script: .traditional)).first)
        #expect(
            violation.message
                == "于 is Simplified for 於 (HanziKit MixedScriptCharacterDefaults; no phrase decides otherwise)")
        let openCC = MixedScriptRule(traditionalVariants: .openCC)
        #expect(applyingFixes(of: openCC, to: "密碼域里是星號", script: .traditional) == "密碼域裏是星號")
    }

    @Test func readmeExampleSaysWhatTheReadmeSays() {
        let context = RuleContext(text: "最后三個月里，理念沖突", script: .traditional)
        let messages = Self.rule.violations(in: context).map(\.message)
        #expect(messages.first == "后 is Simplified for 後 here: 最后 → 最後 (OpenCC STPhrases)")
        #expect(applyingFixes(of: Self.rule, to: context.text, script: .traditional) == "最後三個月裡，理念衝突")
    }

    @Test func openCCVariantsWriteTheStandardGlyphs() {
        let openCC = MixedScriptRule(traditionalVariants: .openCC)
        #expect(applyingFixes(of: openCC, to: "一年多的時間里", script: .traditional) == "一年多的時間裏")
        #expect(applyingFixes(of: Self.rule, to: "一年多的時間里", script: .traditional) == "一年多的時間裡")
    }

    @Test func violationsAreByteExactAndDoNotOverlap() {
        let text = "OpenAI三周后，Calvin于2024年并在今年離職。最后，理念沖突"
        let violations = Self.rule.violations(in: RuleContext(text: text, script: .traditional))
        #expect(violations.count == 5)
        for (first, second) in zip(violations, violations.dropFirst()) {
            #expect(first.utf8Range.upperBound <= second.utf8Range.lowerBound)
        }
        #expect(applyingFixes(of: Self.rule, to: text, script: .traditional) == "OpenAI三週後，Calvin於2024年並在今年離職。最後，理念衝突")
    }

    /// Fixing is idempotent on real text: a second pass over fixed corpus text finds nothing more.
    @Test(arguments: [("hant.txt", Script.traditional), ("hans.txt", Script.simplified)])
    func fixingTwiceEqualsFixingOnceOnTheCorpora(_ corpus: String, _ script: Script) throws {
        let text = try String(contentsOf: TestSupport.corpusSlice(corpus, lines: 10_000), encoding: .utf8)
        for rule in [MixedScriptRule() as any Rule, MojibakeRule()] {
            let once = applyingFixes(of: rule, to: text, script: script)
            #expect(applyingFixes(of: rule, to: once, script: script) == once, "\(rule.description.identifier)")
        }
    }

    /// The curated tables are the files of `Dictionaries/` compiled in with `#embed`, so the two
    /// cannot disagree; what can go wrong is a line OpenCC would refuse.
    @Test(arguments: CuratedDictionaries.all.map(\.fileName))
    func curatedTablesAreInOpenCCTextFormat(_ fileName: String) throws {
        let text = try #require(CuratedDictionaries.all.first { $0.fileName == fileName }?.text)
        #expect(!text.isEmpty)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.split(separator: "\t").count == 2, "OpenCC text format: key, tab, values: \(line)")
        }
    }
}
