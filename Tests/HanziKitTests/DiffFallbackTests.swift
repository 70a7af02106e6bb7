import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// A region with no unique line and more edits than Myers' budget is split at runs both sides
/// share (histogram alignment) instead of being reported changed whole.
@Suite("Diff without unique lines")
struct DiffFallbackTests {
    /// 20,000 lines drawn from 20 (none unique), and a copy with `edits` of them replaced by
    /// another of the 20: far more edits than Myers' budget of 2,000 edits allows.
    static func repetitiveTexts(edits: Int) -> (old: [String], new: [String]) {
        var random = SeededRandom(seed: 8)
        let values = (0..<20).map { "第\($0)行，重複的內容。" }
        let old = (0..<20_000).map { _ in values[Int.random(in: 0..<20, using: &random)] }
        var new = old
        for index in (0..<old.count).shuffled(using: &random).prefix(edits) {
            new[index] = values.filter { $0 != old[index] }.randomElement(using: &random)!
        }
        return (old, new)
    }

    @Test func anAlignmentOverMyersBudgetStillFindsTheUnchangedLines() {
        let (old, new) = Self.repetitiveTexts(edits: 1_500)
        let values = Array(Set(old + new))
        let oldIDs = old.map { values.firstIndex(of: $0)! }
        let newIDs = new.map { values.firstIndex(of: $0)! }
        #expect(SequenceAlignment.myersMatches(oldIDs, 0..<oldIDs.count, newIDs, 0..<newIDs.count) == nil)
        let matches = SequenceAlignment.patienceMatches(oldIDs, newIDs)
        #expect(DiffAlignmentTests.isValid(matches, oldIDs, newIDs))
        // 18,500 lines are unchanged; replacements that happen to match a neighbour may add a few.
        #expect(matches.count >= 18_500, "\(matches.count) lines kept")
    }

    @Test func hanziDiffMarksOnlyTheChangedLinesAndThePatchApplies() throws {
        let patchTool = URL(fileURLWithPath: "/usr/bin/patch")
        try #require(FileManager.default.isExecutableFile(atPath: patchTool.path), "patch is not installed")
        let (old, new) = Self.repetitiveTexts(edits: 1_500)
        let folder = TestSupport.temporaryFolder()
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let oldData = Data((old.joined(separator: "\n") + "\n").utf8)
        let newData = Data((new.joined(separator: "\n") + "\n").utf8)
        try oldData.write(to: folder.appendingPathComponent("old.txt"))
        try newData.write(to: folder.appendingPathComponent("new.txt"))
        try oldData.write(to: work.appendingPathComponent("old.txt"))
        let diff = try TestSupport.hanzi(["diff", "--format", "unified", "-U", "0", "old.txt", "new.txt"], in: folder)
        #expect(diff.status == 1, "\(diff.standardError)")
        let removed = diff.output.split(separator: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.count
        // Every one of the 20,000 lines was marked changed before.
        #expect(removed <= 2_000, "\(removed) lines marked removed")
        let patched = try TestSupport.run(patchTool, ["-p0", "-s"], input: diff.standardOutput, in: work)
        #expect(patched.status == 0, "\(patched.standardError)")
        #expect(try Data(contentsOf: work.appendingPathComponent("old.txt")) == newData)
    }
}
