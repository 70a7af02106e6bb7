import ArgumentParser
import HanziKit

struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Tell whether each file is Traditional, Simplified, mixed, neither, Japanese or Korean.",
        usage: "hanzi detect [<options>] [<files> ...]",
        discussion: """
            Counts the characters only one script uses; when fewer than 20 decide, it counts \
            instead the characters OpenCC's conversions change: t2s for Traditional, and for \
            Simplified those that s2t, s2tw and s2hk all change. A file is mixed when the rarer \
            kind makes up 5% or more of the counted characters; Japanese or Korean when kana or \
            hangul are a tenth of its CJK characters. For example:
              頭 這 後    Traditional-specific
              头 这       Simplified-specific
              后 于 里    shared, not counted
              什么 确 干  changed by s2t, s2tw and s2hk alike

            Output, one line per file: PATH: SCRIPT (traditional N, simplified M), with the kana \
            and hangul counts when there are any, followed by ", ENCODING" when the file is not \
            UTF-8. Folders are walked like `check` walks them.

            Examples:
              hanzi detect article.txt notes/*.md
              hanzi detect --verbose docs/
              echo '头发' | hanzi detect
            """
    )

    @Argument(help: "Files or folders to inspect; `-` or none reads standard input.", completion: .file())
    var files: [String] = []

    @OptionGroup var pathOptions: PathOptions

    @OptionGroup var encodings: InputEncodingOptions

    func run() throws {
        let detector = try orExit { () throws(HanziKitError) in try ScriptDetector.shared() }
        let walk = try pathOptions.files(files.isEmpty ? [InputFile.standardInputName] : files)
        let pipeline = CommandPipeline(
            paths: pathOptions, encoding: encodings.fromEncoding, showsProgress: false, rereadable: true)
        let failed = try pipeline.run(walk) { source, _, _ throws(HanziKitError) in
            let detection = try detector.decide(source)
            let name = source.path == InputFile.standardInputName ? "<stdin>" : source.path
            let encoding = source.encoding == .utf8 ? "" : ", \(source.encoding)"
            // Kana and hangul are named only where they are there, so Chinese reports read as before.
            var others = ""
            if detection.kanaCount > 0 { others += ", kana \(detection.kanaCount)" }
            if detection.hangulCount > 0 { others += ", hangul \(detection.hangulCount)" }
            let line =
                "\(name): \(detection.script.rawValue) (traditional \(detection.traditionalCount), "
                + "simplified \(detection.simplifiedCount)\(others))\(encoding)\n"
            if !Quiet.isOn { try FileDescriptorSink.standardOutput().write(Array(line.utf8)) }
            return false
        }
        if failed { throw ExitStatus.operationalError }
    }

}
