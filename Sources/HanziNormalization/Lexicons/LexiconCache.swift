import Foundation
import HanziConversion
import HanziText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Tables built from OpenCC's dictionaries that can be stored in the lexicon cache.
protocol CachedLexicon: Sendable {
    /// The start of the file's name, and of its key.
    static var kind: String { get }
    /// The OpenCC configurations whose dictionaries the tables are built from.
    static var configurations: [String] { get }
    /// What else the tables are built from, for the key.
    static var sources: [String] { get }
    func write(to writer: inout CacheWriter)
    init?(reading reader: inout CacheReader)
}

/// Lexicons on disk, beside the compiled conversion engines: building the normalization rules'
/// lexicons from OpenCC's dictionaries, HanziKit's tables and iconv takes half a second, reading
/// them back a few milliseconds. The key names every OpenCC file read (as `OpenCCData.filesKey` pins
/// them down) and what else a lexicon is built from, so a changed dictionary or a new HanziKit
/// never gets a stale lexicon.
enum LexiconCache {
    static let magic = Array("HANZIKIT-LEXICON-CACHE-10\n".utf8)
    /// Files of one kind kept at once: another HanziKit or OpenCC in use keeps its own, and
    /// files left by upgrades are removed.
    static let filesKeptPerKind = 2

    /// The cache key of `Lexicon`, or nil when OpenCC's files cannot be pinned down (then nothing is cached).
    static func key<Lexicon: CachedLexicon>(for lexicon: Lexicon.Type) -> String? {
        var parts = [String(decoding: magic.dropLast(), as: UTF8.self), Lexicon.kind]
        for configuration in Lexicon.configurations {
            guard let key = OpenCCData.filesKey(of: configuration) else { return nil }
            parts.append(key)
        }
        return (parts + Lexicon.sources).joined(separator: "\n")
    }

    /// A hash of HanziKit's embedded tables.
    static var curatedTablesHash: String { "tables \(String(CuratedDictionaries.fingerprint, radix: 16))" }

    /// The version of the C library, whose iconv decodes the legacy encodings: a new one may
    /// decode a code differently.
    static var cLibraryVersion: String { Platform.cLibraryVersion }

    /// The file the lexicon for `key` is stored in.
    static func fileName<Lexicon: CachedLexicon>(for key: String, of lexicon: Lexicon.Type) -> String {
        Lexicon.kind + "-" + CacheFolder.fileName(for: key)
    }

    /// The lexicon stored for `key`; nil when absent, foreign or damaged.
    static func load<Lexicon: CachedLexicon>(
        _ lexicon: Lexicon.Type, key: String, folder: String? = CacheFolder.path
    ) -> Lexicon? {
        guard let folder, let mapped = MappedFile(path: folder + "/" + fileName(for: key, of: lexicon))
        else { return nil }
        var reader = CacheReader(base: mapped.base, count: mapped.count)
        reader.file = mapped
        guard let header = reader.read(UInt8.self, count: magic.count), Array(header) == magic,
            let storedKey = reader.readString(), storedKey == key, let loaded = Lexicon(reading: &reader),
            reader.offset == reader.count
        else { return nil }
        return loaded
    }

    /// Writes the lexicon for `key` through a temporary file and a rename, then removes the oldest
    /// files of its kind beyond `filesKeptPerKind`; failures are ignored, because the cache only
    /// saves time.
    static func store<Lexicon: CachedLexicon>(_ lexicon: Lexicon, key: String, folder: String? = CacheFolder.path) {
        guard let folder else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var writer = CacheWriter()
        writer.append(magic)
        writer.appendString(key)
        lexicon.write(to: &writer)
        try? AtomicFile.write(writer.sealed(), to: folder + "/" + fileName(for: key, of: Lexicon.self))
        CacheFolder.removeOldest(in: folder, keeping: filesKeptPerKind) {
            $0.hasPrefix(Lexicon.kind + "-") && $0.hasSuffix(".bin")
        }
    }
}

extension CacheWriter {
    /// A flat array preceded by its length, for `readFlat`.
    mutating func appendFlat<Element: BitwiseCopyable>(_ array: FlatArray<Element>) {
        append([UInt64(array.count)])
        array.withUnsafeBufferPointer { append($0) }
    }

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
    /// An array `appendFlat` wrote, in place in the mapped file when there is one.
    mutating func readFlat<Element: BitwiseCopyable>(_ type: Element.Type = Element.self) -> FlatArray<Element>? {
        guard let count = read(UInt64.self, count: 1)?.first, count <= UInt64(self.count),
            let elements = read(Element.self, count: Int(count))
        else { return nil }
        if let file { return FlatArray(inPlace: elements, of: file) }
        return FlatArray(copying: elements)
    }

    /// An array `appendCounted` wrote.
    mutating func readCounted<Element: BitwiseCopyable>(_ type: Element.Type = Element.self) -> [Element]? {
        guard let count = read(UInt64.self, count: 1)?.first, count <= UInt64(self.count),
            let elements = read(Element.self, count: Int(count))
        else { return nil }
        return Array(elements)
    }

    /// Scalars `appendScalars` wrote; nil when one is not a Unicode scalar value.
    mutating func readScalars() -> [Unicode.Scalar]? {
        guard let count = read(UInt64.self, count: 1)?.first, count <= UInt64(self.count),
            let values = read(UInt32.self, count: Int(count)), Self.areScalarValues(values)
        else { return nil }
        // Every value is a scalar's, so the bytes are copied as scalars as they stand.
        return Array(UnsafeRawBufferPointer(values).assumingMemoryBound(to: Unicode.Scalar.self))
    }

    /// Whether every value is a Unicode scalar's or `sentinel`, tested without a branch per value:
    /// the lexicon's tables hold hundreds of thousands, and `Unicode.Scalar(_:)` on each through
    /// `allSatisfy` was a twentieth of reading it.
    static func areScalarValues(_ values: UnsafeBufferPointer<UInt32>, orSentinel sentinel: UInt32 = 0) -> Bool {
        var invalid: UInt32 = 0
        for value in values {
            // A scalar value is at most 0x10FFFF and not a surrogate (D800–DFFF).
            let surrogate: UInt32 = value &- 0xD800 < 0x800 ? 1 : 0
            let beyond: UInt32 = value > 0x10FFFF ? 1 : 0
            let isSentinel: UInt32 = value == sentinel ? 1 : 0
            invalid |= (surrogate | beyond) & (isSentinel ^ 1)
        }
        return invalid == 0
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
