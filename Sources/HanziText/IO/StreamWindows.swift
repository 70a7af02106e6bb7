/// A stream read in windows that end where the caller says it may be cut: the one read loop of
/// the streaming engines (conversion, normalization, check, script detection, record streams).
///
/// Each call to `next(into:size:cut:)` reads the bytes carried from the last window and fresh
/// input into a buffer until the window holds `size` bytes, then asks the caller's cut strategy
/// where the window may end; without a cut the window doubles and the strategy is asked again,
/// until it gives one or the input ends. The bytes after the cut are carried into the next window,
/// and the position (`PositionCounter`) moves past the window, so every window knows where it
/// starts in the whole stream.
///
/// The caller owns the buffers, so it can keep several windows in flight (the conversion hands
/// each to a worker thread) and reuse their memory: the carried bytes stay in the last window's
/// buffer until the next window copies them, which a worker may read meanwhile.
package struct StreamWindows: ~Copyable {
    private let reader: ByteReader
    /// The buffer of the last window; the bytes after its end are the next window's first.
    private var carrier: WindowBuffer?
    /// Where the carried bytes start in `carrier`.
    private var carriedStart = 0
    private var endOfInput = false
    /// Where the next window starts in the whole stream.
    package private(set) var position = PositionCounter()

    /// The windows of what `reader` reads, from the start of the stream.
    package init(_ reader: ByteReader) {
        self.reader = reader
    }

    /// Whether every byte of the stream has been handed out in a window.
    package var isFinished: Bool { endOfInput && carriedCount == 0 }

    private var carriedCount: Int { carrier.map { $0.count - carriedStart } ?? 0 }

    /// Reads the next window into `buffer` and cuts it; nil once the stream is finished.
    ///
    /// `cut` gets the window's bytes and how far an earlier call has already searched them
    /// without a cut (0 on the first call for a window), and returns where the window ends (after
    /// byte `cut - 1`; a cut of 0 or nil is no cut). It is not asked about the stream's last
    /// window, which ends with the input. The window's bytes stay in `buffer` until the next call,
    /// with the carried bytes after them.
    ///
    /// With `waitsForSize` false, the strategy is asked after each read of up to `size` bytes
    /// instead, so a pipe's records are handled as they arrive rather than a window at a time.
    package mutating func next(
        into buffer: WindowBuffer, size: Int, waitsForSize: Bool = true,
        cut: (_ window: UnsafeBufferPointer<UInt8>, _ searchedUpTo: Int) throws(HanziKitError) -> Int?
    ) throws(HanziKitError) -> StreamWindow? {
        takeCarriedBytes(into: buffer, reserving: size)
        var wanted = max(size, buffer.count)
        var searched = 0
        var end: Int
        while true {
            if waitsForSize {
                while !endOfInput && buffer.count < wanted { try read(into: buffer, upTo: wanted) }
            } else if !endOfInput {
                buffer.reserve(buffer.count + size)
                try read(into: buffer, upTo: buffer.count + size)
            }
            if endOfInput {
                end = buffer.count
                break
            }
            if let found = try cut(buffer.bytes, searched), found > 0, found <= buffer.count {
                end = found
                break
            }
            // No cut in the whole window (one long line, one long record): read on.
            searched = buffer.count
            wanted = buffer.count * 2
            buffer.reserve(wanted)
        }
        carrier = buffer
        carriedStart = end
        guard end > 0 else { return nil }
        let bytes = UnsafeBufferPointer(start: buffer.base, count: end)
        let start = position
        position.advance(over: bytes, newlines: UTF8Text(bytes: bytes).newlineCount)
        return StreamWindow(bytes: bytes, start: start, isLast: endOfInput)
    }

    /// Reads what the input has, up to `limit` bytes in `buffer` in all; notes the end of the input.
    private mutating func read(into buffer: WindowBuffer, upTo limit: Int) throws(HanziKitError) {
        let count = try reader.read(
            into: UnsafeMutableRawBufferPointer(start: buffer.base + buffer.count, count: limit - buffer.count))
        if count == 0 { endOfInput = true }
        buffer.count += count
    }

    /// Starts `buffer` with the bytes carried from the last window, which may be in `buffer`
    /// itself or in another window's buffer still in flight.
    private mutating func takeCarriedBytes(into buffer: WindowBuffer, reserving size: Int) {
        let carried = carriedCount
        if let carrier, carrier === buffer {
            if carriedStart > 0 && carried > 0 { buffer.base.update(from: buffer.base + carriedStart, count: carried) }
            buffer.count = carried
            buffer.reserve(max(size, carried))
        } else {
            buffer.count = 0
            buffer.reserve(max(size, carried))
            if let carrier, carried > 0 {
                buffer.base.update(from: carrier.base + carriedStart, count: carried)
                buffer.count = carried
            }
        }
        carrier = nil
        carriedStart = 0
    }
}

/// A window of a stream: its bytes (valid until the stream's next window is read) and where it
/// starts in the whole stream.
package struct StreamWindow {
    /// The window's bytes.
    package let bytes: UnsafeBufferPointer<UInt8>
    /// The stream counted up to the window's first byte: its offset, line and column there.
    package let start: PositionCounter
    /// Whether the window ends with the input rather than at a cut (its strategy was not asked).
    package let isLast: Bool
}

/// The memory one window of a stream is read into: it grows with the window and keeps its size,
/// so a buffer reused from window to window allocates only when a window outgrows it.
/// `@unchecked Sendable` is safe: a window's buffer is written only by the thread reading the
/// stream, before it hands the window to another thread and after that thread is done with it.
package final class WindowBuffer: @unchecked Sendable {
    /// The first byte.
    package private(set) var base: UnsafeMutablePointer<UInt8>
    /// How many bytes the buffer holds.
    package fileprivate(set) var count = 0
    /// How many bytes it can hold before it grows.
    package private(set) var capacity: Int

    /// An empty buffer with room for `capacity` bytes.
    package init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The bytes the buffer holds.
    package var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Makes room for `needed` bytes in all, doubling the capacity until it fits.
    fileprivate func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        (base, capacity) = growBytes(base, count: count, capacity: capacity, toHold: needed)
    }
}

/// The first `count` bytes of `base` moved into new memory that holds at least `needed`, its
/// capacity doubled from `capacity` until it does; `base` is freed. The growth of every byte
/// buffer of HanziKit's (`WindowBuffer`, the engine's output buffer).
package func growBytes(
    _ base: UnsafeMutablePointer<UInt8>, count: Int, capacity: Int, toHold needed: Int
) -> (base: UnsafeMutablePointer<UInt8>, capacity: Int) {
    var newCapacity = capacity * 2
    while newCapacity < needed { newCapacity *= 2 }
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.update(from: base, count: count)
    base.deallocate()
    return (newBase, newCapacity)
}
