import ArgumentParser
import HanziKit

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert text between Chinese scripts with an OpenCC configuration.",
        discussion: """
            Reads each FILE (or standard input when there is none, or for `-`) and writes the
            conversion to standard output, to --output, or back to each FILE with --in-place.
            In-place writes go to a temporary file that replaces the original only when complete.
            Input is read in chunks cut where no dictionary phrase can span, so files of
            any size convert in bounded memory; chunks convert on every core, in order.

            Examples:
              hanzi convert Samples/article.zh-Hant.txt
              hanzi convert -c s2tw --in-place notes/*.txt
              hanzi convert -c ./my-config.json -o out.txt in.txt
              hanzi convert --engine opencc in.txt    libopencc itself, the reference
            """
    )

    @Option(name: .shortAndLong, help: "A configuration name (see `hanzi configs`) or an OpenCC configuration file.")
    var config: String = ConversionConfig.t2s.rawValue

    @Option(help: "The engine: hanzikit (HanziKit's own, fast) or opencc (the system library); same output.")
    var engine: ConversionEngine = .hanzikit

    @Option(help: "How many chunks to convert at once (default: one per core).")
    var threads: Int?

    @Option(help: .hidden)
    var chunkSize: Int?

    @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.")
    var output: String?

    @Flag(help: "Replace each FILE with its conversion.")
    var inPlace = false

    @Argument(help: "Files to convert; `-` or none reads standard input.")
    var files: [String] = []

    func validate() throws {
        if let threads, threads < 1 {
            throw ValidationError("--threads must be at least 1.")
        }
        if let chunkSize, chunkSize < 1 {
            throw ValidationError("--chunk-size must be at least 1.")
        }
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
            converter = try Converter(named: config, engine: engine)
        } catch {
            reportError(error.description)
            throw ExitStatus.operationalError
        }
        var options = StreamingOptions()
        if let threads { options.threads = threads }
        if let chunkSize { options.chunkSize = max(chunkSize, 1) }
        let inputs = files.isEmpty ? [InputFile.standardInputName] : files
        if inPlace {
            try convertInPlace(inputs, with: converter, options: options)
        } else if let output {
            try convert(inputs, into: output, with: converter, options: options)
        } else {
            try convertToStandardOutput(inputs, with: converter, options: options)
        }
    }

    private func convertInPlace(_ inputs: [String], with converter: Converter, options: StreamingOptions) throws {
        var failed = false
        for path in inputs {
            do throws(HanziKitError) {
                let writer = try AtomicFile.Writer(replacing: path)
                try converter.convert(file: path, to: writer, options: options)
                try writer.commit()
            } catch {
                reportError(describe(error, in: path))
                failed = true
            }
        }
        if failed { throw ExitStatus.operationalError }
    }

    private func convert(
        _ inputs: [String], into output: String, with converter: Converter, options: StreamingOptions
    ) throws {
        let writer: AtomicFile.Writer
        do {
            writer = try AtomicFile.Writer(replacing: output)
        } catch {
            reportError(error.description)
            throw ExitStatus.operationalError
        }
        var failed = false
        for path in inputs {
            do throws(HanziKitError) {
                try converter.convert(file: path, to: writer, options: options)
            } catch {
                reportError(describe(error, in: path))
                failed = true
            }
        }
        // Nothing is written when any input failed, so a bad run never replaces good output.
        guard !failed else { throw ExitStatus.operationalError }
        do {
            try writer.commit()
        } catch {
            reportError(error.description)
            throw ExitStatus.operationalError
        }
    }

    private func convertToStandardOutput(
        _ inputs: [String], with converter: Converter, options: StreamingOptions
    ) throws {
        let standardOutput = FileDescriptorSink.standardOutput()
        var failed = false
        for path in inputs {
            do throws(HanziKitError) {
                try converter.convert(file: path, to: standardOutput, options: options)
            } catch {
                reportError(describe(error, in: path))
                failed = true
            }
        }
        if failed { throw ExitStatus.operationalError }
    }
}

extension ConversionEngine: ExpressibleByArgument {}
