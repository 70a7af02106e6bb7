import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// The compiled trie against a plain reading of OpenCC's group rule, over dictionaries of every
/// size and shape a custom configuration can hold: past 2^20 and 2^21 nodes (where the ids once
/// ran into the link's flag bits and the edge key's parent field), deep chains, wide fan-outs,
/// characters outside the BMP, and several dictionaries whose keys overlap. The tries past a
/// million nodes are `LargeTrieTests`, left out of the sanitizer runs for their time.
@Suite("Trie sizes and shapes")
struct TrieShapeTests {
    /// A dictionary group: each dictionary's keys and values in file order, first one ranking highest.
    struct Group {
        var dictionaries: [[(key: [Unicode.Scalar], value: String)]]

        var lexiconTexts: [[UInt8]] {
            dictionaries.map { entries in
                var text = ""
                for (key, value) in entries { text += String(String.UnicodeScalarView(key)) + "\t" + value + "\n" }
                return Array(text.utf8)
            }
        }

        /// OpenCC's `DictGroup::MatchPrefix` read literally: the first dictionary with any key
        /// prefixing the text wins, with its longest such key; the first line of a key counts.
        func convert(_ text: [Unicode.Scalar]) -> String {
            let tables = dictionaries.map { entries in
                var table: [String: String] = [:]
                for (key, value) in entries where table[String(String.UnicodeScalarView(key))] == nil {
                    table[String(String.UnicodeScalarView(key))] = value
                }
                return (table: table, longest: entries.map(\.key.count).max() ?? 0)
            }
            var output = ""
            var index = 0
            while index < text.count {
                var matched: (length: Int, value: String)?
                for (table, longest) in tables where matched == nil {
                    for length in stride(from: min(longest, text.count - index), through: 1, by: -1) {
                        let key = String(String.UnicodeScalarView(text[index..<index + length]))
                        if let value = table[key] {
                            matched = (length, value)
                            break
                        }
                    }
                }
                if let matched {
                    output += matched.value
                    index += matched.length
                } else {
                    output.unicodeScalars.append(text[index])
                    index += 1
                }
            }
            return output
        }
    }

    enum Shape: String, CaseIterable, CustomTestStringConvertible {
        case tiny, wide, deep, astral, overlapping, past2To20Nodes, past2To21Nodes
        var testDescription: String { rawValue }
        static let small: [Shape] = [.tiny, .wide, .deep, .astral, .overlapping]
    }

    static func scalar(_ random: inout SeededRandom, astral: Bool = false) -> Unicode.Scalar {
        if astral && random.next() % 2 == 0 {
            return Unicode.Scalar(UInt32.random(in: 0x2_0000...0x2_A6DF, using: &random))!
        }
        return Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FFF, using: &random))!
    }

    static func group(_ shape: Shape) -> Group {
        var random = SeededRandom(seed: UInt64(Shape.allCases.firstIndex(of: shape)!))
        func keys(_ count: Int, length: ClosedRange<Int>, astral: Bool = false) -> [(
            key: [Unicode.Scalar], value: String
        )] {
            (0..<count).map { index in
                let key = (0..<Int.random(in: length, using: &random)).map { _ in scalar(&random, astral: astral) }
                return (key, "v\(index)")
            }
        }
        switch shape {
        case .tiny:
            return Group(dictionaries: [[(["甲"], "乙")]])
        case .wide:
            // Few first characters, each with thousands of second ones.
            let firsts = (0..<8).map { _ in scalar(&random) }
            return Group(dictionaries: [
                (0..<20_000).map { index in ([firsts[index % 8], scalar(&random)], "w\(index)") }
                    + keys(500, length: 1...1)
            ])
        case .deep:
            // Long keys that share ever longer prefixes.
            var entries: [(key: [Unicode.Scalar], value: String)] = []
            var chain = (0..<40).map { _ in scalar(&random) }
            for index in 0..<2_000 {
                let length = Int.random(in: 1...chain.count, using: &random)
                entries.append((Array(chain.prefix(length)), "d\(index)"))
                if index % 100 == 99 { chain = (0..<40).map { _ in scalar(&random) } }
            }
            return Group(dictionaries: [entries])
        case .astral:
            return Group(dictionaries: [keys(5_000, length: 1...4, astral: true)])
        case .overlapping:
            let shared = keys(3_000, length: 1...3)
            return Group(dictionaries: [
                Array(shared.prefix(1_000)) + keys(1_000, length: 2...4),
                shared.map { ($0.key, "second-" + $0.value) } + keys(2_000, length: 1...2),
                shared.suffix(500).map { ($0.key + [scalar(&random)], "third-" + $0.value) },
            ])
        case .past2To20Nodes:
            return Group(dictionaries: [keys(280_000, length: 5...5)])
        case .past2To21Nodes:
            return Group(dictionaries: [keys(120_000, length: 2...3), keys(490_000, length: 5...5)])
        }
    }

    /// Text made of the group's keys, their prefixes, keys run together and characters of no key.
    static func text(for group: Group, seed: UInt64) -> [Unicode.Scalar] {
        var random = SeededRandom(seed: seed)
        let keys = group.dictionaries.flatMap { $0.map(\.key) }
        var text: [Unicode.Scalar] = []
        for _ in 0..<4_000 {
            let key = keys[Int.random(in: 0..<keys.count, using: &random)]
            switch random.next() % 4 {
            case 0: text += key.prefix(Int.random(in: 1...key.count, using: &random))
            case 1: text.append(scalar(&random, astral: true))
            default: text += key
            }
        }
        return text
    }

    @Test("The compiled trie and the one read back from the cache match OpenCC's rule", arguments: Shape.small)
    func trieMatchesTheGroupRule(_ shape: Shape) throws {
        try Self.check(shape)
    }

    static func check(_ shape: Shape) throws {
        let group = Self.group(shape)
        let matcher = PrefixMatcher(lexiconTexts: group.lexiconTexts)
        var writer = CacheWriter()
        matcher.write(to: &writer)
        let stored = writer.bytes
        try stored.withUnsafeBytes { raw in
            var reader = CacheReader(base: raw.baseAddress!, count: raw.count)
            let cached = try #require(PrefixMatcher(reading: &reader, mapping: stored as AnyObject))
            for seed in 0..<3 {
                let text = Self.text(for: group, seed: UInt64(seed))
                let expected = group.convert(text)
                let input = Array(String(String.UnicodeScalarView(text)).utf8)
                for trie in [matcher, cached] {
                    var output = ByteBuffer(capacity: 16)
                    defer { output.deallocate() }
                    input.withUnsafeBufferPointer {
                        trie.convertSegment($0.baseAddress!, count: $0.count, into: &output)
                    }
                    // Compared as a Bool, so a failure does not print texts of thousands of characters.
                    let converted = String(decoding: output.bytes, as: UTF8.self)
                    #expect(Bool(converted == expected), "\(shape), text \(seed): differs from the group rule")
                }
            }
        }
        if shape == .past2To20Nodes || shape == .past2To21Nodes {
            #expect(matcher.nodes.count > (shape == .past2To20Nodes ? 1 << 20 : 1 << 21))
        }
    }

}

@Suite("Tries past a million nodes")
struct LargeTrieTests {
    @Test(arguments: [TrieShapeTests.Shape.past2To20Nodes, .past2To21Nodes])
    func trieMatchesTheGroupRule(_ shape: TrieShapeTests.Shape) throws {
        try TrieShapeTests.check(shape)
    }

    @Test func hanziConvertsWithADictionaryOfMoreThanAMillionNodesAsOpenCCDoes() throws {
        let opencc = try #require(TestSupport.openCCExecutable, "the opencc command is missing")
        let group = TrieShapeTests.group(.past2To20Nodes)
        let folder = TestSupport.temporaryFolder()
        try Data(group.lexiconTexts[0]).write(to: folder.appendingPathComponent("big.txt"))
        let config = folder.appendingPathComponent("big.json")
        try Data(
            #"{"name":"big","segmentation":{"type":"mmseg","dict":{"type":"text","file":"big.txt"}},"conversion_chain":[{"dict":{"type":"text","file":"big.txt"}}]}"#
                .utf8
        ).write(to: config)
        let text = TrieShapeTests.text(for: group, seed: 7)
        let input = folder.appendingPathComponent("input.txt")
        try Data((String(String.UnicodeScalarView(text)) + "\n").utf8).write(to: input)
        let reference = try TestSupport.run(opencc, ["-c", config.path, "-i", input.path])
        try #require(reference.status == 0, "\(reference.standardError)")
        let expected = group.convert(text) + "\n"
        #expect(Bool(reference.output == expected), "opencc does not follow the group rule as the test reads it")
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = folder.appendingPathComponent("cache").path
        // Compiled, then read back from the cache the first run stored.
        for run in ["compiled", "cached"] {
            let result = try TestSupport.run(
                TestSupport.hanziExecutable, ["convert", "-c", config.path, input.path], environment: environment)
            #expect(result.status == 0, "\(run): \(result.standardError)")
            let firstDifference = zip(result.output.unicodeScalars, reference.output.unicodeScalars)
                .prefix { $0 == $1 }.count
            #expect(
                Bool(result.output == reference.output), "\(run): differs from opencc from scalar \(firstDifference) on"
            )
        }
    }
}

/// Custom dictionaries the `dictionary` and `cache` fuzz targets found HanziKit's engine getting
/// wrong, run through the `hanzi` binary against the `opencc` command.
@Suite("Custom dictionaries found by fuzzing")
struct FuzzedDictionaryTests {
    /// A folder with `d.txt` holding `dictionary`, and a configuration whose segmentation and only
    /// stage are that dictionary (so the engine's fused first stage has nothing left: an empty table).
    static func configuration(_ dictionary: String) throws -> (folder: URL, config: URL) {
        let folder = TestSupport.temporaryFolder()
        try Data(dictionary.utf8).write(to: folder.appendingPathComponent("d.txt"))
        let config = folder.appendingPathComponent("d.json")
        try Data(
            #"{"name":"d","segmentation":{"type":"mmseg","dict":{"type":"text","file":"d.txt"}},"conversion_chain":[{"dict":{"type":"text","file":"d.txt"}}]}"#
                .utf8
        ).write(to: config)
        return (folder, config)
    }

    static func hanzi(_ arguments: [String], input: String, cache: URL, heapFilling: Int? = nil) throws
        -> TestSupport.ProcessResult
    {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = cache.path
        if let heapFilling { environment["MALLOC_PERTURB_"] = String(heapFilling) }
        return try TestSupport.run(
            TestSupport.hanziExecutable, arguments, input: Data(input.utf8), environment: environment)
    }

    /// OpenCC separates a key from its values by a tab and values from each other by spaces, so
    /// a value may hold a tab; the engine's dictionary export once put tabs between values too,
    /// and cut such a value at its tab.
    @Test func aValueHoldingATabConvertsAsOpenCCDoes() throws {
        let opencc = try TestSupport.openCC()
        let (folder, config) = try Self.configuration("𠀀𠀁\t𪚥*😀\tＡ 二\n😀\t𠀀𠀀\n")
        let input = "𠀀𠀁😀\n"
        let reference = try TestSupport.run(opencc, ["-c", config.path], input: Data(input.utf8))
        try #require(reference.status == 0, "\(reference.standardError)")
        #expect(reference.output == "𪚥*😀\tＡ𠀀𠀀\n")
        for run in ["compiled", "from the cache"] {
            for engine in ["hanzikit", "opencc"] {
                let result = try Self.hanzi(
                    ["convert", "--engine", engine, "-c", config.path], input: input,
                    cache: folder.appendingPathComponent("cache"))
                #expect(result.status == 0, "\(engine), \(run): \(result.standardError)")
                #expect(result.output == reference.output, "\(engine), \(run)")
            }
        }
    }

    /// An empty table still holds one byte, which once went to the cache file as whatever the
    /// heap held: the same configuration compiled twice stored different bytes. Compiled with the
    /// heap filled two ways, the files must be the same.
    @Test func theSameDictionariesStoreTheSameBytesWhateverTheHeapHeld() throws {
        let (folder, config) = try Self.configuration("頭髮\t头发\n後\t后\n")
        var files: [Data] = []
        for filling in [0x11, 0x77] {
            let cache = folder.appendingPathComponent("cache-\(filling)")
            let result = try Self.hanzi(
                ["convert", "-c", config.path], input: "頭髮以後\n", cache: cache, heapFilling: filling)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.output == "头发以后\n")
            let engines = try FileManager.default.contentsOfDirectory(
                at: cache.appendingPathComponent("hanzikit"), includingPropertiesForKeys: nil)
            try #require(engines.count == 1, "\(engines)")
            files.append(try Data(contentsOf: engines[0]))
        }
        #expect(files[0] == files[1], "the cache files differ")
    }
}
