internal import COpenCC
import HanziText
import Synchronization

/// Owns one `opencc_t`; the only place in HanziKit that touches OpenCC's C API.
///
/// `@unchecked Sendable` is safe because the handle is immutable after `opencc_open`:
/// OpenCC's converter, segmentation and dictionaries are only read while converting
/// (`SimpleConverter::Convert` is const), and `opencc_error()`, the one piece of shared
/// mutable state, is only read under `openCCLock`.
final class OpenCCHandle: @unchecked Sendable {
    private let raw: opencc_t

    private init(raw: opencc_t) {
        self.raw = raw
    }

    deinit {
        opencc_close(raw)
    }

    /// Serialises `opencc_open` with reading the process-wide `opencc_error()` string it sets.
    private static let openCCLock = Mutex<Void>(())

    static func open(configuration: String) throws(HanziKitError) -> OpenCCHandle {
        let result: Result<OpenCCHandle, HanziKitError> = openCCLock.withLock { _ in
            let raw = opencc_open(configuration)
            // opencc_open signals failure with (opencc_t)-1, not NULL.
            guard let raw, raw != opencc_t(bitPattern: -1) else {
                return .failure(.configurationUnavailable(configuration: configuration, reason: lastError()))
            }
            return .success(OpenCCHandle(raw: raw))
        }
        return try result.get()
    }

    /// Converts valid UTF-8 that contains no NUL byte (OpenCC stops at NUL).
    func convert(validUTF8WithoutNUL bytes: UnsafeBufferPointer<UInt8>) throws(HanziKitError) -> String {
        if bytes.isEmpty { return "" }
        let converted = bytes.withMemoryRebound(to: CChar.self) { chars in
            opencc_convert_utf8(raw, chars.baseAddress, chars.count)
        }
        guard let converted else {
            throw .conversionFailed(reason: Self.openCCLock.withLock { _ in Self.lastError() })
        }
        defer { opencc_convert_utf8_free(converted) }
        return String(cString: converted)
    }

    private static func lastError() -> String {
        guard let message = opencc_error() else { return "unknown OpenCC error" }
        let text = String(cString: message)
        return text.isEmpty ? "unknown OpenCC error" : text
    }
}
