import Foundation
import HanziKit
import HanziText

/// The `dictionary` fuzz target: custom text dictionaries of any shape compiled into HanziKit's
/// engine, against OpenCC converting with the very same configuration.
///
/// Input layout: the bytes before the first 0xFF are the dictionaries, 0xFE separating one from
/// the next (at most four); the bytes after it are text to convert. Every byte is mapped onto a
/// small alphabet (`FuzzText`) so keys share prefixes and the text meets them. A first byte of
/// 0xF0 or more adds (byte - 0xEF) × 1,024 generated keys to the first dictionary, for tries of
/// up to about 100,000 nodes. A dictionary with an empty key (a line that starts with a tab) is
/// skipped: OpenCC 1.1.6 converts with it forever (RELIABILITY.md, "Known limits").
extension FuzzTargets {
    /// Conversion with a custom configuration: OpenCC and HanziKit's engine (compiled, and read
    /// back from the disk cache) both open it or both refuse it with OpenCC's own message; when
    /// they open it, they convert the text and the dictionaries' own keys to the same bytes.
    static func dictionary(_ bytes: [UInt8]) {
        let (dictionaryBytes, textBytes) = diffSides(bytes)
        var dictionaries = dictionaryBytes.split(separator: 0xFE, omittingEmptySubsequences: false)
            .prefix(4).map { FuzzText.dictionaryText(Array($0)) }
        guard !dictionaries.contains(where: { $0.hasPrefix("\t") || $0.contains("\n\t") }) else { return }
        if let first = dictionaryBytes.first, first >= 0xF0 {
            dictionaries[0] += FuzzText.generatedEntries(count: Int(first - 0xEF) * 1_024, seed: bytes)
        }
        let folder = FuzzWorkFolder.next()
        var files: [String] = []
        for (index, text) in dictionaries.enumerated() {
            let path = "\(folder)/d\(index).txt"
            FuzzWorkFolder.write(Array(text.utf8), to: path)
            files.append(path)
        }
        let configuration = "\(folder)/config.json"
        FuzzWorkFolder.write(Array(openCCConfiguration(dictionaries: files).utf8), to: configuration)
        // The dictionaries' own lines with tabs and spaces removed: every key meets the engines.
        let text = FuzzText.text(textBytes) + "\n" + dictionaries.joined().filter { $0 != "\t" && $0 != " " }
        compareEngines(configuration: configuration, texts: [text])
        FuzzWorkFolder.remove(folder)
    }

    /// A configuration whose segmentation and first stage are the group of `dictionaries`, with
    /// a second stage of the last one alone when there are several.
    static func openCCConfiguration(dictionaries: [String]) -> String {
        let group =
            #"{"type":"group","dicts":["#
            + dictionaries.map { #"{"type":"text","file":"\#($0)"}"# }.joined(separator: ",") + "]}"
        var chain = [#"{"dict":\#(group)}"#]
        if dictionaries.count > 1, let last = dictionaries.last {
            chain.append(#"{"dict":{"type":"text","file":"\#(last)"}}"#)
        }
        return #"{"name":"fuzz","segmentation":{"type":"mmseg","dict":\#(group)},"conversion_chain":["#
            + chain.joined(separator: ",") + "]}"
    }

    /// Opens `configuration` with OpenCC and with HanziKit's engine twice (compiled and stored,
    /// then read back from the disk cache) and checks that they agree on opening it and on every
    /// text.
    static func compareEngines(configuration: String, texts: [String]) {
        let reference: Converter
        do {
            reference = try Converter(uncachedConfiguration: configuration, engine: .opencc)
        } catch {
            checkRefusal(error, configuration: configuration, engine: .opencc)
            for _ in 0..<2 {
                do {
                    _ = try Converter(uncachedConfiguration: configuration, engine: .hanzikit)
                    preconditionFailure("HanziKit's engine opens a configuration OpenCC refuses: \(error)")
                } catch {
                    checkRefusal(error, configuration: configuration, engine: .hanzikit)
                }
            }
            return
        }
        for run in ["compiled", "from the disk cache"] {
            let converter: Converter
            do {
                converter = try Converter(uncachedConfiguration: configuration, engine: .hanzikit)
            } catch {
                preconditionFailure("HanziKit's engine (\(run)) refuses a configuration OpenCC opens: \(error)")
            }
            for text in texts {
                let expected = reference.convert(text)
                let converted = converter.convert(text)
                precondition(
                    converted.utf8.elementsEqual(expected.utf8),
                    "HanziKit's engine (\(run)) converts \(text.debugDescription) to \(converted.debugDescription), "
                        + "OpenCC to \(expected.debugDescription)")
            }
        }
    }

    /// A refusal is a `configurationUnavailable` for this configuration that carries OpenCC's message.
    private static func checkRefusal(_ error: HanziKitError, configuration: String, engine: ConversionEngine) {
        guard case .configurationUnavailable(let named, let reason) = error else {
            preconditionFailure("\(engine): unexpected error \(error)")
        }
        precondition(named == configuration, "\(engine): the error names \(named)")
        precondition(!reason.isEmpty && reason != "unknown OpenCC error", "\(engine): OpenCC's cause is lost: \(error)")
    }
}

/// Maps fuzz bytes onto text that meets dictionary keys often.
enum FuzzText {
    /// Characters the bytes 0x80 and up stand for: Traditional and Simplified pairs, characters
    /// outside the BMP, an emoji, full-width letters and punctuation.
    static let alphabet = Array("頭髮后後來干乾幹燥发發面麵裡裏里台臺檯汉漢字學学习習說说话話𠀀𠀁𪚥😀ＡＢ，。「」".unicodeScalars)

    /// ASCII stays itself, except NUL and other control bytes (tab and newline aside), which
    /// become letters; every other byte is a character of `alphabet`.
    static func scalar(_ byte: UInt8) -> Unicode.Scalar {
        switch byte {
        case 0x09, 0x0A, 0x20...0x7E: Unicode.Scalar(byte)
        case 0x00...0x1F, 0x7F: Unicode.Scalar(UInt8(ascii: "a") + byte % 26)
        default: alphabet[Int(byte) % alphabet.count]
        }
    }

    static func text(_ bytes: some Sequence<UInt8>) -> String {
        var text = ""
        for byte in bytes { text.unicodeScalars.append(scalar(byte)) }
        return text
    }

    /// A dictionary's text: the mapped bytes, ending with a newline.
    static func dictionaryText(_ bytes: [UInt8]) -> String {
        let text = text(bytes)
        return text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
    }

    /// `count` entries of one to six characters, drawn half from `alphabet` (long shared
    /// prefixes) and half from the whole CJK block (wide fan-outs), seeded by the input.
    static func generatedEntries(count: Int, seed bytes: [UInt8]) -> String {
        var state: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { state = (state ^ UInt64(byte)) &* 0x100_0000_01B3 }
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
        var text = ""
        for index in 0..<count {
            for _ in 0...(next() % 6) {
                let pick = next()
                text.unicodeScalars.append(
                    pick & 1 == 0
                        ? alphabet[Int((pick >> 1) % UInt64(alphabet.count))]
                        : Unicode.Scalar(UInt32(0x4E00 + (pick >> 1) % 0x5200))!)
            }
            text += "\tg\(index)\n"
        }
        return text
    }
}

/// A fresh folder for each input under one temporary folder, which also holds the disk cache.
///
/// A new folder each time gives the files new paths: the disk cache's key names a dictionary by
/// path, size, modification time and inode, and a file rewritten within one tick of the file
/// system's clock with the same size would otherwise be the same key.
enum FuzzWorkFolder {
    static let root: String = {
        var template = Array((NSTemporaryDirectory() + "/hanzi-fuzz-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { preconditionFailure("cannot make a temporary folder") }
        let root = String(cString: made)
        setenv("XDG_CACHE_HOME", root + "/cache", 1)
        // libFuzzer ends with exit() when its time is up.
        atexit { try? FileManager.default.removeItem(atPath: FuzzWorkFolder.root) }
        return root
    }()

    private static let counter = Locked(0)

    static func next() -> String {
        let number = counter.withLock {
            $0 += 1
            return $0
        }
        let folder = "\(root)/\(number)"
        precondition(mkdir(folder, 0o700) == 0, "cannot make \(folder)")
        return folder
    }

    static func write(_ bytes: [UInt8], to path: String) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            preconditionFailure("cannot write \(path): \(error)")
        }
    }

    static func remove(_ folder: String) {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
