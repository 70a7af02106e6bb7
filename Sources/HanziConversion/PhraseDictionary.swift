import HanziText

/// Phrases of your own that a `Converter` applies before its configuration's dictionaries.
///
/// A phrase dictionary is one OpenCC text dictionary: each line `key<TAB>value`, more candidate
/// values separated by spaces (`key<TAB>value1 value2`), of which the conversion uses the first,
/// as OpenCC's `TextDict` does. It joins the front of the configuration's segmentation group and
/// of its first conversion step's group, so its keys win the maximum-match segmentation and
/// convert to its values; the later steps of the chain (Taiwan phrases and variants in `s2twp`)
/// still apply to the result, as they do to OpenCC's own phrases.
///
/// ```swift
/// let terms = try PhraseDictionary(contentsOfFile: "my-terms.txt")
/// let inline = try PhraseDictionary(["鼠标": "滑鼠", "打印机": "印表機"])
/// let converter = try Converter(.s2twp, phrases: [terms, inline])
/// ```
///
/// Files are checked more strictly than OpenCC reads them, so that a file HanziKit accepts means
/// the same to both engines and to the `opencc` tool: invalid UTF-8, a line without a tab, an
/// empty key or value, a second tab, a NUL or lone carriage return, a line OpenCC would cut
/// (over 4,095 bytes) and a key given twice are errors naming the line, column and byte offset.
public struct PhraseDictionary: Sendable, Hashable {
    /// One phrase: the key to find and the value that replaces it.
    public struct Entry: Sendable, Hashable {
        /// The text matched in the input.
        public var key: String
        /// What the first conversion step writes for it.
        public var value: String
    }

    /// The file the phrases came from, or the name given to phrases built in code.
    public let source: String
    /// The phrases, sorted by the UTF-8 bytes of their keys (as OpenCC sorts a lexicon); keys are unique.
    public let entries: [Entry]

    /// The longest line OpenCC 1.1.6 reads as one: it reads lines with `fgets` into 4,096 bytes,
    /// so a longer line is read in pieces, each taken for a line of its own.
    public static let longestLine = 4095

    /// Reads an OpenCC text dictionary file. Errors name the file, line, column (in Unicode
    /// scalars) and byte offset: `HanziKitError.invalidPhrases`.
    public init(contentsOfFile path: String) throws(HanziKitError) {
        try self.init(parsing: InputFile.read(path), source: path)
    }

    /// Parses the bytes of an OpenCC text dictionary; `source` names it in errors.
    public init(parsing bytes: some Collection<UInt8>, source: String) throws(HanziKitError) {
        self.source = source
        entries = try Self.parse(Array(bytes), source: source)
    }

    /// Phrases given as values: each key with its replacement. Keys and values must be non-empty
    /// and hold no tab, line break or NUL (which the text format cannot carry); values may hold spaces.
    public init(_ phrases: [String: String], source: String = "<phrases>") throws(HanziKitError) {
        // Sorted, so the first fault reported does not depend on the dictionary's order.
        try self.init(
            phrases.map { ($0.key, $0.value) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) },
            source: source)
    }

    /// Phrases given as ordered pairs; a key given twice is an error, as in a file. In errors,
    /// `line` is the 1-based position of the pair.
    public init(_ phrases: [(key: String, value: String)], source: String = "<phrases>") throws(HanziKitError) {
        self.source = source
        var entries: [Entry] = []
        for (index, phrase) in phrases.enumerated() {
            for (name, text) in [("key", phrase.key), ("value", phrase.value)] {
                if text.isEmpty {
                    throw .invalidPhrases(
                        path: source, line: index + 1, column: 1, byteOffset: 0, reason: "empty \(name)")
                }
                if let bad = text.unicodeScalars.first(where: { "\t\n\r\0".unicodeScalars.contains($0) }) {
                    throw .invalidPhrases(
                        path: source, line: index + 1, column: 1, byteOffset: 0,
                        reason:
                            "the \(name) '\(text)' holds U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)), "
                            + "which a text dictionary cannot carry")
                }
            }
            entries.append(Entry(key: phrase.key, value: phrase.value))
        }
        self.entries = try Self.sortedUnique(entries, source: source) { index in (index + 1, 0) }
    }

    /// The dictionary as the engines load it: `key\tvalue\n` lines in key order.
    var lexiconText: [UInt8] {
        var text: [UInt8] = []
        for entry in entries {
            text += entry.key.utf8
            text.append(UInt8(ascii: "\t"))
            text += entry.value.utf8
            text.append(UInt8(ascii: "\n"))
        }
        return text
    }

    // MARK: Parsing

    private static func parse(_ bytes: [UInt8], source: String) throws(HanziKitError) -> [Entry] {
        // Invalid UTF-8 never reaches OpenCC: the whole file is checked first.
        let invalidAt = bytes.withUnsafeBufferPointer { buffer in
            String(validating: buffer, as: UTF8.self) == nil ? UTF8Validation.firstInvalidOffset(in: buffer) : nil
        }
        var lineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let contentStart = lineStart
        var lineNumber = 1
        var entries: [Entry] = []
        var entryLines: [Int] = []
        var entryOffsets: [Int] = []
        func fail(at offset: Int, _ reason: String) -> HanziKitError {
            let start = offset >= lineStart ? lineStart : contentStart
            // Columns count Unicode scalars: every byte that does not continue a sequence.
            let column = 1 + bytes[start..<offset].count { $0 & 0xC0 != 0x80 }
            return .invalidPhrases(path: source, line: lineNumber, column: column, byteOffset: offset, reason: reason)
        }
        while lineStart < bytes.count {
            let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if let invalidAt, invalidAt < newline {
                throw fail(at: invalidAt, "invalid UTF-8")
            }
            // A carriage return before the newline ends the line, as OpenCC reads it.
            var end = newline
            if end > lineStart && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            defer {
                lineStart = newline + 1
                lineNumber += 1
            }
            if end == lineStart { continue }
            if newline - lineStart > longestLine {
                throw fail(
                    at: lineStart + longestLine,
                    "the line is \(newline - lineStart) bytes long; OpenCC reads a line of more than \(longestLine) bytes "
                        + "as several")
            }
            if let nul = bytes[lineStart..<end].firstIndex(of: 0) {
                throw fail(at: nul, "a NUL byte, which ends a line in OpenCC")
            }
            if let lone = bytes[lineStart..<end].firstIndex(of: UInt8(ascii: "\r")) {
                throw fail(at: lone, "a carriage return inside the line, which ends it in OpenCC")
            }
            guard let tab = bytes[lineStart..<end].firstIndex(of: UInt8(ascii: "\t")) else {
                throw fail(at: end, "no tab between the key and its value (key<TAB>value)")
            }
            if tab == lineStart { throw fail(at: tab, "empty key before the tab") }
            if let second = bytes[(tab + 1)..<end].firstIndex(of: UInt8(ascii: "\t")) {
                throw fail(at: second, "a second tab; separate the candidate values with spaces")
            }
            // Values are separated by single spaces; OpenCC uses the first.
            var valueStart = tab + 1
            var first: Range<Int>?
            while true {
                let valueEnd = bytes[valueStart..<end].firstIndex(of: UInt8(ascii: " ")) ?? end
                if valueEnd == valueStart {
                    throw fail(
                        at: valueStart,
                        valueStart == end
                            ? "empty value after the \(first == nil ? "tab" : "space")"
                            : "empty value (two spaces in a row, or a space after the tab)")
                }
                if first == nil { first = valueStart..<valueEnd }
                if valueEnd == end { break }
                valueStart = valueEnd + 1
            }
            entries.append(
                Entry(
                    key: String(decoding: bytes[lineStart..<tab], as: UTF8.self),
                    value: String(decoding: bytes[first!], as: UTF8.self)))
            entryLines.append(lineNumber)
            entryOffsets.append(lineStart)
        }
        if let invalidAt, invalidAt >= lineStart {
            throw fail(at: invalidAt, "invalid UTF-8")
        }
        return try sortedUnique(entries, source: source) { index in
            (entryLines[index], entryOffsets[index])
        }
    }

    /// `entries` sorted by key bytes; a key given twice is an error at its second place.
    private static func sortedUnique(
        _ entries: [Entry], source: String, place: (Int) -> (line: Int, byteOffset: Int)
    ) throws(HanziKitError) -> [Entry] {
        let order = entries.indices.sorted { left, right in
            let (a, b) = (entries[left].key, entries[right].key)
            return a.utf8.lexicographicallyPrecedes(b.utf8) || (a == b && left < right)
        }
        for (previous, index) in zip(order, order.dropFirst()) where entries[previous].key == entries[index].key {
            let (line, byteOffset) = place(index)
            throw .invalidPhrases(
                path: source, line: line, column: 1, byteOffset: byteOffset,
                reason: "the key '\(entries[index].key)' is given again (first on line \(place(previous).line)); "
                    + "OpenCC refuses a text dictionary with duplicated keys")
        }
        return order.map { entries[$0] }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
