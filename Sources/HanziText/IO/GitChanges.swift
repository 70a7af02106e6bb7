import Foundation

/// The files a git work tree has changed since a revision, so a project can check only what it
/// touches and adopt HanziKit without fixing its history first.
public enum GitChanges {
    /// Absolute paths of files added, copied, modified or renamed since `revision` (staged or
    /// not), and of untracked files git does not ignore, in the work tree around `directory`.
    public static func changedFiles(since revision: String, in directory: String = ".") throws(HanziKitError)
        -> Set<String>
    {
        let root = try git(["rev-parse", "--show-toplevel"], in: directory)
            .trimmingCharacters(in: .newlines)
        let changed = try git(["diff", "--name-only", "-z", "--diff-filter=ACMR", revision, "--"], in: root)
        let untracked = try git(["ls-files", "--others", "--exclude-standard", "-z"], in: root)
        let relative = (changed + untracked).split(separator: "\0").map(String.init)
        return Set(relative.map { URL(fileURLWithPath: root).appendingPathComponent($0).standardizedFileURL.path })
    }

    /// The top folder of the git work tree around `directory`, or `nil` outside one (or without git).
    public static func repositoryRoot(of directory: String = ".") -> String? {
        guard let output = try? git(["rev-parse", "--show-toplevel"], in: directory) else { return nil }
        let root = output.trimmingCharacters(in: .newlines)
        return root.isEmpty ? nil : absolutePath(root)
    }

    /// `path` relative to `root` (both as `absolutePath` writes them), or `nil` when it lies outside.
    public static func relativePath(_ path: String, to root: String) -> String? {
        let absolute = absolutePath(path)
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : nil
    }

    /// The standardized absolute form of `path`, as `changedFiles` names files.
    public static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    private static func git(_ arguments: [String], in directory: String) throws(HanziKitError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .fileSystem(path: directory, reason: "cannot run git: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = "git: " + (message.split(separator: "\n").first.map(String.init) ?? "\(arguments[0]) failed")
            throw .fileSystem(path: directory, reason: reason)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
