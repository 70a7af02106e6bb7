/// The most frequent everyday words and characters of Chinese (`Dictionaries/FrequentWords.txt` and
/// `FrequentCharacters.txt`, from jieba's dictionary), in Simplified and Traditional forms, with
/// each one's frequency rank.
///
/// OpenCC's phrase tables list conversion exceptions, not everyday words (现在 and 基础 are in
/// neither); this is the list to ask whether a run of characters is a common word at all:
///
///     FrequentWords.shared.contains("現在")   // true, as 现在 is
///     FrequentWords.shared.rank(of: "现在")   // 1 is the most frequent word
///     FrequentWords.shared.characterRank(of: "這")   // 17: 这 is a very common character
struct FrequentWords: Sendable {
    /// The embedded lists, parsed on first use once per process.
    static let shared = FrequentWords(
        words: CuratedDictionaries.frequentWords, characters: CuratedDictionaries.frequentCharacters)

    /// The Simplified words, most frequent first: `simplifiedWords[rank - 1]`.
    let simplifiedWords: [String]
    /// Every form of every word (Simplified, Taiwan, Traditional) → its rank, 1 for the most frequent.
    private let ranks: [String: Int]
    /// Every form of every character → its rank, 1 for the most frequent.
    private let characterRanks: [Unicode.Scalar: Int]

    /// Parses both lists.
    init(words: String, characters: String) {
        var simplifiedWords: [String] = []
        ranks = Self.parse(words) { simplifiedWords.append($0) }
        self.simplifiedWords = simplifiedWords
        var characterRanks: [Unicode.Scalar: Int] = [:]
        for (form, rank) in Self.parse(characters, keyed: { _ in }) {
            if let scalar = form.unicodeScalars.first, form.unicodeScalars.count == 1 { characterRanks[scalar] = rank }
        }
        self.characterRanks = characterRanks
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

    /// The character's frequency rank (1 for the most frequent), in either script; `nil` when it is
    /// not among the most frequent few thousand.
    func characterRank(of character: Unicode.Scalar) -> Int? { characterRanks[character] }
}
