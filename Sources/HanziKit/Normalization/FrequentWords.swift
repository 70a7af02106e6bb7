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
struct FrequentWords: Sendable {
    /// The embedded lists, parsed on first use once per process.
    static let shared = FrequentWords(
        words: CuratedDictionaries.frequentWords, characters: CuratedDictionaries.frequentCharacters)

    /// The Simplified words, most frequent first: `simplifiedWords[rank - 1]`.
    let simplifiedWords: [String]
    /// Every form of every word (Simplified, Taiwan, Traditional) → its rank, 1 for the most frequent.
    private let ranks: [String: Int]
    /// Simplified character → its rank, 1 for the most frequent.
    private let simplifiedCharacterRanks: [Unicode.Scalar: Int]
    /// Traditional forms (Taiwan first) → the rank of their line.
    private let traditionalCharacterRanks: [Unicode.Scalar: Int]

    /// Parses both lists.
    init(words: String, characters: String) {
        var simplifiedWords: [String] = []
        ranks = Self.parse(words) { simplifiedWords.append($0) }
        self.simplifiedWords = simplifiedWords
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
    }

    /// OpenCC's text format in frequency order (lines starting with `#` are the file's header): every
    /// form → the rank of its line.
    private static func parse(_ text: String, keyed: (String) -> Void) -> [String: Int] {
        var ranks: [String: Int] = [:]
        var rank = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2, ranks[String(fields[0])] == nil else { continue }
            rank += 1
            keyed(String(fields[0]))
            ranks[String(fields[0])] = rank
            for form in fields[1].split(separator: " ") where ranks[String(form)] == nil {
                ranks[String(form)] = rank
            }
        }
        return ranks
    }

    /// How many words the list has.
    var count: Int { simplifiedWords.count }

    /// Whether the word, in Simplified or Traditional form, is on the list.
    func contains(_ word: String) -> Bool { ranks[word] != nil }

    /// The word's frequency rank (1 for the most frequent), in either script; `nil` when not listed.
    func rank(of word: String) -> Int? { ranks[word] }

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
