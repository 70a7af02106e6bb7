import Foundation
import Testing

/// An input that can be read only once (a pipe, `/dev/stdin`, a process substitution, a FIFO)
/// behaves as a regular file with the same bytes, and a folder's FIFOs are passed over.
@Suite("Inputs read once")
struct SingleReadInputTests {
    /// Runs a bash script with `hanzi` on the path, under `timeout` so a hang fails the test.
    static func bash(_ script: String, in folder: URL) throws -> TestSupport.ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] =
            TestSupport.hanziExecutable.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
        return try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/timeout"), ["60", "/bin/bash", "-c", script], in: folder,
            environment: environment)
    }

    static let text = "頭髮,後來\n"

    /// The same command on a regular file holding the text, the reference.
    static func onRegularFile(_ command: String) throws -> TestSupport.ProcessResult {
        let folder = TestSupport.temporaryFolder()
        try Data(text.utf8).write(to: folder.appendingPathComponent("input.txt"))
        return try bash("hanzi \(command) input.txt", in: folder)
    }

    static let commands = ["convert", "normalize", "check", "detect"]
    static let ways = [
        "pipe to /dev/stdin": "printf '頭髮,後來\\n' | hanzi COMMAND /dev/stdin",
        "process substitution": "hanzi COMMAND <(printf '頭髮,後來\\n')",
        "FIFO": "mkfifo fifo; (printf '頭髮,後來\\n' > fifo &); hanzi COMMAND fifo",
    ]

    @Test("Read once, like a regular file", arguments: commands, ways.keys.sorted())
    func readOnceLikeARegularFile(_ command: String, _ way: String) throws {
        let expected = try Self.onRegularFile(command)
        #expect(!expected.output.isEmpty)
        let result = try Self.bash(
            Self.ways[way]!.replacingOccurrences(of: "COMMAND", with: command), in: TestSupport.temporaryFolder())
        #expect(result.status == expected.status, "\(result.standardError)")
        // Names differ (input.txt, /dev/stdin, /dev/fd/63, fifo); what follows them must not.
        let strip = { (output: String) in
            output.replacingOccurrences(
                of: #"^[^:\n]*(input\.txt|/dev/stdin|/dev/fd/\d+|fifo)"#, with: "NAME", options: .regularExpression
            )
            .replacingOccurrences(
                of: #"\n[^:\n]*(input\.txt|/dev/stdin|/dev/fd/\d+|fifo)"#, with: "\nNAME", options: .regularExpression)
        }
        #expect(strip(result.output) == strip(expected.output))
    }

    @Test("A FIFO in a folder is passed over, said with -v", arguments: commands)
    func aFIFOInAFolderIsSkipped(_ command: String) throws {
        let folder = TestSupport.temporaryFolder()
        let docs = folder.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try Data(Self.text.utf8).write(to: docs.appendingPathComponent("a.txt"))
        try #require(mkfifo(docs.appendingPathComponent("b.txt").path, 0o644) == 0)
        let result = try Self.bash("hanzi \(command) -v --no-ignore docs", in: folder)
        #expect(result.status != 124, "timed out")
        #expect(result.status <= 1, "\(result.standardError)")
        #expect(result.standardError.contains("skipped docs/b.txt: not a regular file"), "\(result.standardError)")
        #expect(!result.output.isEmpty)
    }
}
