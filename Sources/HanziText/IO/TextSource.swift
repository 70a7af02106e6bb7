#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One input as every command and the streaming engines read it: a file or standard input, its
/// encoding detected (or named) once, and its text handed out as UTF-8 bytes by `ByteReader`s.
///
/// UTF-8 input streams from the file as it is (a byte-order mark included), so memory stays
/// bounded; input in another encoding is decoded once, whole, and read from memory. Standard
/// input from a pipe is sniffed by its first 64 KiB, which are kept and read first.
public final class TextSource: @unchecked Sendable {
    // `@unchecked Sendable` is safe: every stored property is immutable after `init`.

    /// The path as named (`-` for standard input), for messages.
    public let path: String
    /// The encoding the input is in.
    public let encoding: TextEncoding
    /// Whether the input started with a byte-order mark (kept when it is written back).
    public let hadByteOrderMark: Bool
    /// Whether the encoding was detected rather than named.
    public let wasDetected: Bool
    /// How many invalid UTF-8 sequences `lossy` reading replaced with U+FFFD, and where the first
    /// was (an `invalidUTF8` error); zero and nil otherwise.
    public let replacedSequences: Int
    /// The first sequence `lossy` reading replaced, as the error it would otherwise have been.
    public let firstReplaced: HanziKitError?
    private let storage: Storage
    /// The path the text is read from: `path`, or `/dev/stdin` for standard input copied to a
    /// temporary file so it can be read more than once.
    private let readPath: String

    private enum Storage {
        /// A UTF-8 file (or a spooled pipe), read from the start by each reader.
        case file
        /// Standard input, UTF-8: the bytes sniffed from it, then the rest of it, read once.
        case standardInput(prefix: [UInt8])
        /// The text decoded from another encoding, as UTF-8 without a byte-order mark.
        case decoded([UInt8])
    }

    /// How many bytes decide the encoding of a stream.
    static let sniffedByteCount = 64 * 1024

    /// Opens `path` (standard input for `-`) as text in `encoding`, or detects the encoding when it
    /// is nil (see `TextCodec.decode(_:as:)`). With `lossy`, invalid UTF-8 is replaced with U+FFFD
    /// and counted instead of refused (the input is then read whole). With `rereadable`, standard
    /// input from a pipe is copied to an unlinked temporary file as it is read (as a pipe named by
    /// path always is, see `InputFile`), so it can be read more than once in bounded memory.
    public init(_ path: String, encoding: TextEncoding? = nil, lossy: Bool = false, rereadable: Bool = false)
        throws(HanziKitError)
    {
        self.path = path
        let spoolsStandardInput = rereadable && path == InputFile.standardInputName
        readPath = spoolsStandardInput ? "/dev/stdin" : path
        var prefix: [UInt8] = []
        if spoolsStandardInput {
            if encoding == nil && !lossy {
                prefix = try InputFile.readPrefix(of: readPath, count: Self.sniffedByteCount)
            }
        } else if path == InputFile.standardInputName {
            // Named UTF-8 streams from its first byte: record mode answers each line as it comes.
            if encoding == nil && !lossy { prefix = try Self.readPrefix(STDIN_FILENO, path: path) }
        } else if encoding == nil && !lossy {
            prefix = try InputFile.readPrefix(of: path, count: Self.sniffedByteCount)
        }
        let streams = !lossy && (encoding == .utf8 || encoding == nil && TextCodec.looksLikeUTF8(prefix))
        if streams {
            self.encoding = .utf8
            hadByteOrderMark = prefix.starts(with: PositionCounter.byteOrderMark)
            wasDetected = encoding == nil
            replacedSequences = 0
            firstReplaced = nil
            storage = readPath == InputFile.standardInputName ? .standardInput(prefix: prefix) : .file
            return
        }
        var bytes = prefix
        if readPath == InputFile.standardInputName {
            bytes += try Self.readAll(STDIN_FILENO, path: path)
        } else {
            bytes = try InputFile.read(readPath)
        }
        let decoded: DecodedText
        var replaced = 0
        var first: HanziKitError?
        do {
            decoded = try TextCodec.decode(bytes, as: encoding)
        } catch .invalidUTF8(let offset, let line, let column) where lossy {
            let repaired = TextCodec.decodeReplacingInvalidUTF8(bytes)
            decoded = repaired.text
            replaced = repaired.replacedSequences
            first = .invalidUTF8(byteOffset: offset, line: line, column: column)
        }
        self.encoding = decoded.encoding
        hadByteOrderMark = decoded.hadByteOrderMark
        wasDetected = decoded.wasDetected
        replacedSequences = replaced
        firstReplaced = first
        storage = .decoded(Array(decoded.text.utf8))
    }

    /// Whether the text can be read more than once (standard input from a pipe cannot).
    public var isRereadable: Bool {
        if case .standardInput = storage { return false }
        return true
    }

    /// Whether the text streams from the input as it is (UTF-8), rather than from memory.
    public var streamsFromInput: Bool {
        if case .decoded = storage { return false }
        return true
    }

    /// The size of the input in bytes, for progress (0 for standard input).
    public var size: Int { InputFile.size(of: readPath) }

    /// A reader from the start of the text; standard input from a pipe can be read only once.
    public func makeReader() throws(HanziKitError) -> ByteReader {
        switch storage {
        case .file: return ByteReader(descriptor: try InputFile.openForStreaming(readPath), path: path)
        case .standardInput(let prefix): return ByteReader(descriptor: STDIN_FILENO, prefix: prefix, path: path)
        case .decoded(let bytes): return ByteReader(bytes: bytes, path: path)
        }
    }

    /// Up to the first `count` bytes of the text as UTF-8, without using it up: from the file or
    /// from memory; of standard input from a pipe, only what was read to detect its encoding.
    public func start(upTo count: Int) throws(HanziKitError) -> [UInt8] {
        switch storage {
        case .standardInput(let prefix): return Array(prefix.prefix(count))
        case .decoded(let bytes): return Array(bytes.prefix(count))
        case .file:
            var bytes: [UInt8] = []
            let reader = try makeReader()
            while bytes.count < count, try reader.read(appendingTo: &bytes, upTo: count - bytes.count) > 0 {}
            return bytes
        }
    }

    /// The whole text as UTF-8 bytes (a byte-order mark of UTF-8 input included).
    public func readAll() throws(HanziKitError) -> [UInt8] {
        if case .decoded(let bytes) = storage { return bytes }
        let reader = try makeReader()
        var bytes: [UInt8] = []
        while try reader.read(appendingTo: &bytes, upTo: 1 << 16) > 0 {}
        return bytes
    }

    /// The whole text, validated as UTF-8; invalid UTF-8 is an error placed by `TextPosition`.
    public func readText() throws(HanziKitError) -> String {
        let bytes = try readAll()
        return try bytes.withUnsafeBufferPointer { buffer throws(HanziKitError) in try UTF8Validation.decode(buffer) }
    }

    private static func readPrefix(_ descriptor: Int32, path: String) throws(HanziKitError) -> [UInt8] {
        let reader = ByteReader(descriptor: descriptor, path: path, closes: false)
        var prefix: [UInt8] = []
        while prefix.count < sniffedByteCount,
            try reader.read(appendingTo: &prefix, upTo: sniffedByteCount - prefix.count) > 0
        {}
        return prefix
    }

    private static func readAll(_ descriptor: Int32, path: String) throws(HanziKitError) -> [UInt8] {
        let reader = ByteReader(descriptor: descriptor, path: path, closes: false)
        var bytes: [UInt8] = []
        while try reader.read(appendingTo: &bytes, upTo: 1 << 16) > 0 {}
        return bytes
    }
}

/// Reads a `TextSource`'s UTF-8 bytes in order (interrupted reads retried, failures named by the
/// input's path); the streaming engines read it in windows through `StreamWindows`.
public final class ByteReader {
    private let descriptor: Int32
    private let closes: Bool
    private var pending: [UInt8]
    private var pendingStart = 0
    private let path: String

    init(descriptor: Int32, prefix: [UInt8] = [], path: String, closes: Bool? = nil) {
        self.descriptor = descriptor
        self.closes = closes ?? (descriptor != STDIN_FILENO)
        pending = prefix
        self.path = path
    }

    init(bytes: [UInt8], path: String) {
        descriptor = -1
        closes = false
        pending = bytes
        self.path = path
    }

    deinit {
        if closes { close(descriptor) }
    }

    /// Reads up to `count` bytes onto the end of `bytes`; 0 at the end of the text.
    public func read(appendingTo bytes: inout [UInt8], upTo count: Int) throws(HanziKitError) -> Int {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: count))
        let result = bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(HanziKitError) in
                try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[start...]))
            }
        }
        let filled = (try? result.get()) ?? 0
        bytes.removeLast(count - filled)
        return try result.get()
    }

    /// Reads up to `buffer.count` bytes into `buffer`; 0 at the end of the text.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(HanziKitError) -> Int {
        guard buffer.count > 0 else { return 0 }
        if pendingStart < pending.count {
            let count = min(buffer.count, pending.count - pendingStart)
            pending.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + pendingStart, byteCount: count)
            }
            pendingStart += count
            if pendingStart == pending.count {
                pending = []
                pendingStart = 0
            }
            return count
        }
        guard descriptor >= 0 else { return 0 }
        while true {
            let count = Platform.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            guard errno == EINTR else {
                throw .fileSystem(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
            }
        }
    }
}
