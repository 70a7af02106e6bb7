import ArgumentParser
import HanziKit

struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tell whether each file is Traditional, Simplified, mixed or neither.",
        discussion: """
            Counts the characters only one script uses (頭 is Traditional-specific, 头 Simplified-
            specific; 后, 于, 里 are shared and not counted). A file is mixed when the rarer kind
            makes up 5% or more of the counted characters.

            Output, one line per file: PATH: SCRIPT (traditional N, simplified M)

            Examples:
              hanzi detect article.txt notes/*.md
              echo '头发' | hanzi detect
            """
    )

    @Argument(help: "Files to inspect; `-` or none reads standard input.")
    var files: [String] = []

    func run() throws {
        let detector = try orExit { () throws(HanziKitError) in try ScriptDetector.shared() }
        var failed = false
        for path in files.isEmpty ? [InputFile.standardInputName] : files {
            do throws(HanziKitError) {
                let detection = detector.detect(try InputFile.readText(path))
                let name = path == InputFile.standardInputName ? "<stdin>" : path
                writeToStandardOutput(
                    "\(name): \(detection.script.rawValue) (traditional \(detection.traditionalCount), "
                        + "simplified \(detection.simplifiedCount))\n")
            } catch {
                reportError(describe(error, in: path))
                failed = true
            }
        }
        if failed { throw ExitStatus.operationalError }
    }
}
