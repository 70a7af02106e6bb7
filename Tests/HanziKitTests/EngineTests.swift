import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// HanziKit's engine against libopencc (the `.opencc` engine) on prose and on edge cases.
@Suite("HanziKit engine is byte-identical to libopencc")
struct EngineTests {
    static func corpus(for config: ConversionConfig) -> String {
        config.rawValue.hasPrefix("s2") ? "hans.txt" : "hant.txt"
    }

    /// Both texts through every configuration: any input is valid input for any configuration.
    static let configsAndCorpora: [(ConversionConfig, String)] = ConversionConfig.allCases.flatMap {
        [($0, "hant.txt"), ($0, "hans.txt")]
    }

    @Test(
        "Same bytes as libopencc on a corpus slice",
        arguments: configsAndCorpora)
    func matchesLibOpenCC(_ config: ConversionConfig, _ corpus: String) throws {
        let input = try Data(contentsOf: try TestSupport.corpusSlice(corpus, lines: 2_000))
        let reference = try Converter(config, engine: .opencc).convert(utf8: input)
        let ours = try Converter(config, engine: .hanzikit).convert(utf8: input)
        #expect(Array(ours.utf8) == Array(reference.utf8), "\(config) differs on \(corpus)")
    }

    static let edgeCases: [String] = [
        "",
        "\u{0}",
        "頭髮\u{0}後來\u{0}",
        "plain ASCII only, nothing to convert\n",
        "頭",  // one character
        "乾隆",  // a whole phrase
        "乾",  // a phrase's first character at the end of the text
        "他說乾",  // text ending mid-phrase
        "𠮷野家 and 🀄 (supplementary planes)",
        "é ü ß ñ 中文 mixed 2-byte and 3-byte",
        "\r\n頭髮\r\n",
    ]

    @Test("Edge cases match libopencc", arguments: ConversionConfig.allCases)
    func edgeCasesMatch(_ config: ConversionConfig) throws {
        let reference = try Converter(config, engine: .opencc)
        let ours = try Converter(config, engine: .hanzikit)
        for text in Self.edgeCases {
            #expect(ours.convert(text) == reference.convert(text), "\(config): \(text.debugDescription)")
        }
    }

    @Test func layeredConfigurationWithATextDictionaryMatches() throws {
        let path = TestSupport.repositoryFile("Dictionaries/t2s-with-taiwan-terms.json").path
        let ours = try Converter(configurationFile: path, engine: .hanzikit)
        let reference = try Converter(configurationFile: path, engine: .opencc)
        #expect(ours.convert("軟體伺服器頭髮") == "软件服务器头发")
        let input = try Data(contentsOf: try TestSupport.corpusSlice("hant.txt", lines: 2_000))
        #expect(try ours.convert(utf8: input) == reference.convert(utf8: input))
    }

    @Test func invalidUTF8IsRejectedWithItsOffset() throws {
        let converter = try Converter(.t2s)
        #expect(throws: HanziKitError.invalidUTF8(byteOffset: 5, line: 2, column: 2)) {
            try converter.convert(utf8: [0xE9, 0xA0, 0xAD, 0x0A, 0x41, 0xE9, 0xA0])
        }
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0x80]] {
            #expect(throws: HanziKitError.invalidUTF8(byteOffset: 1, line: 1, column: 2)) {
                try converter.convert(utf8: [0x41] + bad)
            }
        }
    }

    @Test func fastValidationAgreesWithTheStandardLibrary() {
        // Random mixes of ASCII, valid CJK and stray bytes, checked against String(validating:).
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            [0x41], [0x0A], Array("頭".utf8), Array("é".utf8), Array("𠮷".utf8), [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xC0, 0x80], [0xE4, 0xB8], [0x80], [0xFF], [0xF0, 0x9F, 0x98],
        ]
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...24, using: &generator) {
                let index = Int.random(in: 0..<pieces.count, using: &generator)
                // Mostly valid pieces, so long valid runs exercise the fast paths.
                bytes += index < 5 || Bool.random(using: &generator) ? pieces[index % 5] : pieces[index]
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let newlines = bytes.filter { $0 == 0x0A }.count
            bytes.withUnsafeBufferPointer { buffer in
                let (isValid, counted) = FastUTF8.validate(buffer, countingNewlines: true)
                #expect(isValid == expected, "\(bytes)")
                if isValid { #expect(counted == newlines) }
            }
        }
    }

    /// The engine validates while it converts; bad bytes inside a phrase (an overlong 隆 after 乾)
    /// must still be caught at the right offset, and good input must convert as libopencc does.
    @Test(arguments: [ConversionConfig.t2s, .s2t, .s2twp])
    func validationWhileConvertingCatchesEveryBadByte(_ config: ConversionConfig) throws {
        let ours = try Converter(config)
        let reference = try Converter(config, engine: .opencc)
        var generator = SystemRandomNumberGenerator()
        let good: [[UInt8]] = [
            Array("乾".utf8), Array("隆".utf8), Array("头发".utf8), Array(" a\n".utf8), Array("軟體".utf8), Array("𠮷".utf8),
        ]
        let bad: [[UInt8]] = [[0xF0, 0x89, 0x9A, 0x86], [0xE9], [0x80], [0xC0, 0xA0], [0xED, 0xA0, 0x80], [0xF8]]
        for _ in 0..<500 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                bytes +=
                    Int.random(in: 0..<10, using: &generator) == 0
                    ? bad.randomElement(using: &generator)! : good.randomElement(using: &generator)!
            }
            if String(validating: bytes, as: UTF8.self) != nil {
                #expect(try ours.convert(utf8: bytes) == reference.convert(utf8: bytes))
            } else {
                let offset = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
                #expect(
                    performing: { _ = try ours.convert(utf8: bytes) },
                    throws: { error in
                        guard case .invalidUTF8(let found, _, _)? = error as? HanziKitError else { return false }
                        return found == offset
                    })
            }
        }
    }

    @Test func oneConverterServesConcurrentTasks() async throws {
        let converter = try Converter(.s2twp)
        let reference = try Converter(.s2twp, engine: .opencc)
        let texts = (0..<16).map { "第\($0)个软件的头发和服务器，鼠标与内存。" }
        let results = await withTaskGroup(of: (Int, String).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, converter.convert(text)) }
            }
            var results: [Int: String] = [:]
            for await (index, text) in group { results[index] = text }
            return results
        }
        for (index, text) in texts.enumerated() {
            #expect(results[index] == reference.convert(text))
        }
    }
}
