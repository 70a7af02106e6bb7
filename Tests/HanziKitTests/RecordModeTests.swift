import Foundation
import Testing

@testable import HanziKit

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
            ["convert", "--field", "text"], ["convert", "--bad-records", "skip"],
            ["check", "--records", "lines", "--format", "json"], ["check", "--records", "lines", "--id-field", "id"],
            ["convert", "--records", "lines", "--in-place", "a.txt"], ["convert", "--records", "csv"],
        ] {
            let result = try TestSupport.hanzi(arguments, input: Data())
            #expect(result.status == 64, "\(arguments)")
        }
    }
}
