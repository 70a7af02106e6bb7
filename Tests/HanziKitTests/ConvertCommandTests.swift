import Foundation
import Testing

/// Runs the built `hanzi` binary and checks its output, messages and exit status.
@Suite("hanzi convert and configs")
struct ConvertCommandTests {
    @Test func convertsStandardInputWithTheDefaultConfiguration() throws {
        let result = try TestSupport.hanzi(["convert"], input: Data("頭髮後來乾燥\n".utf8))
        #expect(result.status == 0)
        #expect(result.output == "头发后来干燥\n")
        #expect(result.standardError.isEmpty)
    }

    @Test func dashReadsStandardInputAndConfigOptionIsHonoured() throws {
        let result = try TestSupport.hanzi(["convert", "-c", "s2t", "-"], input: Data("头发皇后".utf8))
        #expect(result.status == 0)
        #expect(result.output == "頭髮皇后")
    }

    @Test func invalidUTF8NamesTheFileAndByteOffset() throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("bad.txt")
        try Data([0xE9, 0xA0, 0xAD, 0x0A, 0x41, 0xE9, 0xA0]).write(to: file)
        let result = try TestSupport.hanzi(["convert", file.path])
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.first == "hanzi: error: \(file.path): invalid UTF-8 at byte offset 5 (line 2, column 2)")
        #expect(lines.dropFirst().first?.contains("--from-encoding") == true)
    }

    @Test func missingFileIsAnOperationalErrorAndOtherFilesStillConvert() throws {
        let folder = TestSupport.temporaryFolder()
        let good = folder.appendingPathComponent("good.txt")
        try Data("後來".utf8).write(to: good)
        let missing = folder.appendingPathComponent("missing.txt").path
        let result = try TestSupport.hanzi(["convert", missing, good.path])
        #expect(result.status == 2)
        #expect(result.output == "后来")
        #expect(result.standardError == "hanzi: error: \(missing): no such file or directory\n")
    }

    @Test func unknownConfigurationIsAnOperationalError() throws {
        let result = try TestSupport.hanzi(["convert", "-c", "x2y"], input: Data("字".utf8))
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("hanzi: error: cannot open OpenCC configuration 'x2y'"))
    }

    @Test func usageErrorsExitWith64() throws {
        #expect(try TestSupport.hanzi(["convert", "--in-place"]).status == 64)
        #expect(try TestSupport.hanzi(["convert", "--no-such-flag"]).status == 64)
        #expect(try TestSupport.hanzi(["convert", "--in-place", "-o", "x", "y"]).status == 64)
    }

    @Test func inPlaceReplacesTheFileAndKeepsItsMode() throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("notes.txt")
        try Data("頭髮\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        let result = try TestSupport.hanzi(["convert", "--in-place", file.path])
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8) == "头发\n")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
    }

    @Test func inPlaceLeavesAnInvalidFileUntouched() throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("bad.txt")
        let original = Data([0xE9, 0xA0, 0xAD, 0xFF])
        try original.write(to: file)
        let result = try TestSupport.hanzi(["convert", "--in-place", file.path])
        #expect(result.status == 2)
        #expect(try Data(contentsOf: file) == original)
    }

    @Test func inPlaceUpdatesASymlinksTargetAndKeepsTheLink() throws {
        let folder = TestSupport.temporaryFolder()
        let target = folder.appendingPathComponent("target.txt")
        let link = folder.appendingPathComponent("link.txt")
        try Data("後來".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        #expect(try TestSupport.hanzi(["convert", "--in-place", link.path]).status == 0)
        #expect(try String(contentsOf: target, encoding: .utf8) == "后来")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
    }

    @Test func outputOptionWritesTheFileAndNothingWhenAnInputFails() throws {
        let folder = TestSupport.temporaryFolder()
        let input = folder.appendingPathComponent("in.txt")
        let output = folder.appendingPathComponent("out.txt")
        try Data("乾燥".utf8).write(to: input)
        #expect(try TestSupport.hanzi(["convert", "-o", output.path, input.path]).status == 0)
        #expect(try String(contentsOf: output, encoding: .utf8) == "干燥")

        try Data("keep me".utf8).write(to: output)
        let missing = folder.appendingPathComponent("missing.txt").path
        #expect(try TestSupport.hanzi(["convert", "-o", output.path, input.path, missing]).status == 2)
        #expect(try String(contentsOf: output, encoding: .utf8) == "keep me")
    }

    @Test func configsListsEveryConfigurationWithItsDescription() throws {
        let result = try TestSupport.hanzi(["configs"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 14)
        #expect(
            lines.contains {
                $0.hasPrefix("t2s ") && $0.contains("Traditional Chinese (OpenCC standard) to Simplified")
            })
        #expect(lines.contains { $0.hasPrefix("s2twp ") && $0.contains("Taiwanese idioms") })
    }

    @Test func versionAndHelp() throws {
        let version = try TestSupport.hanzi(["--version"])
        #expect(version.status == 0)
        #expect(version.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let help = try TestSupport.hanzi(["convert", "--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("Examples:"))
        #expect(help.output.contains("--in-place"))
    }
}

@Suite("hanzi convert on directories")
struct ConvertDirectoryTests {
    @Test func inPlaceWalksADirectoryAndSaysWhatItSkipped() throws {
        let root = TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try Data("頭髮".utf8).write(to: root.appendingPathComponent("docs/a.md"))
        try Data("後來".utf8).write(to: root.appendingPathComponent("docs/b.txt"))
        // A folder stands for its prose files; one of them that holds NUL bytes is binary.
        try Data([0x00, 0x01, 0x02]).write(to: root.appendingPathComponent("docs/blob.md"))
        try Data("頭髮".utf8).write(to: root.appendingPathComponent("docs/code.swift"))
        let result = try TestSupport.hanzi(
            ["convert", "--in-place", "--verbose", "--exclude", "*.txt", root.appendingPathComponent("docs").path])
        #expect(result.status == 0)
        #expect(try String(contentsOf: root.appendingPathComponent("docs/a.md"), encoding: .utf8) == "头发")
        #expect(try String(contentsOf: root.appendingPathComponent("docs/b.txt"), encoding: .utf8) == "後來")
        #expect(result.standardError.contains("skipped \(root.path)/docs/blob.md: binary file"))
        #expect(result.standardError.contains("skipped \(root.path)/docs/code.swift: excluded"))
        #expect(try String(contentsOf: root.appendingPathComponent("docs/code.swift"), encoding: .utf8) == "頭髮")
        #expect(result.standardError.contains("skipped \(root.path)/docs/b.txt: excluded"))
    }
}
