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

    /// The README's main job: `Scripts/run-sample.sh` runs `hanzi` with the arguments of its last
    /// line, which are run here with the built binary (the script itself would build it again).
    @Test func runSampleScriptPrintsTheHandCheckedSimplifiedEdition() throws {
        let script = try String(contentsOf: TestSupport.repositoryFile("Scripts/run-sample.sh"), encoding: .utf8)
        let line = try #require(script.split(separator: "\n").last { $0.contains("/hanzi\" ") })
        let arguments = line.components(separatedBy: "/hanzi\" ").last!.split(separator: " ").map(String.init)
        #expect(arguments.first == "convert")
        #expect(arguments.contains("--normalize"))
        let result = try TestSupport.hanzi(arguments, in: TestSupport.repositoryRoot)
        #expect(result.status == 0)
        #expect(result.standardOutput == (try Data(contentsOf: Self.simplified)))
    }

    /// Either order of the two steps gets something wrong that the one-step edition does not:
    /// normalize then convert keeps OpenCC's 代表著, which only a pass in Simplified fixes.
    @Test func normalizeThenConvertLeavesWhatTheEditionFixes() throws {
        let normalized = try TestSupport.hanzi(["normalize", Self.raw.path])
        let converted = try TestSupport.hanzi(["convert", "-c", "t2s"], input: normalized.standardOutput)
        #expect(converted.output.contains("代表著"))
        let edition = try TestSupport.hanzi(["convert", "--normalize", "-c", "t2s", Self.raw.path])
        #expect(!edition.output.contains("代表著"))
        #expect(edition.output.contains("代表着"))
        // Standard input, read whole, gives the same edition as the streamed file.
        let piped = try TestSupport.hanzi(
            ["convert", "--normalize", "-c", "t2s"], input: try Data(contentsOf: Self.raw))
        #expect(piped.standardOutput == edition.standardOutput)
    }

    @Test func normalizationOptionsNeedNormalize() throws {
        let result = try TestSupport.hanzi(["convert", "--script", "hant", Self.raw.path])
        #expect(result.status == 64)
        #expect(result.standardError.contains("need --normalize"))
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
