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
        if let iconv = try? Iconv(from: encoding, to: "UTF-8") {
            for lead in UInt8(0x81)...0xFE {
                for trail in UInt8(0x40)...0xFE where trail != 0x7F {
                    let pair = [lead, trail]
                    guard let bytes = try? pair.withUnsafeBufferPointer({ try iconv.convert($0) }),
                        let text = String(validating: bytes, as: UTF8.self), let scalar = text.singleScalar,
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
