import Foundation
import HanziKit
import Testing

/// `hanzi check` for GitHub: annotations named from the repository's top folder with a summary,
/// and SARIF logs validated against the official SARIF 2.1.0 schema by a real JSON Schema validator.
@Suite("Code scanning: GitHub annotations and SARIF")
struct CodeScanningTests {
    /// A git repository with one Markdown file holding two defects, the second one with a fix.
    static func repository() throws -> URL {
        let folder = TestSupport.temporaryFolder()
        let git = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/env"), ["git", "-C", folder.path, "init", "-q"])
        try #require(git.status == 0, "git init: \(git.standardError)")
        let docs = folder.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        // A heading with enough Traditional evidence that the stray 发 is fixed toward Traditional.
        try Data("# 標題：這裡說明檔案與設定的內容\n\n你好,世界。頭发\n".utf8).write(
            to: docs.appendingPathComponent("a b.md"))
        try Data("乾淨的文字。\n".utf8).write(to: docs.appendingPathComponent("clean.md"))
        return folder
    }

    /// Runs Scripts/validate-sarif.py on a log: the official schema, checked by its hash.
    static func validate(_ log: Data) throws -> TestSupport.ProcessResult {
        try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", TestSupport.repositoryFile("Scripts/validate-sarif.py").path],
            input: log)
    }

    @Test("GitHub paths start at the repository's top folder, never with ./, and a summary ends the run")
    func gitHubPaths() throws {
        let folder = try Self.repository()
        for directory in [folder, folder.appendingPathComponent("docs")] {
            let result = try TestSupport.hanzi(["check", "--format", "github", "."], in: directory)
            #expect(result.status == 1, "\(result.standardError)")
            let lines = result.output.split(separator: "\n").map(String.init)
            #expect(lines.count == 3)
            #expect(lines.dropLast().allSatisfy { $0.hasPrefix("::error file=docs/a b.md,line=3,col=") }, "\(lines)")
            #expect(lines.last == "::notice title=hanzi check::2 errors, 0 warnings, 0 notes in 1 of 2 files")
        }
        // Outside a repository, paths are relative to the working directory, still without ./.
        let plain = TestSupport.temporaryFolder()
        try Data("這,裡\n".utf8).write(to: plain.appendingPathComponent("x.md"))
        let outside = try TestSupport.hanzi(["check", "--format", "github", "./x.md"], in: plain)
        #expect(outside.output.hasPrefix("::error file=x.md,line=1,col=2,"))
    }

    @Test("SARIF output validates against the official SARIF 2.1.0 schema")
    func sarifValidates() throws {
        let folder = try Self.repository()
        let result = try TestSupport.hanzi(
            ["check", "--format", "sarif", "."], in: folder.appendingPathComponent("docs"))
        #expect(result.status == 1, "\(result.standardError)")
        let validation = try Self.validate(result.standardOutput)
        #expect(validation.status == 0, "\(validation.output)\(validation.standardError)")
        #expect(validation.output == "valid SARIF 2.1.0: 1 run(s), 2 result(s)\n")

        // The validator rejects what the schema forbids, so the check above can fail.
        let broken = result.output.replacingOccurrences(of: "\"level\": \"error\"", with: "\"level\": \"fatal\"")
        #expect(broken != result.output)
        let rejected = try Self.validate(Data(broken.utf8))
        #expect(rejected.status == 1)
        #expect(rejected.output.contains("'fatal' is not one of"))
    }

    @Test("SARIF results carry rule metadata, code-point regions and fixes")
    func sarifContent() throws {
        let folder = try Self.repository()
        let result = try TestSupport.hanzi(["check", "--format", "sarif", "docs"], in: folder)
        let log = try #require(try JSONSerialization.jsonObject(with: result.standardOutput) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect(log["$schema"] as? String == SARIFReporter.schemaURI)
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "hanzi")
        #expect(driver["version"] as? String == HanziKitInfo.version)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == RuleRegistry.standard.identifiers)
        for (rule, descriptor) in zip(RuleRegistry.standard.rules, rules) {
            let summary = (descriptor["shortDescription"] as? [String: Any])?["text"] as? String
            #expect(summary == rule.description.summary)
            let configuration = descriptor["defaultConfiguration"] as? [String: Any]
            #expect(configuration?["enabled"] as? Bool == rule.description.isEnabledByDefault)
        }

        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["punctuation", "mixed-script"])
        let punctuation = results[0]
        #expect(punctuation["level"] as? String == "error")
        #expect(
            (punctuation["ruleIndex"] as? Int).map { RuleRegistry.standard.identifiers[$0] } == "punctuation")
        let location = try #require(
            ((punctuation["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "docs/a%20b.md")
        let region = try #require(location["region"] as? [String: Int])
        #expect(region == ["startLine": 3, "startColumn": 3, "endLine": 3, "endColumn": 4])
        let fix = try #require((punctuation["fixes"] as? [[String: Any]])?.first)
        let change = try #require((fix["artifactChanges"] as? [[String: Any]])?.first)
        let replacement = try #require((change["replacements"] as? [[String: Any]])?.first)
        #expect(replacement["deletedRegion"] as? [String: Int] == region)
        #expect((replacement["insertedContent"] as? [String: Any])?["text"] as? String == "，")

        // 发 in a Traditional line: the mixed-script fix replaces one code point at column 8.
        let glyph = results[1]
        let glyphRegion = (((glyph["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])?[
            "region"]
        #expect(glyphRegion as? [String: Int] == ["startLine": 3, "startColumn": 8, "endLine": 3, "endColumn": 9])
    }

    @Test("action.yml is valid action metadata, and its check step annotates, summarises and writes SARIF")
    func gitHubAction() throws {
        let env = URL(fileURLWithPath: "/usr/bin/env")
        let action = TestSupport.repositoryFile("action.yml")
        let valid = try TestSupport.run(
            env, ["python3", "-m", "check_jsonschema", "--builtin-schema", "vendor.github-actions", action.path])
        #expect(valid.status == 0, "\(valid.output)\(valid.standardError)")
        // The same validator rejects a broken action, so the check above can fail.
        let broken = TestSupport.temporaryFolder().appendingPathComponent("action.yml")
        let text = try String(contentsOf: action, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "using: composite", with: "using: compost").utf8).write(to: broken)
        let invalid = try TestSupport.run(
            env, ["python3", "-m", "check_jsonschema", "--builtin-schema", "vendor.github-actions", broken.path])
        #expect(invalid.status == 1)

        let folder = try Self.repository()
        let outputs = folder.appendingPathComponent("outputs.txt")
        let summary = folder.appendingPathComponent("summary.md")
        let script = TestSupport.repositoryFile("Scripts/github-action-check.sh").path
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] =
            TestSupport.hanziExecutable.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
        environment["GITHUB_OUTPUT"] = outputs.path
        environment["GITHUB_STEP_SUMMARY"] = summary.path
        environment["HANZI_PATHS"] = "docs"
        let annotations = try TestSupport.run(env, ["bash", script], in: folder, environment: environment)
        #expect(annotations.status == 0, "\(annotations.standardError)")
        #expect(annotations.output.hasPrefix("::error file=docs/a b.md,line=3,col=3,"))
        #expect(try String(contentsOf: outputs, encoding: .utf8) == "exit-code=1\n")
        #expect(
            try String(contentsOf: summary, encoding: .utf8)
                == "### hanzi check\n\n2 errors, 0 warnings, 0 notes in 1 of 2 files\n")

        environment["HANZI_FORMAT"] = "sarif"
        environment["HANZI_SARIF_FILE"] = "out.sarif"
        environment["HANZI_PATHS"] = "docs/clean.md"
        let sarif = try TestSupport.run(env, ["bash", script], in: folder, environment: environment)
        #expect(sarif.status == 0, "\(sarif.standardError)")
        #expect(try String(contentsOf: outputs, encoding: .utf8) == "exit-code=1\nexit-code=0\n")
        let log = try Data(contentsOf: folder.appendingPathComponent("out.sarif"))
        let validation = try Self.validate(log)
        #expect(validation.output == "valid SARIF 2.1.0: 1 run(s), 0 result(s)\n")

        // A path that does not exist is an operational error: the step fails at once.
        environment["HANZI_PATHS"] = "missing.md"
        let failing = try TestSupport.run(env, ["bash", script], in: folder, environment: environment)
        #expect(failing.status == 2)
    }
}
