#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads Unicode scalars straight from valid UTF-8 bytes, so rules scan text without decoding it whole.
///
/// `@usableFromInline` on this and the finders below is what lets other modules inline their
/// `@inlinable` members: the compiler (Swift 6.3) serializes no body of a member of a plain
/// `package` type, so every `count` or `scalar(at:)` was a call from the rules' loops.
@usableFromInline
package struct UTF8Text {
    @usableFromInline package let bytes: UnsafeBufferPointer<UInt8>

    @inlinable
    package init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    @inlinable
    package var count: Int { bytes.count }

    /// The scalar that starts at `offset` and its length in bytes.
    @inlinable @inline(__always)
    package func scalar(at offset: Int) -> (value: UInt32, length: Int) {
        let lead = UInt32(bytes[offset])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | continuation(offset + 1), 2) }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | continuation(offset + 1) << 6 | continuation(offset + 2), 3)
        }
        let value =
            (lead & 0x07) << 18 | continuation(offset + 1) << 12 | continuation(offset + 2) << 6
            | continuation(offset + 3)
        return (value, 4)
    }

    /// The scalar that ends just before `offset`, and where it starts; `nil` at the start of the text.
    @inlinable @inline(__always)
    package func scalar(before offset: Int) -> (value: UInt32, start: Int)? {
        guard offset > 0 else { return nil }
        var start = offset - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return (scalar(at: start).value, start)
    }

    /// The scalar that starts at `offset`, or `nil` at the end of the text.
    @inlinable @inline(__always)
    package func scalar(after offset: Int) -> UInt32? {
        offset < bytes.count ? scalar(at: offset).value : nil
    }

    @usableFromInline @inline(__always)
    func continuation(_ offset: Int) -> UInt32 {
        UInt32(bytes[offset] & 0x3F)
    }

    /// How many line breaks the text has, counted sixteen bytes at a time: a stream's every
    /// window is counted on the reading thread, which the conversion's and the rules' threads
    /// wait for. (A byte-at-a-time loop was not vectorized there: 15% of `convert -c t2s`.)
    @inlinable
    package var newlineCount: Int {
        guard let base = bytes.baseAddress else { return 0 }
        let breaks = SIMD16<UInt8>(repeating: 0x0A)
        let lowBytes: UInt64 = 0x00FF_00FF_00FF_00FF
        var count = 0
        var offset = 0
        while bytes.count - offset >= 16 {
            // Each lane sums its hits: a hit's mask lane is all ones, -1. At most 255 blocks keep
            // every lane below 256.
            var lanes = SIMD16<UInt8>()
            let end = offset + min((bytes.count - offset) / 16, 255) * 16
            while offset < end {
                let block = UnsafeRawPointer(base + offset).loadUnaligned(as: SIMD16<UInt8>.self)
                lanes &-= unsafeBitCast(block .== breaks, to: SIMD16<UInt8>.self)
                offset += 16
            }
            // Pairs of lanes into sixteen bits, then the sums of each half into its top sixteen.
            let words = unsafeBitCast(lanes, to: SIMD2<UInt64>.self)
            let pairs = (words & lowBytes) &+ ((words &>> 8) & lowBytes)
            let sums = (pairs &* 0x0001_0001_0001_0001) &>> 48
            count &+= Int(truncatingIfNeeded: sums[0] &+ sums[1])
        }
        while offset < bytes.count {
            count &+= base[offset] == 0x0A ? 1 : 0
            offset += 1
        }
        return count
    }

    /// How many line breaks the text has, counting no further than `limit`.
    package func newlineCount(upTo limit: Int) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var offset = 0
        while count < limit, offset < bytes.count, let hit = memchr(base + offset, 0x0A, bytes.count - offset) {
            count += 1
            offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
        }
        return count
    }

    /// Runs `body` over the UTF-8 of `text` without copying a native string.
    @inlinable
    package static func withText<Result>(_ text: String, _ body: (UTF8Text) -> Result) -> Result {
        var text = text
        return text.withUTF8 { body(UTF8Text(bytes: $0)) }
    }
}

extension String {
    /// The text between two UTF-8 offsets that fall on scalar boundaries, copied without validating it again.
    @inlinable
    package func utf8Slice(_ range: Range<Int>) -> String {
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let end = utf8.index(start, offsetBy: range.count)
        return String(self[start..<end])
    }
}

/// Character classes the rules share, on scalar values.
@usableFromInline
package enum CharacterClass {
    /// A Han character of running text: the CJK unified ideographs (the BMP block, extension A,
    /// and the supplementary planes through extension G, with extension I), the compatibility
    /// ideographs, 々 (the iteration mark) and 〇 (the numeral zero of 二〇二四年). The only
    /// definition: every rule, the script detector and the engine ask this one. Which edge
    /// characters count, and why, is listed in `CharacterClassTests`.
    @inlinable @inline(__always)
    package static func isHan(_ value: UInt32) -> Bool {
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F, 0x3005, 0x3007: true
        default: false
        }
    }

    /// CJK punctuation and full-width forms: context that makes a neighbouring ASCII mark Chinese.
    @inlinable @inline(__always)
    package static func isCJKPunctuation(_ value: UInt32) -> Bool {
        switch value {
        case 0x3000...0x303F, 0xFE30...0xFE4F, 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65:
            true
        default: false
        }
    }

    /// Han ideographs and CJK punctuation.
    @inlinable @inline(__always)
    package static func isChinese(_ value: UInt32) -> Bool {
        isHan(value) || isCJKPunctuation(value)
    }

    /// An ASCII letter or digit.
    @inlinable @inline(__always)
    package static func isASCIIAlphanumeric(_ value: UInt32) -> Bool {
        (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
    }

    /// An ASCII digit.
    @inlinable @inline(__always)
    package static func isASCIIDigit(_ value: UInt32) -> Bool {
        (0x30...0x39).contains(value)
    }

    /// Hiragana and katakana (with their phonetic extensions and half-width forms), which Chinese
    /// text does not use; the katakana middle dot, which Chinese writers borrow for names, does not count.
    @inlinable @inline(__always)
    package static func isKana(_ value: UInt32) -> Bool {
        switch value {
        case 0x3041...0x309F, 0x30A0...0x30FA, 0x30FC...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: true
        default: false
        }
    }

    /// Hangul syllables, jamo and compatibility jamo.
    @inlinable @inline(__always)
    package static func isHangul(_ value: UInt32) -> Bool {
        switch value {
        case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xD7B0...0xD7FF: true
        default: false
        }
    }
}

/// Sixteen bytes tested at once (SSE2 on x86-64, NEON on ARM), and where a test's first hit lies.
@usableFromInline
package enum ByteVector {
    @usableFromInline package typealias Bytes = SIMD16<UInt8>
    @usableFromInline package typealias Mask = SIMDMask<SIMD16<Int8>>

    /// The sixteen bytes at `offset`, which the caller has checked lie inside the text.
    @inlinable @inline(__always)
    package static func load(_ base: UnsafePointer<UInt8>, at offset: Int) -> Bytes {
        UnsafeRawPointer(base + offset).loadUnaligned(as: Bytes.self)
    }

    /// The first lane set in `mask`, or nil. The standard library's `any(_:)` is a generic call
    /// (a reduction through `min()`) for every sixteen bytes; this is two compares of words.
    @inlinable @inline(__always)
    package static func firstLane(_ mask: Mask) -> Int? {
        let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        if words[0] != 0 { return words[0].trailingZeroBitCount / 8 }
        if words[1] != 0 { return 8 + words[1].trailingZeroBitCount / 8 }
        return nil
    }
}

/// Finds the next three-byte character whose first two bytes are given and whose third, masked,
/// is a given value (`（` and `）` are EF BC 88 and 89), eight positions at a time (SWAR), so a
/// frequent lead byte (EF, also of `，`) stops nothing.
@usableFromInline
package struct CharacterFinder {
    @usableFromInline let first: UInt64
    @usableFromInline let second: UInt64
    @usableFromInline let thirdMask: UInt64
    @usableFromInline let third: UInt64
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    @inlinable
    package init(_ first: UInt8, _ second: UInt8, third: UInt8, mask: UInt8 = 0xFF) {
        self.first = UInt64(first) &* Self.ones
        self.second = UInt64(second) &* Self.ones
        thirdMask = UInt64(mask) &* Self.ones
        self.third = UInt64(third & mask) &* Self.ones
    }

    /// High bit set in exactly the bytes where `word` equals `pattern`.
    @inlinable @inline(__always)
    static func equal(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let difference = word ^ pattern
        return ~(((difference & lows) &+ lows) | difference | lows)
    }

    /// Whether such a character starts at `offset`.
    @inlinable @inline(__always)
    package func matches(in text: UTF8Text, at offset: Int) -> Bool {
        offset + 3 <= text.count && UInt64(text.bytes[offset]) == first & 0xFF
            && UInt64(text.bytes[offset + 1]) == second & 0xFF
            && UInt64(text.bytes[offset + 2]) & thirdMask & 0xFF == third & 0xFF
    }

    /// The first offset at or after `start` where such a character starts, or `text.count`.
    @inlinable @inline(__always)
    package func next(in text: UTF8Text, from start: Int) -> Int {
        guard let base = text.bytes.baseAddress else { return text.count }
        let count = text.count
        var offset = start
        // Sixteen positions at a time, then eight (SWAR) and one by one near the end.
        let firstBytes = ByteVector.Bytes(repeating: UInt8(truncatingIfNeeded: first))
        let secondBytes = ByteVector.Bytes(repeating: UInt8(truncatingIfNeeded: second))
        let thirdBytes = ByteVector.Bytes(repeating: UInt8(truncatingIfNeeded: third))
        let maskBytes = ByteVector.Bytes(repeating: UInt8(truncatingIfNeeded: thirdMask))
        while offset + 18 <= count {
            let hits =
                (ByteVector.load(base, at: offset) .== firstBytes)
                .& (ByteVector.load(base, at: offset + 1) .== secondBytes)
                .& (ByteVector.load(base, at: offset + 2) & maskBytes .== thirdBytes)
            if let lane = ByteVector.firstLane(hits) { return offset + lane }
            offset += 16
        }
        while offset + 10 <= count {
            let word = UnsafeRawPointer(base + offset)
            let hits =
                Self.equal(word.loadUnaligned(as: UInt64.self), first)
                & Self.equal(word.loadUnaligned(fromByteOffset: 1, as: UInt64.self), second)
                & Self.equal(word.loadUnaligned(fromByteOffset: 2, as: UInt64.self) & thirdMask, third)
            if hits != 0 { return offset + hits.trailingZeroBitCount / 8 }
            offset += 8
        }
        while offset + 3 <= count {
            if matches(in: text, at: offset) { return offset }
            offset += 1
        }
        return count
    }
}

extension Unicode.Scalar {
    /// Whether the scalar is a Han character: `CharacterClass.isHan`.
    @inlinable @inline(__always)
    package var isHan: Bool { CharacterClass.isHan(value) }
}

/// Finds the next byte of a small set, sixteen (SIMD) or eight bytes at a time (SWAR), so scanning
/// loops touch only the bytes they care about; in Chinese text most bytes are skipped a block at a time.
@usableFromInline
package struct ByteFinder: Sendable {
    @usableFromInline let patterns: [UInt64]
    @usableFromInline let targets: [UInt8]
    @usableFromInline let includesNonASCII: Bool
    /// The first five wanted bytes each in every lane (a smaller set repeats its first), so the
    /// sixteen-byte test is five compares with no loop over `targets`; a larger set adds the rest.
    @usableFromInline let vectors:
        (ByteVector.Bytes, ByteVector.Bytes, ByteVector.Bytes, ByteVector.Bytes, ByteVector.Bytes)
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Finds any of `bytes`, and every byte of 0x80 or above when `includesNonASCII` is set.
    @inlinable
    package init(_ bytes: [UInt8], includesNonASCII: Bool = false) {
        targets = bytes
        patterns = bytes.map { UInt64($0) &* Self.ones }
        self.includesNonASCII = includesNonASCII
        let lanes = (0..<5).map { ByteVector.Bytes(repeating: bytes.isEmpty ? 0 : bytes[min($0, bytes.count - 1)]) }
        vectors = (lanes[0], lanes[1], lanes[2], lanes[3], lanes[4])
    }

    /// Finds any of the ASCII characters of `characters`.
    @inlinable
    package init(_ characters: String, includesNonASCII: Bool = false) {
        self.init(Array(characters.utf8), includesNonASCII: includesNonASCII)
    }

    /// The first offset at or after `start` holding a wanted byte, or `text.count`.
    @inlinable @inline(__always)
    package func next(in text: UTF8Text, from start: Int) -> Int {
        guard let base = text.bytes.baseAddress, start < text.count else { return text.count }
        let count = text.count
        // A single byte is what the C library's vectorized memchr is for.
        if targets.count == 1 && !includesNonASCII {
            guard let hit = memchr(base + start, Int32(targets[0]), count - start) else { return count }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        }
        var offset = start
        // Sixteen bytes at a time where the wanted bytes are few (the placeholder scan's `&%{$`,
        // the URL scan's): not with every non-ASCII byte wanted, where the next hit is a few bytes
        // on and a wider test only costs more.
        if !includesNonASCII && !targets.isEmpty {
            while offset + 16 <= count {
                let block = ByteVector.load(base, at: offset)
                var hits =
                    (block .== vectors.0) .| (block .== vectors.1) .| (block .== vectors.2) .| (block .== vectors.3)
                    .| (block .== vectors.4)
                for target in targets.dropFirst(5) { hits .|= block .== ByteVector.Bytes(repeating: target) }
                if let lane = ByteVector.firstLane(hits) { return offset + lane }
                offset += 16
            }
        }
        while offset + 8 <= count {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            var hits: UInt64 = includesNonASCII ? word & Self.highs : 0
            for pattern in patterns {
                let difference = word ^ pattern
                hits |= (difference &- Self.ones) & ~difference & Self.highs
            }
            if hits != 0 { break }
            offset += 8
        }
        while offset < count {
            let byte = base[offset]
            if (includesNonASCII && byte >= 0x80) || targets.contains(byte) { return offset }
            offset += 1
        }
        return count
    }
}
