import Foundation
import HanziConversion
import HanziText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The byte ranges of a text that no rule may touch: URLs and IRIs, e-mail addresses, paths,
/// character references (`&nbsp;`), format placeholders (`%s`, `{0}`), sentences in Japanese or
/// Korean, whatever the document's format says is not text (code in Markdown, keys in JSON),
/// and lines switched off with `hanzi-disable-next-line` or between
/// `hanzi-disable` and `hanzi-enable`.
struct ProtectedRegions {
    /// Sorted, non-overlapping byte ranges.
    private(set) var ranges: [Range<Int>] = []

    static let disableNextLineMarker = Array("hanzi-disable-next-line".utf8)
    static let disableMarker = Array("hanzi-disable".utf8)
    static let enableMarker = Array("hanzi-enable".utf8)

    init(_ text: UTF8Text, format: DocumentFormat) {
        var found: [Range<Int>] = []
        Self.addMarkedLines(text, to: &found)
        if !format.isPlain {
            // A document that is not of its format (checked before, where errors are reported) is all structure.
            let ranges = try? format.syntax.textRanges(in: text.bytes, options: format.options)
            found += ranges?.complement(in: text.count) ?? [0..<text.count]
        }
        TextStructure.addURLsAndPaths(text, to: &found)
        Self.addReferencesAndPlaceholders(text, to: &found)
        Self.addKanaAndHangulSentences(text, to: &found)
        ranges = TextStructure.merged(found)
    }

    private init(ranges: [Range<Int>]) {
        self.ranges = ranges
    }

    /// The regions inside `part`, counted from its start; a neutral cut lies inside none, so a
    /// segment's regions are exactly those its own text would give.
    func slice(_ part: Range<Int>) -> ProtectedRegions {
        var sliced: [Range<Int>] = []
        var index = firstRange(endingAfter: part.lowerBound)
        while index < ranges.count && ranges[index].lowerBound < part.upperBound {
            let clamped = ranges[index].clamped(to: part)
            if !clamped.isEmpty {
                sliced.append((clamped.lowerBound - part.lowerBound)..<(clamped.upperBound - part.lowerBound))
            }
            index += 1
        }
        return ProtectedRegions(ranges: sliced)
    }

    /// The index of the first range that ends after `offset`, by binary search.
    private func firstRange(endingAfter offset: Int) -> Int {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The regions after `fixes` (sorted, outside every region) are applied to the text.
    func shifted(through fixes: [RuleViolation]) -> ProtectedRegions {
        var shift = 0
        var next = 0
        return ProtectedRegions(
            ranges: ranges.map { range in
                while next < fixes.count && fixes[next].utf8Range.upperBound <= range.lowerBound {
                    shift +=
                        (fixes[next].replacement?.utf8.count ?? fixes[next].utf8Range.count)
                        - fixes[next].utf8Range.count
                    next += 1
                }
                return (range.lowerBound + shift)..<(range.upperBound + shift)
            })
    }

    /// Whether `range` touches a protected byte; an insertion is protected only strictly inside one.
    func protects(_ range: Range<Int>) -> Bool {
        let low = firstRange(endingAfter: range.lowerBound)
        guard low < ranges.count else { return false }
        let candidate = ranges[low]
        if range.isEmpty { return candidate.lowerBound < range.lowerBound }
        return candidate.lowerBound < range.upperBound
    }

    // MARK: Lines

    /// Where `marker` first occurs in `line`; memchr finds candidates for its first byte quickly.
    private static func contains(_ marker: [UInt8], in text: UTF8Text, _ line: Range<Int>) -> Int? {
        guard line.count >= marker.count, let base = text.bytes.baseAddress else { return nil }
        var offset = line.lowerBound
        let last = line.upperBound - marker.count
        while offset <= last {
            guard let hit = memchr(base + offset, Int32(marker[0]), last - offset + 1) else { return nil }
            let start = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if (1..<marker.count).allSatisfy({ base[start + $0] == marker[$0] }) { return start }
            offset = start + 1
        }
        return nil
    }

    private static func addMarkedLines(_ text: UTF8Text, to found: inout [Range<Int>]) {
        // Cheap exit: most texts carry no marker at all.
        guard contains(disableMarker, in: text, 0..<text.count) != nil else { return }
        var disabledSince: Int?
        var protectNext = false
        for line in TextStructure.lines(text) {
            if protectNext {
                found.append(line)
                protectNext = false
            }
            if contains(disableNextLineMarker, in: text, line) != nil {
                found.append(line)
                protectNext = true
            } else if disabledSince == nil, contains(disableMarker, in: text, line) != nil {
                disabledSince = line.lowerBound
            }
            if let start = disabledSince, contains(enableMarker, in: text, line) != nil {
                found.append(start..<line.upperBound)
                disabledSince = nil
            }
        }
        if let start = disabledSince { found.append(start..<text.count) }
    }

    // MARK: References and placeholders

    private static func isLetter(_ byte: UInt8) -> Bool { TextStructure.isLetter(byte) }

    private static func isDigit(_ byte: UInt8) -> Bool { TextStructure.isDigit(byte) }

    /// HTML/XML character references (`&nbsp;`, `&#x4E2D;`, `&#20013;`) and format placeholders:
    /// printf's (`%s`, `%1$d`, `%-5.2f`, `%%`), Python's (`%(name)s`, `{0}`, `{name}`), Qt's
    /// (`%1`), Ruby's and shell's (`%{name}`, `${name}`), and `{{name}}` templates.
    private static func addReferencesAndPlaceholders(_ text: UTF8Text, to found: inout [Range<Int>]) {
        let bytes = text.bytes
        let triggers = ByteFinder("&%{$")
        var offset = triggers.next(in: text, from: 0)
        while offset < bytes.count {
            if let end = TextStructure.characterReferenceEnd(bytes, at: offset) ?? placeholderEnd(bytes, at: offset) {
                found.append(offset..<end)
                offset = triggers.next(in: text, from: end)
            } else {
                offset = triggers.next(in: text, from: offset + 1)
            }
        }
    }

    /// The end of a character reference starting at `offset`, if one does.
    static func placeholderEnd(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        func byte(_ index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }
        switch bytes[offset] {
        case UInt8(ascii: "%"):
            var end = offset + 1
            switch byte(end) {
            case UInt8(ascii: "%"): return end + 1
            case UInt8(ascii: "("), UInt8(ascii: "{"):
                let close = byte(end) == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}")
                guard let nameEnd = identifierEnd(bytes, from: end + 1), byte(nameEnd) == close else { return nil }
                end = nameEnd + 1
                if close == UInt8(ascii: "}") { return end }
                return printfConversionEnd(bytes, from: end)
            default:
                // Qt's %1 … %99, when no printf conversion follows the digits.
                if isDigit(byte(end)), let conversion = printfConversionEnd(bytes, from: end) { return conversion }
                if isDigit(byte(end)) {
                    while isDigit(byte(end)) && end - offset < 3 { end += 1 }
                    return isLetter(byte(end)) ? nil : end
                }
                return printfConversionEnd(bytes, from: end)
            }
        case UInt8(ascii: "{"):
            let double = byte(offset + 1) == UInt8(ascii: "{")
            return braceEnd(bytes, from: offset + (double ? 2 : 1), closing: double ? 2 : 1)
        case UInt8(ascii: "$"):
            guard byte(offset + 1) == UInt8(ascii: "{") else { return nil }
            return braceEnd(bytes, from: offset + 2, closing: 1)
        default: return nil
        }
    }

    /// `0}`, `name}`, `name:>10}` or `0:.2f}` (for `closing` 2, `}}`): the end after the braces.
    private static func braceEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, closing: Int) -> Int? {
        var end = start
        while end < bytes.count, end - start < 64, bytes[end] == UInt8(ascii: " ") { end += 1 }
        if end < bytes.count, isDigit(bytes[end]) {
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
        } else {
            guard let nameEnd = identifierEnd(bytes, from: end) else { return nil }
            end = nameEnd
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: ":") || bytes[end] == UInt8(ascii: "!") {
            while end < bytes.count, end - start < 64, bytes[end] != UInt8(ascii: "}"), bytes[end] >= 0x20,
                bytes[end] < 0x80
            {
                end += 1
            }
        }
        while end < bytes.count, end - start < 64, bytes[end] == UInt8(ascii: " ") { end += 1 }
        for index in 0..<closing {
            guard end + index < bytes.count, bytes[end + index] == UInt8(ascii: "}") else { return nil }
        }
        return end + closing
    }

    /// The end of an identifier (`name`, `user.name`) starting at `start`, if one does.
    private static func identifierEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, isLetter(bytes[start]) || bytes[start] == UInt8(ascii: "_") else { return nil }
        var end = start + 1
        while end < bytes.count, end - start < 64,
            isLetter(bytes[end]) || isDigit(bytes[end]) || bytes[end] == UInt8(ascii: "_")
                || bytes[end] == UInt8(ascii: ".")
        {
            end += 1
        }
        return end
    }

    /// After `%`: an optional `N$`, flags, width, precision, length and a conversion letter.
    private static func printfConversionEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        func byte(_ index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }
        var end = start
        var digits = end
        while isDigit(byte(digits)) { digits += 1 }
        if digits > end, byte(digits) == UInt8(ascii: "$") { end = digits + 1 }
        while "-+ #0'".utf8.contains(byte(end)) && end - start < 8 { end += 1 }
        while isDigit(byte(end)) || byte(end) == UInt8(ascii: "*") { end += 1 }
        if byte(end) == UInt8(ascii: ".") {
            end += 1
            while isDigit(byte(end)) || byte(end) == UInt8(ascii: "*") { end += 1 }
        }
        for length in ["hh", "ll", "I64", "I32", "h", "l", "L", "q", "j", "z", "t"] {
            let utf8 = Array(length.utf8)
            if (0..<utf8.count).allSatisfy({ byte(end + $0) == utf8[$0] }) {
                end += utf8.count
                break
            }
        }
        guard "diouxXeEfFgGaAcspnm@".utf8.contains(byte(end)) else { return nil }
        // `%s` glued to a following Latin word is prose ("100%sure"), not a placeholder.
        let next = byte(end + 1)
        if isLetter(next), end == start { return nil }
        return end + 1
    }

    // MARK: Japanese and Korean

    /// Sentences holding kana or hangul: Japanese or Korean, which the rules are not written for.
    /// A sentence runs between line breaks and sentence-ending marks (。！？!?).
    private static func addKanaAndHangulSentences(_ text: UTF8Text, to found: inout [Range<Int>]) {
        let bytes = text.bytes
        var offset = nextKanaOrHangulLead(in: text, from: 0)
        var coveredUntil = 0
        while offset < bytes.count {
            let (value, length) = text.scalar(at: offset)
            guard offset >= coveredUntil, CharacterClass.isKana(value) || CharacterClass.isHangul(value) else {
                offset = nextKanaOrHangulLead(in: text, from: offset + length)
                continue
            }
            var start = offset
            while let previous = text.scalar(before: start), !isSentenceEnd(previous.value) { start = previous.start }
            var end = offset + length
            while end < bytes.count {
                let (next, nextLength) = text.scalar(at: end)
                end += nextLength
                if isSentenceEnd(next) { break }
            }
            found.append(start..<end)
            coveredUntil = end
            offset = nextKanaOrHangulLead(in: text, from: end)
        }
    }

    /// The next lead byte that can start kana or hangul: E3 81–87 (kana, compatibility jamo),
    /// E1 84–87 (jamo), EA–ED (syllables). Sixteen bytes are tested at once, the following byte
    /// included, so CJK punctuation (E3 80), the commonest E3 in Chinese text, stops nothing.
    private static func nextKanaOrHangulLead(in text: UTF8Text, from start: Int) -> Int {
        typealias ByteVector = SIMD16<UInt8>
        func load(_ offset: Int) -> ByteVector {
            UnsafeRawPointer(text.bytes.baseAddress! + offset).loadUnaligned(as: ByteVector.self)
        }
        let count = text.count
        var offset = start
        while offset + 17 <= count {
            let lead = load(offset)
            let next = load(offset + 1)
            let pairedLead = lead & 0xFE
            let syllable = (pairedLead .== ByteVector(repeating: 0xEA)) .| (pairedLead .== ByteVector(repeating: 0xEC))
            let kana =
                (lead .== ByteVector(repeating: 0xE3)) .& (next & 0xF8 .== ByteVector(repeating: 0x80))
                .& (next .!= ByteVector(repeating: 0x80))
            let jamo = (lead .== ByteVector(repeating: 0xE1)) .& (next & 0xFC .== ByteVector(repeating: 0x84))
            if HanziText.ByteVector.firstLane(syllable .| kana .| jamo) != nil { break }
            offset += 16
        }
        while offset < count {
            let byte = text.bytes[offset]
            let second = offset + 1 < count ? text.bytes[offset + 1] : 0
            if (0xEA...0xED).contains(byte) || (byte == 0xE3 && (0x81...0x87).contains(second))
                || (byte == 0xE1 && (0x84...0x87).contains(second))
            {
                return offset
            }
            offset += 1
        }
        return count
    }

    private static func isSentenceEnd(_ value: UInt32) -> Bool {
        value == 0x0A || value == 0x3002 || value == 0xFF01 || value == 0xFF1F || value == 0x21 || value == 0x3F
    }
}
