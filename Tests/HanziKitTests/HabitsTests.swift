import Foundation
import Testing

/// The command line as opencc users and shell users expect it: -i, -q, stdin, errors, help.
@Suite("Command-line habits")
struct HabitsTests {

    @Test("-i names an input file as in opencc")
    func inputOption() throws {
        let folder = try TestSupport.folder(["in.txt": "头发\n"])
        let result = try TestSupport.hanzi(["convert", "-c", "s2t", "-i", "in.txt"], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.output == "頭髮\n")
        let long = try TestSupport.hanzi(
            ["convert", "--config", "s2t", "--input", "in.txt", "-o", "out.txt"], in: folder)
        #expect(long.status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("out.txt"), encoding: .utf8) == "頭髮\n")
    }

    @Test("convert says when the text is already in the target script, unless --quiet")
    func alreadyInTheTargetScript() throws {
        let simplified = try TestSupport.hanzi(["convert"], input: Data("头发\n".utf8))
        #expect(simplified.status == 0)
        #expect(simplified.output == "头发\n")
        #expect(
            simplified.standardError
                == "hanzi: note: <stdin>: the text is already simplified (traditional 0, simplified 2); "
                + "t2s changed nothing; choose the direction with -c, for example -c s2t\n")
        let folder = try TestSupport.folder(["a.txt": "頭髮\n"])
        let file = try TestSupport.hanzi(["convert", "-c", "s2tw", "a.txt"], in: folder)
        #expect(file.standardError.contains("a.txt: the text is already traditional (traditional 2, simplified 0)"))
        #expect(file.standardError.contains("for example -c t2s"))

        let quiet = try TestSupport.hanzi(["convert", "-q"], input: Data("头发\n".utf8))
        #expect(quiet.output == "头发\n")
        #expect(quiet.standardError == "")
        // A real conversion, or text with no script-specific character, says nothing.
        #expect(try TestSupport.hanzi(["convert"], input: Data("頭髮\n".utf8)).standardError == "")
        #expect(try TestSupport.hanzi(["convert"], input: Data("hello 中文\n".utf8)).standardError == "")
    }

    @Test("check with no path reads piped text, and walks the folder when nothing is piped")
    func checkReadsPipedText() throws {
        let folder = try TestSupport.folder(["b.md": "甲,乙\n"])
        let piped = try TestSupport.hanzi(["check", "--script", "hant"], input: Data("中,文\n".utf8), in: folder)
        #expect(piped.status == 1)
        #expect(piped.output.hasPrefix("<stdin>:1:2: error:"), "\(piped.output)")
        #expect(!piped.output.contains("b.md"))
        let nothing = try TestSupport.hanzi(["check", "--script", "hant"], input: Data(), in: folder)
        #expect(nothing.output.hasPrefix("b.md:1:2: error:"), "\(nothing.output)")
    }

    @Test("-q prints nothing but errors in every command that takes files")
    func quiet() throws {
        let folder = try TestSupport.folder(["a.txt": "中,文\n", "b.txt": "中，文\n"])
        let check = try TestSupport.hanzi(["check", "-q", "a.txt"], in: folder)
        #expect(check.status == 1)
        #expect(check.output == "" && check.standardError == "")
        let detect = try TestSupport.hanzi(["detect", "--quiet", "a.txt"], in: folder)
        #expect(detect.status == 0)
        #expect(detect.output == "" && detect.standardError == "")
        let diff = try TestSupport.hanzi(["diff", "-q", "a.txt", "b.txt"], in: folder)
        #expect(diff.status == 1)
        #expect(diff.output == "" && diff.standardError == "")
        // Errors still show.
        let missing = try TestSupport.hanzi(["check", "-q", "missing.txt"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.standardError.hasPrefix("hanzi: error: "))
        let both = try TestSupport.hanzi(["check", "-q", "-v", "a.txt"], in: folder)
        #expect(both.status == 64)
        #expect(both.standardError.hasPrefix("hanzi: error: --quiet and --verbose cannot be used together."))
    }

    @Test("Usage errors come in the one error style")
    func usageErrors() throws {
        let unknown = try TestSupport.hanzi(["check", "--colour"])
        #expect(unknown.status == 64)
        #expect(unknown.standardError.hasPrefix("hanzi: error: Unknown option '--colour'"), "\(unknown.standardError)")
        #expect(unknown.standardError.contains("Usage: hanzi check"))
        let invalid = try TestSupport.hanzi(["check", "--format", "xml"])
        #expect(invalid.standardError.hasPrefix("hanzi: error: --format must be text, json, github or sarif"))
        #expect(!unknown.standardError.contains("Error:") && !invalid.standardError.contains("Error:"))
    }

    @Test(
        "Help reads well at 80 columns and lists only the command's own options",
        arguments: ["", "convert", "normalize", "check", "diff", "detect", "rules", "configs"])
    func help(_ command: String) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "80"
        let result = try TestSupport.run(
            TestSupport.hanziExecutable, (command.isEmpty ? [] : [command]) + ["--help"], environment: environment)
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in lines {
            // Wide characters take two columns.
            let width = line.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
            #expect(width <= 80, "\(command): \(width) columns: \(line)")
        }
        // The discussion is wrapped once: no line of a paragraph but its last is left short,
        // as when text wrapped in the source is wrapped again.
        let discussion = lines.prefix { !$0.hasPrefix("USAGE:") }
        for (line, next) in zip(discussion, discussion.dropFirst()) {
            let isParagraphLine = !line.hasPrefix("  ") && !line.isEmpty && !next.isEmpty && !next.hasPrefix("  ")
            if isParagraphLine && !line.hasSuffix(":") {
                #expect(line.count >= 50, "\(command): a short line inside a paragraph: '\(line)' before '\(next)'")
            }
        }
        if command == "detect" {
            #expect(!result.output.contains("--to-encoding") && !result.output.contains("--lossy"))
            #expect(result.output.contains("--from-encoding"))
        }
    }
}
