import ArgumentParser
import HanziKit

extension TextEncoding: ExpressibleByArgument {}

/// `--from-encoding`, for every command that reads text.
struct InputEncodingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Encoding of the input: auto, \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")).",
            discussion: "auto trusts a byte-order mark, then UTF-8 validity, then GB18030/Big5 byte statistics."),
        completion: .inputEncodings,
        transform: { $0 == "auto" ? nil : try TextEncoding(argument: $0).orThrow($0) })
    var fromEncoding: TextEncoding? = nil

    /// A hint that follows an encoding error, naming the option that resolves it.
    func hint(for error: HanziKitError) -> String? {
        switch error {
        case .invalidUTF8 where fromEncoding == nil:
            return "if the file is in a legacy encoding, name it with --from-encoding gb18030 or big5"
        case .unencodable:
            return "choose an encoding that can hold it, for example --to-encoding utf-8"
        default:
            return nil
        }
    }
}

/// `--from-encoding`, `--to-encoding` and `--lossy`, for the commands that read and write text.
struct EncodingOptions: ParsableArguments {
    @OptionGroup var input: InputEncodingOptions

    @Option(help: "Encoding of the output (default: UTF-8; with --in-place, the input's encoding).")
    var toEncoding: TextEncoding?

    @Flag(help: "Replace invalid UTF-8 with U+FFFD and report it, instead of refusing the file.")
    var lossy = false

    var fromEncoding: TextEncoding? { input.fromEncoding }

    /// A hint that follows an encoding error, naming the option that resolves it.
    func hint(for error: HanziKitError) -> String? { input.hint(for: error) }
}

extension Optional where Wrapped == TextEncoding {
    fileprivate func orThrow(_ argument: String) throws -> TextEncoding {
        guard let self else { throw ValidationError("unknown encoding '\(argument)'") }
        return self
    }
}
