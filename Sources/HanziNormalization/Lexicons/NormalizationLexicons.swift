import HanziConversion
import HanziText

/// Everything the normalization rules look words and glyphs up in, built together because each
/// lexicon is built on the ones before it, and stored together in the lexicon cache.
struct NormalizationLexicons: CachedLexicon, Equatable {
    static let kind = "lexicon"
    static let configurations = ["s2twp.json", "t2s.json", "tw2t.json", "t2hk.json"]
    static var sources: [String] { [LexiconCache.curatedTablesHash, LexiconCache.cLibraryVersion] }

    var mixedScript: MixedScriptLexicon
    var mojibake: MojibakeLexicon
    var gbk: LegacyCodeTable
    var big5: LegacyCodeTable

    /// The lexicons, read from the lexicon cache once per process, or built and stored there; or
    /// the error naming the OpenCC configuration or dictionary that could not be read.
    static let loaded: Result<NormalizationLexicons, HanziKitError> = {
        let key = LexiconCache.key(for: NormalizationLexicons.self)
        if let key, let cached = LexiconCache.load(NormalizationLexicons.self, key: key) { return .success(cached) }
        let built = Result { () throws(HanziKitError) in try build() }
        if let key, case let .success(lexicons) = built { LexiconCache.store(lexicons, key: key) }
        return built
    }()

    /// The lexicons, for the rules. The rules that read them load them in `Rule.prepare()`, which
    /// reports a failure; reaching here without that (a non-throwing entry point on a system
    /// without OpenCC's data) stops the process with the error rather than let the rules find
    /// nothing.
    static var shared: NormalizationLexicons {
        switch loaded {
        case let .success(lexicons): return lexicons
        case let .failure(error): fatalError("HanziKit's lexicons cannot be built: \(error)")
        }
    }

    /// Builds every lexicon from OpenCC's dictionaries (the configurations in
    /// `configurationFolder`, or OpenCC's own by name), HanziKit's tables and iconv; throws the
    /// error naming the file when OpenCC's data cannot be read.
    static func build(configurationFolder: String = "") throws(HanziKitError) -> NormalizationLexicons {
        let (mixedScript, attested) = try MixedScriptLexicon.build(configurationFolder: configurationFolder)
        let frequent = FrequentWords(
            words: CuratedDictionaries.frequentWords, characters: CuratedDictionaries.frequentCharacters)
        let gbk = try LegacyCodeTable(decoding: "GBK")
        let big5 = try LegacyCodeTable(decoding: "BIG5")
        let mojibake = MojibakeLexicon(mixed: mixedScript, attested: attested, frequent: frequent, gbk: gbk, big5: big5)
        return NormalizationLexicons(mixedScript: mixedScript, mojibake: mojibake, gbk: gbk, big5: big5)
    }

    /// The lexicons in the form `init(reading:)` reads.
    func write(to writer: inout CacheWriter) {
        mixedScript.write(to: &writer)
        mojibake.write(to: &writer)
        gbk.write(to: &writer)
        big5.write(to: &writer)
    }

    /// Lexicons `write(to:)` wrote; `nil` when the stored form is damaged.
    init?(reading reader: inout CacheReader) {
        guard let mixedScript = MixedScriptLexicon(reading: &reader),
            let mojibake = MojibakeLexicon(reading: &reader), let gbk = LegacyCodeTable(reading: &reader),
            let big5 = LegacyCodeTable(reading: &reader)
        else { return nil }
        self.mixedScript = mixedScript
        self.mojibake = mojibake
        self.gbk = gbk
        self.big5 = big5
    }

    init(mixedScript: MixedScriptLexicon, mojibake: MojibakeLexicon, gbk: LegacyCodeTable, big5: LegacyCodeTable) {
        self.mixedScript = mixedScript
        self.mojibake = mojibake
        self.gbk = gbk
        self.big5 = big5
    }
}
