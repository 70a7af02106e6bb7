import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// Legacy files are made with the system's `iconv` tool, independent of the code under test.
@Suite(
    "Legacy encodings",
    .requires(.iconvTool)
)
struct EncodingTests {
    static let article = TestSupport.repositoryFile("Samples/article.zh-Hant.txt")

    static func encodeWithIconv(_ url: URL, to encoding: String) throws -> URL {
        let result = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/iconv"), ["-f", "UTF-8", "-t", encoding, url.path])
        try #require(result.status == 0)
        let encoded = TestSupport.temporaryFolder().appendingPathComponent("article.\(encoding).txt")
        try result.standardOutput.write(to: encoded)
        return encoded
    }

    @Test("The sample article in a legacy encoding is detected and decoded", arguments: ["GB18030", "BIG5"])
    func detectsAndDecodesTheSample(_ iconvName: String) throws {
        let encoded = try Self.encodeWithIconv(Self.article, to: iconvName)
        let decoded = try TextCodec.decode(Array(try Data(contentsOf: encoded)), as: nil)
        #expect(decoded.encoding.rawValue == iconvName.lowercased())
        #expect(decoded.wasDetected)
        #expect(decoded.text == (try String(contentsOf: Self.article, encoding: .utf8)))
    }

    @Test("GB18030 and Big5 files convert to the same result as the UTF-8 file", arguments: ["GB18030", "BIG5"])
    func legacyFileConvertsLikeUTF8(_ iconvName: String) throws {
        let encoded = try Self.encodeWithIconv(Self.article, to: iconvName)
        let fromUTF8 = try TestSupport.hanzi(["convert", Self.article.path])
        let fromLegacy = try TestSupport.hanzi(["convert", "--verbose", encoded.path])
        #expect(fromLegacy.status == 0)
        #expect(fromLegacy.standardOutput == fromUTF8.standardOutput)
        #expect(fromLegacy.standardError.contains("read as \(iconvName.lowercased())"))
        let named = try TestSupport.hanzi(["convert", "--from-encoding", iconvName.lowercased(), encoded.path])
        #expect(named.standardOutput == fromUTF8.standardOutput)
    }

    @Test func inPlaceKeepsTheEncodingAndRefusesWhatItCannotHold() throws {
        let big5 = try Self.encodeWithIconv(Self.article, to: "BIG5")
        let original = try Data(contentsOf: big5)
        // Simplified characters have no Big5 code: the file must stay as it was.
        let refused = try TestSupport.hanzi(["convert", "--in-place", "-c", "t2s", big5.path])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("cannot be written in big5"))
        #expect(refused.standardError.contains("--to-encoding utf-8"))
        #expect(try Data(contentsOf: big5) == original)
        // Taiwan-standard Traditional fits, and is written back as Big5.
        #expect(try TestSupport.hanzi(["convert", "--in-place", "-c", "t2tw", big5.path]).status == 0)
        let back = try TestCodec.decodeBig5(big5)
        #expect(back.contains("OpenAI") && back.contains("領域"))
    }

    @Test func toEncodingWritesTheRequestedEncoding() throws {
        let result = try TestSupport.hanzi(
            ["convert", "-c", "s2t", "--to-encoding", "utf-16le"], input: Data("头发".utf8))
        #expect(result.status == 0)
        #expect(result.standardOutput == "頭髮".data(using: .utf16LittleEndian))
    }

    @Test func byteOrderMarksAreRecognisedAndKeptInPlace() throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("bom.txt")
        try Data([0xEF, 0xBB, 0xBF] + Array("頭髮".utf8)).write(to: file)
        #expect(try TestSupport.hanzi(["convert", "--in-place", file.path]).status == 0)
        #expect(try Data(contentsOf: file) == Data([0xEF, 0xBB, 0xBF] + Array("头发".utf8)))

        let utf16 = Data([0xFF, 0xFE]) + "後來".data(using: .utf16LittleEndian)!
        let decoded = try TextCodec.decode(Array(utf16), as: nil)
        #expect(
            decoded == DecodedText(text: "後來", encoding: .utf16LittleEndian, hadByteOrderMark: true, wasDetected: true))
    }

    @Test func damagedUTF8IsReportedNotReinterpreted() {
        // One truncated sequence: too little evidence for a legacy encoding.
        #expect(throws: HanziKitError.invalidUTF8(byteOffset: 2, line: 1, column: 3)) {
            try TextCodec.decode([0x61, 0x62, 0xE5, 0x90], as: nil)
        }
        var mostlyUTF8 = Array("頭髮後來乾燥，這裡很好。".utf8)
        mostlyUTF8.insert(0xFF, at: 6)
        #expect(throws: HanziKitError.invalidUTF8(byteOffset: 6, line: 1, column: 3)) {
            try TextCodec.decode(mostlyUTF8, as: nil)
        }
    }

    @Test func invalidLegacyBytesNameTheOffset() {
        // 0x81 0x20 is not a GB18030 sequence.
        #expect(throws: HanziKitError.invalidEncoding(encoding: "gb18030", byteOffset: 3)) {
            try TextCodec.decode([0x41, 0xC4, 0xE3, 0x81, 0x20], as: .gb18030)
        }
    }
}

/// Decodes Big5 with iconv(1), so the check does not rely on the decoder under test.
enum TestCodec {
    static func decodeBig5(_ url: URL) throws -> String {
        let result = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/iconv"), ["-f", "BIG5", "-t", "UTF-8", url.path])
        return result.output
    }
}

@Suite("hanzi convert --lossy")
struct LossyConversionTests {
    @Test func invalidSequencesAreReplacedAndReported() throws {
        let file = TestSupport.temporaryFolder().appendingPathComponent("bad.txt")
        // A stray 0xFF inside 頭髮 and a truncated 后 at the end.
        try Data(Array("頭".utf8) + [0xFF] + Array("髮\n後".utf8) + [0xE5, 0x90]).write(to: file)
        let refused = try TestSupport.hanzi(["convert", file.path])
        #expect(refused.status == 2)
        let lossy = try TestSupport.hanzi(["convert", "--lossy", file.path])
        #expect(lossy.status == 0)
        #expect(lossy.output == "头\u{FFFD}发\n后\u{FFFD}")
        #expect(
            lossy.standardError
                == "hanzi: warning: \(file.path): replaced 2 invalid UTF-8 sequences with U+FFFD, the first at byte offset 3 (line 1, column 2)\n"
        )
    }
}

@Suite("hanzi detect and encodings")
struct DetectEncodingTests {
    @Test func detectNamesALegacyEncodingAndWalksFolders() throws {
        let encoded = try EncodingTests.encodeWithIconv(EncodingTests.article, to: "GB18030")
        let result = try TestSupport.hanzi(["detect", encoded.path])
        let utf8 = try TestSupport.hanzi(["detect", EncodingTests.article.path])
        #expect(result.status == 0)
        // The same counts as the UTF-8 file, and the encoding named after them.
        let counts = try #require(utf8.output.split(separator: ": ").last).dropLast()
        #expect(result.output == "\(encoded.path): \(counts), gb18030\n")
        let folder = try TestSupport.hanzi(["detect", TestSupport.repositoryFile("Samples").path])
        #expect(folder.output.contains("article.zh-Hans.txt: simplified"))
    }
}
