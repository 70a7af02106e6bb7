/// The one error type HanziKit throws; OpenCC's failures arrive here with OpenCC's own message.
public enum HanziKitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// OpenCC could not open a configuration (missing file, bad JSON, missing dictionary).
    case configurationUnavailable(configuration: String, reason: String)
    /// OpenCC failed while converting text.
    case conversionFailed(reason: String)
    /// The input bytes are not valid UTF-8; `byteOffset` is where the first bad sequence starts.
    case invalidUTF8(byteOffset: Int, line: Int, column: Int)
    /// The input bytes are not valid in the named legacy encoding; `byteOffset` is where they stop being so.
    case invalidEncoding(encoding: String, byteOffset: Int)
    /// A character of the text has no representation in the output encoding.
    case unencodable(character: String, encoding: String, line: Int, column: Int)
    /// A file could not be read or written.
    case fileSystem(path: String, reason: String)
    /// A configuration or term dictionary file is malformed; `line` is 1-based.
    case invalidConfiguration(path: String, line: Int, reason: String)
    /// A phrase dictionary (an OpenCC text dictionary given with `--phrases`, `phrases:` or
    /// `PhraseDictionary`) is malformed: `line` is 1-based, `column` is 1-based in Unicode scalars,
    /// `byteOffset` is 0-based from the start of the file.
    case invalidPhrases(path: String, line: Int, column: Int, byteOffset: Int, reason: String)
    /// A line of a record stream is not a record (a malformed JSON line, a missing text member);
    /// `line` and `column` are 1-based, the column counted in Unicode scalars.
    case malformedRecord(byteOffset: Int, line: Int, column: Int, reason: String)
    /// A document is not of the format it was read as (a JSON message file with a missing
    /// comma); `line` and `column` are 1-based, the column counted in Unicode scalars.
    case malformedDocument(format: String, byteOffset: Int, line: Int, column: Int, reason: String)

    /// A one-line message for people, naming what failed and why.
    public var description: String {
        switch self {
        case let .configurationUnavailable(configuration, reason):
            return "cannot open OpenCC configuration '\(configuration)': \(reason)"
        case let .conversionFailed(reason):
            return "OpenCC conversion failed: \(reason)"
        case let .invalidUTF8(byteOffset, line, column):
            return "invalid UTF-8 at byte offset \(byteOffset) (line \(line), column \(column))"
        case let .invalidEncoding(encoding, byteOffset):
            return "invalid \(encoding) at byte offset \(byteOffset)"
        case let .unencodable(character, encoding, line, column):
            return "'\(character)' at line \(line), column \(column) cannot be written in \(encoding)"
        case let .fileSystem(path, reason):
            return "\(path): \(reason)"
        case let .invalidConfiguration(path, line, reason):
            return "\(path):\(line): \(reason)"
        case let .invalidPhrases(path, line, column, byteOffset, reason):
            return "\(path):\(line):\(column): \(reason) (byte offset \(byteOffset))"
        case let .malformedRecord(byteOffset, line, column, reason):
            return "malformed record at byte offset \(byteOffset) (line \(line), column \(column)): \(reason)"
        case let .malformedDocument(format, byteOffset, line, column, reason):
            return "not valid \(format) at line \(line), column \(column) (byte offset \(byteOffset)): \(reason)"
        }
    }
}
