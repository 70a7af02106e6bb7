extension InputFile {
    /// Reads a file (or standard input for `-`) as UTF-8 text; invalid UTF-8 is an error that
    /// names the byte offset, line and column of the first bad sequence.
    public static func readText(_ path: String) throws(HanziKitError) -> String {
        let bytes = try read(path)
        return try bytes.withUnsafeBufferPointer { buffer throws(HanziKitError) in
            try UTF8Validation.decode(buffer)
        }
    }
}
