/// Validates UTF-8 before it can reach OpenCC, which reads past the buffer on a truncated sequence.
package enum UTF8Validation {
    /// Decodes `bytes`, or throws `.invalidUTF8` naming the first bad sequence's byte offset,
    /// line and column (both 1-based, column counted in characters).
    package static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(HanziKitError) -> String {
        // The standard library's validation is the fast path; the scan below runs only on failure.
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let offset = firstInvalidOffset(in: bytes)
        throw invalidUTF8Error(in: bytes, at: offset)
    }

    package static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
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

    /// `error`, found in a chunk of a stream, placed in the whole stream: the chunk starts
    /// `offset` bytes in, after `lines` line breaks and `columns` characters of its first line.
    package static func placed(_ error: HanziKitError, afterBytes offset: Int, lines: Int, columns: Int)
        -> HanziKitError
    {
        guard case let .invalidUTF8(local, line, column) = error else { return error }
        return .invalidUTF8(
            byteOffset: offset + local, line: lines + line, column: line == 1 ? columns + column : column)
    }

    package static func invalidUTF8Error(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> HanziKitError {
        let position = TextPosition(utf8Offset: offset, in: bytes)
        return .invalidUTF8(byteOffset: offset, line: position.line, column: position.column)
    }
}
