import ArgumentParser
import HanziKit

struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Fix mixed-script glyphs, punctuation, mojibake and compatibility forms in Chinese text.",
        discussion: """
            Reads each FILE (or standard input when there is none, or for `-`) and writes the \
            normalized text to standard output, to --output, or back to each FILE with --in-place \
            (through a temporary file that replaces the original only when complete). A FOLDER \
            stands for its .txt, .text, .md and .markdown files, as in `check`. Each file is read by \
            its format (extension or --file-format: markdown, html, json, yaml, srt, vtt, jsonl, \
            plain): only its text is fixed; code, keys, tags and the rest stay as they are.

            Examples:
              hanzi normalize article.txt
              hanzi normalize --script hant --in-place docs/*.md
              hanzi normalize --enable spacing --terms terms.txt -o clean.txt draft.txt
            """
    )

    @OptionGroup var options: NormalizationOptions

    @OptionGroup var pathOptions: PathOptions

    @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.", completion: .file())
    var output: String?

    @Flag(help: "Replace each FILE with its normalized text.")
    var inPlace = false

    @Argument(help: "Files to normalize; `-` or none reads standard input.", completion: .file())
    var files: [String] = []

    @OptionGroup var recordOptions: RecordOptions

    @OptionGroup(title: "Documents") var documentOptions: DocumentFormatOptions

    func validate() throws {
        if inPlace && output != nil {
            throw ValidationError("--in-place and --output cannot be used together.")
        }
        if inPlace && (files.isEmpty || files.contains(InputFile.standardInputName)) {
            throw ValidationError("--in-place needs files to normalize, not standard input.")
        }
        if inPlace && recordOptions.records != nil {
            throw ValidationError("--records writes to standard output or --output, not in place.")
        }
    }

    func run() throws {
        let (configuration, normalizer) = try orExit { () throws(HanziKitError) in try options.load() }
        if let stream = recordOptions.stream() {
            try normalizeRecords(stream, with: normalizer)
            return
        }
        var (inputs, failed) = pathOptions.textFiles(
            files.isEmpty ? [InputFile.standardInputName] : files, configuration: configuration)
        // Output goes through one temporary file, committed only when every input succeeded, so a
        // bad run never replaces good output.
        let outputWriter = try output.map { path in
            try orExit { () throws(HanziKitError) in try AtomicFile.Writer(replacing: path) }
        }
        let standardOutput = FileDescriptorSink.standardOutput()
        let progress = ProgressLine(totalFiles: inputs.count, quiet: pathOptions.quiet || !inPlace && output == nil)
        defer { progress.finish() }
        for path in inputs {
            defer { progress.advance(bytes: InputFile.size(of: path)) }
            do throws(HanziKitError) {
                let format = documentOptions.format(for: path, fields: recordOptions.fields)
                if inPlace {
                    // Streamed into a temporary file; an unchanged file is not replaced, so its timestamps stay.
                    let writer = try AtomicFile.Writer(replacing: path)
                    if try normalizer.normalize(file: path, format: format, to: writer).changed { try writer.commit() }
                } else if let outputWriter {
                    _ = try normalizer.normalize(file: path, format: format, to: outputWriter)
                } else {
                    _ = try normalizer.normalize(file: path, format: format, to: standardOutput)
                }
            } catch {
                reportError(describe(error, in: path))
                // Nothing more can be written where the output goes.
                if isStandardOutputFailure(error) { throw ExitStatus.operationalError }
                failed = true
            }
        }
        if let outputWriter, !failed {
            try orExit { () throws(HanziKitError) in try outputWriter.commit() }
        }
        if failed { throw ExitStatus.operationalError }
    }

    /// Record mode: each record's text normalized as its own document, written as it is read.
    private func normalizeRecords(_ stream: RecordStream, with normalizer: Normalizer) throws {
        let writer = try orExit { () throws(HanziKitError) in
            try output.map { path throws(HanziKitError) in try AtomicFile.Writer(replacing: path) }
        }
        let sink: any ByteSink = writer ?? FileDescriptorSink.standardOutput()
        let failed = recordOptions.forEachInput(files) { path, skipped throws(HanziKitError) in
            _ = try stream.transform(file: path, to: sink, skipped: skipped) { text throws(HanziKitError) in
                try normalizer.normalize(text)
            }
        }
        if let writer, !failed { try orExit { () throws(HanziKitError) in try writer.commit() } }
        if failed { throw ExitStatus.operationalError }
    }
}
