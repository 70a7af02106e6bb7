/// The one way every command (and a library user) goes over inputs: walk the paths
/// (`PathWalker`), open each input as text (`TextSource`: encoding detected or named, UTF-8
/// validated, streamed), run the per-file transform, and write its output (`DocumentWriter`).
/// One input failing is reported and the rest go on; nothing more is tried once standard
/// output cannot be written.
public struct DocumentPipeline: Sendable {
    /// How folders are walked.
    public var walker: PathWalker
    /// The encoding inputs are in, or nil to detect each one's.
    public var encoding: TextEncoding?
    /// Whether invalid UTF-8 is replaced with U+FFFD (and reported) instead of refused.
    public var lossy: Bool
    /// Whether standard input is copied to a temporary file as it is read, for a transform
    /// that reads its input twice in bounded memory (see `TextSource.init`).
    public var rereadable: Bool

    /// A pipeline that walks with `walker` and reads inputs in `encoding` (nil: detected).
    public init(
        walker: PathWalker = PathWalker(), encoding: TextEncoding? = nil, lossy: Bool = false, rereadable: Bool = false
    ) {
        self.walker = walker
        self.encoding = encoding
        self.lossy = lossy
        self.rereadable = rereadable
    }

    /// What happened to one input, in the order it happened, for a caller to tell people.
    public enum Event {
        /// The input was opened as text (its encoding, and what `lossy` replaced, are known).
        case opened(TextSource)
        /// The input could not be read, transformed or written; the others go on.
        case failed(path: String, error: HanziKitError)
        /// The input is done, successfully or not, after `bytes` bytes.
        case finished(path: String, bytes: Int)
    }

    /// The transform of one input: reads `source`, writes its output to the sink (nothing for a
    /// command that only reports), and says whether the output differs from the input. Chosen
    /// per file, so a transform can depend on the file's kind (its `DocumentFormat`).
    public typealias Transform = (_ source: TextSource, _ output: DocumentOutput?) throws(HanziKitError) -> Bool

    /// Runs `transform` over every file of `files` (as `walker` expanded them), writing to
    /// `writer` when there is one, telling `events` what happens. Returns whether any input
    /// failed; `writer` is finished (its `-o` file committed only when none did, nor any before:
    /// `failed` says a path given could not be walked).
    public func run(
        _ files: [String], failed failedBefore: Bool = false, writer: DocumentWriter?, events: (Event) -> Void,
        transform: Transform
    ) -> Bool {
        var failed = failedBefore
        for path in files {
            do throws(HanziKitError) {
                let source = try TextSource(path, encoding: encoding, lossy: lossy, rereadable: rereadable)
                events(.opened(source))
                let output = try writer?.output(for: source)
                let changed = try transform(source, output)
                try output?.finish(changed: changed)
                events(.finished(path: path, bytes: source.size))
            } catch {
                events(.failed(path: path, error: error))
                events(.finished(path: path, bytes: InputFile.size(of: path)))
                failed = true
                // Nothing more can be written where the output goes.
                if error.isStandardOutputFailure { return true }
            }
        }
        do throws(HanziKitError) {
            try writer?.finish(failed: failed)
        } catch {
            if case .file(let path) = writer?.destination { events(.failed(path: path, error: error)) }
            return true
        }
        return failed
    }
}

extension HanziKitError {
    /// Whether this is a failed write to standard output, after which nothing more can be reported there.
    public var isStandardOutputFailure: Bool {
        if case .fileSystem(let path, _) = self, path == FileDescriptorSink.standardOutputName { return true }
        return false
    }
}
