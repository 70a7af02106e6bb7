import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// Reporters' outputs compared with golden files in `Golden/` (see `Golden`).
@Suite("Reporters' golden outputs")
struct ReporterTests {

    /// A fixed set of rules, so rules registered later do not change the golden files.
    static let registry = RuleRegistry(rules: [CompatibilityFormRule(), PunctuationRule(), TermsRule(), SpacingRule()])

    /// Two files' findings from the real engine: multi-byte text, CRLF, every severity.
    static func reports() throws -> [FileReport] {
        var terms = TermDictionary()
        terms.add(canonical: "Meta")
        let settings = NormalizationSettings(
            script: .fixed(.traditional), enabledOverrides: ["spacing": true],
            severityOverrides: ["spacing": .info], options: RuleOptions(terms: terms))
        let normalizer = Normalizer(settings: settings, registry: registry)
        let first = try normalizer.check("浪潮中,OpenAI\r\n用ＡＩ和meta,好\r\n", format: .markdown)
        let second = try normalizer.check("零\u{200B}寬\n", format: .plain)
        return [
            FileReport(path: "docs/a.md", script: first.script, findings: first.findings),
            FileReport(path: "notes/b:c,d%.txt", script: second.script, findings: second.findings),
            FileReport(path: "clean.txt", script: .simplified, findings: []),
        ]
    }

    @Test(arguments: FindingReporters.all.map(\.identifier))
    func outputMatchesTheGoldenFile(_ format: String) throws {
        // SARIF describes the rules too: the same fixed set.
        let reporter: any Reporter<FileReport> =
            format == "sarif"
            ? SARIFReporter(rules: Self.registry.rules.map(\.description))
            : try #require(FindingReporters.named(format))
        try Golden.check(reporter.format(try Self.reports()), against: "report.\(format).txt")
    }

    @Test func theRegistriesListEveryFormatAndWhichWaitForTheEnd() throws {
        #expect(FindingReporters.all.map(\.identifier) == ["text", "json", "github", "sarif"])
        #expect(FindingReporters.all.filter { !$0.streams }.map(\.identifier) == ["json", "sarif"])
        #expect(DiffReporters.identifiers == ["text", "unified", "json"])
        #expect(DiffReporters.all(usesColor: false).filter { !$0.streams }.map(\.identifier) == ["json"])
    }

    @Test func emptyReportsAreEmptyOrAnEmptyDocument() {
        #expect(TextReporter().format([]) == "")
        #expect(GitHubReporter().format([]) == "")
        #expect(
            JSONReporter().format([])
                == "{\n  \"files\": [],\n  \"summary\": {\n    \"error\": 0,\n    \"info\": 0,\n    \"warning\": 0\n  }\n}\n"
        )
    }

    @Test func jsonIsValidAndCarriesEveryField() throws {
        let output = JSONReporter().format(try Self.reports())
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let files = try #require(document["files"] as? [[String: Any]])
        #expect(files.count == 3)
        let findings = try #require(files[0]["findings"] as? [[String: Any]])
        let first = try #require(findings.first)
        #expect(first["original"] as? String == ",")
        #expect(first["replacement"] as? String == "，")
        #expect(first["utf8Offset"] as? Int == 9)
    }
}
