import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

@Suite("No data loss when writing in place")
struct AtomicFileTests {
    func makeFile(_ content: String, mode: Int = 0o644) throws -> URL {
        let file = TestSupport.temporaryFolder().appendingPathComponent("file.txt")
        try Data(content.utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
        return file
    }

    func folderListing(_ file: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)
    }

    @Test(
        "An injected failure leaves the original intact and no temporary file",
        arguments: [AtomicFile.InjectedFault.write(afterBytes: 0), .write(afterBytes: 5), .flush, .rename])
    func injectedFault(_ fault: AtomicFile.InjectedFault) throws {
        let file = try makeFile("原來的內容 original content")
        #expect(throws: HanziKitError.self) {
            try AtomicFile.write(Array("新的內容，比原來的長得多 new content".utf8), to: file.path, injecting: fault)
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "原來的內容 original content")
        #expect(try folderListing(file) == ["file.txt"])
    }

    @Test func modeIsKeptAndNewFilesFollowTheUmask() throws {
        let file = try makeFile("old", mode: 0o600)
        try AtomicFile.write(Array("new".utf8), to: file.path)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let fresh = file.deletingLastPathComponent().appendingPathComponent("fresh.txt")
        try AtomicFile.write(Array("x".utf8), to: fresh.path)
        #expect(try String(contentsOf: fresh, encoding: .utf8) == "x")
    }

    @Test func readOnlyFilesAreRefused() throws {
        let file = try makeFile("keep", mode: 0o444)
        #expect(throws: HanziKitError.fileSystem(path: file.path, reason: "is read-only")) {
            try AtomicFile.write(Array("lost".utf8), to: file.path)
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep")
    }

    @Test func hardLinkedFilesAreRefused() throws {
        let file = try makeFile("shared")
        let other = file.deletingLastPathComponent().appendingPathComponent("other.txt")
        try FileManager.default.linkItem(at: file, to: other)
        #expect {
            try AtomicFile.write(Array("changed".utf8), to: file.path)
        } throws: { error in
            guard case .fileSystem(_, let reason)? = error as? HanziKitError else { return false }
            return reason.contains("2 hard links")
        }
        #expect(try String(contentsOf: other, encoding: .utf8) == "shared")
    }

    @Test func aMissingFolderIsAnErrorNamingThePath() {
        let path = "/nonexistent-\(UUID().uuidString)/out.txt"
        #expect {
            try AtomicFile.write(Array("x".utf8), to: path)
        } throws: { error in
            guard case .fileSystem(let named, _)? = error as? HanziKitError else { return false }
            return named == path
        }
    }
}

/// Kills `hanzi convert --in-place` on a large file at moments spread over its run, late ones
/// included so some land during the write: the file must always be either the whole original or
/// the whole conversion. (Injected faults above cover each write step deterministically.)
@Suite("Killed mid-write", .serialized)
struct InterruptedWriteTests {
    static let original: Data = {
        let article = (try? Data(contentsOf: TestSupport.repositoryFile("Samples/article.zh-Hant.txt"))) ?? Data()
        return (0..<1_000).reduce(into: Data()) { data, _ in data += article }
    }()

    static let converted: Data = {
        let text = String(decoding: original, as: UTF8.self)
        return Data(((try? Converter(.t2s))?.convert(text) ?? "").utf8)
    }()

    /// How long one uninterrupted run takes on this machine.
    static let fullRunSeconds: Double = {
        let file = TestSupport.temporaryFolder().appendingPathComponent("large.txt")
        try? original.write(to: file)
        let start = Date()
        _ = try? TestSupport.hanzi(["convert", "--in-place", file.path])
        return Date().timeIntervalSince(start)
    }()

    @Test(
        "SIGKILL, SIGINT and SIGTERM never leave a partial file",
        arguments: [
            (SIGKILL, 0.3), (SIGKILL, 0.8), (SIGKILL, 0.9), (SIGKILL, 0.95), (SIGKILL, 0.99),
            (SIGINT, 0.5), (SIGINT, 0.9), (SIGTERM, 0.95),
        ])
    func interrupted(_ signalNumber: Int32, atFraction fraction: Double) throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("large.txt")
        try Self.original.write(to: file)
        let delay = Self.fullRunSeconds * fraction
        let process = Process()
        process.executableURL = TestSupport.hanziExecutable
        process.arguments = ["convert", "--in-place", "--quiet", file.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, signalNumber)
        process.waitUntilExit()
        let after = try Data(contentsOf: file)
        #expect(after == Self.original || after == Self.converted, "a partial file was left (\(after.count) bytes)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "large.txt" }
        if signalNumber != SIGKILL {
            // A catchable signal removes the temporary file; SIGKILL cannot be caught.
            #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
        }
    }
}
