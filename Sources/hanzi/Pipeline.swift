import HanziKit

/// What every command that reads files does with them: the one pipeline (`DocumentPipeline`:
/// walk, read, transform, write), with its errors, notes and progress line printed in one place
/// (`Console`). A command only parses its options, builds its transform and says where the
/// output goes.
struct CommandPipeline {
    var paths: PathOptions
    var encoding: TextEncoding?
    var lossy = false
    /// Where the output goes; nil for a command that only reports.
    var destination: DocumentDestination?
    var outputEncoding: TextEncoding?
    /// Whether the progress line may show (it never shares a terminal with text on standard output).
    var showsProgress: Bool
    /// Whether standard input is copied to a temporary file, for a transform that reads it twice.
    var rereadable = false
    /// A hint that follows an error, naming the option that resolves it.
    var hint: (HanziKitError) -> String? = { _ in nil }

    /// Runs `transform` over the files a walk found (`failed`: a path could not be walked, so
    /// `-o` is not written); returns whether an input failed. The progress line is handed to the
    /// transform, to clear before it writes to the terminal.
    func run(
        _ walk: (files: [String], failed: Bool),
        transform: (TextSource, DocumentOutput?, ProgressLine) throws(HanziKitError) -> Bool
    ) throws -> Bool {
        let files = walk.files
        let writer = try orExit { () throws(HanziKitError) in
            try destination.map { destination throws(HanziKitError) in
                try DocumentWriter(to: destination, encoding: outputEncoding)
            }
        }
        let progress = ProgressLine(totalFiles: files.count, quiet: paths.quiet || !showsProgress)
        defer { progress.finish() }
        let pipeline = DocumentPipeline(walker: paths.walker, encoding: encoding, lossy: lossy, rereadable: rereadable)
        var stoppedOnOutput = false
        let failed = pipeline.run(files, failed: walk.failed, writer: writer) { event in
            switch event {
            case .opened(let source):
                report(source)
            case .failed(let path, let error):
                reportError(describe(error, in: path))
                if let hint = hint(error) { reportNote(hint) }
                if error.isStandardOutputFailure { stoppedOnOutput = true }
            case .finished(_, let bytes):
                progress.advance(bytes: bytes)
            }
        } transform: { source, output throws(HanziKitError) in
            try transform(source, output, progress)
        }
        progress.finish()
        if stoppedOnOutput { throw ExitStatus.operationalError }
        return failed
    }

    /// Says how an input was read: with --verbose, the encoding detected;
    /// always (unless --quiet), what --lossy replaced.
    private func report(_ source: TextSource) {
        let name = source.path == InputFile.standardInputName ? "<stdin>" : source.path
        if case .invalidUTF8(let offset, let line, let column) = source.firstReplaced {
            let count = source.replacedSequences
            reportWarning(
                "\(name): replaced \(count) invalid UTF-8 sequence\(count == 1 ? "" : "s") with U+FFFD, "
                    + "the first at byte offset \(offset) (line \(line), column \(column))")
        }
        if paths.verbose && source.wasDetected {
            reportNote(
                "\(name): read as \(source.encoding)\(source.hadByteOrderMark ? " with a byte-order mark" : "")")
        }
    }
}

/// Says what `convert` and `normalize` keep of `source` because they cannot read it (Markdown
/// front matter the YAML reader cannot read), as a warning naming the file and line.
func reportUnread(_ source: TextSource, format: DocumentFormat) throws(HanziKitError) {
    guard let note = try format.unreadFrontMatter(of: source) else { return }
    let name = source.path == InputFile.standardInputName ? "<stdin>" : source.path
    reportWarning("\(name):\(note.line):\(note.column): \(note.message)")
}

/// What the help of every command that writes text says about its inputs and outputs.
enum PipelineHelp {
    static let inputsAndOutputs = """
        A FOLDER stands for its .txt, .text, .md and .markdown files (or those --include names), \
        skipping hidden files and what .gitignore or the settings file ignores, as in every \
        command. Several inputs into standard output or --output are written one after another \
        in that order, each processed on its own, with nothing added between them, as `cat` \
        joins files; --output is written only when every input succeeded. --in-place replaces \
        each file through a temporary file, only when its text changed, keeping its encoding \
        and byte-order mark.
        """
}
