import Foundation
import Testing

/// OpenCC's own message reaches the user for every configuration error, on both engines, and a
/// dictionary path that is not a regular file is refused before OpenCC opens it.
@Suite("OpenCC configuration errors")
struct OpenCCErrorTests {
    /// A configuration in a fresh folder whose only dictionary is `dictionary` (a name or a path).
    static func configuration(dictionary: String, json: String? = nil) throws -> URL {
        let folder = TestSupport.temporaryFolder()
        let config = folder.appendingPathComponent("custom.json")
        let text =
            json
            ?? #"{"name":"c","segmentation":{"type":"mmseg","dict":{"type":"text","file":"\#(dictionary)"}},"conversion_chain":[{"dict":{"type":"text","file":"\#(dictionary)"}}]}"#
        try Data(text.utf8).write(to: config)
        return config
    }

    /// `hanzi convert` under `timeout`, so a hang fails the test rather than stopping the run.
    static func convert(_ config: URL, engine: String) throws -> TestSupport.ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["HANZIKIT_CACHE"] = "off"
        return try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/timeout"),
            ["60", TestSupport.hanziExecutable.path, "convert", "--engine", engine, "-c", config.path],
            input: Data("頭髮\n".utf8), environment: environment)
    }

    @Test("A missing dictionary is named by OpenCC's message", arguments: ["hanzikit", "opencc"])
    func missingDictionaryIsNamed(_ engine: String) throws {
        let config = try Self.configuration(dictionary: "no-such-dictionary.txt")
        let result = try Self.convert(config, engine: engine)
        #expect(result.status == 2)
        #expect(result.standardError.contains("no-such-dictionary.txt"), "\(result.standardError)")
        #expect(!result.standardError.contains("unknown OpenCC error"), "\(result.standardError)")
    }

    @Test(
        "A malformed dictionary and a malformed configuration give OpenCC's message", arguments: ["hanzikit", "opencc"])
    func malformedFilesGiveOpenCCsMessage(_ engine: String) throws {
        let config = try Self.configuration(dictionary: "bad.ocd2")
        // Not an ocd2 file at all: OpenCC reports the format; the hanzikit engine said
        // "unknown OpenCC error", as OpenCC's exceptions are not std::exceptions.
        try Data("not a dictionary".utf8).write(
            to: config.deletingLastPathComponent().appendingPathComponent("bad.ocd2"))
        let withBadDictionary = try Self.convert(
            try Self.configuration(
                dictionary: "",
                json:
                    #"{"name":"c","segmentation":{"type":"mmseg","dict":{"type":"ocd2","file":"\#(config.deletingLastPathComponent().path)/bad.ocd2"}},"conversion_chain":[]}"#
            ), engine: engine)
        #expect(withBadDictionary.status == 2)
        #expect(!withBadDictionary.standardError.contains("unknown OpenCC error"), "\(withBadDictionary.standardError)")
        // OpenCC's own words (this message names no file; the configuration is named around it).
        #expect(
            withBadDictionary.standardError.contains("Invalid OpenCC dictionary header"),
            "\(withBadDictionary.standardError)")
        let notJSON = try Self.convert(try Self.configuration(dictionary: "", json: "{ not json"), engine: engine)
        #expect(notJSON.status == 2)
        #expect(!notJSON.standardError.contains("unknown OpenCC error"), "\(notJSON.standardError)")
    }

    @Test(
        "A dictionary that is a device, a FIFO or a folder is refused before OpenCC reads it",
        arguments: ["hanzikit", "opencc"], ["/dev/zero", "fifo", "folder"])
    func irregularDictionariesAreRefused(_ engine: String, _ kind: String) throws {
        let config = try Self.configuration(dictionary: kind)
        let path = config.deletingLastPathComponent().appendingPathComponent(kind).path
        switch kind {
        case "fifo": try #require(mkfifo(path, 0o644) == 0)
        case "folder": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        default: break  // /dev/zero, named by its absolute path
        }
        let result = try Self.convert(config, engine: engine)
        #expect(result.status == 2, "124 is timeout's: \(result.standardError)")
        #expect(
            result.standardError.contains(
                "the dictionary \(kind.hasPrefix("/") ? kind : path) is not a regular file"),
            "\(result.standardError)")
    }

    /// OpenCC converts forever once a dictionary holds an empty key; its engine is refused it
    /// (timeout's 124 would mean the hang), ours ignores the line and converts the rest.
    @Test func anEmptyKeyIsRefusedToOpenCCAndIgnoredByOurEngine() throws {
        let config = try Self.configuration(dictionary: "terms.txt")
        try Data("頭髮\t头发\n\t空\n".utf8).write(
            to: config.deletingLastPathComponent().appendingPathComponent("terms.txt"))
        let refused = try Self.convert(config, engine: "opencc")
        #expect(refused.status == 2, "\(refused.standardError)")
        #expect(refused.standardError.contains(config.path), "\(refused.standardError)")
        #expect(refused.standardError.contains("empty key"), "\(refused.standardError)")
        let converted = try Self.convert(config, engine: "hanzikit")
        #expect(converted.status == 0, "\(converted.standardError)")
        #expect(converted.output == "头发\n")
    }
}
