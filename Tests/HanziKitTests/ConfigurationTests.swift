import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

@Suite("The .hanzi.yml configuration file")
struct ConfigurationTests {
    @Test func parsesEveryKey() throws {
        let folder = TestSupport.temporaryFolder()
        try "Javascript -> JavaScript  # a fix\n\nGitHub\n".write(
            to: folder.appendingPathComponent("terms.txt"), atomically: true, encoding: .utf8)
        let text = """
            # HanziKit settings
            script: hant
            quotes: "zh-TW"
            rules:
              punctuation: warning   # not yet strict
              spacing: on
              compatibility-form: off
            terms:
              - Meta
              - 'Openai -> OpenAI'
            term-dictionaries: [terms.txt]
            ignore:
              - vendor/**
              - "*.generated.md"
            """
        let path = folder.appendingPathComponent(".hanzi.yml").path
        let configuration = try HanziConfiguration(parsing: text, path: path)
        #expect(configuration.script == .fixed(.traditional))
        #expect(configuration.quoteStyle == .corner)
        #expect(configuration.enabledOverrides == ["punctuation": true, "spacing": true, "compatibility-form": false])
        #expect(configuration.severityOverrides == ["punctuation": .warning])
        #expect(configuration.ignoredPaths == ["vendor/**", "*.generated.md"])
        let settings = try configuration.settings()
        #expect(settings.options.terms.canonicalByLowercase == ["meta": "Meta", "github": "GitHub"])
        #expect(settings.options.terms.variants == ["Openai": "OpenAI", "Javascript": "JavaScript"])
        #expect(settings.options.quoteStyle == .corner)
        let normalizer = Normalizer(settings: settings)
        #expect(try normalizer.normalize("用github和Javascript寫,在ＡＢ") == "用 GitHub 和 JavaScript 寫，在ＡＢ")
    }

    @Test(arguments: [
        ("script: klingon", 1, "script must be auto, hant or hans"),
        ("rules:\n  punctuation: loud", 2, "rule 'punctuation' must be error, warning, info, on or off"),
        ("rules:\n  no-such-rule: error", 2, "unknown rule 'no-such-rule'"),
        ("colour: red", 1, "unknown key 'colour'"),
        ("# comment\nrules:\n\t punctuation: off", 3, "tabs cannot indent YAML"),
        ("  spacing: on", 1, "indented line without a 'key:' line above it"),
        ("terms:\n  - Meta\n  x: y", 3, "a map entry inside a list"),
        ("terms:\n  - a -> b -> c", 2, "expected 'Canonical' or 'wrong -> Canonical'"),
        ("just words", 1, "expected 'key: value'"),
        ("ignore: [a, b", 1, "unterminated list"),
    ])
    func errorsNameTheFileAndLine(_ text: String, _ line: Int, _ reason: String) {
        do {
            _ = try HanziConfiguration(parsing: text, path: "conf/.hanzi.yml")
            Issue.record("no error for \(text.debugDescription)")
        } catch let .invalidConfiguration(path, errorLine, message) {
            #expect(path == "conf/.hanzi.yml")
            #expect(errorLine == line)
            #expect(message.hasPrefix(reason), "\(message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func windowsLineEndsAreAccepted() throws {
        let configuration = try HanziConfiguration(
            parsing: "script: hans\r\nrules:\r\n  spacing: on\r\n", path: ".hanzi.yml")
        #expect(configuration.script == .fixed(.simplified))
        #expect(configuration.enabledOverrides == ["spacing": true])
    }

    @Test func aBadTermDictionaryNamesItsFileAndLine() throws {
        let folder = TestSupport.temporaryFolder()
        let dictionary = folder.appendingPathComponent("terms.txt")
        try "Meta\n -> Nothing\n".write(to: dictionary, atomically: true, encoding: .utf8)
        let configuration = try HanziConfiguration(
            parsing: "term-dictionaries:\n  - terms.txt", path: folder.appendingPathComponent(".hanzi.yml").path)
        #expect(
            throws: HanziKitError.invalidConfiguration(
                path: dictionary.path, line: 2,
                reason: "expected 'Canonical' or 'wrong -> Canonical', found '-> Nothing'")
        ) {
            try configuration.settings()
        }
    }

    @Test func discoveryWalksUpFromTheWorkingDirectory() throws {
        let root = TestSupport.temporaryFolder()
        let nested = root.appendingPathComponent("a/b/c")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try "script: hans\n".write(to: root.appendingPathComponent("a/.hanzi.yml"), atomically: true, encoding: .utf8)
        let found = try #require(HanziConfiguration.discover(from: nested.path))
        #expect(
            URL(fileURLWithPath: found).resolvingSymlinksInPath().path
                == root.appendingPathComponent("a/.hanzi.yml").resolvingSymlinksInPath().path)
        #expect(try HanziConfiguration.load(path: found).script == .fixed(.simplified))
        #expect(HanziConfiguration.discover(from: root.path).map { $0.hasPrefix(root.path) } != true)
    }

    @Test func ignorePatternsMatchRelativeToTheFile() throws {
        var configuration = try HanziConfiguration(
            parsing: "ignore:\n  - vendor\n  - docs/*.gen.md\n  - build/", path: "/project/.hanzi.yml")
        #expect(configuration.isIgnored("/project/vendor/x/y.txt"))
        #expect(configuration.isIgnored("/project/src/vendor/y.txt"))
        #expect(configuration.isIgnored("/project/docs/api.gen.md"))
        #expect(configuration.isIgnored("/project/build/notes.txt"))
        #expect(!configuration.isIgnored("/project/docs/guide.md"))
        #expect(!configuration.isIgnored("/project/vendors.txt"))
        configuration.ignoredPaths = []
        #expect(!configuration.isIgnored("/project/vendor/x/y.txt"))
    }
}
