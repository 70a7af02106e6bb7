import HanziConversion
import HanziText

/// The most frequent everyday words and characters of Chinese (`Dictionaries/FrequentWords.txt` and
/// `FrequentCharacters.txt`, from jieba's dictionary), in Simplified and Traditional forms, with
/// each one's frequency rank.
///
/// OpenCC's phrase tables list conversion exceptions, not everyday words (现在 and 基础 are in
/// neither); this is the list to ask whether a run of characters is a common word at all:
///
///     FrequentWords.shared.contains("現在")   // true, as 现在 is
///     FrequentWords.shared.rank(of: "现在")   // 1 is the most frequent word
///     FrequentWords.shared.characterRank(of: "這")   // 13: 这 is a very common character
struct FrequentWords: Sendable, Equatable {
    /// The embedded lists, parsed once per process (or read back from the lexicon cache).
    static var shared: FrequentWords { NormalizationLexicons.shared.mojibake.frequent }

    /// The Simplified words, most frequent first: list `rank - 1`.
    private var simplifiedWordList = ScalarLists()
    /// Every form of every word (Simplified, Taiwan, Traditional) → its rank, 1 for the most frequent.
    private var ranks = ScalarTrie()
    /// Simplified character → its rank, 1 for the most frequent.
    private var simplifiedCharacterRanks: [Unicode.Scalar: Int] = [:]
    /// Traditional forms (Taiwan first) → the rank of their line.
    private var traditionalCharacterRanks: [Unicode.Scalar: Int] = [:]

    /// Parses both lists.
    init(words: String, characters: String) {
        parse(words)
        var simplified: [Unicode.Scalar: Int] = [:]
        var traditional: [Unicode.Scalar: Int] = [:]
        for line in characters.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2, let key = fields[0].unicodeScalars.first, simplified[key] == nil else { continue }
            let rank = simplified.count + 1
            simplified[key] = rank
            for form in fields[1].split(separator: " ") {
                if let scalar = form.unicodeScalars.first, traditional[scalar] == nil { traditional[scalar] = rank }
            }
        }
        simplifiedCharacterRanks = simplified
        traditionalCharacterRanks = traditional
        ranks.compact()
    }

    /// OpenCC's text format in frequency order (lines starting with `#` are the file's header): every
    /// form gets the rank of its line.
    private mutating func parse(_ text: String) {
        var rank: Int32 = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2, ranks.payload(of: fields[0].unicodeScalars) == nil else { continue }
            rank += 1
            simplifiedWordList.append(fields[0].unicodeScalars)
            // The trie keeps the first payload of a key, so every form keeps the rank it first had.
            ranks.insert(fields[0].unicodeScalars, payload: rank)
            for form in fields[1].split(separator: " ") { ranks.insert(form.unicodeScalars, payload: rank) }
        }
    }

    /// The lists in the form `init(reading:)` reads.
    func write(to writer: inout CacheWriter) {
        simplifiedWordList.write(to: &writer)
        ranks.write(to: &writer)
        for table in [simplifiedCharacterRanks, traditionalCharacterRanks] {
            let keys = table.keys.sorted()
            writer.appendScalars(keys)
            writer.appendCounted(keys.map { Int32(table[$0]!) })
        }
    }

    /// Lists `write(to:)` wrote; `nil` when the stored form is damaged.
    init?(reading reader: inout CacheReader) {
        guard let words = ScalarLists(reading: &reader), let ranks = ScalarTrie(reading: &reader, payloadLimit: .max)
        else { return nil }
        var tables: [[Unicode.Scalar: Int]] = []
        for _ in 0..<2 {
            guard let keys = reader.readScalars(), let values: [Int32] = reader.readCounted(),
                keys.count == values.count
            else { return nil }
            tables.append(Dictionary(zip(keys, values.map(Int.init))) { first, _ in first })
        }
        simplifiedWordList = words
        self.ranks = ranks
        simplifiedCharacterRanks = tables[0]
        traditionalCharacterRanks = tables[1]
    }

    /// The Simplified words, most frequent first: `simplifiedWords[rank - 1]`.
    var simplifiedWords: [String] {
        (0..<simplifiedWordList.count).map { String(String.UnicodeScalarView(simplifiedWordList[$0])) }
    }

    /// How many words the list has.
    var count: Int { simplifiedWordList.count }

    /// Whether the word, in Simplified or Traditional form, is on the list.
    func contains(_ word: String) -> Bool { rank(of: word.unicodeScalars) != nil }

    /// Whether the word, in Simplified or Traditional form, is on the list.
    func contains(_ word: some Sequence<Unicode.Scalar>) -> Bool { rank(of: word) != nil }

    /// The word's frequency rank (1 for the most frequent), in either script; `nil` when not listed.
    func rank(of word: String) -> Int? { rank(of: word.unicodeScalars) }

    /// The word's frequency rank (1 for the most frequent), in either script; `nil` when not listed.
    func rank(of word: some Sequence<Unicode.Scalar>) -> Int? { ranks.payload(of: word) }

    /// The character's frequency rank (1 for the most frequent) as the script writes it, or in either
    /// script when none is given; `nil` when it is not among the most frequent few thousand. 厂 is
    /// common Simplified but rare in Traditional text, which writes 廠.
    func characterRank(of character: Unicode.Scalar, in script: Script? = nil) -> Int? {
        switch script {
        case .simplified?: simplifiedCharacterRanks[character]
        case .traditional?: traditionalCharacterRanks[character]
        case nil: simplifiedCharacterRanks[character] ?? traditionalCharacterRanks[character]
        }
    }
}
