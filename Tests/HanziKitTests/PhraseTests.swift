import Foundation
import Testing

@testable import HanziConversion
@testable import HanziKit

/// Custom phrases (`--phrases`, `phrases:`, `Converter(_:phrases:)`) against the oracle: the
/// `opencc` tool with a configuration, written here, that puts the same text dictionaries at the
/// front of the configuration's segmentation group and of its first conversion step's group.
@Suite("Custom phrases: the command")
struct PhraseCommandTests {
    /// The inputs: the sample article's Simplified edition, OpenCC 1.1.6's own s2twp test case
    /// (`test/testcases/s2twp.in`), and the first 5,000 lines of the Simplified test prose
    /// (`HANZIKIT_CORPUS_LINES` for more, 0 for all; `HANZIKIT_CORPORA` for the shared corpora).
    static func inputs() throws -> [(name: String, text: String)] {
        let lines = ProcessInfo.processInfo.environment["HANZIKIT_CORPUS_LINES"].flatMap { Int($0) } ?? 5_000
        let prose = try TestSupport.corpusText("hans.txt").split(separator: "\n", omittingEmptySubsequences: false)
            .prefix(lines == 0 ? .max : lines).joined(separator: "\n")
        return [
            (
                "article",
                try String(contentsOf: TestSupport.repositoryFile("Samples/article.zh-Hans.txt"), encoding: .utf8)
            ),
            ("OpenCC's s2twp test case", "鼠标里面的硅二极管坏了，导致光标分辨率降低。\n我们在老挝的服务器的硬盘需要使用互联网算法软件解决异步的问题。\n为什么你在床里面睡着？\n"),
            ("hans.txt", prose + "\n"),
        ]
    }

    @Test(
        "A few hundred Taiwan terms convert as opencc with them in front of the configuration's dictionaries",
        arguments: [ConversionConfig.s2twp, .s2t, .s2tw, .s2hk])
    func phrasesMatchOpenCC(_ config: ConversionConfig) throws {
        let phrases = try PhraseOracle.taiwanTerms.get()
        #expect(phrases.count >= 300)
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("my-terms.txt")
        try Data(phrases.map { "\($0.key)\t\($0.value)\n" }.joined().utf8).write(to: file)
        let oracleConfiguration = try PhraseOracle.configuration(config, phraseFiles: [file], in: folder)
        for (name, text) in try Self.inputs() {
            let input = folder.appendingPathComponent("input.txt")
            try Data(text.utf8).write(to: input)
            let expected = try PhraseOracle.openCC(oracleConfiguration.path, input)
            let without = try PhraseOracle.openCC(config.fileName, input)
            // The phrases must change something, or the comparison proves nothing about them.
            let changed = zip(expected.split(separator: "\n"), without.split(separator: "\n")).count { $0 != $1 }
            #expect(changed > 0, "\(config), \(name): the phrases changed no line")
            for engine in ConversionEngine.allCases {
                let ours = try TestSupport.hanzi([
                    "convert", "-c", config.rawValue, "--phrases", file.path, "--engine", engine.rawValue, input.path,
                ])
                #expect(ours.status == 0, "\(ours.standardError)")
                PhraseOracle.expectSame(ours.output, expected, "\(config), \(name), --engine \(engine)")
            }
            print(
                "phrases: \(config), \(name): \(changed) lines changed by \(phrases.count) phrases; both engines as opencc"
            )
        }
    }

    @Test("Several files: the first with a key matching at a place wins, as in an OpenCC group")
    func severalFilesInOrder() throws {
        let folder = TestSupport.temporaryFolder()
        let first = folder.appendingPathComponent("first.txt")
        let second = folder.appendingPathComponent("second.txt")
        try Data("软件\t軟體\n".utf8).write(to: first)
        try Data("软件包\t套件\n软件\t軟件\n".utf8).write(to: second)
        let input = folder.appendingPathComponent("input.txt")
        try Data("安装软件包和软件\n".utf8).write(to: input)
        for (files, literal) in [([first, second], "安裝軟體包和軟體\n"), ([second, first], "安裝套件和軟件\n")] {
            let oracle = try PhraseOracle.configuration(.s2t, phraseFiles: files, in: folder)
            let expected = try PhraseOracle.openCC(oracle.path, input)
            #expect(expected == literal)
            for engine in ConversionEngine.allCases {
                let ours = try TestSupport.hanzi(
                    ["convert", "-c", "s2t", "--engine", engine.rawValue, input.path]
                        + files.flatMap { ["--phrases", $0.path] })
                #expect(ours.output == literal, "--engine \(engine): \(ours.standardError)")
            }
        }
    }

    @Test("A settings file's phrases: are read relative to it, after the --phrases files")
    func settingsFile() throws {
        let folder = try TestSupport.folder([
            ".hanzi.yml": "script: hans\nphrases:\n  - terms/team.txt\n",
            "terms/team.txt": "软件\t軟件\n服务器\t伺服主機\n",
            "mine.txt": "软件\t軟體\n",
            "docs/input.txt": "软件装在服务器上\n",
        ])
        let docs = folder.appendingPathComponent("docs")
        let settingsOnly = try TestSupport.hanzi(["convert", "-c", "s2t", "input.txt"], in: docs)
        #expect(settingsOnly.status == 0, "\(settingsOnly.standardError)")
        #expect(settingsOnly.output == "軟件裝在伺服主機上\n")
        let both = try TestSupport.hanzi(["convert", "-c", "s2t", "--phrases", "../mine.txt", "input.txt"], in: docs)
        #expect(both.output == "軟體裝在伺服主機上\n")
        // --settings names the file from a folder without one, with no --normalize.
        let named = try TestSupport.hanzi(
            [
                "convert", "-c", "s2t", "--settings", folder.appendingPathComponent(".hanzi.yml").path,
                docs.appendingPathComponent("input.txt").path,
            ],
            in: TestSupport.temporaryFolder())
        #expect(named.output == "軟件裝在伺服主機上\n", "\(named.standardError)")

        let missing = try TestSupport.folder([".hanzi.yml": "phrases: [nowhere.txt]\n", "in.txt": "软件\n"])
        let result = try TestSupport.hanzi(["convert", "-c", "s2t", "in.txt"], in: missing)
        #expect(result.status == 2)
        #expect(result.standardError.contains("nowhere.txt: no such file"), "\(result.standardError)")

        let notList = try TestSupport.folder([".hanzi.yml": "phrases: my.txt\n", "in.txt": "软件\n"])
        let invalid = try TestSupport.hanzi(["convert", "-c", "s2t", "in.txt"], in: notList)
        #expect(invalid.status == 2)
        #expect(
            invalid.standardError.contains(".hanzi.yml:1: phrases must be a list of files"), "\(invalid.standardError)")
    }

    @Test(
        "A malformed phrase file is an error naming the file, line, column and byte offset",
        arguments: PhraseTests.badFiles.indices
    )
    func malformedFile(_ index: Int) throws {
        let (name, bytes, message) = PhraseTests.badFiles[index]
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("bad.txt")
        try Data(bytes).write(to: file)
        let target = folder.appendingPathComponent("target.txt")
        try Data("鼠标\n".utf8).write(to: target)
        for engine in ConversionEngine.allCases {
            let result = try TestSupport.hanzi([
                "convert", "-c", "s2twp", "--engine", engine.rawValue, "--phrases", file.path, "--in-place",
                target.path,
            ])
            #expect(result.status == 2, "\(name)")
            #expect(result.standardError == "hanzi: error: \(file.path):\(message)\n", "\(name), --engine \(engine)")
            #expect(try Data(contentsOf: target) == Data("鼠标\n".utf8), "\(name): the file was written")
        }
    }

    @Test("The compiled-engine cache keys on the phrases' content: an edited file is never served stale")
    func cacheKeysOnContent() throws {
        let folder = TestSupport.temporaryFolder()
        let cache = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("terms.txt")
        let input = folder.appendingPathComponent("input.txt")
        try Data("鼠标和软件\n".utf8).write(to: input)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = cache.path
        func convert() throws -> String {
            let result = try TestSupport.run(
                TestSupport.hanziExecutable, ["convert", "-c", "s2t", "--phrases", file.path, input.path],
                environment: environment)
            #expect(result.status == 0, "\(result.standardError)")
            return result.output
        }
        func engines() -> Set<String> {
            Set(
                ((try? FileManager.default.contentsOfDirectory(atPath: cache.path + "/hanzikit")) ?? []).filter {
                    CompiledCache.isEngineFile($0)
                })
        }
        try Data("鼠标\t滑鼠\n".utf8).write(to: file)
        let written = try #require(
            try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date)
        #expect(try convert() == "滑鼠和軟件\n")
        let first = engines()
        #expect(first.count == 1)
        #expect(try convert() == "滑鼠和軟件\n")
        #expect(engines() == first, "the second run compiled again instead of reading the cache")
        // The same size and modification time: only the content tells the edit.
        try Data("鼠标\t老鼠\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.modificationDate: written], ofItemAtPath: file.path)
        #expect(try convert() == "老鼠和軟件\n")
        #expect(engines().count == 2)
        try Data("鼠标\t滑鼠\n".utf8).write(to: file)
        #expect(try convert() == "滑鼠和軟件\n")
        #expect(engines().count == 2)
    }
}

/// The library's side of custom phrases: `PhraseDictionary` and `Converter(_:phrases:)`, run
/// under the sanitizers too (the command's suite above is not).
@Suite("Custom phrases: the library")
struct PhraseTests {
    /// Each malformed file, the message expected after `FILE:`, for both engines.
    static let badFiles: [(name: String, bytes: [UInt8], message: String)] = [
        (
            "invalid UTF-8", Array("软件\t軟體\n鼠".utf8) + [0xE6, 0x0A] + Array("标\t滑鼠\n".utf8),
            "2:2: invalid UTF-8 (byte offset 17)"
        ),
        (
            "no tab", Array("软件\t軟體\n鼠标 滑鼠\n".utf8),
            "2:6: no tab between the key and its value (key<TAB>value) (byte offset 27)"
        ),
        ("empty key", Array("\t滑鼠\n".utf8), "1:1: empty key before the tab (byte offset 0)"),
        ("empty value", Array("鼠标\t\n".utf8), "1:4: empty value after the tab (byte offset 7)"),
        (
            "two spaces", Array("鼠标\t滑鼠  滑鼠\n".utf8),
            "1:7: empty value (two spaces in a row, or a space after the tab) (byte offset 14)"
        ),
        ("trailing space", Array("鼠标\t滑鼠 \n".utf8), "1:7: empty value after the space (byte offset 14)"),
        (
            "second tab", Array("鼠标\t滑鼠\t老鼠\n".utf8),
            "1:6: a second tab; separate the candidate values with spaces (byte offset 13)"
        ),
        (
            "NUL", Array("鼠标\t滑".utf8) + [0] + Array("鼠\n".utf8),
            "1:5: a NUL byte, which ends a line in OpenCC (byte offset 10)"
        ),
        (
            "lone CR", Array("鼠标\t滑鼠\r打印机\t印表機\n".utf8),
            "1:6: a carriage return inside the line, which ends it in OpenCC (byte offset 13)"
        ),
        (
            "duplicate key", Array("\u{FEFF}软件\t軟體\r\n鼠标\t滑鼠\r\n软件\t軟件\r\n".utf8),
            "3:1: the key '软件' is given again (first on line 1); OpenCC refuses a text dictionary with duplicated keys (byte offset 33)"
        ),
        (
            "long line", Array("鼠标\t".utf8) + Array(repeating: UInt8(ascii: "a"), count: 4_100) + [0x0A],
            "1:4092: the line is 4107 bytes long; OpenCC reads a line of more than 4095 bytes as several (byte offset 4095)"
        ),
    ]

    @Test("The library takes phrases as values and as files, with a named or a custom configuration")
    func library() throws {
        let text = "我的鼠标和打印机都连不上服务器，软件包也装不了。"
        let inline = try PhraseDictionary(["打印机": "印表機", "软件包": "套件", "鼠标": "滑鼠"])
        #expect(
            inline.entries.map(\.key) == ["打印机", "软件包", "鼠标"].sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("inline.txt")
        try Data(inline.lexiconText).write(to: file)
        let input = folder.appendingPathComponent("input.txt")
        try Data(text.utf8).write(to: input)
        let expected = try PhraseOracle.openCC(
            try PhraseOracle.configuration(.s2twp, phraseFiles: [file], in: folder).path, input)
        #expect(expected == "我的滑鼠和印表機都連不上伺服器，套件也裝不了。")
        for engine in ConversionEngine.allCases {
            #expect(try Converter(.s2twp, phrases: [inline], engine: engine).convert(text) == expected)
            #expect(try Converter(named: "s2twp", phrases: [inline], engine: engine).convert(text) == expected)
            let fromFile = try PhraseDictionary(contentsOfFile: file.path)
            #expect(fromFile.entries == inline.entries)
            #expect(try Converter(.s2twp, phrases: [fromFile], engine: engine).convert(text) == expected)
            // No phrases: the configuration alone, and a different converter from the cache.
            #expect(try Converter(.s2twp, engine: engine).convert(text) != expected)
        }

        // A custom configuration file, with Traditional phrases in front of its own text dictionary.
        let custom = TestSupport.repositoryFile("Dictionaries/t2s-with-taiwan-terms.json")
        let traditional = try PhraseDictionary([(key: "伺服器", value: "伺服器"), (key: "雷射印表機", value: "激光打印机")])
        let traditionalFile = folder.appendingPathComponent("traditional.txt")
        try Data(traditional.lexiconText).write(to: traditionalFile)
        let customText = "軟體裝在伺服器上，雷射印表機連著滑鼠。"
        try Data(customText.utf8).write(to: input)
        let customOracle = try PhraseOracle.configuration(file: custom, phraseFiles: [traditionalFile], in: folder)
        let customExpected = try PhraseOracle.openCC(customOracle.path, input)
        #expect(customExpected == "软件装在伺服器上，激光打印机连著鼠标。")
        for engine in ConversionEngine.allCases {
            let converter = try Converter(configurationFile: custom.path, phrases: [traditional], engine: engine)
            #expect(converter.convert(customText) == customExpected)
            #expect(converter.phrases == [traditional])
        }
    }

    @Test("Accepted forms: a byte-order mark, CRLF, blank lines, several values of which the first is used")
    func acceptedForms() throws {
        let dictionary = try PhraseDictionary(
            parsing: Array("\u{FEFF}鼠标\t滑鼠 鼠標\r\n\r\n\n打印机\t印表機\n键 盘\t鍵盤".utf8), source: "forms.txt")
        #expect(dictionary.entries.map(\.key) == ["打印机", "键 盘", "鼠标"])
        #expect(dictionary.entries.map(\.value) == ["印表機", "鍵盤", "滑鼠"])
        #expect(throws: HanziKitError.self) { try PhraseDictionary([(key: "a", value: "b"), (key: "a", value: "c")]) }
        #expect(throws: HanziKitError.self) { try PhraseDictionary(["a\tb": "c"]) }
        #expect(throws: HanziKitError.self) { try PhraseDictionary(["": "c"]) }
        #expect(try PhraseDictionary(["词": "一 二"]).entries == [.init(key: "词", value: "一 二")])
    }

    @Test("A malformed phrase text is the same error in the library", arguments: badFiles.indices)
    func malformedText(_ index: Int) throws {
        let (name, bytes, message) = Self.badFiles[index]
        #expect(throws: HanziKitError.self) { try PhraseDictionary(parsing: bytes, source: "bad.txt") }
        do {
            _ = try PhraseDictionary(parsing: bytes, source: "bad.txt")
        } catch {
            #expect(error.description == "bad.txt:\(message)", "\(name)")
        }
    }
}

/// The oracle's side: OpenCC configurations with the phrase files in front, and the phrase list.
enum PhraseOracle {
    /// A copy of `config`'s JSON in `folder` whose segmentation dictionary and first conversion
    /// step's dictionary become groups with `phraseFiles` (OpenCC text dictionaries) in front.
    static func configuration(_ config: ConversionConfig, phraseFiles: [URL], in folder: URL) throws -> URL {
        try configuration(file: try OpenCCPhrases.configurationFile(config), phraseFiles: phraseFiles, in: folder)
    }

    static func configuration(file: URL, phraseFiles: [URL], in folder: URL) throws -> URL {
        var json = try #require(
            try JSONSerialization.jsonObject(with: try Data(contentsOf: file)) as? [String: Any])
        let original = file.deletingLastPathComponent()
        // Dictionary files the configuration names beside itself, by absolute path from the copy.
        func anchored(_ dict: Any) -> Any {
            guard var object = dict as? [String: Any] else { return dict }
            if let name = object["file"] as? String,
                FileManager.default.fileExists(atPath: original.appendingPathComponent(name).path),
                !CompiledCache.dataFolders.contains(original.path + "/")
            {
                object["file"] = original.appendingPathComponent(name).path
            }
            if let dicts = object["dicts"] as? [Any] { object["dicts"] = dicts.map(anchored) }
            return object
        }
        func withPhrases(_ dict: Any) -> [String: Any] {
            let phrases: [Any] = phraseFiles.map { ["type": "text", "file": $0.path] }
            return ["type": "group", "dicts": phrases + [anchored(dict)]]
        }
        var segmentation = try #require(json["segmentation"] as? [String: Any])
        segmentation["dict"] = withPhrases(try #require(segmentation["dict"]))
        json["segmentation"] = segmentation
        var chain = try #require(json["conversion_chain"] as? [[String: Any]])
        chain[0]["dict"] = withPhrases(try #require(chain[0]["dict"]))
        for index in chain.indices.dropFirst() { chain[index]["dict"] = anchored(chain[index]["dict"]!) }
        json["conversion_chain"] = chain
        let url = folder.appendingPathComponent("oracle-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        return url
    }

    /// `opencc -c CONFIGURATION -i INPUT`'s output; the tool must succeed.
    static func openCC(_ configuration: String, _ input: URL) throws -> String {
        let result = try TestSupport.run(try TestSupport.openCC(), ["-c", configuration, "-i", input.path])
        try #require(result.status == 0, "opencc failed: \(result.standardError)")
        return result.output
    }

    static func expectSame(
        _ actual: String, _ expected: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        if actual == expected { return }
        let mine = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let theirs = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let differing = (0..<max(mine.count, theirs.count)).filter {
            $0 >= min(mine.count, theirs.count) || mine[$0] != theirs[$0]
        }
        Issue.record("\(context): \(differing.count) lines differ from opencc", sourceLocation: sourceLocation)
        for line in differing.prefix(5) {
            let ours = line < mine.count ? String(mine[line]) : "(none)"
            let oracle = line < theirs.count ? String(theirs[line]) : "(none)"
            Issue.record("line \(line + 1): opencc \(oracle.debugDescription), hanzi \(ours.debugDescription)")
        }
    }

    /// A user's list of Taiwan terms keyed in Simplified: a few Taiwan usages OpenCC's TWPhrases
    /// lacks (实时 → 即時, 光标 → 指標), then terms made from OpenCC's own dictionaries:
    /// TWPhrases' entries (mainland term → Taiwan term) with their keys converted by t2s, of every
    /// length; one in four keeps the mainland term in Traditional script instead (a second
    /// candidate where TWPhrases has one), which the Taiwan phrase step may change again; and the
    /// first two characters of long STPhrases keys, written as s2t writes them, which compete with
    /// the configuration's own longer phrases in the segmentation.
    static let taiwanTerms = Result { () throws -> [(key: String, value: String)] in
        let folder = TestSupport.temporaryFolder()
        let taiwan = try export("TWPhrases.ocd2", into: folder)
        let simplified = try convertLines(taiwan.map(\.key), config: "t2s", in: folder)
        var terms: [(key: String, value: String)] = [
            ("实时", "即時"), ("质量", "品質"), ("创业公司", "新創公司"), ("领导层", "領導階層"), ("光标", "指標"),
            ("二极管坏了", "二極體故障"),
        ]
        var seen = Set(terms.map(\.key))
        // Every long key, and every fourth of the others.
        for (index, entry) in taiwan.enumerated() where entry.key.count >= 4 || index % 4 == 0 {
            let key = simplified[index]
            guard key.count >= 2, seen.insert(key).inserted else { continue }
            let value = index % 4 == 1 ? (entry.values.dropFirst().first ?? entry.key) : entry.values[0]
            terms.append((key, value))
        }
        let phrases = try export("STPhrases.ocd2", into: folder).filter { $0.key.count >= 4 }
        let sampled = stride(from: 0, to: phrases.count, by: max(phrases.count / 80, 1)).map {
            String(phrases[$0].key.prefix(2))
        }
        for (key, value) in zip(sampled, try convertLines(sampled, config: "s2t", in: folder))
        where seen.insert(key).inserted {
            terms.append((key, value))
        }
        return terms
    }

    /// One `.ocd2` dictionary of the installed OpenCC as entries, exported with `opencc_dict`.
    static func export(_ name: String, into folder: URL) throws -> [(key: String, values: [String])] {
        let dictionary = try OpenCCPhrases.dictionaries(of: .s2twp).first { $0.hasSuffix("/" + name) }
        let tool = try TestSupport.openCC().deletingLastPathComponent().appendingPathComponent("opencc_dict")
        let output = folder.appendingPathComponent(name + ".txt")
        let result = try TestSupport.run(
            tool, ["-i", try #require(dictionary), "-o", output.path, "-f", "ocd2", "-t", "text"])
        try #require(result.status == 0, "opencc_dict failed on \(name): \(result.standardError)")
        return try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", maxSplits: 1)
            return (String(fields[0]), fields[1].split(separator: " ").map(String.init))
        }
    }

    /// Each line converted alone by the `opencc` tool.
    static func convertLines(_ lines: [String], config: String, in folder: URL) throws -> [String] {
        let input = folder.appendingPathComponent("lines-\(config).txt")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
        let converted = try openCC(config, input).split(separator: "\n", omittingEmptySubsequences: false)
        try #require(converted.count == lines.count + 1)
        return converted.dropLast().map(String.init)
    }
}
