#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Owns one iconv conversion descriptor from the system's iconv; closes it when released.
///
/// Not `Sendable`: iconv descriptors carry shift state, so each conversion uses its own.
package final class Iconv {
    private let descriptor: iconv_t
    private let from: String

    /// Why a conversion stopped.
    package enum Failure: Error, Equatable {
        /// The input has an invalid or truncated sequence starting at this byte offset.
        case invalidInput(byteOffset: Int)
        /// The system's iconv does not know one of the encodings.
        case unsupported
    }

    package init(from: String, to: String) throws(Failure) {
        let descriptor = iconv_open(to, from)
        // iconv_open signals failure with (iconv_t)-1.
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { throw .unsupported }
        self.descriptor = descriptor
        self.from = from
    }

    deinit {
        iconv_close(descriptor)
    }

    /// Converts all of `input`, or throws with the offset of the first sequence it cannot convert.
    package func convert(_ input: UnsafeBufferPointer<UInt8>) throws(Failure) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: max(16, input.count * 4 + 16))
        guard let inputBase = input.baseAddress else { return [] }
        var inputPointer = UnsafeMutablePointer<CChar>(
            mutating: UnsafeRawPointer(inputBase).assumingMemoryBound(to: CChar.self))
        var inputLeft = input.count
        var produced = 0
        while true {
            let (status, outputLeftAfter, failure) = output.withUnsafeMutableBytes { raw -> (Int, Int, Int32) in
                var outputPointer: UnsafeMutablePointer<CChar>? = raw.baseAddress!.advanced(by: produced)
                    .assumingMemoryBound(to: CChar.self)
                var outputLeft = raw.count - produced
                var inputCursor: UnsafeMutablePointer<CChar>? = inputPointer
                let status = iconv(descriptor, &inputCursor, &inputLeft, &outputPointer, &outputLeft)
                let failure = status == -1 ? errno : 0
                inputPointer = inputCursor!
                return (status, outputLeft, failure)
            }
            produced = output.count - outputLeftAfter
            if status != -1 { break }
            switch failure {
            case E2BIG:
                output += [UInt8](repeating: 0, count: output.count)
            default:
                // EILSEQ (invalid) or EINVAL (truncated at the end): both point at the bad sequence.
                throw .invalidInput(byteOffset: input.count - inputLeft)
            }
        }
        return Array(output[..<produced])
    }
}
