import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// `.hanzi.yml` as editors save it: a byte-order mark, and lists long enough that parsing must be
/// linear (timed by `Benchmarks/config-benchmark.sh`, not here).
@Suite("Configuration parsing")
struct ConfigurationParsingTests {
    @Test func aLeadingByteOrderMarkIsNotPartOfTheFirstKey() throws {
        let folder = TestSupport.temporaryFolder()
        try Data("\u{FEFF}terms:\n  - JavaScript\nrules:\n  mixed-script: off\n".utf8)
            .write(to: folder.appendingPathComponent(".hanzi.yml"))
        try Data("我用 javascript 寫程式。\n".utf8).write(to: folder.appendingPathComponent("a.md"))
        let result = try TestSupport.hanzi(["check", "a.md"], in: folder)
        #expect(result.standardError == "", "\(result.standardError)")
        #expect(result.output.contains("a.md:1:4"), "\(result.output)")
        #expect(result.output.contains("JavaScript"), "\(result.output)")
    }

    @Test func aByteOrderMarkElsewhereIsStillAnError() {
        #expect(throws: HanziKitError.self) {
            _ = try HanziConfiguration(parsing: "script: hans\n\u{FEFF}quotes: corner\n", path: ".hanzi.yml")
        }
    }

    @Test func everyItemOfALongListIsKeptInOrderWithItsLine() throws {
        let count = 20_000
        let text = "ignore:\n" + (1...count).map { "  - 'generated/\($0)/*.md'\n" }.joined() + "terms:\n  - Meta\n"
        let entries = try SimpleYAML.parse(text, path: ".hanzi.yml")
        #expect(entries.count == 2)
        let list = try #require(entries.first?.list)
        #expect(list.count == count)
        #expect(list.enumerated().allSatisfy { $1.value == "generated/\($0 + 1)/*.md" && $1.line == $0 + 2 })
        #expect(entries.last?.list?.map(\.value) == ["Meta"])
    }
}
