import Foundation
import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

/// Runs the built `hanzi` with `--records`: one output line per input line, in order, each record
/// its own document, bad records failing the stream or skipped and reported with their line.
@Suite("hanzi --records")
struct RecordModeTests {
    static let article = TestSupport.repositoryFile("Samples/article.zh-Hant.txt")

    @Test func convertingLinesEqualsConvertingTheWholeArticle() throws {
        let article = try Data(contentsOf: Self.article)
        let whole = try TestSupport.hanzi(["convert", "-c", "t2s", Self.article.path])
        let records = try TestSupport.hanzi(["convert", "-c", "t2s", "--records", "lines"], input: article)
        #expect(records.status == 0)
        #expect(records.standardError.isEmpty)
        #expect(records.standardOutput == whole.standardOutput)
    }

    @Test func normalizingLinesTreatsEachLineAsItsOwnDocument() throws {
        let lines = try String(contentsOf: Self.article, encoding: .utf8).split(separator: "\n").map(String.init)
        let records = try TestSupport.hanzi(
            ["normalize", "--records", "lines"], input: Data(lines.joined(separator: "\n").utf8))
        #expect(records.status == 0)
        let output = records.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(output.count == lines.count)
        for (line, normalized) in zip(lines, output) {
            let alone = try TestSupport.hanzi(["normalize"], input: Data((line + "\n").utf8))
            #expect(alone.output == normalized + "\n")
        }
        #expect(!records.output.hasSuffix("\n"), "a last line without a line break is written without one")
    }

    @Test func lineBreaksAndEmptyLinesAreKept() throws {
        let input = "頭髮\r\n\n後來\r\n\r\n乾燥"
        let result = try TestSupport.hanzi(["convert", "--records", "lines"], input: Data(input.utf8))
        #expect(result.output == "头发\r\n\n后来\r\n\r\n干燥")
    }

    /// A named field is decoded and, when its text changed, written back as UTF-8; every other
    /// byte, and a field whose text did not change, stays as written.
    /// Python's `json.dumps` escapes every non-ASCII character by default: such text converts too.
    @Test func jsonLinesFieldsWrittenAsEscapesConvert() throws {
        let input = "{\"text\": \"\\u982d\\u9aee\", \"id\": \"\\u982d\"}\n{\"text\": \"abc \\u0041\"}\n"
        let result = try TestSupport.hanzi(["convert", "--records", "jsonl"], input: Data(input.utf8))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.output == "{\"text\": \"头发\", \"id\": \"\\u982d\"}\n{\"text\": \"abc \\u0041\"}\n")
    }

    @Test func jsonLinesConvertTheNamedFieldsAndKeepEveryOtherByte() throws {
        let input = """
            {"id": 7, "text": "頭髮後來", "title": "後", "source": "頭髮 \\u982d", "n": [1, -2.5e3, {"x": null}, true]}
            {"title":"乾燥","text":"引號\\"和\\\\反斜線\\n換行 \\ud83d\\ude00","id":"a"}
            {"text": null, "title": "乾燥"}
            {"text":"abc","title":"乾燥"}

            """
        let result = try TestSupport.hanzi(
            ["convert", "--records", "jsonl", "--field", "text", "--field", "title"], input: Data(input.utf8))
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        #expect(
            result.output == """
                {"id": 7, "text": "头发后来", "title": "后", "source": "頭髮 \\u982d", "n": [1, -2.5e3, {"x": null}, true]}
                {"title":"干燥","text":"引号\\"和\\\\反斜线\\n换行 😀","id":"a"}
                {"text": null, "title": "干燥"}
                {"text":"abc","title":"干燥"}

                """)
    }

    /// Fields named by JSON pointer are read as member names are, by every command: decoded
    /// (`\u` escapes included), changed in place, other bytes kept; findings name the pointer.
    @Test func nestedFieldsWorkForConvertNormalizeAndCheck() throws {
        let input = Data(
            #"""
            {"id": 1, "meta": {"title": "\u982d\u9aee,\u5f8c\u4f86", "tags": ["頭髮", "乾燥,的"]}, "text": "乾燥的頭髮"}
            {"id": 2, "meta": {"title": null, "tags": ["a", "b"]}, "text": "後來"}

            """#.utf8)
        let fields = ["--field", "/meta/title", "--field", "/meta/tags/1", "--field", "text"]
        let converted = try TestSupport.hanzi(["convert", "--records", "jsonl"] + fields, input: input)
        #expect(converted.status == 0, "\(converted.standardError)")
        #expect(
            converted.output == #"""
                {"id": 1, "meta": {"title": "头发,后来", "tags": ["頭髮", "干燥,的"]}, "text": "干燥的头发"}
                {"id": 2, "meta": {"title": null, "tags": ["a", "b"]}, "text": "后来"}

                """#)
        let normalized = try TestSupport.hanzi(
            ["normalize", "--records", "jsonl", "--script", "hant"] + fields, input: input)
        #expect(normalized.status == 0, "\(normalized.standardError)")
        #expect(
            normalized.output == #"""
                {"id": 1, "meta": {"title": "頭髮，後來", "tags": ["頭髮", "乾燥，的"]}, "text": "乾燥的頭髮"}
                {"id": 2, "meta": {"title": null, "tags": ["a", "b"]}, "text": "後來"}

                """#)
        let checked = try TestSupport.hanzi(
            ["check", "--records", "jsonl", "--id-field", "id", "--script", "hant"] + fields, input: input)
        #expect(checked.status == 1)
        let findings = checked.output.split(separator: "\n").map {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(findings.map { $0?["field"] as? String } == ["/meta/title", "/meta/tags/1"])
        #expect(findings.map { $0?["id"] as? Int } == [1, 1])
        #expect(findings.map { $0?["column"] as? Int } == [3, 3])
        // A pointer that reaches no value, or not a string, is the record's error.
        let missing = try TestSupport.hanzi(
            ["convert", "--records", "jsonl", "--field", "/meta/tags/5"], input: input)
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("(line 1, column 1): no member \"/meta/tags/5\""))
        let object = try TestSupport.hanzi(["normalize", "--records", "jsonl", "--field", "/meta"], input: input)
        #expect(object.status == 2)
        #expect(object.standardError.contains("(line 1, column 19): member \"/meta\" is not a string"))
    }

    @Test func aBadRecordFailsTheStreamAfterTheRecordsBeforeIt() throws {
        var input = Data("頭髮\n後來\n".utf8)
        input += Data([0xE9, 0xA0, 0x41, 0x0A])
        input += Data("乾燥\n".utf8)
        let result = try TestSupport.hanzi(["convert", "--records", "lines"], input: input)
        #expect(result.status == 2)
        #expect(result.output == "头发\n后来\n")
        #expect(
            result.standardError == "hanzi: error: <stdin>: invalid UTF-8 at byte offset 14 (line 3, column 1)\n")
    }

    @Test func skippedRecordsAreReportedWithTheirLineAndLeftOut() throws {
        let input = Data(
            """
            {"id":1,"text":"頭髮"}
            {"id":2,"text":"後來
            {"id":3,"text":"乾燥"} x
            {"id":4}
            {"id":5,"text":5}
            [1]
            {"id":7,"text":"這裡"}

            """.utf8)
        let result = try TestSupport.hanzi(["convert", "--records", "jsonl", "--bad-records", "skip"], input: input)
        #expect(result.status == 0)
        #expect(result.output == "{\"id\":1,\"text\":\"头发\"}\n{\"id\":7,\"text\":\"这里\"}\n")
        #expect(
            result.standardError == """
                hanzi: warning: <stdin>: record skipped: malformed record at byte offset 47 (line 2, column 19): unterminated string
                hanzi: warning: <stdin>: record skipped: malformed record at byte offset 73 (line 3, column 22): unexpected text after the object
                hanzi: warning: <stdin>: record skipped: malformed record at byte offset 75 (line 4, column 1): no member "text"
                hanzi: warning: <stdin>: record skipped: malformed record at byte offset 99 (line 5, column 16): member "text" is not a string
                hanzi: warning: <stdin>: record skipped: malformed record at byte offset 102 (line 6, column 1): a record must be a JSON object

                """)
    }

    @Test func checkWritesFindingsAsJSONLinesNamingTheRecord() throws {
        let input = Data(
            """
            {"id":"doc-1","text":"乾燥的頭髮"}
            {"id":"doc-2","text":"第一行\\n在人工智能領域的浪潮中,OpenAI無疑"}

            """.utf8)
        let result = try TestSupport.hanzi(
            ["check", "--records", "jsonl", "--id-field", "id", "--script", "hant"], input: input)
        #expect(result.status == 1)
        #expect(
            result.output
                == #"{"column":12,"field":"text","id":"doc-2","line":2,"message":"ASCII ',' in Chinese text; use full-width '，'","original":",","record":2,"replacement":"，","rule":"punctuation","severity":"error","utf8Length":1,"utf8Offset":43}"#
                + "\n")
        let clean = try TestSupport.hanzi(["check", "--records", "lines"], input: Data("乾燥的頭髮\n".utf8))
        #expect(clean.status == 0)
        #expect(clean.output.isEmpty)
    }

    /// A long-lived process answers each line as it arrives, as a Spark task or a coprocess needs.
    @Test(arguments: [["convert", "--records", "lines"], ["normalize", "--records", "lines"]])
    func eachLineIsAnsweredBeforeTheNextArrives(arguments: [String]) throws {
        let process = Process()
        process.executableURL = TestSupport.hanziExecutable
        process.arguments = arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let reader = output.fileHandleForReading
        for line in ["頭髮後來", "這是第二行", "最後一行"] {
            input.fileHandleForWriting.write(Data((line + "\n").utf8))
            var answer = Data()
            while answer.last != 0x0A {
                let piece = reader.availableData
                try #require(!piece.isEmpty, "hanzi ended before answering")
                answer += piece
            }
            #expect(answer.filter { $0 == 0x0A }.count == 1)
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func recordOptionsNeedEachOther() throws {
        for arguments in [
            ["convert", "--records", "lines", "--field", "text"], ["convert", "--bad-records", "skip"],
            ["check", "--records", "lines", "--format", "json"], ["check", "--records", "lines", "--id-field", "id"],
            ["convert", "--records", "lines", "--in-place", "a.txt"], ["convert", "--records", "csv"],
        ] {
            let result = try TestSupport.hanzi(arguments, input: Data())
            #expect(result.status == 64, "\(arguments)")
        }
    }
}

/// The record reader in process, where the sanitizers see it: every line read or skipped.
@Suite("RecordStream")
struct RecordStreamTests {
    /// Random JSON-ish lines, mutated byte by byte: every line is either read (and then Foundation
    /// reads it as an object too, with the same text) or skipped with its line; none is lost.
    @Test func randomLinesAreReadOrSkippedNeverLost() throws {
        var random = SeededRandom(seed: 17)
        let pieces = [
            #"{"text":"頭髮"}"#, #"{"id":1,"text":"a\u00e9\ud83d\ude00","x":[1,2.5,-0e3,{"y":null}]}"#,
            #"{"text":null}"#, #"{ "text" : "\"q\" \\ \/ \b\f\n\r\t" }"#, #"{"text":"後來","n":true,"m":false}"#,
        ]
        var lines: [[UInt8]] = []
        for _ in 0..<3000 {
            var line = Array(pieces.randomElement(using: &random)!.utf8)
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let index = Int.random(in: 0..<line.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: line.remove(at: index)
                case 1: line.insert(UInt8.random(in: 0x20...0xFF, using: &random), at: index)
                default: line[index] = Array(#"{}[]",:\u0 "#.utf8).randomElement(using: &random)!
                }
            }
            lines.append(line.filter { $0 != 0x0A })
        }
        let url = TestSupport.temporaryFolder().appendingPathComponent("random.jsonl")
        try Data(lines.joined(separator: [0x0A]) + [0x0A]).write(to: url)
        let sink = CollectingSink()
        var skipped: [Int] = []
        let stream = RecordStream(format: .jsonl, badRecords: .skip)
        let summary = try stream.transform(
            file: url.path, to: sink,
            skipped: { error in
                guard case let .malformedRecord(_, line, _, _) = error else {
                    if case let .invalidUTF8(_, line, _) = error { skipped.append(line) }
                    return
                }
                skipped.append(line)
            }
        ) { $0 }
        #expect(summary.records == lines.count)
        #expect(summary.skipped == skipped.count)
        #expect(skipped.count > 300 && lines.count - skipped.count > 300, "both kinds are exercised")
        let written = sink.bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        #expect(written.count + skipped.count == lines.count)
        var outputs = written.makeIterator()
        for (index, line) in lines.enumerated() where !skipped.contains(index + 1) {
            let next = outputs.next()
            let output = Array(try #require(next))
            #expect(output == line, "line \(index + 1): an unchanged text keeps the line's bytes")
            let object = try JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed])
            let dictionary = try #require(object as? [String: Any], "line \(index + 1) is not an object")
            #expect(dictionary["text"] is String || dictionary["text"] is NSNull)
        }
        // And what Foundation reads as an object with a string text, hanzi reads too, apart
        // from the trailing commas Foundation allows and RFC 8259 does not.
        let trailingComma = try Regex(#",\s*[}\]]"#)
        for line in skipped.map({ lines[$0 - 1] })
        where !String(decoding: line, as: UTF8.self).contains(trailingComma) {
            let object = try? JSONSerialization.jsonObject(with: Data(line))
            let text = (object as? [String: Any])?["text"]
            #expect(
                !(text is String) || String(bytes: line, encoding: .utf8) == nil,
                "\(String(decoding: line, as: UTF8.self))")
        }
    }
}
