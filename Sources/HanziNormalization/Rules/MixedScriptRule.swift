import HanziConversion
import HanziText

/// `mixed-script`: glyphs of the other script inside a Traditional (or Simplified) document,
/// decided in context with OpenCC's own dictionaries and HanziKit's curated tables.
///
/// A glyph that exists in only one script (现, 這) is always reported. A glyph valid in both
/// scripts (干 干擾, 只 只有, 制 制度, 周 周末) is reported only when a phrase of the lexicon around it
/// says so and no attested phrase keeps it; glyphs that Traditional writers use interchangeably
/// (周/週, 布/佈) change only together with such a confirmed error. A few glyphs of both scripts
/// that correct Traditional writes only inside phrases (后 皇后, 于 于先生, 里 公里, 并) take the
/// opposite default, as OpenCC's s2t does: reported unless such a phrase keeps them.
public struct MixedScriptRule: Rule, HanRunRule {
    /// Which Traditional standard the fixes are written in.
    public enum TraditionalVariants: String, Sendable, CaseIterable, Codable {
        /// Taiwan's glyphs (裡, 著), as OpenCC's `s2tw` writes them.
        case taiwan
        /// OpenCC's standard glyphs (裏, 着), as OpenCC's `s2t` writes them.
        case openCC
    }

    /// The Traditional standard for fixes in Traditional documents; Taiwan's by default.
    public var traditionalVariants: TraditionalVariants

    /// Creates the rule; `traditionalVariants` picks 裡 (Taiwan) or 裏 (OpenCC) and the like.
    public init(traditionalVariants: TraditionalVariants = .taiwan) {
        self.traditionalVariants = traditionalVariants
    }

    /// The rule's identifier, summary, severity and examples.
    public static var description: RuleDescription {
        RuleDescription(
            identifier: "mixed-script",
            summary:
                "A glyph of the other script inside Traditional or Simplified text, decided by the phrase around it",
            defaultSeverity: .error, fixesTowardScript: true,
            examples: [
                .triggers("在離職前的最后三個月", corrected: "在離職前的最後三個月"),
                .triggers("他于是離開了", corrected: "他於是離開了"),
                .triggers("理念沖突", corrected: "理念衝突"),
                .triggers("盡管如此", corrected: "儘管如此"),
                .triggers("代碼托管在雲上", corrected: "代碼託管在雲上"),
                .triggers("離開三周后，他說", corrected: "離開三週後，他說"),
                .triggers("現在这樣", corrected: "現在這樣"),
                .passes("皇后與公里、干擾、周末、八進位制、表達式、游標、系統、只能"),
                .triggers("研究成果發表于期刊", corrected: "研究成果發表於期刊"),
                .triggers("密碼域里是星號", corrected: "密碼域裡是星號"),
                .passes("于先生走了三公里，到了天后宮和里長辦公室"),
                .triggers("这代表著变化", corrected: "这代表着变化", in: .simplified),
                .triggers("这是最後一次", corrected: "这是最后一次", in: .simplified),
                .passes("著名的皇后与于先生", in: .simplified),
            ]
        )
    }

    /// Loads the lexicon the rule reads, or throws naming the OpenCC file that cannot be read.
    /// OpenCC's conversions, which only check candidate fixes, are loaded when a first run of
    /// glyphs has one (most files of correct text have none, and reading them is a third of a
    /// short file's start-up); here only when they cannot be opened from the cache, so that a
    /// missing or unusable file is named now.
    public func prepare() throws(HanziKitError) {
        _ = try NormalizationLexicons.loaded.get()
        if !OpenCCReadings.canWait { _ = try OpenCCReadings.converters.get() }
    }

    /// OpenCC's conversions at once for an input of a megabyte or more, which nearly always has a
    /// candidate fix: loaded beside the lexicon rather than in the middle of the first window,
    /// where every worker waited for them (a tenth of a 5.6 MB file's time).
    public func loadAhead(forInputOf byteCount: Int) {
        if byteCount >= 1 << 20 { _ = OpenCCReadings.converters }
    }

    /// Every stray glyph, grouped into one violation per run of glyphs one phrase decided.
    public func violations(in context: RuleContext) -> [RuleViolation] {
        let (scalars, offsets) = context.scalarsWithUTF8Offsets
        // One scan value per document: copying the lexicon per run would retain every table each time.
        var scan = RunScan(
            lexicon: MixedScriptLexicon.shared, scalars: scalars, script: context.script, variants: traditionalVariants)
        var violations: [RuleViolation] = []
        var index = 0
        while index < scalars.count {
            guard scalars[index].isHan else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, scalars[end].isHan { end += 1 }
            scan.run = index..<end
            violations += scan.violations(offsets: offsets)
            index = end
        }
        return violations
    }
}

/// One run of Han glyphs, scanned for phrases of the lexicon.
private struct RunScan {
    /// What decided a change: a phrase over a window, or a glyph on its own.
    struct Decision {
        var window: Range<Int>
        var fixed: [Unicode.Scalar]
        var source: String
        var reason: String?
        /// Curated entries are vetted one by one, so they decide without the glyph classes.
        var isCurated = false
    }

    struct Candidate {
        var decision: Decision
        var changes: [Int]
    }

    let lexicon: MixedScriptLexicon
    let scalars: [Unicode.Scalar]
    var run: Range<Int> = 0..<0
    let script: Script
    let variants: MixedScriptRule.TraditionalVariants
    /// The document script's tables, picked once: choosing per window would copy them each time.
    let decisive: ScalarSet
    let conversions: ScalarTrie
    let conversionEntries: MixedScriptLexicon.PhraseEntries

    init(
        lexicon: MixedScriptLexicon, scalars: [Unicode.Scalar], script: Script,
        variants: MixedScriptRule.TraditionalVariants
    ) {
        self.lexicon = lexicon
        self.scalars = scalars
        self.script = script
        self.variants = variants
        decisive = script == .traditional ? lexicon.decisiveInTraditional : lexicon.decisiveInSimplified
        conversions = script == .traditional ? lexicon.toTraditional : lexicon.toSimplified
        conversionEntries = script == .traditional ? lexicon.toTraditionalEntries : lexicon.toSimplifiedEntries
    }

    /// Buffers reused from run to run: most runs are a few glyphs long, and allocating these for
    /// each would cost more than scanning it.
    private var decisivePositions: [Int] = []
    private var starts: [Int] = []
    /// The run's vetted half conversions (positions from the run's start), found once per run:
    /// they decide a glyph and then vouch for it against OpenCC's readings.
    private var halfConverted: [Int: Unicode.Scalar] = [:]

    mutating func violations(offsets: UTF8Offsets) -> [RuleViolation] {
        decisivePositions.removeAll(keepingCapacity: true)
        var mayHoldHalfConversion = false
        let halfConversionStarts = MixedScriptHalfConversions.firstGlyphs
        for position in run {
            if decisive.contains(scalars[position]) { decisivePositions.append(position) }
            if halfConversionStarts.contains(scalars[position]) { mayHoldHalfConversion = true }
        }
        guard !decisivePositions.isEmpty || (mayHoldHalfConversion && script == .traditional) else { return [] }
        halfConverted =
            mayHoldHalfConversion && script == .traditional
            ? MixedScriptHalfConversions.corrections(in: scalars[run]) : [:]
        // Only windows that cover a decisive glyph can produce a strong change or a keep that matters;
        // decisive positions ascend, so the windows' starts come out in order without duplicates.
        starts.removeAll(keepingCapacity: true)
        for position in decisivePositions {
            let glyph = scalars[position]
            let reach = max(lexicon.phraseOffsets.furthest(glyph), lexicon.phraseOffsets.furthest(lookupGlyph(glyph)))
            for start in max(run.lowerBound, position - reach, (starts.last ?? -1) + 1)...position {
                starts.append(start)
            }
        }
        let decisivePositions = decisivePositions
        let starts = starts
        var keeps: [Range<Int>] = []
        var candidates: [Candidate] = []
        if script == .simplified {
            // Simplified documents read attested phrases backwards into candidates too, in this order.
            for start in starts {
                scanAttested(from: start, keeps: &keeps, candidates: &candidates)
                scanConversions(from: start, keeps: &keeps, candidates: &candidates)
            }
            candidates += contextCandidates()
        } else {
            for start in starts { scanConversions(from: start, keeps: &keeps, candidates: &candidates) }
            candidates += contextCandidates()
            // In Traditional documents attested phrases only keep glyphs: they matter only where a
            // candidate or a character default would change one, which correct text rarely has.
            if !candidates.isEmpty
                || decisivePositions.contains(where: { lexicon.characterDefaults[scalars[$0]] != nil })
            {
                for start in starts { scanAttested(from: start, keeps: &keeps, candidates: &candidates) }
            }
        }
        // Longest first, then leftmost, then phrase tables before context readings: a total order, so
        // the same text always gets the same messages.
        candidates.sort { first, second in
            let a = first.decision
            let b = second.decision
            if a.window.count != b.window.count { return a.window.count > b.window.count }
            if a.window.lowerBound != b.window.lowerBound { return a.window.lowerBound < b.window.lowerBound }
            if (a.reason == nil) != (b.reason == nil) { return a.reason == nil }
            return a.source < b.source
        }
        var assigned: [Int: Int] = [:]
        var decisions: [Decision] = []
        // Glyphs an applied phrase reads as they stand (面 in 里面→裡面): a later phrase must not
        // change them (面包→麵包 would make 裡麵包括).
        var readAsWritten = Set<Int>()
        for candidate in candidates {
            let strong = candidate.changes.filter {
                candidate.decision.isCurated || isStrong(at: $0)
            }
            guard !strong.isEmpty,
                !strong.contains(where: { position in
                    keeps.contains { $0.contains(position) && Self.keep($0, outranks: candidate.decision) }
                }),
                !candidate.changes.contains(where: { assigned[$0] != nil || readAsWritten.contains($0) })
            else { continue }
            decisions.append(candidate.decision)
            for position in candidate.changes { assigned[position] = decisions.count - 1 }
            readAsWritten.formUnion(candidate.decision.window.filter { !candidate.changes.contains($0) })
        }
        // Vetted half conversions (遞回 → 遞迴) decide on their own, even where a glyph of both forms
        // (回) never would.
        if mayHoldHalfConversion && script == .traditional {
            for (local, corrected) in halfConverted.sorted(by: {
                $0.key < $1.key
            }) where assigned[run.lowerBound + local] == nil {
                let position = run.lowerBound + local
                decisions.append(
                    Decision(
                        window: position..<position + 1, fixed: [corrected],
                        source: "HanziKit MixedScriptHalfConversions", reason: nil, isCurated: true))
                assigned[position] = decisions.count - 1
            }
        }
        for position in decisivePositions where assigned.isEmpty || assigned[position] == nil {
            guard
                let decision = glyphDecision(at: position)
                    ?? characterDefaultDecision(at: position, keeps: keeps, readAsWritten: readAsWritten)
            else { continue }
            decisions.append(decision)
            assigned[position] = decisions.count - 1
        }
        guard !decisions.isEmpty else { return [] }
        let agreed = agreeingWithOpenCC(assigned, decisions)
        guard !agreed.isEmpty else { return [] }
        return group(assigned: agreed, decisions: decisions, offsets: offsets)
    }

    /// The changes OpenCC's own conversion of the run toward the document's script makes too
    /// (maximum matching over the whole run, not a local phrase hit), outside proper names.
    ///
    /// Toward Traditional, the run is read as a Simplified writer would have typed it (`t2s`) and
    /// converted back with `s2t` and `s2tw`, so its phrases match whatever stray glyph it holds;
    /// both must change the glyph and the fix must be what one of them writes, so a
    /// segmentation accident (他剛一出戲院) or a variant one standard keeps (恒生) stays. A glyph
    /// that `t2s` changes is Traditional as written (麪, 摺, 係): OpenCC keeps it, and only the
    /// vetted half conversions of `Dictionaries/MixedScriptHalfConversions.txt` change one (沖突 →
    /// 衝突). Toward Simplified, `t2s` of the run must write the fix. HanziKit's curated phrases,
    /// vetted one by one, are its documented corrections of OpenCC (字元后 → 字元後, where s2t reads
    /// 元后; 代表著 → 代表着, where t2s keeps 著) and stand on their own.
    private func agreeingWithOpenCC(_ assigned: [Int: Int], _ decisions: [Decision]) -> [Int: Int] {
        let written = Array(scalars[run])
        guard let reading = OpenCCReadings(of: written, toward: script) else { return [:] }
        let named = MixedScriptNames.positions(in: written)
        func agrees(_ position: Int, _ decision: Decision) -> Bool {
            let local = position - run.lowerBound
            let fixed = decision.fixed[position - decision.window.lowerBound]
            if let corrected = halfConverted[local] { return lexicon.areRegionalVariants(fixed, corrected) }
            if script == .traditional, reading.simplified[local] != written[local] { return false }
            guard reading.forms.allSatisfy({ $0[local] != written[local] }),
                reading.forms.contains(where: { $0[local] == fixed })
                    || lexicon.areRegionalVariants(fixed, reading.forms[0][local])
            else { return false }
            // What only the Simplified reading's phrases change (系 in 關系, where s2t as written
            // cannot see 关系) must not undo a frequent word the run spells correctly as it stands
            // (一出 in 他剛一出戲院, which the reading's 一出戏 would make 一齣戲).
            if script == .traditional, reading.asWritten.contains(where: { $0[local] == written[local] }) {
                return !spellsFrequentTraditionalWord(around: local, in: written)
            }
            return true
        }
        var agreed: [Int: Int] = [:]
        for (position, index) in assigned where !named.contains(position - run.lowerBound) {
            if agrees(position, decisions[index]) || decisions[index].isCurated { agreed[position] = index }
        }
        return agreed
    }

    /// Whether a frequent word of two to four glyphs covering `position` stands in `written` in its
    /// Traditional spelling (OpenCC's s2t or s2tw of its Simplified form writes it so).
    private func spellsFrequentTraditionalWord(around position: Int, in written: [Unicode.Scalar]) -> Bool {
        let words = FrequentWords.shared
        for length in 2...4 {
            for start in max(0, position - length + 1)...position where start + length <= written.count {
                let word = Array(written[start..<start + length])
                guard words.contains(word), let spellings = OpenCCReadings(of: word, toward: .traditional) else {
                    continue
                }
                if spellings.forms.contains(word) { return true }
            }
        }
        return false
    }

    /// Whether a phrase that keeps a glyph wins over one that changes it: always, unless the change
    /// is a longer curated phrase, written for exactly such a misreading (是只读 over 是只→是隻).
    static func keep(_ keep: Range<Int>, outranks change: Decision) -> Bool {
        !(change.isCurated && change.window.count > keep.count)
    }

    // MARK: Phrases

    /// Attested phrases from `start`: windows they keep as written, and (in Simplified documents)
    /// STPhrases' Traditional phrases read backwards as candidates.
    private func scanAttested(from start: Int, keeps: inout [Range<Int>], candidates: inout [Candidate]) {
        let end = run.upperBound
        // Only phrases of two glyphs or more decide anything.
        guard start + 1 < end, lexicon.attested.mayStart(scalars[start], scalars[start + 1]) else { return }
        var node = ScalarTrie.root
        var position = start
        while position < end, let next = lexicon.attested.step(from: node, scalars[position]) {
            node = next.node
            position += 1
            guard position - start >= 2, next.payload >= 0 else { continue }
            let entry = lexicon.attestedEntries[Int(next.payload)]
            if script == .traditional ? entry.isTraditional : entry.isSimplified { keeps.append(start..<position) }
            if script == .simplified, let simplified = entry.simplifiedForm {
                // A window spelled as STPhrases writes a phrase in Traditional is that phrase's Traditional form.
                consider(
                    start..<position, value: simplified, source: "OpenCC STPhrases, read backwards", isCurated: false,
                    keeps: &keeps, candidates: &candidates)
            }
        }
    }

    /// Phrase keys of the conversion tables from `start`: candidates, and windows they keep.
    private func scanConversions(from start: Int, keeps: inout [Range<Int>], candidates: inout [Candidate]) {
        let end = run.upperBound
        guard start + 1 < end, conversions.mayStart(lookupGlyph(scalars[start]), lookupGlyph(scalars[start + 1]))
        else { return }
        var node = ScalarTrie.root
        var position = start
        while position < end, let next = conversions.step(from: node, lookupGlyph(scalars[position])) {
            node = next.node
            position += 1
            guard position - start >= 2, next.payload >= 0 else { continue }
            let entry = conversionEntries[Int(next.payload)]
            consider(
                start..<position, value: entry.value, source: entry.source, isCurated: entry.isCurated,
                keeps: &keeps, candidates: &candidates)
        }
    }

    /// Numerals and quantities before 里, where it is the unit of length (三里, 數里), not inside.
    private static let numerals = Set<Unicode.Scalar>("一二三四五六七八九十百千萬万两兩幾几数數多".unicodeScalars)

    /// The glyph a phrase key spells: Simplified for Traditional documents, and for Simplified
    /// documents the Simplified form of Traditional-only glyphs (ambiguous glyphs stay as written).
    @inline(__always)
    private func lookupGlyph(_ glyph: Unicode.Scalar) -> Unicode.Scalar {
        switch script {
        case .traditional: lexicon.traditionalToSimplified[glyph] ?? glyph
        case .simplified: lexicon.isTraditionalOnly(glyph) ? lexicon.traditionalToSimplified[glyph] ?? glyph : glyph
        }
    }

    private func consider(
        _ window: Range<Int>, value: ArraySlice<Unicode.Scalar>, source: String, isCurated: Bool,
        keeps: inout [Range<Int>], candidates: inout [Candidate]
    ) {
        guard value.count == window.count else { return }
        let taiwan = script == .traditional && variants == .taiwan
        func target(_ position: Int) -> Unicode.Scalar {
            let glyph = value[value.startIndex + position - window.lowerBound]
            return taiwan ? lexicon.taiwanVariants[glyph] ?? glyph : glyph
        }
        func changes(_ position: Int) -> Bool {
            script == .traditional
                ? !lexicon.areRegionalVariants(scalars[position], target(position))
                : scalars[position] != target(position)
        }
        // Most phrases a correct text matches keep it as written: decide that without allocating.
        guard window.contains(where: changes) else {
            keeps.append(window)
            return
        }
        let fixed = window.map(target)
        let changes = window.filter(changes)
        let decision = Decision(window: window, fixed: fixed, source: source, reason: nil, isCurated: isCurated)
        candidates.append(Candidate(decision: decision, changes: changes))
    }

    /// Positional readings no phrase table holds: 后 or 里 closing a clause, 于 before a number.
    private func contextCandidates() -> [Candidate] {
        guard script == .traditional else { return [] }
        var candidates: [Candidate] = []
        let last = run.upperBound - 1
        let next = run.upperBound < scalars.count ? scalars[run.upperBound] : nil
        if scalars[last] == "后", run.count >= 2 {
            let window = (last - 1)..<run.upperBound
            let decision = Decision(
                window: window, fixed: [scalars[last - 1], "後"], source: "HanziKit context",
                reason: "后 closing a clause means after")
            candidates.append(Candidate(decision: decision, changes: [last]))
        }
        if scalars[last] == "里", run.count >= 2, !Self.numerals.contains(scalars[last - 1]) {
            var inside: Unicode.Scalar = "裏"
            if variants == .taiwan { inside = lexicon.taiwanVariants[inside] ?? inside }
            let decision = Decision(
                window: (last - 1)..<run.upperBound, fixed: [scalars[last - 1], inside], source: "HanziKit context",
                reason: "里 closing a clause after a noun means inside")
            candidates.append(Candidate(decision: decision, changes: [last]))
        }
        if scalars[last] == "于", let next, ("0"..."9").contains(next) {
            let decision = Decision(
                window: last..<run.upperBound, fixed: ["於"], source: "HanziKit context",
                reason: "于 before a date or number is the preposition 於")
            candidates.append(Candidate(decision: decision, changes: [last]))
        }
        return candidates
    }

    // MARK: Glyphs

    /// Whether a change at `position` is evidence on its own, rather than a variant that only
    /// follows a confirmed error (周→週 in 三周后, but never in 周末 alone).
    private func isStrong(at position: Int) -> Bool {
        let glyph = scalars[position]
        switch script {
        case .traditional:
            if lexicon.isSimplifiedOnly(glyph) { return true }
            if let simplified = lexicon.traditionalToSimplified[glyph] {
                // A Traditional glyph that is not OpenCC's default for its Simplified form, where a
                // phrase wants another: a half conversion (沖突, 隻讀). Default forms (個, 後) lose to
                // segmentation accidents (一個中斷, 字元後) too often to decide alone.
                guard let defaultForm = lexicon.simplifiedToTraditional[simplified]?.first else { return false }
                return !lexicon.areRegionalVariants(defaultForm, glyph)
            }
            // A glyph of both scripts (后, 于, 制) that a phrase writes otherwise, unless Traditional
            // writers use it for that form as well (周末).
            guard let forms = lexicon.simplifiedToTraditional[glyph], !lexicon.interchangeable.contains(glyph) else {
                return false
            }
            return forms.contains { !lexicon.areRegionalVariants($0, glyph) }
        case .simplified:
            if lexicon.isTraditionalOnly(glyph) { return true }
            if let defaultForm = lexicon.traditionalToSimplifiedAll[glyph]?.first { return defaultForm != glyph }
            return lexicon.taiwanVariantsReversed[glyph] != nil
        }
    }

    /// A glyph that exists only in the other script, with OpenCC's default conversion.
    private func glyphDecision(at position: Int) -> Decision? {
        let glyph = scalars[position]
        switch script {
        case .traditional:
            guard lexicon.isSimplifiedOnly(glyph), var fixed = lexicon.simplifiedToTraditional[glyph]?.first
            else { return nil }
            if variants == .taiwan { fixed = lexicon.taiwanVariants[fixed] ?? fixed }
            return Decision(window: position..<position + 1, fixed: [fixed], source: "OpenCC STCharacters", reason: nil)
        case .simplified:
            guard lexicon.isTraditionalOnly(glyph), let fixed = lexicon.traditionalToSimplified[glyph] else {
                return nil
            }
            return Decision(window: position..<position + 1, fixed: [fixed], source: "OpenCC TSCharacters", reason: nil)
        }
    }

    /// A glyph of both scripts that correct Traditional writes only inside a phrase keeping it (后
    /// in 皇后): with no such phrase here, and no applied phrase writing it as it stands, it means
    /// OpenCC's character default.
    private func characterDefaultDecision(at position: Int, keeps: [Range<Int>], readAsWritten: Set<Int>)
        -> Decision?
    {
        guard script == .traditional, var fixed = lexicon.characterDefaults[scalars[position]],
            !readAsWritten.contains(position), !keeps.contains(where: { $0.contains(position) })
        else { return nil }
        if variants == .taiwan { fixed = lexicon.taiwanVariants[fixed] ?? fixed }
        return Decision(
            window: position..<position + 1, fixed: [fixed], source: "HanziKit MixedScriptCharacterDefaults",
            reason: nil)
    }

    // MARK: Violations

    private func group(assigned: [Int: Int], decisions: [Decision], offsets: UTF8Offsets) -> [RuleViolation] {
        var violations: [RuleViolation] = []
        var position = run.lowerBound
        while position < run.upperBound {
            guard let decisionIndex = assigned[position] else {
                position += 1
                continue
            }
            var end = position + 1
            while end < run.upperBound, assigned[end] == decisionIndex { end += 1 }
            let decision = decisions[decisionIndex]
            let original = String(String.UnicodeScalarView(scalars[position..<end]))
            let replacement = String(
                String.UnicodeScalarView((position..<end).map { decision.fixed[$0 - decision.window.lowerBound] }))
            violations.append(
                RuleViolation(
                    utf8Range: offsets[position]..<offsets[end],
                    message: message(
                        original: original, replacement: replacement, decision: decision,
                        assigned: assigned, decisionIndex: decisionIndex),
                    replacement: replacement))
            position = end
        }
        return violations
    }

    private func message(
        original: String, replacement: String, decision: Decision, assigned: [Int: Int], decisionIndex: Int
    ) -> String {
        let otherScript = script == .traditional ? "Simplified" : "Traditional"
        let isOtherScript = original.unicodeScalars.allSatisfy { glyph in
            switch script {
            case .traditional: lexicon.traditionalToSimplified[glyph] == nil
            case .simplified:
                lexicon.traditionalToSimplified[glyph] != nil || lexicon.taiwanVariantsReversed[glyph] != nil
            }
        }
        let verdict =
            isOtherScript ? "\(original) is \(otherScript) for \(replacement)" : "\(original) should be \(replacement)"
        if decision.window.count == 1, decision.reason == nil {
            return "\(verdict) (\(decision.source); no phrase decides otherwise)"
        }
        let window = String(String.UnicodeScalarView(scalars[decision.window]))
        let fixedWindow = String(
            String.UnicodeScalarView(
                decision.window.map {
                    assigned[$0] == decisionIndex ? decision.fixed[$0 - decision.window.lowerBound] : scalars[$0]
                }
            ))
        let because = decision.reason.map { "\($0), \(decision.source)" } ?? decision.source
        return "\(verdict) here: \(window) → \(fixedWindow) (\(because))"
    }
}

/// OpenCC's readings of a run, scalar by scalar: its `t2s` conversion, and the forms a fix must
/// agree with: toward Traditional, `s2t` and `s2tw` of that Simplified reading; toward
/// Simplified, the `t2s` conversion itself. `nil` when a conversion changes the run's length (no
/// glyph can then be matched to its conversion) or OpenCC cannot be opened.
struct OpenCCReadings {
    /// OpenCC's standard and Taiwan's: Hong Kong's keeps glyphs (户, 挂) that Taiwan's documents
    /// do not write, and a document's variants are Taiwan's or OpenCC's (`TraditionalVariants`).
    static let converters = Result { () throws(HanziKitError) in
        (toTraditional: [try Converter(.s2t), try Converter(.s2tw)], toSimplified: try Converter(.t2s))
    }
    /// Whether `converters` can wait for a first candidate fix: all three open from the cache.
    /// Decided once per process, as `converters` is loaded once: `prepare()` runs for every file
    /// of a folder, and deciding it there again (reading each configuration) cost 0.4 ms a file.
    static let canWait = [ConversionConfig.s2t, .s2tw, .t2s].allSatisfy(Converter.opensFromCache)

    /// The run as a Simplified writer would type it.
    let simplified: [Unicode.Scalar]
    /// The forms a fix must agree with.
    let forms: [[Unicode.Scalar]]
    /// Toward Traditional, `s2t` and `s2tw` of the run as written.
    let asWritten: [[Unicode.Scalar]]

    init?(of run: [Unicode.Scalar], toward script: Script) {
        // `MixedScriptRule.prepare()` reports conversions that cannot be loaded.
        guard case let .success((toTraditional, toSimplified)) = Self.converters else { return nil }
        let simplifiedText = toSimplified.convert(String(String.UnicodeScalarView(run)))
        simplified = Array(simplifiedText.unicodeScalars)
        switch script {
        case .traditional:
            forms = toTraditional.map { Array($0.convert(simplifiedText).unicodeScalars) }
            let text = String(String.UnicodeScalarView(run))
            asWritten = toTraditional.map { Array($0.convert(text).unicodeScalars) }
        case .simplified:
            forms = [simplified]
            asWritten = []
        }
        guard simplified.count == run.count, (forms + asWritten).allSatisfy({ $0.count == run.count }) else {
            return nil
        }
    }
}

/// Phrases of a curated table found in a run of glyphs, by their first glyph.
struct CuratedPhraseIndex: Sendable {
    private var byFirstGlyph: [Unicode.Scalar: [(phrase: [Unicode.Scalar], value: [Unicode.Scalar])]] = [:]
    /// The keys of `byFirstGlyph` as a bitmap: most glyphs start no phrase, and this says so without hashing.
    private var firstGlyphs = ScalarSet()

    init(_ table: String) {
        for (key, value) in CuratedDictionaries.parse(table).sorted(by: { $0.key < $1.key }) {
            let phrase = Array(key.unicodeScalars)
            let value = Array(value.unicodeScalars)
            guard let first = phrase.first, value.count == phrase.count else { continue }
            byFirstGlyph[first, default: []].append((phrase, value))
            firstGlyphs.insert(first)
        }
    }

    /// Each position of `run` inside a listed phrase of at least `minimumLength` glyphs, with the
    /// glyph the phrase's value has there.
    func matches(in run: [Unicode.Scalar], minimumLength: Int = 1) -> [Int: Unicode.Scalar] {
        var found: [Int: Unicode.Scalar] = [:]
        for start in run.indices where firstGlyphs.contains(run[start]) {
            for entry in byFirstGlyph[run[start]] ?? []
            where entry.phrase.count >= minimumLength && run[start...].starts(with: entry.phrase) {
                for offset in entry.phrase.indices { found[start + offset] = entry.value[offset] }
            }
        }
        return found
    }
}

/// Proper names `mixed-script` keeps as written (`Dictionaries/MixedScriptNames.txt`).
enum MixedScriptNames {
    private static let index = CuratedPhraseIndex(CuratedDictionaries.mixedScriptNames)

    /// The positions of `run` inside a listed name. A name of two glyphs (馬里, 里丁) counts only
    /// as the whole run: inside a longer one it is as often ordinary text (這里提一下 holds 里提).
    static func positions(in run: [Unicode.Scalar]) -> Set<Int> {
        Set(index.matches(in: run, minimumLength: run.count == 2 ? 2 : 3).keys)
    }
}

/// Half conversions `mixed-script` corrects although OpenCC keeps them
/// (`Dictionaries/MixedScriptHalfConversions.txt`).
enum MixedScriptHalfConversions {
    private static let index = CuratedPhraseIndex(CuratedDictionaries.mixedScriptHalfConversions)
    /// The first glyph of every listed phrase: a run without one holds none.
    static let firstGlyphs: ScalarSet = {
        var glyphs = ScalarSet()
        for key in CuratedDictionaries.parse(CuratedDictionaries.mixedScriptHalfConversions).keys {
            if let first = key.unicodeScalars.first { glyphs.insert(first) }
        }
        return glyphs
    }()

    /// The positions of `run` inside a listed half conversion whose correct glyph differs, with
    /// it; positions count from the run's start.
    static func corrections(in run: ArraySlice<Unicode.Scalar>) -> [Int: Unicode.Scalar] {
        // Most runs that hold a first glyph (回, 復 are common) hold no listed phrase: look only there.
        guard run.contains(where: { firstGlyphs.contains($0) }) else { return [:] }
        let run = Array(run)
        return index.matches(in: run).filter { run[$0.key] != $0.value }
    }
}

extension String {
    /// The text's Unicode scalars and the UTF-8 offset of each (plus the end), in one pass.
    func scalarsWithUTF8Offsets() -> (scalars: [Unicode.Scalar], offsets: UTF8Offsets) {
        UTF8Text.withText(self) { text in
            var checkpoints: [Int] = []
            checkpoints.reserveCapacity(text.count / UTF8Offsets.stride + 2)
            // Written straight into the array's storage: appending scalar by scalar costs more than decoding.
            let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: text.count) { buffer, count in
                var written = 0
                var offset = 0
                while offset < text.count {
                    if written % UTF8Offsets.stride == 0 { checkpoints.append(offset) }
                    let (value, length) = text.scalar(at: offset)
                    // The text is a Swift string, so its bytes are valid UTF-8 and every value a scalar.
                    buffer.initializeElement(at: written, to: unsafeBitCast(value, to: Unicode.Scalar.self))
                    written += 1
                    offset += length
                }
                if written % UTF8Offsets.stride == 0 { checkpoints.append(offset) }
                count = written
            }
            return (scalars, UTF8Offsets(scalars: scalars, checkpoints: checkpoints))
        }
    }
}

/// The UTF-8 offset of each scalar of a text (and of its end), kept as one offset per 64 scalars:
/// the rest follow from the scalars' own lengths, so a scan does not write eight bytes per glyph
/// for the few offsets its findings need.
struct UTF8Offsets: Sendable {
    static let stride = 64
    let scalars: [Unicode.Scalar]
    let checkpoints: [Int]

    subscript(_ index: Int) -> Int {
        var offset = checkpoints[index / Self.stride]
        for scalar in scalars[(index - index % Self.stride)..<index] { offset += UTF8.width(scalar) }
        return offset
    }
}
