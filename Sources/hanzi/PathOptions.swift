import ArgumentParser
import HanziKit

/// How every command that takes files finds them, with one set of defaults (see `files`).
struct PathOptions: ParsableArguments {
    @Option(
        name: .customLong("include"),
        help: "Inside folders, process the files matching this glob instead of the prose files (repeatable).")
    var includeGlobs: [String] = []

    @Option(name: .customLong("exclude"), help: "Skip files and folders matching this glob (repeatable).")
    var excludeGlobs: [String] = []

    @Flag(name: .customLong("no-ignore"), help: "Also process files that .gitignore excludes.")
    var noIgnore = false

    @Option(
        name: .customLong("settings"),
        help: ArgumentHelp(
            "A settings file like .hanzi.yml. Default: the nearest .hanzi.yml in this folder or a parent.",
            valueName: "file"),
        completion: .settingsFiles)
    var settingsFile: String?

    @Flag(name: .shortAndLong, help: "Say which files were skipped and why, on standard error.")
    var verbose = false

    @Flag(
        name: .shortAndLong,
        help: "Print nothing but errors: no progress line, notes or warnings, and no report from check, detect or diff."
    )
    var quiet = false

    /// The prose files a folder stands for when no --include is given.
    static let textFileGlobs = ["*.txt", "*.text", "*.md", "*.markdown"]

    /// Every command that reads files has these options, and ArgumentParser validates each group
    /// before the command runs: with `--verbose`, the library's notes (a damaged cache file
    /// rebuilt, one that is not a regular file passed over) go to standard error from the start;
    /// with `--quiet`, nothing but errors does.
    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together.") }
        Quiet.isOn = quiet
        if verbose { HanziKitNotes.setHandler { reportNote($0) } }
    }

    /// The settings file in force (--settings, else the nearest .hanzi.yml), or the defaults.
    func configuration() throws(HanziKitError) -> HanziConfiguration {
        guard let path = settingsFile ?? HanziConfiguration.discover() else { return HanziConfiguration() }
        return try HanziConfiguration.load(path: path)
    }

    /// The one walk every command makes of its PATH arguments (`-` is standard input): inside a
    /// folder, its prose files (.txt, .text, .md, .markdown, or those --include names), skipping
    /// hidden files and folders, what .gitignore ignores (unless --no-ignore), what --exclude
    /// names, binary files and what isn't a regular file; the settings file's `ignore` applies to
    /// files found in folders and named files alike. Paths that do not exist are reported and
    /// make `failed` true.
    func files(_ arguments: [String], configuration: HanziConfiguration) -> (files: [String], failed: Bool) {
        let result = walker.walk(arguments)
        if verbose {
            for skipped in result.skipped {
                reportNote("skipped \(skipped.path): \(skipped.reason.description)")
            }
        }
        for failure in result.failures { reportError(failure.description) }
        // Named files too: pre-commit and editors name the files they hand over.
        let files = result.files.filter { !configuration.isIgnored($0) }
        if verbose {
            for path in result.files where configuration.isIgnored(path) {
                reportNote("skipped \(path): ignored by \(configuration.path ?? HanziConfiguration.fileName)")
            }
        }
        return (files, !result.failures.isEmpty)
    }

    /// `files(_:configuration:)` with the settings file in force, which is read only when a
    /// path other than standard input is given; an invalid one ends the command.
    func files(_ arguments: [String]) throws -> (files: [String], failed: Bool) {
        guard arguments.contains(where: { $0 != InputFile.standardInputName }) else { return (arguments, false) }
        let settings: HanziConfiguration = try orExit { () throws(HanziKitError) in try configuration() }
        return files(arguments, configuration: settings)
    }

    /// The walker with the one set of defaults.
    var walker: PathWalker {
        PathWalker(
            includeGlobs: includeGlobs.isEmpty ? Self.textFileGlobs : includeGlobs,
            excludeGlobs: excludeGlobs + [".*"], honoursGitIgnore: !noIgnore)
    }
}
