/// One message of a localization file: the UTF-8 byte ranges of the file that hold its text, in
/// order. A gettext translation continued over several lines is one message of several ranges
/// (each the inside of one string literal); its text is the ranges' bytes joined, still escaped.
public struct LocalizedMessage: Sendable, Hashable {
    /// The ranges of the file's bytes that hold the message's text, ascending, between the quotes.
    public var ranges: [Range<Int>]

    /// Creates a message from the ranges that hold its text.
    public init(ranges: [Range<Int>]) {
        self.ranges = ranges
    }
}

/// One replacement in a document's bytes.
package struct ByteEdit: Sendable, Hashable {
    package var range: Range<Int>
    package var replacement: [UInt8]

    package init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }
}

package enum LocalizedMessages {
    /// Applies edits that do not overlap to `bytes`, keeping every byte outside them.
    package static func apply(_ edits: [ByteEdit], to bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var position = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            precondition(edit.range.lowerBound >= position, "overlapping edits")
            output += bytes[position..<edit.range.lowerBound]
            output += edit.replacement
            position = edit.range.upperBound
        }
        output += bytes[position...]
        return output
    }

    /// The edits that replace `message`'s text with `transform` of it. The text is transformed
    /// whole, so a phrase cut by a line continuation (`"頭"` then `"髮"`) is read as one; the
    /// result is cut again where each piece's own transformation agrees with it, so the literals
    /// keep their lines wherever the transformation allows, and a cut never falls inside an
    /// escape sequence (escapes are ASCII, which conversion keeps).
    package static func edits(
        for message: LocalizedMessage, in bytes: [UInt8], transform: ([UInt8]) -> [UInt8]
    ) -> [ByteEdit] {
        let ranges = message.ranges
        guard ranges.count > 1 else {
            guard let range = ranges.first else { return [] }
            let replaced = transform(Array(bytes[range]))
            return replaced.elementsEqual(bytes[range]) ? [] : [ByteEdit(range: range, replacement: replaced)]
        }
        let whole = transform(ranges.flatMap { bytes[$0] })
        var edits: [ByteEdit] = []
        var start = 0
        for (index, range) in ranges.enumerated() {
            var end: Int
            if index == ranges.count - 1 {
                end = whole.count
            } else {
                let piece = transform(Array(bytes[range]))
                end = start
                let limit = min(piece.count, whole.count - start)
                while end - start < limit && piece[end - start] == whole[end] { end += 1 }
                if end - start < piece.count { end = cutBack(whole, from: end, notBefore: start) }
            }
            let replaced = Array(whole[start..<end])
            if !replaced.elementsEqual(bytes[range]) { edits.append(ByteEdit(range: range, replacement: replaced)) }
            start = end
        }
        return edits
    }

    /// The nearest place at or before `end` (and not before `start`) that starts a scalar and
    /// touches a non-ASCII byte, so it is outside any escape sequence.
    private static func cutBack(_ bytes: [UInt8], from end: Int, notBefore start: Int) -> Int {
        var cut = end
        while cut > start {
            let startsScalar = cut == bytes.count || bytes[cut] & 0xC0 != 0x80
            let touchesNonASCII = bytes[cut - 1] >= 0x80 || (cut < bytes.count && bytes[cut] >= 0x80)
            if startsScalar && touchesNonASCII { return cut }
            cut -= 1
        }
        return start
    }
}
