import Foundation
import HanziConversion
import HanziText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The settings of a `.hanzi.yml` file: target script, rules and severities, terms, ignored paths.
///
/// ```yaml
/// script: hant            # auto (default), hant or hans
/// quotes: zh-TW           # corner (「」), curly (“”) or a locale; unset leaves quotes alone
/// rules:
///   punctuation: warning  # error, warning, info, on or off
///   spacing: on
/// terms:
///   - Meta
///   - Javascript -> JavaScript
/// term-dictionaries:
///   - terms.txt           # relative to this file
/// ignore:
///   - vendor/**
/// phrases:
///   - my-terms.txt        # OpenCC text dictionaries for `convert`; relative to this file
/// ```
///
/// The file is a small subset of YAML (scalars, one level of maps and lists, comments), read by
/// a hand parser so the package needs no YAML dependency; errors name the file and line.
public struct HanziConfiguration: Sendable {
    /// The name looked for in the working directory and its parents.
    public static let fileName = ".hanzi.yml"

    /// The file the configuration came from, or `nil` for the defaults.
    public var path: String?
    /// The script documents are normalized toward, when the file sets it.
    public var script: ScriptSelection?
    /// Rules switched on or off.
    public var enabledOverrides: [String: Bool] = [:]
    /// Severities that replace the rules' defaults.
    public var severityOverrides: [String: Severity] = [:]
    /// Terms given inline, in dictionary-file form.
    public var terms = TermDictionary()
    /// Term dictionary files, as absolute paths.
    public var termDictionaries: [String] = []
    /// Glob patterns of paths (relative to the file's folder) that `check` skips.
    public var ignoredPaths: [String] = []
    /// The quote style `punctuation` enforces.
    public var quoteStyle: QuoteStyle?
    /// Phrase dictionaries (OpenCC text dictionaries) that `convert` applies before the
    /// configuration's, as absolute paths, first one winning.
    public var phraseFiles: [String] = []

    /// The defaults: no file.
    public init() {}

    /// The folder relative paths in the file are resolved against.
    public var folder: String {
        guard let path else { return FileManager.default.currentDirectoryPath }
        return URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
    }

    /// The nearest `.hanzi.yml` in `directory` or one of its parents.
    public static func discover(from directory: String = FileManager.default.currentDirectoryPath) -> String? {
        var folder = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = folder.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String, registry: RuleRegistry = .standard) throws(HanziKitError)
        -> HanziConfiguration
    {
        try HanziConfiguration(parsing: readSettingsFile(path), path: path, registry: registry)
    }

    /// Parses configuration text; `path` names the file in errors and anchors relative paths.
    public init(parsing text: String, path: String, registry: RuleRegistry = .standard) throws(HanziKitError) {
        self.path = path
        for entry in try SimpleYAML.parse(text, path: path) {
            try apply(entry, registry: registry)
        }
    }

    private mutating func apply(_ entry: SimpleYAML.Entry, registry: RuleRegistry) throws(HanziKitError) {
        let path = self.path ?? Self.fileName
        func fail(_ line: Int, _ reason: String) -> HanziKitError {
            .invalidConfiguration(path: path, line: line, reason: reason)
        }
        switch entry.key {
        case "script":
            guard let value = entry.scalar, let selection = ScriptSelection(argument: value) else {
                throw fail(entry.line, "script must be auto, hant or hans")
            }
            script = selection
        case "quotes":
            guard let value = entry.scalar, let style = QuoteStyle(argument: value) else {
                throw fail(entry.line, "quotes must be corner, curly or a locale such as zh-TW")
            }
            quoteStyle = style
        case "rules":
            guard let map = entry.map else { throw fail(entry.line, "rules must be a map of rule: severity") }
            for item in map {
                guard registry.rule(item.key) != nil else {
                    throw fail(
                        item.line,
                        "unknown rule '\(item.key)'; known rules: \(registry.identifiers.joined(separator: ", "))")
                }
                switch item.value {
                case "on", "true": enabledOverrides[item.key] = true
                case "off", "false": enabledOverrides[item.key] = false
                default:
                    guard let severity = Severity(rawValue: item.value) else {
                        throw fail(item.line, "rule '\(item.key)' must be error, warning, info, on or off")
                    }
                    enabledOverrides[item.key] = true
                    severityOverrides[item.key] = severity
                }
            }
        case "terms":
            guard let list = entry.list else { throw fail(entry.line, "terms must be a list") }
            for item in list {
                if let reason = terms.add(entry: item.value) { throw fail(item.line, reason) }
            }
        case "term-dictionaries":
            guard let list = entry.list else { throw fail(entry.line, "term-dictionaries must be a list of files") }
            termDictionaries += list.map { resolve($0.value) }
        case "ignore":
            guard let list = entry.list else { throw fail(entry.line, "ignore must be a list of patterns") }
            ignoredPaths += list.map(\.value)
        case "phrases":
            guard let list = entry.list else {
                throw fail(entry.line, "phrases must be a list of files (OpenCC text dictionaries)")
            }
            phraseFiles += list.map { resolve($0.value) }
        default:
            throw fail(
                entry.line,
                "unknown key '\(entry.key)'; known keys: script, quotes, rules, terms, term-dictionaries, ignore, "
                    + "phrases")
        }
    }

    private func resolve(_ relativePath: String) -> String {
        relativePath.hasPrefix("/")
            ? relativePath : URL(fileURLWithPath: folder).appendingPathComponent(relativePath).path
    }

    /// The engine settings: this file's choices, with its term dictionaries read.
    public func settings() throws(HanziKitError) -> NormalizationSettings {
        var allTerms = terms
        for dictionary in termDictionaries {
            allTerms.merge(try TermDictionary(parsing: Self.readSettingsFile(dictionary), path: dictionary))
        }
        return NormalizationSettings(
            script: script ?? .auto, enabledOverrides: enabledOverrides, severityOverrides: severityOverrides,
            options: RuleOptions(terms: allTerms, quoteStyle: quoteStyle))
    }

    /// The phrase dictionaries `phrases:` names, read and checked (errors name the file and place).
    public func phraseDictionaries() throws(HanziKitError) -> [PhraseDictionary] {
        var dictionaries: [PhraseDictionary] = []
        for path in phraseFiles { dictionaries.append(try PhraseDictionary(contentsOfFile: path)) }
        return dictionaries
    }

    /// Reads a configuration or term file; invalid UTF-8 is reported with the file, line and column.
    public static func readSettingsFile(_ path: String) throws(HanziKitError) -> String {
        do {
            return try InputFile.readText(path)
        } catch let .invalidUTF8(byteOffset, line, column) {
            throw .invalidConfiguration(
                path: path, line: line, reason: "invalid UTF-8 at byte offset \(byteOffset) (column \(column))")
        }
    }

    /// Whether `path` matches an `ignore` pattern. Patterns are shell globs against the path
    /// relative to the configuration's folder; a pattern without `/` also matches any one
    /// component, and a pattern that matches a folder covers everything inside it.
    public func isIgnored(_ path: String) -> Bool {
        guard !ignoredPaths.isEmpty else { return false }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        let relative = absolute.hasPrefix(base) ? String(absolute.dropFirst(base.count)) : absolute
        let components = relative.split(separator: "/").map(String.init)
        for pattern in ignoredPaths {
            let trimmed = pattern.hasSuffix("/") ? String(pattern.dropLast()) : pattern
            if fnmatch(trimmed, relative, 0) == 0 || fnmatch(trimmed + "/*", relative, 0) == 0 { return true }
            if !trimmed.contains("/"), components.contains(where: { fnmatch(trimmed, $0, 0) == 0 }) { return true }
        }
        return false
    }
}

/// The YAML subset `.hanzi.yml` uses: top-level `key: value`, or `key:` followed by an indented
/// list (`- item`) or map (`name: value`); flow lists `[a, b]`; `#` comments; quoted scalars.
enum SimpleYAML {
    struct Item {
        var line: Int
        var key: String
        var value: String
    }

    struct Entry {
        var line: Int
        var key: String
        var scalar: String?
        var list: [Item]?
        var map: [Item]?
    }

    /// Linear in the text: an item is appended to the entry in place (the entry is the last one,
    /// never copied), so 100,000 terms parse as fast as a hundred do per item.
    static func parse(_ text: String, path: String) throws(HanziKitError) -> [Entry] {
        var entries: [Entry] = []
        // Editors on Windows save a byte-order mark; it is not part of the first key.
        let text = text.first == "\u{FEFF}" ? Substring(text.dropFirst()) : Substring(text)
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = index + 1
            func fail(_ reason: String) -> HanziKitError {
                .invalidConfiguration(path: path, line: lineNumber, reason: reason)
            }
            let line = stripComment(String(rawLine))
            if trimmingSpaces(line).isEmpty { continue }
            if line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                throw fail("tabs cannot indent YAML; use spaces")
            }
            let indent = line.prefix(while: { $0 == " " }).count
            let content = trimmingSpaces(line)
            if indent == 0 {
                guard let (key, value) = splitKey(content) else {
                    throw fail("expected 'key: value', found '\(content)'")
                }
                if value.hasPrefix("[") {
                    guard value.hasSuffix("]") else { throw fail("unterminated list '\(value)'") }
                    let items = value.dropFirst().dropLast().split(separator: ",")
                        .map { unquote(trimmingSpaces($0)) }.filter { !$0.isEmpty }
                    entries.append(
                        Entry(
                            line: lineNumber, key: key, list: items.map { Item(line: lineNumber, key: "", value: $0) }))
                } else {
                    entries.append(Entry(line: lineNumber, key: key, scalar: value.isEmpty ? nil : unquote(value)))
                }
                continue
            }
            guard let last = entries.indices.last, entries[last].scalar == nil else {
                throw fail("indented line without a 'key:' line above it")
            }
            if content.hasPrefix("- ") || content == "-" {
                guard entries[last].map == nil else { throw fail("a list item inside a map") }
                let value = unquote(trimmingSpaces(content.dropFirst()))
                if entries[last].list == nil { entries[last].list = [] }
                entries[last].list!.append(Item(line: lineNumber, key: "", value: value))
            } else if let (key, value) = splitKey(content), !value.isEmpty {
                guard entries[last].list == nil else { throw fail("a map entry inside a list") }
                if entries[last].map == nil { entries[last].map = [] }
                entries[last].map!.append(Item(line: lineNumber, key: key, value: unquote(value)))
            } else {
                throw fail("expected '- item' or 'name: value', found '\(content)'")
            }
        }
        return entries
    }

    /// `text` without the white space (but line breaks) at its ends, as Foundation's
    /// `trimmingCharacters(in: .whitespaces)` trims it, without its bridging through UTF-16, which
    /// took most of the time of a configuration of 100,000 terms.
    private static func trimmingSpaces(_ text: some StringProtocol) -> String {
        let isSpace = { (character: Character) in character.isWhitespace && !character.isNewline }
        guard let first = text.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = text.lastIndex(where: { !isSpace($0) })!
        return String(text[first...last])
    }

    /// `key: value` → (key, value); keys are plain words.
    private static func splitKey(_ content: String) -> (String, String)? {
        guard let colon = content.firstIndex(of: ":") else { return nil }
        let key = trimmingSpaces(content[..<colon])
        let rest = content[content.index(after: colon)...]
        guard !key.isEmpty, rest.isEmpty || rest.first == " ",
            key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else { return nil }
        return (key, trimmingSpaces(rest))
    }

    /// Removes a `#` comment that starts the line or follows a space, outside quotes.
    private static func stripComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for (offset, character) in line.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" && (previous == " " || previous == "\t") {
                return String(line.prefix(offset))
            }
            previous = character
        }
        return line
    }

    private static func unquote(_ value: String) -> String {
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            return String(value.dropFirst().dropLast())
        }
        return value
    }
}
