import Foundation
import Testing

/// The tests' own data and skip policy: the catalog reader and `Scripts/check-skips.sh`.
@Suite("Test data and skips")
struct TestDataTests {
    /// A catalog made by GNU `msgfmt` reads back as its translations, plural forms NUL-separated.
    @Test func aCatalogMadeByMsgfmtReadsBackAsItsTranslations() throws {
        let folder = TestSupport.temporaryFolder()
        let source = folder.appendingPathComponent("test.po")
        try """
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: nplurals=1; plural=0;\\n"

        msgid "file"
        msgstr "檔案"

        msgid "%d line"
        msgid_plural "%d lines"
        msgstr[0] "%d 行"

        msgid "two\\nlines"
        msgstr "兩\\n行"

        """.write(to: source, atomically: true, encoding: .utf8)
        let catalog = folder.appendingPathComponent("test.mo")
        let msgfmt = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/msgfmt"), ["-o", catalog.path, source.path])
        try #require(msgfmt.status == 0, "msgfmt: \(msgfmt.standardError)")
        let bytes = Array(try Data(contentsOf: catalog))
        // The .mo file sorts messages by their original: "%d line", "file", "two\nlines".
        #expect(try CatalogText.translations(inCatalog: bytes, path: "test.mo") == ["%d 行", "檔案", "兩\n行"])
        #expect(throws: CatalogText.Failure.self) {
            try CatalogText.translations(inCatalog: Array(bytes.prefix(bytes.count - 4)), path: "test.mo")
        }
        #expect(throws: CatalogText.Failure.self) {
            try CatalogText.translations(inCatalog: Array("not a catalog at all".utf8), path: "test.mo")
        }
    }

    @Test func theTestTextsAreChineseProseInTheirScripts() throws {
        for (name, sample) in [("hant.txt", "檔案"), ("hans.txt", "文件")] {
            let text = try TestSupport.corpusText(name)
            #expect(text.split(separator: "\n").count > 10_000, "\(name)")
            #expect(text.contains(sample), "\(name)")
        }
    }

    static func checkSkips(_ log: String) throws -> TestSupport.ProcessResult {
        try TestSupport.run(
            URL(fileURLWithPath: "/bin/bash"), [TestSupport.repositoryFile("Scripts/check-skips.sh").path],
            input: Data(log.utf8))
    }

    @Test func aSkipForMissingDataFailsTheRunAndAPlatformSkipDoesNot() throws {
        let passed = "✔ Test e() passed after 0.001 seconds.\n"
        #expect(try Self.checkSkips(passed).status == 0)
        let platform = "➜ Test \"leak\" skipped: \"platform: the allocator does not report heap use\"\n"
        #expect(try Self.checkSkips(passed + platform).status == 0)
        for skip in [
            "➜ Suite \"Differential\" skipped: \"the shared corpora are missing\"\n",
            "➜ Test b(_:) skipped: \"no platform: here\"\n",
            "➜ Test c() skipped.\n",
            "Test Case 'Old.testIt' skipped (0.001 seconds).\n",
        ] {
            let result = try Self.checkSkips(passed + platform + skip)
            #expect(result.status == 1, "\(skip)")
            #expect(result.standardError.contains(skip.dropLast()), "\(skip)")
        }
    }

    @Test func everySkipReasonIsAPlatforms() {
        for facility in PlatformFacility.allCases {
            #expect(facility.reason.hasPrefix("platform: "))
        }
        #if canImport(Glibc)
            // Debian has both tools; heap statistics depend on the allocator, chown on the user.
            #expect(PlatformFacility.utilLinuxScript.isAvailable && PlatformFacility.iconvTool.isAvailable)
        #endif
    }
}
