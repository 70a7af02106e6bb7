/// An Apple String Catalog (`.xcstrings`, the JSON file Xcode keeps localizations in), edited in
/// place: values change, and a localization can be created or refreshed from another, while keys,
/// comments, other languages and every byte not rewritten stay as they were. What is written is
/// in Xcode's own layout (two-space indentation, `" : "`, members in Xcode's order), so Xcode
/// reads it back without rewriting the file.
public enum StringCatalog {
    /// What creating or refreshing one localization from another did.
    public struct LocalizationSummary: Sendable, Hashable {
        /// Keys that had no entry in the target language and got one.
        public var created = 0
        /// Keys whose machine-made target entry (`new` or `needs_review`) was written again.
        public var refreshed = 0
        /// Keys whose target entry a person translated (`translated`, or `stale`), left alone.
        public var kept = 0
    }

    /// The string unit values of the localizations `includes` accepts (language tags), in file
    /// order: the text a conversion changes.
    public static func values(in bytes: [UInt8], of includes: (String) -> Bool) throws(DocumentSyntaxError)
        -> [LocalizedMessage]
    {
        let tree = try JSONTree(parsing: bytes)
        var values: [LocalizedMessage] = []
        for entry in try strings(of: tree.root) {
            for localization in entry.value["localizations"]?.members ?? [] where includes(localization.key) {
                forEachStringUnit(in: localization.value) { unit in
                    if case let .string(content, _)? = unit["value"] {
                        values.append(LocalizedMessage(ranges: [content]))
                    }
                }
            }
        }
        return values.sorted { $0.ranges[0].lowerBound < $1.ranges[0].lowerBound }
    }

    /// Whether a localization's tag names Chinese (`zh`, `zh-Hans`, `zh-Hant`, `zh-HK`, …): the
    /// localizations `convert` changes, never Japanese or any other.
    public static func isChinese(_ tag: String) -> Bool {
        let lower = tag.lowercased()
        return lower == "zh" || lower.hasPrefix("zh-") || lower.hasPrefix("zh_")
    }

    /// The catalog with the `target` localization of every key made from its `source`
    /// localization by `transform`, with Apple's states: a new or refreshed entry is marked
    /// `needs_review`; an entry a person translated (`translated`, or `stale`) is kept unless
    /// `overwritingTranslations`. When `source` is the catalog's source language, a key without a
    /// `source` entry is its own source text. Keys marked `shouldTranslate: false` are passed over.
    public static func localize(
        _ bytes: [UInt8], from source: String, to target: String, overwritingTranslations: Bool = false,
        transform: ([UInt8]) -> [UInt8]
    ) throws(DocumentSyntaxError) -> (bytes: [UInt8], summary: LocalizationSummary) {
        let tree = try JSONTree(parsing: bytes)
        let sourceLanguage = tree.root["sourceLanguage"]?.text
        var edits: [ByteEdit] = []
        var summary = LocalizationSummary()
        for entry in try strings(of: tree.root) {
            if case let .scalar(range)? = entry.value["shouldTranslate"], bytes[range].elementsEqual("false".utf8) {
                continue
            }
            let localizations = entry.value["localizations"]
            let existing = localizations?.members.last { $0.key == target }
            if let existing, !overwritingTranslations, isPersonal(existing.value, in: bytes) {
                summary.kept += 1
                continue
            }
            let made: [UInt8]
            if let from = localizations?[source] {
                guard hasText(from) else { continue }
                made = needingReview(from, in: bytes, transform: transform)
            } else if source == sourceLanguage, case let .string(content, text) = keyValue(entry, in: bytes),
                !text.isEmpty
            {
                let indent =
                    indentation(before: existing?.start ?? entry.start, in: bytes) + (existing == nil ? "    " : "")
                made = stringUnit(value: transform(Array(bytes[content])), indent: indent)
            } else {
                continue
            }
            if let existing {
                guard !made.elementsEqual(bytes[existing.value.range]) else { continue }
                edits.append(ByteEdit(range: existing.value.range, replacement: made))
                summary.refreshed += 1
            } else if let localizations {
                edits.append(insertion(of: target, value: made, into: localizations, in: bytes))
                summary.created += 1
            } else {
                // A key with no localization at all gets the member that holds them.
                let indent = indentation(before: entry.start, in: bytes) + "  "
                var member = Array("\"\(target)\" : ".utf8) + made
                member = Array("{\n\(indent)  ".utf8) + member + Array("\n\(indent)}".utf8)
                edits.append(insertion(of: "localizations", value: member, into: entry.value, in: bytes))
                summary.created += 1
            }
        }
        return (LocalizedMessages.apply(edits, to: bytes), summary)
    }

    // MARK: Reading

    private static func strings(of root: JSONTree.Value) throws(DocumentSyntaxError) -> [JSONTree.Member] {
        guard case .object = root, case let .object(entries, _)? = root["strings"] else {
            throw DocumentSyntaxError(
                offset: root.range.lowerBound, reason: "expected an object with a \"strings\" object")
        }
        return entries
    }

    /// The key of an entry as a string value (its range and text).
    private static func keyValue(_ entry: JSONTree.Member, in bytes: [UInt8]) -> JSONTree.Value {
        var end = entry.start + 1
        while bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
        return .string(content: entry.start + 1..<end, text: entry.key)
    }

    /// Calls `body` with every `stringUnit` object under `value`: the localization's own, and
    /// those of its variations (plural, device) and substitutions, at any depth.
    private static func forEachStringUnit(in value: JSONTree.Value, _ body: (JSONTree.Value) -> Void) {
        for member in value.members {
            if member.key == "stringUnit" {
                body(member.value)
            } else if case .object = member.value {
                forEachStringUnit(in: member.value, body)
            }
        }
    }

    /// Whether a person translated any unit of a localization (Xcode's `translated`, or `stale`,
    /// a translation whose key left the code).
    private static func isPersonal(_ localization: JSONTree.Value, in bytes: [UInt8]) -> Bool {
        var personal = false
        forEachStringUnit(in: localization) { unit in
            if let state = unit["state"]?.text, state == "translated" || state == "stale" { personal = true }
        }
        return personal
    }

    private static func hasText(_ localization: JSONTree.Value) -> Bool {
        var found = false
        forEachStringUnit(in: localization) { unit in
            if let value = unit["value"]?.text, !value.isEmpty { found = true }
        }
        return found
    }

    // MARK: Writing, in Xcode's layout

    /// A copy of a localization's text with each unit's value transformed and its state `needs_review`.
    private static func needingReview(
        _ localization: JSONTree.Value, in bytes: [UInt8], transform: ([UInt8]) -> [UInt8]
    ) -> [UInt8] {
        let range = localization.range
        var edits: [ByteEdit] = []
        forEachStringUnit(in: localization) { unit in
            if case let .string(content, _)? = unit["state"] {
                edits.append(ByteEdit(range: content, replacement: Array("needs_review".utf8)))
            }
            if case let .string(content, _)? = unit["value"] {
                edits.append(ByteEdit(range: content, replacement: transform(Array(bytes[content]))))
            }
        }
        let shifted = edits.map {
            ByteEdit(
                range: $0.range.lowerBound - range.lowerBound..<$0.range.upperBound - range.lowerBound,
                replacement: $0.replacement)
        }
        return LocalizedMessages.apply(shifted, to: Array(bytes[range]))
    }

    /// A localization holding one string unit that needs review, its members at `indent` plus two.
    private static func stringUnit(value: [UInt8], indent: String) -> [UInt8] {
        Array(
            "{\n\(indent)  \"stringUnit\" : {\n\(indent)    \"state\" : \"needs_review\",\n\(indent)    \"value\" : \""
                .utf8)
            + value + Array("\"\n\(indent)  }\n\(indent)}".utf8)
    }

    /// The edit that adds member `key` with the JSON text `value` to `object`, where Xcode would
    /// put it: before the first member that sorts after it, each on its own line.
    private static func insertion(
        of key: String, value: [UInt8], into object: JSONTree.Value, in bytes: [UInt8]
    ) -> ByteEdit {
        let members = object.members
        let member = Array("\"\(key)\" : ".utf8) + value
        if let next = members.first(where: { xcodeOrders(key, before: $0.key) }) {
            let indent = indentation(before: next.start, in: bytes)
            return ByteEdit(range: next.start..<next.start, replacement: member + Array(",\n\(indent)".utf8))
        }
        if let last = members.last {
            let indent = indentation(before: last.start, in: bytes)
            let end = last.value.range.upperBound
            return ByteEdit(range: end..<end, replacement: Array(",\n\(indent)".utf8) + member)
        }
        // An empty object, which Xcode writes as `{`, a blank line, `}`.
        let range = object.range
        let outer = indentation(before: range.lowerBound, in: bytes, fromLineStart: true)
        return ByteEdit(
            range: range.lowerBound + 1..<range.upperBound - 1,
            replacement: Array("\n\(outer)  ".utf8) + member + Array("\n\(outer)".utf8))
    }

    /// The spaces that start the line holding `offset` (up to `offset` when they reach it).
    private static func indentation(before offset: Int, in bytes: [UInt8], fromLineStart: Bool = false) -> String {
        var lineStart = offset
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        var end = lineStart
        while end < offset, bytes[end] == UInt8(ascii: " ") { end += 1 }
        return String(repeating: " ", count: end - lineStart)
    }

    /// Xcode's order of members: case-insensitive, digits by value, then by bytes to break ties
    /// (`zh-Hans`, `zh-Hant`, `zh-HK`).
    static func xcodeOrders(_ left: String, before right: String) -> Bool {
        let leftKey = left.lowercased()
        let rightKey = right.lowercased()
        if leftKey != rightKey {
            return leftKey.precedesNumerically(rightKey)
        }
        return Array(left.utf8).lexicographicallyPrecedes(Array(right.utf8))
    }
}

extension String {
    /// Compares with runs of ASCII digits by their value (`item2` before `item10`), the rest by scalar.
    fileprivate func precedesNumerically(_ other: String) -> Bool {
        var left = Array(unicodeScalars)[...]
        var right = Array(other.unicodeScalars)[...]
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
        while let l = left.first, let r = right.first {
            if isDigit(l) && isDigit(r) {
                let leftDigits = left.prefix(while: isDigit)
                let rightDigits = right.prefix(while: isDigit)
                let leftValue = String(String.UnicodeScalarView(leftDigits.drop { $0 == "0" }))
                let rightValue = String(String.UnicodeScalarView(rightDigits.drop { $0 == "0" }))
                if leftValue.count != rightValue.count { return leftValue.count < rightValue.count }
                if leftValue != rightValue { return leftValue < rightValue }
                left = left.dropFirst(leftDigits.count)
                right = right.dropFirst(rightDigits.count)
                continue
            }
            if l != r { return l.value < r.value }
            left = left.dropFirst()
            right = right.dropFirst()
        }
        return left.isEmpty && !right.isEmpty
    }
}
