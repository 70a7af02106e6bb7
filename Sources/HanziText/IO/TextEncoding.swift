/// The text encodings HanziKit reads and writes, decoded and encoded with the system's iconv.
public enum TextEncoding: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case utf8 = "utf-8"
    case gb18030
    case gbk
    case big5
    case utf16LittleEndian = "utf-16le"
    case utf16BigEndian = "utf-16be"

    /// The name iconv knows the encoding by.
    var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .gb18030: "GB18030"
        case .gbk: "GBK"
        case .big5: "BIG5"
        case .utf16LittleEndian: "UTF-16LE"
        case .utf16BigEndian: "UTF-16BE"
        }
    }

    /// The byte-order mark that starts a file in this encoding, when the encoding has one.
    var byteOrderMark: [UInt8]? {
        switch self {
        case .utf8: [0xEF, 0xBB, 0xBF]
        case .utf16LittleEndian: [0xFF, 0xFE]
        case .utf16BigEndian: [0xFE, 0xFF]
        default: nil
        }
    }

    /// The encoding's name, as `--from-encoding` and `--to-encoding` take it.
    public var description: String { rawValue }
}

/// Text decoded from bytes, with what was learnt about how it was stored.
public struct DecodedText: Sendable, Equatable {
    /// The text, without a byte-order mark.
    public var text: String
    /// The encoding the bytes were in.
    public var encoding: TextEncoding
    /// Whether the bytes started with a byte-order mark (kept when the text is written back).
    public var hadByteOrderMark: Bool
    /// Whether the encoding was detected rather than named by the caller.
    public var wasDetected: Bool
}

/// Decodes and encodes text in the encodings Chinese text is found in.
public enum TextCodec {
    /// Decodes `bytes` as `encoding`, or detects the encoding when it is `nil`.
    ///
    /// Detection trusts a byte-order mark, then UTF-8 validity (bytes that are mostly well-formed
    /// UTF-8 are UTF-8, so one damaged byte is reported rather than reinterpreted), then decodes
    /// as GB18030 or Big5, whichever the byte statistics favour and decodes cleanly.
    public static func decode(_ bytes: [UInt8], as encoding: TextEncoding?) throws(HanziKitError) -> DecodedText {
        if let encoding {
            let hasMark = encoding.byteOrderMark.map { bytes.starts(with: $0) } ?? false
            let body = hasMark ? Array(bytes.dropFirst(encoding.byteOrderMark!.count)) : bytes
            return DecodedText(
                text: try decodeBody(body, as: encoding, markLength: hasMark ? encoding.byteOrderMark!.count : 0),
                encoding: encoding, hadByteOrderMark: hasMark, wasDetected: false)
        }
        let detected = detect(bytes)
        var decoded = try decode(bytes, as: detected)
        decoded.wasDetected = true
        return decoded
    }

    /// Decodes UTF-8, replacing each invalid or truncated sequence with U+FFFD (as the standard
    /// library does), and counts the replacements so they can be reported.
    public static func decodeReplacingInvalidUTF8(_ bytes: [UInt8]) -> (text: DecodedText, replacedSequences: Int) {
        let hasMark = bytes.starts(with: TextEncoding.utf8.byteOrderMark!)
        let body = hasMark ? Array(bytes.dropFirst(3)) : bytes
        var replaced = 0
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = body.makeIterator()
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .error: replaced += 1
            case .emptyInput: break loop
            }
        }
        let text = DecodedText(
            text: String(decoding: body, as: UTF8.self), encoding: .utf8, hadByteOrderMark: hasMark, wasDetected: false)
        return (text, replaced)
    }

    /// Whether `prefix`, the start of a file, reads as UTF-8 (or is too short to say otherwise):
    /// no UTF-16 byte-order mark and, at most, the odd broken sequence among well-formed ones.
    public static func looksLikeUTF8(_ prefix: [UInt8]) -> Bool {
        detect(prefix) == .utf8
    }

    /// The encoding `bytes` are most likely in.
    public static func detect(_ bytes: [UInt8]) -> TextEncoding {
        for encoding in [TextEncoding.utf8, .utf16LittleEndian, .utf16BigEndian] {
            if let mark = encoding.byteOrderMark, bytes.starts(with: mark) { return encoding }
        }
        let statistics = ByteStatistics(bytes)
        if statistics.looksLikeUTF8 { return .utf8 }
        let candidates: [TextEncoding] = statistics.favoursBig5 ? [.big5, .gb18030] : [.gb18030, .big5]
        for candidate in candidates where (try? decodeBody(bytes, as: candidate, markLength: 0)) != nil {
            return candidate
        }
        // Nothing decodes cleanly: call it UTF-8, whose error names the first bad byte.
        return .utf8
    }

    /// Encodes `text` as `encoding`, with a byte-order mark when asked; characters the encoding
    /// cannot represent are an error naming the first one's line and column.
    public static func encode(_ text: String, as encoding: TextEncoding, byteOrderMark: Bool = false)
        throws(HanziKitError) -> [UInt8]
    {
        let mark = byteOrderMark ? (encoding.byteOrderMark ?? []) : []
        if encoding == .utf8 { return mark + Array(text.utf8) }
        let utf8 = Array(text.utf8)
        do {
            let iconv = try Iconv(from: "UTF-8", to: encoding.iconvName)
            return try mark + utf8.withUnsafeBufferPointer { buffer throws(Iconv.Failure) in try iconv.convert(buffer) }
        } catch .invalidInput(let offset) {
            let position = TextPosition(utf8Offset: offset, in: utf8)
            let character = String(decoding: utf8[offset...].prefix(4), as: UTF8.self).first.map(String.init) ?? "?"
            throw .unencodable(
                character: character, encoding: encoding.rawValue, line: position.line, column: position.column)
        } catch {
            throw .unencodable(character: "", encoding: encoding.rawValue, line: 0, column: 0)
        }
    }

    private static func decodeBody(_ bytes: [UInt8], as encoding: TextEncoding, markLength: Int)
        throws(HanziKitError) -> String
    {
        if encoding == .utf8 {
            do {
                return try bytes.withUnsafeBufferPointer { buffer throws(HanziKitError) in
                    try UTF8Validation.decode(buffer)
                }
            } catch .invalidUTF8(let offset, let line, let column) {
                throw .invalidUTF8(byteOffset: offset + markLength, line: line, column: column)
            }
        }
        do {
            let iconv = try Iconv(from: encoding.iconvName, to: "UTF-8")
            let utf8 = try bytes.withUnsafeBufferPointer { buffer throws(Iconv.Failure) in try iconv.convert(buffer) }
            return String(decoding: utf8, as: UTF8.self)
        } catch .invalidInput(let offset) {
            throw .invalidEncoding(encoding: encoding.rawValue, byteOffset: offset + markLength)
        } catch {
            throw .invalidEncoding(encoding: encoding.rawValue, byteOffset: markLength)
        }
    }
}

/// Byte-level evidence for telling UTF-8, GB18030 and Big5 apart.
struct ByteStatistics {
    var bytesInValidMultibyteSequences = 0
    var invalidSequences = 0
    /// Double-byte pairs whose second byte is below 0xA1: common in Big5, rare in GB text.
    var lowTrailPairs = 0
    var highPairs = 0

    init(_ bytes: [UInt8]) {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): if encoded.count > 1 { bytesInValidMultibyteSequences += encoded.count }
            case .error: invalidSequences += 1
            case .emptyInput: break loop
            }
        }
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] >= 0x81 {
                if bytes[index + 1] < 0xA1 { lowTrailPairs += 1 } else { highPairs += 1 }
                index += 2
            } else {
                index += 1
            }
        }
    }

    /// Legacy text breaks UTF-8 at nearly every non-ASCII byte; a few broken sequences among
    /// well-formed ones, or too few to judge, are damaged UTF-8 to report, not another encoding.
    /// (each broken sequence stands for about one byte; 90% of non-ASCII bytes well-formed is UTF-8).
    var looksLikeUTF8: Bool { invalidSequences < 2 || bytesInValidMultibyteSequences >= 9 * invalidSequences }

    /// Big5's frequent characters often have a second byte in 0x40...0x7E; GB2312's never do.
    var favoursBig5: Bool { lowTrailPairs * 5 > lowTrailPairs + highPairs }
}
