import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

@Suite("Walking directories")
struct PathWalkerTests {
    /// A folder with text, a binary file, a nested folder and a .gitignore.
    func makeTree(gitRepository: Bool) throws -> URL {
        let root = TestSupport.temporaryFolder()
        let files: [String: Data] = [
            "a.txt": Data("後來".utf8),
            "notes/b.md": Data("頭髮".utf8),
            "notes/deep/c.txt": Data("乾燥".utf8),
            "build/generated.txt": Data("生成".utf8),
            "image.png": Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]),
            "utf16.txt": Data([0xFF, 0xFE, 0x8C, 0x5F, 0x00, 0x00]),
            ".gitignore": Data("build/\n".utf8),
        ]
        for (path, data) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        if gitRepository {
            let git = URL(fileURLWithPath: "/usr/bin/env")
            #expect(try TestSupport.run(git, ["git", "init", "-q", root.path]).status == 0)
        }
        return root
    }

    func relative(_ paths: [String], to root: URL) -> [String] {
        paths.map { String($0.dropFirst(root.path.count + 1)) }
    }

    @Test func gitIgnoredFilesAndBinariesAreSkipped() throws {
        let root = try makeTree(gitRepository: true)
        let result = PathWalker().walk([root.path])
        #expect(
            relative(result.files, to: root) == [".gitignore", "a.txt", "notes/b.md", "notes/deep/c.txt", "utf16.txt"])
        #expect(result.skipped.map(\.reason) == [.binary])
        #expect(relative(result.skipped.map(\.path), to: root) == ["image.png"])
    }

    @Test func withoutGitEveryTextFileIsFound() throws {
        let root = try makeTree(gitRepository: false)
        let result = PathWalker().walk([root.path])
        #expect(relative(result.files, to: root).contains("build/generated.txt"))
    }

    @Test func includeAndExcludeGlobs() throws {
        let root = try makeTree(gitRepository: true)
        let markdown = PathWalker(includeGlobs: ["*.md"]).walk([root.path])
        #expect(relative(markdown.files, to: root) == ["notes/b.md"])
        let withoutNotes = PathWalker(excludeGlobs: ["notes"]).walk([root.path])
        #expect(relative(withoutNotes.files, to: root) == [".gitignore", "a.txt", "utf16.txt"])
        let deepOnly = PathWalker(includeGlobs: ["**/deep/*.txt"]).walk([root.path])
        #expect(relative(deepOnly.files, to: root) == ["notes/deep/c.txt"])
    }

    @Test func explicitFilesAndStandardInputAreKeptAndMissingPathsAreErrors() throws {
        let root = try makeTree(gitRepository: true)
        let ignored = root.appendingPathComponent("build/generated.txt").path
        #expect(PathWalker().walk([ignored, "-"]).files == [ignored, "-"])
        let missing = root.appendingPathComponent("nope").path
        let result = PathWalker().walk([missing, ignored])
        #expect(result.failures == [.fileSystem(path: missing, reason: "no such file or directory")])
        #expect(result.files == [ignored])
    }
}
