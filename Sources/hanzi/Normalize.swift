import ArgumentParser
import HanziKit

struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Fix mixed-script glyphs, punctuation, mojibake and compatibility forms in Chinese text.",
        discussion: """
            Reads each FILE (or standard input when there is none, or for `-`) and writes the \
            normalized text to standard output, to --output, or back to each FILE with --in-place. \
            \(PipelineHelp.inputsAndOutputs) Each file is read by its format (extension or \
            --file-format: markdown, html, json, yaml, srt, vtt, jsonl, plain): only its text is \
            fixed; code, keys, tags and the rest stay as they are.

            Examples:
              hanzi normalize article.txt
              hanzi normalize --script hant --in-place docs/*.md
              hanzi normalize --enable spacing --terms terms.txt -o clean.txt draft.txt
            """
    )

    @OptionGroup var options: NormalizationOptions

    @OptionGroup var pathOptions: PathOptions

    @OptionGroup var output: OutputOptions

    @Argument(help: "Files to normalize; `-` or none reads standard input.", completion: .file())
    var files: [String] = []

    @OptionGroup var encodings: EncodingOptions

    @OptionGroup var recordOptions: RecordOptions

    @OptionGroup(title: "Documents") var documentOptions: DocumentFormatOptions

    func validate() throws {
        try output.validate(inputs: files, verb: "normalize", records: recordOptions.records != nil)
    }

    func run() throws {
        let (configuration, normalizer) = try orExit { () throws(HanziKitError) in try options.load(pathOptions) }
        if let stream = recordOptions.stream() {
            try normalizeRecords(stream, with: normalizer)
            return
        }
        let walk = pathOptions.files(
            files.isEmpty ? [InputFile.standardInputName] : files, configuration: configuration)
        let pipeline = CommandPipeline(
            paths: pathOptions, encoding: encodings.fromEncoding, lossy: encodings.lossy,
            destination: output.destination, outputEncoding: encodings.toEncoding, showsProgress: output.showsProgress)
        let failed = try pipeline.run(walk) { source, output, _ throws(HanziKitError) in
            let format = documentOptions.format(for: source.path, fields: recordOptions.fields)
            try reportUnread(source, format: format)
            return try normalizer.normalize(source, format: format, to: output!).changed
        }
        if failed { throw ExitStatus.operationalError }
    }

    /// Record mode: each record's text normalized as its own document, written as it is read.
    private func normalizeRecords(_ stream: RecordStream, with normalizer: Normalizer) throws {
        try recordOptions.write(files, to: output.combinedDestination) { path, sink, skipped throws(HanziKitError) in
            _ = try stream.transform(file: path, to: sink, skipped: skipped) { text throws(HanziKitError) in
                try normalizer.normalize(text)
            }
        }
    }
}
