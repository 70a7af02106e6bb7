import Foundation
import HanziKit

/// The `cache` fuzz target: a compiled engine file in the disk cache, damaged.
///
/// Input layout: the first byte's bit 0 says whether the damaged file gets a fresh checksum
/// (a file planted or damaged by someone who knows the format), its bits 1 to 3 how many
/// damages follow, five bytes each: a byte offset (three bytes, little-endian, wrapping past
/// the file's end), what to do there (the fourth byte modulo 4: xor, overwrite, cut the file
/// there, insert) and the byte to do it with. The bytes after the damages are text to convert.
extension FuzzTargets {
    /// The configuration whose engine is damaged: a small dictionary over OpenCC's t2s characters,
    /// so the file holds two stages and a fused first stage, and is small enough to rebuild at
    /// every input.
    static let cachedConfiguration: (path: String, engineFile: String, original: [UInt8]) = {
        let folder = FuzzWorkFolder.next()
        FuzzWorkFolder.write(Array("頭髮\t头发\n後來\t后来\n乾燥\t干燥\n𠀀\t𠀁\n裡\t里 裏\n".utf8), to: folder + "/phrases.txt")
        let path = folder + "/config.json"
        FuzzWorkFolder.write(
            Array(
                #"""
                {"name":"cached","segmentation":{"type":"mmseg","dict":{"type":"group","dicts":[
                {"type":"text","file":"phrases.txt"},{"type":"ocd2","file":"TSCharacters.ocd2"}]}},
                "conversion_chain":[{"dict":{"type":"group","dicts":[{"type":"text","file":"phrases.txt"},
                {"type":"ocd2","file":"TSCharacters.ocd2"}]}},{"dict":{"type":"text","file":"phrases.txt"}}]}
                """#.utf8), to: path)
        let cache = ProcessInfo.processInfo.environment["XDG_CACHE_HOME"]! + "/hanzikit"
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? [])
        do {
            _ = try Converter(uncachedConfiguration: path, engine: .hanzikit)
        } catch {
            preconditionFailure("the cached configuration does not open: \(error)")
        }
        let stored = Set((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).subtracting(before)
        guard stored.count == 1, let name = stored.first,
            let original = FileManager.default.contents(atPath: cache + "/" + name)
        else { preconditionFailure("opening stored \(stored.count) cache files, not one") }
        return (path, cache + "/" + name, Array(original))
    }()

    static let cacheReferenceText = "頭髮後來乾燥，裡面𠀀的乾隆皇帝\n"

    /// Opening an engine whose cache file is damaged: without a fresh checksum any change is
    /// refused, the engine rebuilt and stored again (the same bytes as before the damage), and
    /// the text converted as OpenCC converts it; with one, no crash, and when it is used the
    /// output is still whole UTF-8 text or damage the tables hold.
    static func cache(_ bytes: [UInt8]) {
        guard let flags = bytes.first else { return }
        let (path, engineFile, original) = cachedConfiguration
        var damaged = original
        var rest = bytes.dropFirst()
        for _ in 0..<Int(flags >> 1 & 7) where rest.count >= 5 {
            let at = rest.startIndex
            let offset = (Int(rest[at]) | Int(rest[at + 1]) << 8 | Int(rest[at + 2]) << 16) % max(damaged.count, 1)
            let value = rest[at + 4]
            switch rest[at + 3] % 4 {
            case 0: if !damaged.isEmpty { damaged[offset] ^= value == 0 ? 1 : value }
            case 1: if !damaged.isEmpty { damaged[offset] = value }
            case 2: damaged.removeSubrange(offset...)
            default: damaged.insert(value, at: offset)
            }
            rest = rest.dropFirst(5)
        }
        let resealed = flags & 1 != 0
        if resealed && damaged.count >= 8 {
            damaged.removeLast(8)
            let sum = damaged.withUnsafeBytes { CacheChecksum.of($0) }
            withUnsafeBytes(of: sum.littleEndian) { damaged.append(contentsOf: $0) }
        }
        FuzzWorkFolder.write(damaged, to: engineFile)

        let text = cacheReferenceText + FuzzText.text(rest)
        let converter: Converter
        do {
            converter = try Converter(uncachedConfiguration: path, engine: .hanzikit)
        } catch {
            preconditionFailure("a damaged cache file made opening fail: \(error)")
        }
        let converted = converter.convert(text)
        let onDisk = FileManager.default.contents(atPath: engineFile).map(Array.init) ?? []
        if damaged == original || !resealed {
            // Refused and rebuilt, or whole: either way the file is the original again.
            precondition(onDisk == original, "a damaged cache file was used, not rebuilt")
            let expected: String
            do {
                expected = try Converter(uncachedConfiguration: path, engine: .opencc).convert(text)
            } catch {
                preconditionFailure("OpenCC does not open the cached configuration: \(error)")
            }
            precondition(
                converted == expected, "converted \(converted.debugDescription), OpenCC \(expected.debugDescription)")
        } else {
            // A damage with a fresh checksum is either refused and rebuilt or read as it is.
            precondition(
                onDisk == original || onDisk == damaged, "the cache file is neither the original nor the damaged one")
        }
        // Restored for the next input, as the first run stored it.
        FuzzWorkFolder.write(original, to: engineFile)
    }
}
