import Testing

@testable import HanziText

/// The one definition of a Han character (`CharacterClass.isHan`), which every rule, the script
/// detector and the engine use, at the edges of its ranges, with the reason for each choice.
@Suite("What counts as a Han character")
struct CharacterClassTests {
    static let edges: [(scalar: Unicode.Scalar, isHan: Bool, reason: String)] = [
        ("\u{4E00}", true, "一, the first of the CJK Unified Ideographs block"),
        ("\u{9FFF}", true, "the last code point of that block"),
        ("\u{3400}", true, "㐀, the first of extension A"),
        ("\u{4DBF}", true, "the last of extension A"),
        ("\u{4DC0}", false, "䷀, a Yijing hexagram between extension A and the main block: a symbol"),
        ("\u{F900}", true, "豈, a compatibility ideograph: a glyph of a word (the compatibility-form rule unifies it)"),
        ("\u{FAD9}", true, "a compatibility ideograph near the end of its block"),
        ("\u{20000}", true, "𠀀, the first of extension B, outside the BMP"),
        ("\u{2A6DF}", true, "the last of extension B"),
        ("\u{2EBF0}", true, "the first of extension I"),
        ("\u{2F800}", true, "the first compatibility ideograph of the supplement"),
        ("\u{30000}", true, "the first of extension G"),
        ("\u{3134A}", true, "the last of extension G"),
        (
            "\u{31350}", false,
            "the first of extension H (Unicode 15): no dictionary HanziKit reads holds one, so no rule could decide anything about it"
        ),
        (
            "\u{3005}", true,
            "々, the iteration mark: it stands for the Han character before it (人々), inside a run of them"
        ),
        (
            "\u{3007}", true,
            "〇, the numeral zero of 二〇二四年; OpenCC's STPhrases holds 占〇 and 余〇, which a run must reach through it"
        ),
        ("\u{3006}", false, "〆, a Japanese closing mark, not written in Chinese"),
        ("\u{303B}", false, "〻, the vertical iteration mark of Japanese"),
        ("\u{3001}", false, "、, punctuation: CharacterClass.isCJKPunctuation"),
        ("\u{2E80}", false, "⺀, a radical of the supplement: a component, found in text only after damage"),
        ("\u{2F00}", false, "⼀, a Kangxi radical, which looks like 一 but is a symbol"),
        ("\u{31C0}", false, "㇀, a stroke"),
        ("\u{3041}", false, "ぁ, kana"),
        ("\u{AC00}", false, "가, Hangul"),
        ("A", false, "ASCII"),
    ]

    @Test(arguments: edges.indices)
    func edgeCharacter(_ index: Int) {
        let edge = Self.edges[index]
        #expect(CharacterClass.isHan(edge.scalar.value) == edge.isHan, "\(edge.reason)")
        #expect(edge.scalar.isHan == edge.isHan, "\(edge.reason)")
    }
}
