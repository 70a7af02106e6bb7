#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The calls whose spelling differs between the C libraries HanziKit builds on: glibc (Linux) and
/// Darwin's libc (macOS, with Homebrew's OpenCC). Everything else HanziKit asks of the system is
/// POSIX and reads the same on both.
package enum Platform {
    /// `write(2)`: the bytes written, or -1 with `errno` set.
    @inlinable
    package static func write(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, bytes, count)
        #elseif canImport(Musl)
            Musl.write(descriptor, bytes, count)
        #elseif canImport(Darwin)
            Darwin.write(descriptor, bytes, count)
        #endif
    }

    /// `read(2)`: the bytes read, 0 at the end, or -1 with `errno` set.
    @inlinable
    package static func read(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.read(descriptor, bytes, count)
        #elseif canImport(Musl)
            Musl.read(descriptor, bytes, count)
        #elseif canImport(Darwin)
            Darwin.read(descriptor, bytes, count)
        #endif
    }

    /// A file's modification time from `stat(2)`: `st_mtim` on Linux, `st_mtimespec` on Darwin.
    package static func modificationTime(_ status: stat) -> timespec {
        #if canImport(Darwin)
            status.st_mtimespec
        #else
            status.st_mtim
        #endif
    }

    /// The C library's name and version (`glibc 2.41`, or Darwin's kernel release), for cache
    /// keys of tables built with its iconv; empty when unknown.
    package static var cLibraryVersion: String {
        #if canImport(Glibc)
            var version = [CChar](repeating: 0, count: 64)
            guard confstr(Int32(_CS_GNU_LIBC_VERSION), &version, version.count) > 0 else { return "" }
            return String(decoding: version.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
            var names = utsname()
            guard uname(&names) == 0 else { return "" }
            let sysname = withUnsafeBytes(of: names.sysname) { Array($0.prefix { $0 != 0 }) }
            let release = withUnsafeBytes(of: names.release) { Array($0.prefix { $0 != 0 }) }
            return String(decoding: sysname, as: UTF8.self) + " " + String(decoding: release, as: UTF8.self)
        #endif
    }

    /// A path that opens `descriptor`'s file anew: `/proc/self/fd/N` on Linux (a new open file
    /// description, with its own offset); `/dev/fd/N` on Darwin, which duplicates the descriptor
    /// and so shares its offset: whoever opens it seeks to the start first.
    package static func path(reopening descriptor: Int32) -> String {
        #if canImport(Darwin)
            "/dev/fd/\(descriptor)"
        #else
            "/proc/self/fd/\(descriptor)"
        #endif
    }
}
