import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// Collects streamed output in memory.
final class CollectingSink: ByteSink {
    var bytes: [UInt8] = []

    func write(_ bytes: some Collection<UInt8>) throws(HanziKitError) {
        self.bytes.append(contentsOf: bytes)
    }
}

/// Streaming in chunks, on one thread or several, must give exactly the whole-text conversion.
@Suite("Streaming conversion")
struct StreamingTests {
    static func write(_ bytes: [UInt8]) throws -> URL {
        let url = TestSupport.temporaryFolder().appendingPathComponent("input.txt")
        try Data(bytes).write(to: url)
        return url
    }

    static func stream(_ converter: Converter, _ url: URL, chunkSize: Int, threads: Int) throws -> [UInt8] {
        let sink = CollectingSink()
        try converter.convert(
            file: url.path, to: sink, options: StreamingOptions(chunkSize: chunkSize, threads: threads))
        return sink.bytes
    }

    @Test(
        "Chunked output equals whole-text output",
        arguments: [ConversionConfig.t2s, .s2t, .s2twp, .tw2sp], [1_000, 65_536])
    func chunksEqualWholeText(_ config: ConversionConfig, _ chunkSize: Int) throws {
        let corpus = config.rawValue.hasPrefix("s2") ? "hans.txt" : "hant.txt"
        let url = try TestSupport.corpusSlice(corpus, lines: 2_000)
        let converter = try Converter(config)
        let whole = Array(try converter.convert(utf8: Data(contentsOf: url)).utf8)
        for threads in [1, 2, 3] {
            #expect(try Self.stream(converter, url, chunkSize: chunkSize, threads: threads) == whole)
        }
    }

    /// The proof behind the chunking rule: cutting after any byte no key contains, anywhere,
    /// and converting the two halves separately changes nothing.
    @Test(
        "Cutting after a safe byte never changes the result",
        arguments: [ConversionConfig.t2s, .s2twp, .tw2sp, .t2jp])
    func cuttingAfterASafeByteIsInvisible(_ config: ConversionConfig) throws {
        let corpus = config.rawValue.hasPrefix("s2") ? "hans.txt" : "hant.txt"
        let bytes = Array(try Data(contentsOf: try TestSupport.corpusSlice(corpus, lines: 300)))
        let converter = try Converter(config)
        let safe = converter.backend.safeCutBytes
        #expect(safe[0x0A], "a newline is in no key")
        let whole = Array(try converter.convert(utf8: bytes).utf8)
        var checked = 0
        for cut in stride(from: 1, to: bytes.count, by: 1) where safe[Int(bytes[cut - 1])] && cut % 7 == 0 {
            let halves = try converter.convert(utf8: bytes[..<cut]) + converter.convert(utf8: bytes[cut...])
            #expect(Array(halves.utf8) == whole, "cut at \(cut)")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func phrasesAcrossTheTargetBoundaryStayWhole() throws {
        let converter = try Converter(.t2s)
        // 乾隆 keeps 乾 only as a phrase; with 3-byte chunks the target lands inside it every time.
        let text = Array(String(repeating: "乾隆年間頭髮後來乾燥 ", count: 50).utf8)
        let url = try Self.write(text)
        let whole = Array(try converter.convert(utf8: text).utf8)
        #expect(String(decoding: whole, as: UTF8.self).hasPrefix("乾隆年间头发后来干燥 "))
        for chunkSize in [1, 2, 3, 5, 8, 31, 100] {
            #expect(try Self.stream(converter, url, chunkSize: chunkSize, threads: 2) == whole)
        }
    }

    @Test func textWithoutAnySafeByteIsCutBetweenPhrases() throws {
        let converter = try Converter(.t2s)
        let text = Array(String(repeating: "乾隆年間頭髮後來乾燥", count: 200).utf8)
        let url = try Self.write(text)
        #expect(try Self.stream(converter, url, chunkSize: 16, threads: 2) == Array(converter.convert(utf8: text).utf8))
    }

    /// Corpus text with every ASCII byte taken out: one long line with no safe byte at all. Each
    /// sentence ends with 乾隆年間: 乾隆 is a phrase of TSPhrases, the segmentation of tw2sp, which
    /// matches little else in prose (without a match, a cut past four chunks may change a phrase).
    static func textWithoutSafeBytes(_ config: ConversionConfig, lines: Int) throws -> [UInt8] {
        let corpus = config.rawValue.hasPrefix("s2") ? "hans.txt" : "hant.txt"
        let text = try String(contentsOf: try TestSupport.corpusSlice(corpus, lines: lines), encoding: .utf8)
        return Array(text.replacingOccurrences(of: "。", with: "。乾隆年間").utf8).filter { $0 >= 0x80 }
    }

    /// The proof behind cutting a line with no safe byte: the text before the last segment
    /// boundary of any prefix and the text after it convert, apart, to the whole text's bytes.
    @Test(
        "Cutting at the last segment boundary never changes the result",
        arguments: [ConversionConfig.t2s, .s2t, .s2twp, .tw2sp, .t2jp, .s2hk])
    func cuttingAtASegmentBoundaryIsInvisible(_ config: ConversionConfig) throws {
        let bytes = try Self.textWithoutSafeBytes(config, lines: 400)
        let converter = try Converter(config)
        let pipeline = try #require(converter.backend.pipeline)
        let whole = Array(try converter.convert(utf8: bytes).utf8)
        var cuts = Set<Int>()
        for prefix in stride(from: 1, to: bytes.count, by: max(bytes.count / 500, 1)) {
            let text = Array(bytes[..<prefix])
            guard let cut = text.withUnsafeBufferPointer({ pipeline.lastSegmentBoundary(in: $0) }) else { continue }
            #expect(cut <= prefix && bytes[cut] & 0xC0 != 0x80, "cut at \(cut) inside a character")
            guard cuts.insert(cut).inserted, cut < bytes.count else { continue }
            let halves = try converter.convert(utf8: bytes[..<cut]) + converter.convert(utf8: bytes[cut...])
            #expect(Array(halves.utf8) == whole, "cut at \(cut)")
        }
        #expect(cuts.count > 20, "only \(cuts.count) cuts")
    }

    @Test(
        "A long line without any safe byte streams in small chunks and equals the whole conversion",
        arguments: [ConversionConfig.t2s, .s2twp, .tw2sp])
    func aLongLineWithoutSafeBytesStreamsAsAWhole(_ config: ConversionConfig) throws {
        let bytes = try Self.textWithoutSafeBytes(config, lines: 2_000)
        let url = try Self.write(bytes)
        let converter = try Converter(config)
        let whole = Array(try converter.convert(utf8: bytes).utf8)
        for threads in [1, 2] {
            #expect(try Self.stream(converter, url, chunkSize: 4_096, threads: threads) == whole)
        }
    }

    @Test func emptyAndNULInputsStream() throws {
        let converter = try Converter(.t2s)
        #expect(try Self.stream(converter, try Self.write([]), chunkSize: 4, threads: 2) == [])
        let text = Array("頭髮\u{0}後來\n\u{0}\n".utf8)
        #expect(
            try Self.stream(converter, try Self.write(text), chunkSize: 4, threads: 2)
                == Array("头发\u{0}后来\n\u{0}\n".utf8))
    }

    @Test(arguments: [1, 2])
    func invalidUTF8InALaterChunkReportsItsAbsolutePlace(_ threads: Int) throws {
        let converter = try Converter(.t2s)
        // Line 40 is "頭髮 頭髮 x" then a bad byte: offset counts every byte before it.
        var text = Array(String(repeating: "頭髮後來 乾燥\n", count: 39).utf8)
        text += Array("頭髮 頭髮 x".utf8)
        let offset = text.count
        text += [0xFF] + Array(" 後來\n".utf8)
        let url = try Self.write(text)
        for chunkSize in [7, 64, 1_000_000] {
            #expect(throws: HanziKitError.invalidUTF8(byteOffset: offset, line: 40, column: 8)) {
                _ = try Self.stream(converter, url, chunkSize: chunkSize, threads: threads)
            }
        }
    }

    @Test func invalidUTF8OnALongLineCountsColumnsAcrossChunks() throws {
        let converter = try Converter(.t2s)
        // One line, no newline: chunks end at spaces, so the column carries across them.
        var text = Array(String(repeating: "頭髮 ", count: 100).utf8)
        let offset = text.count
        text += [0xC0, 0x80]
        #expect(throws: HanziKitError.invalidUTF8(byteOffset: offset, line: 1, column: 301)) {
            _ = try Self.stream(converter, try Self.write(text), chunkSize: 10, threads: 2)
        }
    }

    @Test func theOpenCCEngineStreamsToo() throws {
        let text = Array(String(repeating: "乾隆年間頭髮後來乾燥\n", count: 20).utf8)
        let url = try Self.write(text)
        let opencc = try Converter(.t2s, engine: .opencc)
        #expect(
            try Self.stream(opencc, url, chunkSize: 16, threads: 2)
                == Array(try Converter(.t2s).convert(utf8: text).utf8))
    }
}

/// The command line streams and picks an engine.
@Suite("hanzi convert --engine, --threads and chunked input")
struct EngineCommandTests {
    @Test(
        "Every engine and thread count gives opencc's bytes",
        arguments: [ConversionConfig.t2s, .s2twp])
    func enginesAndThreadsAgreeWithOpenCC(_ config: ConversionConfig) throws {
        let corpus = config.rawValue.hasPrefix("s2") ? "hans.txt" : "hant.txt"
        let input = try TestSupport.corpusSlice(corpus, lines: 2_000)
        let oracle = try TestSupport.run(
            try TestSupport.openCC(), ["-c", config.fileName, "-i", input.path])
        for arguments in [
            ["--engine", "opencc"], ["--engine", "hanzikit", "--threads", "1"],
            ["--threads", "2", "--chunk-size", "5000"],
        ] {
            let result = try TestSupport.hanzi(["convert", "-c", config.rawValue] + arguments + [input.path])
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
            #expect(result.standardOutput == oracle.standardOutput, "\(arguments)")
        }
    }

    @Test func inPlaceAndOutputStreamInChunks() throws {
        let folder = TestSupport.temporaryFolder()
        let text = String(repeating: "乾隆年間頭髮後來乾燥\n", count: 500)
        let expected = String(repeating: "乾隆年间头发后来干燥\n", count: 500)
        let file = folder.appendingPathComponent("a.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out.txt")
        let toOutput = try TestSupport.hanzi(["convert", "--chunk-size", "100", "-o", output.path, file.path])
        #expect(toOutput.status == 0)
        #expect(try String(contentsOf: output, encoding: .utf8) == expected)
        let inPlace = try TestSupport.hanzi(["convert", "--chunk-size", "100", "--in-place", file.path])
        #expect(inPlace.status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == expected)
    }

    @Test func badInputLaterInAFileLeavesItUntouchedInPlace() throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("bad.txt")
        var bytes = Array(String(repeating: "頭髮\n", count: 100).utf8)
        bytes += [0xE9, 0x0A]
        try Data(bytes).write(to: file)
        let result = try TestSupport.hanzi(["convert", "--chunk-size", "50", "--in-place", file.path])
        #expect(result.status == 2)
        #expect(
            result.standardError.hasPrefix(
                "hanzi: error: \(file.path): invalid UTF-8 at byte offset 700 (line 101, column 1)\n"))
        #expect(try Data(contentsOf: file) == Data(bytes))
    }

    @Test func unknownEngineAndBadThreadsAreUsageErrors() throws {
        #expect(try TestSupport.hanzi(["convert", "--engine", "fast"], input: Data()).status == 64)
        #expect(try TestSupport.hanzi(["convert", "--threads", "0"], input: Data()).status == 64)
    }
}
