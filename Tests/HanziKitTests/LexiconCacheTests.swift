import Foundation
import Testing

@testable import HanziKit

/// The normalization lexicons on disk: read back equal to the built ones, and never trusted when damaged.
@Suite("Lexicon cache", .serialized)
struct LexiconCacheTests {
    /// The lexicons built from OpenCC's data once for the suite (half a second).
    static let built = NormalizationLexicons.build()

    /// Stores the built lexicons in a fresh folder: their key, the folder and the file's path.
    func storeBuilt() throws -> (key: String, folder: String, path: String) {
        let key = try #require(LexiconCache.key())
        let folder = TestSupport.temporaryFolder().path
        LexiconCache.store(Self.built.lexicons, key: key, folder: folder)
        return (key, folder, folder + "/" + LexiconCache.fileName(for: key))
    }

    @Test func lexiconsReadBackEqualTheBuiltOnes() throws {
        #expect(Self.built.complete)
        let (key, folder, _) = try storeBuilt()
        let cached = try #require(LexiconCache.load(key: key, folder: folder))
        // Compared as one value: a failure would otherwise print every table.
        let equal = cached == Self.built.lexicons
        #expect(equal)
        // Spot checks that equality compares real content, not two empty lexicons.
        #expect(cached.mixedScript.isAttestedTraditional("皇后".unicodeScalars))
        #expect(cached.mixedScript.characterDefaults["后"] == "後")
        let now = try #require(cached.mojibake.frequent.rank(of: "现在"))
        #expect(cached.mojibake.frequent.simplifiedWords[now - 1] == "现在")
        #expect(cached.gbk.characters[0xAC46] == "現")
        #expect(cached.big5.codes["現"] == 0xB27B)
    }

    @Test func buildingIsDeterministic() {
        // The stored bytes, and so every process's lexicon, must not depend on hash order.
        var first = CacheWriter()
        Self.built.lexicons.write(to: &first)
        var second = CacheWriter()
        NormalizationLexicons.build().lexicons.write(to: &second)
        let equal = first.bytes == second.bytes
        #expect(equal)
    }

    @Test func aFileStoredForAnotherKeyIsIgnored() throws {
        let (key, folder, path) = try storeBuilt()
        let other = key + "\nanother OpenCC"
        try FileManager.default.moveItem(atPath: path, toPath: folder + "/" + LexiconCache.fileName(for: other))
        #expect(LexiconCache.load(key: other, folder: folder) == nil, "the stored key must match, not just the name")
    }

    @Test(arguments: [0.0, 0.1, 0.5, 0.9, 0.999_999])
    func aTruncatedFileIsIgnored(_ fraction: Double) throws {
        let (key, folder, path) = try storeBuilt()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(Int(Double(bytes.count) * fraction)).write(to: URL(fileURLWithPath: path))
        #expect(LexiconCache.load(key: key, folder: folder) == nil)
    }

    @Test func trailingBytesAreRefused() throws {
        let (key, folder, path) = try storeBuilt()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try (bytes + Data(count: 8)).write(to: URL(fileURLWithPath: path))
        #expect(LexiconCache.load(key: key, folder: folder) == nil)
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
            if LexiconCache.load(key: key, folder: folder) == nil { refused += 1 }
        }
        // Damage inside a flat glyph table can still read as a valid table; inside the tries it must not.
        #expect(refused >= 8)
    }
}
