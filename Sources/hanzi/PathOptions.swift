import ArgumentParser
import HanziKit

/// How commands that take files find them: directories are walked, honouring `.gitignore`.
struct PathOptions: ParsableArguments {
    @Option(name: .customLong("include"), help: "Only process files in directories matching this glob (repeatable).")
    var includeGlobs: [String] = []

    @Option(name: .customLong("exclude"), help: "Skip files and folders matching this glob (repeatable).")
    var excludeGlobs: [String] = []

    @Flag(name: .customLong("no-ignore"), help: "Also process files that .gitignore excludes.")
    var noIgnore = false

    @Flag(name: .shortAndLong, help: "Say which files were skipped and why, on standard error.")
    var verbose = false

    @Flag(
        name: .shortAndLong,
        help: "Print nothing but errors: no progress line, notes or warnings, and no report from check, detect or diff."
    )
    var quiet = false

    /// Every command that reads files has these options, and ArgumentParser validates each group
    /// before the command runs: with `--verbose`, the library's notes (a damaged cache file
    /// rebuilt, one that is not a regular file passed over) go to standard error from the start;
    /// with `--quiet`, nothing but errors does.
    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together.") }
        Quiet.isOn = quiet
        if verbose { HanziKitNotes.setHandler { reportNote($0) } }
    }

    /// Expands FILE arguments (none means standard input) into the files to process; paths that
    /// do not exist are reported on standard error and returned as failures.
    func inputFiles(_ arguments: [String], extraExcludes: [String] = []) -> (files: [String], failed: Bool) {
        let walker = PathWalker(
            includeGlobs: includeGlobs, excludeGlobs: excludeGlobs + extraExcludes, honoursGitIgnore: !noIgnore)
        let result = walker.walk(arguments.isEmpty ? [InputFile.standardInputName] : arguments)
        if verbose {
            for skipped in result.skipped {
                reportNote("skipped \(skipped.path): \(skipped.reason.description)")
            }
        }
        for failure in result.failures { reportError(failure.description) }
        return (result.files, !result.failures.isEmpty)
    }
}
