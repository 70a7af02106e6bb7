import HanziKit

extension FuzzTargets {
    /// Encoding detection and decoding: an error names a byte inside the input; decoded text
    /// encodes back (with its byte-order mark) to bytes that decode to the same text, and to the
    /// very same bytes for the Unicode encodings, whose decoding loses nothing.
    static func decode(_ bytes: [UInt8]) {
        let decoded: DecodedText
        do {
            decoded = try TextCodec.decode(bytes, as: nil)
        } catch .invalidUTF8(let offset, let line, let column) {
            precondition(offset >= 0 && offset < bytes.count, "offset \(offset) outside \(bytes.count) bytes")
            precondition(line >= 1 && column >= 1, "line \(line), column \(column)")
            precondition(TextCodec.detect(bytes) == .utf8, "a UTF-8 error for another encoding")
            return
        } catch .invalidEncoding(let encoding, let offset) {
            precondition(
                offset >= 0 && offset < bytes.count, "\(encoding) offset \(offset) outside \(bytes.count) bytes")
            return
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        precondition(decoded.wasDetected, "a detected encoding not marked as detected")
        precondition(decoded.encoding == TextCodec.detect(bytes), "decoded as another encoding than detected")
        let encoded: [UInt8]
        do {
            encoded = try TextCodec.encode(decoded.text, as: decoded.encoding, byteOrderMark: decoded.hadByteOrderMark)
        } catch {
            preconditionFailure("decoded \(decoded.encoding) text does not encode back: \(error)")
        }
        switch decoded.encoding {
        case .utf8, .utf16LittleEndian, .utf16BigEndian:
            precondition(encoded == bytes, "\(decoded.encoding) bytes changed on the way back")
        case .gb18030, .gbk, .big5:
            // Big5 has pairs of codes for one character, so only the text must come back.
            break
        }
        do {
            let again = try TextCodec.decode(encoded, as: decoded.encoding)
            precondition(again.text.unicodeScalars.elementsEqual(decoded.text.unicodeScalars), "text changed")
            precondition(again.hadByteOrderMark == decoded.hadByteOrderMark, "byte-order mark lost")
        } catch {
            preconditionFailure("re-encoded \(decoded.encoding) text does not decode: \(error)")
        }
    }
}
