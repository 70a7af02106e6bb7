import Foundation
import HanziKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard error, the one place that prints errors, warnings, notes and the progress line, so
/// they never interleave: a message first clears a progress line that is showing, and the next
/// file redraws it. Messages may come from any thread (the library's notes do).
enum Console {
    private struct State {
        /// The progress line on the terminal now, if any.
        var progressShown = false
    }

    private static let state = Locked(State())

    /// Writes one whole message line, clearing the progress line first when it shows.
    static func writeMessage(_ line: String) {
        state.withLock { state in
            var bytes = Array(line.utf8)
            if state.progressShown {
                bytes = Array("\r\u{1B}[K".utf8) + bytes
                state.progressShown = false
            }
            write(bytes)
        }
    }

    /// Draws the progress line in place of the one showing.
    fileprivate static func drawProgress(_ line: String) {
        state.withLock { state in
            write(Array(("\r" + line + "\u{1B}[K").utf8))
            state.progressShown = true
        }
    }

    /// Clears the progress line when it shows.
    fileprivate static func clearProgress() {
        state.withLock { state in
            guard state.progressShown else { return }
            write(Array("\r\u{1B}[K".utf8))
            state.progressShown = false
        }
    }

    private static func write(_ bytes: [UInt8]) {
        // Nothing can be said about a failure to write to standard error.
        try? FileDescriptorSink.standardError().write(bytes)
    }
}

/// Shows files and bytes done and the rate on standard error, only when it is a terminal.
///
/// Redraws at most ten times a second so a run over many small files is not slowed by drawing.
final class ProgressLine {
    private let totalFiles: Int
    private let isEnabled: Bool
    private let start = Date()
    private var lastDrawn = Date.distantPast
    private var filesDone = 0
    private var bytesDone = 0
    private var isFinished = false

    init(totalFiles: Int, quiet: Bool) {
        self.totalFiles = totalFiles
        // Piped or redirected stderr, NO_COLOR-style opt-outs and single inputs stay silent.
        isEnabled =
            !quiet && totalFiles > 1 && isatty(STDERR_FILENO) == 1
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Records one finished file of `bytes` bytes.
    func advance(bytes: Int) {
        filesDone += 1
        bytesDone += bytes
        guard isEnabled, !isFinished else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.1 || filesDone == totalFiles else { return }
        lastDrawn = now
        let seconds = max(now.timeIntervalSince(start), 0.001)
        let megabytes = Double(bytesDone) / 1_000_000
        Console.drawProgress(
            String(format: "%d/%d files, %.1f MB, %.1f MB/s", filesDone, totalFiles, megabytes, megabytes / seconds))
    }

    /// Clears the line before other output to the terminal; the next file redraws it.
    func clear() {
        guard isEnabled, !isFinished else { return }
        lastDrawn = .distantPast
        Console.clearProgress()
    }

    /// Clears the line so later messages start at the left margin; later calls do nothing.
    func finish() {
        guard isEnabled, !isFinished else { return }
        isFinished = true
        Console.clearProgress()
    }
}
