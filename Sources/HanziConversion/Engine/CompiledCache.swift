import Foundation
import HanziText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Compiled pipelines on disk, so a process converting one line does not reload OpenCC's
/// dictionaries. The key names every file OpenCC would read (configuration and dictionaries,
/// resolved the way OpenCC 1.1.6 resolves them) with its size, modification time and inode, so
/// an edited or replaced dictionary is a different key and never served stale.
///
/// Lives under `$XDG_CACHE_HOME/hanzikit` (or `~/.cache/hanzikit`); `HANZIKIT_CACHE=off` turns it off.
enum CompiledCache {
    static let magic = Array("HANZIKIT-ENGINE-CACHE-7\n".utf8)

    /// Where OpenCC installations keep their data; a name found in more than one is ambiguous,
    /// and then nothing is cached, because OpenCC reads from its own one and we cannot tell which.
    static let dataFolders = ["/usr/share/opencc/", "/usr/local/share/opencc/", "/opt/homebrew/share/opencc/"]

    static var folder: String? { CacheFolder.path }

    /// The cache key of a configuration, or nil when its files cannot be pinned down.
    static func key(configuration: String) -> String? {
        guard let configPath = resolveConfiguration(configuration),
            let data = FileManager.default.contents(atPath: configPath),
            let json = try? JSONSerialization.jsonObject(with: data)
        else { return nil }
        let configFolder = configPath.lastIndex(of: "/").map { String(configPath[...$0]) } ?? ""
        var parts = [String(decoding: magic.dropLast(), as: UTF8.self), configuration]
        guard let configIdentity = identity(of: configPath) else { return nil }
        parts.append(configIdentity)
        for file in dictionaryFiles(in: json) {
            guard let path = resolveDictionary(file, configFolder: configFolder), let fileIdentity = identity(of: path)
            else { return nil }
            parts.append(fileIdentity)
        }
        return parts.joined(separator: "\n")
    }

    /// Refuses a configuration whose file, or a dictionary file it names, is something other than
    /// a regular file (a FIFO, `/dev/zero`, a folder), before OpenCC opens it: OpenCC would wait
    /// on it forever or read without end. Files that do not exist are left to OpenCC to report.
    static func refuseIrregularFiles(configuration: String) throws(HanziKitError) {
        guard let configPath = resolveConfiguration(configuration) else { return }
        func refuse(_ path: String, _ what: String) throws(HanziKitError) {
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG else { return }
            throw .configurationUnavailable(
                configuration: configuration, reason: "\(what) \(path) is not a regular file")
        }
        try refuse(configPath, "the configuration")
        guard let data = FileManager.default.contents(atPath: configPath),
            let json = try? JSONSerialization.jsonObject(with: data)
        else { return }
        let configFolder = configPath.lastIndex(of: "/").map { String(configPath[...$0]) } ?? ""
        for file in dictionaryFiles(in: json) {
            guard let path = resolveDictionary(file, configFolder: configFolder) else { continue }
            try refuse(path, "the dictionary")
        }
    }

    /// OpenCC's `FindConfigFile`: the name as given, then the data folder, with and without `.json`.
    private static func resolveConfiguration(_ name: String) -> String? {
        if isReadable(name) { return name }
        return unique(dataFolders.flatMap { [$0 + name, $0 + name + ".json"] }.filter(isReadable).prefix(1))
    }

    /// OpenCC's `LoadDictWithPaths`: the working folder, the configuration's folder, the data folder.
    private static func resolveDictionary(_ name: String, configFolder: String) -> String? {
        if isReadable(name) { return name }
        if !configFolder.isEmpty && isReadable(configFolder + name) { return configFolder + name }
        return unique(dataFolders.map { $0 + name }.filter(isReadable))
    }

    private static func unique(_ candidates: some Collection<String>) -> String? {
        candidates.count == 1 ? candidates.first : nil
    }

    private static func isReadable(_ path: String) -> Bool {
        access(path, R_OK) == 0
    }

    private static func identity(of path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0, let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        let modified = Platform.modificationTime(status)
        return "\(String(cString: resolved))|\(status.st_size)|\(modified.tv_sec).\(modified.tv_nsec)"
            + "|\(status.st_ino)"
    }

    private static func dictionaryFiles(in json: Any) -> [String] {
        if let object = json as? [String: Any] {
            let own = (object["file"] as? String).map { [$0] } ?? []
            return own + object.keys.sorted().filter { $0 != "file" }.flatMap { dictionaryFiles(in: object[$0]!) }
        }
        if let array = json as? [Any] { return array.flatMap { dictionaryFiles(in: $0) } }
        return []
    }

    static func fileName(for key: String) -> String { CacheFolder.fileName(for: key) }

    /// Whether a regular file is stored for `key` (whether it is whole is known only by loading it).
    static func holdsFile(for key: String, folder: String? = CompiledCache.folder) -> Bool {
        guard let folder else { return false }
        var status = stat()
        return stat(folder + "/" + fileName(for: key), &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    /// The cached pipeline for `key`, read from disk; nil when absent, unreadable or damaged.
    static func load(key: String, folder: String? = CompiledCache.folder) -> ConversionPipeline? {
        guard let folder, let mapped = MappedFile(path: folder + "/" + fileName(for: key)) else { return nil }
        var reader = CacheReader(base: mapped.base, count: mapped.count)
        let keyBytes = Array(key.utf8)
        guard let header = reader.read(UInt8.self, count: magic.count), Array(header) == magic,
            let counts = reader.read(UInt64.self, count: 4),
            let storedKey = reader.read(UInt8.self, count: Int(counts[0])), Array(storedKey) == keyBytes,
            let safe = reader.read(UInt8.self, count: 256),
            let segmentation = PrefixMatcher(reading: &reader, mapping: mapped)
        else { return nil }
        var remainder: PrefixMatcher?
        if counts[1] == 1 {
            guard let matcher = PrefixMatcher(reading: &reader, mapping: mapped) else { return nil }
            remainder = matcher
        }
        var stages: [PrefixMatcher] = []
        for _ in 0..<counts[2] {
            guard let matcher = PrefixMatcher(reading: &reader, mapping: mapped) else { return nil }
            stages.append(matcher)
        }
        return ConversionPipeline(
            segmentation: segmentation, firstStageRemainder: remainder, stages: stages,
            safeCutBytes: safe.map { $0 != 0 })
    }

    /// Writes the pipeline for `key` through a temporary file and a rename; failures are ignored,
    /// because the cache only saves time.
    static func store(_ pipeline: ConversionPipeline, key: String, folder: String? = CompiledCache.folder) {
        guard let folder else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var writer = CacheWriter()
        let keyBytes = Array(key.utf8)
        writer.append(magic)
        writer.append([
            UInt64(keyBytes.count), pipeline.firstStageRemainder == nil ? 0 : 1, UInt64(pipeline.stages.count), 0,
        ])
        writer.append(keyBytes)
        writer.append(pipeline.safeCutBytes.map { $0 ? UInt8(1) : 0 })
        pipeline.segmentation.write(to: &writer)
        pipeline.firstStageRemainder?.write(to: &writer)
        for stage in pipeline.stages { stage.write(to: &writer) }
        try? AtomicFile.write(writer.sealed(), to: folder + "/" + fileName(for: key))
        CacheFolder.removeOldest(in: folder, keeping: enginesKept, where: isEngineFile)
    }

    /// Engines kept at once: every standard configuration several times over. An edited custom
    /// configuration is a new key each time, and its old engines would otherwise pile up.
    static let enginesKept = 64

    /// An engine's file name: the key's hash in hexadecimal, then `.bin`.
    static func isEngineFile(_ name: String) -> Bool {
        name.hasSuffix(".bin") && !name.dropLast(4).isEmpty
            && name.dropLast(4).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
