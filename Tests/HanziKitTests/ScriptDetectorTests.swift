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
