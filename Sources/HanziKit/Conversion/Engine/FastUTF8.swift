/// A validator that allocates nothing, for chunks of streamed input; on failure the caller asks
/// `UTF8Validation` for the exact offset, line and column.
enum FastUTF8 {
    /// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or scalars above U+10FFFF).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let end = base + bytes.count
        var position = base
        while position < end {
            // Eight ASCII bytes at a time: the common case in mixed text.
            while end - position >= 8 {
                let word = UnsafeRawPointer(position).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                position += 8
            }
            if position >= end { break }
            // Three-byte characters (all of common CJK) checked four bytes at a time.
            while end - position >= 4 {
                let word = UnsafeRawPointer(position).loadUnaligned(as: UInt32.self).littleEndian
                guard word & 0x00C0_C0F0 == 0x0080_80E0 else { break }
                let lead = word & 0xFF
                let second = (word >> 8) & 0xFF
                if (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0) { return false }
                position += 3
            }
            if position >= end { break }
            let lead = position.pointee
            if lead < 0x80 {
                position += 1
                continue
            }
            let remaining = end - position
            if lead < 0xC2 { return false }
            if lead < 0xE0 {
                guard remaining >= 2, position[1] & 0xC0 == 0x80 else { return false }
                position += 2
            } else if lead < 0xF0 {
                guard remaining >= 3, position[1] & 0xC0 == 0x80, position[2] & 0xC0 == 0x80 else { return false }
                let second = position[1]
                if lead == 0xE0 && second < 0xA0 { return false }  // overlong
                if lead == 0xED && second >= 0xA0 { return false }  // surrogate
                position += 3
            } else if lead < 0xF5 {
                guard remaining >= 4, position[1] & 0xC0 == 0x80, position[2] & 0xC0 == 0x80,
                    position[3] & 0xC0 == 0x80
                else { return false }
                let second = position[1]
                if lead == 0xF0 && second < 0x90 { return false }  // overlong
                if lead == 0xF4 && second >= 0x90 { return false }  // above U+10FFFF
                position += 4
            } else {
                return false
            }
        }
        return true
    }

    /// The number of newline bytes in `bytes`, eight at a time.
    static func countNewlines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var position = base
        let end = base + bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while end - position >= 8 {
            let word = UnsafeRawPointer(position).loadUnaligned(as: UInt64.self) ^ (ones &* 0x0A)
            // A byte of `word` is zero exactly where a newline was; this sets its high bit.
            let zeroes = ~(((word & ~highs) &+ ~highs) | word) & highs
            count += zeroes.nonzeroBitCount
            position += 8
        }
        while position < end {
            if position.pointee == 0x0A { count += 1 }
            position += 1
        }
        return count
    }
}
