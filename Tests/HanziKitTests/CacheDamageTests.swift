import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// A damaged, planted or unusable cache file is never trusted and never fatal: every file carries
/// a checksum over all of it, only regular files of the user are read, and a file truncated while
/// in use cannot end the process (it is mapped under a lease, or read; `LeasedCacheTests`).
@Suite("Damaged cache files")
struct CacheDamageTests {
    /// `hanzi` with its own cache folder: the folder, and a function running `hanzi ARGUMENTS`
    /// on standard input under `timeout`, so a hang fails the test instead of stopping the run.
    static func isolatedHanzi() -> (cache: URL, run: ([String], String) throws -> TestSupport.ProcessResult) {
        let home = TestSupport.temporaryFolder()
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = home.path
        environment.removeValue(forKey: "HANZIKIT_CACHE")
        let run = { (arguments: [String], input: String) in
            try TestSupport.run(
                URL(fileURLWithPath: "/usr/bin/timeout"), ["60", TestSupport.hanziExecutable.path] + arguments,
                input: Data(input.utf8), environment: environment)
        }
        return (home.appendingPathComponent("hanzikit"), run)
    }

    /// The engine files in the cache folder.
    static func engineFiles(in cache: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: cache.path).filter(CompiledCache.isEngineFile).sorted()
            .map { cache.appendingPathComponent($0) }
    }

    @Test func aCacheFileWithAReplacedCharacterIsRebuiltAndSaidSoWithVerbose() throws {
        let (cache, hanzi) = Self.isolatedHanzi()
        let first = try hanzi(["convert"], "頭髮\n")
        try #require(first.status == 0, "\(first.standardError)")
        #expect(first.output == "头发\n")
        // Every 头 of every compiled engine becomes 兀, as the adversarial pass did it.
        let files = try Self.engineFiles(in: cache)
        try #require(!files.isEmpty)
        for file in files {
            let bytes = try Data(contentsOf: file)
            let damaged = Data(bytes).replacing(Data("头".utf8), with: Data("兀".utf8))
            try #require(damaged != bytes || files.count > 1)
            try damaged.write(to: file)
        }
        let second = try hanzi(["convert", "-v"], "頭髮\n")
        #expect(second.status == 0)
        #expect(second.output == "头发\n")
        #expect(second.standardError.contains("damaged (checksum mismatch); rebuilding it"), "\(second.standardError)")
        // The rebuilt file is whole again: the next run uses it and says nothing.
        let third = try hanzi(["convert", "-v"], "頭髮\n")
        #expect(third.output == "头发\n")
        #expect(!third.standardError.contains("cache file"), "\(third.standardError)")
    }

    @Test func aFIFOAtACacheFilesPathIsPassedOverWithoutHanging() throws {
        let (cache, hanzi) = Self.isolatedHanzi()
        try #require(try hanzi(["convert"], "頭髮\n").status == 0)
        let files = try Self.engineFiles(in: cache)
        for file in files {
            try FileManager.default.removeItem(at: file)
            try #require(mkfifo(file.path, 0o644) == 0)
        }
        let result = try hanzi(["convert", "-v"], "頭髮\n")
        #expect(result.status == 0, "124 is timeout's: \(result.standardError)")
        #expect(result.output == "头发\n")
        #expect(result.standardError.contains("not used: not a regular file"), "\(result.standardError)")
    }

    @Test(.requires(.rootUser))
    func aCacheFileOwnedByAnotherUserIsNotRead() throws {
        let (cache, hanzi) = Self.isolatedHanzi()
        try #require(try hanzi(["convert"], "頭髮\n").status == 0)
        for file in try Self.engineFiles(in: cache) { try #require(chown(file.path, 65534, 65534) == 0) }
        let result = try hanzi(["convert", "-v"], "頭髮\n")
        #expect(result.status == 0)
        #expect(result.output == "头发\n")
        #expect(result.standardError.contains("not used: owned by another user"), "\(result.standardError)")
    }

    @Test func aCacheFileTruncatedWhileInUseDoesNotEndTheProcess() throws {
        let (key, folder, path) = try TestSupport.storeCompiledT2S()
        let pipeline = try #require(CompiledCache.load(key: key, folder: folder))
        // Mapped without a lease, its pages would be gone and the next read a SIGBUS.
        try #require(truncate(path, 0) == 0)
        var output = ByteBuffer(capacity: 16)
        defer { output.deallocate() }
        Array("頭髮後來".utf8).withUnsafeBufferPointer { pipeline.convert($0, into: &output) }
        #expect(String(decoding: output.bytes, as: UTF8.self) == "头发后来")
    }

    @Test("Random damage to an engine or lexicon file is always refused", arguments: ["engine", "lexicon"])
    func randomDamageIsAlwaysRefused(_ kind: String) throws {
        let folder = TestSupport.temporaryFolder().path
        let path: String
        let load: () -> Bool
        if kind == "engine" {
            let key = try #require(CompiledCache.key(configuration: "t2s.json"))
            let texts = try OpenCCDictionaries.loadTexts(configuration: "t2s.json")
            CompiledCache.store(
                ConversionPipeline(segmentation: texts.segmentation, stages: texts.conversionStages), key: key,
                folder: folder)
            path = folder + "/" + CompiledCache.fileName(for: key)
            load = { CompiledCache.load(key: key, folder: folder) != nil }
        } else {
            let key = try #require(LexiconCache.key(for: ScriptDetector.self))
            LexiconCache.store(try ScriptDetector(), key: key, folder: folder)
            path = folder + "/" + LexiconCache.fileName(for: key, of: ScriptDetector.self)
            load = { LexiconCache.load(ScriptDetector.self, key: key, folder: folder) != nil }
        }
        try #require(load(), "the undamaged file must load")
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var random = SeededRandom(seed: kind == "engine" ? 16 : 61)
        for trial in 0..<200 {
            var damaged = original
            switch trial % 4 {
            case 0:  // one bit
                let bit = Int.random(in: 0..<damaged.count * 8, using: &random)
                damaged[bit / 8] ^= 1 << UInt8(bit % 8)
            case 1:  // a few bits anywhere
                for _ in 0..<Int.random(in: 2...8, using: &random) {
                    damaged[Int.random(in: 0..<damaged.count, using: &random)] ^= UInt8.random(
                        in: 1...255, using: &random)
                }
            case 2:  // a run of bytes overwritten
                let start = Int.random(in: 0..<damaged.count, using: &random)
                for index in start..<min(start + Int.random(in: 1...64, using: &random), damaged.count) {
                    damaged[index] = UInt8.random(in: 0...255, using: &random)
                }
                if damaged == original { continue }
            default:  // cut short
                damaged.removeLast(Int.random(in: 1..<damaged.count, using: &random))
            }
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            #expect(!load(), "trial \(trial) was read as if whole")
        }
    }
}
