import Testing

@testable import HanziText

/// The byte scans every rule's loops run on (sixteen bytes at a time, then eight, then one by
/// one near the end), against a plain byte-by-byte search: every hit found, none invented, at
/// every start offset and length, so each of the three paths and the seams between them are tried.
@Suite("Byte and character finders")
struct ByteFinderTests {
    /// Texts of every length up to 80 whose bytes come from a small alphabet holding the wanted
    /// bytes, their neighbours (a borrow in the SWAR test would show there) and full-width marks.
    static func texts() -> [[UInt8]] {
        let alphabet: [UInt8] = [
            0x26, 0x25, 0x24, 0x7B, 0x7A, 0x28, 0x29, 0x0A, 0xEF, 0xBC, 0x88, 0x89, 0x8C, 0x00, 0x80, 0xFF, 0x41,
        ]
        var random = SeededRandom(seed: 1_616)
        var texts: [[UInt8]] = []
        for length in 0...80 {
            for _ in 0..<12 {
                // Mostly one filler byte, so hits are sometimes far apart and sometimes close.
                texts.append(
                    (0..<length).map { _ in
                        Int.random(in: 0..<4, using: &random) == 0
                            ? alphabet.randomElement(using: &random)! : 0xE4
                    })
            }
        }
        return texts
    }

    static func withText<Result>(_ bytes: [UInt8], _ body: (UTF8Text) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { body(UTF8Text(bytes: $0)) }
    }

    @Test("ByteFinder finds what a byte-by-byte search finds", arguments: [false, true])
    func byteFinderAgreesWithABytewiseSearch(includesNonASCII: Bool) {
        for wanted in [[UInt8]("&%{$".utf8), [0x28, 0x29, 0x0A, 0xEF], [0x3A, 0x2F]] {
            let finder = ByteFinder(wanted, includesNonASCII: includesNonASCII)
            var mismatches: [String] = []
            for bytes in Self.texts() {
                Self.withText(bytes) { text in
                    for start in 0...bytes.count {
                        let expected =
                            bytes[start...].firstIndex { wanted.contains($0) || (includesNonASCII && $0 >= 0x80) }
                            ?? bytes.count
                        let found = finder.next(in: text, from: start)
                        if found != expected { mismatches.append("\(bytes) from \(start): \(found), not \(expected)") }
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(wanted): \(mismatches.prefix(3))")
        }
    }

    @Test func characterFinderAgreesWithABytewiseSearch() {
        let finder = CharacterFinder(0xEF, 0xBC, third: 0x88, mask: 0xFE)
        var mismatches: [String] = []
        for bytes in Self.texts() {
            Self.withText(bytes) { text in
                for start in 0...bytes.count {
                    var expected = bytes.count
                    var offset = start
                    while offset + 3 <= bytes.count {
                        if bytes[offset] == 0xEF && bytes[offset + 1] == 0xBC && bytes[offset + 2] & 0xFE == 0x88 {
                            expected = offset
                            break
                        }
                        offset += 1
                    }
                    let found = finder.next(in: text, from: start)
                    if found != expected { mismatches.append("\(bytes) from \(start): \(found), not \(expected)") }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }
}
