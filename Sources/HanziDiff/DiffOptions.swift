import HanziConversion
import HanziText

/// What counts as a difference when two texts are compared.
public struct DiffOptions: Sendable {
    /// Lines of unchanged text shown around each change (`diff -U`).
    public var contextLines: Int
    /// A conversion both texts go through before they are compared, so that a Traditional and a
    /// Simplified edition differ only where their content does; positions and text in the
    /// result stay those of the original files.
    public var fold: Converter?
    /// Conversions consulted for each change left after `fold`: a change whose two sides convert
    /// to the same text with any of them is dropped. Cross-script comparison uses s2t, s2tw and
    /// s2hk here, because t2s leaves characters that are also Simplified alone (the 著 of
    /// Taiwan's 代表著) while a Simplified edition writes 代表着, which s2tw turns back into 代表著.
    public var confirmingFolds: [Converter]
    /// Treat full-width punctuation (`，` `。` `：` `“`) as its ASCII counterpart (`,` `.` `:` `"`).
    public var ignoresPunctuationWidth: Bool
    /// Ignore all white space inside lines (line breaks still count), like `diff -w`.
    public var ignoresWhitespace: Bool

    /// Options for comparing a Traditional and a Simplified text: folded with t2s, changes
    /// confirmed with s2t, s2tw and s2hk.
    public static func acrossScripts(contextLines: Int = 3) throws(HanziKitError) -> DiffOptions {
        DiffOptions(
            contextLines: contextLines, fold: try Converter(.t2s),
            confirmingFolds: [try Converter(.s2t), try Converter(.s2tw), try Converter(.s2hk)])
    }

    /// Options for a comparison; the defaults compare byte for byte with three lines of context.
    public init(
        contextLines: Int = 3, fold: Converter? = nil, confirmingFolds: [Converter] = [],
        ignoresPunctuationWidth: Bool = false, ignoresWhitespace: Bool = false
    ) {
        self.contextLines = max(0, contextLines)
        self.fold = fold
        self.confirmingFolds = confirmingFolds
        self.ignoresPunctuationWidth = ignoresPunctuationWidth
        self.ignoresWhitespace = ignoresWhitespace
    }

    /// Whether text is compared as it is, byte for byte.
    var comparesBytes: Bool { fold == nil && !ignoresPunctuationWidth && !ignoresWhitespace }

    /// The UTF-8 bytes of the form of `text` that is compared: full-width punctuation narrowed
    /// and white space dropped as the options say. Works per scalar, so a line's key is its
    /// characters' keys joined.
    func comparisonKey(_ text: String) -> [UInt8] {
        guard ignoresPunctuationWidth || ignoresWhitespace else { return Array(text.utf8) }
        var key: [UInt8] = []
        key.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                // ASCII is most of many texts: only its white space can need handling.
                if ignoresWhitespace && (scalar == " " || (0x09...0x0D).contains(scalar.value)) { continue }
                key.append(UInt8(scalar.value))
                continue
            }
            if ignoresWhitespace && scalar.properties.isWhitespace { continue }
            let compared = ignoresPunctuationWidth ? Self.narrowPunctuation(scalar) ?? scalar : scalar
            UTF8.encode(compared) { key.append($0) }
        }
        return key
    }

    /// The ASCII counterpart of a full-width or CJK punctuation mark, or nil.
    static func narrowPunctuation(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0xFF01...0xFF5E:
            // The Halfwidth and Fullwidth Forms block mirrors ASCII 0x21...0x7E; only punctuation is narrowed.
            let ascii = Unicode.Scalar(scalar.value - 0xFEE0)!
            return ascii.properties.isAlphabetic || ("0"..."9").contains(ascii) ? nil : ascii
        case 0x3000: return " "
        case 0x3001: return ","  // 、
        case 0x3002: return "."  // 。
        case 0x2018, 0x2019: return "'"
        case 0x201C, 0x201D: return "\""
        default: return nil
        }
    }
}
