import Foundation

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

/// A cache file read whole into memory and verified, freed when the last table using it goes.
///
/// Only a regular file owned by the user is read (a FIFO is opened without blocking and refused),
/// and its last eight bytes must be the checksum of the others (`CacheWriter.sealed()`), so a
/// damaged or planted file is never used; `count` leaves the checksum out. The file is read, not
/// mapped: a file truncated while in use would otherwise end the process with SIGBUS. A file that
/// exists but is refused is said with `HanziKitNotes` (`--verbose`); the caller then rebuilds.
package final class MappedFile: @unchecked Sendable {
    package let base: UnsafeRawPointer
    package let count: Int

    package init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno != ENOENT {
                HanziKitNotes.note("cache file \(path) not used: \(String(cString: strerror(errno)))")
            }
            return nil
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        guard status.st_mode & S_IFMT == S_IFREG else {
            HanziKitNotes.note("cache file \(path) not used: not a regular file")
            return nil
        }
        guard status.st_uid == geteuid() else {
            HanziKitNotes.note("cache file \(path) not used: owned by another user")
            return nil
        }
        let size = Int(status.st_size)
        guard size > 8 else {
            HanziKitNotes.note("cache file \(path) damaged (too short); rebuilding it")
            return nil
        }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        var filled = 0
        while filled < size {
            let read = pread(descriptor, buffer + filled, size - filled, off_t(filled))
            if read < 0 && errno == EINTR { continue }
            if read <= 0 { break }
            filled += read
        }
        let stored = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: max(filled - 8, 0), as: UInt64.self))
        guard filled == size, stored == CacheChecksum.of(UnsafeRawBufferPointer(start: buffer, count: size - 8))
        else {
            buffer.deallocate()
            HanziKitNotes.note("cache file \(path) damaged (checksum mismatch); rebuilding it")
            return nil
        }
        base = UnsafeRawPointer(buffer)
        count = size - 8
    }

    deinit {
        UnsafeMutableRawPointer(mutating: base).deallocate()
    }
}

/// A 64-bit checksum of a cache file: four lanes, each taking every fourth word with an xor and
/// a multiplication by an odd constant (both bijective), so any change within one lane's words
/// always changes the sum and other changes do with probability 1 - 2^-64.
package enum CacheChecksum {
    package static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x9E37_79B9_7F4A_7C15
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
        let count = bytes.count
        var offset = 0
        @inline(__always) func word(_ at: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        @inline(__always) func mix(_ lane: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = (lane ^ word) &* prime
            return mixed ^ (mixed >> 29)
        }
        while offset + 32 <= count {
            lanes.0 = mix(lanes.0, word(offset))
            lanes.1 = mix(lanes.1, word(offset + 8))
            lanes.2 = mix(lanes.2, word(offset + 16))
            lanes.3 = mix(lanes.3, word(offset + 24))
            offset += 32
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            if shift == 64 {
                lanes.0 = mix(lanes.0, tail)
                tail = 0
                shift = 0
            }
            offset += 1
        }
        lanes.1 = mix(lanes.1, tail)
        var sum = mix(mix(mix(mix(UInt64(count), lanes.0), lanes.1), lanes.2), lanes.3)
        sum = mix(sum, sum >> 32)
        return sum
    }
}
