import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        guard isEnabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.1 || filesDone == totalFiles else { return }
        lastDrawn = now
        let seconds = max(now.timeIntervalSince(start), 0.001)
        let megabytes = Double(bytesDone) / 1_000_000
        let line = String(
            format: "\r%d/%d files, %.1f MB, %.1f MB/s", filesDone, totalFiles, megabytes, megabytes / seconds)
        try? FileHandle.standardError.write(contentsOf: Data(line.utf8))
    }

    /// Clears the line before other output to the terminal; the next file redraws it.
    func clear() {
        guard isEnabled, filesDone > 0, !isFinished else { return }
        lastDrawn = .distantPast
        try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8))
    }

    /// Clears the line so later messages start at the left margin; later calls do nothing.
    func finish() {
        guard isEnabled, filesDone > 0, !isFinished else { return }
        isFinished = true
        try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8))
    }
}
