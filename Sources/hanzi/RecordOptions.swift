import ArgumentParser
import HanziKit

/// The flags of record mode, shared by `convert`, `normalize` and `check`: the input is a stream
/// of records, one a line, each its own document, as a Spark job or any pipe hands them over.
struct RecordOptions: ParsableArguments {
    @Option(
        help: """
            Read records, one a line: lines (the line is the text) or jsonl (JSON objects). Each \
            record is its own document and gives one output line, written as soon as it is read.
            """)
    var records: RecordFormat?

    @Option(
        name: .customLong("field"),
        help: """
            With --records jsonl or a JSON Lines file: a string member holding text, by name or as \
            a JSON pointer such as /meta/title (repeatable; default: text).
            """)
    var fields: [String] = []

    @Option(
        help: "With --records: a record that cannot be read makes the command fail (exit 2) or is skipped (reported).")
    var badRecords: BadRecordPolicy = .fail

    func validate() throws {
        if !fields.isEmpty && records == .lines { throw ValidationError("--field needs --records jsonl, not lines.") }
        if badRecords != .fail && records == nil { throw ValidationError("--bad-records needs --records.") }
    }

    /// The record stream the flags describe, or nil without --records.
    func stream(idField: String? = nil) -> RecordStream? {
        records.map { format in
            RecordStream(
                format: format, fields: fields.isEmpty ? ["text"] : fields, idField: idField, badRecords: badRecords)
        }
    }

    /// Runs `body` over each input's records into one stream through the one writer, as
    /// `forEachInput` does: `--output` is written only when every input succeeded.
    func write(
        _ inputs: [String], to destination: DocumentDestination,
        _ body: (String, any ByteSink, @escaping (HanziKitError) -> Void) throws(HanziKitError) -> Void
    ) throws {
        let writer = try orExit { () throws(HanziKitError) in try DocumentWriter(to: destination) }
        let sink = writer.combinedOutput!
        let failed = forEachInput(inputs) { path, skipped throws(HanziKitError) in try body(path, sink, skipped) }
        try orExit { () throws(HanziKitError) in try writer.finish(failed: failed) }
        if failed { throw ExitStatus.operationalError }
    }

    /// Runs `body` over each input (standard input when there is none), reporting a skipped record
    /// as `hanzi: warning: PATH: record skipped: …` and a failing input as an error; true when
    /// an input failed.
    func forEachInput(
        _ inputs: [String],
        _ body: (String, @escaping (HanziKitError) -> Void) throws(HanziKitError) -> Void
    ) -> Bool {
        var failed = false
        for path in inputs.isEmpty ? [InputFile.standardInputName] : inputs {
            do throws(HanziKitError) {
                let name = path == InputFile.standardInputName ? "<stdin>" : path
                try body(path) { reportWarning("\(name): record skipped: \($0.description)") }
            } catch {
                reportError(describe(error, in: path))
                failed = true
            }
        }
        return failed
    }
}

extension RecordFormat: ExpressibleByArgument {}
extension BadRecordPolicy: ExpressibleByArgument {}
