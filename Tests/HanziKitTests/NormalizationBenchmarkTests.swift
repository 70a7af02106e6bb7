import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// Accuracy on real Traditional text with injected defects of the kinds these rules handle.
///
/// Each selected line of `hant.txt` (already normalized, so the corpus's own defects do not
/// count) gets exactly one defect: ASCII punctuation for full-width, a compatibility ideograph
/// or Kangxi radical for its unified ideograph, full-width letters, or a zero-width space. A
/// defect counts as fixed when normalizing gives the line back exactly; any other change to the
/// line is a wrong edit. `HANZIKIT_BENCHMARK_LINES=0` runs the whole corpus.
@Suite("Accuracy on injected defects")
struct NormalizationBenchmarkTests {
    enum Defect: String, CaseIterable {
        case asciiPunctuation, asciiParentheses, compatibilityIdeograph, kangxiRadical, fullWidthLetters, zeroWidth
    }

    /// A deterministic pseudo-random sequence (64-bit LCG), so every run injects the same defects.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Unified ideograph → a compatibility form of it, from Unicode's own decompositions.
    static let compatibilityForms: [Character: Character] = {
        var forms: [Character: Character] = [:]
        for value in 0xF900...0xFAFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let unified = String(scalar).precomposedStringWithCanonicalMapping.unicodeScalars
            if unified.count == 1, let target = unified.first, target != scalar {
                forms[Character(target)] = forms[Character(target)] ?? Character(scalar)
            }
        }
        return forms
    }()

    static let kangxiRadicals: [Character: Character] = {
        var forms: [Character: Character] = [:]
        for value in 0x2F00...0x2FD5 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let unified = String(scalar).precomposedStringWithCompatibilityMapping
            if let target = unified.first { forms[target] = Character(scalar) }
        }
        return forms
    }()

    static func isHan(_ character: Character) -> Bool {
        character.unicodeScalars.count == 1 && CharacterClass.isHan(character.unicodeScalars.first!.value)
    }

    /// `line` with one defect of `kind`, or `nil` when the line offers no place for it.
    static func inject(_ kind: Defect, into line: String, _ random: inout Generator) -> String? {
        var characters = Array(line)
        func pick(_ positions: [Int]) -> Int? {
            positions.isEmpty ? nil : positions[random.next(positions.count)]
        }
        let indices = Array(characters.indices)
        switch kind {
        case .asciiPunctuation:
            let ascii: [Character: Character] = ["，": ",", "：": ":", "；": ";", "？": "?", "！": "!"]
            // Not before a space: the rule rightly drops a space after the mark it widens.
            guard
                let index = pick(
                    indices.filter {
                        ascii[characters[$0]] != nil && $0 > 0 && isHan(characters[$0 - 1])
                            && ($0 + 1 == characters.count || characters[$0 + 1] != " ")
                    })
            else { return nil }
            characters[index] = ascii[characters[index]]!
        case .asciiParentheses:
            guard
                let open = pick(indices.filter { characters[$0] == "（" && ($0 == 0 || isHan(characters[$0 - 1])) }),
                let close = characters[open...].firstIndex(of: "）"),
                characters[open..<close].contains(where: isHan), !characters[open + 1..<close].contains("（")
            else { return nil }
            characters[open] = "("
            characters[close] = ")"
        case .compatibilityIdeograph:
            guard let index = pick(indices.filter { compatibilityForms[characters[$0]] != nil }) else { return nil }
            characters[index] = compatibilityForms[characters[index]]!
        case .kangxiRadical:
            guard
                let index = pick(
                    indices.filter {
                        kangxiRadicals[characters[$0]] != nil
                            && (($0 > 0 && isHan(characters[$0 - 1]))
                                || ($0 + 1 < characters.count && isHan(characters[$0 + 1])))
                    })
            else { return nil }
            characters[index] = kangxiRadicals[characters[index]]!
        case .fullWidthLetters:
            guard
                let index = pick(
                    indices.filter { characters[$0].isASCII && (characters[$0].isLetter || characters[$0].isNumber) })
            else { return nil }
            var end = index
            while end < characters.count && characters[end].isASCII
                && (characters[end].isLetter || characters[end].isNumber)
            {
                characters[end] = Character(Unicode.Scalar(UInt32(characters[end].asciiValue!) + 0xFEE0)!)
                end += 1
            }
        case .zeroWidth:
            guard let index = pick(indices.filter { isHan(characters[$0]) }) else { return nil }
            characters.insert("\u{200B}", at: index + 1)
        }
        return String(characters)
    }

    @Test func atLeast95PercentOfInjectedDefectsAreFixedWithoutWrongEdits() throws {
        let limit = ProcessInfo.processInfo.environment["HANZIKIT_BENCHMARK_LINES"].flatMap(Int.init) ?? 20_000
        let url = try TestSupport.corpusSlice("hant.txt", lines: limit == 0 ? Int.max : limit)
        let normalizer = Normalizer(settings: NormalizationSettings(script: .fixed(.traditional)))
        let baseline = try normalizer.normalize(try String(contentsOf: url, encoding: .utf8))
        let lines = baseline.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var random = Generator(state: 2_024)
        var injected = 0
        var fixed = 0
        var wrong = 0
        var perKind: [Defect: (injected: Int, fixed: Int)] = [:]
        for (number, line) in lines.enumerated() where number % 5 == 0 && line.contains(where: Self.isHan) {
            let kind = Defect.allCases[(number / 5) % Defect.allCases.count]
            guard let broken = Self.inject(kind, into: line, &random) else { continue }
            injected += 1
            let repaired = try normalizer.normalize(broken)
            let isFixed = Array(repaired.unicodeScalars) == Array(line.unicodeScalars)
            if isFixed {
                fixed += 1
            } else {
                print("benchmark: not fixed: \(broken.debugDescription) → \(repaired.debugDescription)")
            }
            // Not fixed and not left as it was: something else was changed.
            if !isFixed && Array(repaired.unicodeScalars) != Array(broken.unicodeScalars) { wrong += 1 }
            perKind[kind, default: (0, 0)].injected += 1
            perKind[kind, default: (0, 0)].fixed += isFixed ? 1 : 0
        }
        let rate = Double(fixed) / Double(max(injected, 1))
        print(
            "benchmark: \(lines.count) lines, \(injected) defects injected, \(fixed) fixed (\(String(format: "%.2f", rate * 100))%), \(wrong) wrong edits"
        )
        for kind in Defect.allCases {
            let counts = perKind[kind, default: (0, 0)]
            print("benchmark: \(kind.rawValue): \(counts.fixed)/\(counts.injected)")
        }
        #expect(injected > 1_000)
        #expect(rate >= 0.95)
        #expect(Double(wrong) / Double(lines.count) * 1_000 < 1)
    }
}
