import Synchronization

/// What `ScriptDetector` concluded about a text.
public enum DetectedScript: String, Sendable, CaseIterable {
    /// Only (or almost only) Traditional-specific characters.
    case traditional
    /// Only (or almost only) Simplified-specific characters.
    case simplified
    /// Both kinds, the smaller at least 5% of them.
    case mixed
    /// No script-specific character at all (Latin text, or only characters both scripts share).
    case neither
}

/// The script of a text with the counts that decided it.
public struct ScriptDetection: Sendable, Hashable {
    /// The verdict.
    public var script: DetectedScript
    /// Characters that OpenCC's t2s changes and that Simplified text never uses (頭, 後).
    public var traditionalCount: Int
    /// Characters that OpenCC's s2t changes and that Traditional text never uses (头, 这).
    public var simplifiedCount: Int

    /// The script to normalize toward: the more frequent kind; `nil` when neither occurs.
    public var targetScript: Script? {
        if traditionalCount == 0 && simplifiedCount == 0 { return nil }
        return traditionalCount >= simplifiedCount ? .traditional : .simplified
    }
}

/// Tells Traditional from Simplified text by the characters only one of them uses.
///
/// A character counts as Traditional-specific when OpenCC's t2s character dictionary changes it
/// and does not list it among its own candidates, and Simplified-specific likewise for s2t. That
/// keeps characters valid in both scripts (后, 于, 里, 干, 乾) out of the counts, so a
/// Traditional text that uses 皇后 or 公里 is not mistaken for Simplified.
public struct ScriptDetector: Sendable, Equatable {
    private enum Kind: UInt8 {
        case shared = 0, traditional, simplified
    }

    /// Kinds of the scalars below `tableLimit`, one byte each; higher scalars are shared.
    private let kinds: [UInt8]
    private static let tableLimit: UInt32 = 0x32000

    /// Builds a detector from OpenCC's t2s and s2t character dictionaries, and its Taiwan and
    /// Hong Kong variant dictionaries: 秘 and 裡, which s2t turns into 祕 and 裏, are the
    /// Traditional forms of Taiwan, so they do not count as Simplified.
    public init() throws(HanziKitError) {
        var kinds = [UInt8](repeating: Kind.shared.rawValue, count: Int(Self.tableLimit))
        var regionalForms: Set<String> = []
        for configuration in ["t2tw.json", "t2hk.json"] {
            for lexicon in try OpenCCDictionaries.load(configuration: configuration).conversionStages.joined() {
                for entry in lexicon.entries { regionalForms.formUnion(entry.values) }
            }
        }
        for (configuration, kind) in [("t2s.json", Kind.traditional), ("s2t.json", Kind.simplified)] {
            let dictionaries = try OpenCCDictionaries.load(configuration: configuration)
            for entry in Self.characterLexicon(dictionaries).entries {
                let scalars = entry.key.unicodeScalars
                guard scalars.count == 1, let scalar = scalars.first, scalar.value < Self.tableLimit,
                    let first = entry.values.first, first != entry.key, !entry.values.contains(entry.key),
                    kind == .traditional || !regionalForms.contains(entry.key)
                else { continue }
                kinds[Int(scalar.value)] = kind.rawValue
            }
        }
        self.kinds = kinds
    }

    private static let cache = Mutex<ScriptDetector?>(nil)

    /// The process-wide detector, loaded once (from the lexicon cache, or built and stored there).
    public static func shared() throws(HanziKitError) -> ScriptDetector {
        if let detector = cache.withLock({ $0 }) { return detector }
        let key = LexiconCache.key(for: ScriptDetector.self)
        let detector: ScriptDetector
        if let key, let stored = LexiconCache.load(ScriptDetector.self, key: key) {
            detector = stored
        } else {
            detector = try ScriptDetector()
            if let key { LexiconCache.store(detector, key: key) }
        }
        cache.withLock { $0 = detector }
        return detector
    }

    /// Detects the script of `text` with the process-wide detector.
    public static func detect(_ text: String) throws(HanziKitError) -> ScriptDetection {
        try shared().detect(text)
    }

    /// The script of `text` with its counts of script-specific characters.
    public func detect(_ text: String) -> ScriptDetection {
        var traditional = 0
        var simplified = 0
        UTF8Text.withText(text) { text in
            var offset = 0
            while offset < text.count {
                if text.bytes[offset] < 0x80 {
                    offset += 1
                    continue
                }
                let (value, length) = text.scalar(at: offset)
                offset += length
                guard value < Self.tableLimit else { continue }
                switch kinds[Int(value)] {
                case Kind.traditional.rawValue: traditional += 1
                case Kind.simplified.rawValue: simplified += 1
                default: break
                }
            }
        }
        return ScriptDetection(
            script: Self.verdict(traditional: traditional, simplified: simplified),
            traditionalCount: traditional, simplifiedCount: simplified)
    }

    static func verdict(traditional: Int, simplified: Int) -> DetectedScript {
        let total = traditional + simplified
        if total == 0 { return .neither }
        // Under 5% of the other kind is stray glyphs in a document of one script, not a mix.
        if min(traditional, simplified) * 20 < total {
            return traditional > simplified ? .traditional : .simplified
        }
        return .mixed
    }

    /// The character dictionary of a configuration: the lexicon with the most single-character keys.
    private static func characterLexicon(_ dictionaries: OpenCCDictionaries) -> OpenCCLexicon {
        let lexicons = dictionaries.conversionStages.flatMap { $0 }
        return lexicons.max { singleCharacterKeys($0) < singleCharacterKeys($1) } ?? OpenCCLexicon(entries: [])
    }

    private static func singleCharacterKeys(_ lexicon: OpenCCLexicon) -> Int {
        lexicon.entries.reduce(0) { $0 + ($1.key.unicodeScalars.count == 1 ? 1 : 0) }
    }
}

extension ScriptDetector: CachedLexicon {
    static let kind = "detector"
    static let configurations = ["t2tw.json", "t2hk.json", "t2s.json", "s2t.json"]
    static let sources: [String] = []

    func write(to writer: inout CacheWriter) {
        writer.appendCounted(kinds)
    }

    init?(reading reader: inout CacheReader) {
        guard let kinds: [UInt8] = reader.readCounted(), kinds.count == Int(Self.tableLimit),
            kinds.allSatisfy({ $0 <= Kind.simplified.rawValue })
        else { return nil }
        self.kinds = kinds
    }
}
