import Foundation
import Testing

/// The sample article end to end through the built `hanzi`, against the hand-checked editions.
@Suite("Sample article")
struct SampleArticleTests {
    static let raw = TestSupport.repositoryFile("Samples/article.zh-Hant.txt")
    static let normalized = TestSupport.repositoryFile("Samples/article.normalized.zh-Hant.txt")
    static let simplified = TestSupport.repositoryFile("Samples/article.zh-Hans.txt")

    @Test func normalizeGivesTheHandCheckedEdition() throws {
        let result = try TestSupport.hanzi(["normalize", Self.raw.path])
        #expect(result.status == 0)
        #expect(result.standardOutput == (try Data(contentsOf: Self.normalized)))
        // Normalizing the normalized edition changes nothing.
        let again = try TestSupport.hanzi(["normalize", Self.normalized.path])
        #expect(again.standardOutput == (try Data(contentsOf: Self.normalized)))
    }

    @Test func checkFailsOnTheRawArticleAndPassesOnTheEditions() throws {
        let raw = try TestSupport.hanzi(["check", Self.raw.path])
        #expect(raw.status == 1)
        for rule in ["[mixed-script]", "[mojibake]", "[punctuation]"] {
            #expect(raw.output.contains(rule), "no \(rule) finding")
        }
        #expect(try TestSupport.hanzi(["check", Self.normalized.path]).status == 0)
        #expect(try TestSupport.hanzi(["check", Self.simplified.path]).status == 0)
    }

    @Test func theSimplifiedEditionIsTheConversionNormalizedAsSimplified() throws {
        let converted = try TestSupport.hanzi(["convert", "-c", "t2s", Self.normalized.path])
        #expect(converted.status == 0)
        let normalized = try TestSupport.hanzi(["normalize", "--script", "hans"], input: converted.standardOutput)
        #expect(normalized.standardOutput == (try Data(contentsOf: Self.simplified)))
    }

    @Test func theTwoEditionsDifferNowhereAcrossScripts() throws {
        let result = try TestSupport.hanzi(["diff", "--across-scripts", Self.normalized.path, Self.simplified.path])
        #expect(result.status == 0)
        #expect(result.output.isEmpty)
    }

    @Test func detectNamesEachEditionsScript() throws {
        let result = try TestSupport.hanzi(["detect", Self.normalized.path, Self.simplified.path])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.first?.contains(": traditional") == true)
        #expect(lines.last?.contains(": simplified") == true)
    }
}
