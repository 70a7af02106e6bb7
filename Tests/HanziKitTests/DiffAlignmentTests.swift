import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

@Suite("Sequence alignment")
struct DiffAlignmentTests {
    /// The length of the longest common subsequence, by dynamic programming.
    static func commonLength(_ a: [Int], _ b: [Int]) -> Int {
        var row = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var diagonal = 0
            for (j, y) in b.enumerated() {
                let above = row[j + 1]
                row[j + 1] = x == y ? diagonal + 1 : max(row[j + 1], row[j])
                diagonal = above
            }
        }
        return row[b.count]
    }

    static func isValid(_ matches: [SequenceAlignment.Match], _ a: [Int], _ b: [Int]) -> Bool {
        zip(matches, matches.dropFirst()).allSatisfy { $0.old < $1.old && $0.new < $1.new }
            && matches.allSatisfy { a[$0.old] == b[$0.new] }
    }

    static func randomPair(seed: Int) -> ([Int], [Int]) {
        var generator = SeededRandom(seed: UInt64(seed) &* 7919)
        let a = (0..<Int.random(in: 0...60, using: &generator)).map { _ in Int.random(in: 0..<6, using: &generator) }
        var b = a
        for _ in 0..<Int.random(in: 0...8, using: &generator) {
            if !b.isEmpty && Bool.random(using: &generator) {
                b.remove(at: Int.random(in: 0..<b.count, using: &generator))
            } else {
                b.insert(Int.random(in: 0..<6, using: &generator), at: Int.random(in: 0...b.count, using: &generator))
            }
        }
        return (a, b)
    }

    @Test("Myers finds a longest common subsequence", arguments: 0..<300)
    func myersIsMinimal(seed: Int) throws {
        let (a, b) = Self.randomPair(seed: seed)
        let matches = try #require(SequenceAlignment.myersMatches(a, 0..<a.count, b, 0..<b.count))
        #expect(Self.isValid(matches, a, b))
        #expect(matches.count == Self.commonLength(a, b))
    }

    @Test("Patience alignment is a valid common subsequence", arguments: 0..<300)
    func patienceIsValid(seed: Int) {
        let (a, b) = Self.randomPair(seed: seed)
        let matches = SequenceAlignment.patienceMatches(a, b)
        #expect(Self.isValid(matches, a, b))
        // With repeated ids patience may find fewer matches than the optimum, never more.
        #expect(matches.count <= Self.commonLength(a, b))
    }

    @Test func patienceAnchorsOnUniqueLinesAndKeepsEverythingElse() {
        // Ids 10...19 are unique lines; 0 is a blank line repeated everywhere.
        let a = [10, 0, 11, 0, 12, 0, 13, 0, 14]
        let b = [10, 0, 11, 0, 99, 0, 13, 0, 14]
        let matches = SequenceAlignment.patienceMatches(a, b)
        #expect(matches.count == 8)
        #expect(!matches.contains { $0.old == 4 })
    }

    @Test func myersGivesUpBeyondItsEditLimit() {
        let a = Array(0..<50)
        let b = Array(100..<150)
        #expect(SequenceAlignment.myersMatches(a, 0..<50, b, 0..<50, maximumEdits: 20) == nil)
        #expect(SequenceAlignment.myersMatches(a, 0..<50, b, 0..<50, maximumEdits: 100) == [])
    }
}
