import Foundation
import Testing

@testable import HanziKit

/// Many small conversions must not grow the heap: every OpenCC buffer has one owner that frees it.
@Suite("Memory", .serialized)
struct LeakTests {
    static func heapInUse() -> Int { heapBytesInUse() }

    @Test(
        "A hundred thousand small conversions leave the heap as it was",
        .enabled(if: heapBytesInUse() > 0, "the C library does not report heap use"),
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
        // Heap use is process-wide and other suites run in parallel, so one round can be disturbed;
        // a leak grows the heap in every round, so the smallest growth of three decides.
        var growth = Int.max
        for _ in 0..<3 where growth >= 64 * 1024 {
            let before = Self.heapInUse()
            try convertMany(100_000)
            growth = min(growth, Self.heapInUse() - before)
        }
        // A leak of even one byte per conversion would show as 200 kB here.
        #expect(growth < 64 * 1024, "the heap grew by \(growth) bytes")
    }
}
