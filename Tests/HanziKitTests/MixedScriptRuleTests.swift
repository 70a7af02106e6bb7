import Foundation
import Testing

@testable import HanziKit

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

@Suite("mixed-script rule")
struct MixedScriptRuleTests {
    @Test func dumpSample() throws {
        let text = try String(contentsOf: TestSupport.repositoryFile("Samples/article.zh-Hant.txt"), encoding: .utf8)
        let bytes = Array(text.utf8)
        for v in MixedScriptRule().violations(in: RuleContext(text: text, script: .traditional)) {
            print(v.utf8Range, String(decoding: bytes[v.utf8Range], as: UTF8.self), v.replacement ?? "-", v.message)
        }
    }
}

