import HanziText

/// A validator that allocates nothing, for chunks of streamed input; on failure the caller asks
/// `UTF8Validation` for the exact offset, line and column.
enum FastUTF8 {
    /// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or scalars above U+10FFFF).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        validate(bytes, countingNewlines: false).isValid
    }

    /// `isValid(_:)`, with the common case of a short ASCII stretch (a document's structure
    /// between its texts) decided inline, eight bytes at a time.
    @inline(__always)
    static func isValidShort(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let highs: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while bytes.count - offset >= 8 {
            if UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self) & highs != 0 { return isValid(bytes) }
            offset += 8
        }
        while offset < bytes.count {
            if base[offset] >= 0x80 { return isValid(bytes) }
            offset += 1
        }
        return true
    }

    /// Validates `bytes` and, when asked, counts its newlines in the same pass.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, countingNewlines: Bool) -> (
        isValid: Bool, newlines: Int
    ) {
        guard let base = bytes.baseAddress else { return (true, 0) }
        let end = base + bytes.count
        var position = base
        var newlines = 0
        let highs: UInt64 = 0x8080_8080_8080_8080
        let newlinePattern: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        while position < end {
            // Eight ASCII bytes at a time: the common case in mixed text.
            while end - position >= 8 {
                let word = UnsafeRawPointer(position).loadUnaligned(as: UInt64.self)
                if word & highs != 0 { break }
                if countingNewlines {
                    // A byte of `probe` is zero exactly where a newline was; this sets its high bit.
                    let probe = word ^ newlinePattern
                    newlines += (~(((probe & ~highs) &+ ~highs) | probe) & highs).nonzeroBitCount
                }
                position += 8
            }
            // Two three-byte characters (common CJK) at a time, then one.
            while end - position >= 8 {
                let word = UnsafeRawPointer(position).loadUnaligned(as: UInt64.self).littleEndian
                guard word & 0xC0C0_F0C0_C0F0 == 0x8080_E080_80E0 else { break }
                let first = word & 0xFF
                let second = (word >> 24) & 0xFF
                if first == 0xE0 || first == 0xED || second == 0xE0 || second == 0xED { break }
                position += 6
            }
            while end - position >= 4 {
                let word = UnsafeRawPointer(position).loadUnaligned(as: UInt32.self).littleEndian
                guard word & 0x00C0_C0F0 == 0x0080_80E0 else { break }
                let lead = word & 0xFF
                let second = (word >> 8) & 0xFF
                if (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0) { return (false, newlines) }
                position += 3
            }
            if position >= end { break }
            let lead = position.pointee
            if lead < 0x80 {
                if lead == 0x0A { newlines += 1 }
                position += 1
                continue
            }
            let remaining = end - position
            if lead < 0xC2 { return (false, newlines) }
            if lead < 0xE0 {
                guard remaining >= 2, position[1] & 0xC0 == 0x80 else { return (false, newlines) }
                position += 2
            } else if lead < 0xF0 {
                guard remaining >= 3, position[1] & 0xC0 == 0x80, position[2] & 0xC0 == 0x80 else {
                    return (false, newlines)
                }
                let second = position[1]
                if lead == 0xE0 && second < 0xA0 { return (false, newlines) }  // overlong
                if lead == 0xED && second >= 0xA0 { return (false, newlines) }  // surrogate
                position += 3
            } else if lead < 0xF5 {
                guard remaining >= 4, position[1] & 0xC0 == 0x80, position[2] & 0xC0 == 0x80,
                    position[3] & 0xC0 == 0x80
                else { return (false, newlines) }
                let second = position[1]
                if lead == 0xF0 && second < 0x90 { return (false, newlines) }  // overlong
                if lead == 0xF4 && second >= 0x90 { return (false, newlines) }  // above U+10FFFF
                position += 4
            } else {
                return (false, newlines)
            }
        }
        return (true, newlines)
    }
}
