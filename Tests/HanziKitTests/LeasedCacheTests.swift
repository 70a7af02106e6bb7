import Foundation
import Testing

@testable import HanziConversion
@testable import HanziText

/// Cache files are mapped under read leases where the system has them: a process that would write
/// or truncate one waits until the mapping has become a private copy, so tables in use never
/// change under the checks made on them, and a truncated file never ends the process with SIGBUS.
/// Where no lease can be had, the file is read whole.
@Suite("Cache files mapped under leases")
struct LeasedCacheTests {
    /// A stored engine file, and what a `MappedFile` of it holds: its bytes less the checksum.
    static func storedFile() throws -> (path: String, contents: [UInt8]) {
        let (_, _, path) = try TestSupport.storeCompiledT2S()
        return (path, Array(try Data(contentsOf: URL(fileURLWithPath: path)).dropLast(8)))
    }

    static func contents(of file: MappedFile) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: file.base, count: file.count))
    }

    /// Runs `command` with `arguments` in another process, under `timeout`: a writer the lease
    /// kept waiting for good would fail the test rather than stop the run.
    static func runElsewhere(_ command: String, _ arguments: [String]) throws -> Int32 {
        try TestSupport.run(URL(fileURLWithPath: "/usr/bin/timeout"), ["30", command] + arguments).status
    }

    @Test(.requires(.fileLeases))
    func aFileTruncatedByAnotherProcessKeepsItsContentsInUse() throws {
        let (path, stored) = try Self.storedFile()
        let file = try #require(MappedFile(path: path))
        #expect(file.isMappedUnderLease)
        // dd truncates as it opens (O_TRUNC) and waits for the lease to be broken; truncate(1)
        // opens without blocking and is refused while the break is under way.
        #expect(try Self.runElsewhere("/usr/bin/dd", ["if=/dev/null", "of=\(path)"]) == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty, "the other process truncated it")
        #expect(!file.isMappedUnderLease, "the mapping became a private copy first")
        #expect(Self.contents(of: file) == stored)
    }

    @Test(.requires(.fileLeases))
    func aFileOverwrittenInPlaceByAnotherProcessKeepsItsContentsInUse() throws {
        let (path, stored) = try Self.storedFile()
        let file = try #require(MappedFile(path: path))
        #expect(file.isMappedUnderLease)
        // Zeros over 4 KB in the middle, the file's length kept (what a crashed writer might leave).
        let middle = String(stored.count / 2 / 4096)
        let status = try Self.runElsewhere(
            "/usr/bin/dd", ["if=/dev/zero", "of=\(path)", "bs=4096", "count=1", "seek=\(middle)", "conv=notrunc"])
        #expect(status == 0)
        let onDisk = Array(try Data(contentsOf: URL(fileURLWithPath: path)).dropLast(8))
        #expect(onDisk != stored, "the other process overwrote it")
        #expect(!file.isMappedUnderLease)
        #expect(Self.contents(of: file) == stored)
        // The damaged file itself is refused the next time.
        #expect(MappedFile(path: path) == nil)
    }

    @Test(.requires(.fileLeases))
    func aFileTruncatedInThisProcessKeepsItsContentsInUse() throws {
        let (path, stored) = try Self.storedFile()
        let file = try #require(MappedFile(path: path))
        #expect(file.isMappedUnderLease)
        // The lease's watcher runs on a thread of its own, so this thread's truncate waits for it.
        try #require(truncate(path, 0) == 0)
        #expect(Self.contents(of: file) == stored)
    }

    @Test func aFileOpenForWritingElsewhereIsReadNotMapped() throws {
        let (path, stored) = try Self.storedFile()
        let writer = try #require(FileHandle(forWritingAtPath: path))
        defer { try? writer.close() }
        let file = try #require(MappedFile(path: path))
        #expect(!file.isMappedUnderLease, "no read lease while the file is open for writing")
        #expect(Self.contents(of: file) == stored)
    }

    @Test(.requires(.fileLeases))
    func aMappingGoneReleasesItsLease() throws {
        let (path, _) = try Self.storedFile()
        do {
            let file = try #require(MappedFile(path: path))
            #expect(file.isMappedUnderLease)
        }
        // With the lease still held, this open would wait for a break.
        let descriptor = open(path, O_WRONLY | O_NONBLOCK)
        defer { close(descriptor) }
        #expect(descriptor >= 0, "open for writing: \(String(cString: strerror(errno)))")
    }
}
