import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Expands the paths a command was given into the text files to process, the way ripgrep does:
/// directories are walked, `.gitignore` is honoured, globs include or exclude, binaries are skipped.
public struct PathWalker: Sendable {
    /// A file the walk passed over, and why.
    public struct SkippedFile: Sendable, Hashable {
        /// The file's path as the walk found it.
        public var path: String
        /// Why it was passed over.
        public var reason: Reason

        /// Why a file was passed over.
        public enum Reason: String, Sendable, Hashable {
            /// It looks binary (a NUL byte near its start and no UTF-16 byte-order mark).
            case binary
            /// It matched an exclude glob or an ignored path, or no include glob.
            case excluded
            /// It is not a regular file (a FIFO, a socket, a device): reading it could wait forever.
            case notRegular

            /// How `--verbose` says it.
            public var description: String {
                switch self {
                case .binary: return "binary file"
                case .excluded: return "excluded"
                case .notRegular: return "not a regular file"
                }
            }
        }
    }

    /// What a walk found.
    public struct Result: Sendable {
        /// The files to process, in a stable order: as given, and sorted within each directory.
        public var files: [String]
        /// The files passed over inside directories, for `--verbose`.
        public var skipped: [SkippedFile]
        /// Paths that could not be walked (they do not exist); the rest of the walk goes on.
        public var failures: [HanziKitError]
    }

    /// Globs a file inside a directory must match one of (all files when empty).
    public var includeGlobs: [String]
    /// Globs that exclude files and directories (matched against the path relative to the walked
    /// directory, and against the file name when the glob has no `/`).
    public var excludeGlobs: [String]
    /// Whether files that git ignores (`.gitignore`, `.git/info/exclude`, the global excludes) are skipped.
    public var honoursGitIgnore: Bool

    /// Creates a walker.
    public init(includeGlobs: [String] = [], excludeGlobs: [String] = [], honoursGitIgnore: Bool = true) {
        self.includeGlobs = includeGlobs
        self.excludeGlobs = excludeGlobs
        self.honoursGitIgnore = honoursGitIgnore
    }

    /// Expands `paths`. A file named explicitly is always kept (as in ripgrep); `-` stays as
    /// standard input. A path that does not exist becomes a failure naming it.
    public func walk(_ paths: [String]) -> Result {
        var result = Result(files: [], skipped: [], failures: [])
        for path in paths {
            if path == InputFile.standardInputName {
                result.files.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                result.failures.append(.fileSystem(path: path, reason: "no such file or directory"))
                continue
            }
            if isDirectory.boolValue {
                walkDirectory(path, into: &result)
            } else {
                result.files.append(path)
            }
        }
        return result
    }

    private func walkDirectory(_ directory: String, into result: inout Result) {
        let relativePaths = (honoursGitIgnore ? gitListedFiles(in: directory) : nil) ?? plainListing(of: directory)
        for relative in relativePaths.sorted() {
            let path = directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
            guard isIncluded(relative) else {
                result.skipped.append(SkippedFile(path: path, reason: .excluded))
                continue
            }
            // Named files are read as they are; inside a folder only regular files are, so a FIFO
            // there is never opened (opening it waits for a writer).
            guard Self.isRegularFile(path) else {
                result.skipped.append(SkippedFile(path: path, reason: .notRegular))
                continue
            }
            if Self.looksBinary(path) {
                result.skipped.append(SkippedFile(path: path, reason: .binary))
                continue
            }
            result.files.append(path)
        }
    }

    /// Whether `path`, followed through symbolic links, is a regular file.
    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    func isIncluded(_ relativePath: String) -> Bool {
        let components = relativePath.split(separator: "/").map(String.init)
        // An excluded directory excludes everything below it.
        for depth in components.indices {
            let prefix = components[...depth].joined(separator: "/")
            if excludeGlobs.contains(where: { Self.matches($0, prefix, name: components[depth]) }) { return false }
        }
        guard !includeGlobs.isEmpty else { return true }
        return includeGlobs.contains { Self.matches($0, relativePath, name: components.last ?? relativePath) }
    }

    static func matches(_ glob: String, _ relativePath: String, name: String) -> Bool {
        // `**/` means any number of folders, including none.
        let pattern = glob.hasPrefix("**/") ? String(glob.dropFirst(3)) : glob
        let subject = pattern.contains("/") ? relativePath : name
        if fnmatch(pattern, subject, 0) == 0 { return true }
        return glob.hasPrefix("**/") && fnmatch(glob, relativePath, 0) == 0
    }

    /// Files git would track here: tracked or untracked, not ignored. `nil` outside a git work tree.
    private func gitListedFiles(in directory: String) -> [String]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory, "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        // ls-files also lists tracked files that were deleted from the work tree.
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.filter {
            FileManager.default.fileExists(atPath: directory + "/" + $0)
        }
    }

    private func plainListing(of directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + relative, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                // Version-control folders are never text to process.
                if [".git", ".hg", ".svn", ".build"].contains(name) { enumerator.skipDescendants() }
                continue
            }
            files.append(relative)
        }
        return files
    }

    /// A NUL byte in the first 8 KiB marks a binary file, unless a UTF-16 byte-order mark explains it.
    static func looksBinary(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8192)) ?? Data()
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return false }
        return head.contains(0)
    }
}
