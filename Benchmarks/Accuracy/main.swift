// hanzi-accuracy: precision and recall of `mixed-script` and `mojibake` on real text with injected
// defects, and their findings on the unmodified corpora. Method and figures: BENCHMARKS.md.
//
//   swift run -c release hanzi-accuracy HANT_TXT HANS_TXT [--samples N] [--seed S] [--show K] [--speed]
//     [--only RULE] [--misses K]   (--help explains them)
import Foundation
import Glibc
import HanziKit

/// SplitMix64: a small seeded generator, so every run injects the same defects.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct Options {
    var hant = ""
    var hans = ""
    var samples = 4_000
    var seed: UInt64 = 20_261_129
    var show = 30
    var speedOnly = false
    /// Run only this rule's sections (`mixed-script` or `mojibake`).
    var only: String?
    /// How many wrong and missed repairs to print per injected kind.
    var misses = 0

    static let usage = """
        usage: hanzi-accuracy HANT_TXT HANS_TXT [--samples N] [--seed S] [--show K] [--speed]
                              [--only mixed-script|mojibake] [--misses K]
          --samples N   excerpts per injected kind (default 4000)
          --seed S      the generator's seed (default 20261129)
          --show K      findings on the unmodified corpora to print (default 30)
          --speed       only each rule's throughput and first-use cost
          --only RULE   only that rule's sections; the same excerpts as a full run
          --misses K    print up to K wrong and K missed repairs per mojibake kind, and K
                        shared glyphs mixed-script did not restore

        """

    init(_ arguments: [String]) {
        var positional: [String] = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--help", "-h":
                print(Self.usage, terminator: "")
                exit(0)
            case "--samples": samples = Int(iterator.next() ?? "") ?? samples
            case "--seed": seed = UInt64(iterator.next() ?? "") ?? seed
            case "--show": show = Int(iterator.next() ?? "") ?? show
            case "--speed": speedOnly = true
            case "--only": only = iterator.next()
            case "--misses": misses = Int(iterator.next() ?? "") ?? misses
            default: positional.append(argument)
            }
        }
        guard positional.count == 2 else {
            FileHandle.standardError.write(Data(Self.usage.utf8))
            exit(64)
        }
        hant = positional[0]
        hans = positional[1]
    }
}

/// One line with one injected defect: the byte range it occupies in `modified`.
struct Injection {
    var original: String
    var modified: String
    var defect: Range<Int>
}

/// Tallies for one kind of injected defect.
struct Tally {
    var injected = 0
    var detected = 0
    var fixed = 0
    var edited = 0
    var editedAndFixed = 0
    var findingsOnDefect = 0
    var spuriousFindings = 0

    var recall: Double { ratio(detected, injected) }
    var fixRecall: Double { ratio(fixed, injected) }
    var precision: Double { ratio(findingsOnDefect, findingsOnDefect + spuriousFindings) }
    var fixPrecision: Double { ratio(editedAndFixed, edited) }
}

func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

func applying(_ violations: [RuleViolation], to text: String) -> String {
    var bytes = Array(text.utf8)
    for violation in violations.sorted(by: { $0.utf8Range.lowerBound > $1.utf8Range.lowerBound }) {
        guard let replacement = violation.replacement else { continue }
        bytes.replaceSubrange(violation.utf8Range, with: Array(replacement.utf8))
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// OpenCC's Taiwan variant table (裏→裡, 着→著): the rule writes Taiwan's glyphs by default, where
/// the corpus sometimes has OpenCC's standard ones, and 裡 for 裏 is the same character.
let taiwanVariants = try? Converter(.t2tw)

/// Whether the fixed damaged text equals the fixed original, up to Taiwan's variant glyphs.
func isRestored(_ actual: String, _ expected: String) -> Bool {
    guard actual != expected, let taiwanVariants else { return actual == expected }
    return taiwanVariants.convert(actual) == taiwanVariants.convert(expected)
}

func measure(_ rule: some Rule, _ injections: [Injection], script: Script, misses: Int = 0) -> Tally {
    var tally = Tally()
    var wrong: [String] = []
    var missed: [String] = []
    for injection in injections {
        let before = rule.violations(in: RuleContext(text: injection.original, script: script))
        let after = rule.violations(in: RuleContext(text: injection.modified, script: script))
        let onDefect = after.filter { $0.utf8Range.overlaps(injection.defect) }
        tally.injected += 1
        tally.findingsOnDefect += onDefect.count
        tally.spuriousFindings += max(0, after.count - onDefect.count - before.count)
        if !onDefect.isEmpty { tally.detected += 1 }
        let edited = onDefect.contains { $0.replacement != nil }
        let fixed = isRestored(applying(after, to: injection.modified), applying(before, to: injection.original))
        if edited { tally.edited += 1 }
        if fixed { tally.fixed += 1 }
        if edited && fixed { tally.editedAndFixed += 1 }
        if !fixed {
            let line = excerpt(injection, onDefect)
            if edited { wrong.append(line) } else { missed.append(line) }
        }
    }
    for (kind, list) in [("wrong", wrong), ("missed", missed)] {
        for line in list.prefix(misses) { print("  \(kind): \(line)") }
    }
    return tally
}

/// Substitutions that are no defect in Taiwan usage: 台 for 臺 (台灣) and 周 for 週 (周末 beside
/// 週末), as OpenCC's TWVariants and HanziKit's MixedScriptInterchangeable say.
let tolerated: Set<String> = ["台", "周"]

/// The text an injection planted.
func injectedText(_ injection: Injection) -> String {
    String(decoding: Array(injection.modified.utf8)[injection.defect], as: UTF8.self)
}

/// Where two texts first differ, as " (got X, wanted Y)", a few scalars each.
func firstDifference(_ actual: String, _ expected: String) -> String {
    let got = Array(actual.unicodeScalars)
    let wanted = Array(expected.unicodeScalars)
    let common = min(got.count, wanted.count)
    guard let index = (0..<common).first(where: { got[$0] != wanted[$0] }) ?? (got.count == wanted.count ? nil : common)
    else { return "" }
    let from = max(0, index - 4)
    let show = { (scalars: [Unicode.Scalar]) in
        String(String.UnicodeScalarView(scalars[min(from, scalars.count)..<min(scalars.count, index + 6)]))
            .replacingOccurrences(of: "\n", with: "⏎")
    }
    return " (got \(show(got)), wanted \(show(wanted)))"
}

/// The injected line of each excerpt the rule did not restore, with what it did there, for reading.
func printMisses(_ rule: some Rule, _ injections: [Injection], script: Script, limit: Int) {
    guard limit > 0 else { return }
    print("\nNot restored (up to \(limit)):")
    var shown = 0
    for injection in injections where shown < limit {
        let before = rule.violations(in: RuleContext(text: injection.original, script: script))
        let after = rule.violations(in: RuleContext(text: injection.modified, script: script))
        let expected = applying(before, to: injection.original)
        let actual = applying(after, to: injection.modified)
        guard !isRestored(actual, expected) else { continue }
        shown += 1
        let bytes = Array(injection.modified.utf8)
        let start = max(0, injection.defect.lowerBound - 30)
        let end = min(bytes.count, injection.defect.upperBound + 30)
        let context = String(decoding: bytes[start..<end], as: UTF8.self).replacingOccurrences(of: "\n", with: "⏎")
        let onDefect = after.filter { $0.utf8Range.overlaps(injection.defect) }.map(\.message)
        let verdict = onDefect.isEmpty ? "no finding" : onDefect.joined(separator: "; ")
        print("- \(injectedText(injection)): …\(context)… — \(verdict)\(firstDifference(actual, expected))")
    }
}

/// The damaged text around the defect, what should be there, and the rule's findings on it.
func excerpt(_ injection: Injection, _ findings: [RuleViolation]) -> String {
    let bytes = Array(injection.modified.utf8)
    let start = max(0, injection.defect.lowerBound - 18)
    let end = min(bytes.count, injection.defect.upperBound + 18)
    let context = String(decoding: bytes[start..<end], as: UTF8.self).replacingOccurrences(of: "\n", with: "⏎")
    let originalBytes = Array(injection.original.utf8)
    let shift = originalBytes.count - bytes.count
    let truth = String(
        decoding: originalBytes[injection.defect.lowerBound..<injection.defect.upperBound + shift], as: UTF8.self)
    let said = findings.map { "\($0.replacement ?? "∅") (\($0.message))" }.joined(separator: "; ")
    return "…\(context)… should be \(truth): \(said)"
}

/// Per replaced glyph: how many injections, how many fixed (for the shared-glyph breakdown).
func breakdown(_ rule: some Rule, _ injections: [Injection], script: Script) -> String {
    var counts: [String: (Int, Int)] = [:]
    for injection in injections {
        let glyph = String(decoding: Array(injection.modified.utf8)[injection.defect], as: UTF8.self)
        let before = rule.violations(in: RuleContext(text: injection.original, script: script))
        let after = rule.violations(in: RuleContext(text: injection.modified, script: script))
        let fixed = isRestored(applying(after, to: injection.modified), applying(before, to: injection.original))
        counts[glyph, default: (0, 0)].0 += 1
        if fixed { counts[glyph, default: (0, 0)].1 += 1 }
    }
    return counts.sorted { ($0.value.0, $1.key) > ($1.value.0, $0.key) }
        .map { "\($0.key) \($0.value.1)/\($0.value.0)" }.joined(separator: ", ")
}

func report(_ name: String, _ tally: Tally) {
    print(
        "| \(name) | \(tally.injected) | \(percent(tally.precision)) | \(percent(tally.recall)) | "
            + "\(percent(tally.fixPrecision)) | \(percent(tally.fixRecall)) |")
}

extension Unicode.Scalar {
    var isHan: Bool { (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) }
}

/// All lines of a corpus.
func allLines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// Whether a line has at least six Han glyphs: prose a defect can hide in.
func isProse(_ line: String) -> Bool {
    line.unicodeScalars.lazy.filter(\.isHan).count >= 6
}

/// Replaces scalars `range` of `line` with `replacement`; returns the line and the new byte range.
func replacing(_ range: Range<Int>, of line: String, with replacement: String) -> Injection {
    let scalars = Array(line.unicodeScalars)
    let prefix = String(String.UnicodeScalarView(scalars[..<range.lowerBound]))
    let suffix = String(String.UnicodeScalarView(scalars[range.upperBound...]))
    let start = prefix.utf8.count
    return Injection(
        original: line, modified: prefix + replacement + suffix, defect: start..<start + replacement.utf8.count)
}

/// A random run of 2–4 Han glyphs whose conversion differs and converts back to itself: a word
/// as a converter of the other script would have written it.
func injectWord(
    _ line: String, toOther: Converter, back: Converter, rng: inout SeededGenerator
) -> Injection? {
    let scalars = Array(line.unicodeScalars)
    for _ in 0..<12 {
        let start = Int.random(in: 0..<scalars.count, using: &rng)
        let length = Int.random(in: 2...4, using: &rng)
        guard start + length <= scalars.count, scalars[start..<start + length].allSatisfy(\.isHan) else { continue }
        let word = String(String.UnicodeScalarView(scalars[start..<start + length]))
        let other = toOther.convert(word)
        guard other != word, back.convert(other) == word else { continue }
        return replacing(start..<start + length, of: line, with: other)
    }
    return nil
}

/// One random Han glyph replaced by its conversion alone (後→后), context ignored.
func injectGlyph(_ line: String, toOther: Converter, rng: inout SeededGenerator) -> Injection? {
    let scalars = Array(line.unicodeScalars)
    let positions = scalars.indices.filter { scalars[$0].isHan }
    for _ in 0..<12 {
        guard let position = positions.randomElement(using: &rng) else { return nil }
        let glyph = String(scalars[position])
        let other = toOther.convert(glyph)
        guard other != glyph, other.unicodeScalars.count == 1 else { continue }
        return replacing(position..<position + 1, of: line, with: other)
    }
    return nil
}

/// Traditional glyphs whose Simplified form is a valid Traditional glyph too (後→后, 於→于): the
/// hard case, decided only by the phrase around it.
let sharedGlyphs: [Unicode.Scalar: Unicode.Scalar] = [
    "後": "后", "於": "于", "裡": "里", "幹": "干", "乾": "干", "託": "托", "徵": "征", "週": "周", "遊": "游",
    "係": "系", "隻": "只", "製": "制", "錶": "表", "鬆": "松", "麵": "面", "臺": "台", "穀": "谷", "醜": "丑",
    "範": "范", "捨": "舍", "鬥": "斗", "裏": "里", "嚮": "向", "僕": "仆",
]

func injectSharedGlyph(_ line: String, rng: inout SeededGenerator) -> Injection? {
    let scalars = Array(line.unicodeScalars)
    let positions = scalars.indices.filter { sharedGlyphs[scalars[$0]] != nil }
    guard let position = positions.randomElement(using: &rng), let simplified = sharedGlyphs[scalars[position]] else {
        return nil
    }
    return replacing(position..<position + 1, of: line, with: String(simplified))
}

/// Encodes text with the system's iconv (GBK, Big5); `nil` when a character has no code there.
func legacyBytes(_ text: String, encoding: String) -> [UInt8]? {
    let descriptor = iconv_open(encoding, "UTF-8")
    guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
    defer { iconv_close(descriptor) }
    var input = Array(text.utf8).map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: input.count * 2 + 8)
    let count: Int? = input.withUnsafeMutableBufferPointer { inputBuffer in
        output.withUnsafeMutableBufferPointer { outputBuffer in
            var inputPointer = inputBuffer.baseAddress
            var inputLeft = inputBuffer.count
            var outputPointer = outputBuffer.baseAddress
            var outputLeft = outputBuffer.count
            guard iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft) != -1, inputLeft == 0 else {
                return nil
            }
            return outputBuffer.count - outputLeft
        }
    }
    return count.map { output[..<$0].map { UInt8(bitPattern: $0) } }
}

func decodeLegacy(_ bytes: [UInt8], encoding: String) -> String? {
    let descriptor = iconv_open("UTF-8", encoding)
    guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
    defer { iconv_close(descriptor) }
    var input = bytes.map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: bytes.count * 4 + 8)
    let count: Int? = input.withUnsafeMutableBufferPointer { inputBuffer in
        output.withUnsafeMutableBufferPointer { outputBuffer in
            var inputPointer = inputBuffer.baseAddress
            var inputLeft = inputBuffer.count
            var outputPointer = outputBuffer.baseAddress
            var outputLeft = outputBuffer.count
            guard iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft) != -1, inputLeft == 0 else {
                return nil
            }
            return outputBuffer.count - outputLeft
        }
    }
    return count.flatMap { String(validating: output[..<$0].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
}

/// A Han glyph whose GBK lead byte loses its high bit: two ASCII characters. With `lostStop`, the
/// 。 before it becomes `?`, as in the sample article.
func injectLostHighBit(_ line: String, lostStop: Bool, rng: inout SeededGenerator) -> Injection? {
    let scalars = Array(line.unicodeScalars)
    let positions = scalars.indices.filter { index in
        guard scalars[index].isHan, index > 0 else { return false }
        return lostStop ? scalars[index - 1] == "。" : scalars[index - 1].isHan
    }
    for _ in 0..<12 {
        guard let position = positions.randomElement(using: &rng) else { return nil }
        guard let bytes = legacyBytes(String(scalars[position]), encoding: "GBK"), bytes.count == 2,
            bytes[0] >= 0xA1, bytes[1] < 0x80
        else { continue }
        let debris = String(UnicodeScalar(bytes[0] & 0x7F)) + String(UnicodeScalar(bytes[1]))
        return lostStop
            ? replacing(position - 1..<position + 1, of: line, with: "?" + debris)
            : replacing(position..<position + 1, of: line, with: debris)
    }
    return nil
}

/// A run of 2–4 Han glyphs written in GBK and read back as Latin-1.
func injectLatin1(_ line: String, rng: inout SeededGenerator) -> Injection? {
    let scalars = Array(line.unicodeScalars)
    for _ in 0..<12 {
        let start = Int.random(in: 0..<scalars.count, using: &rng)
        let length = Int.random(in: 2...4, using: &rng)
        guard start + length <= scalars.count, scalars[start..<start + length].allSatisfy(\.isHan),
            let bytes = legacyBytes(String(String.UnicodeScalarView(scalars[start..<start + length])), encoding: "GBK"),
            bytes.count == length * 2
        else { continue }
        return replacing(
            start..<start + length, of: line, with: String(String.UnicodeScalarView(bytes.map(Unicode.Scalar.init))))
    }
    return nil
}

/// Two Han glyphs written in UTF-8 and read back as GBK (when all six bytes decode).
func injectUTF8AsGBK(_ line: String, rng: inout SeededGenerator) -> Injection? {
    let scalars = Array(line.unicodeScalars)
    for _ in 0..<24 {
        let start = Int.random(in: 0..<scalars.count, using: &rng)
        guard start + 2 <= scalars.count, scalars[start..<start + 2].allSatisfy(\.isHan) else { continue }
        let word = String(String.UnicodeScalarView(scalars[start..<start + 2]))
        guard let mojibake = decodeLegacy(Array(word.utf8), encoding: "GBK") else { continue }
        return replacing(start..<start + 2, of: line, with: mojibake)
    }
    return nil
}

/// Lines around each injected one: the document a rule sees is an excerpt, not a lone line.
let contextLines = 20

func sample(
    _ lines: [String], _ count: Int, rng: inout SeededGenerator, _ inject: (String, inout SeededGenerator) -> Injection?
)
    -> [Injection]
{
    var injections: [Injection] = []
    var attempts = 0
    while injections.count < count, attempts < count * 200 {
        attempts += 1
        let index = Int.random(in: 0..<lines.count, using: &rng)
        guard isProse(lines[index]), let injection = inject(lines[index], &rng) else { continue }
        let before = lines[max(0, index - contextLines)..<index].map { $0 + "\n" }.joined()
        let after = lines[(index + 1)..<min(lines.count, index + 1 + contextLines)].map { "\n" + $0 }.joined()
        let shift = before.utf8.count
        injections.append(
            Injection(
                original: before + injection.original + after, modified: before + injection.modified + after,
                defect: injection.defect.lowerBound + shift..<injection.defect.upperBound + shift))
    }
    return injections
}

/// Findings on unmodified text: counts per 100k characters and per 1,000 lines, and a seeded sample.
func cleanRun(_ rule: some Rule, _ text: String, script: Script, show: Int, rng: inout SeededGenerator) {
    let lines = allLines(text)
    let documentLength = 2 * contextLines + 1
    var findings: [(line: Int, text: String, violation: RuleViolation)] = []
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        // Documents of 41 lines, as the injected defects see them.
        for start in stride(from: 0, to: lines.count, by: documentLength) {
            let document = lines[start..<min(lines.count, start + documentLength)]
            let text = document.joined(separator: "\n")
            var lineStarts: [Int] = []
            var offset = 0
            for line in document {
                lineStarts.append(offset)
                offset += line.utf8.count + 1
            }
            for violation in rule.violations(in: RuleContext(text: text, script: script)) {
                let lineIndex = (lineStarts.lastIndex { $0 <= violation.utf8Range.lowerBound } ?? 0)
                let line = document[start + lineIndex]
                let shift = lineStarts[lineIndex]
                var local = violation
                local.utf8Range = violation.utf8Range.lowerBound - shift..<violation.utf8Range.upperBound - shift
                findings.append((start + lineIndex + 1, line, local))
            }
        }
    }
    let characters = text.unicodeScalars.count
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(findings.count) / Double(characters) * 100_000
    let perThousandLines = Double(findings.count) / Double(lines.count) * 1_000
    print(
        "- \(script.rawValue): \(findings.count) findings in \(lines.count) lines, \(characters) characters: "
            + String(format: "%.2f per 100k characters, %.2f per 1,000 lines", rate, perThousandLines)
            + String(format: "; %.1f MB/s", Double(text.utf8.count) / 1e6 / seconds))
    var counts: [String: Int] = [:]
    for finding in findings {
        let bytes = Array(finding.text.utf8)
        let original = String(decoding: bytes[finding.violation.utf8Range], as: UTF8.self)
        counts["\(original)→\(finding.violation.replacement ?? "∅")", default: 0] += 1
    }
    let top = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(15)
    print("  most frequent: " + top.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
    for finding in findings.shuffled(using: &rng).prefix(show) {
        let bytes = Array(finding.text.utf8)
        let start = max(0, finding.violation.utf8Range.lowerBound - 24)
        let end = min(bytes.count, finding.violation.utf8Range.upperBound + 24)
        let context = String(decoding: bytes[start..<end], as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        print("  - line \(finding.line): …\(context)… — \(finding.violation.message)")
    }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
guard let hantText = try? String(contentsOfFile: options.hant, encoding: .utf8),
    let hansText = try? String(contentsOfFile: options.hans, encoding: .utf8)
else {
    FileHandle.standardError.write(Data("hanzi-accuracy: cannot read the corpora\n".utf8))
    exit(2)
}
do {
    let t2s = try Converter(.t2s)
    let s2tw = try Converter(.s2tw)
    let tw2s = try Converter(.tw2s)
    let rule = MixedScriptRule()
    var rng = SeededGenerator(state: options.seed)
    if options.speedOnly {
        for (name, rule) in [("mixed-script", MixedScriptRule() as any Rule), ("mojibake", MojibakeRule())] {
            let clock = ContinuousClock()
            let load = clock.measure { _ = speed(rule, "預熱", script: .traditional) }
            print("\(name): first use, loading its lexicon: \(load)")
            print(
                String(
                    format: "%@: %.1f MB/s on hant, %.1f MB/s on hans (release build, whole corpus as one document)",
                    name, speed(rule, hantText, script: .traditional), speed(rule, hansText, script: .simplified)))
        }
        exit(0)
    }
    let hantLines = allLines(hantText)
    let hansLines = allLines(hansText)
    if options.only != "mojibake" {
        print("## mixed-script, injected defects (\(options.samples) lines per kind, seed \(options.seed))\n")
        print("| defect | lines | finding precision | detection recall | fix precision | fix recall |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        let hantWords = sample(hantLines, options.samples, rng: &rng) {
            injectWord($0, toOther: t2s, back: s2tw, rng: &$1)
        }
        report("Simplified word in hant (s2tw round trip)", measure(rule, hantWords, script: .traditional))
        let hantGlyphs = sample(hantLines, options.samples, rng: &rng) { injectGlyph($0, toOther: t2s, rng: &$1) }
        report(
            "Simplified glyph in hant (書→书)", measure(rule, hantGlyphs, script: .traditional, misses: options.misses))
        let hansWords = sample(hansLines, options.samples, rng: &rng) {
            injectWord($0, toOther: s2tw, back: tw2s, rng: &$1)
        }
        report("Traditional word in hans (tw2s round trip)", measure(rule, hansWords, script: .simplified))
        let hansGlyphs = sample(hansLines, options.samples, rng: &rng) { injectGlyph($0, toOther: s2tw, rng: &$1) }
        report("Traditional glyph in hans (书→書)", measure(rule, hansGlyphs, script: .simplified))
        let hantShared = sample(hantLines, options.samples, rng: &rng) { injectSharedGlyph($0, rng: &$1) }
        report("shared glyph in hant (後→后, 於→于, 裡→里…)", measure(rule, hantShared, script: .traditional))
        // Filtered after sampling, so every other row keeps the same injections as the unfiltered run.
        let realShared = hantShared.filter { !tolerated.contains(injectedText($0)) }
        report("shared glyph in hant, without 臺→台 and 週→周", measure(rule, realShared, script: .traditional))
        print("\nFixed per shared glyph (hant): " + breakdown(rule, hantShared, script: .traditional))
        printMisses(rule, realShared, script: .traditional, limit: options.misses)
    }
    if options.only == "mixed-script" { exit(0) }
    let mojibake = MojibakeRule()
    // Its own generator, so `--only mojibake` plants the same debris as a full run.
    var mojibakeRNG = SeededGenerator(state: options.seed ^ 0x6D6F_6A69_6261_6B65)
    print("\n## mojibake, injected debris (\(options.samples) lines per kind)\n")
    print("| defect | lines | finding precision | detection recall | fix precision | fix recall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    let lostStop = sample(hantLines, options.samples, rng: &mojibakeRNG) {
        injectLostHighBit($0, lostStop: true, rng: &$1)
    }
    report(
        "。 lost and GBK lead high bit lost, hant (`?,F`)",
        measure(mojibake, lostStop, script: .traditional, misses: options.misses))
    let lostBit = sample(hantLines, options.samples, rng: &mojibakeRNG) {
        injectLostHighBit($0, lostStop: false, rng: &$1)
    }
    report(
        "GBK lead high bit lost, hant (`,F`)", measure(mojibake, lostBit, script: .traditional, misses: options.misses))
    let latin1 = sample(hansLines, options.samples, rng: &mojibakeRNG) { injectLatin1($0, rng: &$1) }
    report("GBK read as Latin-1, hans", measure(mojibake, latin1, script: .simplified))
    let utf8 = sample(hantLines, options.samples, rng: &mojibakeRNG) { injectUTF8AsGBK($0, rng: &$1) }
    report("UTF-8 read as GBK, hant", measure(mojibake, utf8, script: .traditional))
    if options.only != "mojibake" {
        print("\n## mixed-script on the unmodified corpora\n")
        cleanRun(rule, hantText, script: .traditional, show: options.show, rng: &rng)
        cleanRun(rule, hansText, script: .simplified, show: options.show, rng: &rng)
    }
    print("\n## mojibake on the unmodified corpora\n")
    cleanRun(mojibake, hantText, script: .traditional, show: options.show, rng: &rng)
    cleanRun(mojibake, hansText, script: .simplified, show: options.show, rng: &rng)
} catch {
    FileHandle.standardError.write(Data("hanzi-accuracy: \(error)\n".utf8))
    exit(2)
}
