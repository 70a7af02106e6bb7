import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// One rule example, named for the test report.
struct RuleExampleCase: Sendable, CustomTestStringConvertible {
    var rule: String
    var example: RuleExample
    var testDescription: String { "\(rule): \(example.text.debugDescription)" }

    static let all: [RuleExampleCase] = RuleRegistry.standard.rules.flatMap { rule in
        rule.description.examples.map { RuleExampleCase(rule: rule.description.identifier, example: $0) }
    }
}

@Suite("Every rule's own examples, run through the engine")
struct RuleExampleTests {
    @Test(arguments: RuleExampleCase.all)
    func exampleIsFixedAsDocumented(_ testCase: RuleExampleCase) throws {
        let rule = try #require(RuleRegistry.standard.rule(testCase.rule))
        let example = testCase.example
        let normalizer = Normalizer(
            settings: NormalizationSettings(
                script: .fixed(example.script), enabledOverrides: [testCase.rule: true], options: example.options),
            registry: RuleRegistry(rules: [rule]))
        let findings = try normalizer.check(example.text).findings
        let normalized = try normalizer.normalize(example.text)
        // Compared by scalars: `==` on strings would equate a compatibility ideograph with its unified form.
        #expect(Array(normalized.unicodeScalars) == Array(example.corrected.unicodeScalars))
        #expect(findings.isEmpty == !example.triggers)
        #expect(findings.allSatisfy { $0.rule == testCase.rule && $0.replacement != nil })
        let again = try normalizer.normalize(normalized)
        #expect(Array(again.unicodeScalars) == Array(normalized.unicodeScalars))
    }

    @Test func everyRuleDescribesItselfWithBothKindsOfExample() {
        let identifiers = RuleRegistry.standard.identifiers
        #expect(Set(identifiers).count == identifiers.count)
        for rule in RuleRegistry.standard.rules {
            let description = rule.description
            #expect(description.identifier.allSatisfy { $0.isLowercase || $0 == "-" })
            #expect(!description.summary.isEmpty)
            #expect(
                description.examples.contains { $0.triggers }, "\(description.identifier) has no triggering example")
            #expect(description.examples.contains { !$0.triggers }, "\(description.identifier) has no passing example")
        }
    }
}
