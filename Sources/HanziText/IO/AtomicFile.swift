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
        let writer = try Writer(replacing: path, injecting: fault)
        try writer.write(bytes)
        try writer.commit()
    }

    /// Streams a file's new content into a temporary file beside it, with the guarantees of
    /// `write(_:to:)`: `commit()` flushes it and renames it over the original, and a writer
    /// dropped without committing leaves the original untouched and removes the temporary file.
    public final class Writer: ByteSink {
        private let path: String
        private let target: String
        private let original: stat?
        private let temporaryPath: String
        private let descriptor: Int32
        private let fault: InjectedFault?
        private var sink: FileDescriptorSink?
        private var bytesWritten = 0

        /// Creates the temporary file next to `path` (a symbolic link's target, when it is one),
        /// or refuses a read-only or hard-linked file.
        public convenience init(replacing path: String) throws(HanziKitError) {
            try self.init(replacing: path, injecting: nil)
        }

        init(replacing path: String, injecting fault: InjectedFault?) throws(HanziKitError) {
            self.path = path
            self.fault = fault
            let target = AtomicFile.resolvedPath(path)
            self.target = target
            var status = stat()
            original = stat(target, &status) == 0 ? status : nil
            if let original {
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
            self.descriptor = descriptor
            guard descriptor >= 0 else {
                throw .fileSystem(path: path, reason: "cannot create a temporary file next to it: \(errorText())")
            }
            temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            sink = FileDescriptorSink(descriptor: descriptor, name: path)
        }

        deinit {
            if sink != nil { abandon() }
        }

        /// Appends bytes to the temporary file.
        public func write(_ bytes: some Collection<UInt8>) throws(HanziKitError) {
            guard let sink else { throw .fileSystem(path: path, reason: "already committed") }
            if case .write(let limit) = fault, bytesWritten + bytes.count > limit {
                try sink.write(bytes.prefix(max(0, limit - bytesWritten)))
                throw .fileSystem(path: path, reason: "cannot write: injected fault")
            }
            try sink.write(bytes)
            bytesWritten += bytes.count
        }

        /// Gives the temporary file the original's mode and owner, flushes it and renames it over
        /// the original. On failure the original is untouched and the temporary file removed.
        public func commit() throws(HanziKitError) {
            guard sink != nil else { return }
            if let original {
                // Only root can give a file away; for others the owner is already right. The owner
                // goes first: changing it clears the setuid and setgid bits the mode then restores.
                _ = fchown(descriptor, original.st_uid, original.st_gid)
                fchmod(descriptor, original.st_mode & 0o7777)
            } else {
                let mask = umask(0)
                umask(mask)
                fchmod(descriptor, 0o666 & ~mask)
            }
            guard fault != .flush, fsync(descriptor) == 0 else {
                let reason = fault == .flush ? "injected fault" : errorText()
                abandon()
                throw .fileSystem(path: path, reason: "cannot flush: \(reason)")
            }
            close(descriptor)
            guard fault != .rename, rename(temporaryPath, target) == 0 else {
                let reason = fault == .rename ? "injected fault" : errorText()
                sink = nil
                unlink(temporaryPath)
                InterruptCleanup.release()
                throw .fileSystem(path: path, reason: "cannot replace: \(reason)")
            }
            sink = nil
            InterruptCleanup.release()
        }

        private func abandon() {
            sink = nil
            close(descriptor)
            unlink(temporaryPath)
            InterruptCleanup.release()
        }
    }

    static func resolvedPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func errorText() -> String {
        String(cString: strerror(errno))
    }
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
    /// Writers on several threads (a library user's tasks) take turns at the path; the handler
    /// only reads it, as a signal handler may not take a lock.
    static let lock = Locked(())

    static func installOnce() {
        lock.withLock { _ in
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
    }

    /// Runs `create` (which fills in the template) and marks the resulting path for cleanup.
    static func protect(_ template: UnsafeMutableBufferPointer<CChar>, _ create: () -> Int32) -> Int32 {
        let descriptor = create()
        if descriptor >= 0, template.count <= Int(PATH_MAX) {
            lock.withLock { _ in
                pendingPath.update(from: template.baseAddress!, count: template.count)
                isPending = 1
            }
        }
        return descriptor
    }

    static func release() {
        lock.withLock { _ in isPending = 0 }
    }
}
