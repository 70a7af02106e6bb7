import Foundation
import HanziKit
import Testing

/// The generated completion scripts, loaded into a real bash and asked what a Tab would offer.
@Suite("Shell completion")
struct CompletionTests {
    /// A folder with files to complete, and the bash script `hanzi` generates, written into it.
    static func fixture() throws -> URL {
        let folder = TestSupport.temporaryFolder()
        for name in ["translate.txt", "trial.md", "other.txt", "my-config.json"] {
            try Data("中文\n".utf8).write(to: folder.appendingPathComponent(name))
        }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("trees"), withIntermediateDirectories: true)
        let script = try TestSupport.hanzi(["--generate-completion-script", "bash"])
        try #require(script.status == 0)
        try script.standardOutput.write(to: folder.appendingPathComponent("hanzi.bash"))
        return folder
    }

    /// What bash offers for the words of a command line, the last one being completed: the
    /// script is sourced, COMP_* set as readline sets them, and the registered function called
    /// (without `set -e`, which completion functions never run under).
    static func complete(_ words: [String], in folder: URL) throws -> [String] {
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source ./hanzi.bash || exit 3
            function=$(complete -p hanzi | sed -n 's/.* -F \\([^ ]*\\) hanzi$/\\1/p')
            [ -n "$function" ] || exit 4
            COMP_WORDS=(\(quoted))
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_LINE="${COMP_WORDS[*]}"
            COMP_POINT=${#COMP_LINE}
            COMPREPLY=()
            "$function" hanzi "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["bash", "--norc", "--noprofile", "-c", program], in: folder)
        try #require(result.status == 0, "bash: \(result.standardError)")
        return result.output.split(separator: "\n").map(String.init).filter { !$0.isEmpty }.sorted()
    }

    @Test("bash registers the function with a fall-back to its own file-name completion")
    func registration() throws {
        let folder = try Self.fixture()
        let result = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["bash", "--norc", "--noprofile", "-c", "source ./hanzi.bash && complete -p hanzi"], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.output == "complete -o default -o filenames -F _hanzi hanzi\n")
    }

    @Test("File arguments complete to file and folder names")
    func files() throws {
        let folder = try Self.fixture()
        #expect(try Self.complete(["hanzi", "convert", "tr"], in: folder) == ["translate.txt", "trees", "trial.md"])
        #expect(
            try Self.complete(["hanzi", "check", "--strict", "tr"], in: folder) == [
                "translate.txt", "trees", "trial.md",
            ])
        #expect(try Self.complete(["hanzi", "diff", "other.txt", "tri"], in: folder) == ["trial.md"])
        #expect(try Self.complete(["hanzi", "normalize", "-o", "oth"], in: folder) == ["other.txt"])
    }

    @Test("Option values complete to configuration names, scripts, formats and rules")
    func optionValues() throws {
        let folder = try Self.fixture()
        #expect(try Self.complete(["hanzi", "convert", "-c", "s2t"], in: folder) == ["s2t", "s2tw", "s2twp"])
        #expect(
            try Self.complete(["hanzi", "convert", "--config", ""], in: folder)
                == ConversionConfig.allCases.map(\.rawValue).sorted())
        #expect(try Self.complete(["hanzi", "diff", "--fold", "hk"], in: folder) == ["hk2s", "hk2t"])
        #expect(try Self.complete(["hanzi", "check", "--script", "ha"], in: folder) == ["hans", "hant"])
        #expect(
            try Self.complete(["hanzi", "check", "--format", ""], in: folder) == ["github", "json", "sarif", "text"])
        #expect(try Self.complete(["hanzi", "normalize", "--enable", "sp"], in: folder) == ["spacing"])
        #expect(
            try Self.complete(["hanzi", "check", "--disable", ""], in: folder)
                == RuleRegistry.standard.identifiers.sorted())
        #expect(try Self.complete(["hanzi", "check", "--quotes", "c"], in: folder) == ["corner", "curly"])
        #expect(
            try Self.complete(["hanzi", "detect", "--from-encoding", "utf-16"], in: folder) == ["utf-16be", "utf-16le"])
        #expect(try Self.complete(["hanzi", "ch"], in: folder) == ["check"])
    }

    @Test("zsh and fish scripts carry the same values", arguments: ["zsh", "fish"])
    func otherShells(_ shell: String) throws {
        let script = try TestSupport.hanzi(["--generate-completion-script", shell])
        #expect(script.status == 0)
        for value in ["s2twp", "sarif", "hant", "mixed-script", "zh-TW"] {
            #expect(script.output.contains(value), "\(shell) script lacks \(value)")
        }
    }
}
