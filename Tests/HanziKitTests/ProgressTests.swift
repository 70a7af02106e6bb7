import Foundation
import Testing

@Suite("Progress on standard error")
struct ProgressTests {
    func makeFiles(count: Int) throws -> [String] {
        let folder = TestSupport.temporaryFolder()
        return try (0..<count).map { index in
            let url = folder.appendingPathComponent("file\(index).txt")
            try Data("頭髮後來乾燥\n".utf8).write(to: url)
            return url.path
        }
    }

    @Test func silentWhenStandardErrorIsAPipe() throws {
        let result = try TestSupport.hanzi(["convert", "--in-place"] + makeFiles(count: 3))
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
    }

    @Test(
        "Shown on a terminal, and not with --quiet",
        .requires(.utilLinuxScript)
    )
    func shownOnATerminal() throws {
        let files = try makeFiles(count: 3)
        let command = ([TestSupport.hanziExecutable.path, "convert", "--in-place"] + files).joined(separator: " ")
        let shown = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"])
        #expect(shown.status == 0)
        #expect(shown.output.contains("3/3 files"))
        let quiet = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command + " --quiet", "/dev/null"])
        #expect(!quiet.output.contains("files"))
    }

    @Test(
        "check and normalize show it too",
        .requires(.utilLinuxScript),
        arguments: [["check"], ["normalize", "--in-place"]])
    func checkAndNormalizeShowIt(_ command: [String]) throws {
        let files = try makeFiles(count: 3)
        let line = ([TestSupport.hanziExecutable.path] + command + files).joined(separator: " ")
        let shown = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", line, "/dev/null"])
        #expect(shown.output.contains("3/3 files"))
    }
}
