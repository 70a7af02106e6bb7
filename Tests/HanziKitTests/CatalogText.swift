import Foundation
import Testing

/// Real Chinese prose made at test time, so no suite needs a corpus beside the repository: the
/// zh_TW (Traditional) and zh_CN (Simplified) translations in the gettext catalogs of the Debian
/// packages listed in `Tests/Catalogs/catalogs.txt`, which `Scripts/ensure-system-dependencies.sh
/// --tests` installs. Every translated message in catalog order, one line per line of the message.
/// Nothing of it is copied into the repository; `Tests/Catalogs/README.md` says more.
enum CatalogText {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static let listFile = TestSupport.repositoryFile("Tests/Catalogs/catalogs.txt")
    static let localeFolder = "/usr/share/locale"

    static let traditional = Result { try text(locale: "zh_TW") }
    static let simplified = Result { try text(locale: "zh_CN") }

    /// The catalog domains of `catalogs.txt` (its second column), in order.
    static func domains() throws -> [String] {
        let list = try String(contentsOf: listFile, encoding: .utf8)
        return list.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap {
            $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
        }
    }

    /// The translations of every listed catalog of `locale`, joined; a missing catalog is an error
    /// that names it and the script that installs it.
    static func text(locale: String) throws -> String {
        var lines: [Substring] = []
        for domain in try domains() {
            let path = "\(localeFolder)/\(locale)/LC_MESSAGES/\(domain).mo"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Failure(
                    message: "\(path) is missing: run Scripts/ensure-system-dependencies.sh --tests to install it")
            }
            for message in try translations(inCatalog: Array(data), path: path) {
                lines += message.split(whereSeparator: { $0 == "\n" || $0 == "\0" })
            }
        }
        guard lines.count > 10_000 else {
            throw Failure(message: "the \(locale) catalogs hold only \(lines.count) lines")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The translated strings of a GNU `.mo` file, in the file's order, without the header entry
    /// (the translation of the empty message). Plural forms stay together, separated by NUL.
    static func translations(inCatalog bytes: [UInt8], path: String) throws -> [String] {
        func word(_ offset: Int, bigEndian: Bool) throws -> Int {
            guard offset >= 0, offset + 4 <= bytes.count else {
                throw Failure(message: "\(path): truncated at byte offset \(offset)")
            }
            let value = bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return Int(bigEndian ? value : value.byteSwapped)
        }
        let magic = try word(0, bigEndian: true)
        guard magic == 0x9504_12DE || magic == 0xDE12_0495 else {
            throw Failure(message: "\(path): not a gettext catalog (magic \(String(magic, radix: 16)))")
        }
        let bigEndian = magic == 0x9504_12DE
        let count = try word(8, bigEndian: bigEndian)
        let originals = try word(12, bigEndian: bigEndian)
        let translations = try word(16, bigEndian: bigEndian)
        var messages: [String] = []
        for index in 0..<count {
            if try word(originals + 8 * index, bigEndian: bigEndian) == 0 { continue }  // the header
            let length = try word(translations + 8 * index, bigEndian: bigEndian)
            let start = try word(translations + 8 * index + 4, bigEndian: bigEndian)
            guard start + length <= bytes.count else {
                throw Failure(message: "\(path): message \(index) runs past the end of the file")
            }
            guard let message = String(validating: bytes[start..<start + length], as: UTF8.self) else {
                throw Failure(message: "\(path): message \(index) at byte offset \(start) is not UTF-8")
            }
            messages.append(message)
        }
        return messages
    }
}
