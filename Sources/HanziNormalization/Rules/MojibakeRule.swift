import HanziConversion
import HanziText

/// `mojibake`: debris of a lost legacy encoding inside Chinese text, repaired only when the
/// bytes can be reconstructed and the lexicon confirms the result.
///
/// Three kinds are found:
/// - a GBK or Big5 character whose lead byte lost its high bit, leaving two ASCII characters
///   (`產品?,F在看`: 0xAC46 is 現); the candidates are rebuilt from the bytes for every character
///   of both encodings and one is kept only when it forms a word with its neighbour (the more
///   frequent word when both do), or, where the shape leaves no doubt, when it is a very common
///   character and the others are rare; after a lost `?`, also two characters whose middle bytes
///   were lost (`?;A`: 基 0xBBF9 and 礎 0xB541);
/// - GBK text read as Latin-1 (`ÖÐÎÄ` is 中文), repaired when every byte pair decodes;
/// - UTF-8 text read as GBK or Big5 (`鐝惧湪` is 現在), repaired when the re-encoded bytes are
///   valid UTF-8 again.
public struct MojibakeRule: Rule {
    /// Creates the rule.
    public init() {}

    /// The rule's identifier, summary, severity and examples.
    public static var description: RuleDescription {
        RuleDescription(
            identifier: "mojibake",
            summary: "Debris of a lost legacy encoding (GBK, Big5, UTF-8 read as GBK or Latin-1) inside Chinese text",
            defaultSeverity: .error,
            examples: [
                .triggers("新的產品?,F在看", corrected: "新的產品。現在看"),
                .triggers("他說不_^還好", corrected: "他說不過還好"),
                .triggers("基礎很重要。增加?;A設施", corrected: "基礎很重要。增加。基礎設施"),
                .triggers("这是ÖÐÎÄ文本", corrected: "这是中文文本", in: .simplified),
                .triggers("我們鐝惧湪出發", corrected: "我們現在出發"),
                .triggers("他說完了?_@是預設值", corrected: "他說完了。這是預設值"),
                .triggers("磁帶Qb置很貴", corrected: "磁帶裝置很貴"),
                .passes("OpenAI的AI應用有3,000名員工,C語言和Go都用"),
                .passes("在Ångström與café之間"),
                .passes("用%j來代替列印任務號，只能在指定-p tcp的規則"),
                .passes("設TO定值。TO是一個選項"),
                .triggers("他說「新的產品?,F在看", corrected: "他說「新的產品」現在看"),
                .triggers("注意?,F在無法連線", corrected: "注意：現在無法連線"),
            ]
        )
    }

    /// Loads the lexicons the rule reads, or throws naming the OpenCC file that cannot be read.
    public func prepare() throws(HanziKitError) {
        _ = try NormalizationLexicons.loaded.get()
    }

    /// Every fragment of debris, with its repair when exactly one reading is confirmed.
    public func violations(in context: RuleContext) -> [RuleViolation] {
        let scanner = MojibakeScanner(context: context)
        return scanner.violations()
    }
}

/// What the mojibake checks look words up in: OpenCC's phrases and HanziKit's common words, all
/// in Simplified form so a candidate of either script can be checked, and jieba's frequent words.
struct MojibakeLexicon: Sendable, Equatable {
    /// Simplified phrases of two to four glyphs; payloads index `sources`, the table each comes from.
    var words = ScalarTrie()
    /// The tables `words` come from, for messages.
    var sources: [String] = []
    /// The Taiwan forms of `Dictionaries/CommonWords.txt` (jieba's and OpenCC's are looked up where they are).
    var commonWordsTraditional = ScalarTrie()
    /// Every glyph of OpenCC's tables and phrases: a decoded glyph outside it is too rare to trust.
    var knownGlyphs = ScalarSet()
    /// Glyphs whose GBK code starts with a UTF-8 lead byte of CJK text (0xE4–0xE9).
    var utf8LeadGlyphsGBK = ScalarSet()
    /// Glyphs whose Big5 code starts with a UTF-8 lead byte of CJK text.
    var utf8LeadGlyphsBig5 = ScalarSet()
    /// jieba's frequent words.
    var frequent: FrequentWords

    static var shared: MojibakeLexicon { NormalizationLexicons.shared.mojibake }

    /// Where the Simplified phrase comes from (for messages), `nil` when no table lists it.
    func source(of phrase: some Collection<Unicode.Scalar>) -> String? {
        (phrase.count >= 2 ? words.payload(of: phrase) : nil).map { sources[$0] }
            ?? (frequent.contains(phrase) ? "jieba's frequent words" : nil)
    }

    /// The phrase's rank among jieba's frequent words; `Int.max` when it is not one of them.
    func rank(of phrase: some Sequence<Unicode.Scalar>) -> Int { frequent.rank(of: phrase) ?? Int.max }

    /// The longest phrase a candidate is checked against, in glyphs.
    static let longestWord = 4

    init(
        mixed: MixedScriptLexicon, attested: MixedScriptLexicon.AttestedPhrases, frequent: FrequentWords,
        gbk: LegacyCodeTable, big5: LegacyCodeTable
    ) {
        self.frequent = frequent
        func add(_ phrases: some Sequence<String>, source: String) {
            let index = Int32(sources.count)
            sources.append(source)
            // Sorted, so the stored lexicon is the same bytes on every build.
            for phrase in phrases.sorted() {
                knownGlyphs.formUnion(phrase.unicodeScalars)
                let key = phrase.unicodeScalars.map { mixed.traditionalToSimplified[$0] ?? $0 }
                guard (2...Self.longestWord).contains(key.count) else { continue }
                words.insert(key, payload: index)
            }
        }
        let commonWords = CuratedDictionaries.parse(CuratedDictionaries.commonWords)
        add(commonWords.keys, source: "HanziKit CommonWords")
        for word in commonWords.values.sorted() { commonWordsTraditional.insert(word.unicodeScalars, payload: 0) }
        add(attested.simplified, source: "OpenCC's phrases")
        add(attested.traditional, source: "OpenCC's phrases")
        knownGlyphs.formUnion(Array(mixed.simplifiedToTraditional.keys))
        knownGlyphs.formUnion(Array(mixed.traditionalToSimplified.keys))
        for (code, scalar) in gbk.characters.pairs where (0xE4...0xE9).contains(code >> 8) {
            utf8LeadGlyphsGBK.insert(scalar)
        }
        for (code, scalar) in big5.characters.pairs where (0xE4...0xE9).contains(code >> 8) {
            utf8LeadGlyphsBig5.insert(scalar)
        }
        words.compact()
        commonWordsTraditional.compact()
    }

    /// The lexicon in the form `init(reading:)` reads.
    func write(to writer: inout CacheWriter) {
        writer.appendStrings(sources)
        words.write(to: &writer)
        commonWordsTraditional.write(to: &writer)
        for glyphs in [knownGlyphs, utf8LeadGlyphsGBK, utf8LeadGlyphsBig5] { glyphs.write(to: &writer) }
        frequent.write(to: &writer)
    }

    /// A lexicon `write(to:)` wrote; `nil` when the stored form is damaged.
    init?(reading reader: inout CacheReader) {
        guard let sources = reader.readStrings(), let words = ScalarTrie(reading: &reader, payloadLimit: sources.count),
            let common = ScalarTrie(reading: &reader, payloadLimit: 1), let known = ScalarSet(reading: &reader),
            let gbk = ScalarSet(reading: &reader), let big5 = ScalarSet(reading: &reader),
            let frequent = FrequentWords(reading: &reader)
        else { return nil }
        self.words = words
        self.sources = sources
        commonWordsTraditional = common
        knownGlyphs = known
        utf8LeadGlyphsGBK = gbk
        utf8LeadGlyphsBig5 = big5
        self.frequent = frequent
    }
}

/// One pass over a document for the three kinds of debris.
private struct MojibakeScanner {
    let scalars: [Unicode.Scalar]
    let offsets: UTF8Offsets
    let script: Script
    let lexicon = MojibakeLexicon.shared
    let mixed = MixedScriptLexicon.shared
    let context: RuleContext

    init(context: RuleContext) {
        (scalars, offsets) = context.scalarsWithUTF8Offsets
        script = context.script
        self.context = context
    }

    /// The pairs of the whole text, which count as written elsewhere: more than `scalars` when the
    /// engine rereads only the lines its fixes changed. Counted on first use and kept in the
    /// context's memo, so later passes reuse them while their fixes leave the pairs alone.
    var documentTokens: DocumentTokens { context.memo.value { DocumentTokens(context.documentScalars) } }
    var documentBigrams: DocumentBigrams {
        context.memo.value { DocumentBigrams(context.documentScalars, simplifying: mixed.traditionalToSimplified) }
    }

    func violations() -> [RuleViolation] {
        var violations: [RuleViolation] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.isPrintableASCII {
                var end = index
                while end < scalars.count, scalars[end].isPrintableASCII { end += 1 }
                if let violation = lostHighBit(index..<end) { violations.append(violation) }
                index = end
            } else if scalar.isLatin1Letter {
                var end = index
                while end < scalars.count, scalars[end].isLatin1Letter { end += 1 }
                if let violation = gbkAsLatin1(index..<end) { violations.append(violation) }
                index = end
            } else if scalar.value >= 0x80 {
                if let (violation, end) = utf8AsLegacy(from: index) {
                    violations.append(violation)
                    index = end
                } else {
                    index += 1
                }
            } else {
                index += 1
            }
        }
        return violations
    }

    // MARK: A lead byte that lost its high bit

    /// Words after which a lost mark is the colon of a heading (`警告?:A` → `警告：`).
    private static let headingWords: [[Unicode.Scalar]] = [
        "警告", "錯誤", "错误", "注意", "提示", "說明", "说明", "備註", "备注", "用法", "範例", "示例", "例如", "原因", "結果", "结果",
    ].map { Array($0.unicodeScalars) }

    /// The punctuation mark a lost double-byte character most likely was, from the text before it:
    /// the closing corner bracket when a 「 or 『 before it on the line is still open, a colon after a
    /// heading word that starts the line, and otherwise 。, the most frequent mark in prose.
    private func lostMark(before index: Int) -> (glyph: String, why: String) {
        var position = index
        var depth: [Unicode.Scalar] = []
        while position > 0, scalars[position - 1] != "\n" {
            position -= 1
            switch scalars[position] {
            case "」", "』": depth.append(scalars[position])
            case "「":
                if depth.last == "」" { depth.removeLast() } else { return ("」", " (a 「 before it is open)") }
            case "『":
                if depth.last == "』" { depth.removeLast() } else { return ("』", " (a 『 before it is open)") }
            default: break
            }
        }
        let line = Array(scalars[position..<index])
        if Self.headingWords.contains(where: { $0 == line }) {
            return ("：", " (after the heading word \(String(String.UnicodeScalarView(line))))")
        }
        return ("。", "")
    }

    /// `?,F` or `,F` beside Chinese text: a lost character and a double-byte character whose lead byte
    /// lost its high bit, its trail byte (0x40–0x7E) intact. Longer runs are ordinary ASCII unless
    /// only the sentence's punctuation or Latin text before a lost `?` makes them longer.
    private func lostHighBit(_ asciiRun: Range<Int>) -> RuleViolation? {
        var run = asciiRun
        // The lost 。 may follow Latin text (`callback?_@個`): the debris is the run's last three characters.
        if run.count > 3, scalars[run.upperBound - 3] == "?", run.upperBound < scalars.count,
            scalars[run.upperBound].isHan
        {
            run = run.upperBound - 3..<run.upperBound
        }
        // ASCII punctuation of the sentence may follow the debris (`系=y,它`) or open before it (`(TO定`).
        let closing = "\",.;:!?)]}'".unicodeScalars
        let opening = "\"([{'<".unicodeScalars
        if run.count > 2, run.lowerBound > 0, scalars[run.lowerBound - 1].isHan, scalars[run.lowerBound] != "?",
            !opening.contains(scalars[run.lowerBound]),
            scalars[run.lowerBound + 2..<run.upperBound].allSatisfy({ closing.contains($0) })
        {
            run = run.lowerBound..<run.lowerBound + 2
        } else if run.count > 2, run.upperBound < scalars.count, scalars[run.upperBound].isHan,
            !closing.contains(scalars[run.upperBound - 1]),
            scalars[run.lowerBound..<run.upperBound - 2].allSatisfy({ opening.contains($0) })
        {
            run = run.upperBound - 2..<run.upperBound
        }
        let hasLostCharacter = run.count == 3 && scalars[run.lowerBound] == "?"
        guard run.count == 2 || hasLostCharacter else { return nil }
        let pair = hasLostCharacter ? run.lowerBound + 1 : run.lowerBound
        let lead = scalars[pair]
        let trail = scalars[pair + 1]
        guard (0x40...0x7E).contains(trail.value) else { return nil }
        let leftIsHan = run.lowerBound > 0 && scalars[run.lowerBound - 1].isHan
        let rightIsHan = run.upperBound < scalars.count && scalars[run.upperBound].isHan
        guard leftIsHan || rightIsHan else { return nil }
        // Names, numbers and options (AI, Go, 5G, -p, %s) sit beside Chinese all the time: without the
        // lost character before them they need a word of the lexicon (a frequent one beside an option).
        let tokenShaped = !hasLostCharacter && Self.looksLikeToken(lead, trail)
        // A bracket that closes one opened before it on the line (`[主機名:]文件`) is syntax, not a byte.
        guard hasLostCharacter || !closesBracket(at: pair + 1) else { return nil }
        // The same two characters standing alone elsewhere in the text are a name or an option.
        guard hasLostCharacter || documentTokens.count(of: lead, trail) < 2 else { return nil }

        var readings: [Reading] = []
        for table in [LegacyCodeTable.gbk, .big5] {
            let code = UInt16(UInt8(lead.value) | 0x80) << 8 | UInt16(trail.value)
            guard let decoded = table.characters[code], decoded.isHan else { continue }
            let glyph = inScript(decoded)
            guard !readings.contains(where: { $0.glyph == glyph }) else { continue }
            readings.append(Reading(glyph: glyph, decoded: decoded, code: code, encoding: table.encoding))
        }
        let confirmed = readings.compactMap { reading -> Confirmation? in
            let words = self.words(around: run, glyph: reading.glyph, leftAllowed: !hasLostCharacter)
            if tokenShaped {
                // Beside a letter or digit one word is enough; options (`-p`, `%s`) need a word on each side.
                let isOption = !(lead.properties.isAlphabetic || ("0"..."9").contains(lead))
                let lexiconWords = words.filter { !$0.phrase.hasSuffix("elsewhere in this text") }
                if let frequent = lexiconWords.min(by: { $0.rank < $1.rank }),
                    !isOption || frequent.rank <= Self.frequentWordRankBesideOption
                {
                    return Confirmation(
                        reading: reading, evidence: frequent.phrase, length: frequent.length, rank: frequent.rank)
                }
                guard let left = words.first(where: \.usesLeft), let right = words.first(where: \.usesRight) else {
                    return nil
                }
                let phrase = left.phrase == right.phrase ? left.phrase : "\(left.phrase), \(right.phrase)"
                return Confirmation(
                    reading: reading, evidence: phrase, length: max(left.length, right.length),
                    rank: min(left.rank, right.rank))
            }
            return words.first.map {
                Confirmation(reading: reading, evidence: $0.phrase, length: $0.length, rank: $0.rank)
            }
        }
        // Without a word, frequency alone decides after a lost `?` or between Chinese on both sides.
        let shapeIsDebris =
            hasLostCharacter || (!tokenShaped && leftIsHan && rightIsHan && !"$%@&\\#".unicodeScalars.contains(lead))
        // Two capitals are an acronym (ID, OS); other letters between Chinese may be a very common character.
        let nameShapedBetweenChinese =
            tokenShaped && leftIsHan && rightIsHan && lead.properties.isAlphabetic
            && !(lead.properties.isUppercase && trail.properties.isUppercase)
        let chosen =
            Self.choose(confirmed)
            ?? (confirmed.isEmpty && shapeIsDebris ? mostFrequent(readings) : nil)
            ?? (confirmed.isEmpty && nameShapedBetweenChinese
                ? mostFrequent(readings, within: Self.veryCommonCharacterRank) : nil)
        let debris = String(String.UnicodeScalarView(scalars[run]))
        let range = offsets[run.lowerBound]..<offsets[run.upperBound]
        if let chosen {
            let reading = chosen.reading
            let evidence = chosen.evidence
            let mark = lostMark(before: run.lowerBound)
            let lost = hasLostCharacter ? "; ? is a lost double-byte character, read as \(mark.glyph)\(mark.why)" : ""
            let pairText = String(String.UnicodeScalarView(scalars[pair...pair + 1]))
            return RuleViolation(
                utf8Range: range,
                message: "\(debris) is debris of a legacy encoding: \(pairText) is \(reading.describe) with the lead "
                    + "byte's high bit lost (\(evidence))\(lost)",
                replacement: (hasLostCharacter ? mark.glyph : "") + String(reading.glyph))
        }
        // Only the unmistakable shape — a lost character, then punctuation and a trail byte, between
        // Chinese — is reported without a repair; anything else unconfirmed is left alone.
        guard hasLostCharacter, leftIsHan, rightIsHan, !lead.properties.isAlphabetic, !("0"..."9").contains(lead),
            lead != "?", !readings.isEmpty
        else { return nil }
        if confirmed.isEmpty, let split = splitReading(lead: lead, trail: trail, after: run) {
            let mark = lostMark(before: run.lowerBound)
            return RuleViolation(
                utf8Range: range,
                message: "\(debris) is debris of a legacy encoding: \(lead) is the lead byte of \(split.first) and "
                    + "\(trail) the trail byte of \(split.second), the two bytes between them lost (\(split.evidence)); "
                    + "? is a lost double-byte character, read as \(mark.glyph)\(mark.why)",
                replacement: mark.glyph + split.glyphs)
        }
        return RuleViolation(
            utf8Range: range,
            message: "\(debris) looks like debris of a legacy encoding, but no reading forms a word here "
                + "(\(readings.map(\.describe).joined(separator: ", "))); repair it by hand",
            replacement: nil)
    }

    /// Two characters whose middle bytes were lost (`;A` for 基礎: 0xBB·· and 0x··41): kept only
    /// when exactly one pair is a word of the lexicon that this text also writes elsewhere.
    private func splitReading(lead: Unicode.Scalar, trail: Unicode.Scalar, after run: Range<Int>)
        -> (glyphs: String, first: String, second: String, evidence: String)?
    {
        let table = LegacyCodeTable.gbk
        let leadByte = UInt16(UInt8(lead.value) | 0x80)
        let firsts = (UInt16(0x80)...0xFE).compactMap { byte -> (Unicode.Scalar, UInt16)? in
            let code = leadByte << 8 | byte
            return table.characters[code].flatMap { $0.isHan ? (inScript($0), code) : nil }
        }
        let seconds = (UInt16(0x81)...0xFE).compactMap { byte -> (Unicode.Scalar, UInt16)? in
            let code = byte << 8 | UInt16(trail.value)
            return table.characters[code].flatMap { $0.isHan ? (inScript($0), code) : nil }
        }
        var found: [(glyphs: String, first: String, second: String, evidence: String)] = []
        for (first, firstCode) in firsts {
            for (second, secondCode) in seconds {
                let word = String(String.UnicodeScalarView([simplified(first), simplified(second)]))
                guard let source = lexicon.source(of: word.unicodeScalars) else { continue }
                guard
                    documentBigrams.contains(simplified(first), simplified(second))
                else { continue }
                let context = "\(first)\(second) elsewhere in this text"
                found.append(
                    (
                        String(String.UnicodeScalarView([first, second])),
                        "\(table.encoding) 0x\(hex(firstCode)) = \(first)",
                        "\(table.encoding) 0x\(hex(secondCode)) = \(second)", "\(word) in \(source); \(context)"
                    ))
            }
        }
        return found.count == 1 ? found.first : nil
    }

    /// An option's shape (`-h`) beside one word is debris only when the word is among the most frequent.
    static let frequentWordRankBesideOption = 3_000

    /// Two ASCII characters shaped like a name, a number or an option (`AI`, `Go`, `ls`, `5G`, `-p`);
    /// a lower-case letter before a capital (`jP`) or a symbol trail byte (`i_`) is not.
    static func looksLikeToken(_ lead: Unicode.Scalar, _ trail: Unicode.Scalar) -> Bool {
        let trailIsLetter = trail.properties.isAlphabetic
        if lead.properties.isLowercase { return trail.properties.isLowercase }
        if lead.properties.isAlphabetic || ("0"..."9").contains(lead) { return trailIsLetter }
        return "-%$/\\@#+&.".unicodeScalars.contains(lead) && trailIsLetter
    }

    /// Whether the character at `index` is a closing bracket whose opening one stands before it on the line.
    private func closesBracket(at index: Int) -> Bool {
        let pairs: [Unicode.Scalar: Unicode.Scalar] = ["]": "[", ")": "(", "}": "{", ">": "<"]
        guard let opening = pairs[scalars[index]] else { return false }
        var position = index - 1
        while position >= 0, scalars[position] != "\n" {
            if scalars[position] == opening { return true }
            position -= 1
        }
        return false
    }

    /// How many times more frequent a character must be than every other reading to be kept on
    /// frequency alone.
    static let decisiveCharacterRatio = 20
    /// How common (rank among jieba's characters) a character kept on frequency alone must be.
    static let commonCharacterRank = 1_500
    /// Letters between Chinese with no word around them are rebuilt only into one of the commonest characters.
    static let veryCommonCharacterRank = 1_000

    /// After a lost `?` the shape is debris already; when no reading forms a word, a very common
    /// character (這 before 是) is kept over rare ones (稛).
    private func mostFrequent(_ readings: [Reading], within commonRank: Int = Self.commonCharacterRank)
        -> Confirmation?
    {
        let ranked = readings.map { reading in
            (reading, lexicon.frequent.characterRank(of: reading.glyph, in: script) ?? Int.max)
        }.sorted { $0.1 < $1.1 }
        guard let best = ranked.first, best.1 <= commonRank else { return nil }
        guard ranked.dropFirst().allSatisfy({ $0.1 == Int.max || $0.1 >= best.1 * Self.decisiveCharacterRatio }) else {
            return nil
        }
        let evidence =
            "\(best.0.glyph) is the \(Self.ordinal(best.1)) most frequent character; no reading forms a word here"
        return Confirmation(reading: best.0, evidence: evidence, length: 1, rank: best.1)
    }

    private static func ordinal(_ rank: Int) -> String {
        let suffix = (11...13).contains(rank % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][rank % 10] ?? "th"
        return "\(rank)\(suffix)"
    }

    /// A reading and the best word it forms here.
    private struct Confirmation {
        var reading: Reading
        var evidence: String
        var length: Int
        var rank: Int
    }

    /// How many times more frequent a reading's word must be than the other's to decide between two
    /// readings that both form a word of the same length.
    static let decisiveFrequencyRatio = 8

    /// The one reading to keep: the only confirmed one, the one with a strictly longer word, or the one
    /// whose word is far more frequent; `nil` when nothing decides.
    private static func choose(_ confirmed: [Confirmation]) -> Confirmation? {
        let ordered = confirmed.sorted { ($0.length, -$0.rank) > ($1.length, -$1.rank) }
        guard let best = ordered.first else { return nil }
        guard ordered.count > 1 else { return best }
        let runnerUp = ordered[1]
        if best.length > runnerUp.length { return best }
        guard best.rank != Int.max,
            best.rank.multipliedReportingOverflow(by: decisiveFrequencyRatio).partialValue
                <= runnerUp.rank
        else { return nil }
        return best
    }

    private func hex(_ code: UInt16) -> String { String(code, radix: 16, uppercase: true) }

    private struct Evidence {
        var phrase: String
        var length: Int
        /// The word's rank among jieba's frequent words; `Int.max` when it is not one of them.
        var rank: Int
        var usesLeft: Bool
        var usesRight: Bool
    }

    /// Phrases of the lexicon that the glyph forms with the Chinese text right around the debris.
    private func words(around run: Range<Int>, glyph: Unicode.Scalar, leftAllowed: Bool) -> [Evidence] {
        var left: [Unicode.Scalar] = []
        var index = run.lowerBound - 1
        while leftAllowed, index >= 0, scalars[index].isHan, left.count < MojibakeLexicon.longestWord - 1 {
            left.insert(simplified(scalars[index]), at: 0)
            index -= 1
        }
        var right: [Unicode.Scalar] = []
        index = run.upperBound
        while index < scalars.count, scalars[index].isHan, right.count < MojibakeLexicon.longestWord - 1 {
            right.append(simplified(scalars[index]))
            index += 1
        }
        // A Simplified glyph with several Traditional forms (致: 致 緻) confirms only the form the word writes:
        // 所致 is no evidence for 所緻.
        var formMatters: Bool {
            script == .traditional && (mixed.simplifiedToTraditional[simplified(glyph)]?.count ?? 0) > 1
        }
        var evidence: [Evidence] = []
        for leftCount in 0...left.count {
            for rightCount in 0...right.count where leftCount + rightCount >= 1 {
                guard leftCount + rightCount < MojibakeLexicon.longestWord else { continue }
                let phrase = left.suffix(leftCount) + [simplified(glyph)] + right.prefix(rightCount)
                guard let source = lexicon.source(of: phrase) else { continue }
                if formMatters {
                    let written =
                        scalars[run.lowerBound - leftCount..<run.lowerBound] + [glyph]
                        + scalars[run.upperBound..<run.upperBound + rightCount]
                    guard
                        lexicon.frequent.contains(written) || mixed.isAttestedTraditional(written)
                            || lexicon.commonWordsTraditional.payload(of: written) != nil
                    else { continue }
                }
                let key = String(String.UnicodeScalarView(phrase))
                evidence.append(
                    Evidence(
                        phrase: "\(key) in \(source)", length: phrase.count, rank: lexicon.rank(of: phrase),
                        usesLeft: leftCount > 0, usesRight: rightCount > 0))
            }
        }
        if evidence.isEmpty {
            // The document itself is a lexicon too: the same pair of glyphs written elsewhere in it.
            if let next = right.first,
                documentBigrams.contains(simplified(glyph), next)
            {
                let pair = String(String.UnicodeScalarView([glyph, next]))
                evidence.append(
                    Evidence(
                        phrase: "\(pair) elsewhere in this text", length: 1, rank: Int.max, usesLeft: false,
                        usesRight: true))
            }
            if let previous = left.last,
                documentBigrams.contains(previous, simplified(glyph))
            {
                let pair = String(String.UnicodeScalarView([previous, glyph]))
                evidence.append(
                    Evidence(
                        phrase: "\(pair) elsewhere in this text", length: 1, rank: Int.max, usesLeft: true,
                        usesRight: false))
            }
        }
        return evidence.sorted { ($0.length, -$0.rank) > ($1.length, -$1.rank) }
    }

    private struct Reading {
        var glyph: Unicode.Scalar
        var decoded: Unicode.Scalar
        var code: UInt16
        var encoding: String

        var describe: String {
            let hex = String(code, radix: 16, uppercase: true)
            let form = glyph == decoded ? String(glyph) : "\(decoded)→\(glyph)"
            return "\(encoding) 0x\(hex) = \(form)"
        }
    }

    private func simplified(_ glyph: Unicode.Scalar) -> Unicode.Scalar { mixed.traditionalToSimplified[glyph] ?? glyph }

    /// The glyph as the document's script writes it: GBK decodes to Simplified glyphs (现) that a
    /// Traditional document writes 現.
    private func inScript(_ glyph: Unicode.Scalar) -> Unicode.Scalar {
        switch script {
        case .traditional:
            guard mixed.isSimplifiedOnly(glyph), let form = mixed.simplifiedToTraditional[glyph]?.first else {
                return glyph
            }
            return mixed.taiwanVariants[form] ?? form
        case .simplified:
            guard mixed.isTraditionalOnly(glyph) else { return glyph }
            return mixed.traditionalToSimplified[glyph] ?? glyph
        }
    }

    // MARK: GBK read as Latin-1

    private func gbkAsLatin1(_ run: Range<Int>) -> RuleViolation? {
        // Two characters at least: one Latin-1 pair (××, ©®) decodes to some character far too easily.
        guard run.count >= 4, run.count % 2 == 0 else { return nil }
        // Latin-1 letters inside a Latin word (Ångström, café) are the real thing.
        if run.lowerBound > 0, scalars[run.lowerBound - 1].properties.isAlphabetic, !scalars[run.lowerBound - 1].isHan {
            return nil
        }
        if run.upperBound < scalars.count, scalars[run.upperBound].properties.isAlphabetic,
            !scalars[run.upperBound].isHan
        {
            return nil
        }
        var decoded: [Unicode.Scalar] = []
        for index in stride(from: run.lowerBound, to: run.upperBound, by: 2) {
            let code = UInt16(scalars[index].value) << 8 | UInt16(scalars[index + 1].value)
            guard let glyph = LegacyCodeTable.gbk.characters[code], glyph.isHan, lexicon.knownGlyphs.contains(glyph)
            else { return nil }
            decoded.append(glyph)
        }
        let repaired = String(String.UnicodeScalarView(decoded.map(inScript)))
        let debris = String(String.UnicodeScalarView(scalars[run]))
        return RuleViolation(
            utf8Range: offsets[run.lowerBound]..<offsets[run.upperBound],
            message: "\(debris) is GBK text read as Latin-1: its bytes decode as GBK to "
                + "\(String(String.UnicodeScalarView(decoded)))",
            replacement: repaired)
    }

    // MARK: UTF-8 read as GBK or Big5

    /// The longest stretch from `start` whose legacy-encoded bytes are valid UTF-8 Chinese again.
    private func utf8AsLegacy(from start: Int) -> (RuleViolation, Int)? {
        // Checked before touching the tables: most glyphs start no UTF-8 lead byte in either encoding.
        let glyph = scalars[start]
        if lexicon.utf8LeadGlyphsGBK.contains(glyph), let found = utf8AsLegacy(from: start, table: .gbk) {
            return found
        }
        if lexicon.utf8LeadGlyphsBig5.contains(glyph), let found = utf8AsLegacy(from: start, table: .big5) {
            return found
        }
        return nil
    }

    private func utf8AsLegacy(from start: Int, table: LegacyCodeTable) -> (RuleViolation, Int)? {
        var bytes: [UInt8] = []
        var best: (end: Int, text: String)?
        var end = start
        while end < scalars.count, let code = table.codes[scalars[end]] {
            bytes.append(UInt8(code >> 8))
            bytes.append(UInt8(code & 0xFF))
            end += 1
            // Two Chinese characters are six UTF-8 bytes: three legacy characters. Debris is valid at
            // every such boundary, so the first failure ends the search.
            guard bytes.count % 6 == 0 else { continue }
            guard let text = String(validating: bytes, as: UTF8.self),
                text.unicodeScalars.allSatisfy({ $0.isHan && lexicon.knownGlyphs.contains($0) })
            else { break }
            best = (end, text)
        }
        guard let best else { return nil }
        let debris = String(String.UnicodeScalarView(scalars[start..<best.end]))
        let repaired = String(String.UnicodeScalarView(best.text.unicodeScalars.map(inScript)))
        let violation = RuleViolation(
            utf8Range: offsets[start]..<offsets[best.end],
            message:
                "\(debris) is UTF-8 text read as \(table.encoding): re-encoded, its bytes are the UTF-8 of \(best.text)",
            replacement: repaired)
        return (violation, best.end)
    }
}

extension MojibakeRule: DocumentReadingRule {
    /// What the rule reads elsewhere is which ASCII pairs stand alone and which pairs of Han glyphs
    /// (in Simplified form) are written. A pair depends on one scalar on each side, so an edit
    /// changes only pairs within a few scalars of it: the pairs around each group of nearby fixes
    /// are compared before and after, unless every fix of the group surely keeps them.
    func fixesChangeEvidence(_ fixes: [RuleViolation], from old: String, to new: String) -> Bool {
        let reach = 3
        let simplifying = MixedScriptLexicon.shared.traditionalToSimplified
        return UTF8Text.withText(old) { old in
            UTF8Text.withText(new) { new in
                var shift = 0
                var index = 0
                while index < fixes.count {
                    let lower = fixes[index].utf8Range.lowerBound
                    let shiftBefore = shift
                    var upper = lower
                    var surelyKept = true
                    // Fixes closer than two reaches (of at most four bytes a scalar) share one window.
                    repeat {
                        let fix = fixes[index]
                        upper = fix.utf8Range.upperBound
                        shift += (fix.replacement?.utf8.count ?? fix.utf8Range.count) - fix.utf8Range.count
                        surelyKept = surelyKept && Self.surelyKeepsEvidence(fix, in: old, simplifying: simplifying)
                        index += 1
                    } while index < fixes.count && fixes[index].utf8Range.lowerBound < upper + 2 * reach * 4
                    guard !surelyKept else { continue }
                    let before = old.scalars(around: lower..<upper, reach: reach)
                    let after = new.scalars(around: lower + shiftBefore..<upper + shift, reach: reach)
                    if Self.evidence(in: before, simplifying: simplifying)
                        != Self.evidence(in: after, simplifying: simplifying)
                    {
                        return true
                    }
                }
                return false
            }
        }
    }

    /// Whether a fix leaves every pair as it was, whatever its neighbours become: the two fixes
    /// nearly all passes make. Punctuation and spaces (never a trail byte, letter or digit)
    /// written as anything but Han or ASCII keep every pair unless a possible trail byte follows;
    /// Han glyphs replaced by glyphs of the same Simplified form keep every Han pair.
    private static func surelyKeepsEvidence(_ fix: RuleViolation, in old: UTF8Text, simplifying map: ScalarMap)
        -> Bool
    {
        guard let written = fix.replacement?.unicodeScalars, !written.isEmpty, !fix.utf8Range.isEmpty else {
            return false
        }
        let replaced = old.scalars(around: fix.utf8Range, reach: 0)
        if replaced.allSatisfy({ !$0.isHan && !$0.isASCIIAlphanumeric && !($0.isPrintableASCII && $0.value >= 0x40) }),
            written.allSatisfy({ !$0.isPrintableASCII && !$0.isHan })
        {
            let next = old.scalar(after: fix.utf8Range.upperBound)
            return !(next.map { (0x40...0x7E).contains($0) } ?? false)
        }
        return replaced.count == written.count
            && zip(replaced, written).allSatisfy { before, after in
                before.isHan && after.isHan && (map[before] ?? before) == (map[after] ?? after)
            }
    }

    /// The pairs `DocumentTokens` and `DocumentBigrams` count in `scalars`, as sorted keys.
    static func evidence(in scalars: [Unicode.Scalar], simplifying map: ScalarMap) -> [UInt64] {
        var keys: [UInt64] = []
        for index in scalars.indices.dropLast() {
            let first = scalars[index]
            let second = scalars[index + 1]
            // Only a pair whose second character can be a GBK or Big5 trail byte is ever asked about.
            if first.isPrintableASCII, second.isPrintableASCII, second.value >= 0x40,
                DocumentTokens.standsAlone(index, in: scalars)
            {
                keys.append(1 << 63 | UInt64(first.value) << 21 | UInt64(second.value))
            } else if first.isHan, second.isHan {
                keys.append(UInt64((map[first] ?? first).value) << 21 | UInt64((map[second] ?? second).value))
            }
        }
        return keys.sorted()
    }
}

extension UTF8Text {
    /// The scalars of `range` (on scalar boundaries) and of up to `reach` scalars on each side.
    fileprivate func scalars(around range: Range<Int>, reach: Int) -> [Unicode.Scalar] {
        var start = range.lowerBound
        for _ in 0..<reach {
            guard let previous = scalar(before: start) else { break }
            start = previous.start
        }
        var end = range.upperBound
        for _ in 0..<reach where end < count { end += scalar(at: end).length }
        var scalars: [Unicode.Scalar] = []
        var offset = start
        while offset < end {
            let (value, length) = scalar(at: offset)
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            offset += length
        }
        return scalars
    }
}

/// Whether a pair of Han glyphs (in Simplified form) stands in one document. A Bloom filter of
/// the document's pairs answers most questions (no) without a set of every pair; a possible yes
/// is confirmed by a scan.
private final class DocumentBigrams: Sendable {
    private let scalars: [Unicode.Scalar]
    private let map: ScalarMap
    private let filter: [UInt64]

    init(_ scalars: [Unicode.Scalar], simplifying map: ScalarMap) {
        self.scalars = scalars
        self.map = map
        // About 16 bits per pair keeps false positives near 6%.
        var words = 64
        while words * 4 < scalars.count && words < 1 << 24 { words *= 2 }
        var filter = [UInt64](repeating: 0, count: words)
        let mask = words * 64 - 1
        for index in scalars.indices.dropLast() where scalars[index].isHan && scalars[index + 1].isHan {
            let bit = Self.bit(
                map[scalars[index]] ?? scalars[index], map[scalars[index + 1]] ?? scalars[index + 1], mask: mask)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.filter = filter
    }

    private static func bit(_ first: Unicode.Scalar, _ second: Unicode.Scalar, mask: Int) -> Int {
        Int(truncatingIfNeeded: ((UInt64(first.value) << 21 | UInt64(second.value)) &* 0x9E37_79B9_7F4A_7C15) >> 40)
            & mask
    }

    func contains(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        let bit = Self.bit(first, second, mask: filter.count * 64 - 1)
        guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return false }
        return scalars.indices.dropLast().contains { index in
            scalars[index].isHan && scalars[index + 1].isHan && (map[scalars[index]] ?? scalars[index]) == first
                && (map[scalars[index + 1]] ?? scalars[index + 1]) == second
        }
    }
}

/// How often each pair of printable ASCII characters stands alone (no ASCII letter or digit on
/// either side) in one document, counted in one pass.
private final class DocumentTokens: Sendable {
    private let counts: [Int32]

    init(_ scalars: [Unicode.Scalar]) {
        var counts = [Int32](repeating: 0, count: 94 * 94)
        for index in scalars.indices.dropLast() where scalars[index].isPrintableASCII {
            guard scalars[index + 1].isPrintableASCII, Self.standsAlone(index, in: scalars) else { continue }
            counts[Self.slot(scalars[index], scalars[index + 1])] += 1
        }
        self.counts = counts
    }

    /// Printable ASCII is 0x21–0x7E: 94 characters, so every pair has a slot in a small flat table.
    private static func slot(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Int {
        Int(first.value - 0x21) * 94 + Int(second.value - 0x21)
    }

    func count(of first: Unicode.Scalar, _ second: Unicode.Scalar) -> Int {
        guard first.isPrintableASCII, second.isPrintableASCII else { return 0 }
        return Int(counts[Self.slot(first, second)])
    }

    static func standsAlone(_ index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        (index == 0 || !scalars[index - 1].isASCIIAlphanumeric)
            && (index + 2 == scalars.count || !scalars[index + 2].isASCIIAlphanumeric)
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
    fileprivate var isPrintableASCII: Bool { (0x21...0x7E).contains(value) }
    /// Latin-1 letters and symbols GBK bytes turn into (0xA1–0xFF), the range GBK lead and trail bytes share.
    fileprivate var isLatin1Letter: Bool { (0xA1...0xFF).contains(value) }
}
