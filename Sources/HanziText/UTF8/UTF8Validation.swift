/// Validates UTF-8 before it can reach OpenCC, which reads past the buffer on a truncated sequence.
package enum UTF8Validation {
    /// Decodes `bytes`, or throws `.invalidUTF8` naming the first bad sequence's byte offset,
    /// line and column (a `TextPosition`).
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

    /// The error for the bad sequence `offset` bytes into `bytes`, text that follows what
    /// `counter` has counted of a file (nothing, when `bytes` start the file).
    package static func invalidUTF8Error(
        in bytes: UnsafeBufferPointer<UInt8>, at offset: Int, after counter: PositionCounter = PositionCounter()
    ) -> HanziKitError {
        let position = counter.position(at: offset, in: bytes)
        return .invalidUTF8(byteOffset: counter.utf8Offset + offset, line: position.line, column: position.column)
    }

    /// Decodes `bytes`, text that follows what `counter` has counted of a file; an error is
    /// placed in the whole file.
    package static func decode(_ bytes: UnsafeBufferPointer<UInt8>, after counter: PositionCounter)
        throws(HanziKitError)
        -> String
    {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw invalidUTF8Error(in: bytes, at: firstInvalidOffset(in: bytes), after: counter)
    }
}
