import ArgumentParser
import HanziKit

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert text between Chinese scripts with an OpenCC configuration.",
        discussion: """
            Reads each FILE (or standard input when there is none, or for `-`) and writes the \
            conversion to standard output, to --output, or back to each FILE with --in-place. \
            \(PipelineHelp.inputsAndOutputs) \
            Input is read in chunks cut where no dictionary phrase can span, so files of \
            any size convert in bounded memory; chunks convert on every core, in order.

            --phrases FILE adds phrases of your own, an OpenCC text dictionary (`key<TAB>value` \
            lines; with several values, separated by spaces, the first is used). They go in front \
            of the configuration's dictionaries: first in its segmentation group, so a key of \
            theirs wins the maximum-match segmentation where it starts, and first in its first \
            conversion step, which writes their value; the later steps of the chain (in s2twp, \
            Taiwan phrases, then Taiwan variants) still apply to the result, as they do to \
            OpenCC's own phrases. Several files: the first with a key matching at a place wins. \
            The `phrases:` files of the nearest .hanzi.yml (or of --settings FILE) follow those \
            given here. Both engines \
            give what opencc gives with a configuration that adds the files this way.

            Localization files convert only their messages, everything else byte for byte: \
            gettext .po/.pot change msgstr and msgstr[n] (never msgid, msgid_plural, msgctxt, \
            comments, flags or the header but its Language: with --retag-language); Apple \
            .strings (UTF-8 or UTF-16, kept) change quoted values (never keys or comments); \
            String Catalogs (.xcstrings) change the string unit values of Chinese localizations \
            (never keys, comments, states or other languages), or with --localize make one \
            localization from another, new entries marked needs_review.

            Each file is read by its format, from its extension or --file-format: markdown (.md), \
            html, json, yaml (.yml), srt, vtt, jsonl (.jsonl, with --field), po (.po, .pot), \
            strings, xcstrings or plain (anything else). Only a document's text is converted; code, keys, tags, timings, URLs and the \
            rest are kept byte for byte.

            With --normalize the result is a clean edition: each piece is normalized in its own \
            script (as `hanzi normalize` would; --script, --settings, --enable, --disable, --terms \
            and --quotes apply), converted, and normalized again in the configuration's target \
            script, which fixes what the conversion leaves (代表著 → 代表着), in one streamed pass.

            Examples:
              hanzi convert --normalize Samples/article.zh-Hant.txt
              hanzi convert Samples/article.zh-Hant.txt
              hanzi convert -c s2tw --in-place notes/*.txt
              hanzi convert -c ./my-config.json -o out.txt in.txt
              hanzi convert -c s2t --in-place --include '*.md' docs/
              hanzi convert --engine opencc in.txt    libopencc itself, the reference
              hanzi convert -c s2twp --phrases my-terms.txt in.txt
              hanzi convert -c s2tw --retag-language -o zh_TW.po zh_CN.po
              hanzi convert -c s2tw --localize zh-Hans:zh-Hant --in-place App.xcstrings
            """
    )

    @Option(
        name: .shortAndLong, help: "A configuration name (see `hanzi configs`) or an OpenCC configuration file.",
        completion: .conversionConfigurations)
    var config: String = ConversionConfig.t2s.rawValue

    @Option(help: "The engine: hanzikit (HanziKit's own, fast) or opencc (the system library); same output.")
    var engine: ConversionEngine = .hanzikit

    @Option(
        name: .customLong("phrases"),
        help: ArgumentHelp(
            "An OpenCC text dictionary of your own, applied before the configuration's (repeatable).",
            valueName: "file"),
        completion: .file())
    var phraseFiles: [String] = []

    @Option(help: "How many chunks to convert at once (default and most: one per core).")
    var threads: Int?

    @Option(help: .hidden)
    var chunkSize: Int?

    @OptionGroup var output: OutputOptions

    @Flag(
        help: ArgumentHelp(
            "Write a clean edition: normalize in the source script, convert, then fix what the conversion leaves."
        ))
    var normalize = false

    @OptionGroup(title: "Normalization (with --normalize)") var normalization: NormalizationOptions

    @Option(
        name: [.customShort("i"), .customLong("input")],
        help: ArgumentHelp("A file to convert, as opencc's -i (repeatable; the same as naming it).", valueName: "file"),
        completion: .file())
    var inputOptions: [String] = []

    @Argument(help: "Files or directories to convert; `-` or none reads standard input.", completion: .file())
    var files: [String] = []

    /// Files named with -i and as arguments, in that order.
    private var allFiles: [String] { inputOptions + files }

    @OptionGroup(title: "String Catalogs (.xcstrings)")
    var localization: LocalizationCommandOptions

    @OptionGroup var paths: PathOptions

    @OptionGroup var encodings: EncodingOptions

    @OptionGroup var recordOptions: RecordOptions

    @OptionGroup(title: "Documents") var documentOptions: DocumentFormatOptions

    func validate() throws {
        if let threads, threads < 1 {
            throw ValidationError("--threads must be at least 1.")
        }
        if let chunkSize, chunkSize < 1 {
            throw ValidationError("--chunk-size must be at least 1.")
        }
        try output.validate(inputs: allFiles, verb: "convert", records: recordOptions.records != nil)
        if !normalize && normalization.isSet {
            throw ValidationError("--script, --enable, --disable, --terms and --quotes need --normalize.")
        }
        if normalize && (recordOptions.records != nil || engine == .opencc) {
            throw ValidationError("--normalize works on documents with the hanzikit engine, not with --records.")
        }
    }

    func run() throws {
        let converter = try orExit { () throws(HanziKitError) in
            try Converter(named: config, phrases: phraseDictionaries(), engine: engine)
        }
        let edition = try normalize ? cleanEdition(with: converter) : nil
        var options = StreamingOptions()
        if let threads { options.threads = threads }
        if let chunkSize { options.chunkSize = max(chunkSize, 1) }
        if let stream = recordOptions.stream() {
            try convertRecords(stream, with: converter)
            return
        }
        let walk = try paths.files(allFiles.isEmpty ? [InputFile.standardInputName] : allFiles)
        let pipeline = CommandPipeline(
            paths: paths, encoding: encodings.fromEncoding, lossy: encodings.lossy,
            destination: output.destination, outputEncoding: encodings.toEncoding, showsProgress: output.showsProgress,
            hint: encodings.hint(for:))
        let failed = try pipeline.run(walk) { source, output, _ throws(HanziKitError) in
            // The per-file seam: each file is read by its format.
            let format = documentOptions.format(for: source.path, fields: recordOptions.fields)
            try reportUnread(source, format: format)
            if let request = localization.request {
                return try localize(source, format: format, request, with: converter, into: output!)
            }
            if let edition {
                return try edition.edition(of: source, format: format, to: output!).changed
            }
            let sampling = SamplingSink(output!)
            let changed = try converter.convert(source, format: format, to: sampling, options: options).changedText
            if !changed && !paths.quiet {
                noteUnchanged(source.path, sample: String(decoding: sampling.sample, as: UTF8.self))
            }
            return changed
        }
        if failed { throw ExitStatus.operationalError }
    }

    /// The --phrases files in the order given, then those of the settings file's `phrases:`
    /// (--settings, or the nearest .hanzi.yml, as for every command).
    private func phraseDictionaries() throws(HanziKitError) -> [PhraseDictionary] {
        var dictionaries: [PhraseDictionary] = []
        for path in phraseFiles { dictionaries.append(try PhraseDictionary(contentsOfFile: path)) }
        return dictionaries + (try paths.configuration().phraseDictionaries())
    }

    /// Record mode: each record's text converted on its own, written as it is read.
    private func convertRecords(_ stream: RecordStream, with converter: Converter) throws {
        try recordOptions.write(allFiles, to: output.combinedDestination) { path, sink, skipped throws(HanziKitError) in
            _ = try stream.convert(file: path, with: converter, to: sink, skipped: skipped)
        }
    }

    /// The clean edition `--normalize` asks for, with the normalization options in force.
    private func cleanEdition(with converter: Converter) throws -> CleanEdition {
        let normalizer = try orExit { () throws(HanziKitError) in try normalization.load(paths).normalizer }
        let target = ConversionConfig(rawValue: config).flatMap(\.targetScript)
        return CleanEdition(normalizer: normalizer, converter: converter, targetScript: target)
    }

    /// `--localize`: a String Catalog read whole, one localization made from another, written
    /// back as it was read (in place only when it changed). Returns whether it changed.
    private func localize(
        _ source: TextSource, format: DocumentFormat, _ request: LocalizationRequest, with converter: Converter,
        into output: DocumentOutput
    ) throws(HanziKitError) -> Bool {
        guard format == .stringCatalog else {
            throw .fileSystem(
                path: source.path,
                reason: "--localize makes String Catalog localizations; this is \(format.name), not xcstrings")
        }
        var text = try source.readText()
        // A UTF-8 byte-order mark is no part of the catalog; it is written back as it was read.
        let mark = text.hasPrefix("\u{FEFF}")
        if mark { text.removeFirst() }
        let (localized, summary) = try converter.localize(catalog: text, request)
        if mark { try output.write(PositionCounter.byteOrderMark) }
        try output.write(localized.utf8)
        if !paths.quiet {
            reportNote(
                "\(source.path): \(request.target) from \(request.source): \(summary.created) created, "
                    + "\(summary.refreshed) refreshed (marked needs_review), \(summary.kept) kept (translated by a person, or stale)"
            )
        }
        return !localized.utf8.elementsEqual(text.utf8)
    }

    /// Says on standard error that a text with script-specific characters came out as it went
    /// in: it was already in the configuration's target script, which is easy to miss since
    /// `convert` goes to Simplified unless -c says otherwise (opencc goes to Traditional).
    private func noteUnchanged(_ path: String, sample: String) {
        guard let detection = try? ScriptDetector.detect(sample),
            detection.script == .traditional || detection.script == .simplified
        else { return }
        let name = path == InputFile.standardInputName ? "<stdin>" : path
        let other = detection.script == .simplified ? "s2t" : "t2s"
        reportNote(
            "\(name): the text is already \(detection.script.rawValue) (traditional \(detection.traditionalCount), "
                + "simplified \(detection.simplifiedCount)); \(config) changed nothing; "
                + "choose the direction with -c, for example -c \(other)")
    }
}

extension ConversionEngine: ExpressibleByArgument {}

/// `--localize`: one String Catalog localization made from another.
struct LocalizationCommandOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Create or refresh the TARGET localization of a String Catalog from SOURCE for every key, new entries "
                + "marked needs_review (zh-Hans:zh-Hant).",
            valueName: "source:target"))
    var localize: String?

    @Flag(help: "With --localize: overwrite entries a person translated (state translated or stale) too.")
    var overwriteTranslated = false

    /// What --localize asks for, if it does.
    var request: LocalizationRequest? {
        guard let localize, let colon = localize.firstIndex(of: ":") else { return nil }
        return LocalizationRequest(
            source: String(localize[..<colon]), target: String(localize[localize.index(after: colon)...]),
            overwritesTranslations: overwriteTranslated)
    }

    func validate() throws {
        if let localize {
            let parts = localize.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[0] != parts[1] else {
                throw ValidationError("--localize takes SOURCE:TARGET, two different languages, as zh-Hans:zh-Hant.")
            }
        }
        if overwriteTranslated && localize == nil {
            throw ValidationError("--overwrite-translated goes with --localize.")
        }
    }
}

/// Forwards everything written to it and keeps the first bytes, to name the script of a text
/// that a conversion left unchanged.
final class SamplingSink<Base: ByteSink>: ByteSink {
    static var limit: Int { 64 * 1024 }
    private let base: Base
    private(set) var sample: [UInt8] = []

    init(_ base: Base) {
        self.base = base
    }

    func write(_ bytes: some Collection<UInt8>) throws(HanziKitError) {
        if sample.count < Self.limit { sample.append(contentsOf: bytes.prefix(Self.limit - sample.count)) }
        try base.write(bytes)
    }
}
