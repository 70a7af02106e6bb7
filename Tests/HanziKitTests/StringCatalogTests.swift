import Foundation
import Testing

@testable import HanziKit
@testable import HanziText

/// String Catalogs: `Tests/Localization/Localizable.xcstrings` is a catalog in Apple's format
/// (source language zh-Hans; plural, device and substitution variations; every state; comments, a
/// key Xcode marks stale, one not to translate, an empty key, a key with an empty entry). Each run of the real `hanzi` is
/// checked by `Tests/Localization/xcstrings-check.py`, which computes the expected catalog with
/// python's json and the opencc CLI and requires the output in Xcode's layout byte for byte.
@Suite struct StringCatalogTests {
    static let catalog = TestSupport.repositoryFile("Tests/Localization/Localizable.xcstrings")

    static func check(_ original: URL, _ converted: URL, _ arguments: [String]) throws -> TestSupport.ProcessResult {
        try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", TestSupport.repositoryFile("Tests/Localization/xcstrings-check.py").path, original.path,
                converted.path,
            ]
                + arguments)
    }

    static func copyOfCatalog() throws -> URL {
        let file = TestSupport.temporaryFolder().appendingPathComponent("Localizable.xcstrings")
        try Data(contentsOf: catalog).write(to: file)
        return file
    }

    @Test func localizeCreatesAndRefreshesWithAppleStates() throws {
        let file = try Self.copyOfCatalog()
        let result = try TestSupport.hanzi([
            "convert", "-c", "s2tw", "--localize", "zh-Hans:zh-Hant", "--in-place", file.path,
        ])
        #expect(result.status == 0)
        #expect(
            result.standardError
                == "hanzi: note: \(file.path): zh-Hant from zh-Hans: 7 created, 2 refreshed (marked needs_review), "
                + "2 kept (translated by a person, or stale)\n")
        let check = try Self.check(Self.catalog, file, ["s2tw", "localize", "zh-Hans", "zh-Hant"])
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.output.contains("created 7, refreshed 2, kept 2"))
        let text = try String(contentsOf: file, encoding: .utf8)
        // A key without localizations gets the member that holds them, where Xcode puts it.
        #expect(
            text.contains(
                """
                    "头发颜色" : {
                      "comment" : "设置页面里的头发颜色",
                      "extractionState" : "manual",
                      "localizations" : {
                        "zh-Hant" : {
                          "stringUnit" : {
                            "state" : "needs_review",
                            "value" : "頭髮顏色"
                          }
                        }
                      }
                    },
                """))
        // A person's translation stays.
        #expect(text.contains("\"state\" : \"translated\",\n            \"value\" : \"傳送\""))

        // Again: nothing changes, byte for byte.
        let again = try TestSupport.hanzi(["convert", "-c", "s2tw", "--localize", "zh-Hans:zh-Hant", file.path])
        #expect(again.output == text)

        // zh-HK from the same source sorts after zh-Hant, as Xcode orders them.
        let hongKong = file.deletingLastPathComponent().appendingPathComponent("hk.xcstrings")
        let made = try TestSupport.hanzi(
            ["convert", "-c", "s2hk", "--localize", "zh-Hans:zh-HK", file.path, "-o", hongKong.path])
        #expect(made.status == 0)
        let hongKongCheck = try Self.check(file, hongKong, ["s2hk", "localize", "zh-Hans", "zh-HK"])
        #expect(hongKongCheck.status == 0, "\(hongKongCheck.standardError)")
        #expect(hongKongCheck.output.contains("created 11, refreshed 0, kept 0"))
    }

    @Test func overwriteTranslatedReplacesAPersonsEntries() throws {
        let file = try Self.copyOfCatalog()
        let result = try TestSupport.hanzi(
            [
                "convert", "-c", "s2tw", "--localize", "zh-Hans:zh-Hant", "--overwrite-translated", "--in-place",
                file.path,
            ])
        #expect(result.status == 0)
        let check = try Self.check(Self.catalog, file, ["s2tw", "localize", "zh-Hans", "zh-Hant", "overwrite"])
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.output.contains("created 7, refreshed 4, kept 0"))
    }

    /// Converting a catalog changes the values of its Chinese localizations only: Japanese kanji
    /// (後台) and the keys stay.
    @Test func convertChangesChineseValuesOnly() throws {
        let file = try Self.copyOfCatalog()
        let result = try TestSupport.hanzi(["convert", "-c", "t2s", "--in-place", file.path])
        #expect(result.status == 0, "\(result.standardError)")
        let check = try Self.check(Self.catalog, file, ["t2s", "convert"])
        #expect(check.status == 0, "\(check.standardError)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("\"value\" : \"バックグラウンドで後台ダウンロード\""))
        #expect(text.contains("\"value\" : \"传送\""))
    }

    /// `check` reads the values of Chinese localizations only, and names places in the file.
    @Test func checkReadsChineseValuesOnly() throws {
        let catalog = """
            {
              "sourceLanguage" : "en",
              "strings" : {
                "File:" : {
                  "localizations" : {
                    "ja" : {
                      "stringUnit" : {
                        "state" : "translated",
                        "value" : "檔案:開く"
                      }
                    },
                    "zh-Hant" : {
                      "stringUnit" : {
                        "state" : "translated",
                        "value" : "檔案:開啟"
                      }
                    }
                  }
                }
              },
              "version" : "1.0"
            }
            """
        let check = try TestSupport.checkFindings("a.xcstrings", catalog)
        #expect(check.status == 1)
        let findings = check.findings
        #expect(findings.count == 1)
        #expect(findings.first?.hasPrefix("a.xcstrings:15:26: error: ") == true, "\(check.output)")
    }

    @Test func xcodeOrder() {
        let sorted = ["zh-HK", "zh-Hant", "en", "zh-Hans", "item10", "item2", "Item3", "ja"]
            .sorted(by: StringCatalog.xcodeOrders)
        #expect(sorted == ["en", "item2", "Item3", "item10", "ja", "zh-Hans", "zh-Hant", "zh-HK"])
    }

    @Test func malformedCatalogIsAnErrorWithItsPlace() throws {
        let folder = try TestSupport.folder(["a.xcstrings": "{\n  \"strings\" : {\n    \"頭\" : {,\n"])
        let result = try TestSupport.hanzi(["convert", "a.xcstrings"], in: folder)
        #expect(result.status == 2)
        #expect(
            result.standardError
                == "hanzi: error: a.xcstrings: not valid xcstrings at line 3, column 12 (byte offset 31): "
                + "expected a member name in quotes\n")
    }
}
