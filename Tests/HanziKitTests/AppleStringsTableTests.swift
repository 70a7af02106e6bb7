import Foundation
import Testing

@testable import HanziKit
@testable import HanziText

/// Apple string tables: values only, in UTF-8 and UTF-16 files written back in their encoding,
/// checked by hand and by an independent parse (`Tests/Localization/strings-structure.py`).
@Suite struct AppleStringsTableTests {
    static let table = """
        /* 设置页面 (Settings) */
        "settings.title" = "设置";

        // 头发：a key in Chinese stays as written
        "头发颜色" = "头发的颜色";
        "greeting" = "你好，%@！\\n欢迎回来。";
        "quote" = "他说：\\"这里的头发\\"";
        "count" =
            "%1$d 个文件，%2$@ 个文件夹";
        plain_key = "后来";
        "same";
        /* 多行注释
           里面的头发也不变 */
        "empty" = "";

        """

    /// The table converted with s2tw, written out by hand.
    static let converted = """
        /* 设置页面 (Settings) */
        "settings.title" = "設置";

        // 头发：a key in Chinese stays as written
        "头发颜色" = "頭髮的顏色";
        "greeting" = "你好，%@！\\n歡迎回來。";
        "quote" = "他說：\\"這裡的頭髮\\"";
        "count" =
            "%1$d 個文件，%2$@ 個文件夾";
        plain_key = "後來";
        "same";
        /* 多行注释
           里面的头发也不变 */
        "empty" = "";

        """

    @Test func onlyValuesChange() throws {
        let folder = try TestSupport.folder(["Localizable.strings": Self.table])
        let result = try TestSupport.hanzi(["convert", "-c", "s2tw", "Localizable.strings"], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.output == Self.converted)
    }

    /// UTF-8, UTF-16 little- and big-endian with a byte-order mark: converted in place, each file
    /// keeps its encoding and mark, and the independent parse finds only the values converted.
    @Test(arguments: [
        ("utf-8", [UInt8]()), ("utf-16le", [0xFF, 0xFE]), ("utf-16be", [0xFE, 0xFF]),
    ])
    func inPlaceKeepsEncoding(encoding: String, mark: [UInt8]) throws {
        let folder = TestSupport.temporaryFolder()
        let original = folder.appendingPathComponent("original.strings")
        let file = folder.appendingPathComponent("Localizable.strings")
        let body: Data
        switch encoding {
        case "utf-16le": body = try #require(Self.table.data(using: .utf16LittleEndian))
        case "utf-16be": body = try #require(Self.table.data(using: .utf16BigEndian))
        default: body = Data(Self.table.utf8)
        }
        try (Data(mark) + body).write(to: original)
        try (Data(mark) + body).write(to: file)
        let result = try TestSupport.hanzi(["convert", "-c", "s2tw", "--in-place", file.path])
        #expect(result.status == 0, "\(result.standardError)")
        let written = try Data(contentsOf: file)
        #expect(Array(written.prefix(mark.count)) == mark)
        let expected: Data
        switch encoding {
        case "utf-16le": expected = try #require(Self.converted.data(using: .utf16LittleEndian))
        case "utf-16be": expected = try #require(Self.converted.data(using: .utf16BigEndian))
        default: expected = Data(Self.converted.utf8)
        }
        #expect(written == Data(mark) + expected)
        let structure = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", TestSupport.repositoryFile("Tests/Localization/strings-structure.py").path, original.path,
                file.path, "s2tw",
            ])
        #expect(structure.status == 0, "\(structure.standardError)")
    }

    @Test func valuesFound() throws {
        let bytes = Array(Self.table.utf8)
        let table = try AppleStringsTable(utf8: bytes)
        let values = table.values.map { String(decoding: bytes[$0.ranges[0]], as: UTF8.self) }
        #expect(
            values == [
                "设置", "头发的颜色", "你好，%@！\\n欢迎回来。", "他说：\\\"这里的头发\\\"", "%1$d 个文件，%2$@ 个文件夹", "后来", "",
            ])
    }

    /// `check` reads values only and names places in the file: the colon of the value is found
    /// at line 2, column 14; the one in the key and the comment are not.
    @Test func checkReadsValuesOnly() throws {
        let table = "/* 說明:選單 */\n\"選單:檔案\" = \"檔案:%@\";\n"
        let check = try TestSupport.checkFindings("a.strings", table)
        #expect(check.status == 1)
        let findings = check.findings
        #expect(findings.count == 1)
        #expect(findings.first?.hasPrefix("a.strings:2:14: error: ") == true, "\(check.output)")
    }

    @Test func malformedTableIsAnErrorWithItsPlace() throws {
        let folder = try TestSupport.folder(["a.strings": "\"a\" = \"頭\";\n\"b\" \"髮\";\n"])
        let result = try TestSupport.hanzi(["convert", "a.strings"], in: folder)
        #expect(result.status == 2)
        #expect(
            result.standardError
                == "hanzi: error: a.strings: not valid strings at line 2, column 5 (byte offset 17): "
                + "expected ';' after the entry\n")
    }
}
