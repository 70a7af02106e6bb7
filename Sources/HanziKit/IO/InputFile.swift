import Foundation

/// Reads input files and standard input as bytes, with errors that name the file.
public enum InputFile {
    /// The name used for standard input in messages and on the command line.
    public static let standardInputName = "-"

    /// Reads the whole file at `path`, or standard input when `path` is `-`.
    public static func read(_ path: String) throws(HanziKitError) -> [UInt8] {
        if path == standardInputName {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
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
    static func openForStreaming(_ path: String) throws(HanziKitError) -> Int32 {
        if path == standardInputName { return STDIN_FILENO }
        var status = stat()
        guard stat(path, &status) == 0 else { throw .fileSystem(path: path, reason: "no such file") }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw .fileSystem(path: path, reason: "is a directory") }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw .fileSystem(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        return descriptor
    }

    /// The first `count` bytes of the file at `path` (fewer when it is shorter).
    public static func readPrefix(of path: String, count: Int) throws(HanziKitError) -> [UInt8] {
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
        return ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }
}
