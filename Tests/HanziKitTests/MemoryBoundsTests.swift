import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// The limits that bound memory on any input: `--threads` capped at the core count, `diff`'s
/// size and line limits with a clear error, and no character alignment of lines of megabytes.
@Suite("Memory bounds")
struct MemoryBoundsTests {
    @Test func threadsAreCappedAtTheCoreCount() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(StreamingOptions(threads: 100_000).threads == cores)
        var options = StreamingOptions()
        options.threads = 100_000
        #expect(options.threads == cores)
        options.threads = 0
        #expect(options.threads == 1)
    }

    @Test func hanziConvertWithAHundredThousandThreadsConvertsAsWithOne() throws {
        let input = Data(String(repeating: "頭髮後來乾燥。\n", count: 20_000).utf8)
        let one = try TestSupport.hanzi(["convert", "--threads", "1", "--chunk-size", "4096"], input: input)
        let many = try TestSupport.hanzi(["convert", "--threads", "100000", "--chunk-size", "4096"], input: input)
        #expect(one.status == 0 && many.status == 0, "\(many.standardError)")
        #expect(many.standardOutput == one.standardOutput)
        #expect(one.output.hasPrefix("头发后来干燥。\n"))
    }

    @Test func diffRefusesAFileOverItsSizeLimitBeforeReadingIt() throws {
        let folder = TestSupport.temporaryFolder()
        let big = folder.appendingPathComponent("big.txt")
        // A sparse file: its size is over the limit without writing 65 MB.
        try #require(FileManager.default.createFile(atPath: big.path, contents: nil))
        try #require(truncate(big.path, off_t(DiffDocument.maximumByteCount + 1)) == 0)
        try Data().write(to: folder.appendingPathComponent("empty.txt"))
        let result = try TestSupport.hanzi(["diff", "big.txt", "empty.txt"], in: folder)
        #expect(result.status == 2)
        #expect(
            result.standardError
                == "hanzi: error: big.txt: too large to compare (64 MB; diff compares files up to 64 MB and 1,000,000 lines)\n"
        )
    }

    @Test func diffRefusesAFileOfTooManyLines() throws {
        let folder = TestSupport.temporaryFolder()
        try Data(repeating: UInt8(ascii: "\n"), count: DiffDocument.maximumLineCount + 1)
            .write(to: folder.appendingPathComponent("lines.txt"))
        try Data().write(to: folder.appendingPathComponent("empty.txt"))
        let result = try TestSupport.hanzi(["diff", "empty.txt", "lines.txt"], in: folder)
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("hanzi: error: lines.txt: too many lines to compare (over 1,000,000"))
        // At the limit it compares.
        try Data(repeating: UInt8(ascii: "\n"), count: DiffDocument.maximumLineCount)
            .write(to: folder.appendingPathComponent("lines.txt"))
        let atLimit = try TestSupport.hanzi(["diff", "--format", "json", "empty.txt", "lines.txt"], in: folder)
        #expect(atLimit.status == 1, "\(atLimit.standardError)")
    }

    @Test func aChangedLineOfMegabytesIsReportedWholeAndThePatchApplies() throws {
        let patchTool = URL(fileURLWithPath: "/usr/bin/patch")
        try #require(FileManager.default.isExecutableFile(atPath: patchTool.path), "patch is not installed")
        let folder = TestSupport.temporaryFolder()
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let line = String(repeating: "頭髮後來乾燥", count: 60_000)  // about 1 MB a side
        let old = Data(("前\n" + line + "\n後\n").utf8)
        let new = Data(("前\n" + line + "改\n後\n").utf8)
        try old.write(to: folder.appendingPathComponent("old.txt"))
        try new.write(to: folder.appendingPathComponent("new.txt"))
        try old.write(to: work.appendingPathComponent("old.txt"))
        let json = try TestSupport.hanzi(["diff", "--format", "json", "old.txt", "new.txt"], in: folder)
        #expect(json.status == 1)
        // Whole: the change starts at the line's start (column 1), not at the inserted 改.
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let hunks = try #require(document["hunks"] as? [[String: Any]])
        let change = try #require((hunks.first?["changes"] as? [[String: Any]])?.first)
        let start = try #require((change["old"] as? [String: Any])?["start"] as? [String: Any])
        #expect(start["column"] as? Int == 1, "\(json.output.prefix(400))")
        let diff = try TestSupport.hanzi(["diff", "--format", "unified", "old.txt", "new.txt"], in: folder)
        let patched = try TestSupport.run(patchTool, ["-p0", "-s"], input: diff.standardOutput, in: work)
        #expect(patched.status == 0, "\(patched.standardError)")
        #expect(try Data(contentsOf: work.appendingPathComponent("old.txt")) == new)
    }
}
