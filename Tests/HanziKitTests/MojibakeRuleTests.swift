import Foundation
import Testing

@testable import HanziKit

@Suite("mojibake rule")
struct MojibakeRuleTests {
    @Test func dumpSample() throws {
        let text = try String(contentsOf: TestSupport.repositoryFile("Samples/article.zh-Hant.txt"), encoding: .utf8)
        let bytes = Array(text.utf8)
        for v in MojibakeRule().violations(in: RuleContext(text: text, script: .traditional)) {
            print("V", v.utf8Range, String(decoding: bytes[v.utf8Range], as: UTF8.self), v.replacement ?? "-", v.message)
        }
        for example in MojibakeRule().description.examples {
            print("E", example.text, applyingFixes(of: MojibakeRule(), to: example.text, script: example.script), example.corrected)
        }
    }
}
