import HanziConversion
import HanziText

/// A space between Chinese characters and Latin letters or digits, as many style guides ask.
/// Off by default: plenty of publications set them tight.
public struct SpacingRule: Rule {
    /// The rule's identifier.
    public static let identifier = "spacing"

    /// Creates the rule.
    public init() {}

    /// What the rule finds, with its examples.
    public static var description: RuleDescription {
        RuleDescription(
            identifier: Self.identifier,
            summary: "a space between Chinese characters and Latin letters or digits",
            defaultSeverity: .warning, isEnabledByDefault: false,
            examples: [
                .triggers("在OpenAI工作", corrected: "在 OpenAI 工作"),
                .triggers("只用了7周時間", corrected: "只用了 7 周時間"),
                .triggers("于2024年5月加入", corrected: "于 2024 年 5 月加入", in: .simplified),
                .passes("在 OpenAI 工作"),
                .passes("OpenAI，ChatGPT"),
                .passes("中文（English）"),
            ])
    }

    /// A missing space at each boundary between a Han character and an ASCII letter or digit.
    public func violations(in context: RuleContext) -> [RuleViolation] {
        UTF8Text.withText(context.text) { text in
            var violations: [RuleViolation] = []
            var previous: UInt32 = 0
            var offset = 0
            while offset < text.count {
                let (value, length) = text.scalar(at: offset)
                let boundary =
                    (CharacterClass.isHan(previous) && CharacterClass.isASCIIAlphanumeric(value))
                    || (CharacterClass.isASCIIAlphanumeric(previous) && CharacterClass.isHan(value))
                if boundary {
                    violations.append(
                        RuleViolation(
                            utf8Range: offset..<offset, message: "missing space between Chinese and Latin text",
                            replacement: " "))
                }
                previous = value
                offset += length
            }
            return violations
        }
    }
}
