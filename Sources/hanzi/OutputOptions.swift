import ArgumentParser
import HanziKit

/// Where `convert` and `normalize` write: standard output, `--output`, or each file in place;
/// one set of flags, one set of rules and one writer choice for both.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.", completion: .file())
    var output: String?

    @Flag(help: "Replace each FILE with the result, only when its text changed.")
    var inPlace = false

    /// Where the documents go.
    var destination: DocumentDestination { inPlace ? .inPlace : combinedDestination }

    /// Where a single stream (records) goes: standard output or `--output`.
    var combinedDestination: DocumentDestination { output.map { .file($0) } ?? .standardOutput }

    /// The progress line never shares a terminal with text on standard output.
    var showsProgress: Bool { inPlace || output != nil }

    /// Refuses flags that cannot go together for these inputs (`verb`: what the command does to a file).
    func validate(inputs: [String], verb: String, records: Bool) throws {
        if inPlace && output != nil {
            throw ValidationError("--in-place and --output cannot be used together.")
        }
        if inPlace && (inputs.isEmpty || inputs.contains(InputFile.standardInputName)) {
            throw ValidationError("--in-place needs files to \(verb), not standard input.")
        }
        if inPlace && records {
            throw ValidationError("--records writes to standard output or --output, not in place.")
        }
    }
}
