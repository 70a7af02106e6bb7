#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Somewhere streamed conversion output goes, chunk by chunk and in order.
public protocol ByteSink: AnyObject {
    /// Appends `bytes`; a failure names the destination.
    func write(_ bytes: some Collection<UInt8>) throws(HanziKitError)
}

/// Writes to an open file descriptor, such as standard output, retrying short writes.
public final class FileDescriptorSink: ByteSink {
    private let descriptor: Int32
    private let name: String

    /// Standard output.
    public static func standardOutput() -> FileDescriptorSink {
        FileDescriptorSink(descriptor: STDOUT_FILENO, name: standardOutputName)
    }

    /// The name errors give standard output.
    public static let standardOutputName = "<stdout>"

    /// Standard error, where messages and the progress line go.
    public static func standardError() -> FileDescriptorSink {
        FileDescriptorSink(descriptor: STDERR_FILENO, name: "<stderr>")
    }

    init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// Writes every byte, or throws naming the destination.
    public func write(_ bytes: some Collection<UInt8>) throws(HanziKitError) {
        let written: Result<Void, HanziKitError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(HanziKitError) in try writeAll(UnsafeRawBufferPointer(buffer)) }
        }
        if let written { return try written.get() }
        let copy = Array(bytes)
        try copy.withUnsafeBytes { buffer in
            Result { () throws(HanziKitError) in try writeAll(buffer) }
        }.get()
    }

    func writeAll(_ buffer: UnsafeRawBufferPointer) throws(HanziKitError) {
        var offset = 0
        while offset < buffer.count {
            let count = Platform.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw .fileSystem(path: name, reason: "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }
}
