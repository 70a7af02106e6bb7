import Foundation

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
    static let magic = Array("HANZIKIT-ENGINE-CACHE-5\n".utf8)

    /// Where OpenCC installations keep their data; a name found in more than one is ambiguous,
    /// and then nothing is cached, because OpenCC reads from its own one and we cannot tell which.
    static let dataFolders = ["/usr/share/opencc/", "/usr/local/share/opencc/", "/opt/homebrew/share/opencc/"]

    static var folder: String? {
        let environment = ProcessInfo.processInfo.environment
        if environment["HANZIKIT_CACHE"] == "off" { return nil }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/hanzikit" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.cache/hanzikit"
    }

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
        return "\(String(cString: resolved))|\(status.st_size)|\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
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

    static func fileName(for key: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return String(hash, radix: 16) + ".bin"
    }

    /// The cached pipeline for `key`, mapped from disk; nil when absent or unreadable.
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
        removeOldest(in: folder, keeping: enginesKept, where: isEngineFile)
    }

    /// Engines kept at once: every standard configuration several times over. An edited custom
    /// configuration is a new key each time, and its old engines would otherwise pile up.
    static let enginesKept = 64

    /// An engine's file name: the key's hash in hexadecimal, then `.bin`.
    static func isEngineFile(_ name: String) -> Bool {
        name.hasSuffix(".bin") && !name.dropLast(4).isEmpty
            && name.dropLast(4).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// Removes the least recently written files of `folder` that `matches` selects, beyond the newest
    /// `count`; failures are ignored, because the cache only saves time.
    static func removeOldest(in folder: String, keeping count: Int, where matches: (String) -> Bool) {
        let manager = FileManager.default
        let names = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter(matches)
        guard names.count > count else { return }
        let dated = names.map { name in
            let modified = (try? manager.attributesOfItem(atPath: folder + "/" + name)[.modificationDate]) as? Date
            return (name: name, modified: modified ?? .distantPast)
        }
        for old in dated.sorted(by: { $0.modified > $1.modified }).dropFirst(count) {
            try? manager.removeItem(atPath: folder + "/" + old.name)
        }
    }
}

/// Appends values to a byte array, each array aligned to eight bytes so it can be used in place.
struct CacheWriter {
    var bytes: [UInt8] = []

    /// The bytes followed by their checksum, as `MappedFile` verifies them.
    func sealed() -> [UInt8] {
        var sealed = bytes
        let sum = bytes.withUnsafeBytes { CacheChecksum.of($0) }
        withUnsafeBytes(of: sum.littleEndian) { sealed.append(contentsOf: $0) }
        return sealed
    }

    mutating func append<Element>(_ buffer: UnsafeBufferPointer<Element>) {
        while bytes.count % 8 != 0 { bytes.append(0) }
        bytes.append(contentsOf: UnsafeRawBufferPointer(buffer))
    }

    mutating func append<Element>(_ array: [Element]) {
        array.withUnsafeBufferPointer { append($0) }
    }
}

/// Reads what `CacheWriter` wrote, in place, with every length checked against the file's size.
struct CacheReader {
    let base: UnsafeRawPointer
    let count: Int
    var offset = 0
    /// The mapped file `base` lies in, when tables may be used in place.
    var file: MappedFile?

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    mutating func read<Element>(_ type: Element.Type, count elements: Int) -> UnsafeBufferPointer<Element>? {
        offset = (offset + 7) & ~7
        let length = elements * MemoryLayout<Element>.stride
        guard elements >= 0, length <= count - offset else { return nil }
        let start = (base + offset).assumingMemoryBound(to: Element.self)
        offset += length
        return UnsafeBufferPointer(start: start, count: elements)
    }
}

/// A cache file read whole into memory and verified, freed when the last table using it goes.
///
/// Only a regular file owned by the user is read (a FIFO is opened without blocking and refused),
/// and its last eight bytes must be the checksum of the others (`CacheWriter.sealed()`), so a
/// damaged or planted file is never used; `count` leaves the checksum out. The file is read, not
/// mapped: a file truncated while in use would otherwise end the process with SIGBUS. A file that
/// exists but is refused is said with `HanziKitNotes` (`--verbose`); the caller then rebuilds.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeRawPointer
    let count: Int

    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno != ENOENT {
                HanziKitNotes.note("cache file \(path) not used: \(String(cString: strerror(errno)))")
            }
            return nil
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        guard status.st_mode & S_IFMT == S_IFREG else {
            HanziKitNotes.note("cache file \(path) not used: not a regular file")
            return nil
        }
        guard status.st_uid == geteuid() else {
            HanziKitNotes.note("cache file \(path) not used: owned by another user")
            return nil
        }
        let size = Int(status.st_size)
        guard size > 8 else {
            HanziKitNotes.note("cache file \(path) damaged (too short); rebuilding it")
            return nil
        }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        var filled = 0
        while filled < size {
            let read = pread(descriptor, buffer + filled, size - filled, off_t(filled))
            if read < 0 && errno == EINTR { continue }
            if read <= 0 { break }
            filled += read
        }
        let stored = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: max(filled - 8, 0), as: UInt64.self))
        guard filled == size, stored == CacheChecksum.of(UnsafeRawBufferPointer(start: buffer, count: size - 8))
        else {
            buffer.deallocate()
            HanziKitNotes.note("cache file \(path) damaged (checksum mismatch); rebuilding it")
            return nil
        }
        base = UnsafeRawPointer(buffer)
        count = size - 8
    }

    deinit {
        UnsafeMutableRawPointer(mutating: base).deallocate()
    }
}

/// A 64-bit checksum of a cache file: four lanes, each taking every fourth word with an xor and
/// a multiplication by an odd constant (both bijective), so any change within one lane's words
/// always changes the sum and other changes do with probability 1 - 2^-64.
enum CacheChecksum {
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x9E37_79B9_7F4A_7C15
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
        let count = bytes.count
        var offset = 0
        @inline(__always) func word(_ at: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        @inline(__always) func mix(_ lane: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = (lane ^ word) &* prime
            return mixed ^ (mixed >> 29)
        }
        while offset + 32 <= count {
            lanes.0 = mix(lanes.0, word(offset))
            lanes.1 = mix(lanes.1, word(offset + 8))
            lanes.2 = mix(lanes.2, word(offset + 16))
            lanes.3 = mix(lanes.3, word(offset + 24))
            offset += 32
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            if shift == 64 {
                lanes.0 = mix(lanes.0, tail)
                tail = 0
                shift = 0
            }
            offset += 1
        }
        lanes.1 = mix(lanes.1, tail)
        var sum = mix(mix(mix(mix(UInt64(count), lanes.0), lanes.1), lanes.2), lanes.3)
        sum = mix(sum, sum >> 32)
        return sum
    }
}
