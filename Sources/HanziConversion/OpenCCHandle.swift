internal import COpenCC
internal import COpenCCBridge
import HanziText

/// Owns one OpenCC converter: an `opencc_t` from OpenCC's C API, or, with phrase dictionaries,
/// OpenCC's own C++ `Converter` rebuilt by the bridge with them in front. The only place in
/// HanziKit that touches OpenCC's C API.
///
/// `@unchecked Sendable` is safe because the converter is immutable after opening: OpenCC's
/// converter, segmentation and dictionaries are only read while converting
/// (`Converter::Convert` is const), and `opencc_error()`, the one piece of shared mutable
/// state, is only read under `openCCLock`.
final class OpenCCHandle: @unchecked Sendable {
    private enum Raw {
        case library(opencc_t)
        case withPhrases(OpaquePointer)
    }

    private let raw: Raw

    private init(raw: Raw) {
        self.raw = raw
    }

    deinit {
        switch raw {
        case .library(let handle): opencc_close(handle)
        case .withPhrases(let converter): hanzikit_converter_close(converter)
        }
    }

    /// Serialises `opencc_open` with reading the process-wide `opencc_error()` string it sets.
    private static let openCCLock = Locked<Void>(())

    /// Opens `configuration`; `phrases` join the front of its segmentation group and of its
    /// first conversion step's group (see `PhraseDictionary`).
    static func open(configuration: String, phrases: [PhraseDictionary] = []) throws(HanziKitError) -> OpenCCHandle {
        if !phrases.isEmpty { return try open(configuration: configuration, phraseTexts: phrases.map(\.lexiconText)) }
        let result: Result<OpenCCHandle, HanziKitError> = openCCLock.withLock { _ in
            let raw = opencc_open(configuration)
            // opencc_open signals failure with (opencc_t)-1, not NULL.
            guard let raw, raw != opencc_t(bitPattern: -1) else {
                return .failure(.configurationUnavailable(configuration: configuration, reason: lastError()))
            }
            return .success(OpenCCHandle(raw: .library(raw)))
        }
        return try result.get()
    }

    private static func open(configuration: String, phraseTexts: [[UInt8]]) throws(HanziKitError) -> OpenCCHandle {
        var error: UnsafeMutablePointer<CChar>?
        let lengths = phraseTexts.map(\.count)
        // Each text is kept alive by `phraseTexts` while the bridge copies it into a lexicon.
        let converter = withPointers(to: phraseTexts) { pointers in
            hanzikit_converter_open(configuration, pointers, lengths, phraseTexts.count, &error)
        }
        guard let converter else {
            throw .configurationUnavailable(configuration: configuration, reason: takeBridgeMessage(error))
        }
        return OpenCCHandle(raw: .withPhrases(converter))
    }

    /// Converts valid UTF-8 that contains no NUL byte (OpenCC stops at NUL).
    func convert(validUTF8WithoutNUL bytes: UnsafeBufferPointer<UInt8>) throws(HanziKitError) -> String {
        if bytes.isEmpty { return "" }
        switch raw {
        case .library(let handle):
            let converted = bytes.withMemoryRebound(to: CChar.self) { chars in
                opencc_convert_utf8(handle, chars.baseAddress, chars.count)
            }
            guard let converted else {
                throw .conversionFailed(reason: Self.openCCLock.withLock { _ in Self.lastError() })
            }
            defer { opencc_convert_utf8_free(converted) }
            return String(cString: converted)
        case .withPhrases(let converter):
            var error: UnsafeMutablePointer<CChar>?
            var length = 0
            let converted = bytes.withMemoryRebound(to: CChar.self) { chars in
                hanzikit_converter_convert(converter, chars.baseAddress, chars.count, &length, &error)
            }
            guard let converted else { throw .conversionFailed(reason: Self.takeBridgeMessage(error)) }
            defer { hanzikit_free(converted) }
            return String(decoding: UnsafeRawBufferPointer(start: converted, count: length), as: UTF8.self)
        }
    }

    private static func lastError() -> String {
        guard let message = opencc_error() else { return "unknown OpenCC error" }
        let text = String(cString: message)
        return text.isEmpty ? "unknown OpenCC error" : text
    }

    private static func takeBridgeMessage(_ error: UnsafeMutablePointer<CChar>?) -> String {
        guard let error else { return "unknown OpenCC error" }
        defer { hanzikit_free(error) }
        return String(cString: error)
    }
}

/// Calls `body` with a C array of pointers to each text's bytes, valid for the call only.
private func withPointers<Result>(
    to texts: [[UInt8]], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result
) -> Result {
    func nest(_ index: Int, _ pointers: inout [UnsafePointer<CChar>?]) -> Result {
        guard index < texts.count else { return pointers.withUnsafeBufferPointer { body($0.baseAddress!) } }
        return texts[index].withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                pointers.append(chars.baseAddress)
                return nest(index + 1, &pointers)
            }
        }
    }
    var pointers: [UnsafePointer<CChar>?] = []
    return nest(0, &pointers)
}
