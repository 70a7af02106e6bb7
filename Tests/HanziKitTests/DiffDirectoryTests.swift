import Foundation
import Testing

/// Runs the built `hanzi diff` on two folders: pairing by relative path, one-sided files, the
/// patch applying with `git apply` and `patch -p1`, JSON, and exit statuses.
@Suite("hanzi diff on folders")
struct DiffDirectoryTests {
    /// The old side: a changed file, an identical one in a subfolder, one that the new side removes.
    static let oldFiles: [String: String] = [
        "changed.txt": "第一行\n第二行\n第三行\n",
        "sub/identical.txt": "頭髮後來乾燥\n",
        "removed.txt": "刪掉的檔案\n沒有換行",
    ]

    /// The new side: the changed file, the identical one, and an added file in the subfolder.
    static let newFiles: [String: String] = [
        "changed.txt": "第一行\n第2行\n第三行\n",
        "sub/identical.txt": "頭髮後來乾燥\n",
        "sub/added.txt": "新增的檔案\n",
    ]

    /// A temporary folder holding `old` and `new` filled with the given files.
    static func makeFolders(old: [String: String] = oldFiles, new: [String: String] = newFiles) throws -> URL {
        let root = TestSupport.temporaryFolder()
        try write(old, into: root.appendingPathComponent("old"))
        try write(new, into: root.appendingPathComponent("new"))
        return root
    }

    static func write(_ files: [String: String], into folder: URL) throws {
        for (relative, text) in files {
            let url = folder.appendingPathComponent(relative)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// Every regular file under `folder`, by relative path, with its text.
    static func contents(of folder: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
        while let relative = enumerator.nextObject() as? String {
            guard !relative.hasPrefix(".git") else { continue }
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            files[relative] = try String(contentsOfFile: path, encoding: .utf8)
        }
        return files
    }

    @Test func theTextFormatNamesEachPairAndEachOneSidedFile() throws {
        let root = try Self.makeFolders()
        let result = try TestSupport.hanzi(["diff", "old", "new"], in: root)
        #expect(result.status == 1)
        #expect(result.standardError.isEmpty)
        #expect(
            result.output == """
                --- old/changed.txt
                +++ new/changed.txt
                @@ -1,3 +1,3 @@
                  第一行
                ~ 第[-二-]{+2+}行
                  第三行
                only in old: removed.txt
                only in new: sub/added.txt

                """)
    }

    struct PatchTool: Sendable, CustomTestStringConvertible {
        var executable: String
        var arguments: [String]
        var testDescription: String { ([executable] + arguments).joined(separator: " ") }
    }

    @Test(
        "The unified output turns OLD into NEW",
        arguments: [
            PatchTool(executable: "/usr/bin/git", arguments: ["apply"]),
            // -E removes the files the patch empties, which is what a deletion against /dev/null means.
            PatchTool(executable: "/usr/bin/patch", arguments: ["-p1", "-E", "--quiet"]),
        ])
    func theUnifiedPatchApplies(_ tool: PatchTool) throws {
        try #require(FileManager.default.isExecutableFile(atPath: tool.executable), "\(tool.executable) is missing")
        let root = try Self.makeFolders()
        let result = try TestSupport.hanzi(["diff", "--format", "unified", "old", "new"], in: root)
        #expect(result.status == 1)
        #expect(result.output.contains("--- a/changed.txt\n+++ b/changed.txt\n"))
        #expect(result.output.contains("--- a/removed.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n"))
        #expect(result.output.contains("--- /dev/null\n+++ b/sub/added.txt\n@@ -0,0 +1 @@\n+新增的檔案\n"))
        #expect(!result.output.contains("identical"))

        let target = root.appendingPathComponent("target")
        try Self.write(Self.oldFiles, into: target)
        let git = URL(fileURLWithPath: "/usr/bin/git")
        if tool.executable.hasSuffix("git") {
            #expect(try TestSupport.run(git, ["init", "--quiet"], in: target).status == 0)
        }
        let applied = try TestSupport.run(
            URL(fileURLWithPath: tool.executable), tool.arguments, input: result.standardOutput, in: target)
        #expect(applied.status == 0, "\(applied.standardError)")
        #expect(try Self.contents(of: target) == Self.newFiles)
    }

    @Test func theJSONFormatIsAnArrayOfTheDifferingPairs() throws {
        let root = try Self.makeFolders()
        let result = try TestSupport.hanzi(["diff", "--format", "json", "old", "new"], in: root)
        #expect(result.status == 1)
        let pairs = try #require(try JSONSerialization.jsonObject(with: result.standardOutput) as? [[String: Any]])
        let names = pairs.map { "\($0["old"] as? String ?? "?") → \($0["new"] as? String ?? "?")" }
        #expect(
            names == [
                "old/changed.txt → new/changed.txt", "old/removed.txt → /dev/null", "/dev/null → new/sub/added.txt",
            ])
        #expect(pairs.allSatisfy { ($0["hunks"] as? [Any])?.count == 1 })
    }

    @Test func identicalFoldersPrintNothingAndExitZero() throws {
        let root = try Self.makeFolders(new: Self.oldFiles)
        for format in ["text", "unified"] {
            let result = try TestSupport.hanzi(["diff", "--format", format, "old", "new"], in: root)
            #expect(result.status == 0)
            #expect(result.output.isEmpty)
        }
        let json = try TestSupport.hanzi(["diff", "--format", "json", "old", "new"], in: root)
        #expect(json.status == 0)
        #expect(json.output == "[]\n")
    }

    @Test func excludedFilesAreNotCompared() throws {
        let root = try Self.makeFolders()
        let result = try TestSupport.hanzi(
            ["diff", "--exclude", "removed.txt", "--exclude", "sub", "old", "new"], in: root)
        #expect(result.status == 1)
        #expect(!result.output.contains("removed.txt"))
        #expect(!result.output.contains("added.txt"))
        #expect(result.output.contains("--- old/changed.txt"))
    }

    @Test func anUnreadableFileIsReportedAndTheOthersAreStillCompared() throws {
        let root = try Self.makeFolders()
        try Data([0x61, 0x0A, 0xFF, 0x62, 0x0A]).write(to: root.appendingPathComponent("new/sub/identical.txt"))
        let result = try TestSupport.hanzi(["diff", "old", "new"], in: root)
        #expect(result.status == 2)
        #expect(result.standardError.contains("new/sub/identical.txt: invalid UTF-8 at byte offset 2"))
        #expect(result.output.contains("--- old/changed.txt"))
        #expect(result.output.contains("only in new: sub/added.txt"))
    }

    @Test func aFileAndAFolderTogetherIsAUsageError() throws {
        let root = try Self.makeFolders()
        for arguments in [["old/changed.txt", "new"], ["old", "new/changed.txt"]] {
            let result = try TestSupport.hanzi(["diff"] + arguments, in: root)
            #expect(result.status == 64)
            #expect(result.standardError.contains("both be files or both be folders"))
            #expect(result.output.isEmpty)
        }
    }
}
