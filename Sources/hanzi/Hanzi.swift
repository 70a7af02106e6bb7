import ArgumentParser
import Foundation
import HanziKit

@main
struct Hanzi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hanzi",
        abstract: "Convert, normalize, check and compare Chinese text.",
        discussion: """
            Exit codes: 0 success, 1 findings or differences, 2 operational error, 64 usage error.

            Examples:
              hanzi convert article.txt                 Traditional to Simplified on stdout
              hanzi convert -c s2twp -o out.txt in.txt  Simplified to Taiwanese Traditional
              echo '头发' | hanzi convert -c s2t         convert standard input
              hanzi normalize --in-place docs/          fix the defects check finds
              hanzi check --format github .             lint for CI; exit 1 on findings
              hanzi diff --across-scripts a.txt b.txt   compare Traditional with Simplified
              hanzi configs                             list the configurations
            """,
        version: HanziKitInfo.version,
        subcommands: [
            Convert.self, Normalize.self, Check.self, DiffCommand.self, Detect.self, Rules.self, Configs.self,
        ]
    )

    static func main() {
        // An interrupted --in-place run leaves neither a half-written file nor a stray temporary one.
        AtomicFile.removeTemporaryFilesOnInterrupt()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // `--generate-completion-script bash` arrives here as a successful "error" whose
            // message is the script.
            if exitCode(for: error) == .success, CommandLine.arguments.contains("--generate-completion-script") {
                print(CompletionScript.adjusted(fullMessage(for: error)))
                exit()
            }
            // Usage errors in the one style every other error has: `hanzi: error: …`, then the usage.
            let message = fullMessage(for: error)
            if exitCode(for: error) == .validationFailure && !message.isEmpty {
                let styled = message.hasPrefix("Error: ") ? "hanzi: error: " + message.dropFirst(7) : message
                try? FileHandle.standardError.write(contentsOf: Data((styled + "\n").utf8))
                exit(withError: ExitCode.validationFailure)
            }
            exit(withError: error)
        }
    }
}
