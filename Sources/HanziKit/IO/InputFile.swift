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
}
