import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// The on-disk cache of compiled pipelines: same output, and never stale.
@Suite("Compiled pipeline cache")
struct CompiledCacheTests {
    @Test(
        "A pipeline read back from the cache converts exactly as the compiled one",
        arguments: [ConversionConfig.t2s, .s2twp, .tw2sp])
    func roundTrip(_ config: ConversionConfig) throws {
        let key = try #require(CompiledCache.key(configuration: config.fileName))
        let texts = try OpenCCDictionaries.loadTexts(configuration: config.fileName)
        let compiled = ConversionPipeline(segmentation: texts.segmentation, stages: texts.conversionStages)
        let folder = TestSupport.temporaryFolder().path
        CompiledCache.store(compiled, key: key, folder: folder)
        let cached = try #require(CompiledCache.load(key: key, folder: folder))
        #expect(CompiledCache.load(key: key + "#other", folder: folder) == nil, "a different key must miss")
        let corpus = config.rawValue.hasPrefix("s2") ? "hans.txt" : "hant.txt"
        let input = Array(try Data(contentsOf: try TestSupport.corpusSlice(corpus, lines: 2_000)))
        var fromCompiled = ByteBuffer(capacity: 16)
        var fromCache = ByteBuffer(capacity: 16)
        defer {
            fromCompiled.deallocate()
            fromCache.deallocate()
        }
        input.withUnsafeBufferPointer {
            compiled.convert($0, into: &fromCompiled)
            cached.convert($0, into: &fromCache)
        }
        #expect(Array(fromCache.bytes) == Array(fromCompiled.bytes))
        #expect(cached.safeCutBytes == compiled.safeCutBytes)
    }

    @Test func aTruncatedCacheFileIsIgnored() throws {
        let (key, folder, path) = try TestSupport.storeCompiledT2S()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        #expect(CompiledCache.load(key: key, folder: folder) == nil)
    }

    @Test func aCacheFileWithOutOfRangeIdsIsRejected() throws {
        let (key, folder, path) = try TestSupport.storeCompiledT2S()
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(CompiledCache.load(key: key, folder: folder) != nil)
        // 4 KB in the middle of the file (the character table's root links) set to ids far out of range.
        let tables = bytes.count / 2
        for index in stride(from: tables, to: tables + 4_096, by: 1) { bytes[index] = 0xFF }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(CompiledCache.load(key: key, folder: folder) == nil)
    }

    @Test func theKeyNamesTheDictionaryFilesIdentity() throws {
        let folder = TestSupport.temporaryFolder()
        try copyLayeredConfiguration(to: folder)
        let config = folder.appendingPathComponent("t2s-with-taiwan-terms.json").path
        let before = try #require(CompiledCache.key(configuration: config))
        #expect(before.contains("TaiwanTermsToMainland.txt"))
        #expect(before.contains("TSPhrases.ocd2"))
        try appendLine("測試\t测验", to: folder.appendingPathComponent("TaiwanTermsToMainland.txt"))
        #expect(try CompiledCache.key(configuration: config) != before)
    }

    @Test func anEditedDictionaryIsNeverServedStale() throws {
        let folder = TestSupport.temporaryFolder()
        let cache = TestSupport.temporaryFolder()
        try copyLayeredConfiguration(to: folder)
        let config = folder.appendingPathComponent("t2s-with-taiwan-terms.json").path
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = cache.path
        func convert() throws -> String {
            let result = try TestSupport.run(
                TestSupport.hanziExecutable, ["convert", "-c", config], input: Data("測試軟體\n".utf8),
                environment: environment)
            #expect(result.status == 0, "\(result.standardError)")
            return result.output
        }
        #expect(try convert() == "测试软件\n")
        let cached = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("hanzikit").path)
        #expect(cached.count == 1)
        #expect(try convert() == "测试软件\n")  // now from the cache
        try appendLine("測試\t测验", to: folder.appendingPathComponent("TaiwanTermsToMainland.txt"))
        #expect(try convert() == "测验软件\n")
    }

    private func copyLayeredConfiguration(to folder: URL) throws {
        for name in ["t2s-with-taiwan-terms.json", "TaiwanTermsToMainland.txt"] {
            try FileManager.default.copyItem(
                at: TestSupport.repositoryFile("Dictionaries/\(name)"), to: folder.appendingPathComponent(name))
        }
    }

    private func appendLine(_ line: String, to file: URL) throws {
        var text = try String(contentsOf: file, encoding: .utf8)
        if !text.hasSuffix("\n") { text += "\n" }
        try (text + line + "\n").write(to: file, atomically: false, encoding: .utf8)
    }

    @Test func onlyTheNewestEnginesAreKept() throws {
        let folder = TestSupport.temporaryFolder().path
        let manager = FileManager.default
        // Seventy engines left by edited configurations, written a day apart, and two files that are no engine.
        for index in 0..<70 {
            let path = folder + "/" + String(0xA000 + index, radix: 16) + ".bin"
            try Data([1]).write(to: URL(fileURLWithPath: path))
            try manager.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -86_400 * Double(index + 1))], ofItemAtPath: path)
        }
        let others = [folder + "/lexicon-0123abcd.bin", folder + "/notes.txt"]
        for other in others { try Data([1]).write(to: URL(fileURLWithPath: other)) }
        let key = try #require(CompiledCache.key(configuration: "t2s.json"))
        let texts = try OpenCCDictionaries.loadTexts(configuration: "t2s.json")
        CompiledCache.store(
            ConversionPipeline(segmentation: texts.segmentation, stages: texts.conversionStages), key: key,
            folder: folder)
        let engines = try manager.contentsOfDirectory(atPath: folder).filter(CompiledCache.isEngineFile)
        #expect(engines.count == CompiledCache.enginesKept)
        #expect(engines.contains(CompiledCache.fileName(for: key)), "the engine just stored stays")
        #expect(engines.contains("a000.bin"), "the newest of the old ones stay")
        #expect(!engines.contains(String(0xA000 + 69, radix: 16) + ".bin"), "the oldest goes")
        #expect(others.allSatisfy { manager.fileExists(atPath: $0) })
        #expect(CompiledCache.load(key: key, folder: folder) != nil)
    }
}
