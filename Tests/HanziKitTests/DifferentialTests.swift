import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// HanziKit must agree byte for byte with the `opencc` command-line tool, the reference oracle.
///
/// The inputs need no corpus: they are every phrase OpenCC knows, exported from the installed
/// dictionaries with `opencc_dict` (OpenCC's own tool). For each configuration, one file holds
/// every key and value of every dictionary of all 14 configurations, one per line; the entries of
/// the configuration's own dictionaries glued to their neighbours; and seeded random mixtures of
/// phrases, parts of phrases, Latin text and punctuation. One `opencc` and one `hanzi convert`
/// process convert the whole file, and the outputs must be the same bytes.
@Suite("Differential against the opencc CLI")
struct DifferentialTests {
    /// Seeds the random mixtures; `HANZIKIT_DIFFERENTIAL_SEED` picks another to explore.
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["HANZIKIT_DIFFERENTIAL_SEED"].flatMap { UInt64($0) } ?? 18

    /// Lines of random mixture per configuration; `HANZIKIT_DIFFERENTIAL_LINES` for more.
    static let mixtureLines: Int =
        ProcessInfo.processInfo.environment["HANZIKIT_DIFFERENTIAL_LINES"].flatMap { Int($0) } ?? 4_000

    @Test(
        "Every dictionary phrase, alone, glued and mixed, converts as opencc does", arguments: ConversionConfig.allCases
    )
    func dictionaryPhrasesMatchOpenCC(_ config: ConversionConfig) throws {
        let started = ContinuousClock.now
        let phrases = try OpenCCPhrases.all.get()
        let own = try OpenCCPhrases.dictionaries(of: config).flatMap { try #require(phrases.byDictionary[$0]) }
        var input = DifferentialInput()
        input.add("single", lines: phrases.union)
        input.add("glued", lines: DifferentialInput.glued(own, offset: 0))
        input.add("glued, shifted", lines: DifferentialInput.glued(own, offset: 1))
        var random = SeededRandom(seed: Self.seed &+ UInt64(ConversionConfig.allCases.firstIndex(of: config)!))
        let mixtures = DifferentialInput.mixtures(own: own, all: phrases.union, lines: Self.mixtureLines, &random)
        input.add("mixture (seed \(Self.seed))", lines: mixtures.lines)
        try input.expectSameOutput(config)
        print(
            "differential: \(config): \(phrases.union.count + 2 * own.count + mixtures.phrases) phrases "
                + "(\(phrases.union.count) alone, \(own.count) glued twice, \(mixtures.phrases) in mixtures), "
                + "\(input.lineCount) lines, \(input.text.count) bytes, compared in \(ContinuousClock.now - started)")
    }

    /// Simplified-input configurations read the Simplified text; the rest read the Traditional one.
    static func corpus(for config: ConversionConfig) -> String {
        config.rawValue.hasPrefix("s2") ? "hans.txt" : "hant.txt"
    }

    /// Prose: the gettext catalogs' translations, or the shared corpora with `HANZIKIT_CORPORA`
    /// (the first 20,000 lines; `HANZIKIT_CORPUS_LINES=0` for the whole files).
    @Test("Prose converts as opencc does", arguments: ConversionConfig.allCases)
    func proseMatchesOpenCC(_ config: ConversionConfig) throws {
        let lines = ProcessInfo.processInfo.environment["HANZIKIT_CORPUS_LINES"].flatMap { Int($0) } ?? 20_000
        let text = try TestSupport.corpusText(Self.corpus(for: config))
        var input = DifferentialInput()
        input.add(
            Self.corpus(for: config),
            lines: Array(DifferentialInput.lines(of: text.utf8).prefix(lines == 0 ? .max : lines)))
        try input.expectSameOutput(config)
    }

    @Test("The sample article converts exactly as opencc -c t2s does")
    func sampleArticle() throws {
        let article = TestSupport.repositoryFile("Samples/article.zh-Hant.txt")
        let oracle = try TestSupport.run(try TestSupport.openCC(), ["-c", "t2s", "-i", article.path])
        let cli = try TestSupport.hanzi(["convert", article.path])
        #expect(cli.status == 0)
        #expect(cli.standardOutput == oracle.standardOutput)
    }
}

/// The phrases of OpenCC's installed dictionaries, exported once with `opencc_dict`.
enum OpenCCPhrases {
    struct Phrases {
        /// Every key and every value of each dictionary file, in the dictionary's order.
        var byDictionary: [String: [String]]
        /// All of them, each once, in the order of the configurations that load them.
        var union: [String]
    }

    static let all = Result {
        let folder = TestSupport.temporaryFolder()
        var byDictionary: [String: [String]] = [:]
        var union: [String] = []
        var seen = Set<String>()
        for config in ConversionConfig.allCases {
            for file in try dictionaries(of: config) where byDictionary[file] == nil {
                let phrases = try export(file, into: folder)
                byDictionary[file] = phrases
                for phrase in phrases where seen.insert(phrase).inserted { union.append(phrase) }
            }
        }
        return Phrases(byDictionary: byDictionary, union: union)
    }

    /// The installed configuration file, found where HanziKit's cache looks for it.
    static func configurationFile(_ config: ConversionConfig) throws -> URL {
        let path = CompiledCache.dataFolders.map { $0 + config.fileName }.first {
            FileManager.default.fileExists(atPath: $0)
        }
        return URL(fileURLWithPath: try #require(path, "\(config.fileName) is not installed: run Scripts/test.sh"))
    }

    /// The paths of the dictionary files a configuration loads (segmentation and conversion
    /// chain), in the order its JSON names them.
    static func dictionaries(of config: ConversionConfig) throws -> [String] {
        let url = try configurationFile(config)
        func files(in json: Any) -> [String] {
            if let object = json as? [String: Any] {
                return (object["file"] as? String).map { [$0] }
                    ?? ["segmentation", "conversion_chain", "dict", "dicts"].flatMap { object[$0].map(files) ?? [] }
            }
            return (json as? [Any])?.flatMap(files) ?? []
        }
        let names = files(in: try JSONSerialization.jsonObject(with: try Data(contentsOf: url)))
        try #require(!names.isEmpty, "\(url.path) names no dictionary")
        return names.map { url.deletingLastPathComponent().appendingPathComponent($0).path }
    }

    /// Every key and value of one `.ocd2` dictionary: `opencc_dict` writes it as text, a key, a
    /// tab and its values separated by spaces on each line.
    static func export(_ dictionary: String, into folder: URL) throws -> [String] {
        let tool = try TestSupport.openCC().deletingLastPathComponent().appendingPathComponent("opencc_dict")
        let output = folder.appendingPathComponent(URL(fileURLWithPath: dictionary).lastPathComponent + ".txt")
        let result = try TestSupport.run(tool, ["-i", dictionary, "-o", output.path, "-f", "ocd2", "-t", "text"])
        try #require(result.status == 0, "opencc_dict failed on \(dictionary): \(result.standardError)")
        let text = try String(contentsOf: output, encoding: .utf8)
        let phrases = text.split(separator: "\n").flatMap { $0.split(whereSeparator: { $0 == "\t" || $0 == " " }) }
        try #require(phrases.count > 10, "\(dictionary) exported only \(phrases.count) phrases")
        return phrases.map(String.init)
    }
}

/// One input file for both converters, in named sections, compared line by line on failure.
struct DifferentialInput {
    var text: [UInt8] = []
    var lineCount = 0
    var sections: [(name: String, endLine: Int)] = []

    mutating func add(_ name: String, lines: [String]) {
        for line in lines { text += line.utf8 + [0x0A] }
        lineCount += lines.count
        sections.append((name, lineCount))
    }

    /// Lines of 2 to 8 neighbouring phrases with nothing between them. A second call with
    /// `offset: 1` moves every line end one phrase on, so each pair of neighbours is glued on
    /// some line.
    static func glued(_ phrases: [String], offset: Int) -> [String] {
        var lines = offset > 0 ? [phrases.prefix(offset).joined()] : []
        var start = offset
        var group = 0
        while start < phrases.count {
            let end = min(phrases.count, start + 2 + group % 7)
            lines.append(phrases[start..<end].joined())
            start = end
            group += 1
        }
        return lines
    }

    /// Random lines of whole phrases (mostly the configuration's own), phrases cut short (a
    /// match that fails at its end), Latin text, digits, punctuation, spaces and characters
    /// outside the Basic Multilingual Plane; and how many phrases they hold.
    static func mixtures(own: [String], all: [String], lines count: Int, _ random: inout SeededRandom) -> (
        lines: [String], phrases: Int
    ) {
        let others = ["，", "。", "「", "」", "、", "！", "？", " ", "  ", "\t", "OpenCC ", "v1.1", "42", "%s", "𠮷", "🀄", "é"]
        var phrases = 0
        let lines = (0..<count).map { _ in
            (0..<Int.random(in: 1...24, using: &random)).map { _ -> String in
                let kind = Int.random(in: 0..<10, using: &random)
                phrases += kind < 7 ? 1 : 0
                switch kind {
                case 0..<5: return own.randomElement(using: &random)!
                case 5..<7: return all.randomElement(using: &random)!
                case 7: return String(all.randomElement(using: &random)!.dropLast())
                default: return others.randomElement(using: &random)!
                }
            }.joined()
        }
        return (lines, phrases)
    }

    static func lines(of bytes: some Collection<UInt8>) -> [String] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Converts the input with `opencc -c CONFIG` and `hanzi convert -c CONFIG` (default engine)
    /// and expects the same bytes; on a difference, names the first differing lines.
    func expectSameOutput(_ config: ConversionConfig) throws {
        let file = TestSupport.temporaryFolder().appendingPathComponent("\(config).txt")
        try Data(text).write(to: file)
        let oracle = try TestSupport.run(try TestSupport.openCC(), ["-c", config.fileName, "-i", file.path])
        try #require(oracle.status == 0, "opencc failed: \(oracle.standardError)")
        let ours = try TestSupport.hanzi(["convert", "-c", config.rawValue, file.path])
        try #require(ours.status == 0, "hanzi failed: \(ours.standardError)")
        if ours.standardOutput == oracle.standardOutput { return }
        let input = Self.lines(of: text)
        let expected = Self.lines(of: oracle.standardOutput)
        let actual = Self.lines(of: ours.standardOutput)
        #expect(actual.count == expected.count, "\(config): line counts differ")
        let differing = (0..<lineCount).filter { $0 >= min(expected.count, actual.count) || expected[$0] != actual[$0] }
        Issue.record("\(config): \(differing.count) of \(lineCount) lines differ from opencc")
        for index in differing.prefix(10) {
            let section = sections.first { index < $0.endLine }?.name ?? "?"
            let theirs = index < expected.count ? expected[index] : "(none)"
            let mine = index < actual.count ? actual[index] : "(none)"
            let message =
                "\(config), \(section), line \(index + 1): \(input[index].debugDescription) → "
                + "opencc \(theirs.debugDescription), hanzi \(mine.debugDescription)"
            Issue.record(Comment(rawValue: message))
        }
    }
}
