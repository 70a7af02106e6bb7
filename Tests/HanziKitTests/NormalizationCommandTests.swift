import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// Runs the built `hanzi` binary: normalize, check, detect and rules.
@Suite("hanzi normalize, check, detect and rules")
struct NormalizationCommandTests {
    static let article = TestSupport.repositoryFile("Samples/article.zh-Hant.txt")

    // MARK: check

    @Test func checkFailsOnTheRawArticleAndNormalizeClearsItsFindings() throws {
        let raw = try TestSupport.hanzi(["check", Self.article.path])
        #expect(raw.status == 1)
        #expect(raw.standardError.isEmpty)
        let punctuation = raw.output.split(separator: "\n").filter { $0.hasSuffix("[punctuation]") }
        // Every ASCII mark of the article is Chinese punctuation except the four in the GBK debris.
        let article = try String(contentsOf: Self.article, encoding: .utf8)
        let asciiMarks = article.unicodeScalars.filter { ",:;?!()".unicodeScalars.contains($0) }.count
        #expect(punctuation.count == asciiMarks - 4)
        #expect(
            punctuation.first
                == "\(Self.article.path):1:12: error: ASCII ',' in Chinese text; use full-width '，' [punctuation]")

        let normalized = try TestSupport.hanzi(["normalize", Self.article.path])
        #expect(normalized.status == 0)
        let recheck = try TestSupport.hanzi(["check", "-"], input: normalized.standardOutput)
        // Rules without a fix (an unrepairable mojibake fragment) may still report; fixable ones may not.
        #expect(!recheck.output.contains("[punctuation]") && !recheck.output.contains("[compatibility-form]"))
        #expect(recheck.status == (recheck.output.isEmpty ? 0 : 1))
    }

    @Test func theSampleTermsFileFixesMetaInTheArticle() throws {
        let terms = TestSupport.repositoryFile("Samples/terms.txt").path
        let result = try TestSupport.hanzi(["check", "--terms", terms, Self.article.path])
        let lines = result.output.split(separator: "\n").filter { $0.hasSuffix("[terms]") }
        #expect(
            lines == [
                "\(Self.article.path):9:113: warning: 'meta' is spelled 'Meta' [terms]",
                "\(Self.article.path):11:130: warning: 'meta' is spelled 'Meta' [terms]",
                "\(Self.article.path):11:153: warning: 'meta' is spelled 'Meta' [terms]",
            ])
    }

    @Test func strictCountsWarnings() throws {
        let folder = try TestSupport.folder(["terms.txt": "Meta\n", "a.txt": "來自meta的工程師\n"])
        let file = folder.appendingPathComponent("a.txt").path
        let terms = folder.appendingPathComponent("terms.txt").path
        let lenient = try TestSupport.hanzi(["check", "--terms", terms, file], in: folder)
        #expect(lenient.status == 0)
        #expect(lenient.output == "\(file):1:3: warning: 'meta' is spelled 'Meta' [terms]\n")
        let strict = try TestSupport.hanzi(["check", "--strict", "--terms", terms, file], in: folder)
        #expect(strict.status == 1)
    }

    @Test func jsonAndGitHubFormats() throws {
        let folder = try TestSupport.folder(["a.txt": "這,裡\n"])
        let json = try TestSupport.hanzi(["check", "--format", "json", "a.txt"], in: folder)
        #expect(json.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: json.standardOutput) as? [String: Any])
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary["error"] == 1)
        let github = try TestSupport.hanzi(["check", "--format", "github", "a.txt"], in: folder)
        #expect(github.status == 1)
        #expect(
            github.output
                == "::error file=a.txt,line=1,col=2,title=hanzi punctuation::ASCII ',' in Chinese text; use full-width '，'\n"
                + "::notice title=hanzi check::1 error, 0 warnings, 0 notes in 1 of 1 file\n"
        )
    }

    @Test func foldersAreWalkedAndIgnoredPathsSkipped() throws {
        let folder = try TestSupport.folder([
            ".hanzi.yml": "ignore:\n  - vendor\n",
            "docs/a.md": "這裡,要改\n`這,裡`\n",
            "docs/b.txt": "乾淨的文字。\n",
            "vendor/c.txt": "這,裡\n",
            "image.png": "這,裡",
            "data.bin.txt": "這,裡\u{0}",
            ".hidden/d.txt": "這,裡\n",
        ])
        let result = try TestSupport.hanzi(["check"], in: folder)
        #expect(result.status == 1)
        #expect(result.output == "docs/a.md:1:3: error: ASCII ',' in Chinese text; use full-width '，' [punctuation]\n")
    }

    @Test func gitIgnoreAndIncludeGlobsChooseTheFiles() throws {
        let folder = try TestSupport.folder([
            ".gitignore": "generated/\n", "generated/a.md": "這,裡\n", "notes/b.md": "這,裡\n", "src/c.swift": "這,裡\n",
        ])
        let git = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/env"), ["git", "init", "-q"], in: folder)
        try #require(git.status == 0)
        let prose = try TestSupport.hanzi(["check"], in: folder)
        #expect(prose.output == "notes/b.md:1:2: error: ASCII ',' in Chinese text; use full-width '，' [punctuation]\n")
        let swift = try TestSupport.hanzi(["check", "--include", "*.swift"], in: folder)
        #expect(swift.output == "src/c.swift:1:2: error: ASCII ',' in Chinese text; use full-width '，' [punctuation]\n")
    }

    @Test func configurationIsFoundUpwardAndCanSwitchRulesOff() throws {
        let folder = try TestSupport.folder([".hanzi.yml": "rules:\n  punctuation: off\n", "sub/a.txt": "這,裡\n"])
        let sub = folder.appendingPathComponent("sub")
        #expect(try TestSupport.hanzi(["check", "a.txt"], in: sub).status == 0)
        // --config overrides discovery.
        let other = try TestSupport.folder(["strict.yml": "rules:\n  punctuation: error\n"])
        let explicit = try TestSupport.hanzi(
            ["check", "--settings", other.appendingPathComponent("strict.yml").path, "a.txt"], in: sub)
        #expect(explicit.status == 1)
    }

    @Test func aBadConfigurationIsAnOperationalErrorNamingFileAndLine() throws {
        let folder = try TestSupport.folder([
            ".hanzi.yml": "script: hant\nrules:\n  punctuaton: error\n", "a.txt": "中文\n",
        ])
        let result = try TestSupport.hanzi(["check", "a.txt"], in: folder)
        #expect(result.status == 2)
        let configuration = folder.appendingPathComponent(".hanzi.yml").standardizedFileURL.path
        #expect(
            result.standardError.hasPrefix(
                "hanzi: error: \(configuration):3: unknown rule 'punctuaton'; known rules: "))
    }

    @Test func aTermFileWithInvalidUTF8NamesItsFileAndLine() throws {
        let folder = try TestSupport.folder(["a.txt": "中文\n"])
        try Data([0x4D, 0x65, 0x74, 0x61, 0x0A, 0x41, 0xC3]).write(to: folder.appendingPathComponent("terms.txt"))
        let result = try TestSupport.hanzi(["check", "--terms", "terms.txt", "a.txt"], in: folder)
        #expect(result.status == 2)
        #expect(result.standardError == "hanzi: error: terms.txt:2: invalid UTF-8 at byte offset 6 (column 2)\n")
    }

    @Test func unreadableInputsAreOperationalErrorsAndOthersStillReported() throws {
        let folder = TestSupport.temporaryFolder()
        let bad = folder.appendingPathComponent("bad.txt")
        try Data([0xE4, 0xB8, 0xAD, 0x2C, 0x0A, 0xFF]).write(to: bad)
        let good = folder.appendingPathComponent("good.txt")
        try Data("這,裡".utf8).write(to: good)
        let result = try TestSupport.hanzi(["check", bad.path, good.path, "missing.txt"], in: folder)
        #expect(result.status == 2)
        // Missing paths are found while expanding the arguments, before any file is read.
        #expect(
            result.standardError
                == "hanzi: error: missing.txt: no such file or directory\n"
                + "hanzi: error: \(bad.path): invalid UTF-8 at byte offset 5 (line 2, column 1)\n")
        #expect(result.output.hasPrefix("\(good.path):1:2: error:"))
    }

    @Test(arguments: [
        ["check", "--format", "xml"], ["check", "--script", "latin"], ["normalize", "--enable", "no-such-rule"],
        ["normalize", "--in-place"], ["normalize", "--quotes", "square"], ["check", "--no-such-flag"],
    ])
    func usageErrorsExitWith64(_ arguments: [String]) throws {
        #expect(try TestSupport.hanzi(arguments, in: TestSupport.folder([:])).status == 64)
    }

    // MARK: normalize

    @Test func normalizeReadsStandardInputAndHonoursTheFlags() throws {
        let folder = try TestSupport.folder(["terms.txt": "Meta\n"])
        let result = try TestSupport.hanzi(
            ["normalize", "--enable", "spacing", "--terms", "terms.txt", "--quotes", "zh-HK"],
            input: Data("在meta工作,推崇“先做”".utf8), in: folder)
        #expect(result.status == 0)
        #expect(result.output == "在 Meta 工作，推崇「先做」")
        #expect(result.standardError.isEmpty)
    }

    @Test func normalizeKeepsMarkdownCode() throws {
        let folder = try TestSupport.folder(["a.md": "說明,如下\n```\n代碼,不改\n```\n"])
        let result = try TestSupport.hanzi(["normalize", "a.md"], in: folder)
        #expect(result.output == "說明，如下\n```\n代碼,不改\n```\n")
    }

    @Test func inPlaceWritesAtomicallyKeepsModeAndLeavesBadFilesAlone() throws {
        let folder = try TestSupport.folder(["a.txt": "這,裡\n", "clean.txt": "中文\n"])
        let file = folder.appendingPathComponent("a.txt")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        let bad = folder.appendingPathComponent("bad.txt")
        let badBytes = Data([0x2C, 0xE4, 0xB8])
        try badBytes.write(to: bad)
        let result = try TestSupport.hanzi(["normalize", "--in-place", "a.txt", "bad.txt", "clean.txt"], in: folder)
        #expect(result.status == 2)
        #expect(result.standardError == "hanzi: error: bad.txt: invalid UTF-8 at byte offset 1 (line 1, column 2)\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == "這，裡\n")
        #expect(try Data(contentsOf: bad) == badBytes)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                "a.txt", "bad.txt", "clean.txt",
            ])
    }

    @Test func outputOptionWritesOneFile() throws {
        let folder = try TestSupport.folder(["a.txt": "這,裡\n", "b.txt": "甲;乙\n"])
        let result = try TestSupport.hanzi(["normalize", "-o", "out.txt", "a.txt", "b.txt"], in: folder)
        #expect(result.status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("out.txt"), encoding: .utf8) == "這，裡\n甲；乙\n")
    }

    // MARK: detect and rules

    @Test func detectPrintsTheScriptAndCountsOfEachFile() throws {
        let folder = try TestSupport.folder(["t.txt": "頭髮皇后\n", "s.txt": "头发\n", "e.txt": "hello\n"])
        let result = try TestSupport.hanzi(["detect", "t.txt", "s.txt", "e.txt"], in: folder)
        #expect(result.status == 0)
        #expect(
            result.output == """
                t.txt: traditional (traditional 2, simplified 0)
                s.txt: simplified (traditional 0, simplified 2)
                e.txt: neither (traditional 0, simplified 0)

                """)
        let stdin = try TestSupport.hanzi(["detect"], input: Data("頭髮和头发".utf8))
        #expect(stdin.output == "<stdin>: mixed (traditional 2, simplified 2)\n")
    }

    @Test func rulesListsEveryRuleWithItsExamples() throws {
        let result = try TestSupport.hanzi(["rules"])
        #expect(result.status == 0)
        for rule in RuleRegistry.standard.rules {
            let description = rule.description
            #expect(result.output.contains("\(description.identifier) (\(description.defaultSeverity.rawValue), "))
            #expect(result.output.contains(description.summary))
        }
        #expect(result.output.contains("fixes  [hant] 真的嗎?太好了! → 真的嗎？太好了！"))
        #expect(result.output.contains("keeps  [hant] 擁有3,000名員工"))
    }
}
