import HanziConversion
import HanziText

/// Canonical spellings of names, from user dictionaries: either a canonical spelling alone
/// (`Meta`: any other capitalization is wrong) or a wrong spelling mapped to the right one
/// (`Javascript -> JavaScript`, matched exactly).
public struct TermDictionary: Sendable, Hashable {
    /// Exact wrong spellings and their canonical forms.
    public private(set) var variants: [String: String] = [:]
    /// Canonical spellings keyed by their lowercase form, matched ignoring ASCII case.
    public private(set) var canonicalByLowercase: [String: String] = [:]

    /// An empty dictionary.
    public init() {}

    /// Whether the dictionary has no term at all.
    public var isEmpty: Bool { variants.isEmpty && canonicalByLowercase.isEmpty }

    /// Adds a canonical spelling; other capitalizations of it will be reported.
    public mutating func add(canonical: String) {
        canonicalByLowercase[canonical.lowercased()] = canonical
    }

    /// Adds a wrong spelling and its canonical form.
    public mutating func add(variant: String, canonical: String) {
        variants[variant] = canonical
    }

    /// Adds every term of `other`; its entries win.
    public mutating func merge(_ other: TermDictionary) {
        variants.merge(other.variants) { _, new in new }
        canonicalByLowercase.merge(other.canonicalByLowercase) { _, new in new }
    }

    /// Adds one entry in dictionary-file form: `Canonical` or `wrong -> Canonical`.
    /// Returns a reason when the entry is malformed.
    public mutating func add(entry: String) -> String? {
        let parts = entry.components(separatedBy: "->").map { $0.trimmingCharacters(in: .whitespaces) }
        switch parts.count {
        case 1 where !parts[0].isEmpty:
            add(canonical: parts[0])
        case 2 where !parts[0].isEmpty && !parts[1].isEmpty:
            add(variant: parts[0], canonical: parts[1])
        default:
            return "expected 'Canonical' or 'wrong -> Canonical', found '\(entry)'"
        }
        return nil
    }

    /// Parses a dictionary file: one entry a line, `#` starts a comment. Errors name `path` and the line.
    public init(parsing text: String, path: String) throws(HanziKitError) {
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let entry = content.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !entry.isEmpty else { continue }
            if let reason = add(entry: entry) {
                throw .invalidConfiguration(path: path, line: index + 1, reason: reason)
            }
        }
    }
}

/// Names spelled the way their owners spell them (`meta` → `Meta`), from a user dictionary;
/// whole words only, so `metadata` and `meta-learning` stay.
public struct TermsRule: Rule {
    /// The rule's identifier.
    public static let identifier = "terms"

    /// Creates the rule; its terms come from `RuleContext.options.terms`.
    public init() {}

    private static var exampleTerms: RuleOptions {
        var terms = TermDictionary()
        terms.add(canonical: "Meta")
        terms.add(canonical: "GitHub")
        terms.add(variant: "Javascript", canonical: "JavaScript")
        return RuleOptions(terms: terms)
    }

    /// What the rule finds, with its examples.
    public static var description: RuleDescription {
        let options = Self.exampleTerms
        return RuleDescription(
            identifier: Self.identifier,
            summary: "canonical spelling of names from a term dictionary (meta → Meta); on when a dictionary is given",
            defaultSeverity: .warning, isEnabledByDefault: false,
            examples: [
                .triggers("面對Google、meta等大公司", corrected: "面對Google、Meta等大公司", options: options),
                .triggers("來自meta，這讓", corrected: "來自Meta，這讓", options: options),
                .triggers("用github和Javascript", corrected: "用GitHub和JavaScript", options: options),
                .passes("Meta的metadata與meta-learning", options: options),
                .passes("javascript 全小寫不在詞典裡", options: options),
            ])
    }

    /// `terms` does nothing without a dictionary, so a dictionary is what switches it on.
    public static func isEnabledByDefault(with options: RuleOptions) -> Bool {
        !options.terms.isEmpty
    }

    /// Each whole-word occurrence of a term spelled otherwise than its canonical form.
    public func violations(in context: RuleContext) -> [RuleViolation] {
        let terms = context.options.terms
        guard !terms.isEmpty else { return [] }
        return UTF8Text.withText(context.text) { text in
            let lowered = text.bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            var found: [RuleViolation] = []
            let searches =
                terms.variants.map { (Array($0.key.utf8), false) }
                + terms.canonicalByLowercase.map { (Array($0.key.utf8), true) }
            for (needle, ignoresCase) in searches where !needle.isEmpty {
                let haystack = ignoresCase ? lowered : Array(text.bytes)
                for start in occurrences(of: needle, in: haystack) {
                    let range = start..<start + needle.count
                    guard isWordBoundary(before: range.lowerBound, after: range.upperBound, text) else { continue }
                    let spelled = String(decoding: UnsafeBufferPointer(rebasing: text.bytes[range]), as: UTF8.self)
                    let canonical =
                        ignoresCase
                        ? terms.canonicalByLowercase[String(decoding: needle, as: UTF8.self)]
                        : terms.variants[spelled]
                    guard let canonical, canonical != spelled else { continue }
                    found.append(
                        RuleViolation(
                            utf8Range: range, message: "'\(spelled)' is spelled '\(canonical)'", replacement: canonical)
                    )
                }
            }
            // Longer terms first where two overlap, then text order.
            var taken: [RuleViolation] = []
            for violation in found.sorted(by: {
                ($0.utf8Range.count, -$0.utf8Range.lowerBound) > ($1.utf8Range.count, -$1.utf8Range.lowerBound)
            }) where !taken.contains(where: { $0.utf8Range.overlaps(violation.utf8Range) }) {
                taken.append(violation)
            }
            return taken.sorted { $0.utf8Range.lowerBound < $1.utf8Range.lowerBound }
        }
    }

    private func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard needle.count <= haystack.count else { return [] }
        var result: [Int] = []
        let first = needle[0]
        var offset = 0
        while offset <= haystack.count - needle.count {
            if haystack[offset] == first && haystack[offset..<offset + needle.count].elementsEqual(needle) {
                result.append(offset)
                offset += needle.count
            } else {
                offset += 1
            }
        }
        return result
    }

    /// Terms are bounded by anything but ASCII letters, digits, `_` and `-`; Chinese counts as a boundary.
    private func isWordBoundary(before start: Int, after end: Int, _ text: UTF8Text) -> Bool {
        func isWordByte(_ byte: UInt8) -> Bool {
            CharacterClass.isASCIIAlphanumeric(UInt32(byte)) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        return (start == 0 || !isWordByte(text.bytes[start - 1])) && (end == text.count || !isWordByte(text.bytes[end]))
    }
}
