import Foundation
import Testing

@Suite("Shell integration")
struct InstallationTests {
    @Test("Completion scripts are generated from the command definitions", arguments: ["bash", "zsh", "fish"])
    func completionScript(_ shell: String) throws {
        let result = try TestSupport.hanzi(["--generate-completion-script", shell])
        #expect(result.status == 0)
        #expect(result.output.contains("convert"))
        #expect(result.output.contains("configs"))
        #expect(result.output.contains("from-encoding"))
    }

    @Test("The pre-commit hooks name existing subcommands and valid keys")
    func preCommitHooks() throws {
        let text = try String(
            contentsOf: TestSupport.repositoryFile(".pre-commit-hooks.yaml"), encoding: .utf8)
        // A small reader for the flat list of mappings pre-commit expects.
        var hooks: [[String: String]] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("- ") { hooks.append([:]) }
            let body = trimmed.hasPrefix("- ") ? String(trimmed.dropFirst(2)) : trimmed
            guard let colon = body.firstIndex(of: ":") else { continue }
            let key = String(body[..<colon])
            hooks[hooks.count - 1][key] = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        #expect(hooks.map { $0["id"] } == ["hanzi-check", "hanzi-normalize"])
        for hook in hooks {
            #expect(hook["language"] == "script")
            #expect(hook["name"] != nil)
            // Only what `hanzi check` walks by default.
            #expect(hook["files"] == #"\.(txt|text|md|markdown)$"#)
            let entry = try #require(hook["entry"]?.split(separator: " ").map(String.init))
            #expect(entry.first == "Scripts/pre-commit-hanzi.sh")
            #expect(FileManager.default.isExecutableFile(atPath: TestSupport.repositoryFile(entry[0]).path))
            let help = try TestSupport.hanzi(Array(entry.dropFirst()) + ["--help"])
            #expect(help.status == 0, "`\(entry.joined(separator: " ")) --help` failed")
            #expect(help.output.contains("USAGE: hanzi \(entry[1])"), "no subcommand `\(entry[1])`")
        }
    }
}
