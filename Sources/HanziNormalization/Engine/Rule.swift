import HanziConversion
import HanziText

/// How much a finding matters; `hanzi check` fails on `error`, and on `warning` with `--strict`.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// Orders severities from `info` to `error`.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The script a document is written in, and so the script its stray glyphs are fixed toward.
public enum Script: String, Sendable, Codable, CaseIterable {
    /// Traditional Chinese (`zh-Hant`).
    case traditional = "hant"
    /// Simplified Chinese (`zh-Hans`).
    case simplified = "hans"
}

/// One example a rule documents and the test suite runs: `text` in a document of `script`
/// becomes `corrected` (or stays as it is when `corrected` equals `text`).
public struct RuleExample: Sendable, Hashable {
    /// The input text.
    public var text: String
    /// What the rule's fixes turn `text` into; equal to `text` for an example that must not trigger.
    public var corrected: String
    /// The script of the document the example stands in.
    public var script: Script
    /// The rule options the example runs with (a term dictionary, a quote style).
    public var options: RuleOptions = RuleOptions()

    /// An example that triggers the rule and is fixed to `corrected`.
    public static func triggers(
        _ text: String, corrected: String, in script: Script = .traditional, options: RuleOptions = RuleOptions()
    ) -> RuleExample {
        RuleExample(text: text, corrected: corrected, script: script, options: options)
    }

    /// An example that must not trigger the rule.
    public static func passes(
        _ text: String, in script: Script = .traditional, options: RuleOptions = RuleOptions()
    ) -> RuleExample {
        RuleExample(text: text, corrected: text, script: script, options: options)
    }

    /// Whether the rule should report something in `text`; compared by scalars, since `==` on
    /// strings treats a compatibility ideograph and its unified form as equal.
    public var triggers: Bool { !text.unicodeScalars.elementsEqual(corrected.unicodeScalars) }
}

/// What a rule says about itself, for `hanzi rules`, the documentation and the tests.
public struct RuleDescription: Sendable {
    /// A stable kebab-case identifier, as used in configuration files and reports.
    public var identifier: String
    /// One line saying what the rule finds.
    public var summary: String
    /// The severity of its findings unless configured otherwise.
    public var defaultSeverity: Severity
    /// Whether the rule runs without being enabled in the configuration.
    public var isEnabledByDefault: Bool
    /// Examples that trigger the rule (with their corrections) and that must not.
    public var examples: [RuleExample]
    /// Whether the rule changes glyphs toward the document's script, and so runs only when that
    /// script is named or clearly detected (see `ScriptDecision`).
    public var fixesTowardScript: Bool

    /// Describes a rule.
    public init(
        identifier: String, summary: String, defaultSeverity: Severity, isEnabledByDefault: Bool = true,
        fixesTowardScript: Bool = false, examples: [RuleExample]
    ) {
        self.identifier = identifier
        self.summary = summary
        self.defaultSeverity = defaultSeverity
        self.isEnabledByDefault = isEnabledByDefault
        self.fixesTowardScript = fixesTowardScript
        self.examples = examples
    }
}

/// One problem a rule found: a UTF-8 byte range of the text, why it is wrong, and the fix if any.
public struct RuleViolation: Sendable, Hashable {
    /// The byte range in the text's UTF-8 that is wrong.
    public var utf8Range: Range<Int>
    /// What is wrong, and what decided it, for people.
    public var message: String
    /// The text that should stand in place of the range, or `nil` when the rule cannot fix it.
    public var replacement: String?

    /// Creates a violation.
    public init(utf8Range: Range<Int>, message: String, replacement: String?) {
        self.utf8Range = utf8Range
        self.message = message
        self.replacement = replacement
    }
}

/// What a rule sees: the text, and the script it is normalized toward.
public struct RuleContext: Sendable {
    /// The whole document.
    public var text: String {
        didSet {
            decoded = DecodedScalars()
            if document == nil { memo = DocumentMemo() }
        }
    }
    /// The script the document is normalized toward.
    public var script: Script
    /// Options that some rules read: the term dictionary, the quote style.
    public var options: RuleOptions

    /// Creates a context.
    public init(text: String, script: Script, options: RuleOptions = RuleOptions()) {
        self.text = text
        self.script = script
        self.options = options
    }

    /// A context whose rules keep what they derive from the document in `memo`.
    init(text: String, script: Script, options: RuleOptions, memo: DocumentMemo) {
        self.init(text: text, script: script, options: options)
        self.memo = memo
    }

    /// A context for some lines of `document`: rules scan `text`, and a `DocumentReadingRule`
    /// reads what the document writes elsewhere from the whole of it, or from `memo`.
    init(lines text: String, of document: String, script: Script, options: RuleOptions, memo: DocumentMemo) {
        self.init(text: text, script: script, options: options, memo: memo)
        self.document = document
    }

    /// What rules derived from the whole document; shared with the contexts of later passes
    /// while the fixes in between change nothing it was derived from.
    private(set) var memo = DocumentMemo()

    /// The whole text `text` was taken from, when it is only some of its lines.
    private var document: String?

    /// The text's scalars and the UTF-8 offset of each (plus the end), decoded once for every rule
    /// that scans by scalar.
    var scalarsWithUTF8Offsets: (scalars: [Unicode.Scalar], offsets: UTF8Offsets) {
        decoded.value.withLock { cached in
            if let cached { return cached }
            let decoded = text.scalarsWithUTF8Offsets()
            cached = decoded
            return decoded
        }
    }

    /// The scalars of the whole document: those of `text` unless the context holds only some of its
    /// lines; decoded on first use, since most texts never need evidence from elsewhere.
    var documentScalars: [Unicode.Scalar] {
        guard let document else { return scalarsWithUTF8Offsets.scalars }
        return decodedDocument.scalars.withLock { cached in
            if let cached { return cached }
            let decoded = Array(document.unicodeScalars)
            cached = decoded
            return decoded
        }
    }

    private var decoded = DecodedScalars()
    private var decodedDocument = DecodedDocument()
}

/// The decoded text a context shares between its rules; a reference, so copies of the context share it.
private final class DecodedScalars: Sendable {
    let value = Locked<(scalars: [Unicode.Scalar], offsets: UTF8Offsets)?>(nil)
}

/// Values rules derive from a whole document (the mojibake rule's pair counts), made once on
/// first use and kept by type.
final class DocumentMemo: Sendable {
    private let values = Locked<[ObjectIdentifier: any Sendable]>([:])

    /// The kept value of type `Value`, made by `make` if there is none yet.
    func value<Value: Sendable>(_ make: () -> Value) -> Value {
        let key = ObjectIdentifier(Value.self)
        if let kept = values.withLock({ $0[key] }) as? Value { return kept }
        let made = make()
        return values.withLock { values in
            if let kept = values[key] as? Value { return kept }
            values[key] = made
            return made
        }
    }
}

/// The whole document's scalars, shared like `DecodedScalars`.
private final class DecodedDocument: Sendable {
    let scalars = Locked<[Unicode.Scalar]?>(nil)
}

/// Settings that individual rules read from the configuration; every member has a neutral default.
public struct RuleOptions: Sendable, Hashable {
    /// Canonical spellings for the `terms` rule, keyed by the spelling to replace.
    public var terms: TermDictionary
    /// The quote style `punctuation` enforces, or `nil` to leave quotes alone.
    public var quoteStyle: QuoteStyle?

    /// Creates options; the defaults switch off everything optional.
    public init(terms: TermDictionary = TermDictionary(), quoteStyle: QuoteStyle? = nil) {
        self.terms = terms
        self.quoteStyle = quoteStyle
    }
}

/// Which quotation marks Chinese text uses; chosen explicitly, since both are correct somewhere.
public enum QuoteStyle: String, Sendable, Hashable, CaseIterable {
    /// Corner brackets 「」 and 『』, as in Taiwan and Hong Kong.
    case corner
    /// Curly quotes “” and ‘’, as in mainland China.
    case curly

    /// Parses `corner` or `curly`, or a locale whose convention decides: `zh-TW`, `zh-HK`,
    /// `zh-MO` and `zh-Hant` use corner brackets; `zh-CN`, `zh-SG` and `zh-Hans` curly quotes.
    public init?(argument: String) {
        if let style = QuoteStyle(rawValue: argument) {
            self = style
            return
        }
        switch argument.replacingOccurrences(of: "_", with: "-").lowercased() {
        case "zh-tw", "zh-hk", "zh-mo", "zh-hant": self = .corner
        case "zh-cn", "zh-sg", "zh-hans": self = .curly
        default: return nil
        }
    }
}

/// A normalization rule: a small value that describes itself and finds (and fixes) one kind of defect.
///
/// A rule describes itself on its type, so the engine and the tools learn everything they ask about
/// a rule from the rule: whether it runs, what it needs loaded, how it is listed. The engine names
/// no rule; registering one is a line in `RuleRegistry.standard`.
public protocol Rule: Sendable {
    /// The rule's identifier, summary, default severity and examples.
    static var description: RuleDescription { get }
    /// Whether the rule runs, unless the configuration enables or disables it, under `options`;
    /// `description.isEnabledByDefault` unless a rule says otherwise (`terms` runs when given a
    /// dictionary).
    static func isEnabledByDefault(with options: RuleOptions) -> Bool
    /// Loads what the rule reads (its lexicons, OpenCC's data) and throws, naming the file, when that
    /// cannot be read. The engine calls it before it first runs the rule; it does nothing unless a
    /// rule reads such data.
    func prepare() throws(HanziKitError)
    /// Loads at once what the rule would otherwise load when a first input needs it, when an input
    /// of `byteCount` bytes almost surely will. The engine calls it on a thread of its own beside
    /// `prepare()`, while it reads the first window, so that neither waits for the other.
    func loadAhead(forInputOf byteCount: Int)
    /// Every violation of the rule in `context.text`; ranges must not overlap one another.
    func violations(in context: RuleContext) -> [RuleViolation]
}

extension Rule {
    /// The rule's identifier, summary, default severity and examples: its type's.
    public var description: RuleDescription { Self.description }

    /// `description.isEnabledByDefault`, whatever the options.
    public static func isEnabledByDefault(with options: RuleOptions) -> Bool {
        description.isEnabledByDefault
    }

    /// Nothing to load.
    public func prepare() throws(HanziKitError) {}

    /// Nothing loaded on demand.
    public func loadAhead(forInputOf byteCount: Int) {}
}

/// A rule that reads only runs of Han glyphs and the character after each run. Between fixing
/// passes, an edit that neither removes nor writes a Han glyph or an ASCII digit (a comma made
/// full-width) cannot change what such a rule finds, so the engine does not run it again.
protocol HanRunRule {}

/// A rule that decides some fixes from what the document writes elsewhere (the mojibake rule's
/// pairs written elsewhere), so a fix on one line can change its verdict on another. Between
/// fixing passes the engine gives it the whole text as `RuleContext.documentScalars`, and runs it
/// over every line again when a pass's fixes changed what it reads.
protocol DocumentReadingRule: Rule {
    /// Whether applying `fixes` (sorted, disjoint) to `old`, which gave `new`, changed anything the
    /// rule reads elsewhere in a text; `true` when unsure.
    func fixesChangeEvidence(_ fixes: [RuleViolation], from old: String, to new: String) -> Bool
}
