import HanziConversion
import HanziText

/// ASCII punctuation used as Chinese punctuation: `, : ; ? !` next to Chinese text, and `( )`
/// around Chinese text, become their full-width forms. Quotes change only under a quote style.
public struct PunctuationRule: Rule {
    /// The rule's identifier.
    public static let identifier = "punctuation"

    /// Creates the rule.
    public init() {}

    /// What the rule finds, with its examples.
    public static var description: RuleDescription {
        RuleDescription(
            identifier: Self.identifier,
            summary: "ASCII , : ; ? ! ( ) used as Chinese punctuation become full-width ，：；？！（）",
            // An error: the rule only fires beside Chinese text, and every finding has a safe fix.
            defaultSeverity: .error,
            examples: [
                .triggers("浪潮中,OpenAI無疑是明星,ChatGPT的", corrected: "浪潮中，OpenAI無疑是明星，ChatGPT的"),
                .triggers("目標:建立直覺;另一方面", corrected: "目標：建立直覺；另一方面"),
                .triggers("真的嗎?太好了!", corrected: "真的嗎？太好了！"),
                .triggers("他說, 然後走了", corrected: "他說，然後走了"),
                .triggers("加入OpenAI,并在今年", corrected: "加入OpenAI，并在今年"),
                .triggers("代碼(以Python為主)", corrected: "代碼（以Python為主）"),
                .triggers("參考手冊 (第二版) 取代", corrected: "參考手冊（第二版）取代"),
                .triggers("(1996年12月)", corrected: "（1996年12月）"),
                .triggers("連線 (從) 時區  (到)規則", corrected: "連線（從）時區  (到)規則"),
                .triggers(
                    "推崇“先做再說”的理念", corrected: "推崇「先做再說」的理念", options: RuleOptions(quoteStyle: .corner)),
                .triggers(
                    "推崇「先做再说」的理念", corrected: "推崇“先做再说”的理念", in: .simplified,
                    options: RuleOptions(quoteStyle: .curly)),
                .passes("擁有3,000名員工"),
                .passes("會議在10:30開始"),
                .passes("例如 e.g., 這個"),
                .passes("見http://example.com/a,b?x=1頁面"),
                .passes("函數f(x)的值"),
                .passes("Chih-Hsuan Yang (楊志璿)"),
                .passes("推崇“先做再說”的理念"),
                .passes("[\\,選項\\/]"),
                .passes("預設是 !。"),
                .passes("省略了，::pkg::create"),
                .passes("選單名 ?標籤列表? ?描述?"),
                .passes("用命令! killall 結束"),
                .passes("產品?,F在看"),
                .passes("Hello, world: (a) b; c? d!"),
                .triggers("（內部使用)", corrected: "（內部使用）"),
                .triggers("結束碼:%d", corrected: "結束碼：%d"),
                .passes("来自Yahoo!的文档", in: .simplified),
                .passes("&nbsp;中文&gt;中文"),
            ])
    }

    private static func fullWidth(_ byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: ","): "，"
        case UInt8(ascii: ":"): "："
        case UInt8(ascii: ";"): "；"
        case UInt8(ascii: "?"): "？"
        case UInt8(ascii: "!"): "！"
        default: nil
        }
    }

    /// Each ASCII mark used as Chinese punctuation, and quotes of the other style when one is set.
    public func violations(in context: RuleContext) -> [RuleViolation] {
        UTF8Text.withText(context.text) { text in
            var violations = clauseMarks(text) + parentheses(text) + halfPairedParentheses(text)
            if let style = context.options.quoteStyle { violations += quotes(text, style: style) }
            return violations.sorted { $0.utf8Range.lowerBound < $1.utf8Range.lowerBound }
        }
    }

    /// `, : ; ? !` with a Chinese character on either side; spaces after it go with it.
    private func clauseMarks(_ text: UTF8Text) -> [RuleViolation] {
        var violations: [RuleViolation] = []
        let marks = ByteFinder(",:;?!")
        var offset = marks.next(in: text, from: 0)
        while offset < text.count {
            defer { offset = marks.next(in: text, from: offset + 1) }
            let byte = text.bytes[offset]
            guard let replacement = Self.fullWidth(byte) else { continue }
            let previous = text.scalar(before: offset)?.value
            // `\,` is an escape (groff, TeX), not punctuation.
            if previous == 0x5C { continue }
            let next = text.scalar(after: offset + 1)
            let afterChinese = previous.map(CharacterClass.isChinese) ?? false
            // A run of ASCII marks is code or notation (`::pkg`, `:/`), not prose punctuation; so is
            // `?,` before a letter, the debris of a lost encoding (`產品?,F在`). A format placeholder
            // after a Chinese clause is the clause's value (`結束碼:%d`).
            if let next, next < 0x80, next > 0x20, !CharacterClass.isASCIIAlphanumeric(next),
                !")]}\"'".unicodeScalars.contains(where: { $0.value == next }),
                !(afterChinese && byte != UInt8(ascii: "!") && byte != UInt8(ascii: "?")
                    && ProtectedRegions.placeholderEnd(text.bytes, at: offset + 1) != nil)
            {
                continue
            }
            // `!` and `?` straight after a Latin word are the word's own (`Yahoo!`, `Jeopardy!`).
            if byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?"), let previous,
                CharacterClass.isASCIIAlphanumeric(previous), !CharacterClass.isASCIIDigit(previous)
            {
                continue
            }
            // Tcl's `?optional?` notation, and `! command` in shell examples.
            if byte == UInt8(ascii: "?") && isWrappedInQuestionMarks(offset, text) { continue }
            if byte == UInt8(ascii: "!"), next == 0x20, let after = text.scalar(after: offset + 2),
                CharacterClass.isASCIIAlphanumeric(after)
            {
                continue
            }
            // Before Chinese, only a Han character counts: in `預設是 !。` the `!` is a literal.
            guard afterChinese || (next.map(CharacterClass.isHan) ?? false) else { continue }
            // Markdown's image syntax `![alt](src)`.
            if byte == UInt8(ascii: "!"), next == UInt32(UInt8(ascii: "[")) { continue }
            var end = offset + 1
            // One space after the mark goes with it; more are layout, and trailing ones are left
            // to whoever trims lines.
            if afterChinese, end < text.count, text.bytes[end] == UInt8(ascii: " "),
                let following = text.scalar(after: end + 1), following != 0x20, following != 0x0A, following != 0x0D
            {
                end += 1
            }
            let mark = String(UnicodeScalar(byte))
            violations.append(
                RuleViolation(
                    utf8Range: offset..<end,
                    message: "ASCII '\(mark)' in Chinese text; use full-width '\(replacement)'",
                    replacement: replacement))
        }
        return violations
    }

    /// Whether the space-delimited word around `offset` both starts and ends with `?`.
    private func isWrappedInQuestionMarks(_ offset: Int, _ text: UTF8Text) -> Bool {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var start = offset
        while start > 0 && !isSpace(text.bytes[start - 1]) { start -= 1 }
        var end = offset + 1
        while end < text.count && !isSpace(text.bytes[end]) { end += 1 }
        return end - start >= 3 && text.bytes[start] == UInt8(ascii: "?") && text.bytes[end - 1] == UInt8(ascii: "?")
    }

    /// `( )` pairs that hold a Chinese character and follow Chinese text (or start a line); the
    /// spaces between Chinese text and the pair go with it, as full-width parentheses carry
    /// their own spacing. After a Latin word, `Yang (楊志璿)`, the ASCII pair is right.
    private func parentheses(_ text: UTF8Text) -> [RuleViolation] {
        var violations: [RuleViolation] = []
        var openings: [(offset: Int, hasChinese: Bool)] = []
        var offset = 0
        // Outside parentheses only `(` matters; inside them, also `)`, line ends and Chinese.
        let outside = ByteFinder("(")  // one byte: ByteFinder hands it to memchr
        let inside = ByteFinder("()\n", includesNonASCII: true)
        while true {
            offset = (openings.isEmpty ? outside : inside).next(in: text, from: offset)
            guard offset < text.count else { break }
            let byte = text.bytes[offset]
            if byte == UInt8(ascii: "(") {
                openings.append((offset, false))
            } else if byte == UInt8(ascii: ")"), let open = openings.popLast() {
                if open.hasChinese, let start = chineseContextStart(before: open.offset, text) {
                    let message = "ASCII parentheses around Chinese text; use full-width '（）'"
                    violations.append(
                        RuleViolation(utf8Range: start..<open.offset + 1, message: message, replacement: "（"))
                    violations.append(
                        RuleViolation(
                            utf8Range: offset..<spacesBeforeChinese(after: offset + 1, text), message: message,
                            replacement: "）"))
                }
                if open.hasChinese, !openings.isEmpty { openings[openings.count - 1].hasChinese = true }
            } else if byte == UInt8(ascii: "\n") {
                // Parentheses pair within a line.
                openings.removeAll()
            } else if byte >= 0x80 {
                let (value, length) = text.scalar(at: offset)
                if CharacterClass.isHan(value), !openings.isEmpty { openings[openings.count - 1].hasChinese = true }
                offset += length
                continue
            }
            offset += 1
        }
        return violations
    }

    /// An ASCII parenthesis whose partner on the same line is already full-width: `（內部使用)`
    /// becomes `（內部使用）`, and `(內部使用）` becomes `（內部使用）`.
    private func halfPairedParentheses(_ text: UTF8Text) -> [RuleViolation] {
        // Parentheses pair within a line, so only a line holding a full-width one (EF BC 88 or
        // 89) can hold such a pair. Those are found sixteen positions at a time, and each such
        // line is walked once, from one parenthesis, line break or EF lead byte to the next;
        // the other lines are never looked at.
        let fullWidth = CharacterFinder(0xEF, 0xBC, third: 0x88, mask: 0xFE)
        let events = ByteFinder([0x28, 0x29, 0x0A, 0xEF])
        let bytes = text.bytes
        var violations: [RuleViolation] = []
        let message = "ASCII parenthesis paired with a full-width one; use full-width"
        // Openings on the line, innermost last: their offset and whether they are full-width.
        var openings: [(offset: Int, fullWidth: Bool)] = []
        var lead = fullWidth.next(in: text, from: 0)
        while lead < text.count {
            var offset = lead
            while offset > 0 && bytes[offset - 1] != 0x0A { offset -= 1 }
            openings.removeAll(keepingCapacity: true)
            offset = events.next(in: text, from: offset)
            while offset < text.count && bytes[offset] != 0x0A {
                let byte = bytes[offset]
                let isFullWidth = byte == 0xEF && fullWidth.matches(in: text, at: offset)
                guard byte == 0x28 || byte == 0x29 || isFullWidth else {
                    offset = events.next(in: text, from: offset + 1)
                    continue
                }
                let isOpening = isFullWidth ? bytes[offset + 2] == 0x88 : byte == 0x28
                if isOpening {
                    openings.append((offset, isFullWidth))
                } else if let open = openings.popLast() {
                    if open.fullWidth && !isFullWidth {
                        violations.append(
                            RuleViolation(utf8Range: offset..<offset + 1, message: message, replacement: "）"))
                    } else if !open.fullWidth && isFullWidth {
                        violations.append(
                            RuleViolation(utf8Range: open.offset..<open.offset + 1, message: message, replacement: "（"))
                    }
                }
                offset = events.next(in: text, from: offset + (isFullWidth ? 3 : 1))
            }
            lead = fullWidth.next(in: text, from: offset)
        }
        return violations
    }

    /// Where the replaced range of `(` at `offset` starts when Chinese text (or the line's
    /// start) precedes it, taking the spaces between; `nil` after anything else, such as a
    /// Latin word or a Markdown link's `]`.
    private func chineseContextStart(before offset: Int, _ text: UTF8Text) -> Int? {
        // One space between goes with the parenthesis; more are layout, kept as they are.
        let start = offset > 0 && text.bytes[offset - 1] == UInt8(ascii: " ") ? offset - 1 : offset
        if start > 0 && text.bytes[start - 1] == UInt8(ascii: " ") { return nil }
        guard let previous = text.scalar(before: start) else { return start == offset ? start : nil }
        if previous.value == 0x0A { return start == offset ? start : nil }
        return CharacterClass.isChinese(previous.value) ? start : nil
    }

    /// The end of the spaces after `)` when Chinese text follows them, else `offset` itself.
    private func spacesBeforeChinese(after offset: Int, _ text: UTF8Text) -> Int {
        let end = offset < text.count && text.bytes[offset] == UInt8(ascii: " ") ? offset + 1 : offset
        guard end > offset, let next = text.scalar(after: end), CharacterClass.isChinese(next) else { return offset }
        return end
    }

    private static let curlyToCorner: [UInt32: String] = [0x201C: "「", 0x201D: "」", 0x2018: "『", 0x2019: "』"]
    private static let cornerToCurly: [UInt32: String] = [0x300C: "“", 0x300D: "”", 0x300E: "‘", 0x300F: "’"]

    /// Quotes of the other style; curly single quotes count only next to Chinese (not in "don’t").
    private func quotes(_ text: UTF8Text, style: QuoteStyle) -> [RuleViolation] {
        let table = style == .corner ? Self.curlyToCorner : Self.cornerToCurly
        var violations: [RuleViolation] = []
        var offset = 0
        while offset < text.count {
            guard text.bytes[offset] >= 0x80 else {
                offset += 1
                continue
            }
            let (value, length) = text.scalar(at: offset)
            if let replacement = table[value] {
                let previous = text.scalar(before: offset)?.value
                let next = text.scalar(after: offset + length)
                let besideChinese =
                    (previous.map(CharacterClass.isChinese) ?? false) || (next.map(CharacterClass.isChinese) ?? false)
                if besideChinese {
                    violations.append(
                        RuleViolation(
                            utf8Range: offset..<offset + length,
                            message: "quote style is \(style.rawValue); use '\(replacement)'", replacement: replacement)
                    )
                }
            }
            offset += length
        }
        return violations
    }
}
