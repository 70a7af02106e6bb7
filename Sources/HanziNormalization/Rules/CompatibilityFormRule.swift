import Foundation
import HanziConversion
import HanziText

/// Look-alike code points that break search and sorting: CJK compatibility ideographs, Kangxi and
/// supplementary radicals used as text, full-width ASCII letters and digits, zero-width
/// characters and byte order marks inside the text.
public struct CompatibilityFormRule: Rule {
    /// The rule's identifier.
    public static let identifier = "compatibility-form"

    /// Creates the rule.
    public init() {}

    /// What the rule finds, with its examples.
    public static var description: RuleDescription {
        RuleDescription(
            identifier: Self.identifier,
            summary: "compatibility ideographs, radicals, full-width letters and digits, zero-width characters",
            defaultSeverity: .error,
            examples: [
                .triggers("\u{F907}\u{F9B5}", corrected: "龜例"),
                .triggers("\u{2F00}\u{2F08}為本", corrected: "一人為本"),
                .triggers("\u{2ECC}\u{2E8C}的人", corrected: "辶小的人"),
                .triggers("使用ＣｈａｔＧＰＴ的１００人", corrected: "使用ChatGPT的100人"),
                .triggers("零\u{200B}寬\u{2060}字", corrected: "零寬字"),
                .triggers("文字\u{FEFF}中間", corrected: "文字中間"),
                .triggers("中\u{200D}文", corrected: "中文"),
                .passes("\u{FEFF}開頭的位元組順序標記"),
                .passes("全形標點，：；（）不變"),
                .passes("家庭👨\u{200D}👩\u{200D}👧表情"),
                .passes("部首 \u{2F08} 的寫法"),
                .passes("\u{FA0E}是統一漢字"),
            ])
    }

    /// Each compatibility form with its unified or ASCII replacement.
    public func violations(in context: RuleContext) -> [RuleViolation] {
        UTF8Text.withText(context.text) { text in
            var violations: [RuleViolation] = []
            // Every candidate starts with E2, EF or F0 in UTF-8; CJK ideographs (E3–EE) never do,
            // and those bytes are never continuation bytes, so a byte search finds each candidate.
            let leads = ByteFinder([0xE2, 0xEF, 0xF0])
            var offset = 0
            while true {
                offset = leads.next(in: text, from: offset)
                guard offset < text.count else { break }
                let (value, length) = text.scalar(at: offset)
                if Self.isCandidate(value),
                    let (message, replacement) = finding(value, at: offset, length: length, in: text)
                {
                    violations.append(
                        RuleViolation(utf8Range: offset..<offset + length, message: message, replacement: replacement))
                }
                offset += length
            }
            return violations
        }
    }

    private func finding(_ value: UInt32, at offset: Int, length: Int, in text: UTF8Text) -> (String, String)? {
        let code = "U+" + String(value, radix: 16, uppercase: true)
        let character = String(UnicodeScalar(value).map(Character.init) ?? " ")
        switch value {
        case 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            // The compatibility block also holds twelve unified ideographs; NFC leaves those alone.
            let unified = character.precomposedStringWithCanonicalMapping
            // Compared by scalars: `==` on strings already treats the two as equal.
            guard !unified.unicodeScalars.elementsEqual(character.unicodeScalars) else { return nil }
            return ("CJK compatibility ideograph '\(character)' (\(code)); use the unified '\(unified)'", unified)
        case 0x2F00...0x2FD5:
            guard isUsedAsText(offset, length, text) else { return nil }
            let unified = character.precomposedStringWithCompatibilityMapping
            return ("Kangxi radical '\(character)' (\(code)) used as text; use the ideograph '\(unified)'", unified)
        case 0x2E80...0x2EF3:
            guard isUsedAsText(offset, length, text), let unified = Self.radicalsSupplement[value] else { return nil }
            return ("CJK radical '\(character)' (\(code)) used as text; use the ideograph '\(unified)'", unified)
        case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            let ascii = String(UnicodeScalar(UInt8(value - 0xFEE0)))
            return ("full-width '\(character)' (\(code)); use ASCII '\(ascii)'", ascii)
        case 0x200B, 0x2060:
            return ("zero-width character \(code) inside text", "")
        case 0xFEFF:
            // A byte order mark at the very start is the file's encoding signature.
            return offset == 0 ? nil : ("byte order mark \(code) inside text", "")
        case 0x200C, 0x200D:
            // Joiners shape emoji and some scripts; between Chinese or ASCII text they only hide.
            let previous = text.scalar(before: offset)?.value ?? 0x20
            let next = text.scalar(after: offset + length) ?? 0x20
            guard Self.isPlain(previous) && Self.isPlain(next) else { return nil }
            return ("zero-width joiner \(code) inside Chinese or ASCII text", "")
        default:
            return nil
        }
    }

    /// A cheap range test that keeps ordinary text (CJK ideographs above all) off the slow path.
    private static func isCandidate(_ value: UInt32) -> Bool {
        switch value {
        case 0x200B...0x200D, 0x2060, 0x2E80...0x2FD5, 0xF900...0xFAFF, 0xFEFF, 0xFF10...0xFF5A, 0x2F800...0x2FA1F: true
        default: false
        }
    }

    private static func isPlain(_ value: UInt32) -> Bool {
        value < 0x80 || CharacterClass.isChinese(value)
    }

    /// A radical stands as a character of the text when a Chinese character touches it.
    private func isUsedAsText(_ offset: Int, _ length: Int, _ text: UTF8Text) -> Bool {
        let previous = text.scalar(before: offset)?.value
        let next = text.scalar(after: offset + length)
        func isChineseOrRadical(_ value: UInt32?) -> Bool {
            guard let value else { return false }
            return CharacterClass.isChinese(value) || (0x2E80...0x2FD5).contains(value)
        }
        return isChineseOrRadical(previous) || isChineseOrRadical(next)
    }

    /// CJK radicals supplement characters and the unified ideographs they stand for (Unicode's
    /// EquivalentUnifiedIdeograph data); only two of them have a decomposition NFKC would apply.
    static let radicalsSupplement: [UInt32: String] = [
        0x2E8C: "小", 0x2E8D: "小", 0x2E8E: "兀", 0x2E96: "忄", 0x2E98: "扌", 0x2E99: "攵", 0x2E9F: "母",
        0x2EA0: "民", 0x2EA1: "氵", 0x2EA3: "灬", 0x2EA4: "爫", 0x2EA8: "犭", 0x2EAE: "竹", 0x2EBC: "肉",
        0x2EBE: "艹", 0x2EBF: "艹", 0x2EC0: "艹", 0x2EC2: "衤", 0x2EC4: "西", 0x2EC5: "见", 0x2EC8: "讠",
        0x2EC9: "贝", 0x2ECB: "车", 0x2ECC: "辶", 0x2ECD: "辶", 0x2ECF: "阝", 0x2ED0: "钅", 0x2ED1: "長",
        0x2ED3: "长", 0x2ED4: "门", 0x2ED6: "阝", 0x2ED8: "青", 0x2ED9: "韦", 0x2EDA: "页", 0x2EDB: "风",
        0x2EDC: "飞", 0x2EDD: "食", 0x2EDF: "飠", 0x2EE0: "饣", 0x2EE2: "马", 0x2EE3: "骨", 0x2EE4: "鬼",
        0x2EE5: "鱼", 0x2EE6: "鸟", 0x2EE7: "卤", 0x2EE8: "麦", 0x2EE9: "黄", 0x2EEA: "黾", 0x2EEB: "斉",
        0x2EEC: "齐", 0x2EEE: "齿", 0x2EF0: "龙", 0x2EF3: "龟",
    ]
}
