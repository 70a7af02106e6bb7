import Foundation
import Testing

@testable import HanziKit

/// HanziKit must agree byte for byte with the `opencc` command-line tool, the reference oracle.
@Suite(
    "Differential against the opencc CLI",
    .enabled(if: TestSupport.openCCExecutable != nil, "the opencc command-line tool is not installed"),
    .enabled(if: TestSupport.corporaFolder != nil, "the shared corpora are missing")
)
struct DifferentialTests {
    /// Lines per corpus in CI; set HANZIKIT_DIFFERENTIAL_LINES=0 for the whole corpus.
    static let lineCount: Int = {
        let requested = ProcessInfo.processInfo.environment["HANZIKIT_DIFFERENTIAL_LINES"].flatMap { Int($0) }
        return requested.map { $0 == 0 ? Int.max : $0 } ?? 2_000
    }()

    /// Simplified-input configurations read the Simplified corpus; the rest read the Traditional one.
    static func corpus(for config: ConversionConfig) -> String {
        config.rawValue.hasPrefix("s2") ? "hans.txt" : "hant.txt"
    }

    @Test("Same output as opencc", arguments: ConversionConfig.allCases)
    func matchesOpenCC(_ config: ConversionConfig) throws {
        let input = try TestSupport.corpusSlice(Self.corpus(for: config), lines: Self.lineCount)
        let oracle = try TestSupport.run(
            try #require(TestSupport.openCCExecutable), ["-c", config.fileName, "-i", input.path])
        try #require(oracle.status == 0, "opencc failed: \(oracle.standardError)")
        let ours = try Converter(config).convert(utf8: try Data(contentsOf: input))
        #expect(Array(ours.utf8) == Array(oracle.standardOutput), "output differs from opencc -c \(config)")
    }

    @Test("The sample article converts exactly as opencc -c t2s does")
    func sampleArticle() throws {
        let article = TestSupport.repositoryFile("Samples/article.zh-Hant.txt")
        let oracle = try TestSupport.run(
            try #require(TestSupport.openCCExecutable), ["-c", "t2s", "-i", article.path])
        let cli = try TestSupport.hanzi(["convert", article.path])
        #expect(cli.status == 0)
        #expect(cli.standardOutput == oracle.standardOutput)
    }
}
