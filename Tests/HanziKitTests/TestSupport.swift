import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// Locations the tests read: the repository, the test prose, the built `hanzi`, the `opencc` oracle.
enum TestSupport {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func repositoryFile(_ relativePath: String) -> URL {
        repositoryRoot.appendingPathComponent(relativePath)
    }

    /// The larger shared corpora (`hant.txt`, `hans.txt`), read only where `HANZIKIT_CORPORA`
    /// names their folder: an optional, longer run. No test needs them.
    static let corporaFolder: URL? = ProcessInfo.processInfo.environment["HANZIKIT_CORPORA"].map {
        URL(fileURLWithPath: $0)
    }

    /// The prose the suites read, `hant.txt` (Traditional) or `hans.txt` (Simplified): the file of
    /// that name in `HANZIKIT_CORPORA`, or else the text of the system's gettext catalogs in that
    /// script (``CatalogText``), made at test time.
    static func corpusText(_ name: String) throws -> String {
        if let folder = corporaFolder {
            return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        switch name {
        case "hant.txt": return try CatalogText.traditional.get()
        case "hans.txt": return try CatalogText.simplified.get()
        default: throw CatalogText.Failure(message: "no test text is called \(name)")
        }
    }

    /// The first `lineCount` lines of ``corpusText(_:)``, written to a temporary file.
    static func corpusSlice(_ name: String, lines lineCount: Int) throws -> URL {
        let text = try corpusText(name)
        let slice =
            text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lineCount)
            .joined(separator: "\n") + "\n"
        let url = temporaryFolder().appendingPathComponent("\(name).\(lineCount).txt")
        try slice.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// `hanzi check --script hant` on one file of `contents` named `name`, in a folder of its
    /// own: the exit status, the lines that name the file (its findings), the output, the folder.
    static func checkFindings(_ name: String, _ contents: String) throws -> (
        status: Int32, findings: [Substring], output: String, folder: URL
    ) {
        let folder = try TestSupport.folder([name: contents])
        let check = try TestSupport.hanzi(["check", "--script", "hant", name], in: folder)
        let findings = check.output.split(separator: "\n").filter { $0.hasPrefix("\(name):") }
        return (check.status, findings, check.output, folder)
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

    /// A fresh folder holding `files` (relative paths and their text), for runs that must not
    /// see a stray `.hanzi.yml`.
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = temporaryFolder()
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
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

    /// Compiles t2s into a cache file in a fresh folder: its key, the folder and the file's path.
    static func storeCompiledT2S() throws -> (key: String, folder: String, path: String) {
        let key = try #require(CompiledCache.key(configuration: "t2s.json"))
        let folder = temporaryFolder().path
        let texts = try OpenCCDictionaries.loadTexts(configuration: "t2s.json")
        CompiledCache.store(
            ConversionPipeline(segmentation: texts.segmentation, stages: texts.conversionStages), key: key,
            folder: folder)
        return (key, folder, folder + "/" + CompiledCache.fileName(for: key))
    }

    /// The `opencc` command-line tool, the reference oracle.
    static let openCCExecutable: URL? = ["/usr/bin/opencc", "/usr/local/bin/opencc"]
        .map { URL(fileURLWithPath: $0) }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// The oracle, or a failure that says how to install it (the test scripts do).
    static func openCC() throws -> URL {
        try #require(openCCExecutable, "the opencc command-line tool is missing: run Scripts/test.sh to install it")
    }
}

/// The one list of reasons a test may be skipped: a facility some platforms lack. Missing data or
/// a missing tool that the scripts install is never one: such a test fails and says what to
/// install. `Scripts/check-skips.sh` fails a test run in which anything was skipped for a reason
/// not made here (every reason made here starts with `platform:`).
enum PlatformFacility: CaseIterable {
    /// glibc's `mallinfo2`, which the leak test reads (AddressSanitizer's allocator reports nothing).
    case heapStatistics
    /// util-linux's `script(1)`, which gives a command a terminal (BSD's takes other options).
    case utilLinuxScript
    /// `iconv(1)`, which makes the legacy-encoded files independently of the code under test.
    case iconvTool
    /// Running as root, the only user who can give a file to another user (CI runs as root).
    case rootUser
    /// Read leases on the temporary folder's file system (Linux `F_SETLEASE`), under which cache
    /// files are mapped; elsewhere they are read.
    case fileLeases

    var isAvailable: Bool {
        switch self {
        case .heapStatistics: heapBytesInUse() > 0
        case .utilLinuxScript: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")
        case .iconvTool: FileManager.default.isExecutableFile(atPath: "/usr/bin/iconv")
        case .rootUser: geteuid() == 0
        case .fileLeases: Self.takesReadLeases
        }
    }

    var reason: String {
        switch self {
        case .heapStatistics: "platform: the allocator does not report heap use"
        case .utilLinuxScript: "platform: no util-linux script(1) to give a command a terminal"
        case .iconvTool: "platform: no iconv(1)"
        case .rootUser: "platform: only root can give a file to another user"
        case .fileLeases: "platform: no read leases on the temporary folder's file system"
        }
    }

    /// Whether a read lease can be taken on a file of the temporary folder, asked of the system
    /// directly rather than of the code under test.
    private static let takesReadLeases: Bool = {
        #if os(Linux)
            let path = TestSupport.temporaryFolder().appendingPathComponent("lease-probe").path
            guard FileManager.default.createFile(atPath: path, contents: Data("probe".utf8)) else { return false }
            let descriptor = open(path, O_RDONLY)
            defer { close(descriptor) }
            // F_SETLEASE and F_RDLCK as glibc's <fcntl.h> defines them.
            let leased = fcntl(descriptor, 1024, Int32(F_RDLCK)) == 0
            if leased { _ = fcntl(descriptor, 1024, Int32(F_UNLCK)) }
            return leased
        #else
            return false
        #endif
    }()
}

extension Trait where Self == ConditionTrait {
    /// Skips, saying why, where the platform lacks `facility`.
    static func requires(_ facility: PlatformFacility) -> Self {
        .enabled(if: facility.isAvailable, Comment(rawValue: facility.reason))
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
