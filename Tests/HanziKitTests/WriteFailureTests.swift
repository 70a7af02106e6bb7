import Foundation
import Testing

/// Every write to standard output is checked: with standard output on `/dev/full` (every write
/// fails with ENOSPC, as on a full disk) each command says so, naming standard output, and exits
/// with 2 instead of reporting success or differences.
@Suite("Failed writes to standard output")
struct WriteFailureTests {
    /// Runs `hanzi` with standard output on `/dev/full`; its status and standard error.
    static func hanziIntoFullDevice(_ arguments: [String], in folder: URL) throws -> (status: Int32, error: String) {
        let process = Process()
        process.executableURL = TestSupport.hanziExecutable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let standardError = Pipe()
        process.standardOutput = full
        process.standardError = standardError
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let error = standardError.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: error, as: UTF8.self))
    }

    static let commands: [[String]] = [
        ["convert", "a.txt"], ["convert", "a.txt", "b.txt"], ["normalize", "a.txt"], ["check", "a.txt"],
        ["check", "--format", "json", "a.txt"], ["check", "--format", "github", "a.txt", "b.txt"],
        ["detect", "a.txt"], ["detect", "a.txt", "b.txt"], ["diff", "a.txt", "b.txt"],
        ["diff", "--format", "unified", "a.txt", "b.txt"], ["diff", "--format", "json", "a.txt", "b.txt"],
        ["diff", "old", "new"], ["configs"], ["rules"],
    ]

    @Test("A failed write is an error naming standard output, status 2", arguments: commands)
    func failedWritesAreReported(_ arguments: [String]) throws {
        let folder = TestSupport.temporaryFolder()
        // Text with findings and differences, so every command has something to write.
        try Data("頭髮,後來\n这里\n".utf8).write(to: folder.appendingPathComponent("a.txt"))
        try Data("頭發，後來\n這裡\n".utf8).write(to: folder.appendingPathComponent("b.txt"))
        for side in ["old", "new"] {
            let sub = folder.appendingPathComponent(side)
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            try Data((side == "old" ? "頭髮\n" : "头发\n").utf8).write(to: sub.appendingPathComponent("x.txt"))
        }
        let (status, error) = try Self.hanziIntoFullDevice(arguments, in: folder)
        #expect(status == 2, "\(arguments): \(error)")
        #expect(
            error.hasPrefix("hanzi: error: <stdout>: cannot write: No space left on device\n"), "\(arguments): \(error)"
        )
        // The first failure ends the command: one error, not one per file.
        #expect(error.components(separatedBy: "hanzi: error:").count == 2, "\(arguments): \(error)")
    }
}
