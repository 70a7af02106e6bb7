import Foundation
import Testing

/// The hooks of .pre-commit-hooks.yaml run by the real pre-commit (from PyPI) on a fixture
/// repository, as a project that adopts them would.
///
/// The hook repository is a snapshot of this package's working tree in
/// `.build/pre-commit-hook-repository`, committed with a fixed author and date, so its revision,
/// and pre-commit's clone of it in `.build/pre-commit-home` with the `hanzi` the hook builds
/// there, are reused until the sources change; the first run builds `hanzi` in release mode
/// (three to four minutes on the shared two-core machine).
@Suite("pre-commit hooks", .serialized)
struct PreCommitTests {
    static let env = URL(fileURLWithPath: "/usr/bin/env")

    static func git(_ arguments: [String], in folder: URL) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = "HanziKit tests"
        environment["GIT_AUTHOR_EMAIL"] = "tests@example.com"
        environment["GIT_COMMITTER_NAME"] = "HanziKit tests"
        environment["GIT_COMMITTER_EMAIL"] = "tests@example.com"
        environment["GIT_AUTHOR_DATE"] = "2026-01-01T00:00:00Z"
        environment["GIT_COMMITTER_DATE"] = "2026-01-01T00:00:00Z"
        let result = try TestSupport.run(env, ["git", "-C", folder.path] + arguments, environment: environment)
        try #require(result.status == 0, "git \(arguments.joined(separator: " ")): \(result.standardError)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A git repository holding this package's files as they are in the working tree (what git
    /// tracks or would track, of what building needs), and its revision.
    static func hookRepository() throws -> (URL, String) {
        // pre-commit keys its clones by the repository's address and revision: the same folder
        // with the same files gives the same revision and reuses the clone that holds the build.
        let folder = TestSupport.repositoryFile(".build/pre-commit-hook-repository")
        let manager = FileManager.default
        try? manager.removeItem(at: folder)
        let listing = try git(
            ["ls-files", "--cached", "--others", "--exclude-standard"], in: TestSupport.repositoryRoot)
        // What building the package needs, so an edit elsewhere (README.md) keeps the revision.
        let needed = [
            "Package.swift", ".pre-commit-hooks.yaml", "Scripts/", "Sources/", "Tests/", "Benchmarks/", "Dictionaries/",
        ]
        for path in listing.split(separator: "\n").map(String.init) where needed.contains(where: path.hasPrefix) {
            let source = TestSupport.repositoryFile(path)
            guard manager.fileExists(atPath: source.path) else { continue }  // deleted, not yet committed
            let target = folder.appendingPathComponent(path)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.copyItem(at: source, to: target)
        }
        _ = try git(["init", "-q"], in: folder)
        _ = try git(["add", "."], in: folder)
        _ = try git(["commit", "-q", "-m", "snapshot"], in: folder)
        return (folder, try git(["rev-parse", "HEAD"], in: folder))
    }

    @Test("pre-commit fixes Markdown, leaves Python and ignored files alone, then passes")
    func runAllFiles() throws {
        let (hooks, revision) = try Self.hookRepository()
        let project = TestSupport.temporaryFolder()
        let files = [
            ".pre-commit-config.yaml": """
            repos:
              - repo: \(hooks.path)
                rev: \(revision)
                hooks:
                  - id: hanzi-normalize
                  - id: hanzi-check
            """,
            ".hanzi.yml": "ignore:\n  - vendor\n",
            "hello.py": "print(\"你好,世界\")\n",
            "config.yaml": "greeting: 你好,世界\n",
            "README.md": "# 說明\n\n你好,世界\n",
            "vendor/notes.md": "中,文\n",
        ]
        for (name, text) in files {
            let url = project.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        _ = try Self.git(["init", "-q"], in: project)
        _ = try Self.git(["add", "."], in: project)

        var environment = ProcessInfo.processInfo.environment
        environment["PRE_COMMIT_HOME"] = TestSupport.repositoryFile(".build/pre-commit-home").path
        environment["PRE_COMMIT_COLOR"] = "never"
        // Clones of earlier revisions, whose configurations are gone, are removed first.
        _ = try TestSupport.run(Self.env, ["python3", "-m", "pre_commit", "gc"], in: project, environment: environment)
        let first = try TestSupport.run(
            Self.env, ["python3", "-m", "pre_commit", "run", "--all-files"], in: project, environment: environment)
        // The normalize hook changed a file, which pre-commit reports as a failure.
        #expect(first.status == 1, "\(first.output)\(first.standardError)")
        #expect(first.output.contains("files were modified by this hook"), "\(first.output)")
        func read(_ name: String) throws -> String {
            try String(contentsOf: project.appendingPathComponent(name), encoding: .utf8)
        }
        #expect(try read("README.md") == "# 說明\n\n你好，世界\n")
        #expect(try read("hello.py") == "print(\"你好,世界\")\n")
        #expect(try read("config.yaml") == "greeting: 你好,世界\n")
        #expect(try read("vendor/notes.md") == "中,文\n")

        let second = try TestSupport.run(
            Self.env, ["python3", "-m", "pre_commit", "run", "--all-files"], in: project, environment: environment)
        #expect(second.status == 0, "\(second.output)\(second.standardError)")
        #expect(second.output.contains("hanzi check") && second.output.contains("Passed"))
    }
}
