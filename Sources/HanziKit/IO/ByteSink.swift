#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Somewhere streamed conversion output goes, chunk by chunk and in order.
public protocol ByteSink: AnyObject {
    /// Appends `bytes`; a failure names the destination.
    func write(_ bytes: some Collection<UInt8>) throws(HanziKitError)
}

/// Writes to an open file descriptor, such as standard output, retrying short writes.
public final class FileDescriptorSink: ByteSink {
    private let descriptor: Int32
    private let name: String

    /// Standard output.
    public static func standardOutput() -> FileDescriptorSink {
        FileDescriptorSink(descriptor: STDOUT_FILENO, name: "<stdout>")
    }

    init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// Writes every byte, or throws naming the destination.
    public func write(_ bytes: some Collection<UInt8>) throws(HanziKitError) {
        let written: Result<Void, HanziKitError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(HanziKitError) in try writeAll(UnsafeRawBufferPointer(buffer)) }
        }
        if let written { return try written.get() }
        let copy = Array(bytes)
        try copy.withUnsafeBytes { buffer in
            Result { () throws(HanziKitError) in try writeAll(buffer) }
        }.get()
    }

    func writeAll(_ buffer: UnsafeRawBufferPointer) throws(HanziKitError) {
        var offset = 0
        while offset < buffer.count {
            let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw .fileSystem(path: name, reason: "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }
}

extension AtomicFile {
    /// Streams a file's new content into a temporary file beside it; `commit()` flushes it and
    /// renames it over the original, and a writer dropped without committing leaves the original
    /// untouched and removes the temporary file.
    public final class Writer: ByteSink {
        private let path: String
        private let target: String
        private let temporaryPath: String
        private var sink: FileDescriptorSink?
        private let descriptor: Int32

        /// Creates the temporary file next to `path` (a symbolic link's target, when it is one).
        public init(replacing path: String) throws(HanziKitError) {
            self.path = path
            let target = AtomicFile.resolvedPath(path)
            self.target = target
            let folder = target.lastIndex(of: "/").map { String(target[..<$0]) } ?? "."
            let name = target.lastIndex(of: "/").map { String(target[target.index(after: $0)...]) } ?? target
            var template = Array("\(folder.isEmpty ? "/" : folder)/.\(name).hanzi-XXXXXX".utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            self.descriptor = descriptor
            guard descriptor >= 0 else {
                throw .fileSystem(
                    path: path, reason: "cannot create a temporary file next to it: \(String(cString: strerror(errno)))"
                )
            }
            temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            sink = FileDescriptorSink(descriptor: descriptor, name: path)
        }

        deinit {
            if sink != nil {
                close(descriptor)
                unlink(temporaryPath)
            }
        }

        /// Appends bytes to the temporary file.
        public func write(_ bytes: some Collection<UInt8>) throws(HanziKitError) {
            guard let sink else { throw .fileSystem(path: path, reason: "already committed") }
            try sink.write(bytes)
        }

        /// Gives the temporary file the original's mode, flushes it and renames it over the original.
        public func commit() throws(HanziKitError) {
            guard sink != nil else { return }
            defer {
                sink = nil
                close(descriptor)
            }
            do throws(HanziKitError) {
                try AtomicFile.finish(descriptor, mirroring: target, path: path)
            } catch {
                unlink(temporaryPath)
                throw error
            }
            guard rename(temporaryPath, target) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporaryPath)
                throw .fileSystem(path: path, reason: "cannot replace: \(reason)")
            }
        }
    }
}
