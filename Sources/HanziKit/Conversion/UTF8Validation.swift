/// Validates UTF-8 before it can reach OpenCC, which reads past the buffer on a truncated sequence.
enum UTF8Validation {
    /// Decodes `bytes`, or throws `.invalidUTF8` naming the first bad sequence's byte offset,
    /// line and column (both 1-based, column counted in characters).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(HanziKitError) -> String {
        // The standard library's validation is the fast path; the scan below runs only on failure.
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let offset = firstInvalidOffset(in: bytes)
        throw invalidUTF8Error(in: bytes, at: offset)
    }

    static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }

    static func invalidUTF8Error(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> HanziKitError {
        let prefix = UnsafeBufferPointer(rebasing: bytes[..<offset])
        let lineStart = (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        let line = 1 + prefix.lazy.filter { $0 == UInt8(ascii: "\n") }.count
        let column = 1 + String(decoding: prefix[lineStart...], as: UTF8.self).count
        return .invalidUTF8(byteOffset: offset, line: line, column: column)
    }
}
