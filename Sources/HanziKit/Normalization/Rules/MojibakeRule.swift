/// `mojibake`: debris of a lost legacy encoding inside Chinese text, repaired only when the
/// bytes can be reconstructed and the lexicon confirms the result.
///
/// Three kinds are found:
/// - a GBK or Big5 character whose lead byte lost its high bit, leaving two ASCII characters
///   (`產品?,F在看`: 0xAC46 is 現); the candidates are rebuilt from the bytes for every character
///   of both encodings and one is kept only when it forms a word with its neighbour;
/// - GBK text read as Latin-1 (`ÖÐÎÄ` is 中文), repaired when every byte pair decodes;
/// - UTF-8 text read as GBK or Big5 (`鐝惧湪` is 現在), repaired when the re-encoded bytes are
///   valid UTF-8 again.
public struct MojibakeRule: Rule {
    /// Creates the rule.
    public init() {}

    /// The rule's identifier, summary, severity and examples.
    public var description: RuleDescription {
        RuleDescription(
            identifier: "mojibake",
            summary: "Debris of a lost legacy encoding (GBK, Big5, UTF-8 read as GBK or Latin-1) inside Chinese text",
            defaultSeverity: .error,
            examples: [
                .triggers("新的產品?,F在看", corrected: "新的產品。現在看"),
                .triggers("他說不_^還好", corrected: "他說不過還好"),
                .triggers("这是ÖÐÎÄ文本", corrected: "这是中文文本", in: .simplified),
                .triggers("我們鐝惧湪出發", corrected: "我們現在出發"),
                .passes("OpenAI的AI應用有3,000名員工,C語言和Go都用"),
                .passes("在Ångström與café之間"),
            ]
        )
    }

    /// Every fragment of debris, with its repair when exactly one reading is confirmed.
    public func violations(in context: RuleContext) -> [RuleViolation] {
        let scanner = MojibakeScanner(text: context.text, script: context.script)
        return scanner.violations()
    }
}

/// What the mojibake checks look words up in: bigrams of OpenCC's phrases and HanziKit's common
/// words, all in Simplified form so a candidate of either script can be checked.
struct MojibakeLexicon: Sendable {
    /// Simplified bigrams (first << 32 | second) of every phrase the lexicon knows.
    var bigrams: Set<UInt64> = []
    /// One phrase per bigram, to name in messages.
    var bigramWords: [UInt64: String] = [:]
    /// Every glyph of OpenCC's tables and phrases: a decoded glyph outside it is too rare to trust.
    var knownGlyphs: Set<Unicode.Scalar> = []
    /// Glyphs whose GBK code starts with a UTF-8 lead byte of CJK text (0xE4–0xE9).
    var utf8LeadGlyphsGBK: Set<Unicode.Scalar> = []
    /// Glyphs whose Big5 code starts with a UTF-8 lead byte of CJK text.
    var utf8LeadGlyphsBig5: Set<Unicode.Scalar> = []

    static let shared = MojibakeLexicon(mixed: .shared)

    init(mixed: MixedScriptLexicon) {
        let common = CuratedDictionaries.parse(CuratedDictionaries.commonWords)
        var phrases = Array(mixed.attestedSimplified) + Array(common.keys)
        phrases += mixed.attestedTraditional.map { phrase in
            String(String.UnicodeScalarView(phrase.unicodeScalars.map { mixed.traditionalToSimplified[$0] ?? $0 }))
        }
        for phrase in phrases {
            let scalars = Array(phrase.unicodeScalars)
            knownGlyphs.formUnion(scalars)
            for index in scalars.indices.dropLast() {
                let key = Self.bigram(scalars[index], scalars[index + 1])
                if bigrams.insert(key).inserted || common[phrase] != nil { bigramWords[key] = phrase }
            }
        }
        knownGlyphs.formUnion(mixed.simplifiedToTraditional.keys)
        knownGlyphs.formUnion(mixed.traditionalToSimplified.keys)
        for (code, scalar) in LegacyCodeTable.gbk.characters where (0xE4...0xE9).contains(code >> 8) {
            utf8LeadGlyphsGBK.insert(scalar)
        }
        for (code, scalar) in LegacyCodeTable.big5.characters where (0xE4...0xE9).contains(code >> 8) {
            utf8LeadGlyphsBig5.insert(scalar)
        }
    }

    static func bigram(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> UInt64 {
        UInt64(first.value) << 32 | UInt64(second.value)
    }
}

/// One pass over a document for the three kinds of debris.
private struct MojibakeScanner {
    let scalars: [Unicode.Scalar]
    let offsets: [Int]
    let script: Script
    let lexicon = MojibakeLexicon.shared
    let mixed = MixedScriptLexicon.shared

    init(text: String, script: Script) {
        scalars = Array(text.unicodeScalars)
        var offsets: [Int] = []
        offsets.reserveCapacity(scalars.count + 1)
        var offset = 0
        for scalar in scalars {
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
        self.offsets = offsets
        self.script = script
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

    /// `?,F` between Chinese text: a lost character and a double-byte character whose lead byte
    /// lost its high bit. Runs of any other length are ordinary ASCII.
    private func lostHighBit(_ run: Range<Int>) -> RuleViolation? {
        let hasLostCharacter = run.count == 3 && scalars[run.lowerBound] == "?"
        guard run.count == 2 || hasLostCharacter else { return nil }
        let pair = hasLostCharacter ? run.lowerBound + 1 : run.lowerBound
        let left = run.lowerBound > 0 && scalars[run.lowerBound - 1].isHan ? scalars[run.lowerBound - 1] : nil
        let right = run.upperBound < scalars.count && scalars[run.upperBound].isHan ? scalars[run.upperBound] : nil
        guard left != nil || right != nil else { return nil }
        let lead = scalars[pair]
        let trail = scalars[pair + 1]
        // Identifiers and numbers (AI, Go, 5G) sit beside Chinese all the time: they need a word on both sides.
        let looksLikeWord = lead.properties.isAlphabetic || ("0"..."9").contains(lead)
        let needsBothSides = !hasLostCharacter && looksLikeWord && (trail.properties.isAlphabetic || ("0"..."9").contains(trail))

        var readings: [Reading] = []
        for table in [LegacyCodeTable.gbk, .big5] {
            for trailByte in [UInt8(trail.value), UInt8(trail.value) | 0x80] {
                let code = UInt16(UInt8(lead.value) | 0x80) << 8 | UInt16(trailByte)
                guard let decoded = table.characters[code], decoded.isHan else { continue }
                let glyph = inScript(decoded)
                guard !readings.contains(where: { $0.glyph == glyph }) else { continue }
                readings.append(Reading(glyph: glyph, decoded: decoded, code: code, encoding: table.encoding))
            }
        }
        let confirmed = readings.compactMap { reading -> (Reading, String)? in
            let leftWord = hasLostCharacter ? nil : left.flatMap { word($0, reading.glyph) }
            let rightWord = right.flatMap { word(reading.glyph, $0) }
            if needsBothSides {
                guard let leftWord, let rightWord else { return nil }
                return (reading, "\(leftWord), \(rightWord)")
            }
            guard let evidence = rightWord ?? leftWord else { return nil }
            return (reading, evidence)
        }
        let debris = String(String.UnicodeScalarView(scalars[run]))
        let range = offsets[run.lowerBound]..<offsets[run.upperBound]
        let lost = hasLostCharacter ? "; ? is a lost double-byte character, read as 。" : ""
        if confirmed.count == 1, let (reading, evidence) = confirmed.first {
            let replacement = (hasLostCharacter ? "。" : "") + String(reading.glyph)
            return RuleViolation(
                utf8Range: range,
                message:
                    "\(debris) is debris of a legacy encoding: \(String(String.UnicodeScalarView(scalars[pair...pair + 1]))) "
                    + "is \(reading.describe) with the lead byte's high bit lost (\(evidence))\(lost)",
                replacement: replacement)
        }
        // Only the unmistakable shape — a lost character, then punctuation debris, between Chinese — is
        // reported without a repair; anything else unconfirmed is left alone.
        guard hasLostCharacter, left != nil, right != nil, !looksLikeWord || !trail.properties.isAlphabetic else {
            return nil
        }
        let candidates = readings.map(\.describe).joined(separator: ", ")
        return RuleViolation(
            utf8Range: range,
            message: "\(debris) looks like debris of a legacy encoding, but no reading forms a word here "
                + "(\(candidates.isEmpty ? "no candidate" : candidates)); repair it by hand",
            replacement: nil)
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

    /// The phrase that has `first` followed by `second`, compared in Simplified form.
    private func word(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> String? {
        let key = MojibakeLexicon.bigram(simplified(first), simplified(second))
        guard lexicon.bigrams.contains(key) else { return nil }
        return lexicon.bigramWords[key].map { "\($0) in the lexicon" } ?? "a phrase of the lexicon"
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
        guard run.count >= 2, run.count % 2 == 0 else { return nil }
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
        for (table, leads) in [
            (LegacyCodeTable.gbk, lexicon.utf8LeadGlyphsGBK), (LegacyCodeTable.big5, lexicon.utf8LeadGlyphsBig5),
        ] {
            guard leads.contains(scalars[start]) else { continue }
            var bytes: [UInt8] = []
            var best: (end: Int, text: String)?
            var end = start
            while end < scalars.count, let code = table.codes[scalars[end]] {
                bytes.append(UInt8(code >> 8))
                bytes.append(UInt8(code & 0xFF))
                end += 1
                // Two Chinese characters are six UTF-8 bytes: three legacy characters.
                guard bytes.count % 6 == 0, let text = String(validating: bytes, as: UTF8.self),
                    text.unicodeScalars.allSatisfy({ $0.isHan && lexicon.knownGlyphs.contains($0) })
                else { continue }
                best = (end, text)
            }
            guard let best else { continue }
            let debris = String(String.UnicodeScalarView(scalars[start..<best.end]))
            let repaired = String(String.UnicodeScalarView(best.text.unicodeScalars.map(inScript)))
            let violation = RuleViolation(
                utf8Range: offsets[start]..<offsets[best.end],
                message: "\(debris) is UTF-8 text read as \(table.encoding): re-encoded, its bytes are the UTF-8 of \(best.text)",
                replacement: repaired)
            return (violation, best.end)
        }
        return nil
    }
}

extension Unicode.Scalar {
    fileprivate var isPrintableASCII: Bool { (0x21...0x7E).contains(value) }
    /// Latin-1 letters and symbols GBK bytes turn into (0xA1–0xFF), the range GBK lead and trail bytes share.
    fileprivate var isLatin1Letter: Bool { (0xA1...0xFF).contains(value) }
}
