import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// Golden files, kept in `Golden/` next to this file and reviewed by eye, character by
/// character. They are only rewritten when HANZIKIT_RECORD_GOLDEN=1, and a recording run fails
/// so it is never mistaken for a check.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ output: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["HANZIKIT_RECORD_GOLDEN"] == "1" {
            try Data(output.utf8).write(to: url)
            Issue.record("recorded \(name); review it before committing", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(
            Array(output.utf8) == Array(expected.utf8), "output differs from \(name)", sourceLocation: sourceLocation)
    }
}

/// The golden outputs of `hanzi diff` and the files they compare, in `Golden/Diff`.
enum DiffGolden {
    static let folder = Golden.folder.appendingPathComponent("Diff")

    static func check(_ output: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        try Golden.check(output, against: "Diff/" + name, sourceLocation: sourceLocation)
    }
}

/// Runs the built `hanzi diff` and checks its output, messages and exit status.
@Suite("hanzi diff")
struct DiffCommandTests {
    struct GoldenCase: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var golden: String
        var testDescription: String { "hanzi diff \(arguments.joined(separator: " ")) → \(golden)" }
    }

    static let goldenCases: [GoldenCase] = [
        GoldenCase(arguments: ["old.txt", "new.txt"], golden: "text.txt"),
        GoldenCase(arguments: ["--color", "always", "old.txt", "new.txt"], golden: "text-color.txt"),
        GoldenCase(arguments: ["-U", "0", "old.txt", "new.txt"], golden: "text-U0.txt"),
        GoldenCase(arguments: ["--format", "unified", "old.txt", "new.txt"], golden: "unified.patch"),
        GoldenCase(arguments: ["--format", "json", "-U", "1", "old.txt", "new.txt"], golden: "json.json"),
        GoldenCase(
            arguments: ["--across-scripts", "--ignore-punctuation-width", "old.txt", "new.zh-Hans.txt"],
            golden: "across-scripts.txt"),
    ]

    @Test("Golden outputs", arguments: goldenCases)
    func goldenOutput(_ example: GoldenCase) throws {
        let result = try TestSupport.hanzi(["diff"] + example.arguments, in: DiffGolden.folder)
        #expect(result.status == 1)
        #expect(result.standardError.isEmpty)
        try DiffGolden.check(result.output, against: example.golden)
    }

    @Test func theUnifiedPatchTurnsOldIntoNewWithPatch() throws {
        let patchTool = URL(fileURLWithPath: "/usr/bin/patch")
        try #require(FileManager.default.isExecutableFile(atPath: patchTool.path), "patch is not installed")
        let article = try String(contentsOf: TestSupport.repositoryFile("Samples/article.zh-Hant.txt"), encoding: .utf8)
        var lines = article.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: "2024年5月", with: "2024年6月")
        lines.remove(at: 6)
        lines.insert("新加的一段👨‍👩‍👧，含𠀀字。", at: 10)
        let edited = lines.joined(separator: "\n").dropLast() + "。"  // also drops the final line break
        let pairs = [
            (Data(Self.fixture("old.txt").utf8), Data(Self.fixture("new.txt").utf8)),
            (Data(article.utf8), Data(edited.utf8)),
            (Data("no final line break".utf8), Data("no final line break\n".utf8)),
        ]
        for (old, new) in pairs {
            let folder = TestSupport.temporaryFolder()
            let work = folder.appendingPathComponent("work")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            try old.write(to: folder.appendingPathComponent("old.txt"))
            try new.write(to: folder.appendingPathComponent("new.txt"))
            try old.write(to: work.appendingPathComponent("old.txt"))
            let diff = try TestSupport.hanzi(["diff", "--format", "unified", "old.txt", "new.txt"], in: folder)
            #expect(diff.status == 1)
            // Only old.txt exists where patch runs, so patch -p0 picks it from the --- line.
            let patched = try TestSupport.run(patchTool, ["-p0", "-s"], input: diff.standardOutput, in: work)
            #expect(patched.status == 0, "\(patched.standardError)")
            #expect(try Data(contentsOf: work.appendingPathComponent("old.txt")) == new)
        }
    }

    @Test("Random edits: the unified patch applies with patch at any context", arguments: 0..<24)
    func randomEditsRoundTripThroughPatch(seed: Int) throws {
        let patchTool = URL(fileURLWithPath: "/usr/bin/patch")
        try #require(FileManager.default.isExecutableFile(atPath: patchTool.path), "patch is not installed")
        var random = SeededRandom(seed: UInt64(seed) &+ 1_000)
        let pool = ["頭髮很長", "乾燥", "", "👨‍👩‍👧 家", "𠀀字", "line", "，。", "同一行", "同一行"]
        let old = (0..<Int.random(in: 0...30, using: &random)).map { _ in pool.randomElement(using: &random)! }
        var new = old
        for _ in 0..<Int.random(in: 1...5, using: &random) {
            let index = Int.random(in: 0...new.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0 where index < new.count: new.remove(at: index)
            case 1 where index < new.count: new[index] += pool.randomElement(using: &random)!
            default: new.insert(pool.randomElement(using: &random)!, at: index)
            }
        }
        // Either file may lack its final line break.
        let oldText = old.map { $0 + "\n" }.joined().dropLast(seed % 3 == 0 && !old.isEmpty ? 1 : 0)
        let newText = new.map { $0 + "\n" }.joined().dropLast(seed % 4 == 0 && !new.isEmpty ? 1 : 0)
        let diff = TextDiff(
            old: String(oldText), new: String(newText), options: DiffOptions(contextLines: seed % 4))
        // The text format must render any diff; it is checked by the golden files.
        #expect(TextDiffReporter(usesColor: false).report(diff, oldName: "a", newName: "b").isEmpty == diff.isEmpty)
        guard !diff.isEmpty else { return }
        let folder = TestSupport.temporaryFolder()
        try Data(oldText.utf8).write(to: folder.appendingPathComponent("old.txt"))
        let patch = UnifiedDiffReporter().report(diff, oldName: "old.txt", newName: "new.txt")
        // No fuzz, and patch must not report hunks found at an offset: the line numbers are exact.
        let patched = try TestSupport.run(patchTool, ["-p0", "-F0"], input: Data(patch.utf8), in: folder)
        #expect(patched.status == 0, "\(patched.standardError)\n\(patch)")
        #expect(!patched.output.contains("offset"), "\(patched.output)\n\(patch)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("old.txt")) == Data(newText.utf8), "\(patch)")
    }

    @Test func theUnifiedPatchOfTwoTreesAppliesWithGitApply() throws {
        let git = URL(fileURLWithPath: "/usr/bin/git")
        try #require(FileManager.default.isExecutableFile(atPath: git.path), "git is not installed")
        let folder = TestSupport.temporaryFolder()
        for side in ["a", "b", "work"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(side), withIntermediateDirectories: true)
        }
        try Data(Self.fixture("old.txt").utf8).write(to: folder.appendingPathComponent("a/article.txt"))
        try Data(Self.fixture("new.txt").utf8).write(to: folder.appendingPathComponent("b/article.txt"))
        try Data(Self.fixture("old.txt").utf8).write(to: folder.appendingPathComponent("work/article.txt"))
        let diff = try TestSupport.hanzi(["diff", "--format", "unified", "a/article.txt", "b/article.txt"], in: folder)
        let patchFile = folder.appendingPathComponent("change.patch")
        try diff.standardOutput.write(to: patchFile)
        let applied = try TestSupport.run(git, ["apply", patchFile.path], in: folder.appendingPathComponent("work"))
        #expect(applied.status == 0, "\(applied.standardError)")
        #expect(
            try String(contentsOf: folder.appendingPathComponent("work/article.txt"), encoding: .utf8)
                == Self.fixture("new.txt"))
    }

    @Test func sameFilesExitZeroAndPrintNothing() throws {
        let result = try TestSupport.hanzi(["diff", "old.txt", "old.txt"], in: DiffGolden.folder)
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
    }

    @Test func aTraditionalArticleAndItsSimplifiedConversionAreTheSameAcrossScripts() throws {
        let article = TestSupport.repositoryFile("Samples/article.zh-Hant.txt")
        let simplified = try Converter(.t2s).convert(String(contentsOf: article, encoding: .utf8))
        let plain = try TestSupport.hanzi(["diff", article.path, "-"], input: Data(simplified.utf8))
        #expect(plain.status == 1)
        let folded = try TestSupport.hanzi(
            ["diff", "--across-scripts", article.path, "-"], input: Data(simplified.utf8))
        #expect(folded.status == 0)
        #expect(folded.standardOutput.isEmpty)
        let json = try TestSupport.hanzi(
            ["diff", "--fold", "t2s", "--format", "json", article.path, "-"], input: Data(simplified.utf8))
        #expect(json.status == 0)
        let decoded = try JSONDecoder().decode(TextDiff.self, from: json.standardOutput)
        #expect(decoded.isEmpty)
    }

    @Test func theNormalizedArticleAndItsSimplifiedEditionDifferOnlyWhereOneIsEdited() throws {
        let traditional = TestSupport.repositoryFile("Samples/article.normalized.zh-Hant.txt")
        let simplified = TestSupport.repositoryFile("Samples/article.zh-Hans.txt")
        let same = try TestSupport.hanzi(["diff", "--across-scripts", traditional.path, simplified.path])
        #expect(same.status == 0)
        #expect(same.standardOutput.isEmpty)

        // One sentence of the Simplified edition edited: 他观察到 becomes 据他观察.
        let text = try String(contentsOf: simplified, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "他观察到", with: "据他观察")
        try #require(edited != text)
        let result = try TestSupport.hanzi(
            ["diff", "--across-scripts", "--format", "json", traditional.path, "-"], input: Data(edited.utf8))
        #expect(result.status == 1)
        let diff = try JSONDecoder().decode(TextDiff.self, from: result.standardOutput)
        #expect(diff.changes.map(\.oldText) == ["", "到"])
        #expect(diff.changes.map(\.newText) == ["据", ""])
        // Places worked out from the two originals on their own.
        let traditionalLine = try String(contentsOf: traditional, encoding: .utf8).split(separator: "\n")[4]
        let column = try #require(traditionalLine.firstRange(of: "他觀察到")).lowerBound
        let expectedColumn = traditionalLine.distance(from: traditionalLine.startIndex, to: column) + 1
        #expect(diff.changes.first?.old.start == TextPosition(line: 5, column: expectedColumn))
        let simplifiedLine = edited.split(separator: "\n")[4]
        let newColumn = try #require(simplifiedLine.firstRange(of: "据他观察")).lowerBound
        let expectedNewColumn = simplifiedLine.distance(from: simplifiedLine.startIndex, to: newColumn) + 1
        #expect(diff.changes.first?.new.start == TextPosition(line: 5, column: expectedNewColumn))
        #expect(diff.changes.last?.old.start == TextPosition(line: 5, column: expectedColumn + 3))
    }

    @Test func theJSONDecodesToTheLibrarysDiff() throws {
        let result = try TestSupport.hanzi(["diff", "--format", "json", "old.txt", "new.txt"], in: DiffGolden.folder)
        let decoded = try JSONDecoder().decode(TextDiff.self, from: result.standardOutput)
        let expected = TextDiff(old: Self.fixture("old.txt"), new: Self.fixture("new.txt"))
        #expect(decoded == expected)
        #expect(applyingChanges(of: decoded, to: Self.fixture("old.txt")) == Self.fixture("new.txt"))
    }

    @Test func troubleExitsWithTwoAndNamesTheFileAndPlace() throws {
        let folder = TestSupport.temporaryFolder()
        let bad = folder.appendingPathComponent("bad.txt")
        try Data([0xE9, 0xA0, 0xAD, 0x0A, 0x41, 0xE9, 0xA0]).write(to: bad)
        let good = DiffGolden.folder.appendingPathComponent("old.txt").path
        let invalid = try TestSupport.hanzi(["diff", good, bad.path])
        #expect(invalid.status == 2)
        #expect(invalid.standardOutput.isEmpty)
        #expect(
            invalid.standardError == "hanzi: error: \(bad.path): invalid UTF-8 at byte offset 5 (line 2, column 2)\n")
        let missing = folder.appendingPathComponent("missing.txt").path
        let absent = try TestSupport.hanzi(["diff", missing, good])
        #expect(absent.status == 2)
        #expect(absent.standardError == "hanzi: error: \(missing): no such file\n")
        let unknown = try TestSupport.hanzi(["diff", "--fold", "x2y", good, good])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.hasPrefix("hanzi: error: cannot open OpenCC configuration 'x2y'"))
    }

    @Test(
        "Usage errors exit with 64",
        arguments: [
            ["--across-scripts", "--fold", "t2s", "old.txt", "new.txt"],
            ["-U", "-1", "old.txt", "new.txt"],
            ["--format", "html", "old.txt", "new.txt"],
            ["--color", "sometimes", "old.txt", "new.txt"],
            ["-", "-"],
            ["old.txt"],
        ])
    func usageErrors(_ arguments: [String]) throws {
        let result = try TestSupport.hanzi(["diff"] + arguments, in: DiffGolden.folder)
        #expect(result.status == 64)
        #expect(result.standardOutput.isEmpty)
    }

    @Test func colourFollowsTheTerminalAndNoColor() throws {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "script (util-linux) is not installed")
        let command = "\(TestSupport.hanziExecutable.path) diff old.txt new.txt"
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        // script(1) gives the command a terminal as its standard output.
        let onTerminal = try TestSupport.run(
            script, ["-qec", command, "/dev/null"], in: DiffGolden.folder, environment: environment)
        #expect(onTerminal.output.contains("\u{1B}[31m"))
        environment["NO_COLOR"] = "1"
        let noColor = try TestSupport.run(
            script, ["-qec", command, "/dev/null"], in: DiffGolden.folder, environment: environment)
        #expect(!noColor.output.contains("\u{1B}["))
        #expect(noColor.output.contains("[-能-]{+慧+}"))
        let forced = try TestSupport.run(
            script, ["-qec", command + " --color always", "/dev/null"], in: DiffGolden.folder, environment: environment)
        #expect(forced.output.contains("\u{1B}[32m"))
        let piped = try TestSupport.hanzi(["diff", "old.txt", "new.txt"], in: DiffGolden.folder)
        #expect(!piped.output.contains("\u{1B}["))
    }

    static func fixture(_ name: String) -> String {
        (try? String(contentsOf: DiffGolden.folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }
}
