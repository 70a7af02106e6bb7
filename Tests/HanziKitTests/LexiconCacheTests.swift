import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// The normalization lexicons on disk: read back equal to the built ones, and never trusted when damaged.
@Suite("Lexicon cache", .serialized)
struct LexiconCacheTests {
    /// The lexicons built from OpenCC's data once for the suite (half a second).
    static let built = Result { () throws(HanziKitError) in try NormalizationLexicons.build() }

    /// Stores the built lexicons in a fresh folder: their key, the folder and the file's path.
    func storeBuilt() throws -> (key: String, folder: String, path: String) {
        let key = try #require(LexiconCache.key(for: NormalizationLexicons.self))
        let folder = TestSupport.temporaryFolder().path
        LexiconCache.store(try Self.built.get(), key: key, folder: folder)
        return (key, folder, folder + "/" + LexiconCache.fileName(for: key, of: NormalizationLexicons.self))
    }

    @Test func lexiconsReadBackEqualTheBuiltOnes() throws {
        let (key, folder, _) = try storeBuilt()
        let cached = try #require(LexiconCache.load(NormalizationLexicons.self, key: key, folder: folder))
        // Compared as one value: a failure would otherwise print every table.
        let built = try Self.built.get()
        let equal = cached == built
        #expect(equal)
        // Spot checks that equality compares real content, not two empty lexicons.
        #expect(cached.mixedScript.isAttestedTraditional("皇后".unicodeScalars))
        #expect(cached.mixedScript.characterDefaults["后"] == "後")
        let now = try #require(cached.mojibake.frequent.rank(of: "现在"))
        #expect(cached.mojibake.frequent.simplifiedWords[now - 1] == "现在")
        #expect(cached.gbk.characters[0xAC46] == "現")
        #expect(cached.big5.codes["現"] == 0xB27B)
    }

    @Test func buildingIsDeterministic() throws {
        // The stored bytes, and so every process's lexicon, must not depend on hash order.
        var first = CacheWriter()
        try Self.built.get().write(to: &first)
        var second = CacheWriter()
        try NormalizationLexicons.build().write(to: &second)
        let equal = first.bytes == second.bytes
        #expect(equal)
    }

    @Test func aFileStoredForAnotherKeyIsIgnored() throws {
        let (key, folder, path) = try storeBuilt()
        let other = key + "\nanother OpenCC"
        try FileManager.default.moveItem(
            atPath: path, toPath: folder + "/" + LexiconCache.fileName(for: other, of: NormalizationLexicons.self))
        #expect(
            LexiconCache.load(NormalizationLexicons.self, key: other, folder: folder) == nil,
            "the stored key must match, not just the name")
    }

    @Test(arguments: [0.0, 0.1, 0.5, 0.9, 0.999_999])
    func aTruncatedFileIsIgnored(_ fraction: Double) throws {
        let (key, folder, path) = try storeBuilt()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(Int(Double(bytes.count) * fraction)).write(to: URL(fileURLWithPath: path))
        #expect(LexiconCache.load(NormalizationLexicons.self, key: key, folder: folder) == nil)
    }

    @Test func trailingBytesAreRefused() throws {
        let (key, folder, path) = try storeBuilt()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try (bytes + Data(count: 8)).write(to: URL(fileURLWithPath: path))
        #expect(LexiconCache.load(NormalizationLexicons.self, key: key, folder: folder) == nil)
    }

    @Test func damagedTablesNeverCrashAndOutOfRangeNodesAreRefused() throws {
        let (key, folder, path) = try storeBuilt()
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        // Every 1/16 of the file in turn is overwritten with bytes that make every index far out of range.
        var refused = 0
        for part in 1..<16 {
            var bytes = original
            let start = bytes.count * part / 16
            for index in start..<min(bytes.count, start + 4096) { bytes[index] = 0x7F }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            if LexiconCache.load(NormalizationLexicons.self, key: key, folder: folder) == nil { refused += 1 }
        }
        // Damage inside a flat glyph table can still read as a valid table; inside the tries it must not.
        #expect(refused >= 8)
    }

    @Test func theScriptDetectorReadsBackEqualToTheBuiltOne() throws {
        let key = try #require(LexiconCache.key(for: ScriptDetector.self))
        let folder = TestSupport.temporaryFolder().path
        let built = try ScriptDetector()
        LexiconCache.store(built, key: key, folder: folder)
        let stored = try #require(LexiconCache.load(ScriptDetector.self, key: key, folder: folder))
        #expect(stored == built)
        #expect(stored.detect("這是繁體").script == .traditional)
        #expect(LexiconCache.load(NormalizationLexicons.self, key: key, folder: folder) == nil, "kinds do not mix")
    }

    @Test func onlyTheNewestFilesOfAKindAreKept() throws {
        let folder = TestSupport.temporaryFolder().path
        let detector = try ScriptDetector()
        let manager = FileManager.default
        func path(_ key: String) -> String { folder + "/" + LexiconCache.fileName(for: key, of: ScriptDetector.self) }
        LexiconCache.store(detector, key: "first", folder: folder)
        try manager.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -172_800)], ofItemAtPath: path("first"))
        LexiconCache.store(detector, key: "second", folder: folder)
        try manager.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -86_400)], ofItemAtPath: path("second"))
        // Files of another kind (a lexicon, an engine), however old, are never the detector's to remove.
        let others = [folder + "/lexicon-0123456789abcdef.bin", folder + "/0123456789abcdef.bin"]
        for other in others {
            try Data([1]).write(to: URL(fileURLWithPath: other))
            try manager.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -999_999)], ofItemAtPath: other)
        }
        LexiconCache.store(detector, key: "third", folder: folder)
        #expect(!manager.fileExists(atPath: path("first")), "the oldest file goes")
        #expect(manager.fileExists(atPath: path("second")))
        #expect(manager.fileExists(atPath: path("third")))
        #expect(others.allSatisfy { manager.fileExists(atPath: $0) })
    }
}
