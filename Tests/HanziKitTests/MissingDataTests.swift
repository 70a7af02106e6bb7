import Foundation
import Testing

@testable import HanziConversion
@testable import HanziNormalization
@testable import HanziText

/// OpenCC's data that the normalization lexicons are built from, missing: an error that names the
/// file, never lexicons that are silently empty and rules that silently find nothing.
@Suite("Missing OpenCC data")
struct MissingDataTests {
    @Test func aConfigurationFolderWithoutTheConfigurationsIsNamed() throws {
        let folder = TestSupport.temporaryFolder().path + "/"
        #expect(throws: HanziKitError.self) { try NormalizationLexicons.build(configurationFolder: folder) }
        do {
            _ = try NormalizationLexicons.build(configurationFolder: folder)
        } catch {
            guard case let .configurationUnavailable(configuration, _) = error else {
                Issue.record("unexpected error: \(error)")
                return
            }
            #expect(configuration == folder + "s2twp.json")
            #expect(error.description.contains(folder + "s2twp.json"), "\(error.description)")
        }
    }

    /// The legacy code tables come from the system's iconv: an encoding it cannot decode is an
    /// error naming the encoding, not a table that silently finds no mojibake.
    @Test func anEncodingIconvCannotDecodeIsNamed() throws {
        do {
            _ = try LegacyCodeTable(decoding: "NO-SUCH-ENCODING")
            Issue.record("a table was built for an encoding iconv does not know")
        } catch {
            #expect(error.description.contains("NO-SUCH-ENCODING"), "\(error.description)")
        }
        let gbk = try LegacyCodeTable(decoding: "GBK")
        #expect(gbk.characters.count >= LegacyCodeTable.minimumCharacters)
    }

    @Test func aMissingDictionaryOfAConfigurationIsNamed() throws {
        let folder = TestSupport.temporaryFolder()
        // s2twp.json as OpenCC ships it, but with a dictionary that is not there.
        let json =
            #"{"name":"s2twp","segmentation":{"type":"mmseg","dict":{"type":"ocd2","file":"no-such-STPhrases.ocd2"}},"conversion_chain":[{"dict":{"type":"ocd2","file":"no-such-STPhrases.ocd2"}}]}"#
        try Data(json.utf8).write(to: folder.appendingPathComponent("s2twp.json"))
        do {
            _ = try NormalizationLexicons.build(configurationFolder: folder.path + "/")
            Issue.record("the lexicons were built without their dictionary")
        } catch {
            #expect(error.description.contains("no-such-STPhrases.ocd2"), "\(error.description)")
        }
    }

    /// A rule that cannot load its data, as the mixed-script rule cannot without OpenCC's.
    struct RuleWithoutItsData: Rule {
        static let description = RuleDescription(
            identifier: "without-data", summary: "reads a file that is not there", defaultSeverity: .error,
            examples: [])
        func prepare() throws(HanziKitError) {
            throw .configurationUnavailable(configuration: "no-such.json", reason: "no such file")
        }
        func violations(in context: RuleContext) -> [RuleViolation] { [] }
    }

    @Test func theEngineReportsARuleThatCannotLoadItsData() throws {
        let normalizer = Normalizer(
            settings: NormalizationSettings(script: .fixed(.traditional)),
            registry: RuleRegistry(rules: [RuleWithoutItsData()]))
        let expected = HanziKitError.configurationUnavailable(configuration: "no-such.json", reason: "no such file")
        #expect(throws: expected) { try normalizer.check("一段文字") }
        #expect(throws: expected) { try normalizer.normalize("一段文字") }
        let file = TestSupport.temporaryFolder().appendingPathComponent("text.txt")
        try Data("一段文字\n".utf8).write(to: file)
        #expect(throws: expected) { try normalizer.check(file: file.path) }
        #expect(throws: expected) {
            try normalizer.normalize(file: file.path, to: FileDescriptorSink(descriptor: -1, name: "nowhere"))
        }
    }

    @Test func theStandardRulesLoadTheirDataHere() throws {
        try Normalizer().prepare()
        #expect(throws: Never.self) { try NormalizationLexicons.loaded.get() }
    }
}
