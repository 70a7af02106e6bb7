import Glibc

/// One iconv conversion descriptor from a legacy encoding to UTF-8; the only owner of the
/// descriptor, which it closes in `deinit`. Not shareable: iconv keeps shift state per descriptor.
final class IconvDecoder {
    private let descriptor: iconv_t

    /// Opens a decoder for `encoding` (an iconv name such as `GBK` or `BIG5`); `nil` when the
    /// system's iconv does not know it.
    init?(from encoding: String) {
        guard let descriptor = iconv_open("UTF-8", encoding), Int(bitPattern: descriptor) != -1 else { return nil }
        self.descriptor = descriptor
    }

    deinit { iconv_close(descriptor) }

    /// The bytes decoded, or `nil` when they are not a complete valid sequence of the encoding.
    func decode(_ bytes: [UInt8]) -> String? {
        // Reset shift state so one failed call cannot leak into the next.
        iconv(descriptor, nil, nil, nil, nil)
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 4)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                var inputPointer = inputBuffer.baseAddress
                var inputLeft = inputBuffer.count
                var outputPointer = outputBuffer.baseAddress
                var outputLeft = outputBuffer.count
                let result = iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
                guard result != -1 && inputLeft == 0 else { return nil }
                return outputBuffer.count - outputLeft
            }
        }
        guard let produced else { return nil }
        return String(validating: output[..<produced].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Every double-byte character of a legacy Chinese encoding, decoded once by the system's iconv
/// and indexed both ways, so mojibake checks need no iconv call per character.
struct LegacyCodeTable: Sendable {
    /// The iconv name of the encoding.
    let encoding: String
    /// Two-byte code (lead << 8 | trail) → the character it encodes.
    let characters: [UInt16: Unicode.Scalar]
    /// Character → its two-byte code.
    let codes: [Unicode.Scalar: UInt16]

    /// GBK (the GB2312 superset Windows calls code page 936).
    static let gbk = LegacyCodeTable(encoding: "GBK")
    /// Big5, as Taiwan's legacy systems write it.
    static let big5 = LegacyCodeTable(encoding: "BIG5")

    private init(encoding: String) {
        self.encoding = encoding
        var characters: [UInt16: Unicode.Scalar] = [:]
        var codes: [Unicode.Scalar: UInt16] = [:]
        if let decoder = IconvDecoder(from: encoding) {
            for lead in UInt8(0x81)...0xFE {
                for trail in UInt8(0x40)...0xFE where trail != 0x7F {
                    guard let text = decoder.decode([lead, trail]), let scalar = text.singleScalar,
                        scalar.value >= 0x80, !(0xE000...0xF8FF).contains(scalar.value)
                    else { continue }
                    let code = UInt16(lead) << 8 | UInt16(trail)
                    characters[code] = scalar
                    if codes[scalar] == nil { codes[scalar] = code }
                }
            }
        }
        self.characters = characters
        self.codes = codes
    }
}
