import Foundation
import HanziText

/// Converts Chinese text with one OpenCC configuration.
///
/// `Converter` is a value type and `Sendable`: it shares one immutable engine (HanziKit's
/// compiled matcher or an OpenCC handle), which is only read while converting, so one converter
/// can serve any number of concurrent tasks. Converters for the same configuration and engine
/// share it through a process-wide cache, so creating one after the first costs a lookup.
///
/// ```swift
/// let converter = try Converter(.t2s)
/// converter.convert("頭髮後來乾燥")  // "头发后来干燥"
/// ```
public struct Converter: Sendable {
    /// The configuration as OpenCC was asked to open it: a file name such as `t2s.json` or a path.
    public let configuration: String
    /// The implementation that converts; both give byte-identical output.
    public let engine: ConversionEngine
    /// The phrase dictionaries applied before the configuration's, first one winning.
    public let phrases: [PhraseDictionary]
    let backend: ConversionBackend

    /// Opens one of OpenCC's bundled configurations, with `phrases` of your own in front of its
    /// dictionaries (see `PhraseDictionary` for what that means in a chain of steps).
    public init(_ config: ConversionConfig, phrases: [PhraseDictionary] = [], engine: ConversionEngine = .hanzikit)
        throws(HanziKitError)
    {
        try self.init(
            openCCConfiguration: config.fileName, cacheKey: config.fileName, phrases: phrases, engine: engine)
    }

    /// Opens an OpenCC configuration file, for example one that layers a text dictionary of
    /// your own over OpenCC's dictionaries. Relative dictionary paths inside it are resolved by
    /// OpenCC against the file's folder, then OpenCC's data folder. `phrases` go in front of
    /// its dictionaries.
    public init(
        configurationFile path: String, phrases: [PhraseDictionary] = [], engine: ConversionEngine = .hanzikit
    ) throws(HanziKitError) {
        let url = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        } catch {
            throw .configurationUnavailable(configuration: path, reason: "no such file")
        }
        // A changed file is a new key, so an edited configuration is never served stale.
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        try self.init(
            openCCConfiguration: url.path, cacheKey: "\(url.path)#\(modified)#\(size)", phrases: phrases,
            engine: engine)
    }

    /// Opens a configuration by name (`t2s`, `t2s.json`) or by path to a configuration file,
    /// with `phrases` in front of its dictionaries.
    public init(named name: String, phrases: [PhraseDictionary] = [], engine: ConversionEngine = .hanzikit)
        throws(HanziKitError)
    {
        if let config = ConversionConfig(rawValue: name) ?? ConversionConfig(rawValue: Self.stem(of: name)),
            !name.contains("/")
        {
            try self.init(config, phrases: phrases, engine: engine)
        } else {
            try self.init(configurationFile: name, phrases: phrases, engine: engine)
        }
    }

    /// The most phrase dictionaries one converter takes (a dictionary group holds at most 255).
    public static let maximumPhraseDictionaries = 100

    private init(
        openCCConfiguration: String, cacheKey: String, phrases: [PhraseDictionary], engine: ConversionEngine
    ) throws(HanziKitError) {
        guard phrases.count <= Self.maximumPhraseDictionaries else {
            throw .configurationUnavailable(
                configuration: openCCConfiguration,
                reason: "\(phrases.count) phrase dictionaries; at most \(Self.maximumPhraseDictionaries) can be used")
        }
        configuration = openCCConfiguration
        self.phrases = phrases
        self.engine = engine
        let phraseTexts = phrases.map(\.lexiconText)
        backend = try Self.cachedBackend(
            openCCConfiguration: openCCConfiguration,
            cacheKey: "\(engine):\(cacheKey)" + Self.phraseKey(phraseTexts), phrases: phrases,
            phraseTexts: phraseTexts, engine: engine)
    }

    /// The phrases' part of a cache key: their whole content, each text preceded by its length, so
    /// different phrases are never the same key (an empty string without phrases).
    static func phraseKey(_ phraseTexts: [[UInt8]]) -> String {
        phraseTexts.map { "\nphrases \($0.count)\n" + String(decoding: $0, as: UTF8.self) }.joined()
    }

    /// Whether `config` would open without reading OpenCC's dictionaries: already open in this
    /// process, or compiled on disk from the files OpenCC has now, every one of them a regular
    /// file. A caller that loads it later, when first needed, asks this first and otherwise opens
    /// it at once, so an error naming a missing or unusable file is not put off to where it cannot be said.
    package static func opensFromCache(_ config: ConversionConfig) -> Bool {
        let configuration = config.fileName
        if cache.withLock({ $0["\(ConversionEngine.hanzikit):\(configuration)"] }) != nil { return true }
        guard let key = CompiledCache.key(configuration: configuration),
            (try? CompiledCache.refuseIrregularFiles(configuration: configuration)) != nil
        else { return false }
        return CompiledCache.holdsFile(for: key + phraseKey([]))
    }

    /// Opens `configuration` as `init(named:engine:)` does, on disk cache included, but neither
    /// reads nor fills the process-wide table of engines: the fuzz targets open thousands of
    /// configurations in one process, which that table would keep for its lifetime.
    package init(uncachedConfiguration configuration: String, engine: ConversionEngine) throws(HanziKitError) {
        self.configuration = configuration
        phrases = []
        self.engine = engine
        backend = try Self.makeBackend(
            openCCConfiguration: configuration, phrases: [], phraseTexts: [], engine: engine)
    }

    /// Converts `text`. NUL characters are kept in place (OpenCC itself would stop at the first).
    public func convert(_ text: String) -> String {
        var text = text
        return text.withUTF8 { convert(validUTF8: $0) }
    }

    /// Converts UTF-8 bytes. Invalid or truncated UTF-8 is rejected before it reaches OpenCC
    /// with `HanziKitError.invalidUTF8`, which names the byte offset of the first bad sequence.
    public func convert(utf8 bytes: some Collection<UInt8>) throws(HanziKitError) -> String {
        let contiguous = bytes.withContiguousStorageIfAvailable { $0 }
        if let contiguous {
            return try convert(checkingUTF8: contiguous)
        }
        return try Array(bytes).withUnsafeBufferPointer { buffer throws(HanziKitError) in
            try convert(checkingUTF8: buffer)
        }
    }

    private func convert(checkingUTF8 bytes: UnsafeBufferPointer<UInt8>) throws(HanziKitError) -> String {
        var output = ByteBuffer(capacity: bytes.count + bytes.count / 8)
        defer { output.deallocate() }
        guard backend.convertValidating(bytes, into: &output) else {
            throw UTF8Validation.invalidUTF8Error(in: bytes, at: UTF8Validation.firstInvalidOffset(in: bytes))
        }
        return String(decoding: output.bytes, as: UTF8.self)
    }

    private func convert(validUTF8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        var output = ByteBuffer(capacity: bytes.count + bytes.count / 8)
        defer { output.deallocate() }
        backend.convert(validUTF8: bytes, into: &output)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    // MARK: Cache

    private static let cache = Locked<[String: ConversionBackend]>([:])

    private static func cachedBackend(
        openCCConfiguration: String, cacheKey: String, phrases: [PhraseDictionary], phraseTexts: [[UInt8]],
        engine: ConversionEngine
    ) throws(HanziKitError) -> ConversionBackend {
        if let backend = cache.withLock({ $0[cacheKey] }) { return backend }
        // Opened outside the cache lock so a slow load does not block other configurations.
        let backend = try makeBackend(
            openCCConfiguration: openCCConfiguration, phrases: phrases, phraseTexts: phraseTexts, engine: engine)
        return cache.withLock { backends in
            if let winner = backends[cacheKey] { return winner }
            backends[cacheKey] = backend
            return backend
        }
    }

    /// Opens the engine for a configuration: OpenCC's handle, or the compiled pipeline from the
    /// disk cache or compiled afresh (and stored there).
    private static func makeBackend(
        openCCConfiguration: String, phrases: [PhraseDictionary], phraseTexts: [[UInt8]], engine: ConversionEngine
    ) throws(HanziKitError) -> ConversionBackend {
        try CompiledCache.refuseIrregularFiles(configuration: openCCConfiguration)
        let backend: ConversionBackend
        switch engine {
        case .opencc:
            let handle = try OpenCCHandle.open(configuration: openCCConfiguration, phrases: phrases)
            let texts = try OpenCCDictionaries.loadTexts(configuration: openCCConfiguration, phrases: phraseTexts)
            // OpenCC 1.1.6 converts forever once a dictionary holds an empty key (the `opencc`
            // command too); our engine ignores such a line, OpenCC's must not be given it.
            let lexicons = [texts.segmentation, texts.conversionStages.flatMap { $0 }].joined()
            if lexicons.contains(where: { $0.first == UInt8(ascii: "\t") || $0.contains(emptyKeyLine) }) {
                throw .configurationUnavailable(
                    configuration: openCCConfiguration,
                    reason:
                        "a dictionary has an empty key (a line that starts with a tab), on which OpenCC converts forever; remove the line or use the default engine"
                )
            }
            backend = ConversionBackend(
                openCC: handle,
                safeCutBytes: ConversionPipeline.safeCutBytes(in: [texts.segmentation] + texts.conversionStages))
        case .hanzikit:
            let diskKey = CompiledCache.key(configuration: openCCConfiguration).map { $0 + phraseKey(phraseTexts) }
            if let diskKey, let pipeline = CompiledCache.load(key: diskKey) {
                backend = ConversionBackend(pipeline: pipeline)
            } else {
                let texts = try OpenCCDictionaries.loadTexts(configuration: openCCConfiguration, phrases: phraseTexts)
                let pipeline = ConversionPipeline(segmentation: texts.segmentation, stages: texts.conversionStages)
                if let diskKey { CompiledCache.store(pipeline, key: diskKey) }
                backend = ConversionBackend(pipeline: pipeline)
            }
        }
        return backend
    }

    /// A line break followed by a tab: a dictionary line whose key is empty.
    private static let emptyKeyLine: [UInt8] = [0x0A, 0x09]

    private static func stem(of name: String) -> String {
        name.hasSuffix(".json") ? String(name.dropLast(5)) : name
    }
}

extension Converter {
    /// Appends the conversion of `bytes` to `output` when they are valid UTF-8 and returns true;
    /// returns false, with `output` as it was, when they are not.
    package func appendConversion(ofValidating bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) -> Bool {
        var converted = ByteBuffer(capacity: bytes.count + bytes.count / 2)
        defer { converted.deallocate() }
        guard backend.convertValidating(bytes, into: &converted) else { return false }
        output.append(contentsOf: converted.bytes)
        return true
    }
}

/// What a `Converter` shares: exactly one of an OpenCC handle and a compiled pipeline.
final class ConversionBackend: Sendable {
    let openCC: OpenCCHandle?
    let pipeline: ConversionPipeline?
    /// ASCII bytes no key contains, after which a text can be cut without changing the result.
    let safeCutBytes: [Bool]

    init(openCC: OpenCCHandle, safeCutBytes: [Bool]) {
        self.openCC = openCC
        pipeline = nil
        self.safeCutBytes = safeCutBytes
    }

    init(pipeline: ConversionPipeline) {
        openCC = nil
        self.pipeline = pipeline
        safeCutBytes = pipeline.safeCutBytes
    }

    /// Converts `bytes` if they are UTF-8; on invalid input it returns false with `output` incomplete.
    func convertValidating(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout ByteBuffer) -> Bool {
        if let pipeline { return pipeline.convertValidating(bytes, into: &output) }
        guard FastUTF8.isValid(bytes) else { return false }
        convert(validUTF8: bytes, into: &output)
        return true
    }

    /// Converts valid UTF-8, appending to `output`; NUL characters stay in place.
    func convert(validUTF8 bytes: UnsafeBufferPointer<UInt8>, into output: inout ByteBuffer) {
        if let pipeline {
            pipeline.convert(bytes, into: &output)
            return
        }
        let handle = openCC!
        var start = 0
        // OpenCC stops at NUL, so each NUL-free stretch is converted on its own.
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 0) ?? bytes.count
            do {
                var converted = try handle.convert(
                    validUTF8WithoutNUL: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                converted.withUTF8 { output.append($0.baseAddress!, $0.count) }
            } catch {
                // OpenCC fails on valid UTF-8 only when it cannot allocate.
                fatalError("OpenCC failed on valid UTF-8: \(error)")
            }
            if end < bytes.count {
                let nul: UInt8 = 0
                withUnsafePointer(to: nul) { output.append($0, 1) }
            }
            start = end + 1
        }
    }
}
