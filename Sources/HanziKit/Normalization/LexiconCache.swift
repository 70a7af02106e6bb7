import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The normalization rules' lexicons on disk, beside the compiled conversion engines: building them
/// from OpenCC's dictionaries, HanziKit's tables and iconv takes half a second, reading them back a
/// few milliseconds. The key names every OpenCC file read (as `CompiledCache` pins them down), a
/// hash of HanziKit's embedded tables and the C library that decoded the legacy encodings, so a
/// changed dictionary or a new HanziKit never gets a stale lexicon.
enum LexiconCache {
    static let magic = Array("HANZIKIT-LEXICON-CACHE-4\n".utf8)

    /// The OpenCC configurations whose dictionaries the lexicons are built from.
    static let configurations = ["s2twp.json", "t2s.json", "tw2t.json", "t2hk.json"]

    /// The cache key, or nil when OpenCC's files cannot be pinned down (then nothing is cached).
    static func key() -> String? {
        var parts = [String(decoding: magic.dropLast(), as: UTF8.self)]
        for configuration in configurations {
            guard let key = CompiledCache.key(configuration: configuration) else { return nil }
            parts.append(key)
        }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for (_, text) in CuratedDictionaries.all {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        }
        parts.append("tables \(String(hash, radix: 16))")
        // iconv's tables come with the C library: a new one may decode a code differently.
        var version = [CChar](repeating: 0, count: 64)
        if confstr(Int32(_CS_GNU_LIBC_VERSION), &version, version.count) > 0 {
            parts.append(String(decoding: version.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return parts.joined(separator: "\n")
    }

    /// The file the lexicons for `key` are stored in.
    static func fileName(for key: String) -> String {
        "lexicon-" + CompiledCache.fileName(for: key)
    }

    /// The lexicons stored for `key`; nil when absent, foreign or damaged.
    static func load(key: String, folder: String? = CompiledCache.folder) -> NormalizationLexicons? {
        guard let folder, let mapped = MappedFile(path: folder + "/" + fileName(for: key))
        else { return nil }
        var reader = CacheReader(base: mapped.base, count: mapped.count)
        guard let header = reader.read(UInt8.self, count: magic.count), Array(header) == magic,
            let storedKey = reader.readString(), storedKey == key
        else { return nil }
        return NormalizationLexicons(reading: &reader)
    }

    /// Writes the lexicons for `key` through a temporary file and a rename; failures are ignored,
    /// because the cache only saves time.
    static func store(_ lexicons: NormalizationLexicons, key: String, folder: String? = CompiledCache.folder) {
        guard let folder else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var writer = CacheWriter()
        writer.append(magic)
        writer.appendString(key)
        lexicons.write(to: &writer)
        try? AtomicFile.write(writer.bytes, to: folder + "/" + fileName(for: key))
    }
}

extension CacheWriter {
    /// An array preceded by its length.
    mutating func appendCounted<Element: BitwiseCopyable>(_ array: [Element]) {
        append([UInt64(array.count)])
        append(array)
    }

    mutating func appendScalars(_ scalars: [Unicode.Scalar]) {
        appendCounted(scalars.map(\.value))
    }

    mutating func appendString(_ string: String) {
        appendCounted(Array(string.utf8))
    }

    mutating func appendStrings(_ strings: [String]) {
        append([UInt64(strings.count)])
        for string in strings { appendString(string) }
    }
}

extension CacheReader {
    /// An array `appendCounted` wrote.
    mutating func readCounted<Element: BitwiseCopyable>(_ type: Element.Type = Element.self) -> [Element]? {
        guard let count = read(UInt64.self, count: 1)?.first, count <= UInt64(self.count),
            let elements = read(Element.self, count: Int(count))
        else { return nil }
        return Array(elements)
    }

    /// Scalars `appendScalars` wrote; nil when one is not a Unicode scalar value.
    mutating func readScalars() -> [Unicode.Scalar]? {
        guard let values: [UInt32] = readCounted() else { return nil }
        var valid = true
        let scalars = values.map { value -> Unicode.Scalar in
            guard let scalar = Unicode.Scalar(value) else {
                valid = false
                return "\u{FFFD}"
            }
            return scalar
        }
        return valid ? scalars : nil
    }

    mutating func readString() -> String? {
        readCounted(UInt8.self).flatMap { String(validating: $0, as: UTF8.self) }
    }

    mutating func readStrings() -> [String]? {
        guard let count = read(UInt64.self, count: 1)?.first, count <= UInt64(self.count) else { return nil }
        var strings: [String] = []
        for _ in 0..<count {
            guard let string = readString() else { return nil }
            strings.append(string)
        }
        return strings
    }
}
