// hanzi-accuracy: precision and recall of `mixed-script` and `mojibake` on real text with injected
// defects, and their findings on the unmodified corpora. Method and figures: BENCHMARKS.md.
//
//   swift run -c release hanzi-accuracy HANT_TXT HANS_TXT [--samples N] [--seed S] [--show K]
import Foundation
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

    init(_ arguments: [String]) {
        var positional: [String] = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--samples": samples = Int(iterator.next() ?? "") ?? samples
            case "--seed": seed = UInt64(iterator.next() ?? "") ?? seed
            case "--show": show = Int(iterator.next() ?? "") ?? show
            default: positional.append(argument)
            }
        }
        guard positional.count == 2 else {
            FileHandle.standardError.write(Data("usage: hanzi-accuracy HANT_TXT HANS_TXT [--samples N] [--seed S] [--show K]\n".utf8))
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
    var findingsOnDefect = 0
    var spuriousFindings = 0

    var recall: Double { ratio(detected, injected) }
    var fixRecall: Double { ratio(fixed, injected) }
    var precision: Double { ratio(findingsOnDefect, findingsOnDefect + spuriousFindings) }
    var fixPrecision: Double { ratio(fixed, edited) }
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

func measure(_ rule: some Rule, _ injections: [Injection], script: Script) -> Tally {
    var tally = Tally()
    for injection in injections {
        let before = rule.violations(in: RuleContext(text: injection.original, script: script))
        let after = rule.violations(in: RuleContext(text: injection.modified, script: script))
        let onDefect = after.filter { $0.utf8Range.overlaps(injection.defect) }
        tally.injected += 1
        tally.findingsOnDefect += onDefect.count
        tally.spuriousFindings += max(0, after.count - onDefect.count - before.count)
        if !onDefect.isEmpty { tally.detected += 1 }
        if onDefect.contains(where: { $0.replacement != nil }) { tally.edited += 1 }
        if applying(after, to: injection.modified) == applying(before, to: injection.original) { tally.fixed += 1 }
    }
    return tally
}

func report(_ name: String, _ tally: Tally) {
    print(
        "| \(name) | \(tally.injected) | \(percent(tally.precision)) | \(percent(tally.recall)) | "
            + "\(percent(tally.fixPrecision)) | \(percent(tally.fixRecall)) |")
}

extension Unicode.Scalar {
    var isHan: Bool { (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) }
}

/// Lines with at least `minimum` Han glyphs: the prose a defect can hide in.
func proseLines(_ text: String, minimum: Int = 6) -> [String] {
    text.split(separator: "\n").map(String.init).filter { line in
        line.unicodeScalars.lazy.filter(\.isHan).count >= minimum
    }
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

func sample(_ lines: [String], _ count: Int, rng: inout SeededGenerator, _ inject: (String, inout SeededGenerator) -> Injection?)
    -> [Injection]
{
    var injections: [Injection] = []
    var attempts = 0
    while injections.count < count, attempts < count * 20 {
        attempts += 1
        guard let line = lines.randomElement(using: &rng), let injection = inject(line, &rng) else { continue }
        injections.append(injection)
    }
    return injections
}

/// Findings on unmodified text: counts per 100k characters and per 1,000 lines, and a seeded sample.
func cleanRun(_ rule: some Rule, _ text: String, script: Script, show: Int, rng: inout SeededGenerator) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var findings: [(line: Int, text: String, violation: RuleViolation)] = []
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for (number, line) in lines.enumerated() {
            for violation in rule.violations(in: RuleContext(text: line, script: script)) {
                findings.append((number + 1, line, violation))
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
    let hantLines = proseLines(hantText)
    let hansLines = proseLines(hansText)
    print("## mixed-script, injected defects (\(options.samples) lines per kind, seed \(options.seed))\n")
    print("| defect | lines | finding precision | detection recall | fix precision | fix recall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    let hantWords = sample(hantLines, options.samples, rng: &rng) { injectWord($0, toOther: t2s, back: s2tw, rng: &$1) }
    report("Simplified word in hant (s2tw round trip)", measure(rule, hantWords, script: .traditional))
    let hantGlyphs = sample(hantLines, options.samples, rng: &rng) { injectGlyph($0, toOther: t2s, rng: &$1) }
    report("Simplified glyph in hant (後→后)", measure(rule, hantGlyphs, script: .traditional))
    let hansWords = sample(hansLines, options.samples, rng: &rng) { injectWord($0, toOther: s2tw, back: tw2s, rng: &$1) }
    report("Traditional word in hans (tw2s round trip)", measure(rule, hansWords, script: .simplified))
    let hansGlyphs = sample(hansLines, options.samples, rng: &rng) { injectGlyph($0, toOther: s2tw, rng: &$1) }
    report("Traditional glyph in hans (后→後)", measure(rule, hansGlyphs, script: .simplified))
    print("\n## mixed-script on the unmodified corpora\n")
    cleanRun(rule, hantText, script: .traditional, show: options.show, rng: &rng)
    cleanRun(rule, hansText, script: .simplified, show: options.show, rng: &rng)
} catch {
    FileHandle.standardError.write(Data("hanzi-accuracy: \(error)\n".utf8))
    exit(2)
}
