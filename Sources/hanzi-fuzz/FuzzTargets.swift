import Foundation
import HanziKit

/// The fuzz targets, each a function of arbitrary bytes that traps when an invariant breaks.
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "cache": cache,
        "config": config,
        "convert": convert,
        "decode": decode,
        "diff": diff,
        "dictionary": dictionary,
        "normalize": normalize,
        "opencc-config": openccConfig,
    ]

    /// Byte-level conversion: invalid UTF-8 is an error naming a real offset, never a crash; valid
    /// input converts without replacement characters or lost NULs, the same as a string or as bytes.
    static func convert(_ bytes: [UInt8]) {
        do {
            let converter = try Converter(.t2s)
            let converted = try converter.convert(utf8: bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            precondition(
                !converted.unicodeScalars.contains("\u{FFFD}") || text.unicodeScalars.contains("\u{FFFD}"),
                "replacement character in the output")
            precondition(
                converted.utf8.filter { $0 == 0 }.count == bytes.filter { $0 == 0 }.count, "NUL characters lost")
            precondition(converter.convert(text) == converted, "string and byte conversions differ")
        } catch HanziKitError.invalidUTF8(let offset, _, _) {
            precondition(offset >= 0 && offset < bytes.count, "offset \(offset) outside \(bytes.count) bytes")
            precondition(String(validating: bytes, as: UTF8.self) == nil, "valid UTF-8 rejected")
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }
}
