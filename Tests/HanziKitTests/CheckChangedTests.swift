import Foundation
import Testing

/// `hanzi check --changed` in a temporary git repository.
@Suite("hanzi check --changed")
struct CheckChangedTests {
    func git(_ arguments: [String], in folder: URL) throws {
        let result = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["git", "-C", folder.path, "-c", "user.email=test@example.com", "-c", "user.name=Test"] + arguments)
        try #require(result.status == 0, "git \(arguments.joined(separator: " ")): \(result.standardError)")
    }

    /// A repository whose history holds a defect in `old.txt`; `edited.txt` and `new.txt` change after it.
    func makeRepository() throws -> URL {
        let folder = TestSupport.temporaryFolder()
        try git(["init", "-q"], in: folder)
        try Data("後來,分享。\n".utf8).write(to: folder.appendingPathComponent("old.txt"))
        try Data("後來，乾燥。\n".utf8).write(to: folder.appendingPathComponent("edited.txt"))
        try git(["add", "."], in: folder)
        try git(["commit", "-q", "-m", "history"], in: folder)
        try Data("後來,乾燥。\n".utf8).write(to: folder.appendingPathComponent("edited.txt"))
        try Data("于是,好。\n".utf8).write(to: folder.appendingPathComponent("new.txt"))
        return folder
    }

    @Test func onlyFilesChangedSinceTheRevisionAreChecked() throws {
        let folder = try makeRepository()
        let result = try TestSupport.hanzi(["check", "--changed"], in: folder)
        #expect(result.status == 1)
        let files = Set(result.output.split(separator: "\n").map { $0.split(separator: ":")[0] })
        #expect(files == ["edited.txt", "new.txt"])
        // Without --changed the old defect is reported too.
        let all = try TestSupport.hanzi(["check"], in: folder)
        #expect(all.output.contains("old.txt:1:3:"))
    }

    @Test func aCleanWorkTreePassesAndABadRevisionIsAnOperationalError() throws {
        let folder = try makeRepository()
        try git(["add", "."], in: folder)
        try git(["commit", "-q", "-m", "more"], in: folder)
        #expect(try TestSupport.hanzi(["check", "--changed"], in: folder).status == 0)
        let bad = try TestSupport.hanzi(["check", "--changed", "--base", "no-such-revision"], in: folder)
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("no-such-revision"))
    }
}
