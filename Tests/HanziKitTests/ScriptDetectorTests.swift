import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

@Suite("Script detection")
struct ScriptDetectorTests {
    @Test(arguments: [
        ("頭髮後來乾燥", DetectedScript.traditional),
        ("头发后来干燥，这个", .simplified),
        ("頭髮和头发", .mixed),
        ("Hello, world", .neither),
        ("", .neither),
    ])
    func detectsTheScript(_ text: String, _ expected: DetectedScript) throws {
        #expect(try ScriptDetector.detect(text).script == expected)
    }

    @Test func charactersValidInBothScriptsAreNotCounted() throws {
        // 后 (皇后), 于, 里 (公里), 干 (干擾), 周, 只 are correct Traditional too: the character
        // table does not count them (what OpenCC's conversions change is counted only when it is weak).
        let detection = try ScriptDetector.shared().detect("皇后于公里干擾周末只能")
        #expect(detection.simplifiedCount == 0)
        #expect(detection.script != .simplified)
        let traditional = try ScriptDetector.detect("皇后在這裡")
        #expect(traditional.script == .traditional)
        #expect(traditional.simplifiedCount == 0)
        #expect(traditional.traditionalCount == 2)  // 這, 裡
    }

    @Test func taiwanAndHongKongFormsAreNotSimplified() throws {
        // s2t writes 祕 and 裏, but 秘 and 裡 are what Taiwan writes.
        let detection = try ScriptDetector.detect("神秘的時間裡")
        #expect(detection.simplifiedCount == 0)
        #expect(detection.script == .traditional)
    }

    @Test func countsEachScriptSpecificCharacter() throws {
        let detection = try ScriptDetector.detect("這個头发，還有這")
        #expect(detection.traditionalCount == 4)  // 這, 個, 還, 這
        #expect(detection.simplifiedCount == 2)  // 头, 发
        #expect(detection.script == .mixed)
        // Too mixed to fix glyphs toward either script.
        #expect(detection.targetScript == nil)
    }

    @Test func aFewStrayGlyphsDoNotMakeADocumentMixed() throws {
        let detection = try ScriptDetector.detect(String(repeating: "這裡說話", count: 10) + "这")
        #expect(detection.script == .traditional)
        #expect(detection.simplifiedCount == 1)
    }

    @Test func sampleArticleIsTraditional() throws {
        let url = TestSupport.repositoryFile("Samples/article.zh-Hant.txt")
        let detection = try ScriptDetector.detect(try String(contentsOf: url, encoding: .utf8))
        #expect(detection.script == .traditional)
        #expect(detection.targetScript == .traditional)
    }

    @Test(arguments: [("hant.txt", Script.traditional), ("hans.txt", .simplified)])
    func corporaAreDetected(_ name: String, _ script: Script) throws {
        let text = try String(contentsOf: try TestSupport.corpusSlice(name, lines: 2_000), encoding: .utf8)
        #expect(try ScriptDetector.detect(text).targetScript == script)
    }
}

/// `detect` reads a file in windows: the counts and the verdict are those of the whole text.
@Suite("Script detection in windows")
struct StreamedScriptDetectionTests {
    static let tinyLayout = SegmentLayout(linesPerSegment: 3, longLineLimit: 2_000, windowSize: 1_001)

    static func write(_ bytes: [UInt8]) throws -> String {
        let url = TestSupport.temporaryFolder().appendingPathComponent("input.txt")
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test(arguments: [
        "頭髮後來乾燥，這個\n", "他是什么人\n", "頭髮和头发\n", "ひらがなと漢字\n", "", "Hello\n",
    ])
    func aFileReadInWindowsIsDecidedAsTheWholeText(_ unit: String) throws {
        let detector = try ScriptDetector.shared()
        let article = try String(
            contentsOf: TestSupport.repositoryFile("Samples/article.zh-Hant.txt"), encoding: .utf8)
        // One copy: few characters, so the conversion count decides; many copies: dozens of windows.
        for text in [unit, String(repeating: unit, count: 400), article + String(repeating: unit, count: 50)] {
            let path = try Self.write(Array(text.utf8))
            let streamed = try detector.decide(file: path, layout: Self.tinyLayout)
            #expect(streamed == (try detector.decide(text)), "\(unit.debugDescription)")
            #expect(streamed == (try detector.decide(file: path)))
        }
    }

    @Test func invalidUTF8InALaterWindowNamesItsAbsolutePlace() throws {
        var bytes = Array(String(repeating: "頭髮後來\n", count: 300).utf8)
        bytes.insert(0xFF, at: 13 * 250 + 3)
        let path = try Self.write(bytes)
        #expect(throws: HanziKitError.invalidUTF8(byteOffset: 13 * 250 + 3, line: 251, column: 2)) {
            _ = try ScriptDetector.shared().decide(file: path, layout: Self.tinyLayout)
        }
        let result = try TestSupport.hanzi(["detect", path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("\(path): invalid UTF-8 at byte offset 3253 (line 251, column 2)"))
    }

    @Test func hanziDetectReadsPipesAndLegacyEncodingsAsBefore() throws {
        let text = String(repeating: "頭髮後來乾燥，這個問題。\n", count: 3)
        let utf8 = try TestSupport.hanzi(["detect", "-v"], input: Data(text.utf8))
        #expect(utf8.status == 0, "\(utf8.standardError)")
        #expect(utf8.output == "<stdin>: traditional (traditional 24, simplified 0)\n")
        #expect(utf8.standardError.contains("<stdin>: read as utf-8"))
        let big5 = try TextCodec.encode(text, as: .big5)
        let legacy = try TestSupport.hanzi(["detect"], input: Data(big5))
        #expect(legacy.status == 0, "\(legacy.standardError)")
        #expect(legacy.output == "<stdin>: traditional (traditional 24, simplified 0), big5\n")
        let path = try Self.write(big5)
        #expect(
            try TestSupport.hanzi(["detect", path]).output
                == "\(path): traditional (traditional 24, simplified 0), big5\n")
    }
}
