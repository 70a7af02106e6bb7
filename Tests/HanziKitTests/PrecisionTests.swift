import Foundation
import Testing

/// Correct text of every kind goes through `hanzi normalize` (default rules, and with `spacing`)
/// and `hanzi check` unchanged: each class of damage users reported, with their exact strings
/// and others of the same kind.
@Suite("Precision: correct text is never damaged")
struct PrecisionTests {
    private static func normalize(_ text: String, _ options: [String] = []) throws -> String {
        let result = try TestSupport.hanzi(["normalize"] + options, input: Data((text + "\n").utf8))
        try #require(result.status == 0, "\(result.standardError)")
        return String(decoding: result.standardOutput, as: UTF8.self).replacingOccurrences(of: "\n", with: "")
    }

    @Test(
        "Simplified text with few script-specific characters is not normalized toward Traditional",
        arguments: ["他是什么人", "我干什么不干你事", "几率很低，确保背包里有水", "确定", "后来他干了什么", "里面有几个"])
    func shortSimplifiedText(_ text: String) throws {
        #expect(try Self.normalize(text) == text)
        #expect(try Self.normalize(text, ["--enable", "spacing"]) == text)
    }

    @Test(
        "A fix agrees with OpenCC's segmentation of the whole run; variants and names OpenCC keeps stay",
        arguments: [
            "他剛一出戲院就下雨了", "蝦球麪", "恒生銀行", "荔枝乾很好吃", "密語係以", "收摺衣物", "回歸分析", "他住在佛羅里達州",
            "馬里蘭州的首府", "弗羅里達的天氣", "千里達及托巴哥", "烏干達的首都",
        ])
    func segmentationVariantsAndNames(_ text: String) throws {
        #expect(try Self.normalize(text) == text)
        #expect(try Self.normalize(text, ["--script", "hant"]) == text)
    }

    @Test(
        "Japanese and Korean text is not Chinese",
        arguments: [
            "世界中の数百万人が新機能を使っています。", "この後、里帰りします。", "設定を保存しました,後で確認してください。",
            "한국어 文章 테스트입니다.", "他說：「この後、里帰りします。」",
        ])
    func japaneseAndKorean(_ text: String) throws {
        #expect(try Self.normalize(text) == text)
        #expect(try Self.normalize(text, ["--enable", "spacing"]) == text)
    }

    /// The scanners test eight bytes at a time: a kana sentence and a full-width parenthesis are
    /// found wherever they fall in a word, and CJK punctuation (E3 80, EF BC 8C) before them hides nothing.
    @Test func kanaAndFullWidthParenthesesAreFoundAtEveryAlignment() throws {
        let lines = (0..<24).map { String(repeating: "a", count: $0) + " 這是說明，この後、里帰りします。 後來他（在台灣)住了很久。" }
        let result = try TestSupport.hanzi(
            ["normalize", "--script", "hant"], input: Data((lines.joined(separator: "\n") + "\n").utf8))
        try #require(result.status == 0, "\(result.standardError)")
        let expected = lines.map { $0.replacingOccurrences(of: "台灣)", with: "台灣）") }
        #expect(result.output.split(separator: "\n").map(String.init) == expected)
    }

    @Test func japaneseDocumentsAreDetectedAsJapanese() throws {
        let result = try TestSupport.hanzi(["detect"], input: Data("世界中の数百万人が新機能を使っています。\n".utf8))
        #expect(result.output.hasPrefix("<stdin>: japanese ("))
        let korean = try TestSupport.hanzi(["detect"], input: Data("한국어 테스트입니다. 漢字\n".utf8))
        #expect(korean.output.hasPrefix("<stdin>: korean ("))
    }

    @Test(
        "URLs, IRIs, e-mail addresses, character references and placeholders are kept",
        arguments: [
            "&nbsp;中文&gt;中文", "參見&#x4E2D;與&#20013;,都是中", "参见 https://zh.wikipedia.org/wiki/网页浏览器列表#基於WebKit排版引擎 的说明",
            "請到 www.example.com.tw/頭髮,後來 下載", "連結 https://例子.tw/頭髮?q=后來,於是 見", "寫信給 用户@例子.广告 或 後來@example.com",
            "檔案%s已儲存,共%d個", "第%1$d個,共%2$s", "歡迎%(name)s,請到{0}與{name}", "路徑 C:\\Users\\後來\\文件 和 /usr/share/后來",
        ])
    func protectedTokens(_ text: String) throws {
        for options in [["--script", "hant"], ["--script", "hans"], ["--enable", "spacing"]] {
            let normalized = try Self.normalize(text, options)
            for token in try Self.protectedTokens(in: text) {
                #expect(normalized.contains(token), "\(token) altered in \(normalized) with \(options)")
            }
        }
    }

    /// The tokens of `protectedTokens`' examples that must come out byte for byte.
    private static func protectedTokens(in text: String) throws -> [String] {
        let patterns = [
            #"https?://\S+"#, #"www\.\S+"#, #"\S+@\S+"#, #"&#?[A-Za-z0-9]+;"#, #"%[0-9$]*[sd]"#, #"%\(name\)s"#,
            #"\{[0-9a-z]+\}"#, #"C:\\\S+"#, #"/usr/\S+"#,
        ]
        return try patterns.flatMap { pattern -> [String] in
            let regex = try NSRegularExpression(pattern: pattern)
            return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range, in: text).map { String(text[$0]) }
            }
        }
    }

    @Test("A Latin word's own ! or ? is kept", arguments: ["来自Yahoo!的文档", "我在看Jeopardy!节目"])
    func brandPunctuation(_ text: String) throws {
        #expect(try Self.normalize(text) == text)
    }

    @Test func clauseMarksStillBecomeFullWidth() throws {
        #expect(try Self.normalize("真的嗎?太好了!") == "真的嗎？太好了！")
        #expect(try Self.normalize("（內部使用)") == "（內部使用）")
        #expect(try Self.normalize("結束碼:%d", ["--script", "hant"]) == "結束碼：%d")
    }

    @Test func halfPairedParenthesesPairWithinTheirLineOnly() throws {
        // Lines 1 and 3 pair an ASCII parenthesis with a full-width one; line 2 has no full-width
        // one; the pair split over lines 4 and 5 is no pair. (The helper joins the output's lines.)
        let text = "（內部使用)\nA(x)\n(外部使用）\n（甲\n乙)"
        #expect(try Self.normalize(text) == "（內部使用）" + "A(x)" + "（外部使用）" + "（甲" + "乙)")
    }

    @Test func strayGlyphsInClearlyTraditionalTextAreStillFixed() throws {
        let text = "在離職前的最后三個月，他認為這個團隊的溝通與執行都還有進步空間，於是決定離開"
        #expect(try Self.normalize(text) == "在離職前的最後三個月，他認為這個團隊的溝通與執行都還有進步空間，於是決定離開")
    }

    @Test func checkSaysWhenTheScriptCouldNotBeDecided() throws {
        let result = try TestSupport.hanzi(["check", "-"], input: Data("中文很好\n".utf8))
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("<stdin>:1:1: info: the script could not be decided"))
        let english = try TestSupport.hanzi(["check", "-"], input: Data("Hello, world\n".utf8))
        #expect(english.output == "")
        let japanese = try TestSupport.hanzi(["check", "-"], input: Data("この後、里帰りします。\n".utf8))
        #expect(japanese.output.hasPrefix("<stdin>:1:1: info: japanese text, not Chinese"))
    }
}
