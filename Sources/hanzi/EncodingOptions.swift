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
}

/// `--from-encoding`, `--to-encoding` and `--lossy`, for the commands that read and write text.
struct EncodingOptions: ParsableArguments {
    @OptionGroup var input: InputEncodingOptions

    @Option(help: "Encoding of the output (default: UTF-8; with --in-place, the input's encoding).")
    var toEncoding: TextEncoding?

    @Flag(help: "Replace invalid UTF-8 with U+FFFD and report it, instead of refusing the file.")
    var lossy = false

    var fromEncoding: TextEncoding? { input.fromEncoding }

    /// Whether `path` can stream through the converter as UTF-8: the output is UTF-8 and the
    /// input is named UTF-8, or (auto) its first 64 KiB look like UTF-8. Standard input cannot be
    /// sniffed without being consumed, so it streams unless another encoding is named.
    func streamsAsUTF8(_ path: String) throws(HanziKitError) -> Bool {
        guard !lossy, toEncoding == nil || toEncoding == .utf8 else { return false }
        if let fromEncoding { return fromEncoding == .utf8 }
        if path == InputFile.standardInputName { return true }
        return TextCodec.looksLikeUTF8(try InputFile.readPrefix(of: path, count: 64 * 1024))
    }

    /// Reads and decodes one input, saying what was detected when `verbose`.
    func read(_ path: String, verbose: Bool) throws(HanziKitError) -> DecodedText {
        try input.read(path, verbose: verbose, lossy: lossy)
    }

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

    /// Encodes output text; written back in place, a file keeps its encoding and byte-order mark.
    func encode(_ text: String, replacing original: DecodedText?) throws(HanziKitError) -> [UInt8] {
        let encoding = toEncoding ?? original?.encoding ?? .utf8
        let keepsMark = original.map { $0.hadByteOrderMark && $0.encoding == encoding } ?? false
        return try TextCodec.encode(text, as: encoding, byteOrderMark: keepsMark)
    }
}

extension InputEncodingOptions {
    /// Reads and decodes one input, saying what was detected when `verbose`; with `lossy`,
    /// invalid UTF-8 is replaced and reported instead of refused.
    func read(_ path: String, verbose: Bool, lossy: Bool = false) throws(HanziKitError) -> DecodedText {
        let bytes = try InputFile.read(path)
        let decoded: DecodedText
        do {
            decoded = try TextCodec.decode(bytes, as: fromEncoding)
        } catch .invalidUTF8(let offset, let line, let column) where lossy {
            let repaired = TextCodec.decodeReplacingInvalidUTF8(bytes)
            let name = path == InputFile.standardInputName ? "<stdin>" : path
            reportWarning(
                "\(name): replaced \(repaired.replacedSequences) invalid UTF-8 sequence"
                    + "\(repaired.replacedSequences == 1 ? "" : "s") with U+FFFD, the first at byte offset \(offset)"
                    + " (line \(line), column \(column))")
            return repaired.text
        }
        if verbose && decoded.wasDetected {
            let name = path == InputFile.standardInputName ? "<stdin>" : path
            reportNote(
                "\(name): read as \(decoded.encoding)\(decoded.hadByteOrderMark ? " with a byte-order mark" : "")")
        }
        return decoded
    }

}

extension Optional where Wrapped == TextEncoding {
    fileprivate func orThrow(_ argument: String) throws -> TextEncoding {
        guard let self else { throw ValidationError("unknown encoding '\(argument)'") }
        return self
    }
}
