import Foundation
import Testing

/// The man page, generated from the command definitions by Scripts/generate-manual.py and
/// rendered by the real man, groff and mandoc.
@Suite("Man page")
struct ManualTests {
    static let env = URL(fileURLWithPath: "/usr/bin/env")

    /// The page, written to a temporary folder.
    static func page() throws -> URL {
        let script = TestSupport.repositoryFile("Scripts/generate-manual.py").path
        let result = try TestSupport.run(Self.env, ["python3", script, TestSupport.hanziExecutable.path])
        try #require(result.status == 0, "generate-manual.py: \(result.standardError)")
        let url = TestSupport.temporaryFolder().appendingPathComponent("hanzi.1")
        try result.standardOutput.write(to: url)
        return url
    }

    @Test("man renders the page with no warning, UTF-8 examples and every command and option intact")
    func manRendersIt() throws {
        let page = try Self.page()
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        environment["MANWIDTH"] = "80"
        environment["MANPAGER"] = "cat"
        let man = try TestSupport.run(Self.env, ["man", "--warnings=w", "-l", page.path], environment: environment)
        #expect(man.status == 0)
        #expect(man.standardError == "", "man warned: \(man.standardError)")
        // Characters the plugin used to drop: the quote styles and the Chinese in the examples.
        #expect(man.output.contains("corner 「」, curly “”"))
        #expect(man.output.contains("echo '头发' | hanzi convert -c s2t"))
        #expect(man.output.contains("頭 這 後"))

        let dump = try TestSupport.hanzi(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: dump.standardOutput) as? [String: Any])
        let commands = try #require((root["command"] as? [String: Any])?["subcommands"] as? [[String: Any]])
        for command in commands {
            let name = try #require(command["commandName"] as? String)
            guard name != "help" else { continue }
            #expect(man.output.contains("hanzi \(name)"), "no section for \(name)")
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                guard argument["shouldDisplay"] as? Bool ?? true,
                    let long = (argument["names"] as? [[String: Any]])?.first(where: { $0["kind"] as? String == "long" }
                    ),
                    let option = long["name"] as? String, option != "help", option != "version"
                else { continue }
                #expect(man.output.contains("--\(option)"), "\(name) --\(option) missing")
            }
        }
    }

    @Test("groff -ww and mandoc -T lint find nothing to warn about")
    func lintClean() throws {
        let page = try Self.page()
        let groff = try TestSupport.run(Self.env, ["groff", "-ww", "-man", "-Tutf8", "-z", page.path])
        #expect(groff.status == 0)
        #expect(groff.standardError == "", "groff: \(groff.standardError)")
        let mandoc = try TestSupport.run(Self.env, ["mandoc", "-T", "lint", "-W", "style", page.path])
        #expect(mandoc.status == 0, "mandoc: \(mandoc.output)\(mandoc.standardError)")
        #expect(mandoc.output + mandoc.standardError == "")

        // The linter does flag what the generator avoids (a text line past 80 bytes), so the
        // checks above can fail.
        let long = page.deletingLastPathComponent().appendingPathComponent("long.1")
        let text = try String(contentsOf: page, encoding: .utf8)
        let line = String(repeating: "word ", count: 20)
        try Data(text.replacingOccurrences(of: ".SH DESCRIPTION\n", with: ".SH DESCRIPTION\n\(line)\n").utf8).write(
            to: long)
        let flagged = try TestSupport.run(Self.env, ["mandoc", "-T", "lint", "-W", "style", long.path])
        #expect(flagged.output.contains("input text line longer than 80 bytes"))
    }
}
