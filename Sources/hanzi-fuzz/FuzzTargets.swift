import Foundation
import HanziKit

/// The fuzz targets, each a function of arbitrary bytes that traps when an invariant breaks.
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "convert": convert
    ]

    /// Byte-level conversion: invalid UTF-8 is an error, never a crash; valid input gives valid
    /// output, and converting a string or its bytes agree.
    static func convert(_ bytes: [UInt8]) {
        let converter = try! Converter(.t2s)
        do {
            let converted = try converter.convert(utf8: bytes)
            precondition(String(validating: Array(converted.utf8), as: UTF8.self) != nil, "invalid UTF-8 out")
            let text = String(decoding: bytes, as: UTF8.self)
            precondition(converter.convert(text) == converted, "string and byte conversions differ")
        } catch HanziKitError.invalidUTF8(let offset, _, _) {
            precondition(offset >= 0 && offset < bytes.count, "offset \(offset) outside \(bytes.count) bytes")
            precondition(String(validating: bytes, as: UTF8.self) == nil, "valid UTF-8 rejected")
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }
}
