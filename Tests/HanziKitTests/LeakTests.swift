import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// Many small conversions must not grow the heap: every OpenCC buffer has one owner that frees it.
@Suite("Memory", .serialized)
struct LeakTests {
    static func heapInUse() -> Int { heapBytesInUse() }

    @Test(
        "A hundred thousand small conversions leave the heap as it was",
        .requires(.heapStatistics),
        arguments: ConversionConfig.allCases.prefix(2))
    func smallConversionsDoNotLeak(_ config: ConversionConfig) throws {
        let converter = try Converter(config)
        let inputs = ["頭髮後來乾燥", "头发后来干燥", "ASCII only", "", "混合 mixed 文字\u{0}NUL"]
        func convertMany(_ count: Int) throws {
            for index in 0..<count {
                let input = inputs[index % inputs.count]
                _ = converter.convert(input)
                _ = try converter.convert(utf8: Array(input.utf8))
            }
        }
        try convertMany(10_000)  // warm-up: caches and allocator arenas settle
        // Suites running in parallel allocate on the same heap (a rule's lexicon takes seconds to build
        // in a debug build, a trie of a million nodes minutes on a loaded machine) during a round; a leak
        // grows the heap in every round, so rounds run until one is quiet, and the smallest growth counts.
        // The bound is time, not a count of rounds: every other suite ends within minutes however slow
        // the machine, and only a real leak waits the whole bound.
        var growths: [Int] = []
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(15 * 60)
        // HANZIKIT_LEAK_ROUND=500000 makes a round a million conversions, for a LeakSanitizer run.
        let round = ProcessInfo.processInfo.environment["HANZIKIT_LEAK_ROUND"].flatMap { Int($0) } ?? 100_000
        while growths.isEmpty || (clock.now < deadline && (growths.min() ?? 0) >= 64 * 1024) {
            let before = Self.heapInUse()
            try convertMany(round)
            growths.append(Self.heapInUse() - before)
        }
        let growth = growths.min() ?? 0
        // A leak of even one byte per conversion would show as 200 kB here.
        #expect(growth < 64 * 1024, "the heap grew by \(growth) bytes")
    }
}
