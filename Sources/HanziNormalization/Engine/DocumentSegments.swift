import HanziConversion
import HanziText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How large segments and the windows of a streamed file are.
struct SegmentLayout: Sendable {
    /// How many lines a segment has at least: enough that the per-segment work is negligible, few
    /// enough that a handful of fixes do not make the whole document run a second pass. Counted in
    /// lines, which no fix adds or removes, so a normalized document is cut where its original was.
    var linesPerSegment = 256
    /// How large a segment may grow before it is cut early, inside a line if it has to.
    var longLineLimit = 1 << 20
    /// How much of a streamed file is read at once; each piece ends at the window's last cut.
    var windowSize = 4 << 20

    static let standard = SegmentLayout()
}

/// Where a document can be cut into segments that normalize on their own, so the engine works
/// on several at once, repeats its fixing passes only where something changed, and streams a
/// large file with bounded memory.
///
/// A cut is neutral when the rules and the protected regions see the text after it exactly as
/// they would at the start of a document: it follows a newline, lies strictly inside no protected
/// region (a disabled stretch, a URL, a fenced block), and in Markdown follows a blank line (so no
/// paragraph, list or indented block is split) and starts no `---` line (front matter is read at
/// the start only); no segment starts with a byte-order mark. What rules read beyond a line (the
/// mojibake rule's pairs written elsewhere in the text) they read within the segment.
/// A text's protected regions and its neutral cuts, found together once.
struct Segmentation: Sendable {
    var protected: ProtectedRegions
    var cuts: [Int]

    init(_ text: UTF8Text, format: DocumentFormat, layout: SegmentLayout) {
        protected = ProtectedRegions(text, format: format)
        cuts = DocumentSegments.cuts(in: text, format: format, protected: protected, layout: layout)
    }

    init(protected: ProtectedRegions, cuts: [Int]) {
        self.protected = protected
        self.cuts = cuts
    }
}

enum DocumentSegments {
    /// The neutral cuts of `text`, ascending and strictly inside it; `protected` are its protected regions.
    static func cuts(
        in text: UTF8Text, format: DocumentFormat, protected: ProtectedRegions, layout: SegmentLayout
    ) -> [Int] {
        var cuts: [Int] = []
        var segmentStart = 0
        while let cut = nextCut(in: text, from: segmentStart, format: format, protected: protected, layout) {
            cuts.append(cut)
            segmentStart = cut
        }
        return cuts
    }

    /// The first neutral line break after `linesPerSegment` lines; before that, only when the
    /// segment would outgrow `longLineLimit`, and then inside a line when no break is neutral.
    private static func nextCut(
        in text: UTF8Text, from start: Int, format: DocumentFormat, protected: ProtectedRegions, _ layout: SegmentLayout
    ) -> Int? {
        guard let base = text.bytes.baseAddress else { return nil }
        var offset = start
        var lines = 0
        while offset < text.count {
            let newline = memchr(base + offset, 0x0A, text.count - offset).map {
                UnsafeRawPointer($0) - UnsafeRawPointer(base)
            }
            let lineEnd = newline.map { $0 + 1 } ?? text.count
            if lineEnd - start > layout.longLineLimit {
                if offset > start, isNeutral(offset, in: text, format: format, protected: protected) { return offset }
                return cutInsideLine(text, after: offset, before: start + layout.longLineLimit, protected)
            }
            guard lineEnd < text.count else { return nil }
            lines += 1
            if lines >= layout.linesPerSegment, isNeutral(lineEnd, in: text, format: format, protected: protected) {
                return lineEnd
            }
            offset = lineEnd
        }
        return nil
    }
    private static func isNeutral(_ cut: Int, in text: UTF8Text, format: DocumentFormat, protected: ProtectedRegions)
        -> Bool
    {
        guard !protected.protects(cut..<cut) else { return false }
        // A byte-order mark at a segment's start would pass for the document's signature.
        if text.count - cut >= 3, text.bytes[cut] == 0xEF, text.bytes[cut + 1] == 0xBB, text.bytes[cut + 2] == 0xBF {
            return false
        }
        guard format.cutsAfterBlankLines else { return true }
        guard text.bytes[cut] != UInt8(ascii: "-") else { return false }
        var offset = cut - 1
        while offset > 0 {
            let byte = text.bytes[offset - 1]
            if byte == 0x0A { return true }
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D else { return false }
            offset -= 1
        }
        return true
    }

    /// The last cut before `limit` after `。！？；` or an ASCII space and outside protected regions;
    /// a line this long is not prose a rule reads across such a point. A line with none of them
    /// is cut between the last two characters before `limit` outside protected regions (a cut
    /// that splits no combining sequence, when there is one), so no line is held whole; each side of such a cut is
    /// read as a text of its own, and a fix that would span it is not made (README,
    /// "Normalization"). Nil only when protected regions cover the whole stretch.
    private static func cutInsideLine(
        _ text: UTF8Text, after start: Int, before limit: Int, _ protected: ProtectedRegions
    ) -> Int? {
        var cut = min(limit, text.count - 1)
        while cut > start + 1 {
            let byte = text.bytes[cut - 1]
            var isBreak = byte == 0x20
            if byte == 0x82 || byte == 0x81 || byte == 0x9F || byte == 0x9B, cut >= 3,
                text.bytes[cut - 3] & 0xF0 == 0xE0
            {
                let value = text.scalar(at: cut - 3).value
                // 。 ！ ？ ；
                isBreak = value == 0x3002 || value == 0xFF01 || value == 0xFF1F || value == 0xFF1B
            }
            if isBreak, !protected.protects(cut..<cut) { return cut }
            cut -= 1
        }
        // Failing a cut between whole characters (a megabyte of combining marks), any scalar boundary.
        var scalarBoundary: Int?
        cut = min(limit, text.count - 1)
        while cut > start + 1 {
            if text.bytes[cut] & 0xC0 != 0x80, !protected.protects(cut..<cut) {
                if splitsNoCharacter(at: cut, in: text) { return cut }
                if scalarBoundary == nil { scalarBoundary = cut }
            }
            cut -= 1
        }
        return scalarBoundary
    }

    /// Whether a cut at the scalar boundary `cut` leaves every character whole: the scalar after
    /// it extends nothing (a combining mark, a variation selector, a skin tone, a joiner), the one
    /// before it is no joiner, the two are not halves of a Hangul syllable or a flag, and the
    /// scalar after it is no byte-order mark (which would pass for the segment's signature).
    private static func splitsNoCharacter(at cut: Int, in text: UTF8Text) -> Bool {
        let next = text.scalar(at: cut).value
        var previousStart = cut - 1
        while previousStart > 0 && text.bytes[previousStart] & 0xC0 == 0x80 { previousStart -= 1 }
        let previous = text.scalar(at: previousStart).value
        func isJamo(_ value: UInt32) -> Bool { (0x1100...0x11FF).contains(value) || (0xAC00...0xD7A3).contains(value) }
        func isRegionalIndicator(_ value: UInt32) -> Bool { (0x1F1E6...0x1F1FF).contains(value) }
        guard next != 0xFEFF, next != 0x200D, previous != 0x200D, !(0x1F3FB...0x1F3FF).contains(next),
            !(isJamo(previous) && (0x1160...0x11FF).contains(next)),
            !(isRegionalIndicator(previous) && isRegionalIndicator(next)),
            let scalar = Unicode.Scalar(next), !scalar.properties.isGraphemeExtend
        else { return false }
        return true
    }
}
