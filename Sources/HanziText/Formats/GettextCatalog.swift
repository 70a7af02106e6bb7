/// A gettext catalog (`.po`, `.pot`) read for its translations: where each `msgstr` and
/// `msgstr[n]` holds its text, continuation lines included, and where the header's `Language:`
/// value lies. Everything else (`msgid`, `msgid_plural`, `msgctxt`, comments, flags, obsolete
/// `#~` entries) is only read past, so a rewrite keeps it byte for byte.
///
/// The header (the translation of the empty `msgid`) is metadata, not a message: it is not among
/// `translations`, and only its `Language:` value is offered for a rewrite.
public struct GettextCatalog: Sendable {
    /// The translations of every entry but the header, in file order; a plural entry has one
    /// message for each `msgstr[n]`.
    public private(set) var translations: [LocalizedMessage] = []
    /// The bytes of the header's `Language:` value (`zh_CN` in `"Language: zh_CN\n"`), if any.
    public private(set) var languageValue: Range<Int>?

    /// Reads the catalog in `bytes` (UTF-8); throws at the first byte that is not gettext syntax.
    public init(utf8 bytes: [UInt8]) throws(DocumentSyntaxError) {
        var parser = Parser(bytes: bytes)
        try parser.parse()
        translations = parser.translations
        languageValue = parser.languageValue
    }

    private struct Entry {
        var hasContext = false
        var hasID = false
        var idIsEmpty = true
        var translations: [LocalizedMessage] = []
    }

    private enum Keyword {
        case context, id, idPlural, translation
    }

    private struct Parser {
        let bytes: [UInt8]
        var translations: [LocalizedMessage] = []
        var languageValue: Range<Int>?
        var entry = Entry()
        var keyword: Keyword?
        var position = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func parse() throws(DocumentSyntaxError) {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
            while position < bytes.count {
                let lineEnd = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                try parseLine(upTo: lineEnd)
                position = lineEnd + 1
            }
            finishEntry()
        }

        private mutating func parseLine(upTo lineEnd: Int) throws(DocumentSyntaxError) {
            var index = skipSpace(from: position, to: lineEnd)
            guard index < lineEnd else {
                finishEntry()  // a blank line ends an entry
                return
            }
            switch bytes[index] {
            case UInt8(ascii: "#"):
                keyword = nil  // comments, flags, references and obsolete entries are kept as they are
                return
            case UInt8(ascii: "\""):
                guard keyword != nil else { throw error(at: index, "a string continues no keyword") }
                index = try literal(from: index, to: lineEnd)
            default:
                let wordEnd = bytes[index..<lineEnd].firstIndex { !isKeywordByte($0) } ?? lineEnd
                let word = String(decoding: bytes[index..<wordEnd], as: UTF8.self)
                let next: Keyword
                switch word {
                case "msgctxt": next = .context
                case "msgid": next = .id
                case "msgid_plural": next = .idPlural
                case "msgstr": next = .translation
                default:
                    guard word.hasPrefix("msgstr["), word.hasSuffix("]"), word.count > 8,
                        word.dropFirst(7).dropLast().allSatisfy({ $0.isASCII && $0.isNumber })
                    else { throw error(at: index, "expected msgctxt, msgid, msgid_plural, msgstr or a comment") }
                    next = .translation
                }
                if next == .context || (next == .id && !entry.hasContext) { finishEntry() }
                switch next {
                case .context: entry.hasContext = true
                case .id: entry.hasID = true
                case .idPlural, .translation: break
                }
                if next == .translation { entry.translations.append(LocalizedMessage(ranges: [])) }
                keyword = next
                let quote = skipSpace(from: wordEnd, to: lineEnd)
                guard quote > wordEnd, quote < lineEnd, bytes[quote] == UInt8(ascii: "\"") else {
                    throw error(at: quote, "expected a string after \(word)")
                }
                index = try literal(from: quote, to: lineEnd)
            }
            let rest = skipSpace(from: index, to: lineEnd)
            if rest < lineEnd {
                throw error(at: rest, "unexpected text after the string")
            }
        }

        /// Reads the string literal starting at the quote at `start`, records its inside for the
        /// current keyword and returns the index after its closing quote.
        private mutating func literal(from start: Int, to lineEnd: Int) throws(DocumentSyntaxError) -> Int {
            var index = start + 1
            while index < lineEnd {
                switch bytes[index] {
                case UInt8(ascii: "\\"):
                    guard index + 1 < lineEnd, bytes[index + 1] != UInt8(ascii: "\r") else {
                        throw error(at: index, "a backslash ends the line")
                    }
                    index += 2
                case UInt8(ascii: "\""):
                    record(start + 1..<index)
                    return index + 1
                default:
                    index += 1
                }
            }
            throw error(at: start, "the string has no closing quote on its line")
        }

        private mutating func record(_ range: Range<Int>) {
            switch keyword {
            case .id?:
                if !range.isEmpty { entry.idIsEmpty = false }
            case .translation?:
                entry.translations[entry.translations.count - 1].ranges.append(range)
            case .context?, .idPlural?, nil:
                break
            }
        }

        private mutating func finishEntry() {
            defer {
                entry = Entry()
                keyword = nil
            }
            guard entry.hasID else { return }
            if entry.idIsEmpty && !entry.hasContext {
                if let message = entry.translations.first { languageValue = language(in: message) }
            } else {
                translations += entry.translations
            }
        }

        /// The value of the header line `Language: …`; header lines end with the escape `\n`.
        private func language(in message: LocalizedMessage) -> Range<Int>? {
            let field = Array("Language:".utf8)
            var atLineStart = true
            for range in message.ranges {
                var index = range.lowerBound
                while index < range.upperBound {
                    if atLineStart, bytes[index..<range.upperBound].starts(with: field) {
                        let valueStart = skipSpace(from: index + field.count, to: range.upperBound)
                        var valueEnd = valueStart
                        while valueEnd < range.upperBound, bytes[valueEnd] != UInt8(ascii: "\\") { valueEnd += 1 }
                        return valueStart..<valueEnd
                    }
                    if bytes[index] == UInt8(ascii: "\\") {
                        atLineStart = index + 1 < range.upperBound && bytes[index + 1] == UInt8(ascii: "n")
                        index += 2
                    } else {
                        atLineStart = false
                        index += 1
                    }
                }
            }
            return nil
        }

        private func skipSpace(from start: Int, to end: Int) -> Int {
            var index = start
            while index < end,
                bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t")
                    || bytes[index] == UInt8(ascii: "\r")
            {
                index += 1
            }
            return index
        }

        private func isKeywordByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }

        private func error(at offset: Int, _ reason: String) -> DocumentSyntaxError {
            DocumentSyntaxError(offset: offset, reason: reason)
        }
    }
}
