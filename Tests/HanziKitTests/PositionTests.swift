import Foundation
import Testing

/// One column definition everywhere (`TextPosition`): a line's Unicode scalars, so a combining
/// mark, each scalar of an emoji ZWJ sequence and a CJK Extension B character are a column each.
/// The same spot is reported alike by a finding, an invalid-UTF-8 error and a diff range.
@Suite("One position model")
struct PositionTests {
    /// e + U+0301 (2 scalars, 3 bytes), 👨‍👩‍👧 (5 scalars, 18 bytes), 𠀀 (U+20000, 4 bytes), 中:
    /// 9 scalars and 28 bytes, so what follows is column 10, 28 bytes into the line. As grapheme
    /// clusters it would be column 5.
    static let prefix = "e\u{301}\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{20000}中"

    /// "ok\n" then the prefix: the spot after it is line 2, column 10, byte offset 31.
    static func file(_ spot: [UInt8], byteOrderMark: Bool = false) -> Data {
        Data((byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array("ok\n\(prefix)".utf8) + spot + Array("文\n".utf8))
    }

    @Test("A finding", arguments: [false, true])
    func finding(byteOrderMark: Bool) throws {
        let folder = try TestSupport.folder([:])
        let path = folder.appendingPathComponent("a.txt")
        try Self.file(Array(",".utf8), byteOrderMark: byteOrderMark).write(to: path)
        let text = try TestSupport.hanzi(["check", path.path])
        #expect(text.status == 1)
        #expect(text.output.contains("a.txt:2:10: error: ASCII ','"))
        let json = try TestSupport.hanzi(["check", "--format", "json", path.path])
        let report = try #require(try JSONSerialization.jsonObject(with: json.standardOutput) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        let findings = try #require(files.first?["findings"] as? [[String: Any]])
        let comma = try #require(findings.first { $0["rule"] as? String == "punctuation" })
        #expect(comma["line"] as? Int == 2)
        #expect(comma["column"] as? Int == 10)
        #expect(comma["utf8Offset"] as? Int == 31 + (byteOrderMark ? 3 : 0))
    }

    /// Every reader places invalid UTF-8 alike: streamed (convert in small chunks, so the bad
    /// byte is in a later chunk than the line's start; normalize and check in windows), and read
    /// whole (standard input, diff).
    @Test(
        "An invalid-UTF-8 error",
        arguments: [
            ["convert"], ["convert", "--chunk-size", "7"], ["normalize"], ["check"], ["detect"],
            ["normalize", "--script", "hans"], ["diff", "OTHER"],
        ])
    func invalidUTF8(_ command: [String]) throws {
        let folder = try TestSupport.folder(["other.txt": "ok\n"])
        let path = folder.appendingPathComponent("bad.txt")
        try Self.file([0xFF]).write(to: path)
        let arguments = command.map { $0 == "OTHER" ? folder.appendingPathComponent("other.txt").path : $0 }
        let result = try TestSupport.hanzi(arguments + [path.path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("bad.txt: invalid UTF-8 at byte offset 31 (line 2, column 10)"))
        // Standard input is read differently (whole, not streamed) and placed alike.
        if command.first != "diff" {
            let piped = try TestSupport.hanzi(command, input: Self.file([0xFF]))
            #expect(piped.standardError.contains("<stdin>: invalid UTF-8 at byte offset 31 (line 2, column 10)"))
        }
    }

    @Test("A diff range in JSON")
    func diffRange() throws {
        let folder = try TestSupport.folder([:])
        let old = folder.appendingPathComponent("old.txt")
        let new = folder.appendingPathComponent("new.txt")
        try Self.file(Array(",".utf8)).write(to: old)
        try Self.file(Array("，".utf8)).write(to: new)
        let result = try TestSupport.hanzi(["diff", "--format", "json", old.path, new.path])
        #expect(result.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: result.standardOutput) as? [String: Any])
        let hunks = try #require(report["hunks"] as? [[String: Any]])
        let change = try #require((hunks.first?["changes"] as? [[String: Any]])?.first)
        let oldRange = try #require(change["old"] as? [String: Any])
        let newRange = try #require(change["new"] as? [String: Any])
        for (range, endOffset) in [(oldRange, 32), (newRange, 34)] {
            let start = try #require(range["start"] as? [String: Int])
            let end = try #require(range["end"] as? [String: Int])
            #expect(start == ["line": 2, "column": 10])
            #expect(end == ["line": 2, "column": 11])
            #expect(range["startUTF8Offset"] as? Int == 31)
            #expect(range["endUTF8Offset"] as? Int == endOffset)
        }
    }
}
