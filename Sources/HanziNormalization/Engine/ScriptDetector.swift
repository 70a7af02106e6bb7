import HanziConversion
import HanziText

/// What `ScriptDetector` concluded about a text.
public enum DetectedScript: String, Sendable, CaseIterable {
    /// Traditional Chinese: the Simplified evidence is at most an eighth of the Traditional.
    case traditional
    /// Simplified Chinese: the Traditional evidence is at most an eighth of the Simplified.
    case simplified
    /// Both kinds, the rarer more than an eighth of the commoner: too mixed to fix glyphs toward either.
    case mixed
    /// No evidence for either script (Latin text, or only characters both scripts share).
    case neither
    /// Japanese: kana are at least a tenth of the CJK characters. Kanji-only Japanese has no
    /// kana to tell it by and is read as Chinese.
    case japanese
    /// Korean: hangul are at least a tenth of the CJK characters.
    case korean

    /// Whether glyphs may be fixed toward this verdict's script.
    public var isDecided: Bool { self == .traditional || self == .simplified }
}

/// The script of a text with the counts that decided it.
public struct ScriptDetection: Sendable, Hashable {
    /// The verdict.
    public var script: DetectedScript
    /// Evidence for Traditional: characters that OpenCC's t2s changes and Simplified text never
    /// uses (頭, 後); for a text with little such evidence, every character t2s changes.
    public var traditionalCount: Int
    /// Evidence for Simplified: characters that OpenCC's s2t changes and Traditional text never
    /// uses (头, 这); for a text with little such evidence, every character that s2t, s2tw and
    /// s2hk all change (什么, 确, 干).
    public var simplifiedCount: Int
    /// Hiragana and katakana.
    public var kanaCount: Int = 0
    /// Hangul syllables and jamo.
    public var hangulCount: Int = 0
    /// Han characters.
    public var hanCount: Int = 0
    /// Whether the counts are OpenCC's conversions' changes rather than script-specific characters.
    public var countsConversions = false

    /// Creates a detection from its counts.
    public init(
        script: DetectedScript, traditionalCount: Int, simplifiedCount: Int, kanaCount: Int = 0,
        hangulCount: Int = 0, hanCount: Int = 0, countsConversions: Bool = false
    ) {
        self.script = script
        self.traditionalCount = traditionalCount
        self.simplifiedCount = simplifiedCount
        self.kanaCount = kanaCount
        self.hangulCount = hangulCount
        self.hanCount = hanCount
        self.countsConversions = countsConversions
    }

    /// The script to fix glyphs toward: `nil` unless the verdict is Traditional or Simplified.
    public var targetScript: Script? {
        switch script {
        case .traditional: .traditional
        case .simplified: .simplified
        default: nil
        }
    }

    /// The sum of two detections' counts (two windows of one file), with the verdict of the sum.
    func adding(_ other: ScriptDetection) -> ScriptDetection {
        var sum = self
        sum.traditionalCount += other.traditionalCount
        sum.simplifiedCount += other.simplifiedCount
        sum.kanaCount += other.kanaCount
        sum.hangulCount += other.hangulCount
        sum.hanCount += other.hanCount
        sum.script = ScriptDetector.verdict(sum)
        return sum
    }

    /// Script-specific counts this large, in a decided verdict, need no second look: the other
    /// script's share is then measured on enough characters to trust.
    var isStrong: Bool { script.isDecided && max(traditionalCount, simplifiedCount) >= 20 }
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
            for lexicon in try OpenCCData.dictionaries(of: configuration).conversionStages.joined() {
                for entry in lexicon.entries { regionalForms.formUnion(entry.values) }
            }
        }
        for (configuration, kind) in [("t2s.json", Kind.traditional), ("s2t.json", Kind.simplified)] {
            let dictionaries = try OpenCCData.dictionaries(of: configuration)
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

    private static let cache = Locked<ScriptDetector?>(nil)

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

    /// Detects the script of `text` with the process-wide detector (see `decide(_:)`).
    public static func detect(_ text: String) throws(HanziKitError) -> ScriptDetection {
        try shared().decide(text)
    }

    /// The script of `text` with its counts of script-specific characters, kana and hangul.
    public func detect(_ text: String) -> ScriptDetection {
        var traditional = 0
        var simplified = 0
        var kana = 0
        var hangul = 0
        var han = 0
        UTF8Text.withText(text) { text in
            kinds.withUnsafeBufferPointer { kinds in
                var offset = 0
                while offset < text.count {
                    if text.bytes[offset] < 0x80 {
                        offset += 1
                        continue
                    }
                    let (value, length) = text.scalar(at: offset)
                    offset += length
                    // Most glyphs of Chinese text are unified ideographs (U+4E00–9FFF): Han, neither
                    // kana nor hangul, and inside the table, so the other tests are left out for them.
                    if value &- 0x4E00 < 0x5200 {
                        han += 1
                    } else {
                        if CharacterClass.isHan(value) { han += 1 }
                        if CharacterClass.isKana(value) { kana += 1 }
                        if CharacterClass.isHangul(value) { hangul += 1 }
                        guard value < Self.tableLimit, Int(value) < kinds.count else { continue }
                    }
                    switch kinds[Int(value)] {
                    case Kind.traditional.rawValue: traditional += 1
                    case Kind.simplified.rawValue: simplified += 1
                    default: break
                    }
                }
            }
        }
        var detection = ScriptDetection(
            script: .neither, traditionalCount: traditional, simplifiedCount: simplified, kanaCount: kana,
            hangulCount: hangul, hanCount: han)
        detection.script = Self.verdict(detection)
        return detection
    }

    /// The script of `text`, decided by script-specific characters when they are many, and
    /// otherwise by what OpenCC's conversions change: a short string such as 他是什么人 has no
    /// Simplified-only character, but s2t changes 么 and t2s changes nothing.
    public func decide(_ text: String) throws(HanziKitError) -> ScriptDetection {
        let detection = detect(text)
        guard !detection.isStrong, detection.script != .japanese, detection.script != .korean else { return detection }
        return try Self.conversionEvidence(text, characters: detection)
    }

    /// The script of the UTF-8 file at `path` (standard input for `-`, copied to a temporary
    /// file so it can be read twice), decided as `decide(_ source:)` decides it.
    public func decide(file path: String) throws(HanziKitError) -> ScriptDetection {
        try decide(TextSource(path, encoding: .utf8, rereadable: true))
    }

    /// The script of `source`, decided as `decide(_:)` decides a text but read in windows, so
    /// memory stays bounded whatever the input's size: the characters are counted window by
    /// window, and when they are too few to decide, the input is read once more to count what
    /// OpenCC's conversions change (line by line, a line cut between two windows counting as
    /// two). A source that cannot be read twice (standard input from a pipe) is read whole.
    /// Invalid UTF-8 throws with its absolute byte offset, line and column.
    public func decide(_ source: TextSource) throws(HanziKitError) -> ScriptDetection {
        try decide(source, layout: .standard)
    }

    func decide(file path: String, layout: SegmentLayout) throws(HanziKitError) -> ScriptDetection {
        try decide(TextSource(path, encoding: .utf8, rereadable: true), layout: layout)
    }

    func decide(_ source: TextSource, layout: SegmentLayout) throws(HanziKitError) -> ScriptDetection {
        guard source.isRereadable else { return try decide(source.readText()) }
        var counts = ScriptDetection(script: .neither, traditionalCount: 0, simplifiedCount: 0)
        // Counting needs no neutral cuts: pieces end wherever a window's last whole scalar does.
        try WindowedText.forEachPiece(of: source, format: .plain, layout: layout, cutting: false) { piece in
            detect(piece.text)
        } emit: { detection in
            counts = counts.adding(detection)
        }
        guard !counts.isStrong, counts.script != .japanese, counts.script != .korean else { return counts }
        var evidence = ScriptDetection(
            script: .neither, traditionalCount: 0, simplifiedCount: 0, kanaCount: counts.kanaCount,
            hangulCount: counts.hangulCount, hanCount: counts.hanCount, countsConversions: true)
        try WindowedText.forEachPiece(of: source, format: .plain, layout: layout, cutting: false) {
            piece throws(HanziKitError) in
            let detection = try Self.conversionEvidence(
                piece.text, characters: ScriptDetection(script: .neither, traditionalCount: 0, simplifiedCount: 0))
            evidence.traditionalCount += detection.traditionalCount
            evidence.simplifiedCount += detection.simplifiedCount
        }
        evidence.script = Self.verdict(evidence)
        return evidence
    }

    /// The counts of characters OpenCC's conversions change, line by line (a line whose conversion
    /// changes its length is passed over), with the kana and hangul counts of `characters`.
    static func conversionEvidence(_ text: String, characters: ScriptDetection) throws(HanziKitError)
        -> ScriptDetection
    {
        // Opened at the first line with a CJK character: a text without one (an ASCII file, a
        // one-line answer) is decided without reading four conversions (19 MB) from the cache.
        var converters: (toSimplified: Converter, toTraditional: [Converter])?
        var traditional = 0
        var simplified = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = String(line)
            guard line.utf8.contains(where: { $0 >= 0xE3 }) else { continue }
            if converters == nil {
                converters = (try Converter(.t2s), [try Converter(.s2t), try Converter(.s2tw), try Converter(.s2hk)])
            }
            guard let (toSimplified, toTraditional) = converters else { continue }
            let written = Array(line.unicodeScalars)
            let simplifiedForm = Array(toSimplified.convert(line).unicodeScalars)
            let traditionalForms = toTraditional.map { Array($0.convert(line).unicodeScalars) }
            guard simplifiedForm.count == written.count, traditionalForms.allSatisfy({ $0.count == written.count })
            else { continue }
            for index in written.indices {
                if simplifiedForm[index] != written[index] { traditional += 1 }
                if traditionalForms.allSatisfy({ $0[index] != written[index] }) { simplified += 1 }
            }
        }
        var detection = characters
        detection.traditionalCount = traditional
        detection.simplifiedCount = simplified
        detection.countsConversions = true
        detection.script = verdict(detection)
        return detection
    }

    /// Japanese or Korean when kana or hangul are a tenth of the CJK characters; otherwise
    /// Traditional or Simplified when the other script's evidence is under 5% of all of it.
    static func verdict(_ counts: ScriptDetection) -> DetectedScript {
        if counts.kanaCount > 0, counts.kanaCount * 10 >= counts.hanCount + counts.kanaCount { return .japanese }
        if counts.hangulCount > 0, counts.hangulCount * 10 >= counts.hanCount + counts.hangulCount { return .korean }
        return verdict(traditional: counts.traditionalCount, simplified: counts.simplifiedCount)
    }

    /// The rarer kind of evidence at most an eighth of the commoner is stray glyphs in a document
    /// of one script; more is a mix too close to call. In correct text the rarer kind is zero, so
    /// the ratio only decides for documents with errors (BENCHMARKS.md, "Precision").
    static let strayRatio = 8

    static func verdict(traditional: Int, simplified: Int) -> DetectedScript {
        if traditional + simplified == 0 { return .neither }
        if min(traditional, simplified) * strayRatio <= max(traditional, simplified) {
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
