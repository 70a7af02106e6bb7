import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

@Suite("OpenCC dictionaries through the C++ API")
struct OpenCCDictionariesTests {
    @Test func t2sHasPhraseSegmentationAndOneStageOfPhrasesThenCharacters() throws {
        let dictionaries = try OpenCCDictionaries.load(configuration: "t2s.json")
        #expect(dictionaries.segmentation.count == 1)
        #expect(dictionaries.conversionStages.count == 1)
        let stage = try #require(dictionaries.conversionStages.first)
        #expect(stage.count == 2)
        let phrases = Dictionary(stage[0].entries.map { ($0.key, $0.values) }, uniquingKeysWith: { a, _ in a })
        let characters = Dictionary(stage[1].entries.map { ($0.key, $0.values) }, uniquingKeysWith: { a, _ in a })
        #expect(phrases["乾隆"] == ["乾隆"])  // a phrase that keeps 乾, which characters alone would simplify
        #expect(characters["後"]?.first == "后")
        #expect(characters.count > 3_000)
    }

    @Test func s2twpChainsThreeStages() throws {
        // s2twp: phrases and characters, then Taiwan phrases, then Taiwan variants.
        let dictionaries = try OpenCCDictionaries.load(configuration: "s2twp.json")
        #expect(dictionaries.conversionStages.count == 3)
    }

    @Test func layeredTextDictionaryComesFirst() throws {
        let path = TestSupport.repositoryFile("Dictionaries/t2s-with-taiwan-terms.json").path
        let dictionaries = try OpenCCDictionaries.load(configuration: path)
        let first = try #require(dictionaries.conversionStages.first?.first)
        #expect(first.entries.contains(.init(key: "軟體", values: ["软件"])))
    }

    @Test func missingConfigurationCarriesOpenCCsMessage() {
        #expect(throws: HanziKitError.self) {
            try OpenCCDictionaries.load(configuration: "no-such.json")
        }
    }
}
