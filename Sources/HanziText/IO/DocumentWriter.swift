/// Where the text a run produces goes.
public enum DocumentDestination: Sendable, Hashable {
    /// Standard output: every input's output in turn, as `cat` joins files.
    case standardOutput
    /// One file (`-o`): every input's output in turn, written only when every input succeeded.
    case file(String)
    /// Back to each input file, through a temporary file renamed over it.
    case inPlace
}

/// The one writer for standard output, `-o` and `--in-place`. Output arrives as UTF-8 and is
/// written in `encoding` (default: UTF-8, and in place the input's encoding, its byte-order mark
/// kept). Files are replaced atomically; a file whose text and encoding are unchanged is never
/// rewritten, so its inode, timestamps and mode stay.
public final class DocumentWriter {
    /// Where the output goes.
    public let destination: DocumentDestination
    /// The encoding to write, or nil for the default.
    public let encoding: TextEncoding?
    private let combined: AtomicFile.Writer?
    private let standardOutput = FileDescriptorSink.standardOutput()

    /// A writer to `destination`; `-o`'s temporary file is created now, so a folder that cannot
    /// hold it fails before any input is read.
    public init(to destination: DocumentDestination, encoding: TextEncoding? = nil) throws(HanziKitError) {
        self.destination = destination
        self.encoding = encoding
        if case .file(let path) = destination {
            combined = try AtomicFile.Writer(replacing: path)
        } else {
            combined = nil
        }
    }

    /// The sink for `source`'s output; call `DocumentOutput.finish(changed:)` when it is complete.
    public func output(for source: TextSource) throws(HanziKitError) -> DocumentOutput {
        let inPlace = destination == .inPlace
        let target = encoding ?? (inPlace ? source.encoding : .utf8)
        let base: any ByteSink
        switch destination {
        case .standardOutput: base = standardOutput
        case .file: base = combined!
        case .inPlace:
            // UTF-8 streams into the temporary file; other encodings are encoded whole at the end.
            base = target == .utf8 ? try AtomicFile.Writer(replacing: source.path) : standardOutput
        }
        return DocumentOutput(
            source: source, base: base, encoding: target, inPlace: inPlace,
            byteOrderMark: inPlace && source.hadByteOrderMark && target == source.encoding)
    }

    /// The sink for output that belongs to no one input (record mode's stream of records):
    /// standard output, or `-o`'s file, committed by `finish(failed:)`; nil in place.
    public var combinedOutput: (any ByteSink)? {
        switch destination {
        case .standardOutput: standardOutput
        case .file: combined
        case .inPlace: nil
        }
    }

    /// Commits `-o`'s file when no input failed; otherwise leaves whatever was there untouched.
    public func finish(failed: Bool) throws(HanziKitError) {
        if let combined, !failed { try combined.commit() }
    }
}

/// One input's output on its way to a `DocumentWriter`'s destination: a sink of UTF-8.
public final class DocumentOutput: ByteSink {
    private let source: TextSource
    private let base: any ByteSink
    private let encoding: TextEncoding
    private let inPlace: Bool
    private let byteOrderMark: Bool
    /// UTF-8 held back to be encoded at the end, for an encoding other than UTF-8.
    private var held: [UInt8] = []

    init(source: TextSource, base: any ByteSink, encoding: TextEncoding, inPlace: Bool, byteOrderMark: Bool) {
        self.source = source
        self.base = base
        self.encoding = encoding
        self.inPlace = inPlace
        self.byteOrderMark = byteOrderMark
    }

    /// Passes UTF-8 on, or holds it to be encoded.
    public func write(_ bytes: some Collection<UInt8>) throws(HanziKitError) {
        if encoding == .utf8 {
            try base.write(bytes)
        } else {
            held.append(contentsOf: bytes)
        }
    }

    /// Completes the output. In place, the file is replaced only when `changed` (the text
    /// differs) or its encoding or byte-order mark does; a character the encoding cannot hold is
    /// an error that leaves the file untouched.
    public func finish(changed: Bool) throws(HanziKitError) {
        let keepsFile =
            !changed && source.replacedSequences == 0 && encoding == source.encoding
            && byteOrderMark == source.hadByteOrderMark
        if encoding == .utf8 {
            if inPlace, let writer = base as? AtomicFile.Writer, !keepsFile {
                try writer.commit()
            }
            // A writer dropped without committing removes its temporary file.
            return
        }
        // A UTF-8 input's byte-order mark streamed through; another encoding gets its own mark.
        if source.encoding == .utf8 && source.hadByteOrderMark && held.starts(with: PositionCounter.byteOrderMark) {
            held.removeFirst(3)
        }
        let text = String(decoding: held, as: UTF8.self)
        held = []
        let bytes = try TextCodec.encode(text, as: encoding, byteOrderMark: byteOrderMark)
        if inPlace {
            if !keepsFile { try AtomicFile.write(bytes, to: source.path) }
        } else {
            try base.write(bytes)
        }
    }
}
