import HanziNormalization

/// Turns what a command found or compared into text in one output format; a reporter only
/// formats, it decides nothing. A new format is one conforming type, listed in its command's
/// `reporters` (`FindingReporters`, `DiffReporters`).
public protocol Reporter<Report>: Sendable {
    /// What one report holds: a file's findings, or a pair of files and their diff.
    associatedtype Report: Sendable

    /// The name `--format` takes.
    var identifier: String { get }
    /// Whether each report is written as soon as it is ready, so a long run's output never piles
    /// up; otherwise the format is one document, written when every report is in.
    var streams: Bool { get }
    /// Whether files are named from the repository's top folder, as GitHub attaches annotations
    /// and code-scanning results only to the repository's files.
    var namesFilesFromRepositoryRoot: Bool { get }

    /// The text for `reports`, in the order given: one at a time when the format streams.
    func format(_ reports: [Report]) -> String
    /// What follows the last report, given the whole run's counts (a summary line); empty by default.
    func ending(_ counts: FindingCounts) -> String
}

extension Reporter {
    /// Files are named as given, by default.
    public var namesFilesFromRepositoryRoot: Bool { false }

    /// Nothing follows the last report, by default.
    public func ending(_ counts: FindingCounts) -> String { "" }
}

/// The formats `hanzi check --format` accepts.
public enum FindingReporters {
    /// Every findings reporter, the default (`text`) first.
    public static let all: [any Reporter<FileReport>] = [
        TextReporter(), JSONReporter(), GitHubReporter(), SARIFReporter(),
    ]

    /// The reporter `--format identifier` names, or nil.
    public static func named(_ identifier: String) -> (any Reporter<FileReport>)? {
        all.first { $0.identifier == identifier }
    }
}
