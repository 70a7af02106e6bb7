import Foundation
import Testing

/// The one document pipeline, through the real `hanzi` on one fixture tree that every command's
/// test reads: the same folder stands for the same files in every command, every command reads
/// Big5, GB18030 and UTF-16, several inputs go to one output as `cat` joins them, an unchanged
/// file is never rewritten, and errors never land inside the progress line.
@Suite(
    "One document pipeline",
    .requires(.iconvTool)
)
struct PipelineTests {
    /// The text of every file of the tree: its name, then a defect `normalize` fixes (an ASCII
    /// comma in Chinese) and Traditional characters `convert` changes. ASCII names survive every
    /// encoding, so each command's output says which files it read, in which order.
    static func text(_ name: String) -> String { "[\(name)] 頭髮,後來\n" }

    /// The files a folder stands for in every command, in the order they are read.
    static let processed = [
        "a.txt", "big5.txt", "gb18030.txt", "notes.md", "sub/b.txt", "sub/c.markdown", "utf16-bom.txt",
    ]

    /// What the walk skips: code, hidden files, what .gitignore and .hanzi.yml ignore, a binary.
    static let skipped = [
        "code.swift", "main.go", ".hidden.txt", "ignored.txt", "build/out.txt", "vendor/v.txt", "image.txt",
    ]

    /// How each legacy file of the tree is encoded, by iconv(1), independently of the code under test.
    static let legacy: [(name: String, iconv: String, byteOrderMark: [UInt8])] = [
        ("big5.txt", "BIG5", []), ("gb18030.txt", "GB18030", []), ("utf16-bom.txt", "UTF-16LE", [0xFF, 0xFE]),
    ]

    static func iconv(_ text: String, to encoding: String) throws -> Data {
        let result = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/iconv"), ["-f", "UTF-8", "-t", encoding], input: Data(text.utf8))
        try #require(result.status == 0, "iconv -t \(encoding) failed")
        return result.standardOutput
    }

    /// The fixture tree, in a fresh git work tree (so .gitignore applies) with its .hanzi.yml.
    static func tree() throws -> URL {
        var files: [String: String] = [
            ".gitignore": "ignored.txt\nbuild/\n",
            ".hanzi.yml": "ignore:\n  - vendor\n",
        ]
        for name in (processed + skipped) where !legacy.contains(where: { $0.name == name }) {
            files[name] = text(name)
        }
        let folder = try TestSupport.folder(files)
        for file in legacy {
            try (Data(file.byteOrderMark) + iconv(text(file.name), to: file.iconv))
                .write(to: folder.appendingPathComponent(file.name))
        }
        try Data([0x00, 0x01] + Array(text("image.txt").utf8)).write(to: folder.appendingPathComponent("image.txt"))
        let git = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/env"), ["git", "init", "-q", folder.path])
        try #require(git.status == 0, "git init failed: \(git.standardError)")
        return folder
    }

    /// A path found in the folder `.` as the test names it.
    static func plain(_ path: String) -> String { path.hasPrefix("./") ? String(path.dropFirst(2)) : path }

    /// The names in the order the output mentions them (`[name]` markers).
    static func markers(_ output: String) -> [String] {
        output.split(separator: "[").compactMap { part in part.split(separator: "]").first.map(String.init) }
    }

    @Test("The same folder gives the same files, in the same order, to every command")
    func sameFilesEverywhere() throws {
        let folder = try Self.tree()
        func run(_ arguments: [String]) throws -> TestSupport.ProcessResult {
            let result = try TestSupport.hanzi(arguments, in: folder)
            #expect(result.standardError.isEmpty, "\(arguments) \(result.standardError)")
            return result
        }
        let converted = try run(["convert", "."])
        #expect(converted.status == 0)
        #expect(Self.markers(converted.output) == Self.processed)
        let normalized = try run(["normalize", "."])
        #expect(normalized.status == 0)
        #expect(Self.markers(normalized.output) == Self.processed)
        let detected = try run(["detect", "."])
        #expect(detected.status == 0)
        #expect(
            detected.output.split(separator: "\n").map { Self.plain(String($0.prefix { $0 != ":" })) } == Self.processed
        )
        // Every legacy file was read as what it is.
        #expect(detected.output.contains(", big5\n") && detected.output.contains(", gb18030\n"))
        #expect(detected.output.contains(", utf-16le\n"))
        let checked = try run(["check", "--format", "json", "."])
        #expect(checked.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: checked.standardOutput) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        #expect(files.compactMap { ($0["path"] as? String).map(Self.plain) } == Self.processed)
        // Each file's one defect is found in it, whatever its encoding.
        for file in files {
            let findings = try #require(file["findings"] as? [[String: Any]])
            #expect(findings.contains { $0["rule"] as? String == "punctuation" }, "\(file["path"] ?? "")")
        }
        // diff pairs the same files: against an empty folder, each is a whole-file deletion.
        let empty = try TestSupport.folder([:])
        let compared = try run(["diff", "--format", "json", ".", empty.path])
        #expect(compared.status == 1)
        let pairs = try #require(try JSONSerialization.jsonObject(with: compared.standardOutput) as? [[String: Any]])
        #expect(pairs.compactMap { ($0["old"] as? String).map(Self.plain) } == Self.processed)
        // --verbose names every skipped file, in every command.
        for command in [["convert"], ["normalize"], ["check"], ["detect"]] {
            let verbose = try TestSupport.hanzi(command + ["--verbose", "."], in: folder)
            // What git ignores is never listed, so never said to be skipped.
            for name in Self.skipped where !name.hasPrefix("build/") && name != "ignored.txt" {
                #expect(verbose.standardError.contains("skipped ./\(name)"), "\(command) \(name)")
            }
        }
    }

    @Test("convert --in-place rewrites only the files the folder stands for")
    func convertInPlaceWalksLikeTheOthers() throws {
        let folder = try Self.tree()
        func inode(_ name: String) throws -> Int? {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            return (attributes[.systemFileNumber] as? NSNumber)?.intValue
        }
        let before = try Dictionary(uniqueKeysWithValues: Self.skipped.map { ($0, try inode($0)) })
        // t2s would change every skipped file's text, and replacing one gives it a new inode.
        let result = try TestSupport.hanzi(["convert", "-c", "t2s", "--in-place", "."], in: folder)
        #expect(result.status == 2, "Big5 cannot hold Simplified text: \(result.standardError)")
        #expect(result.standardError.contains("big5.txt"))
        for (name, number) in before {
            #expect(try inode(name) == number, "\(name) was replaced")
            #expect(
                try Data(contentsOf: folder.appendingPathComponent(name)) == Data(Self.text(name).utf8)
                    || name == "image.txt")
        }
    }

    @Test(
        "Every command reads Big5, GB18030 and UTF-16, and normalize --in-place writes each back in its own encoding")
    func legacyEncodingsEverywhere() throws {
        let folder = try Self.tree()
        let result = try TestSupport.hanzi(["normalize", "--in-place", "."], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        for file in Self.legacy {
            let expected = Data(file.byteOrderMark) + (try Self.iconv("[\(file.name)] 頭髮，後來\n", to: file.iconv))
            #expect(try Data(contentsOf: folder.appendingPathComponent(file.name)) == expected, "\(file.name)")
        }
    }

    /// UTF-16 without a byte-order mark cannot be told from binary: it is read when named, with
    /// --from-encoding, by every command.
    @Test(
        "UTF-16 without a byte-order mark, with --from-encoding",
        arguments: [
            ["convert"], ["normalize"], ["check"], ["detect"], ["diff", "SELF"], ["normalize", "--in-place"],
        ])
    func utf16WithoutByteOrderMark(_ command: [String]) throws {
        let folder = try TestSupport.folder([:])
        let file = folder.appendingPathComponent("utf16.txt")
        try Self.iconv(Self.text("utf16.txt"), to: "UTF-16LE").write(to: file)
        let arguments = command.map { $0 == "SELF" ? file.path : $0 }
        let result = try TestSupport.hanzi(arguments + ["--from-encoding", "utf-16le", file.path])
        switch command.first {
        case "convert": #expect(result.output == "[utf16.txt] 头发,后来\n")
        case "normalize" where command.contains("--in-place"):
            #expect(try Data(contentsOf: file) == (try Self.iconv("[utf16.txt] 頭髮，後來\n", to: "UTF-16LE")))
        case "normalize": #expect(result.output == "[utf16.txt] 頭髮，後來\n")
        case "check": #expect(result.output.contains("utf16.txt:1:15: error: ASCII ','"))
        case "detect": #expect(result.output.hasSuffix(", utf-16le\n"))
        default: #expect(result.status == 0)
        }
        #expect(result.status == (command.first == "check" ? 1 : 0), "\(result.standardError)")
    }

    @Test(
        "Several inputs into one output are joined as cat joins files",
        arguments: [["convert"], ["normalize"]])
    func severalInputsJoinAsCatDoes(_ command: [String]) throws {
        let folder = try TestSupport.folder(["one.txt": "頭髮,後來", "two.txt": Self.text("two.txt")])
        let one = folder.appendingPathComponent("one.txt").path
        let two = folder.appendingPathComponent("two.txt").path
        let first = try TestSupport.hanzi(command + [one])
        let second = try TestSupport.hanzi(command + [two])
        let both = try TestSupport.hanzi(command + [one, two])
        #expect(both.status == 0)
        // Nothing between them: the first file has no final line break, so the second follows on its line.
        #expect(both.standardOutput == first.standardOutput + second.standardOutput)
        let output = folder.appendingPathComponent("out.txt")
        #expect(try TestSupport.hanzi(command + ["-o", output.path, one, two]).status == 0)
        #expect(try Data(contentsOf: output) == both.standardOutput)
    }

    @Test(
        "An unchanged file is never rewritten: inode, modification time and mode stay",
        arguments: [["convert", "-c", "t2s"], ["normalize"]])
    func unchangedFileIsNotRewritten(_ command: [String]) throws {
        let folder = try TestSupport.folder(["done.txt": "头发，后来\n"])
        let path = folder.appendingPathComponent("done.txt").path
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        try FileManager.default.setAttributes(
            [.modificationDate: past, .posixPermissions: 0o640], ofItemAtPath: path)
        let before = try FileManager.default.attributesOfItem(atPath: path)
        let result = try TestSupport.hanzi(command + ["--in-place", path])
        #expect(result.status == 0, "\(result.standardError)")
        let after = try FileManager.default.attributesOfItem(atPath: path)
        #expect((after[.systemFileNumber] as? NSNumber)?.intValue == (before[.systemFileNumber] as? NSNumber)?.intValue)
        #expect(after[.modificationDate] as? Date == past)
        #expect((after[.posixPermissions] as? NSNumber)?.intValue == 0o640)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "头发，后来\n")
    }

    /// An error while the progress line shows starts on a line of its own (the line is cleared
    /// first), on a terminal as util-linux script(1) gives one.
    @Test("Errors never land inside the progress line", .requires(.utilLinuxScript))
    func errorsDoNotInterleaveWithProgress() throws {
        let folder = try TestSupport.folder([
            "f1.txt": "頭髮\n", "f2.txt": "頭髮\n", "f3.txt": "頭髮\n", "f4.txt": "頭髮\n",
        ])
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o444], ofItemAtPath: folder.appendingPathComponent("f2.txt").path)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o444], ofItemAtPath: folder.appendingPathComponent("f4.txt").path)
        let command = "\(TestSupport.hanziExecutable.path) convert --in-place \(folder.path)"
        let result = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"])
        #expect(result.output.contains("files, "), "no progress line: \(result.output)")
        let errors = result.output.components(separatedBy: "hanzi: error: ")
        #expect(errors.count == 3, "\(result.output)")
        for before in errors.dropLast() {
            // What precedes an error is the end of a line, or the sequence that clears the progress line.
            // (A terminal ends lines with \r\n, one Character in Swift, so the scalars are compared.)
            let end = String(before.unicodeScalars.suffix(4))
            #expect(end.isEmpty || end.hasSuffix("\r\n") || end == "\r\u{1B}[K", "\(before.debugDescription)")
        }
    }
}
