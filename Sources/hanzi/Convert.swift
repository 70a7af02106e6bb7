import ArgumentParser
import HanziKit

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert text between Chinese scripts with an OpenCC configuration.",
        discussion: """
            Reads each FILE (or standard input when there is none, or for `-`) and writes the
            conversion to standard output, to --output, or back to each FILE with --in-place.
            In-place writes go to a temporary file that replaces the original only when complete.

            Examples:
              hanzi convert Samples/article.zh-Hant.txt
              hanzi convert -c s2tw --in-place notes/*.txt
              hanzi convert -c ./my-config.json -o out.txt in.txt
              hanzi convert -c s2t --in-place --include '*.md' docs/
            """
    )

    @Option(name: .shortAndLong, help: "A configuration name (see `hanzi configs`) or an OpenCC configuration file.")
    var config: String = ConversionConfig.t2s.rawValue

    @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.")
    var output: String?

    @Flag(help: "Replace each FILE with its conversion.")
    var inPlace = false

    @Argument(help: "Files or directories to convert; `-` or none reads standard input.")
    var files: [String] = []

    @OptionGroup var paths: PathOptions

    @OptionGroup var encodings: EncodingOptions

    func validate() throws {
        if inPlace && output != nil {
            throw ValidationError("--in-place and --output cannot be used together.")
        }
        if inPlace && (files.isEmpty || files.contains(InputFile.standardInputName)) {
            throw ValidationError("--in-place needs files to convert, not standard input.")
        }
    }

    func run() throws {
        let converter: Converter
        do {
            converter = try Converter(named: config)
        } catch {
            reportError(error.description)
            throw ExitStatus.operationalError
        }
        var (inputs, failed) = paths.inputFiles(files)
        var collected: [UInt8] = []
        let progress = ProgressLine(totalFiles: inputs.count, quiet: paths.quiet || !inPlace && output == nil)
        defer { progress.finish() }
        for path in inputs {
            do throws(HanziKitError) {
                let input = try encodings.read(path, verbose: paths.verbose)
                defer { progress.advance(bytes: input.text.utf8.count) }
                let converted = converter.convert(input.text)
                if inPlace {
                    try AtomicFile.write(encodings.encode(converted, replacing: input), to: path)
                } else if output != nil {
                    collected += try encodings.encode(converted, replacing: nil)
                } else {
                    writeToStandardOutput(try encodings.encode(converted, replacing: nil))
                }
            } catch {
                reportError(describe(error, in: path))
                if let hint = encodings.hint(for: error) { reportNote(hint) }
                failed = true
            }
        }
        if let output {
            // Nothing is written when any input failed, so a bad run never replaces good output.
            guard !failed else { throw ExitStatus.operationalError }
            do {
                try AtomicFile.write(collected, to: output)
            } catch {
                reportError(error.description)
                throw ExitStatus.operationalError
            }
        }
        if failed { throw ExitStatus.operationalError }
    }
}
