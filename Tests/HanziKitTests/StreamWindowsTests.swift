import Foundation
import Testing

@testable import HanziText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one streamed window type: every stream (conversion, normalization, detection, records)
/// reads through it, so its windows must cover the input exactly, in order, with the right start.
@Suite("StreamWindows")
struct StreamWindowsTests {
    /// Lines of mixed width (ASCII, CJK, a supplementary-plane character, a combining mark).
    static let text = Array(
        (0..<400).map { "第\($0)行 ab\u{301}c 𠀋 漢字\(String(repeating: "字", count: $0 % 37))\n" }.joined().utf8)

    /// Cuts after the last line break.
    static func afterLastLineBreak(_ bytes: UnsafeBufferPointer<UInt8>, _ searched: Int) -> Int? {
        bytes[searched...].lastIndex(of: 0x0A).map { $0 + 1 }
    }

    struct Taken: Equatable {
        var bytes: [UInt8]
        var start: PositionCounter
        var isLast: Bool
    }

    /// Every window of `text`, read into `buffers` in turn (one buffer, or a ring as the conversion's slots).
    static func windows(
        of text: [UInt8], size: Int, buffers: Int, waitsForSize: Bool = true,
        cut: (UnsafeBufferPointer<UInt8>, Int) -> Int? = afterLastLineBreak
    ) throws -> [Taken] {
        var windows = StreamWindows(ByteReader(bytes: text, path: "input.txt"))
        let ring = (0..<buffers).map { _ in WindowBuffer(capacity: size) }
        var taken: [Taken] = []
        while !windows.isFinished {
            let buffer = ring[taken.count % ring.count]
            guard
                let window = try windows.next(
                    into: buffer, size: size, waitsForSize: waitsForSize,
                    cut: { bytes, searched in cut(bytes, searched) })
            else { break }
            taken.append(Taken(bytes: Array(window.bytes), start: window.start, isLast: window.isLast))
        }
        return taken
    }

    @Test(arguments: [1, 2, 4])
    func windowsCoverTheInputInOrderAndStartWhereTheyAre(buffers: Int) throws {
        let taken = try Self.windows(of: Self.text, size: 1000, buffers: buffers)
        #expect(taken.count > 10)
        #expect(taken.flatMap(\.bytes) == Self.text)
        var counter = PositionCounter()
        for (index, window) in taken.enumerated() {
            #expect(window.start == counter, "window \(index)")
            #expect(window.bytes.count <= 1000)
            #expect(window.isLast == (index == taken.count - 1))
            if index < taken.count - 1 { #expect(window.bytes.last == 0x0A, "cut after a line break") }
            counter.advance(over: window.bytes)
        }
        #expect(counter.utf8Offset == Self.text.count)
    }

    @Test func aWindowWithoutACutDoublesUntilItHasOne() throws {
        // A line of 5,000 bytes, then short lines: the first window must hold the whole long line.
        let text = Array((String(repeating: "漢", count: 1666) + "\n" + String(repeating: "ab\n", count: 3000)).utf8)
        var asked: [(count: Int, searched: Int)] = []
        let taken = try Self.windows(of: text, size: 1000, buffers: 2) { bytes, searched in
            asked.append((bytes.count, searched))
            return Self.afterLastLineBreak(bytes, searched)
        }
        #expect(asked.prefix(4).map(\.count) == [1000, 2000, 4000, 8000])
        #expect(asked.prefix(4).map(\.searched) == [0, 1000, 2000, 4000])
        #expect(taken.first?.bytes.count == text[..<8000].lastIndex(of: 0x0A)! + 1)
        #expect(taken.flatMap(\.bytes) == text)
    }

    @Test func theLastWindowEndsWithTheInputWithoutAskingForACut() throws {
        var asked = 0
        let taken = try Self.windows(of: Array("no line break at all".utf8), size: 8, buffers: 1) { _, _ in
            asked += 1
            return nil
        }
        #expect(taken.map(\.bytes) == [Array("no line break at all".utf8)])
        #expect(taken.map(\.isLast) == [true])
        #expect(asked == 2, "asked at 8 and 16 bytes, not at the end of the input")
        #expect(try Self.windows(of: [], size: 8, buffers: 1).isEmpty)
    }

    /// Each window's start is counted with `UTF8Text.newlineCount`, eight bytes at a time.
    @Test func newlineCountEqualsCountingByteByByte() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x0A, 0x0A, 0x8A, 0x0B, 0x09, 0xFF, 0x00, 0x7F, 0x80, 0x41, 0xE4]
        for length in Array(0..<80) + [247, 248, 249, 255, 256, 257, 4096, 10_001] {
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let counted = bytes.withUnsafeBufferPointer { UTF8Text(bytes: $0).newlineCount }
            #expect(counted == bytes.count(where: { $0 == 0x0A }), "\(length) bytes")
            let allBreaks = [UInt8](repeating: 0x0A, count: length)
            #expect(allBreaks.withUnsafeBufferPointer { UTF8Text(bytes: $0).newlineCount } == length)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func withoutWaitingForSizeAPipesLinesAreHandedOutAsTheyArrive() throws {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let line = Array("第一行\n".utf8)
        #expect(write(descriptors[1], line, line.count) == line.count)
        var windows = StreamWindows(ByteReader(descriptor: descriptors[0], path: "-", closes: true))
        let buffer = WindowBuffer(capacity: 1 << 20)
        // The writing end is still open: waiting for a full window would block here.
        let first = try windows.next(into: buffer, size: 1 << 20, waitsForSize: false, cut: Self.afterLastLineBreak)
        #expect(first.map { Array($0.bytes) } == line)
        let rest = Array("第二行".utf8)
        #expect(write(descriptors[1], rest, rest.count) == rest.count)
        close(descriptors[1])
        let second = try windows.next(into: buffer, size: 1 << 20, waitsForSize: false, cut: Self.afterLastLineBreak)
        #expect(second.map { Array($0.bytes) } == rest)
        #expect(second?.start.position == TextPosition(line: 2, column: 1))
        #expect(second?.start.utf8Offset == line.count)
        #expect(second?.isLast == true)
        #expect(
            try windows.next(into: buffer, size: 1 << 20, waitsForSize: false, cut: Self.afterLastLineBreak) == nil)
    }
}
