import ArgumentParser
import HanziKit

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the normalization rules with their summaries and examples.",
        discussion: "Each example shows text that triggers a rule and its correction, or text the rule leaves alone."
    )

    func run() throws {
        var output = ""
        for rule in RuleRegistry.standard.rules {
            let description = rule.description
            let state = description.isEnabledByDefault ? "on by default" : "off by default"
            output += "\(description.identifier) (\(description.defaultSeverity.rawValue), \(state))\n"
            output += "  \(description.summary)\n"
            for example in description.examples {
                let script = example.script.rawValue
                if example.triggers {
                    output += "  fixes  [\(script)] \(visible(example.text)) → \(visible(example.corrected))\n"
                } else {
                    output += "  keeps  [\(script)] \(visible(example.text))\n"
                }
            }
            output += "\n"
        }
        try writeToStandardOutput(output)
    }

    /// Shows invisible and look-alike characters as `<U+200B>` so the examples can be read.
    private func visible(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x200B...0x200D, 0x2060, 0xFEFF, 0x2E80...0x2FDF, 0xF900...0xFAFF:
                result += "<U+\(String(scalar.value, radix: 16, uppercase: true))>"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
