import Dispatch
import Foundation

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
    /// How many chunks are converted at once.
    public var threads: Int

    /// Four-megabyte chunks on every available core.
    public init(chunkSize: Int = 4 << 20, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.chunkSize = max(chunkSize, 1)
        self.threads = max(threads, 1)
    }
}

extension Converter {
    /// Converts the file at `path` (standard input for `-`) in chunks with bounded memory,
    /// converting up to `options.threads` chunks at once and writing them to `sink` in order.
    ///
    /// Chunks end right after an ASCII byte that no key of the configuration contains (a newline
    /// when there is one), so no match can straddle two chunks and the output equals converting
    /// the whole text at once. Invalid UTF-8 throws with its absolute offset, line and column;
    /// the chunks before it have already been written.
    public func convert(file path: String, to sink: some ByteSink, options: StreamingOptions = .init())
        throws(HanziKitError)
    {
        let descriptor: Int32
        if path == InputFile.standardInputName {
            descriptor = STDIN_FILENO
        } else {
            var status = stat()
            guard stat(path, &status) == 0 else { throw .fileSystem(path: path, reason: "no such file") }
            guard status.st_mode & S_IFMT != S_IFDIR else { throw .fileSystem(path: path, reason: "is a directory") }
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw .fileSystem(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
            }
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var stream = ChunkedConversion(backend: backend, options: options, descriptor: descriptor, path: path)
        defer { stream.deallocate() }
        try stream.run(into: sink)
    }
}

/// One chunk's result, filled by a worker: the conversion or where its bad UTF-8 starts.
private struct ChunkResult {
    var output: ByteBuffer
    var invalidOffset: Int?
    var newlines = 0
    /// Characters after the chunk's last newline (all of them when it has none).
    var trailingCharacters = 0
}

/// Reads, cuts, converts in parallel and writes in order; owns every buffer it uses.
private struct ChunkedConversion {
    let backend: ConversionBackend
    let options: StreamingOptions
    let descriptor: Int32
    let path: String
    var input: ByteBuffer
    var results: UnsafeMutableBufferPointer<ChunkResult>
    var filled = 0
    var endOfInput = false
    /// Where `input`'s first byte sits in the whole stream, and the line and column it starts at.
    var streamOffset = 0
    var linesBefore = 0
    var columnCarry = 0

    init(backend: ConversionBackend, options: StreamingOptions, descriptor: Int32, path: String) {
        self.backend = backend
        self.options = options
        self.descriptor = descriptor
        self.path = path
        input = ByteBuffer(capacity: options.chunkSize * options.threads)
        results = .allocate(capacity: options.threads)
        for index in 0..<options.threads {
            (results.baseAddress! + index).initialize(
                to: ChunkResult(output: ByteBuffer(capacity: options.chunkSize + options.chunkSize / 8)))
        }
    }

    func deallocate() {
        input.deallocate()
        for result in results { result.output.deallocate() }
        results.deallocate()
    }

    mutating func run(into sink: some ByteSink) throws(HanziKitError) {
        while true {
            try fill()
            if filled == 0 && endOfInput { return }
            let chunks = cut()
            if chunks.isEmpty {
                // No safe cut in a whole batch: read on until there is one (or the input ends).
                input.reserve(input.capacity)
                continue
            }
            convert(chunks)
            for (index, chunk) in chunks.enumerated() {
                let result = results[index]
                if let offset = result.invalidOffset {
                    throw absoluteError(in: chunk, at: offset)
                }
                try sink.write(result.output.bytes)
                linesBefore += result.newlines
                columnCarry = result.newlines > 0 ? result.trailingCharacters : columnCarry + result.trailingCharacters
            }
            let consumed = chunks.last!.upperBound
            input.removeFirst(consumed)
            filled -= consumed
            streamOffset += consumed
        }
    }

    /// Reads until the buffer is full or the input ends.
    private mutating func fill() throws(HanziKitError) {
        while !endOfInput && filled < input.capacity {
            let count = read(descriptor, input.base + filled, input.capacity - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw .fileSystem(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { endOfInput = true }
            filled += count
            input.setCount(filled)
        }
    }

    /// Up to `threads` consecutive chunks from the start of the buffer, each ending at a safe cut.
    private func cut() -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        var start = 0
        let safe = backend.safeCutBytes
        while chunks.count < options.threads && start < filled {
            let target = start + options.chunkSize
            if target >= filled && endOfInput {
                chunks.append(start..<filled)
                break
            }
            let limit = min(target, filled)
            var cut = limit
            // A newline is the nicest cut; any byte no key contains is a correct one.
            while cut > start && input.base[cut - 1] != 0x0A { cut -= 1 }
            if cut == start {
                cut = limit
                while cut > start && !safe[Int(input.base[cut - 1])] { cut -= 1 }
            }
            if cut == start {
                // Only text that never shows a safe byte gets here; at the end it is one chunk.
                if endOfInput { chunks.append(start..<filled) }
                break
            }
            chunks.append(start..<cut)
            start = cut
        }
        return chunks
    }

    private func convert(_ chunks: [Range<Int>]) {
        // Each worker reads its own chunk of `input` and writes only its own result slot.
        let shared = UnsafeTransfer((UnsafePointer(input.base), results.baseAddress!))
        let backend = self.backend
        let work = { @Sendable (index: Int) in
            let (base, results) = shared.value
            let chunk = UnsafeBufferPointer(start: base + chunks[index].lowerBound, count: chunks[index].count)
            Self.convert(chunk, backend: backend, into: results + index)
        }
        if chunks.count == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks.count, execute: work)
        }
    }

    private static func convert(
        _ chunk: UnsafeBufferPointer<UInt8>, backend: ConversionBackend, into result: UnsafeMutablePointer<ChunkResult>
    ) {
        result.pointee.output.removeAll()
        let (isValid, newlines) = backend.convertValidating(chunk, into: &result.pointee.output)
        guard isValid else {
            result.pointee.invalidOffset = UTF8Validation.firstInvalidOffset(in: chunk)
            return
        }
        result.pointee.invalidOffset = nil
        let lastNewline = chunk.lastIndex(of: 0x0A) ?? -1
        var trailing = 0
        for index in (lastNewline + 1)..<chunk.count where chunk[index] & 0xC0 != 0x80 { trailing += 1 }
        result.pointee.newlines = newlines
        result.pointee.trailingCharacters = trailing
    }

    private func absoluteError(in chunk: Range<Int>, at offset: Int) -> HanziKitError {
        let bytes = UnsafeBufferPointer(start: UnsafePointer(input.base) + chunk.lowerBound, count: chunk.count)
        guard case let .invalidUTF8(_, line, column) = UTF8Validation.invalidUTF8Error(in: bytes, at: offset) else {
            return UTF8Validation.invalidUTF8Error(in: bytes, at: offset)
        }
        return .invalidUTF8(
            byteOffset: streamOffset + chunk.lowerBound + offset, line: linesBefore + line,
            column: line == 1 ? columnCarry + column : column)
    }
}

/// Hands pointers to worker closures; the caller guarantees workers touch disjoint memory.
private struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
