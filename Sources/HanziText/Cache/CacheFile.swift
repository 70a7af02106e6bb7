import Foundation
import HanziCacheMapping

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folder HanziKit's caches live in, shared by the compiled conversion engines and the
/// normalization lexicons: `$XDG_CACHE_HOME/hanzikit` (or `~/.cache/hanzikit`);
/// `HANZIKIT_CACHE=off` turns it off.
package enum CacheFolder {
    package static var path: String? {
        let environment = ProcessInfo.processInfo.environment
        if environment["HANZIKIT_CACHE"] == "off" { return nil }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/hanzikit" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.cache/hanzikit"
    }

    /// A file name for `key`: its hash in hexadecimal, then `.bin`.
    package static func fileName(for key: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return String(hash, radix: 16) + ".bin"
    }

    /// Removes the least recently written files of `folder` that `matches` selects, beyond the newest
    /// `count`; failures are ignored, because the cache only saves time.
    package static func removeOldest(in folder: String, keeping count: Int, where matches: (String) -> Bool) {
        let manager = FileManager.default
        let names = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter(matches)
        guard names.count > count else { return }
        let dated = names.map { name in
            let modified = (try? manager.attributesOfItem(atPath: folder + "/" + name)[.modificationDate]) as? Date
            return (name: name, modified: modified ?? .distantPast)
        }
        for old in dated.sorted(by: { $0.modified > $1.modified }).dropFirst(count) {
            try? manager.removeItem(atPath: folder + "/" + old.name)
        }
    }
}

/// Appends values to a byte array, each array aligned to eight bytes so it can be used in place.
package struct CacheWriter {
    package var bytes: [UInt8] = []

    package init() {}

    /// The bytes followed by their checksum, as `MappedFile` verifies them.
    package func sealed() -> [UInt8] {
        var sealed = bytes
        let sum = bytes.withUnsafeBytes { CacheChecksum.of($0) }
        withUnsafeBytes(of: sum.littleEndian) { sealed.append(contentsOf: $0) }
        return sealed
    }

    package mutating func append<Element>(_ buffer: UnsafeBufferPointer<Element>) {
        while bytes.count % 8 != 0 { bytes.append(0) }
        bytes.append(contentsOf: UnsafeRawBufferPointer(buffer))
    }

    package mutating func append<Element>(_ array: [Element]) {
        array.withUnsafeBufferPointer { append($0) }
    }
}

/// Reads what `CacheWriter` wrote, in place, with every length checked against the file's size.
package struct CacheReader {
    package let base: UnsafeRawPointer
    package let count: Int
    package var offset = 0
    /// The mapped file `base` lies in, when tables may be used in place.
    package var file: MappedFile?

    package init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    package mutating func read<Element>(_ type: Element.Type, count elements: Int) -> UnsafeBufferPointer<Element>? {
        offset = (offset + 7) & ~7
        let length = elements * MemoryLayout<Element>.stride
        guard elements >= 0, length <= count - offset else { return nil }
        let start = (base + offset).assumingMemoryBound(to: Element.self)
        offset += length
        return UnsafeBufferPointer(start: start, count: elements)
    }
}

/// A cache file in memory and verified, freed when the last table using it goes.
///
/// Only a regular file owned by the user is used (a FIFO is opened without blocking and refused),
/// and its last eight bytes must be the checksum of the others (`CacheWriter.sealed()`), so a
/// damaged or planted file is never used; `count` leaves the checksum out. A file that exists but
/// is refused is said with `HanziKitNotes` (`--verbose`); the caller then rebuilds.
///
/// The file is mapped under a read lease where the system has them (`HanziCacheMapping`): before
/// anyone may write or truncate it, the mapping becomes a private copy, so its tables never change
/// under the checks made on them and a truncated file cannot end the process with SIGBUS. Where
/// there is no lease (another system, a file system without them, the file open for writing
/// elsewhere) it is read whole, each chunk checksummed while it is still in cache. Reading cost a
/// process most of its start-up: the lexicons and up to four conversion engines are about 40 MB of
/// fresh memory, which a virtual machine hands out slowly; mapped, they are pages already cached.
package final class MappedFile: @unchecked Sendable {
    package let base: UnsafeRawPointer
    package let count: Int
    private let memory: CacheMemory

    package init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno != ENOENT {
                HanziKitNotes.note("cache file \(path) not used: \(String(cString: strerror(errno)))")
            }
            return nil
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            return nil
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            HanziKitNotes.note("cache file \(path) not used: not a regular file")
            return nil
        }
        guard status.st_uid == geteuid() else {
            close(descriptor)
            HanziKitNotes.note("cache file \(path) not used: owned by another user")
            return nil
        }
        let size = Int(status.st_size)
        guard size > 8 else {
            close(descriptor)
            HanziKitNotes.note("cache file \(path) damaged (too short); rebuilding it")
            return nil
        }
        let summed = size - 8
        let memory: CacheMemory
        if let leased = CacheMemory(leasing: descriptor, byteCount: size) {
            // The mapping owns the descriptor now.
            memory = leased
            let bytes = UnsafeRawBufferPointer(start: memory.base, count: size)
            guard
                bytes.loadUnaligned(fromByteOffset: summed, as: UInt64.self).littleEndian
                    == CacheChecksum.of(UnsafeRawBufferPointer(rebasing: bytes[..<summed]))
            else {
                HanziKitNotes.note("cache file \(path) damaged (checksum mismatch); rebuilding it")
                return nil
            }
        } else {
            defer { close(descriptor) }
            guard let fresh = CacheMemory(byteCount: size) else { return nil }
            guard fresh.read(descriptor) else {
                HanziKitNotes.note("cache file \(path) damaged (checksum mismatch); rebuilding it")
                return nil
            }
            memory = fresh
        }
        self.memory = memory
        base = UnsafeRawPointer(memory.base)
        count = summed
    }

    /// Whether the file is still mapped from the disk rather than read or copied (for tests).
    package var isMappedUnderLease: Bool { memory.isLeased && hanzikit_mapping_is_shared(base) != 0 }
}

/// Memory holding a cache file's contents: a mapping of the file under a read lease, or memory
/// taken from the system directly and the file read into it, so that its pages are made in one
/// call rather than faulted in one by one (huge pages were tried: on a virtual machine that hands
/// free memory back to its host, a fresh huge page cost up to a hundred times the reading).
private final class CacheMemory {
    let base: UnsafeMutableRawPointer
    private let length: Int
    let isLeased: Bool

    /// The file at `descriptor` mapped under a lease, which then owns the descriptor; nil (the
    /// descriptor still the caller's) when no lease can be had.
    init?(leasing descriptor: Int32, byteCount: Int) {
        guard let mapping = hanzikit_map_leased(descriptor, byteCount) else { return nil }
        base = UnsafeMutableRawPointer(mutating: mapping)
        length = byteCount
        isLeased = true
    }

    /// Fresh memory for `size` bytes, its pages made in one call.
    init?(byteCount size: Int) {
        #if os(Linux)
            let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE
        #else
            let flags = MAP_PRIVATE | MAP_ANONYMOUS
        #endif
        guard let mapping = mmap(nil, size, PROT_READ | PROT_WRITE, flags, -1, 0), mapping != MAP_FAILED
        else { return nil }
        base = mapping
        length = size
        isLeased = false
    }

    /// Reads the file at `descriptor` into the memory, each megabyte checksummed as soon as it is
    /// read, while it is still in cache; false when it is short or its checksum does not match.
    func read(_ descriptor: Int32) -> Bool {
        // The checksum covers all but the last eight bytes; its whole blocks are summed chunk by chunk.
        let size = length
        let summed = size - 8
        let chunk = 1 << 20
        var checksum = CacheChecksum()
        var filled = 0
        while filled < size {
            let read = pread(descriptor, base + filled, min(chunk, size - filled), off_t(filled))
            if read < 0 && errno == EINTR { continue }
            if read <= 0 { break }
            filled += read
            let blocks = min(filled, summed) & ~(CacheChecksum.blockSize - 1)
            if blocks > checksum.count {
                checksum.add(UnsafeRawBufferPointer(start: base + checksum.count, count: blocks - checksum.count))
            }
        }
        let stored = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: max(filled - 8, 0), as: UInt64.self))
        return filled == size
            && stored
                == checksum.finish(UnsafeRawBufferPointer(start: base + checksum.count, count: summed - checksum.count))
    }

    deinit {
        if isLeased {
            hanzikit_unmap_leased(base)
        } else {
            munmap(base, length)
        }
    }
}

/// A 64-bit checksum of a cache file: eight lanes, each taking every eighth word with an xor and
/// a multiplication by an odd constant (both bijective), so any change within one lane's words
/// always changes the sum and other changes do with probability 1 - 2^-64. Eight lanes keep
/// eight multiplications in flight: with four, the chain of each lane held the sum to half the
/// speed at which memory delivers a mapped file. It can be taken in pieces: whole blocks with
/// `add`, then the rest with `finish`.
package struct CacheChecksum {
    /// The bytes `add` takes at a time: one word for each lane.
    package static let blockSize = 64
    private static let prime: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var lanes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4, 5, 6, 7, 8)
    /// The bytes summed so far.
    package private(set) var count = 0

    package init() {}

    package static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        CacheChecksum().finish(bytes)
    }

    @inline(__always)
    private static func mix(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (lane ^ word) &* prime
        return mixed ^ (mixed >> 29)
    }

    /// Sums `bytes`, a whole number of blocks.
    package mutating func add(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count % Self.blockSize == 0, "a checksum takes whole blocks before the end")
        guard let base = bytes.baseAddress else { return }
        @inline(__always) func word(_ at: Int) -> UInt64 {
            UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        var lanes = self.lanes
        var offset = 0
        let end = bytes.count
        while offset < end {
            lanes.0 = Self.mix(lanes.0, word(offset))
            lanes.1 = Self.mix(lanes.1, word(offset + 8))
            lanes.2 = Self.mix(lanes.2, word(offset + 16))
            lanes.3 = Self.mix(lanes.3, word(offset + 24))
            lanes.4 = Self.mix(lanes.4, word(offset + 32))
            lanes.5 = Self.mix(lanes.5, word(offset + 40))
            lanes.6 = Self.mix(lanes.6, word(offset + 48))
            lanes.7 = Self.mix(lanes.7, word(offset + 56))
            offset += 64
        }
        self.lanes = lanes
        count += bytes.count
    }

    /// The sum of everything added and then `rest`.
    package func finish(_ rest: UnsafeRawBufferPointer) -> UInt64 {
        var whole = self
        let blocks = rest.count & ~(Self.blockSize - 1)
        whole.add(UnsafeRawBufferPointer(rebasing: rest[..<blocks]))
        var lanes = whole.lanes
        var offset = blocks
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < rest.count {
            tail |= UInt64(rest[offset]) << shift
            shift += 8
            if shift == 64 {
                lanes.0 = Self.mix(lanes.0, tail)
                tail = 0
                shift = 0
            }
            offset += 1
        }
        lanes.1 = Self.mix(lanes.1, tail)
        var sum = UInt64(count + rest.count)
        for lane in [lanes.0, lanes.1, lanes.2, lanes.3, lanes.4, lanes.5, lanes.6, lanes.7] {
            sum = Self.mix(sum, lane)
        }
        sum = Self.mix(sum, sum >> 32)
        return sum
    }
}
