import Dispatch
import Foundation
import HanziConversion
import HanziText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What normalizing a file as a stream found: the script it was normalized toward, and whether
/// any byte changed (so an unchanged file need not be rewritten).
public struct StreamedNormalization: Sendable, Hashable {
    /// The script the file was normalized toward (Traditional, nominally, when it was not settled).
    public var script: Script
    /// Whether the output differs from the input.
    public var changed: Bool
    /// How the script was settled.
    public var decision: ScriptDecision

    /// Creates the summary of a streamed normalization.
    public init(script: Script, changed: Bool, decision: ScriptDecision? = nil) {
        self.script = script
        self.changed = changed
        self.decision = decision ?? .fixed(script)
    }
}

extension Normalizer {
    /// Normalizes the UTF-8 file at `path` (standard input for `-`) into `sink` with bounded
    /// memory: the file is read in windows cut at neutral line breaks (see `DocumentSegments`),
    /// so the result equals `normalize(_:format:)` on the whole text.
    ///
    /// With `ScriptSelection.auto` a file is read twice, first to detect its script, so invalid
    /// UTF-8 is reported before anything is written; standard input is then read whole.
    /// Invalid UTF-8 throws with its absolute byte offset, line and column.
    public func normalize(file path: String, format: DocumentFormat = .plain, to sink: some ByteSink)
        throws(HanziKitError) -> StreamedNormalization
    {
        try normalize(TextSource(path, encoding: .utf8), format: format, to: sink)
    }

    /// Normalizes `source` as `normalize(file:format:to:)` normalizes a UTF-8 file; the text of a
    /// source in another encoding is read from memory, decoded, in the same windows.
    public func normalize(_ source: TextSource, format: DocumentFormat = .plain, to sink: some ByteSink)
        throws(HanziKitError) -> StreamedNormalization
    {
        if let text = try wholeText(of: source) {
            try prepare()
            let decision = try scriptDecision(for: text)
            let script = decision.script ?? .traditional
            let normalized = scoped(to: decision).normalize(text, script: script, format: format)
            try sink.write(normalized.utf8)
            return StreamedNormalization(
                script: script, changed: !normalized.utf8.elementsEqual(text.utf8), decision: decision)
        }
        let loading = startLoading(for: source)
        let decision = try streamDecision(of: source)
        loading.wait()
        try prepare()
        let script = decision.script ?? .traditional
        let engine = scoped(to: decision)
        var changed = false
        try WindowedText.forEachPiece(of: source, format: format, layout: layout) { piece in
            let normalized = engine.normalize(piece.text, script: script, format: format, known: piece.segmentation)
            return (piece.text, normalized)
        } emit: { (original: String, normalized: String) throws(HanziKitError) in
            if !normalized.utf8.elementsEqual(original.utf8) { changed = true }
            try sink.write(normalized.utf8)
        }
        return StreamedNormalization(script: script, changed: changed, decision: decision)
    }

    /// Every finding in the UTF-8 file at `path` (standard input for `-`), read in windows with
    /// bounded memory; positions are those of the whole file, as `check(_:format:)` gives them.
    public func check(file path: String, format: DocumentFormat = .plain) throws(HanziKitError)
        -> NormalizationResult
    {
        var all: [Finding] = []
        let decision = try checkDeciding(TextSource(path, encoding: .utf8), format: format) {
            _, findings throws(HanziKitError) in
            all += findings
        }
        return NormalizationResult(script: decision.script ?? .traditional, findings: all, decision: decision)
    }

    /// Checks the UTF-8 file at `path` (standard input for `-`) in windows, handing each window's
    /// findings to `body` with the file's script as soon as they are found, so memory stays
    /// bounded however many findings a large file has. Returns the script.
    public func check(
        file path: String, format: DocumentFormat = .plain,
        reportingTo body: (Script, [Finding]) throws(HanziKitError) -> Void
    ) throws(HanziKitError) -> Script {
        try check(TextSource(path, encoding: .utf8), format: format, reportingTo: body)
    }

    /// Checks `source` as `check(file:format:reportingTo:)` checks a UTF-8 file; the text of a
    /// source in another encoding is read from memory, decoded, in the same windows.
    public func check(
        _ source: TextSource, format: DocumentFormat = .plain,
        reportingTo body: (Script, [Finding]) throws(HanziKitError) -> Void
    ) throws(HanziKitError) -> Script {
        try checkDeciding(source, format: format, reportingTo: body).script ?? .traditional
    }

    /// `check(file:format:reportingTo:)`, returning how the script was settled; a document whose
    /// script was not settled first reports the `info` finding that says so, and front matter
    /// kept unread is an `info` finding in its place.
    func checkDeciding(
        _ source: TextSource, format: DocumentFormat,
        reportingTo body: (Script, [Finding]) throws(HanziKitError) -> Void
    ) throws(HanziKitError) -> ScriptDecision {
        if let text = try wholeText(of: source) {
            let result = try check(text, format: format)
            try body(result.script, result.findings)
            return result.decision
        }
        let loading = startLoading(for: source)
        let decision = try streamDecision(of: source)
        loading.wait()
        try prepare()
        let script = decision.script ?? .traditional
        let engine = scoped(to: decision)
        if let finding = decision.finding { try body(script, [finding]) }
        // Front matter is at the start: its note goes out with the first window's findings.
        var unread = try format.unreadFrontMatter(of: source)
        try WindowedText.forEachPiece(of: source, format: format, layout: layout) { piece in
            var found = engine.findings(in: piece.text, script: script, format: format, known: piece.segmentation)
            for index in found.indices {
                if found[index].line == 1 { found[index].column += piece.start.position.column - 1 }
                found[index].line += piece.start.position.line - 1
                found[index].utf8Offset += piece.start.utf8Offset
            }
            return found
        } emit: { (found: [Finding]) throws(HanziKitError) in
            var found = found
            if let note = unread {
                Self.insert(note, into: &found)
                unread = nil
            }
            if !found.isEmpty { try body(script, found) }
        }
        return decision
    }

    /// Starts loading what the rules read on another thread, and what they load on demand that
    /// `source` will almost surely need on a third, while this one settles the script. Wait on the
    /// group before `prepare()`, which then throws what could not be loaded: a thread that reaches
    /// a lexicon still loading waits on Swift's once, whose futex on Linux spins while the loading
    /// thread runs (a core burnt for the whole load, and the other loader kept off it); the group's
    /// wait sleeps.
    func startLoading(for source: TextSource) -> DispatchGroup {
        let rules = enabledRules.map(\.rule)
        let loading = DispatchGroup()
        let byteCount = source.size
        // Threads of their own: the global queue started the second job up to 10 ms after the first.
        let jobs: [@Sendable () -> Void] = [
            { for rule in rules { try? rule.prepare() } },
            { for rule in rules { rule.loadAhead(forInputOf: byteCount) } },
        ]
        for job in jobs {
            loading.enter()
            Thread.detachNewThread {
                job()
                loading.leave()
            }
        }
        return loading
    }

    /// A source that cannot be read twice (standard input from a pipe), read whole when the
    /// script must be detected first.
    func wholeText(of source: TextSource) throws(HanziKitError) -> String? {
        guard !source.isRereadable, case .auto = settings.script else { return nil }
        return try source.readText()
    }

    /// How a streamed file's script is settled: fixed, or counted over the whole file; when the
    /// script-specific characters are too few to decide, the file is read once more to count what
    /// OpenCC's conversions change (such files are small or hold little Chinese).
    func streamDecision(of source: TextSource) throws(HanziKitError) -> ScriptDecision {
        guard case .auto = settings.script else { return try scriptDecision(for: "") }
        return Self.decision(try ScriptDetector.shared().decide(source, layout: layout))
    }
}

/// Reads a file in windows (`StreamWindows`) and hands out pieces that end at neutral cuts; the
/// rest of each window is carried into the next, and a window without a cut grows until it has
/// one or the file ends.
enum WindowedText {
    /// A piece of the file: its text, where it starts, and the lines and columns before it.
    struct Piece: Sendable {
        var text: String
        /// The file counted up to the piece's start: its offset, line and column there.
        var start: PositionCounter
        /// The piece's protected regions and cuts, when finding its end needed them.
        var segmentation: Segmentation?
    }

    /// Runs `work` on each piece on another thread while the next piece is read, validated and
    /// cut, and hands the results to `emit` in order on this thread: reading and writing overlap
    /// the rules' work instead of leaving cores idle between windows. At most two pieces are in
    /// flight, so memory stays bounded.
    static func forEachPiece<Result: Sendable>(
        of source: TextSource, format: DocumentFormat, layout: SegmentLayout, cutting: Bool = true,
        work: @escaping @Sendable (Piece) -> Result,
        emit: (Result) throws(HanziKitError) -> Void
    ) throws(HanziKitError) {
        var pending: BackgroundWork<Result>?
        // A failed read leaves no work running behind the caller's back.
        defer { _ = pending?.result() }
        try forEachPiece(of: source, format: format, layout: layout, cutting: cutting) { piece throws(HanziKitError) in
            let previous = pending
            pending = BackgroundWork { work(piece) }
            if let previous { try emit(previous.result()) }
        }
        if let last = pending {
            pending = nil
            try emit(last.result())
        }
    }

    /// The size of a stream's first window.
    static let firstWindowSize = 256 << 10

    /// Hands out the pieces of `source` in order: windows of `StreamWindows` cut at the last
    /// neutral cut of their `Segmentation`, or where the format cuts on its own; without
    /// `cutting`, wherever the window's last whole scalar ends. Each window is validated as UTF-8
    /// before it is cut, so an error names its place in the whole file.
    static func forEachPiece(
        of source: TextSource, format: DocumentFormat, layout: SegmentLayout, cutting: Bool = true,
        _ body: (Piece) throws(HanziKitError) -> Void
    ) throws(HanziKitError) {
        var windows = StreamWindows(try source.makeReader())
        // Windows start small and double: the first is ready for the rules' threads sooner, and
        // the next is read while they work on it.
        var windowSize = min(layout.windowSize, Self.firstWindowSize)
        let buffer = WindowBuffer(capacity: windowSize)
        while true {
            let start = windows.position
            // The text and segmentation of the window as last cut, so the cut's work is not redone.
            var cutWindow: (text: String, segmentation: Segmentation?)?
            let next = try windows.next(into: buffer, size: windowSize) { bytes, _ throws(HanziKitError) in
                let complete = completeScalars(in: bytes)
                let text = try UTF8Validation.decode(UnsafeBufferPointer(rebasing: bytes[..<complete]), after: start)
                cutWindow = (text, nil)
                guard cutting else { return complete }
                if format.cutsOnItsOwn {
                    // A format with its own cuts (JSON Lines records, subtitle cues) or none (JSON, read whole).
                    return format.syntax.lastCut(
                        in: UnsafeBufferPointer(rebasing: bytes[..<complete]), options: format.options)
                }
                let window = UTF8Text.withText(text) { Segmentation($0, format: format, layout: layout) }
                // No neutral cut in the whole window (one long protected stretch): read on.
                guard let cut = window.cuts.last else { return nil }
                cutWindow?.segmentation = Segmentation(
                    protected: window.protected.slice(0..<cut), cuts: window.cuts.dropLast())
                return cut
            }
            guard let window = next else { return }
            let text: String
            var segmentation: Segmentation?
            if window.isLast {
                text = try UTF8Validation.decode(window.bytes, after: window.start)
            } else {
                (text, segmentation) = cutWindow!
            }
            let piece = text.utf8.count == window.bytes.count ? text : text.utf8Slice(0..<window.bytes.count)
            if cutting && format.cutsOnItsOwn {
                // The document is of its format, or the error names the place.
                _ = try format.textRanges(in: window.bytes, after: window.start)
            }
            try body(Piece(text: piece, start: window.start, segmentation: segmentation))
            windowSize = min(windowSize * 2, layout.windowSize)
        }
    }

    /// The length of `bytes` without a scalar the window cut short at its end.
    private static func completeScalars(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var start = bytes.count
        while start > 0 && bytes.count - start < 4 {
            start -= 1
            let byte = bytes[start]
            guard byte & 0xC0 == 0x80 else {
                let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return start + length > bytes.count ? start : bytes.count
            }
        }
        return bytes.count
    }
}

/// A value computed on a global queue, waited for once.
final class BackgroundWork<Value: Sendable>: Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let value = Locked<Value?>(nil)

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async { [self] in
            let result = work()
            value.withLock { $0 = result }
            finished.signal()
        }
    }

    /// The value, once the work is done; call it once.
    func result() -> Value {
        finished.wait()
        return value.withLock { $0! }
    }
}
