import Dispatch
import HanziConversion
import HanziText

/// Which script to normalize toward: the document's own (detected), or a fixed one.
public enum ScriptSelection: Sendable, Hashable {
    /// Detect each document's script with `ScriptDetector`; when the evidence does not settle it,
    /// only the rules that do not fix toward a script run (see `ScriptDecision`).
    case auto
    /// Always this script.
    case fixed(Script)

    /// Parses `auto`, `hant` or `hans`.
    public init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let script = Script(rawValue: argument) {
            self = .fixed(script)
        } else {
            return nil
        }
    }
}

/// Which rules run, how severe their findings are, and the options they read.
public struct NormalizationSettings: Sendable {
    /// The script each document is normalized toward.
    public var script: ScriptSelection
    /// Rules switched on (`true`) or off (`false`) against their default.
    public var enabledOverrides: [String: Bool]
    /// Severities that replace the rules' defaults.
    public var severityOverrides: [String: Severity]
    /// Options individual rules read, such as the term dictionary.
    public var options: RuleOptions

    /// Creates settings; the defaults run the rules enabled by default at their own severities.
    public init(
        script: ScriptSelection = .auto, enabledOverrides: [String: Bool] = [:],
        severityOverrides: [String: Severity] = [:], options: RuleOptions = RuleOptions()
    ) {
        self.script = script
        self.enabledOverrides = enabledOverrides
        self.severityOverrides = severityOverrides
        self.options = options
    }
}

/// How a document's script was settled, which decides the rules that run on it.
public enum ScriptDecision: Sendable, Hashable {
    /// Named by the settings (`--script hant` or `hans`).
    case fixed(Script)
    /// Detected with strong enough evidence: every rule runs.
    case detected(Script, ScriptDetection)
    /// Chinese whose script the evidence does not settle (`neither`, or `mixed`: the rarer script's
    /// evidence more than an eighth of the other's): only the rules that do not fix toward a script run.
    case undecided(ScriptDetection)
    /// Japanese or Korean text: no rule runs, since none of them is written for it.
    case notChinese(ScriptDetection)

    /// The script glyphs are fixed toward, if any.
    public var script: Script? {
        switch self {
        case let .fixed(script), let .detected(script, _): script
        case .undecided, .notChinese: nil
        }
    }

    /// The finding `check` reports for a document with Han characters whose script was not
    /// settled, at its start: `info`, so CI does not fail on it.
    public var finding: Finding? {
        let message: String
        switch self {
        case .fixed, .detected: return nil
        case let .undecided(detection):
            // A text without Han characters (an English README) has no script to decide.
            guard detection.hanCount > 0 else { return nil }
            message =
                "the script could not be decided (\(detection.script.rawValue): traditional "
                + "\(detection.traditionalCount), simplified \(detection.simplifiedCount)); glyphs were not "
                + "checked, only script-neutral rules ran (use --script hant or hans to choose)"
        case let .notChinese(detection):
            message = "\(detection.script.rawValue) text, not Chinese: no rule ran"
        }
        return Finding(
            rule: Self.findingRule, severity: .info, message: message, line: 1, column: 1, utf8Offset: 0,
            utf8Length: 0, original: "", replacement: nil)
    }

    /// The rule identifier of `finding`.
    public static let findingRule = "script"
}

/// What the engine made of one document.
public struct NormalizationResult: Sendable {
    /// The script the document was normalized toward (Traditional, nominally, when it was not settled).
    public var script: Script
    /// Every finding in the original text, in text order.
    public var findings: [Finding]
    /// How the script was settled.
    public var decision: ScriptDecision

    /// Creates a result.
    public init(script: Script, findings: [Finding], decision: ScriptDecision? = nil) {
        self.script = script
        self.findings = findings
        self.decision = decision ?? .fixed(script)
    }
}

/// Runs the enabled rules over a document, reports findings with exact positions, and applies fixes.
///
/// Violations inside protected regions (URLs, paths, Markdown code, disabled lines) are dropped.
/// Where two rules' ranges overlap, the rule earlier in the registry wins. Fixing repeats until
/// nothing changes (at most `maximumPasses` times), so `normalize(normalize(x)) == normalize(x)`.
public struct Normalizer: Sendable {
    /// The settings in force.
    public let settings: NormalizationSettings
    /// The rules that run, with the severity of their findings, in priority order.
    public let enabledRules: [(rule: any Rule, severity: Severity)]
    /// How often fixing is repeated at most: only a guard against rules that undo each other, since
    /// fixes that enable other fixes settle within three or four passes (a repair, then the
    /// punctuation or the space beside it) and stopping early would leave work for the next run.
    public static let maximumPasses = 8
    /// Segment and window sizes; tests shrink them to put cuts into small texts.
    var layout = SegmentLayout.standard
    /// The identifier of each enabled rule, read once: a rule's description is built anew,
    /// examples and all, each time it is asked for.
    private let identifiers: [String]
    /// Which enabled rules read only Han runs, and which read the whole document: asked between
    /// passes, and cheaper to know once than to cast for every time.
    private let readsHanRunsOnly: [Bool]
    private let readsDocument: [Bool]
    private let documentReadingRules: [any DocumentReadingRule]

    /// An engine over `registry` configured by `settings`.
    public init(settings: NormalizationSettings = NormalizationSettings(), registry: RuleRegistry = .standard) {
        let enabled: [(rule: any Rule, severity: Severity)] = registry.rules.compactMap { rule in
            let description = rule.description
            let identifier = description.identifier
            let defaultOn = type(of: rule).isEnabledByDefault(with: settings.options)
            guard settings.enabledOverrides[identifier] ?? defaultOn else { return nil }
            return (rule, settings.severityOverrides[identifier] ?? description.defaultSeverity)
        }
        self.init(settings: settings, enabledRules: enabled, layout: .standard)
    }

    private init(
        settings: NormalizationSettings, enabledRules: [(rule: any Rule, severity: Severity)], layout: SegmentLayout
    ) {
        self.settings = settings
        self.enabledRules = enabledRules
        self.layout = layout
        identifiers = enabledRules.map { $0.rule.description.identifier }
        readsHanRunsOnly = enabledRules.map { $0.rule is any HanRunRule }
        readsDocument = enabledRules.map { $0.rule is any DocumentReadingRule }
        documentReadingRules = enabledRules.compactMap { $0.rule as? any DocumentReadingRule }
    }

    /// The engine for a document whose script was settled as `decision`: all enabled rules, those
    /// that do not fix toward a script, or none.
    public func scoped(to decision: ScriptDecision) -> Normalizer {
        switch decision {
        case .fixed, .detected: self
        case .undecided:
            Normalizer(
                settings: settings, enabledRules: enabledRules.filter { !$0.rule.description.fixesTowardScript },
                layout: layout)
        case .notChinese: Normalizer(settings: settings, enabledRules: [], layout: layout)
        }
    }

    /// Loads what the enabled rules read, or throws the error that names the file that cannot be
    /// read (OpenCC's data missing, say). Every throwing way of checking or normalizing calls it
    /// first; call it before the ones that cannot throw (`findings(in:script:format:)`,
    /// `normalize(_:script:format:)`), which stop the process on such an error rather than let a
    /// rule find nothing.
    public func prepare() throws(HanziKitError) {
        for (rule, _) in enabledRules { try rule.prepare() }
    }

    /// How the script of `text` is settled under the settings.
    public func scriptDecision(for text: String) throws(HanziKitError) -> ScriptDecision {
        switch settings.script {
        case let .fixed(script): return .fixed(script)
        case .auto: return Self.decision(try ScriptDetector.detect(text))
        }
    }

    /// The decision a detection makes.
    static func decision(_ detection: ScriptDetection) -> ScriptDecision {
        if let script = detection.targetScript { return .detected(script, detection) }
        if detection.script == .japanese || detection.script == .korean { return .notChinese(detection) }
        return .undecided(detection)
    }

    /// The script `text` is normalized toward under the settings; Traditional, nominally, for the
    /// script-neutral rules when it is not settled.
    public func targetScript(for text: String) throws(HanziKitError) -> Script {
        try scriptDecision(for: text).script ?? .traditional
    }

    /// Every finding in `text`, in text order (then rule priority); a document whose script was not
    /// settled starts with the `info` finding that says so, and front matter kept unread is an
    /// `info` finding in its place.
    public func check(_ text: String, format: DocumentFormat = .plain) throws(HanziKitError) -> NormalizationResult {
        try format.validate(text)
        try prepare()
        let decision = try scriptDecision(for: text)
        let script = decision.script ?? .traditional
        var found = scoped(to: decision).findings(in: text, script: script, format: format)
        var bytes = text
        if let note = bytes.withUTF8({ format.unreadFrontMatter(in: $0) }) { Self.insert(note, into: &found) }
        return NormalizationResult(
            script: script, findings: (decision.finding.map { [$0] } ?? []) + found, decision: decision)
    }

    /// The rule identifier of the finding for front matter kept unread (`DocumentNote`).
    public static let unreadRule = "front-matter"

    /// Puts the `info` finding for `note` among `findings`, in text order.
    static func insert(_ note: DocumentNote, into findings: inout [Finding]) {
        let finding = Finding(
            rule: unreadRule, severity: .info, message: note.message, line: note.line, column: note.column,
            utf8Offset: note.utf8Offset, utf8Length: 0, original: "", replacement: nil)
        findings.insert(finding, at: findings.firstIndex { $0.utf8Offset > note.utf8Offset } ?? findings.count)
    }

    /// Every finding in `text` read as a document of `script`.
    public func findings(in text: String, script: Script, format: DocumentFormat = .plain) -> [Finding] {
        findings(in: text, script: script, format: format, known: nil)
    }

    /// The findings in `text`, whose protected regions may be known already.
    func findings(in text: String, script: Script, format: DocumentFormat, known: Segmentation?) -> [Finding] {
        let segments = Self.segments(of: text, format: format, layout: layout, known: known)
        let accepted = Self.forEachSegment(segments) { segment in
            acceptedViolations(in: segment.text, script: script, format: format, protected: segment.protected).map {
                item in
                var item = item
                item.violation.utf8Range =
                    item.range.lowerBound + segment.offset..<item.range.upperBound + segment.offset
                return item
            }
        }.joined()
        return UTF8Text.withText(text) { utf8 in
            let lines = LineIndex(utf8)
            return accepted.map { item in
                let (line, column) = lines.position(of: item.violation.utf8Range.lowerBound, in: utf8)
                let range = item.violation.utf8Range
                return Finding(
                    rule: item.rule, severity: item.severity, message: item.violation.message, line: line,
                    column: column, utf8Offset: range.lowerBound, utf8Length: range.count,
                    original: String(decoding: UnsafeBufferPointer(rebasing: utf8.bytes[range]), as: UTF8.self),
                    replacement: item.violation.replacement)
            }
        }
    }

    /// `text` with every fixable finding fixed, repeated until it no longer changes.
    public func normalize(_ text: String, format: DocumentFormat = .plain) throws(HanziKitError) -> String {
        try format.validate(text)
        try prepare()
        let decision = try scriptDecision(for: text)
        return scoped(to: decision).normalize(text, script: decision.script ?? .traditional, format: format)
    }

    /// `text` normalized toward `script`.
    ///
    /// The document is cut into segments at neutral line breaks (see `DocumentSegments`); they are
    /// fixed on all cores, and only a segment that changed runs another pass.
    public func normalize(_ text: String, script: Script, format: DocumentFormat = .plain) -> String {
        normalize(text, script: script, format: format, known: nil)
    }

    /// `text` normalized toward `script`, whose protected regions may be known already.
    func normalize(_ text: String, script: Script, format: DocumentFormat, known: Segmentation?) -> String {
        let segments = Self.segments(of: text, format: format, layout: layout, known: known)
        if segments.count == 1 { return normalizeSegment(segments[0], script: script, format: format) }
        return Self.forEachSegment(segments) { segment in
            normalizeSegment(segment, script: script, format: format)
        }.joined()
    }

    private func normalizeSegment(_ segment: Segment, script: Script, format: DocumentFormat) -> String {
        var current = segment.text
        var protected = segment.protected ?? UTF8Text.withText(current) { ProtectedRegions($0, format: format) }
        var memo = DocumentMemo()
        var fixes = acceptedViolations(in: current, script: script, format: format, protected: protected, memo: memo)
            .map(\.violation).filter { $0.replacement != nil }
        var pass = 1
        while !fixes.isEmpty {
            let touchesHanRuns = Self.touchHanRuns(fixes, in: current)
            let previous = current
            protected = protected.shifted(through: fixes)
            current = Self.apply(fixes, to: current)
            guard pass < Self.maximumPasses else { break }
            pass += 1
            let evidenceChanged = documentReadingRules.contains {
                $0.fixesChangeEvidence(fixes, from: previous, to: current)
            }
            // What was derived from the document stays valid exactly while its evidence is unchanged.
            if evidenceChanged { memo = DocumentMemo() }
            fixes = laterPassFixes(
                in: current, lines: Self.linesTouched(by: fixes, in: current), script: script, protected: protected,
                skippingHanRunRules: !touchesHanRuns, rereadingWholeText: evidenceChanged, memo: memo)
        }
        return current
    }

    /// Whether any fix removes or writes a Han glyph or an ASCII digit: only such a fix can change
    /// what a `HanRunRule` finds.
    private static func touchHanRuns(_ fixes: [RuleViolation], in text: String) -> Bool {
        func matters(_ scalar: Unicode.Scalar) -> Bool { scalar.isHan || ("0"..."9").contains(scalar) }
        return UTF8Text.withText(text) { utf8 in
            fixes.contains { fix in
                fix.replacement!.unicodeScalars.contains(where: matters)
                    || String(decoding: UnsafeBufferPointer(rebasing: utf8.bytes[fix.utf8Range]), as: UTF8.self)
                        .unicodeScalars.contains(where: matters)
            }
        }
    }

    /// The byte ranges of whole lines of `text`, the result of applying `fixes`, that the fixes touch.
    private static func linesTouched(by fixes: [RuleViolation], in text: String) -> [Range<Int>] {
        UTF8Text.withText(text) { utf8 in
            var lines: [Range<Int>] = []
            var shift = 0
            for fix in fixes {
                let length = fix.replacement!.utf8.count
                var lineStart = fix.utf8Range.lowerBound + shift
                var lineEnd = lineStart + length
                shift += length - fix.utf8Range.count
                while lineStart > 0 && utf8.bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
                while lineEnd < utf8.count && utf8.bytes[lineEnd] != 0x0A { lineEnd += 1 }
                if lineEnd < utf8.count { lineEnd += 1 }
                if let last = lines.last, lineStart < last.upperBound {
                    lines[lines.count - 1] = last.lowerBound..<max(last.upperBound, lineEnd)
                } else {
                    lines.append(lineStart..<lineEnd)
                }
            }
            return lines
        }
    }

    /// Fixes a later pass finds. A fix enables another only on its own line (no rule reads across
    /// a line break to decide a fix, except from the whole text's evidence), so the rules read just
    /// the changed lines, joined into one text, with `text` as their document; the segment's
    /// protected regions, found with its format before the fixes, still apply. When the fixes
    /// changed what a `DocumentReadingRule` reads elsewhere, it reads every line again.
    private func laterPassFixes(
        in text: String, lines: [Range<Int>], script: Script, protected: ProtectedRegions, skippingHanRunRules: Bool,
        rereadingWholeText: Bool, memo: DocumentMemo
    ) -> [RuleViolation] {
        UTF8Text.withText(text) { utf8 in
            var joined: [UInt8] = []
            var starts: [Int] = []
            for line in lines {
                starts.append(joined.count)
                joined += UnsafeBufferPointer(rebasing: utf8.bytes[line])
            }
            let changed = RuleContext(
                lines: String(decoding: joined, as: UTF8.self), of: text, script: script, options: settings.options,
                memo: memo)
            var found = candidates(in: changed, format: .plain, protected: nil) { index in
                !(skippingHanRunRules && readsHanRunsOnly[index])
                    && !(rereadingWholeText && readsDocument[index])
            }
            found.sort(by: Self.textOrder)
            var chunk = 0
            found = found.compactMap { candidate in
                let range = candidate.range
                while chunk + 1 < starts.count && starts[chunk + 1] <= range.lowerBound { chunk += 1 }
                let shift = lines[chunk].lowerBound - starts[chunk]
                let mapped = (range.lowerBound + shift)..<(range.upperBound + shift)
                guard mapped.upperBound <= lines[chunk].upperBound, !protected.protects(mapped) else { return nil }
                var candidate = candidate
                candidate.violation.utf8Range = mapped
                return candidate
            }
            if rereadingWholeText {
                let whole = RuleContext(text: text, script: script, options: settings.options, memo: memo)
                found += candidates(in: whole, format: .plain, protected: protected) { readsDocument[$0] }
            }
            return Self.resolve(found, in: utf8).map(\.violation).filter { $0.replacement != nil }
        }
    }

    /// One part of a document: its text, where it starts in the document's UTF-8, and its
    /// protected regions when they are known.
    private struct Segment: Sendable {
        var text: String
        var offset: Int
        var protected: ProtectedRegions?
    }

    private static func segments(
        of text: String, format: DocumentFormat, layout: SegmentLayout, known: Segmentation?
    ) -> [Segment] {
        let utf8Count = text.utf8.count
        let segmentation: Segmentation
        if let known {
            segmentation = known
        } else {
            let lines = UTF8Text.withText(text) { $0.newlineCount(upTo: layout.linesPerSegment) }
            // Most documents are one segment; counting their lines is cheaper than finding protected regions.
            guard utf8Count > layout.longLineLimit || lines >= layout.linesPerSegment else {
                return [Segment(text: text, offset: 0, protected: nil)]
            }
            segmentation = UTF8Text.withText(text) { Segmentation($0, format: format, layout: layout) }
        }
        let cuts = segmentation.cuts
        return zip([0] + cuts, cuts + [utf8Count]).map { start, end in
            Segment(
                text: text.utf8Slice(start..<end), offset: start,
                protected: segmentation.protected.slice(start..<end))
        }
    }

    /// `body` applied to every segment on all cores, in the segments' order.
    private static func forEachSegment<Result: Sendable>(
        _ segments: [Segment], _ body: @Sendable (Segment) -> Result
    ) -> [Result] {
        if segments.count == 1 { return [body(segments[0])] }
        let results = Locked<[Int: Result]>([:])
        DispatchQueue.concurrentPerform(iterations: segments.count) { index in
            let result = body(segments[index])
            results.withLock { $0[index] = result }
        }
        return results.withLock { all in segments.indices.map { all[$0]! } }
    }

    private struct Accepted: Sendable {
        var rule: String
        var severity: Severity
        var priority: Int
        var violation: RuleViolation
        var range: Range<Int> { violation.utf8Range }
    }

    /// The violations of all enabled rules that are valid, outside protected regions, and not
    /// overlapped by a higher-priority rule's, in text order (insertions before replacements at
    /// the same place, then priority).
    private func acceptedViolations(
        in text: String, script: Script, format: DocumentFormat, protected known: ProtectedRegions?,
        memo: DocumentMemo = DocumentMemo()
    ) -> [Accepted] {
        let context = RuleContext(text: text, script: script, options: settings.options, memo: memo)
        let found = candidates(in: context, format: format, protected: known) { _ in true }
        return UTF8Text.withText(text) { Self.resolve(found, in: $0) }
    }

    /// The violations of the enabled rules whose index `including` picks that are valid and outside
    /// protected regions, in rule order.
    private func candidates(
        in context: RuleContext, format: DocumentFormat, protected known: ProtectedRegions?,
        including: (Int) -> Bool
    ) -> [Accepted] {
        var candidates: [Accepted] = []
        UTF8Text.withText(context.text) { utf8 in
            let protected = known ?? ProtectedRegions(utf8, format: format)
            for (priority, (rule, severity)) in enabledRules.enumerated() where including(priority) {
                let identifier = identifiers[priority]
                for violation in rule.violations(in: context) {
                    let range = violation.utf8Range
                    guard range.lowerBound >= 0, range.upperBound <= utf8.count,
                        Self.isScalarBoundary(range.lowerBound, utf8), Self.isScalarBoundary(range.upperBound, utf8),
                        !protected.protects(range)
                    else { continue }
                    candidates.append(
                        Accepted(rule: identifier, severity: severity, priority: priority, violation: violation))
                }
            }
        }
        return candidates
    }

    /// Text order: by start, then end (an insertion before a replacement at its place), then priority.
    private static func textOrder(_ a: Accepted, _ b: Accepted) -> Bool {
        if a.range.lowerBound != b.range.lowerBound { return a.range.lowerBound < b.range.lowerBound }
        if a.range.upperBound != b.range.upperBound { return a.range.upperBound < b.range.upperBound }
        return a.priority < b.priority
    }

    /// The candidates of `text` no higher-priority candidate conflicts with, in text order.
    private static func resolve(_ candidates: [Accepted], in text: UTF8Text) -> [Accepted] {
        let candidates = candidates.sorted(by: textOrder)
        // Sweep clusters of candidates that may conflict; conflicts are rare, so clusters are tiny
        // and resolving one by priority costs next to nothing.
        var accepted: [Accepted] = []
        accepted.reserveCapacity(candidates.count)
        var start = 0
        while start < candidates.count {
            var end = start + 1
            var extent = candidates[start].range.upperBound
            var insertsAtExtent = candidates[start].range.isEmpty
            while end < candidates.count {
                let range = candidates[end].range
                guard range.lowerBound < extent || (range.lowerBound == extent && (range.isEmpty || insertsAtExtent))
                else { break }
                if range.upperBound > extent {
                    extent = range.upperBound
                    insertsAtExtent = false
                } else if range.isEmpty && range.lowerBound == extent {
                    insertsAtExtent = true
                }
                end += 1
            }
            if end == start + 1 {
                accepted.append(candidates[start])
            } else {
                var chosen: [Accepted] = []
                for candidate in candidates[start..<end].sorted(by: { $0.priority < $1.priority })
                where !chosen.contains(where: { conflict($0.violation, candidate.violation, in: text) }) {
                    chosen.append(candidate)
                }
                accepted += candidates[start..<end].filter { candidate in
                    chosen.contains { $0.range == candidate.range && $0.priority == candidate.priority }
                }
            }
            start = end
        }
        return accepted
    }

    private static func isScalarBoundary(_ offset: Int, _ text: UTF8Text) -> Bool {
        offset == text.count || text.bytes[offset] & 0xC0 != 0x80
    }

    /// Two fixes conflict when they share a byte, when both insert at one place, when one inserts
    /// inside the other's range, or when one inserts at an end of the other's range and the
    /// replacement changes the kind of character there: an insertion is decided by its neighbours
    /// (`?,F在` becomes `。現在`, where the space `F在` wanted no longer belongs, but `meta` made
    /// `Meta` keeps it). The fix that loses is decided again in the next pass.
    private static func conflict(_ a: RuleViolation, _ b: RuleViolation, in text: UTF8Text) -> Bool {
        switch (a.utf8Range.isEmpty, b.utf8Range.isEmpty) {
        case (true, true): a.utf8Range.lowerBound == b.utf8Range.lowerBound
        case (true, false): conflict(insertion: a.utf8Range.lowerBound, replacement: b, in: text)
        case (false, true): conflict(insertion: b.utf8Range.lowerBound, replacement: a, in: text)
        case (false, false): a.utf8Range.overlaps(b.utf8Range)
        }
    }

    private static func conflict(insertion offset: Int, replacement: RuleViolation, in text: UTF8Text) -> Bool {
        let range = replacement.utf8Range
        // A finding without a fix leaves its neighbours as they are.
        guard let written = replacement.replacement?.unicodeScalars else {
            return range.lowerBound < offset && offset < range.upperBound
        }
        switch offset {
        case range.lowerBound: return kind(text.scalar(at: offset).value) != written.first.map { kind($0.value) }
        case range.upperBound: return kind(text.scalar(before: offset)!.value) != written.last.map { kind($0.value) }
        default: return range.contains(offset)
        }
    }

    /// The kinds of character an insertion (a space between Chinese and Latin) is decided by.
    private static func kind(_ value: UInt32) -> Int {
        CharacterClass.isHan(value) ? 1 : CharacterClass.isASCIIAlphanumeric(value) ? 2 : 0
    }

    /// Applies non-overlapping fixes sorted by position. The result is built front to back in one
    /// pass, which equals applying the edits back to front but costs O(n) instead of O(n·edits).
    static func apply(_ fixes: [RuleViolation], to text: String) -> String {
        let fixes = fixes.filter { $0.replacement != nil }
        guard !fixes.isEmpty else { return text }
        let scalars = text.unicodeScalars
        let utf8 = text.utf8
        // Offsets are scalar boundaries (the engine checks), so these are valid scalar indices.
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var result = ""
        result.reserveCapacity(fixes.reduce(utf8.count) { $0 - $1.utf8Range.count + $1.replacement!.utf8.count })
        var copied = 0
        for fix in fixes {
            precondition(fix.utf8Range.lowerBound >= copied, "fixes must be sorted and disjoint")
            // Appended as slices of a valid string: copied without validating the bytes again, and
            // never rounded to grapheme boundaries (a fix may remove a joiner inside a cluster).
            result.append(contentsOf: Substring(scalars[index(copied)..<index(fix.utf8Range.lowerBound)]))
            result.append(contentsOf: fix.replacement!)
            copied = fix.utf8Range.upperBound
        }
        result.append(contentsOf: Substring(scalars[index(copied)...]))
        return result
    }
}
