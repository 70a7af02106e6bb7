import Dispatch
import Foundation
import HanziText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How `Converter.convert(file:to:options:)` splits and spreads its work.
public struct StreamingOptions: Sendable {
    /// The size a chunk aims for; a chunk ends right after a byte no dictionary key contains.
    public var chunkSize: Int
    /// How many chunks are converted at once: at least one, at most `maximumThreads`. Each
    /// thread keeps two chunks in flight, so the cap bounds memory (`--threads 100000` took 3.7 GB).
    public var threads: Int {
        didSet { threads = Self.clampedThreads(threads) }
    }

    /// The most chunks converted at once: one per core, as more cannot run at the same time.
    public static var maximumThreads: Int { max(ProcessInfo.processInfo.activeProcessorCount, 1) }

    /// Two-megabyte chunks on every available core.
    public init(chunkSize: Int = 2 << 20, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.chunkSize = max(chunkSize, 1)
        self.threads = Self.clampedThreads(threads)
    }

    private static func clampedThreads(_ threads: Int) -> Int {
        min(max(threads, 1), maximumThreads)
    }
}

extension Converter {
    /// Converts the file at `path` (standard input for `-`) in chunks with bounded memory,
    /// converting up to `options.threads` chunks at once and writing them to `sink` in order.
    ///
    /// Chunks end right after an ASCII byte that no key of the configuration contains (a newline
    /// when there is one), so no match can straddle two chunks and the output equals converting
    /// the whole text at once. Invalid UTF-8 throws with its absolute offset, line and column;
    /// the chunks before it have already been written. Returns whether the conversion changed
    /// anything, so a caller can say when the text was already in the target script.
    ///
    /// With a `format` other than plain, only the document's text is converted (see
    /// `convert(_:format:)`), and chunks end where the format can cut a document
    /// (`DocumentSyntax.lastCut(in:options:)`); a format that cannot is read whole.
    @discardableResult
    public func convert(
        file path: String, format: DocumentFormat = .plain, to sink: some ByteSink,
        options: StreamingOptions = .init()
    ) throws(HanziKitError) -> StreamingConversionSummary {
        try convert(TextSource(path, encoding: .utf8), format: format, to: sink, options: options)
    }

    /// Converts `source` as `convert(file:format:to:options:)` converts a UTF-8 file: the text
    /// of a source in another encoding is read from memory, decoded, through the same chunks.
    @discardableResult
    public func convert(
        _ source: TextSource, format: DocumentFormat = .plain, to sink: some ByteSink,
        options: StreamingOptions = .init()
    ) throws(HanziKitError) -> StreamingConversionSummary {
        var stream = ChunkedConversion(
            backend: backend, format: format.isPlain ? nil : format, tags: languageTags(for: format), options: options,
            reader: try source.makeReader())
        try stream.run(into: sink)
        return StreamingConversionSummary(changedText: stream.changedText)
    }
}

/// What a streamed conversion did.
public struct StreamingConversionSummary: Sendable, Hashable {
    /// Whether the output differs from the input anywhere.
    public var changedText: Bool

    /// Creates a summary.
    public init(changedText: Bool) {
        self.changedText = changedText
    }
}

/// One chunk in flight: its bytes, its conversion, and a signal when the conversion is done.
/// `@unchecked Sendable` is safe: the reader fills it before handing it to a worker, the worker
/// alone touches it until it signals `done`, and the writer reads it only after waiting for that.
private final class ChunkSlot: @unchecked Sendable {
    /// The chunk's window of the input, and the bytes carried into the next chunk after it.
    let input: WindowBuffer
    var output: ByteBuffer
    /// Where the chunk's conversion stops: bytes after it are carried into the next chunk.
    var cut = 0
    /// The input counted up to the chunk's start, which places its errors.
    var start = PositionCounter()
    var isValid = true
    /// Whether the conversion differs from the chunk.
    var changed = false
    /// Where the chunk stops being of its document format, if it does.
    var syntaxError: DocumentSyntaxError?
    let done = DispatchSemaphore(value: 0)

    init(chunkSize: Int) {
        input = WindowBuffer(capacity: chunkSize)
        output = ByteBuffer(capacity: chunkSize + chunkSize / 8)
    }

    deinit {
        output.deallocate()
    }

    var chunk: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: input.base, count: cut) }

    func convert(with backend: ConversionBackend, format: DocumentFormat?, tags: LanguageTagMap?) {
        output.removeAll()
        syntaxError = nil
        if let format {
            do {
                if format.syntax.readsAnyBytes {
                    // One pass: the text is checked as it is converted, the rest as it is copied.
                    let ranges = try format.syntax.textRanges(in: chunk, options: format.options)
                    isValid = backend.convertValidating(
                        chunk, textRanges: ranges, format: format, tags: tags, into: &output)
                } else {
                    isValid = FastUTF8.isValid(chunk)
                    guard isValid else { return }
                    let ranges = try format.syntax.textRanges(in: chunk, options: format.options)
                    backend.convert(chunk, textRanges: ranges, format: format, tags: tags, into: &output)
                }
            } catch {
                // Bytes that are not UTF-8 anywhere in the chunk are reported before its syntax.
                isValid = FastUTF8.isValid(chunk)
                if isValid { syntaxError = error }
                return
            }
        } else {
            isValid = backend.convertValidating(chunk, into: &output)
        }
        guard isValid else { return }
        changed = output.count != cut || memcmp(output.base, input.base, cut) != 0
    }
}

/// Reads and cuts chunks on the calling thread, converts up to `threads` of them at once on
/// worker threads, and writes them in order as each one finishes; no chunk waits for another to
/// start, so a worker that the system pauses does not stall the others.
private struct ChunkedConversion: ~Copyable {
    let backend: ConversionBackend
    /// The document format whose text alone is converted; nil for plain text.
    let format: DocumentFormat?
    /// The language tags the conversion writes, when the format's are rewritten.
    let tags: LanguageTagMap?
    let options: StreamingOptions
    let slots: [ChunkSlot]
    /// The input, read into the slots' buffers a chunk at a time.
    var windows: StreamWindows
    let cuts: ChunkCuts
    /// Whether any chunk written so far changed.
    var changedText = false

    init(
        backend: ConversionBackend, format: DocumentFormat?, tags: LanguageTagMap?, options: StreamingOptions,
        reader: ByteReader
    ) {
        self.backend = backend
        self.format = format
        self.tags = tags
        self.options = options
        // Two chunks per worker: one converting, one read and waiting, so workers never idle on input.
        slots = (0..<(options.threads * 2)).map { _ in ChunkSlot(chunkSize: options.chunkSize) }
        windows = StreamWindows(reader)
        cuts = ChunkCuts(backend: backend, format: format, chunkSize: options.chunkSize)
    }

    mutating func run(into sink: some ByteSink) throws(HanziKitError) {
        let workers = DispatchSemaphore(value: options.threads)
        let inFlight = DispatchGroup()
        // Workers may still hold slots when an error ends the run; wait for them before leaving.
        defer { inFlight.wait() }
        let backend = self.backend
        let format = self.format
        let tags = self.tags
        var nextToRead = 0
        var nextToWrite = 0
        while true {
            while nextToRead - nextToWrite < slots.count, !windows.isFinished {
                let slot = slots[nextToRead % slots.count]
                guard try fill(slot) else { break }
                inFlight.enter()
                DispatchQueue.global().async {
                    workers.wait()
                    slot.convert(with: backend, format: format, tags: tags)
                    workers.signal()
                    slot.done.signal()
                    inFlight.leave()
                }
                nextToRead += 1
            }
            if nextToWrite == nextToRead { return }
            let slot = slots[nextToWrite % slots.count]
            slot.done.wait()
            guard slot.isValid else {
                throw UTF8Validation.invalidUTF8Error(
                    in: slot.chunk, at: UTF8Validation.firstInvalidOffset(in: slot.chunk), after: slot.start)
            }
            if let format, slot.syntaxError != nil {
                // Scanned again here to place the error after the chunks written so far.
                _ = try format.textRanges(in: slot.chunk, after: slot.start)
            }
            try sink.write(slot.output.bytes)
            changedText = changedText || slot.changed
            nextToWrite += 1
        }
    }

    /// Reads the next chunk into `slot`, cut where `cuts` says; false when the input is done.
    private mutating func fill(_ slot: ChunkSlot) throws(HanziKitError) -> Bool {
        let cuts = self.cuts
        // A slot's buffer is read full: a chunk, or more once a line without a cut made it grow.
        let size = max(options.chunkSize, slot.input.capacity)
        guard
            let window = try windows.next(
                into: slot.input, size: size,
                cut: { window, searched in cuts.cut(in: window, from: searched) })
        else { return false }
        slot.cut = window.bytes.count
        slot.start = window.start
        return true
    }
}

/// Where a chunk of a streamed conversion may end so that no match straddles two chunks: the
/// conversion's cut strategy for `StreamWindows`.
private struct ChunkCuts {
    let backend: ConversionBackend
    /// The document format whose text alone is converted; nil for plain text.
    let format: DocumentFormat?
    let chunkSize: Int

    /// The last safe cut of `input` past `floor` (how far an earlier look found none), else a
    /// cut without a safe byte; nil to read on.
    func cut(in input: UnsafeBufferPointer<UInt8>, from floor: Int) -> Int? {
        safeCut(in: input, from: floor) ?? cutWithoutSafeBytes(in: input)
    }

    /// The last position after a newline near the end, else after any byte no key contains,
    /// past `floor`; looking for a newline only near the end keeps chunks close to their size.
    private func safeCut(in input: UnsafeBufferPointer<UInt8>, from floor: Int) -> Int? {
        if let format {
            let cut = format.syntax.lastCut(in: input, options: format.options)
            return cut.flatMap { $0 > 0 && $0 < input.count ? $0 : nil }
        }
        guard let base = input.baseAddress else { return nil }
        let newlineFloor = max(floor, input.count - 65_536)
        var cut = input.count
        while cut > newlineFloor && base[cut - 1] != 0x0A { cut -= 1 }
        if cut > newlineFloor { return cut }
        let safe = backend.safeCutBytes
        cut = input.count
        while cut > floor && !safe[Int(base[cut - 1])] { cut -= 1 }
        return cut > floor ? cut : nil
    }

    /// A cut for plain text with no safe byte (a long line without ASCII): our engine cuts at a
    /// segment boundary, which keeps the output identical. Without one (OpenCC's engine cannot
    /// say where its segments end; tw2sp's segmentation matches little), it cuts at a character
    /// boundary once the chunk is four times its size, so that memory stays bounded; a phrase
    /// across that cut may convert differently (RELIABILITY.md).
    private func cutWithoutSafeBytes(in text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard format == nil else { return nil }
        if let cut = backend.pipeline?.lastSegmentBoundary(in: text), cut > 0 { return cut }
        guard text.count >= 4 * chunkSize else { return nil }
        var cut = text.count - 1
        while cut > 0 && text[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut > 0 ? cut : nil
    }
}
