#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that a reader sees either the old content or the new, never a half-written file.
public enum AtomicFile {
    /// A failure a test makes happen at one step of a write.
    enum InjectedFault: Sendable, Equatable {
        case write(afterBytes: Int)
        case flush
        case rename
    }

    /// Replaces the file at `path` with `bytes`: writes a temporary file in the same folder,
    /// flushes it, gives it the original's mode (and owner, where permitted), then renames it
    /// over the original. A symbolic link is followed, so its target is updated and the link kept.
    /// A read-only file, or one with other hard links (which a rename would detach from the new
    /// content), is refused. On any failure the original is untouched and the temporary file
    /// removed; after `removeTemporaryFilesOnInterrupt()`, so does an interrupt during the write.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(HanziKitError) {
        try write(bytes, to: path, injecting: nil)
    }

    /// Makes SIGINT, SIGTERM and SIGHUP remove the temporary file of a write in progress before the
    /// process ends as the signal says. For programs (such as `hanzi`) that own their signal handling.
    public static func removeTemporaryFilesOnInterrupt() {
        InterruptCleanup.installOnce()
    }

    static func write(_ bytes: some Collection<UInt8>, to path: String, injecting fault: InjectedFault?)
        throws(HanziKitError)
    {
        let target = resolvedPath(path)
        var original = stat()
        let exists = stat(target, &original) == 0
        if exists {
            guard original.st_mode & 0o222 != 0 else { throw .fileSystem(path: path, reason: "is read-only") }
            guard original.st_nlink <= 1 else {
                throw .fileSystem(
                    path: path,
                    reason: "has \(original.st_nlink) hard links; replacing it would leave the others unchanged")
            }
        }
        let folder = target.lastIndex(of: "/").map { String(target[..<$0]) } ?? "."
        let name = target.lastIndex(of: "/").map { String(target[target.index(after: $0)...]) } ?? target
        var template = Array("\(folder.isEmpty ? "/" : folder)/.\(name).hanzi-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            InterruptCleanup.protect(buffer) { mkstemp(buffer.baseAddress!) }
        }
        guard descriptor >= 0 else {
            InterruptCleanup.release()
            throw .fileSystem(path: path, reason: "cannot create a temporary file next to it: \(errorText())")
        }
        let temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var committed = false
        defer {
            if !committed { unlink(temporaryPath) }
            InterruptCleanup.release()
        }
        do {
            defer { close(descriptor) }
            try writeAll(bytes, to: descriptor, path: path, injecting: fault)
            if exists {
                fchmod(descriptor, original.st_mode & 0o7777)
                // Only root can give a file away; for others the owner is already right.
                _ = fchown(descriptor, original.st_uid, original.st_gid)
            } else {
                let mask = umask(0)
                umask(mask)
                fchmod(descriptor, 0o666 & ~mask)
            }
            guard fault != .flush, fsync(descriptor) == 0 else {
                throw .fileSystem(
                    path: path, reason: "cannot flush: \(fault == .flush ? "injected fault" : errorText())")
            }
        }
        guard fault != .rename, rename(temporaryPath, target) == 0 else {
            throw .fileSystem(
                path: path, reason: "cannot replace: \(fault == .rename ? "injected fault" : errorText())")
        }
        committed = true
    }

    private static func writeAll(
        _ bytes: some Collection<UInt8>, to descriptor: Int32, path: String, injecting fault: InjectedFault?
    ) throws(HanziKitError) {
        let buffer = Array(bytes)
        var written = 0
        while written < buffer.count {
            var chunk = buffer.count - written
            if case .write(let limit) = fault {
                guard written < limit else { throw .fileSystem(path: path, reason: "cannot write: injected fault") }
                chunk = min(chunk, limit - written)
            }
            let count = buffer.withUnsafeBytes { raw in
                systemWrite(descriptor, raw.baseAddress! + written, chunk)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .fileSystem(path: path, reason: "cannot write: \(errorText())")
            }
            written += count
        }
    }

    private static func resolvedPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

/// `write(2)`, named apart from `AtomicFile.write`.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

/// Removes the temporary file of a write in progress when the process is interrupted.
///
/// Signal handlers may only call async-signal-safe functions, so the path lives in a fixed C
/// buffer that the handler unlinks before re-raising the signal with its default action. One
/// write is protected at a time (the command-line tool writes files one after another).
private enum InterruptCleanup {
    nonisolated(unsafe) static var pendingPath = UnsafeMutablePointer<CChar>.allocate(capacity: Int(PATH_MAX) + 1)
    nonisolated(unsafe) static var isPending: sig_atomic_t = 0
    nonisolated(unsafe) static var installed = false
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    static func installOnce() {
        guard !installed else { return }
        installed = true
        for signalNumber in signals {
            signal(signalNumber) { received in
                if InterruptCleanup.isPending != 0 { unlink(InterruptCleanup.pendingPath) }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    /// Runs `create` (which fills in the template) and marks the resulting path for cleanup.
    static func protect(_ template: UnsafeMutableBufferPointer<CChar>, _ create: () -> Int32) -> Int32 {
        let descriptor = create()
        if descriptor >= 0, template.count <= Int(PATH_MAX) {
            pendingPath.update(from: template.baseAddress!, count: template.count)
            isPending = 1
        }
        return descriptor
    }

    static func release() {
        isPending = 0
    }
}
