#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that a reader sees either the old content or the new, never a half-written file.
public enum AtomicFile {
    /// Replaces the file at `path` with `bytes`: writes a temporary file in the same folder,
    /// flushes it, gives it the original's mode (and owner, where permitted), then renames it
    /// over the original. A symbolic link is followed, so its target is updated and the link kept.
    /// On any failure the original is untouched and the temporary file removed.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(HanziKitError) {
        let target = resolvedPath(path)
        let folder = target.lastIndex(of: "/").map { String(target[..<$0]) } ?? "."
        let name = target.lastIndex(of: "/").map { String(target[target.index(after: $0)...]) } ?? target
        var template = Array("\(folder.isEmpty ? "/" : folder)/.\(name).hanzi-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw .fileSystem(path: path, reason: "cannot create a temporary file next to it: \(errorText())")
        }
        let temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var committed = false
        defer {
            if !committed { unlink(temporaryPath) }
        }
        do {
            defer { close(descriptor) }
            try fill(descriptor, with: bytes, mirroring: target, path: path)
        }
        guard rename(temporaryPath, target) == 0 else {
            throw .fileSystem(path: path, reason: "cannot replace: \(errorText())")
        }
        committed = true
    }

    /// Writes the bytes, copies the original's mode and owner, and flushes to disk.
    private static func fill(
        _ descriptor: Int32, with bytes: some Collection<UInt8>, mirroring target: String, path: String
    ) throws(HanziKitError) {
        try writeAll(bytes, to: descriptor, path: path)
        try finish(descriptor, mirroring: target, path: path)
    }

    /// Copies the original's mode and owner onto the temporary file and flushes it to disk.
    static func finish(_ descriptor: Int32, mirroring target: String, path: String) throws(HanziKitError) {
        var original = stat()
        if stat(target, &original) == 0 {
            fchmod(descriptor, original.st_mode & 0o7777)
            // Only root can give a file away; for others the owner is already right.
            _ = fchown(descriptor, original.st_uid, original.st_gid)
        } else {
            let mask = umask(0)
            umask(mask)
            fchmod(descriptor, 0o666 & ~mask)
        }
        guard fsync(descriptor) == 0 else {
            throw .fileSystem(path: path, reason: "cannot flush: \(errorText())")
        }
    }

    private static func writeAll(_ bytes: some Collection<UInt8>, to descriptor: Int32, path: String)
        throws(HanziKitError)
    {
        let buffer = Array(bytes)
        var written = 0
        while written < buffer.count {
            let count = buffer.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .fileSystem(path: path, reason: "cannot write: \(errorText())")
            }
            written += count
        }
    }

    static func resolvedPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
