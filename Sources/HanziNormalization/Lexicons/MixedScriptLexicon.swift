import HanziConversion
import HanziText

/// The lexicon `MixedScriptRule` decides with: OpenCC's own dictionaries (read through the C++
/// bridge) and HanziKit's curated tables, indexed for window lookups by Unicode scalar.
struct MixedScriptLexicon: Sendable, Equatable {
    /// A phrase table with the name its findings cite.
    struct PhraseTable: Sendable {
        var name: String
        var entries: [String: String]
        /// HanziKit's own tables, vetted entry by entry.
        var isCurated = false
    }

    /// A phrase's other-script form and the table that gave it.
    struct PhraseEntry: Sendable {
        var value: ArraySlice<Unicode.Scalar>
        var source: String
        var isCurated: Bool
    }

    /// The phrase entries a trie's payloads index, flat: the other-script forms, and the table of each.
    struct PhraseEntries: Sendable, Equatable {
        var values = ScalarLists()
        var tables: [UInt8] = []
        var tableNames: [String] = []
        var curatedTables: [Bool] = []

        subscript(_ index: Int) -> PhraseEntry {
            let table = Int(tables[index])
            return PhraseEntry(value: values[index], source: tableNames[table], isCurated: curatedTables[table])
        }

        mutating func append(_ value: some Sequence<Unicode.Scalar>, table: Int) {
            values.append(value)
            tables.append(UInt8(table))
        }

        func write(to writer: inout CacheWriter) {
            values.write(to: &writer)
            writer.appendCounted(tables)
            writer.appendStrings(tableNames)
            writer.appendCounted(curatedTables.map { $0 ? UInt8(1) : 0 })
        }

        init() {}

        init?(reading reader: inout CacheReader) {
            guard let values = ScalarLists(reading: &reader), let tables: [UInt8] = reader.readCounted(),
                let names = reader.readStrings(), let curated: [UInt8] = reader.readCounted(),
                tables.count == values.count, curated.count == names.count,
                tables.allSatisfy({ Int($0) < names.count })
            else { return nil }
            self.values = values
            self.tables = tables
            tableNames = names
            curatedTables = curated.map { $0 != 0 }
        }
    }

    /// What OpenCC's dictionaries say about a phrase as written.
    struct AttestedEntry: Sendable {
        var isTraditional = false
        var isSimplified = false
        /// For a Traditional phrase of STPhrases that differs from its key, the key.
        var simplifiedForm: ArraySlice<Unicode.Scalar>?
    }

    /// The attested entries a trie's payloads index, flat.
    struct AttestedEntries: Sendable, Equatable {
        /// Bit 0: written in Traditional; bit 1: written in Simplified.
        var flags: [UInt8] = []
        /// The Simplified key of each (empty when there is none).
        var simplifiedForms = ScalarLists()

        subscript(_ index: Int) -> AttestedEntry {
            let form = simplifiedForms[index]
            return AttestedEntry(
                isTraditional: flags[index] & 1 != 0, isSimplified: flags[index] & 2 != 0,
                simplifiedForm: form.isEmpty ? nil : form)
        }

        var count: Int { flags.count }

        mutating func append(_ entry: AttestedEntry) {
            flags.append((entry.isTraditional ? 1 : 0) | (entry.isSimplified ? 2 : 0))
            simplifiedForms.append(entry.simplifiedForm ?? [])
        }

        func write(to writer: inout CacheWriter) {
            writer.appendCounted(flags)
            simplifiedForms.write(to: &writer)
        }

        init() {}

        init?(reading reader: inout CacheReader) {
            guard let flags: [UInt8] = reader.readCounted(), let forms = ScalarLists(reading: &reader),
                forms.count == flags.count
            else { return nil }
            self.flags = flags
            simplifiedForms = forms
        }
    }

    /// Traditional glyph → its first Simplified form (OpenCC TSCharacters).
    var traditionalToSimplified = ScalarMap()
    /// Simplified glyph → its Traditional forms, default first (OpenCC STCharacters).
    var simplifiedToTraditional: [Unicode.Scalar: [Unicode.Scalar]] = [:]
    /// Traditional glyph → every Simplified form (OpenCC TSCharacters).
    var traditionalToSimplifiedAll: [Unicode.Scalar: [Unicode.Scalar]] = [:]
    /// The Simplified spellings of phrases (curated first, then OpenCC STPhrases) as a trie; payloads
    /// index `toTraditionalEntries`.
    var toTraditional = ScalarTrie()
    var toTraditionalEntries = PhraseEntries()
    /// Phrases as they stand in Simplified text (curated first, then OpenCC TSPhrases) as a trie;
    /// payloads index `toSimplifiedEntries`.
    var toSimplified = ScalarTrie()
    var toSimplifiedEntries = PhraseEntries()
    /// Every phrase OpenCC's dictionaries write in Traditional (STPhrases and Taiwan phrase values,
    /// TSPhrases keys, curated keeps) or in Simplified (STPhrases keys, TSPhrases values), as a trie;
    /// payloads index `attestedEntries`. A window spelled like a Traditional one is correct as it stands.
    var attested = ScalarTrie()
    var attestedEntries = AttestedEntries()
    /// Regional variant glyphs (OpenCC TWVariants and HKVariants): 裏→裡, 着→著.
    var regionalVariants = ScalarMap()
    /// Taiwan's variant glyphs (OpenCC TWVariants), applied to fixes under the Taiwan profile.
    var taiwanVariants = ScalarMap()
    /// The Traditional glyphs OpenCC reads as Taiwan variants back to standard ones (TWVariantsRev).
    var taiwanVariantsReversed = ScalarMap()
    /// Glyphs Traditional text writes for other forms too (周 for 週): never decisive on their own.
    var interchangeable = ScalarSet()
    /// Glyphs of both scripts that correct Traditional text writes only inside a phrase that keeps
    /// them (后 皇后, 里 公里): anywhere else they mean OpenCC's character default (後, 裏).
    var characterDefaults = ScalarMap()
    /// The longest phrase key or attested phrase, in scalars.
    var longestPhrase = 1
    /// How far before each glyph a phrase covering it can start.
    var phraseOffsets = PhraseOffsets()
    /// Glyphs OpenCC only knows as Simplified (see `isSimplifiedOnly`), as a bitmap for scans.
    var simplifiedOnly = ScalarSet()
    /// Glyphs OpenCC only knows as Traditional (see `isTraditionalOnly`), as a bitmap for scans.
    var traditionalOnly = ScalarSet()
    /// Glyphs that can make a change strong in a Traditional document; runs without one are skipped.
    var decisiveInTraditional = ScalarSet()
    /// Glyphs that can make a change strong in a Simplified document.
    var decisiveInSimplified = ScalarSet()

    /// The lexicon, loaded once per process (from the lexicon cache, or built).
    static var shared: MixedScriptLexicon { NormalizationLexicons.shared.mixedScript }

    /// Whether OpenCC's dictionaries write `phrase` as it stands in Traditional text.
    func isAttestedTraditional(_ phrase: some Sequence<Unicode.Scalar>) -> Bool {
        attested.payload(of: phrase).map { attestedEntries[$0].isTraditional } ?? false
    }

    /// The phrases OpenCC's dictionaries write in each script, which `MojibakeLexicon` is built from.
    struct AttestedPhrases {
        var traditional: Set<String> = []
        var simplified: Set<String> = []
    }

    /// Builds the lexicon from OpenCC's dictionaries and the curated tables, with the attested
    /// phrases as strings for the lexicons built on it.
    static func build(configurationFolder: String = "") throws(HanziKitError) -> (MixedScriptLexicon, AttestedPhrases) {
        var lexicon = MixedScriptLexicon()
        var attested = AttestedPhrases()
        let s2twp = try OpenCCData.dictionaries(of: configurationFolder + "s2twp.json")
        let t2s = try OpenCCData.dictionaries(of: configurationFolder + "t2s.json")
        // tw2t and t2hk hold only the variant tables, so STPhrases is not read and parsed again.
        let tw2t = try OpenCCData.dictionaries(of: configurationFolder + "tw2t.json")
        let t2hk = try OpenCCData.dictionaries(of: configurationFolder + "t2hk.json")
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

        for glyph in lexicon.simplifiedToTraditional.keys where lexicon.computeIsSimplifiedOnly(glyph) {
            lexicon.simplifiedOnly.insert(glyph)
        }
        for glyph in lexicon.traditionalToSimplifiedAll.keys where lexicon.computeIsTraditionalOnly(glyph) {
            lexicon.traditionalOnly.insert(glyph)
        }
        lexicon.interchangeable.formUnion(
            CuratedDictionaries.parse(CuratedDictionaries.mixedScriptInterchangeable).keys.compactMap(\.singleScalar))
        for (key, value) in CuratedDictionaries.parse(CuratedDictionaries.mixedScriptCharacterDefaults).sorted(by: <) {
            guard let glyph = key.singleScalar, let meaning = value.singleScalar else { continue }
            lexicon.characterDefaults[glyph] = meaning
        }
        let curatedTraditional = CuratedDictionaries.parse(CuratedDictionaries.mixedScriptSTPhrases)
        let curatedSimplified = CuratedDictionaries.parse(CuratedDictionaries.mixedScriptTSPhrases)
        let toTraditionalPhrases = [
            PhraseTable(name: "HanziKit MixedScriptSTPhrases", entries: curatedTraditional, isCurated: true),
            PhraseTable(name: "OpenCC STPhrases", entries: firstValues(stPhrases)),
        ]
        let toSimplifiedPhrases = [
            PhraseTable(name: "HanziKit MixedScriptTSPhrases", entries: curatedSimplified, isCurated: true),
            PhraseTable(name: "OpenCC TSPhrases", entries: firstValues(tsPhrases)),
        ]
        func index(_ tables: [PhraseTable], into trie: inout ScalarTrie, entries: inout PhraseEntries) {
            entries.tableNames = tables.map(\.name)
            entries.curatedTables = tables.map(\.isCurated)
            for (tableIndex, table) in tables.enumerated() {
                // Sorted, so the stored lexicon is the same bytes on every build.
                for (key, value) in table.entries.sorted(by: { $0.key < $1.key }) {
                    trie.insert(key.unicodeScalars, payload: Int32(entries.values.count))
                    entries.append(value.unicodeScalars, table: tableIndex)
                }
            }
        }
        index(toTraditionalPhrases, into: &lexicon.toTraditional, entries: &lexicon.toTraditionalEntries)
        index(toSimplifiedPhrases, into: &lexicon.toSimplified, entries: &lexicon.toSimplifiedEntries)
        var simplifiedOfTraditionalPhrase: [String: String] = [:]
        for entry in stPhrases.entries {
            attested.simplified.insert(entry.key)
            attested.traditional.formUnion(entry.values)
            if let value = entry.values.first, value != entry.key, entry.key.unicodeScalars.count > 1,
                simplifiedOfTraditionalPhrase[value] == nil
            {
                simplifiedOfTraditionalPhrase[value] = entry.key
            }
        }
        // Taiwan phrases that keep a glyph tw2s would otherwise change (巨著) are Simplified as well.
        for entry in (tw2t.conversionStages.first ?? []).dropLast().flatMap(\.entries) {
            attested.simplified.insert(entry.key)
        }
        for entry in twPhrases.entries { attested.traditional.formUnion(entry.values) }
        for entry in tsPhrases.entries {
            attested.traditional.insert(entry.key)
            attested.simplified.formUnion(entry.values)
        }
        attested.traditional.subtract(
            alternativeReadings(
                of: lexicon.characterDefaults, stPhrases: stPhrases, twPhrases: twPhrases, tsPhrases: tsPhrases))
        for phrase in attested.traditional.union(attested.simplified).sorted() {
            var entry = AttestedEntry()
            entry.isTraditional = attested.traditional.contains(phrase)
            entry.isSimplified = attested.simplified.contains(phrase)
            entry.simplifiedForm = simplifiedOfTraditionalPhrase[phrase].map { ArraySlice($0.unicodeScalars) }
            lexicon.attested.insert(phrase.unicodeScalars, payload: Int32(lexicon.attestedEntries.count))
            lexicon.attestedEntries.append(entry)
        }
        let keys = toTraditionalPhrases.flatMap(\.entries.keys) + toSimplifiedPhrases.flatMap(\.entries.keys)
        let phrases = keys + Array(attested.traditional) + Array(attested.simplified)
        lexicon.longestPhrase = phrases.map(\.unicodeScalars.count).max() ?? 1
        for phrase in phrases { lexicon.phraseOffsets.record(phrase.unicodeScalars) }
        lexicon.collectDecisiveGlyphs(curatedTraditional: curatedTraditional, curatedSimplified: curatedSimplified)
        lexicon.toTraditional.compact()
        lexicon.toSimplified.compact()
        lexicon.attested.compact()
        return (lexicon, attested)
    }

    // MARK: Stored form

    /// The lexicon in the form `init(reading:)` reads.
    func write(to writer: inout CacheWriter) {
        traditionalToSimplified.write(to: &writer)
        Self.write(simplifiedToTraditional, to: &writer)
        Self.write(traditionalToSimplifiedAll, to: &writer)
        // Entries before their tries, so reading checks each trie's payloads against its entries once.
        toTraditionalEntries.write(to: &writer)
        toTraditional.write(to: &writer)
        toSimplifiedEntries.write(to: &writer)
        toSimplified.write(to: &writer)
        attestedEntries.write(to: &writer)
        attested.write(to: &writer)
        for map in [regionalVariants, taiwanVariants, taiwanVariantsReversed, characterDefaults] {
            map.write(to: &writer)
        }
        interchangeable.write(to: &writer)
        writer.appendCounted([UInt64(longestPhrase)])
        phraseOffsets.write(to: &writer)
        decisiveInTraditional.write(to: &writer)
        decisiveInSimplified.write(to: &writer)
        simplifiedOnly.write(to: &writer)
        traditionalOnly.write(to: &writer)
    }

    /// A lexicon `write(to:)` wrote; `nil` when the stored form is damaged.
    init?(reading reader: inout CacheReader) {
        guard let traditionalToSimplified = ScalarMap(reading: &reader),
            let simplifiedToTraditional = Self.readLists(&reader),
            let traditionalToSimplifiedAll = Self.readLists(&reader),
            let toTraditionalEntries = PhraseEntries(reading: &reader),
            let toTraditional = ScalarTrie(reading: &reader, payloadLimit: toTraditionalEntries.values.count),
            let toSimplifiedEntries = PhraseEntries(reading: &reader),
            let toSimplified = ScalarTrie(reading: &reader, payloadLimit: toSimplifiedEntries.values.count),
            let attestedEntries = AttestedEntries(reading: &reader),
            let attested = ScalarTrie(reading: &reader, payloadLimit: attestedEntries.count),
            let regionalVariants = ScalarMap(reading: &reader), let taiwanVariants = ScalarMap(reading: &reader),
            let taiwanVariantsReversed = ScalarMap(reading: &reader),
            let characterDefaults = ScalarMap(reading: &reader), let interchangeable = ScalarSet(reading: &reader),
            let longestPhrase: [UInt64] = reader.readCounted(), longestPhrase.count == 1,
            let phraseOffsets = PhraseOffsets(reading: &reader),
            let decisiveInTraditional = ScalarSet(reading: &reader),
            let decisiveInSimplified = ScalarSet(reading: &reader),
            let simplifiedOnly = ScalarSet(reading: &reader), let traditionalOnly = ScalarSet(reading: &reader)
        else { return nil }
        self.traditionalToSimplified = traditionalToSimplified
        self.simplifiedToTraditional = simplifiedToTraditional
        self.traditionalToSimplifiedAll = traditionalToSimplifiedAll
        self.toTraditional = toTraditional
        self.toTraditionalEntries = toTraditionalEntries
        self.toSimplified = toSimplified
        self.toSimplifiedEntries = toSimplifiedEntries
        self.attested = attested
        self.attestedEntries = attestedEntries
        self.regionalVariants = regionalVariants
        self.taiwanVariants = taiwanVariants
        self.taiwanVariantsReversed = taiwanVariantsReversed
        self.characterDefaults = characterDefaults
        self.interchangeable = interchangeable
        self.longestPhrase = Int(clamping: longestPhrase[0])
        self.phraseOffsets = phraseOffsets
        self.decisiveInTraditional = decisiveInTraditional
        self.decisiveInSimplified = decisiveInSimplified
        self.simplifiedOnly = simplifiedOnly
        self.traditionalOnly = traditionalOnly
    }

    init() {}

    private static func write(_ lists: [Unicode.Scalar: [Unicode.Scalar]], to writer: inout CacheWriter) {
        let keys = lists.keys.sorted()
        var values = ScalarLists()
        for key in keys { values.append(lists[key]!) }
        writer.appendScalars(keys)
        values.write(to: &writer)
    }

    private static func readLists(_ reader: inout CacheReader) -> [Unicode.Scalar: [Unicode.Scalar]]? {
        guard let keys = reader.readScalars(), let values = ScalarLists(reading: &reader), values.count == keys.count
        else { return nil }
        var lists: [Unicode.Scalar: [Unicode.Scalar]] = [:]
        lists.reserveCapacity(keys.count)
        for (index, key) in keys.enumerated() { lists[key] = Array(values[index]) }
        return lists
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
    func isSimplifiedOnly(_ glyph: Unicode.Scalar) -> Bool { simplifiedOnly.contains(glyph) }

    /// A glyph OpenCC only knows as Traditional: it simplifies and never stays.
    func isTraditionalOnly(_ glyph: Unicode.Scalar) -> Bool { traditionalOnly.contains(glyph) }

    private func computeIsSimplifiedOnly(_ glyph: Unicode.Scalar) -> Bool {
        guard let values = simplifiedToTraditional[glyph] else { return false }
        // 秘 converts to 祕, which Taiwan and Hong Kong write 秘 again: valid Traditional.
        return !values.contains { areRegionalVariants($0, glyph) } && traditionalToSimplified[glyph] == nil
    }

    private func computeIsTraditionalOnly(_ glyph: Unicode.Scalar) -> Bool {
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
