import Foundation
import Testing

/// `--in-place` gives the new file the original's whole mode, setuid and setgid bits included
/// (the owner is set first, since changing it clears them).
@Suite("In-place mode bits")
struct InPlaceModeBitsTests {
    @Test(arguments: [0o4755, 0o2755, 0o6750, 0o1644])
    func specialModeBitsAreKept(_ mode: Int) throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("a.txt")
        try Data("頭髮\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
        let before = try #require(FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int)
        try #require(before == mode, "the file system did not take mode \(String(mode, radix: 8))")
        let result = try TestSupport.hanzi(["convert", "--in-place", "a.txt"], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "头发\n")
        let after = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(after == mode, "mode \(String(after ?? 0, radix: 8)) after, \(String(mode, radix: 8)) before")
    }
}
