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
        var (inputs, failed) = pathOptions.textFiles(
            files.isEmpty ? [InputFile.standardInputName] : files, configuration: HanziConfiguration())
        for path in inputs {
            do throws(HanziKitError) {
                let (detection, inputEncoding) = try detect(path, with: detector)
                let name = path == InputFile.standardInputName ? "<stdin>" : path
                let encoding = inputEncoding == .utf8 ? "" : ", \(inputEncoding)"
                // Kana and hangul are named only where they are there, so Chinese reports read as before.
                var others = ""
                if detection.kanaCount > 0 { others += ", kana \(detection.kanaCount)" }
                if detection.hangulCount > 0 { others += ", hangul \(detection.hangulCount)" }
                let line =
                    "\(name): \(detection.script.rawValue) (traditional \(detection.traditionalCount), "
                    + "simplified \(detection.simplifiedCount)\(others))\(encoding)\n"
                if !Quiet.isOn { try FileDescriptorSink.standardOutput().write(Array(line.utf8)) }
            } catch {
                reportError(describe(error, in: path))
                // Nothing more can be written where the results go.
                if isStandardOutputFailure(error) { throw ExitStatus.operationalError }
                failed = true
            }
        }
        if failed { throw ExitStatus.operationalError }
    }

    /// The script of one input and its encoding. UTF-8 (named, or found in the first 64 KiB) is
    /// read in windows, so memory stays bounded; another encoding is decoded whole.
    private func detect(_ path: String, with detector: ScriptDetector) throws(HanziKitError) -> (
        ScriptDetection, TextEncoding
    ) {
        // Standard input is read through its device, which copies a pipe once to a temporary
        // file (as for any pipe named by path), so it can be sniffed and then read in windows.
        let source = path == InputFile.standardInputName ? "/dev/stdin" : path
        let prefix = try InputFile.readPrefix(of: source, count: 64 * 1024)
        guard encodings.fromEncoding.map({ $0 == .utf8 }) ?? TextCodec.looksLikeUTF8(prefix) else {
            let input = try encodings.read(source, verbose: pathOptions.verbose)
            return (try detector.decide(input.text), input.encoding)
        }
        if pathOptions.verbose && encodings.fromEncoding == nil {
            let name = path == InputFile.standardInputName ? "<stdin>" : path
            let mark = prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? " with a byte-order mark" : ""
            reportNote("\(name): read as \(TextEncoding.utf8)\(mark)")
        }
        return (try detector.decide(file: source), .utf8)
    }
}
