/// The lexicon `MixedScriptRule` decides with: OpenCC's own dictionaries (read through the C++
/// bridge) and HanziKit's curated tables, indexed for window lookups by Unicode scalar.
struct MixedScriptLexicon: Sendable {
    /// A phrase table with the name its findings cite.
    struct PhraseTable: Sendable {
        var name: String
        var entries: [String: String]
        /// HanziKit's own tables, vetted entry by entry.
        var isCurated = false
    }

    /// A phrase's other-script form and the table that gave it.
    struct PhraseEntry: Sendable {
        var value: [Unicode.Scalar]
        var source: String
        var isCurated: Bool
    }

    /// What OpenCC's dictionaries say about a phrase as written.
    struct AttestedEntry: Sendable {
        var isTraditional = false
        var isSimplified = false
        /// For a Traditional phrase of STPhrases that differs from its key, the key.
        var simplifiedForm: [Unicode.Scalar]?
    }

    /// Traditional glyph → its first Simplified form (OpenCC TSCharacters).
    var traditionalToSimplified = ScalarMap()
    /// Simplified glyph → its Traditional forms, default first (OpenCC STCharacters).
    var simplifiedToTraditional: [Unicode.Scalar: [Unicode.Scalar]] = [:]
    /// Traditional glyph → every Simplified form (OpenCC TSCharacters).
    var traditionalToSimplifiedAll: [Unicode.Scalar: [Unicode.Scalar]] = [:]
    /// Phrase tables keyed by the phrase's Simplified spelling, in priority order (curated first).
    var toTraditionalPhrases: [PhraseTable] = []
    /// Phrase tables keyed by the phrase as it stands in Simplified text, in priority order.
    var toSimplifiedPhrases: [PhraseTable] = []
    /// `toTraditionalPhrases` as a trie; payloads index `toTraditionalEntries`.
    var toTraditional = ScalarTrie()
    var toTraditionalEntries: [PhraseEntry] = []
    /// `toSimplifiedPhrases` as a trie; payloads index `toSimplifiedEntries`.
    var toSimplified = ScalarTrie()
    var toSimplifiedEntries: [PhraseEntry] = []
    /// Phrases OpenCC's dictionaries write in Traditional (STPhrases and Taiwan phrase values,
    /// TSPhrases keys, curated keeps): a window spelled like one of them is correct as it stands.
    var attestedTraditional: Set<String> = []
    /// Phrases OpenCC's dictionaries write in Simplified (STPhrases keys, TSPhrases values).
    var attestedSimplified: Set<String> = []
    /// A Traditional phrase of STPhrases → its Simplified key, where the two differ.
    var simplifiedOfTraditionalPhrase: [String: String] = [:]
    /// Every attested phrase as a trie; payloads index `attestedEntries`.
    var attested = ScalarTrie()
    var attestedEntries: [AttestedEntry] = []
    /// Regional variant glyphs (OpenCC TWVariants and HKVariants): 裏→裡, 着→著.
    var regionalVariants = ScalarMap()
    /// Taiwan's variant glyphs (OpenCC TWVariants), applied to fixes under the Taiwan profile.
    var taiwanVariants = ScalarMap()
    /// The Traditional glyphs OpenCC reads as Taiwan variants back to standard ones (TWVariantsRev).
    var taiwanVariantsReversed = ScalarMap()
    /// Glyphs Traditional text writes for other forms too (周 for 週): never decisive on their own.
    var interchangeable: Set<Unicode.Scalar> = []
    /// Glyphs of both scripts that correct Traditional text writes only inside a phrase that keeps
    /// them (后 皇后, 里 公里): anywhere else they mean OpenCC's character default (後, 裏).
    var characterDefaults = ScalarMap()
    /// The longest phrase key or attested phrase, in scalars.
    var longestPhrase = 1
    /// How far before each glyph a phrase covering it can start.
    var phraseOffsets = PhraseOffsets()
    /// Glyphs that can make a change strong in a Traditional document; runs without one are skipped.
    var decisiveInTraditional = ScalarSet()
    /// Glyphs that can make a change strong in a Simplified document.
    var decisiveInSimplified = ScalarSet()

    /// The lexicon, loaded once per process from OpenCC's data and the curated tables.
    static let shared: MixedScriptLexicon = {
        do {
            return try load()
        } catch {
            // Without OpenCC's data the rule cannot decide anything; report nothing rather than guess.
            return MixedScriptLexicon()
        }
    }()

    static func load() throws(HanziKitError) -> MixedScriptLexicon {
        var lexicon = MixedScriptLexicon()
        let s2twp = try OpenCCDictionaries.load(configuration: "s2twp.json")
        let t2s = try OpenCCDictionaries.load(configuration: "t2s.json")
        // tw2t and t2hk hold only the variant tables, so STPhrases is not read and parsed again.
        let tw2t = try OpenCCDictionaries.load(configuration: "tw2t.json")
        let t2hk = try OpenCCDictionaries.load(configuration: "t2hk.json")
        // s2twp: [STPhrases, STCharacters], [TWPhrases], [TWVariants].
        let stPhrases = s2twp.conversionStages[0][0]
        let stCharacters = s2twp.conversionStages[0][1]
        let twPhrases = s2twp.conversionStages[1][0]
        let twVariants = s2twp.conversionStages[2][0]
        // t2s: [TSPhrases, TSCharacters]; tw2t: [TWVariantsRevPhrases, TWVariantsRev]; t2hk: [HKVariants].
        let tsPhrases = t2s.conversionStages[0][0]
        let tsCharacters = t2s.conversionStages[0][1]
        let twVariantsReversed = tw2t.conversionStages.first?.last
        let hkVariants = t2hk.conversionStages.first?.last

        for entry in stCharacters.entries {
            guard let key = entry.key.singleScalar else { continue }
            lexicon.simplifiedToTraditional[key] = entry.values.compactMap(\.singleScalar)
        }
        for entry in tsCharacters.entries {
            guard let key = entry.key.singleScalar else { continue }
            let values = entry.values.compactMap(\.singleScalar)
            lexicon.traditionalToSimplifiedAll[key] = values
            if let first = values.first { lexicon.traditionalToSimplified[key] = first }
        }
        for entry in twVariants.entries {
            guard let key = entry.key.singleScalar, let value = entry.values.first?.singleScalar else { continue }
            lexicon.taiwanVariants[key] = value
            lexicon.regionalVariants[key] = value
        }
        for entry in twVariantsReversed?.entries ?? [] {
            guard let key = entry.key.singleScalar, let value = entry.values.first?.singleScalar else { continue }
            lexicon.taiwanVariantsReversed[key] = value
        }
        for entry in hkVariants?.entries ?? [] {
            guard let key = entry.key.singleScalar, let value = entry.values.first?.singleScalar else { continue }
            if lexicon.regionalVariants[key] == nil { lexicon.regionalVariants[key] = value }
        }

        lexicon.interchangeable = Set(
            CuratedDictionaries.parse(CuratedDictionaries.mixedScriptInterchangeable).keys.compactMap(\.singleScalar))
        for (key, value) in CuratedDictionaries.parse(CuratedDictionaries.mixedScriptCharacterDefaults) {
            guard let glyph = key.singleScalar, let meaning = value.singleScalar else { continue }
            lexicon.characterDefaults[glyph] = meaning
        }
        let curatedTraditional = CuratedDictionaries.parse(CuratedDictionaries.mixedScriptSTPhrases)
        let curatedSimplified = CuratedDictionaries.parse(CuratedDictionaries.mixedScriptTSPhrases)
        lexicon.toTraditionalPhrases = [
            PhraseTable(name: "HanziKit MixedScriptSTPhrases", entries: curatedTraditional, isCurated: true),
            PhraseTable(name: "OpenCC STPhrases", entries: firstValues(stPhrases)),
        ]
        lexicon.toSimplifiedPhrases = [
            PhraseTable(name: "HanziKit MixedScriptTSPhrases", entries: curatedSimplified, isCurated: true),
            PhraseTable(name: "OpenCC TSPhrases", entries: firstValues(tsPhrases)),
        ]
        for table in lexicon.toTraditionalPhrases {
            for (key, value) in table.entries {
                lexicon.toTraditional.insert(key.unicodeScalars, payload: Int32(lexicon.toTraditionalEntries.count))
                lexicon.toTraditionalEntries.append(
                    PhraseEntry(value: Array(value.unicodeScalars), source: table.name, isCurated: table.isCurated))
            }
        }
        for table in lexicon.toSimplifiedPhrases {
            for (key, value) in table.entries {
                lexicon.toSimplified.insert(key.unicodeScalars, payload: Int32(lexicon.toSimplifiedEntries.count))
                lexicon.toSimplifiedEntries.append(
                    PhraseEntry(value: Array(value.unicodeScalars), source: table.name, isCurated: table.isCurated))
            }
        }
        for entry in stPhrases.entries {
            lexicon.attestedSimplified.insert(entry.key)
            lexicon.attestedTraditional.formUnion(entry.values)
            if let value = entry.values.first, value != entry.key, entry.key.unicodeScalars.count > 1,
                lexicon.simplifiedOfTraditionalPhrase[value] == nil
            {
                lexicon.simplifiedOfTraditionalPhrase[value] = entry.key
            }
        }
        // Taiwan phrases that keep a glyph tw2s would otherwise change (巨著) are Simplified as well.
        for entry in (tw2t.conversionStages.first ?? []).dropLast().flatMap(\.entries) {
            lexicon.attestedSimplified.insert(entry.key)
        }
        for entry in twPhrases.entries { lexicon.attestedTraditional.formUnion(entry.values) }
        for entry in tsPhrases.entries {
            lexicon.attestedTraditional.insert(entry.key)
            lexicon.attestedSimplified.formUnion(entry.values)
        }
        lexicon.attestedTraditional.subtract(
            alternativeReadings(
                of: lexicon.characterDefaults, stPhrases: stPhrases, twPhrases: twPhrases, tsPhrases: tsPhrases))
        for phrase in lexicon.attestedTraditional.union(lexicon.attestedSimplified) {
            var entry = AttestedEntry()
            entry.isTraditional = lexicon.attestedTraditional.contains(phrase)
            entry.isSimplified = lexicon.attestedSimplified.contains(phrase)
            entry.simplifiedForm = lexicon.simplifiedOfTraditionalPhrase[phrase].map { Array($0.unicodeScalars) }
            lexicon.attested.insert(phrase.unicodeScalars, payload: Int32(lexicon.attestedEntries.count))
            lexicon.attestedEntries.append(entry)
        }
        let keys =
            lexicon.toTraditionalPhrases.flatMap(\.entries.keys) + lexicon.toSimplifiedPhrases.flatMap(\.entries.keys)
        let phrases = keys + Array(lexicon.attestedTraditional) + Array(lexicon.attestedSimplified)
        lexicon.longestPhrase = phrases.map(\.unicodeScalars.count).max() ?? 1
        for phrase in phrases { lexicon.phraseOffsets.record(phrase.unicodeScalars) }
        lexicon.collectDecisiveGlyphs(curatedTraditional: curatedTraditional, curatedSimplified: curatedSimplified)
        return lexicon
    }

    private mutating func collectDecisiveGlyphs(
        curatedTraditional: [String: String], curatedSimplified: [String: String]
    ) {
        for (simplified, forms) in simplifiedToTraditional {
            guard let defaultForm = forms.first else { continue }
            if !interchangeable.contains(simplified), forms.count > 1 || !areRegionalVariants(defaultForm, simplified) {
                decisiveInTraditional.insert(simplified)
            }
            for form in forms.dropFirst() where !areRegionalVariants(form, defaultForm) {
                decisiveInTraditional.insert(form)
                if let variant = regionalVariants[form] { decisiveInTraditional.insert(variant) }
            }
        }
        decisiveInTraditional.formUnion(Array(characterDefaults.keys))
        for (key, value) in curatedTraditional {
            for (glyph, fixed) in zip(key.unicodeScalars, value.unicodeScalars) where glyph != fixed {
                decisiveInTraditional.insert(glyph)
                for form in simplifiedToTraditional[glyph] ?? [] {
                    decisiveInTraditional.insert(form)
                    if let variant = regionalVariants[form] { decisiveInTraditional.insert(variant) }
                }
            }
        }
        for (traditional, forms) in traditionalToSimplifiedAll {
            if isTraditionalOnly(traditional) || forms.first != traditional { decisiveInSimplified.insert(traditional) }
        }
        decisiveInSimplified.formUnion(Array(taiwanVariantsReversed.keys))
        for (key, value) in curatedSimplified {
            for (glyph, fixed) in zip(key.unicodeScalars, value.unicodeScalars) where glyph != fixed {
                decisiveInSimplified.insert(glyph)
            }
        }
    }

    /// Phrases with a glyph of `characterDefaults` that OpenCC writes only as a second reading
    /// (先后: 先後 first): they must not keep the glyph, or the default would never apply there.
    private static func alternativeReadings(
        of characterDefaults: ScalarMap, stPhrases: OpenCCLexicon, twPhrases: OpenCCLexicon,
        tsPhrases: OpenCCLexicon
    ) -> Set<String> {
        var alternatives = Set<String>()
        var firstReadings = Set<String>()
        for entry in stPhrases.entries {
            if let first = entry.values.first { firstReadings.insert(first) }
            for value in entry.values.dropFirst()
            where value.unicodeScalars.contains(where: { characterDefaults[$0] != nil }) {
                alternatives.insert(value)
            }
        }
        firstReadings.formUnion(twPhrases.entries.flatMap(\.values))
        firstReadings.formUnion(tsPhrases.entries.map(\.key))
        return alternatives.subtracting(firstReadings)
    }

    private static func firstValues(_ lexicon: OpenCCLexicon) -> [String: String] {
        var table: [String: String] = [:]
        for entry in lexicon.entries where entry.key.unicodeScalars.count > 1 {
            if let value = entry.values.first, table[entry.key] == nil { table[entry.key] = value }
        }
        return table
    }

    // MARK: Glyph classes

    /// A glyph OpenCC only knows as Simplified: it converts to Traditional and never stays.
    func isSimplifiedOnly(_ glyph: Unicode.Scalar) -> Bool {
        guard let values = simplifiedToTraditional[glyph] else { return false }
        // 秘 converts to 祕, which Taiwan and Hong Kong write 秘 again: valid Traditional.
        return !values.contains { areRegionalVariants($0, glyph) } && traditionalToSimplified[glyph] == nil
    }

    /// A glyph OpenCC only knows as Traditional: it simplifies and never stays.
    func isTraditionalOnly(_ glyph: Unicode.Scalar) -> Bool {
        guard let values = traditionalToSimplifiedAll[glyph] else { return false }
        return !values.contains(glyph) && simplifiedToTraditional[glyph] == nil
    }

    /// Whether two Traditional glyphs are the same character in different regional standards.
    func areRegionalVariants(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        first == second || regionalVariants[first] == second || regionalVariants[second] == first
    }
}

extension String {
    var singleScalar: Unicode.Scalar? {
        var scalars = unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first
    }

}
