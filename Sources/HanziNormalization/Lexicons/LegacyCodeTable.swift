import HanziConversion
import HanziText

/// Every double-byte character of a legacy Chinese encoding, decoded once by the system's iconv
/// and indexed both ways in flat tables, so mojibake checks need no iconv call per character.
struct LegacyCodeTable: Sendable, Equatable {
    /// Two-byte code (lead << 8 | trail) → the character it encodes.
    struct Characters: Sendable, Equatable {
        fileprivate var table: FlatArray<UInt32>
        /// How many codes encode a character.
        fileprivate(set) var count: Int

        fileprivate init(table: FlatArray<UInt32> = FlatArray(repeating: .max, count: 0x10000)) {
            self.table = table
            count = table.count { $0 != .max }
        }

        subscript(_ code: UInt16) -> Unicode.Scalar? {
            let value = table[Int(code)]
            return value == .max ? nil : Unicode.Scalar(value)
        }

        fileprivate mutating func set(_ code: UInt16, _ scalar: Unicode.Scalar) {
            if table[Int(code)] == .max { count += 1 }
            table[Int(code)] = scalar.value
        }

        /// Every code with its character, in code order.
        var pairs: [(code: UInt16, scalar: Unicode.Scalar)] {
            (0...UInt16.max).compactMap { code in self[code].map { (code, $0) } }
        }

        /// Every encoded character, in code order.
        var values: [Unicode.Scalar] { pairs.map(\.scalar) }
    }

    /// Character → its two-byte code (the first, where several encode it).
    struct Codes: Sendable, Equatable {
        fileprivate var basic = FlatArray<UInt16>(repeating: 0, count: 0x10000)
        fileprivate var supplementary: [UInt32: UInt16] = [:]

        subscript(_ scalar: Unicode.Scalar) -> UInt16? {
            // 0 is no double-byte code (lead bytes start at 0x81), so it marks a character without one.
            let code = scalar.value < 0x10000 ? basic[Int(scalar.value)] : supplementary[scalar.value] ?? 0
            return code == 0 ? nil : code
        }
    }

    /// The iconv name of the encoding.
    let encoding: String
    let characters: Characters
    let codes: Codes

    /// GBK (the GB2312 superset Windows calls code page 936).
    static var gbk: LegacyCodeTable { NormalizationLexicons.shared.gbk }
    /// Big5, as Taiwan's legacy systems write it.
    static var big5: LegacyCodeTable { NormalizationLexicons.shared.big5 }

    /// The fewest characters a table must decode: GBK has about 21,900, Big5 about 13,500; fewer
    /// means the system's iconv lacks the encoding's tables, and mojibake would silently go unseen.
    static let minimumCharacters = 10_000

    /// Decodes every double-byte code of `encoding` with iconv; throws, naming the encoding, when
    /// the system's iconv cannot decode it.
    init(decoding encoding: String) throws(HanziKitError) {
        var characters = Characters()
        if let iconv = try? Iconv(from: encoding, to: "UTF-8") {
            for lead in UInt8(0x81)...0xFE {
                for trail in UInt8(0x40)...0xFE where trail != 0x7F {
                    let pair = [lead, trail]
                    guard let bytes = try? pair.withUnsafeBufferPointer({ try iconv.convert($0) }),
                        let text = String(validating: bytes, as: UTF8.self), let scalar = text.singleScalar,
                        scalar.value >= 0x80, !(0xE000...0xF8FF).contains(scalar.value)
                    else { continue }
                    characters.set(UInt16(lead) << 8 | UInt16(trail), scalar)
                }
            }
        }
        guard characters.count >= Self.minimumCharacters else {
            throw .conversionFailed(
                reason: "the system's iconv decodes \(characters.count) characters of \(encoding), which the mojibake "
                    + "rule needs whole (install the C library's iconv modules, such as glibc's gconv)")
        }
        self.init(encoding: encoding, characters: characters)
    }

    private init(encoding: String, characters: Characters) {
        self.encoding = encoding
        self.characters = characters
        var codes = Codes()
        for (code, scalar) in characters.pairs where codes[scalar] == nil {
            if scalar.value < 0x10000 {
                codes.basic[Int(scalar.value)] = code
            } else {
                codes.supplementary[scalar.value] = code
            }
        }
        self.codes = codes
    }

    /// The tables in the form `init(reading:)` reads.
    func write(to writer: inout CacheWriter) {
        writer.appendString(encoding)
        writer.appendFlat(characters.table)
        writer.appendFlat(codes.basic)
        let beyond = codes.supplementary.keys.sorted()
        writer.appendCounted(beyond)
        writer.appendCounted(beyond.map { codes.supplementary[$0]! })
    }

    /// Tables `write(to:)` wrote; `nil` when the stored form is damaged.
    init?(reading reader: inout CacheReader) {
        guard let encoding = reader.readString(), let table: FlatArray<UInt32> = reader.readFlat(),
            table.count == 0x10000,
            table.withUnsafeBufferPointer({ CacheReader.areScalarValues($0, orSentinel: .max) }),
            let basic: FlatArray<UInt16> = reader.readFlat(), basic.count == 0x10000,
            let beyond: [UInt32] = reader.readCounted(), let beyondCodes: [UInt16] = reader.readCounted(),
            beyond.count == beyondCodes.count
        else { return nil }
        self.encoding = encoding
        characters = Characters(table: table)
        var codes = Codes()
        codes.basic = basic
        codes.supplementary = Dictionary(zip(beyond, beyondCodes)) { first, _ in first }
        self.codes = codes
    }
}
