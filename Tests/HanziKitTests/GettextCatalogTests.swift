import Foundation
import Testing

@testable import HanziConversion
@testable import HanziKit
@testable import HanziText

/// gettext catalogs: only translations change, on hand-made catalogs checked character by
/// character and on the real zh_CN and zh_TW catalogs of Debian packages, through the real
/// `hanzi`, GNU `msgunfmt` and `msgfmt --check`, and an independent check with polib and opencc.
@Suite struct GettextCatalogTests {
    static let catalog = """
        # Chinese translations for demo.
        # 译者：张三
        #
        msgid ""
        msgstr ""
        "Project-Id-Version: demo 1.0\\n"
        "Language-Team: Chinese (simplified)\\n"
        "Language: zh_CN\\n"
        "MIME-Version: 1.0\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Content-Transfer-Encoding: 8bit\\n"
        "Plural-Forms: nplurals=1; plural=0;\\n"

        #. 说明：头发的颜色
        #: src/main.c:10
        #, c-format
        msgctxt "头发"
        msgid "Hair color: %s"
        msgstr "头发颜色：%s"

        #, c-format
        msgid "%1$s of %2$d files"
        msgid_plural "%1$s of %2$d files"
        msgstr[0] "%2$d 个文件中的 %1$s"

        #, python-brace-format
        msgid "Hello, {name}!\\n"
        msgstr "你好，{name}！\\n“引号”和 \\"转义\\"\\n"

        #, fuzzy
        msgid "头发 as a long message"
        msgstr ""
        "这是一段很长的消息，在头"
        "发这里被分成两行。\\n"

        #~ msgid "Old"
        #~ msgstr "旧的头发"

        """

    /// The catalog converted with s2tw, written out by hand: each msgstr converted, the phrase
    /// 头发 cut by the line continuation read whole (頭髮, not 頭發), everything else as it was.
    static let convertedCatalog = """
        # Chinese translations for demo.
        # 译者：张三
        #
        msgid ""
        msgstr ""
        "Project-Id-Version: demo 1.0\\n"
        "Language-Team: Chinese (simplified)\\n"
        "Language: zh_CN\\n"
        "MIME-Version: 1.0\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Content-Transfer-Encoding: 8bit\\n"
        "Plural-Forms: nplurals=1; plural=0;\\n"

        #. 说明：头发的颜色
        #: src/main.c:10
        #, c-format
        msgctxt "头发"
        msgid "Hair color: %s"
        msgstr "頭髮顏色：%s"

        #, c-format
        msgid "%1$s of %2$d files"
        msgid_plural "%1$s of %2$d files"
        msgstr[0] "%2$d 個文件中的 %1$s"

        #, python-brace-format
        msgid "Hello, {name}!\\n"
        msgstr "你好，{name}！\\n“引號”和 \\"轉義\\"\\n"

        #, fuzzy
        msgid "头发 as a long message"
        msgstr ""
        "這是一段很長的消息，在頭"
        "髮這裡被分成兩行。\\n"

        #~ msgid "Old"
        #~ msgstr "旧的头发"

        """

    @Test func onlyTranslationsChange() throws {
        let folder = try TestSupport.folder(["zh_TW.po": Self.catalog])
        let result = try TestSupport.hanzi(["convert", "-c", "s2tw", "zh_TW.po"], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.output == Self.convertedCatalog)
        let msgfmt = try Self.msgfmtCheck(Data(result.output.utf8), in: folder)
        #expect(msgfmt.status == 0, "\(msgfmt.standardError)")
    }

    @Test func languageHeaderFollowsOnlyWhenAsked() throws {
        let folder = try TestSupport.folder(["a.po": Self.catalog])
        let asked = try TestSupport.hanzi(["convert", "-c", "s2tw", "--retag-language", "a.po"], in: folder)
        #expect(asked.status == 0, "\(asked.standardError)")
        #expect(
            asked.output == Self.convertedCatalog.replacingOccurrences(of: "Language: zh_CN", with: "Language: zh_TW"))
        try asked.standardOutput.write(to: folder.appendingPathComponent("b.po"))
        let back = try TestSupport.hanzi(["convert", "-c", "tw2s", "--retag-language", "b.po"], in: folder)
        #expect(back.output.contains("\"Language: zh_CN\\n\""))
        #expect(back.output.contains("msgstr \"头发颜色：%s\""))
        let hongKong = try TestSupport.hanzi(["convert", "-c", "s2hk", "--retag-language", "a.po"], in: folder)
        #expect(hongKong.output.contains("\"Language: zh_HK\\n\""))
    }

    @Test func languageTagsOfCatalogs() throws {
        let taiwan = try #require(LanguageTagMap(configuration: "s2tw.json"))
        #expect(taiwan.retagged("zh_CN") == "zh_TW")
        #expect(taiwan.retagged("zh_Hans_CN") == "zh_Hant_TW")
        let simplified = try #require(LanguageTagMap(configuration: "/usr/share/opencc/hk2s.json"))
        #expect(simplified.retagged("zh_HK") == "zh_CN")
        let bytes = Array(Self.catalog.utf8)
        let ranges = bytes.withUnsafeBufferPointer {
            DocumentFormat.gettext.syntax.languageTagRanges(in: $0, options: FormatOptions())
        }
        #expect(ranges.map { String(decoding: bytes[$0], as: UTF8.self) } == ["zh_CN"])
    }

    /// `check` and `normalize` read only the translations, and findings name places in the file:
    /// the ASCII colon of the msgstr is found at its line and column, the one in msgctxt is not.
    @Test func checkAndNormalizeReadTranslationsOnly() throws {
        let catalog = """
            msgid ""
            msgstr ""
            "Language: zh_TW\\n"
            "Content-Type: text/plain; charset=UTF-8\\n"

            msgctxt "選單:檔案"
            msgid "File: %s"
            msgstr "檔案:%s"

            """
        let check = try TestSupport.checkFindings("a.po", catalog)
        #expect(check.status == 1)
        let findings = check.findings
        #expect(findings.count == 1)
        #expect(findings.first?.hasPrefix("a.po:8:11: error: ") == true, "\(check.output)")
        #expect(findings.first?.hasSuffix("[punctuation]") == true)
        let normalized = try TestSupport.hanzi(["normalize", "--script", "hant", "a.po"], in: check.folder)
        #expect(normalized.status == 0, "\(normalized.standardError)")
        #expect(normalized.output == catalog.replacingOccurrences(of: "msgstr \"檔案:%s\"", with: "msgstr \"檔案：%s\""))
    }

    @Test func malformedCatalogIsAnErrorWithItsPlace() throws {
        let folder = try TestSupport.folder(["bad.po": "msgid \"頭\"\nmsgstr \"髮\n"])
        let before = try Data(contentsOf: folder.appendingPathComponent("bad.po"))
        let result = try TestSupport.hanzi(["convert", "--in-place", "bad.po"], in: folder)
        #expect(result.status == 2)
        #expect(
            result.standardError
                == "hanzi: error: bad.po: not valid po at line 2, column 8 (byte offset 19): "
                + "the string has no closing quote on its line\n")
        #expect(try Data(contentsOf: folder.appendingPathComponent("bad.po")) == before)
    }

    /// Every listed Debian catalog, zh_CN → zh_TW → zh_CN and zh_TW → zh_CN: `msgfmt --check`
    /// accepts each output, and `Tests/Localization/po-structure.py` finds each equal to the
    /// original with every translation converted by opencc, msgids and all other lines byte-identical.
    @Test func realCatalogsRoundTrip() throws {
        let folder = TestSupport.temporaryFolder()
        let checker = TestSupport.repositoryFile("Tests/Localization/po-structure.py").path
        var checked = 0
        for domain in try CatalogText.domains() {
            for (locale, steps) in [("zh_CN", [("s2tw", "zh_TW"), ("tw2s", "zh_CN")]), ("zh_TW", [("tw2s", "zh_CN")])] {
                let mo = "\(CatalogText.localeFolder)/\(locale)/LC_MESSAGES/\(domain).mo"
                var source = folder.appendingPathComponent("\(domain).\(locale).po")
                let unpacked = try TestSupport.run(Self.tool("msgunfmt"), [mo, "-o", source.path])
                try #require(unpacked.status == 0, "msgunfmt \(mo): \(unpacked.standardError)")
                for (config, language) in steps {
                    let output = folder.appendingPathComponent(
                        source.deletingPathExtension().lastPathComponent + ".\(config).po")
                    let converted = try TestSupport.hanzi(
                        ["convert", "-c", config, "--retag-language", source.path, "-o", output.path])
                    try #require(converted.status == 0, "\(domain) \(config): \(converted.standardError)")
                    let msgfmt = try Self.msgfmtCheck(try Data(contentsOf: output), in: folder)
                    #expect(msgfmt.status == 0, "msgfmt --check \(output.lastPathComponent): \(msgfmt.standardError)")
                    let structure = try TestSupport.run(
                        URL(fileURLWithPath: "/usr/bin/env"),
                        ["python3", checker, source.path, output.path, config, language])
                    #expect(structure.status == 0, "\(structure.standardError)")
                    source = output
                    checked += 1
                }
            }
        }
        #expect(checked >= 3 * 14)
    }

    static func tool(_ name: String) throws -> URL {
        let url = URL(fileURLWithPath: "/usr/bin/\(name)")
        try #require(
            FileManager.default.isExecutableFile(atPath: url.path),
            "\(name) is missing: run Scripts/test.sh (Scripts/ensure-system-dependencies.sh --tests installs gettext)")
        return url
    }

    static func msgfmtCheck(_ catalog: Data, in folder: URL) throws -> TestSupport.ProcessResult {
        let file = folder.appendingPathComponent("check-\(UUID().uuidString).po")
        try catalog.write(to: file)
        return try TestSupport.run(try tool("msgfmt"), ["--check", "-o", "/dev/null", file.path])
    }
}
