import Foundation
import Testing

/// Locations the tests read: the repository, the shared corpora beside it, the built `hanzi`.
enum TestSupport {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func repositoryFile(_ relativePath: String) -> URL {
        repositoryRoot.appendingPathComponent(relativePath)
    }

    /// `HANZIKIT_CORPORA`, or the `shared/corpora` folder that sits beside the repository.
    static let corporaFolder: URL? = {
        let candidates = [
            ProcessInfo.processInfo.environment["HANZIKIT_CORPORA"].map { URL(fileURLWithPath: $0) },
            repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora"),
        ]
        return candidates.compactMap { $0 }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("hant.txt").path)
        }
    }()

    /// The first `lineCount` lines of a corpus file, written to a temporary file.
    static func corpusSlice(_ name: String, lines lineCount: Int) throws -> URL {
        let folder = try #require(corporaFolder, "the shared corpora are missing")
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let slice =
            text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lineCount)
            .joined(separator: "\n") + "\n"
        let url = temporaryFolder().appendingPathComponent("\(name).\(lineCount).txt")
        try slice.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The `hanzi` executable that `swift test` built next to the test bundle.
    static let hanziExecutable: URL = {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("hanzi")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return repositoryFile(".build/debug/hanzi")
    }()

    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("hanzikit-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct ProcessResult {
        var status: Int32
        var standardOutput: Data
        var standardError: String
        var output: String { String(decoding: standardOutput, as: UTF8.self) }
    }

    /// Runs an executable with arguments and optional standard input; collects everything it prints.
    static func run(
        _ executable: URL, _ arguments: [String], input: Data? = nil, in directory: URL? = nil,
        environment: [String: String]? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        // Read both pipes concurrently with writing stdin so large outputs cannot deadlock.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { outData = stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = stderr.fileHandleForReading.readDataToEndOfFile() }
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, standardOutput: outData,
            standardError: String(decoding: errData, as: UTF8.self))
    }

    static func hanzi(_ arguments: [String], input: Data? = nil, in directory: URL? = nil) throws -> ProcessResult {
        try run(hanziExecutable, arguments, input: input, in: directory)
    }

    /// The `opencc` command-line tool, the reference oracle.
    static let openCCExecutable: URL? = ["/usr/bin/opencc", "/usr/local/bin/opencc"]
        .map { URL(fileURLWithPath: $0) }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

extension Trait where Self == ConditionTrait {
    /// For tests over the shared corpora: skipped, and said so, where the corpora are not beside
    /// the repository (CI always has them).
    static var requiresCorpora: Self {
        .enabled(if: TestSupport.corporaFolder != nil, "the shared corpora are not beside the repository")
    }
}

/// SplitMix64: a small seeded generator, so "random" test data is the same on every run and
/// failures reproduce.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(state: UInt64) { self.state = state }

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
