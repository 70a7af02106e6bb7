import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads input files and standard input as bytes, with errors that name the file.
public enum InputFile {
    /// The name used for standard input in messages and on the command line.
    public static let standardInputName = "-"

    /// Reads the whole file at `path`, or standard input when `path` is `-`.
    public static func read(_ path: String) throws(HanziKitError) -> [UInt8] {
        if path == standardInputName {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        if let spool = try spooled(path) { return try readAll(reopening: spool, path: path) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileSystem(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw .fileSystem(path: path, reason: "is a directory")
        }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .fileSystem(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
    }

    /// A descriptor to stream the file at `path` from (standard input for `-`, which the caller
    /// must not close), or an error naming the file.
    package static func openForStreaming(_ path: String) throws(HanziKitError) -> Int32 {
        if path == standardInputName { return STDIN_FILENO }
        if let spool = try spooled(path) { return try reopen(spool, path: path) }
        var status = stat()
        guard stat(path, &status) == 0 else { throw .fileSystem(path: path, reason: "no such file") }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw .fileSystem(path: path, reason: "is a directory") }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw .fileSystem(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        // Darwin's /dev/fd shares the offset with the spool's descriptor: start from the beginning.
        lseek(descriptor, 0, SEEK_SET)
        return descriptor
    }

    /// The first `count` bytes of the file at `path` (fewer when it is shorter).
    public static func readPrefix(of path: String, count: Int) throws(HanziKitError) -> [UInt8] {
        if let spool = try spooled(path) {
            var prefix = [UInt8](repeating: 0, count: count)
            let read = prefix.withUnsafeMutableBytes { pread(spool, $0.baseAddress, count, 0) }
            guard read >= 0 else {
                throw .fileSystem(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
            }
            return Array(prefix.prefix(read))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw .fileSystem(
                path: path, reason: !exists ? "no such file" : isDirectory.boolValue ? "is a directory" : "cannot read")
        }
        defer { try? handle.close() }
        do {
            return Array(try handle.read(upToCount: count) ?? Data())
        } catch {
            throw .fileSystem(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
    }

    /// The size of the file at `path` in bytes, or 0 when it cannot be known (standard input).
    public static func size(of path: String) -> Int {
        guard path != standardInputName else { return 0 }
        if let spool = spools.withLock({ $0[path] }) {
            var status = stat()
            return fstat(spool, &status) == 0 ? Int(status.st_size) : 0
        }
        return ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }

    // MARK: Inputs that can be read once

    /// Descriptors of the unlinked temporary files that hold inputs which are not regular files.
    private static let spools = Locked<[String: Int32]>([:])

    /// A pipe, `/dev/stdin`, a process substitution (`/dev/fd/63`) or a FIFO can be read only
    /// once, yet a command reads an input more than once (to detect its encoding or script, then
    /// to stream it). The first read copies such an input to an unlinked temporary file (in
    /// `TMPDIR`, so memory stays bounded), and every read of the path reads that copy. Nil for a
    /// regular file or a path that does not exist.
    static func spooled(_ path: String) throws(HanziKitError) -> Int32? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let type = status.st_mode & S_IFMT
        guard type != S_IFREG && type != S_IFDIR else { return nil }
        let result: Result<Int32, HanziKitError> = spools.withLock { spools in
            if let spool = spools[path] { return .success(spool) }
            let source = open(path, O_RDONLY | O_CLOEXEC)
            guard source >= 0 else {
                return .failure(.fileSystem(path: path, reason: "cannot read: \(String(cString: strerror(errno)))"))
            }
            defer { close(source) }
            let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            var template = Array("\(folder)/.hanzi-input-XXXXXX".utf8CString)
            let spool = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard spool >= 0 else {
                return .failure(
                    .fileSystem(path: path, reason: "cannot copy to \(folder): \(String(cString: strerror(errno)))"))
            }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            let sink = FileDescriptorSink(descriptor: spool, name: "a temporary file in \(folder)")
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = buffer.withUnsafeMutableBytes { Platform.read(source, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count < 0 {
                    close(spool)
                    return .failure(.fileSystem(path: path, reason: "cannot read: \(String(cString: strerror(errno)))"))
                }
                if count == 0 { break }
                do throws(HanziKitError) {
                    try sink.write(buffer.prefix(count))
                } catch {
                    close(spool)
                    return .failure(error)
                }
            }
            spools[path] = spool
            return .success(spool)
        }
        return try result.get()
    }

    /// A new descriptor for the spooled copy, with its own offset at the start.
    private static func reopen(_ spool: Int32, path: String) throws(HanziKitError) -> Int32 {
        let descriptor = open(Platform.path(reopening: spool), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .fileSystem(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        return descriptor
    }

    private static func readAll(reopening spool: Int32, path: String) throws(HanziKitError) -> [UInt8] {
        let descriptor = try reopen(spool, path: path)
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + filled, $0.count - filled, off_t(filled))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw .fileSystem(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
            }
            filled += count
        }
        return bytes
    }
}
