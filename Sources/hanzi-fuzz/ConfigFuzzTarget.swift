import HanziKit

/// The `config` fuzz target: the bytes are a `.hanzi.yml`; invalid UTF-8 is skipped, since
/// `readSettingsFile` reports it before the parser sees the text. The same bytes are also read as
/// a phrase dictionary (`--phrases`, `phrases:`), invalid UTF-8 included.
extension FuzzTargets {
    /// A configuration path in a folder that does not exist, so term dictionaries it names are never real files.
    static let configurationPath = "/nonexistent-hanzi-fuzz/.hanzi.yml"

    /// Parsing: no crash; an error names this file and a line of the text; a parsed configuration
    /// turns into settings or fails with a `HanziKitError`, and answers `isIgnored`.
    static func config(_ bytes: [UInt8]) {
        phrases(bytes)
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        var configuration: HanziConfiguration
        do {
            configuration = try HanziConfiguration(parsing: text, path: configurationPath)
        } catch .invalidConfiguration(let path, let line, let reason) {
            // The parser splits lines at any newline character, so a line is one of those pieces.
            let lineCount = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
            precondition(path == configurationPath, "error names \(path)")
            precondition(line >= 1 && line <= lineCount, "line \(line) outside \(lineCount) lines: \(reason)")
            return
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        // Only dictionaries inside the missing folder are read, so a path like `../x` or
        // `/dev/zero` never reaches the file system.
        let folder = configuration.folder + "/"
        configuration.termDictionaries = configuration.termDictionaries.filter {
            $0.hasPrefix(folder) && !$0.split(separator: "/").contains("..")
        }
        do {
            _ = try configuration.settings()
        } catch {
            // Typed throws: any error here is a HanziKitError; a missing dictionary names its file.
            if case .fileSystem(let path, _) = error {
                precondition(path.hasPrefix(folder), "a dictionary outside the folder was read: \(path)")
            }
        }
        for path in ["/nonexistent-hanzi-fuzz/docs/a.md", "/nonexistent-hanzi-fuzz/vendor/x/y.txt", "/elsewhere/b.md"] {
            _ = configuration.isIgnored(path)
        }
    }

    /// A phrase dictionary: no crash; an error's place lies inside the bytes; the entries of one
    /// that parses are sorted by key bytes, unique, and carry no tab, line break or NUL.
    static func phrases(_ bytes: [UInt8]) {
        do {
            let dictionary = try PhraseDictionary(parsing: bytes, source: "fuzz.txt")
            for (previous, entry) in zip(dictionary.entries, dictionary.entries.dropFirst()) {
                precondition(previous.key.utf8.lexicographicallyPrecedes(entry.key.utf8), "keys out of order")
            }
            for entry in dictionary.entries {
                for text in [entry.key, entry.value] {
                    precondition(!text.isEmpty && !text.utf8.contains(where: { [9, 10, 13, 0].contains($0) }))
                }
                precondition(!entry.value.contains(" "), "a value holds the space that separates candidates")
            }
        } catch .invalidPhrases(let path, let line, let column, let byteOffset, let reason) {
            let lines = bytes.count { $0 == 0x0A } + 1
            precondition(path == "fuzz.txt", "error names \(path)")
            precondition(line >= 1 && line <= lines, "line \(line) outside \(lines) lines: \(reason)")
            precondition(column >= 1 && byteOffset >= 0 && byteOffset <= bytes.count, "place outside: \(reason)")
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }
}
