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

    /// The lexicons, read from the lexicon cache once per process, or built and stored there.
    static let shared: NormalizationLexicons = {
        let key = LexiconCache.key(for: NormalizationLexicons.self)
        if let key, let cached = LexiconCache.load(NormalizationLexicons.self, key: key) { return cached }
        let (lexicons, complete) = build()
        if let key, complete { LexiconCache.store(lexicons, key: key) }
        return lexicons
    }()

    /// Builds every lexicon from OpenCC's dictionaries, HanziKit's tables and iconv; `complete` is
    /// false when OpenCC's data could not be read, and then nothing is worth storing.
    static func build() -> (lexicons: NormalizationLexicons, complete: Bool) {
        var mixedScript = MixedScriptLexicon()
        var attested = MixedScriptLexicon.AttestedPhrases()
        var complete = true
        do {
            (mixedScript, attested) = try MixedScriptLexicon.build()
        } catch {
            // Without OpenCC's data the rule cannot decide anything; it reports nothing rather than guess.
            complete = false
        }
        let frequent = FrequentWords(
            words: CuratedDictionaries.frequentWords, characters: CuratedDictionaries.frequentCharacters)
        let gbk = LegacyCodeTable(decoding: "GBK")
        let big5 = LegacyCodeTable(decoding: "BIG5")
        let mojibake = MojibakeLexicon(mixed: mixedScript, attested: attested, frequent: frequent, gbk: gbk, big5: big5)
        return (NormalizationLexicons(mixedScript: mixedScript, mojibake: mojibake, gbk: gbk, big5: big5), complete)
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
