import Foundation
import HanziKit

/// The `opencc-config` fuzz target: the bytes are an OpenCC JSON configuration, in a folder that
/// also holds two small text dictionaries, `a.txt` and `b.txt`; OpenCC's own dictionaries
/// (`TSCharacters.ocd2`…) are found in its data folder.
///
/// So that the fuzzer reads no other file, an input holding `/` or `\` (a path, or an escape
/// that could spell one) is skipped and relative names resolve in the input's folder, which is
/// the working folder while it is read (libFuzzer is given absolute paths); an input naming more than six files is skipped, since OpenCC loads
/// each named dictionary again and a few hundred of its large ones exceed the memory limit.
extension FuzzTargets {
    static let configurationDictionaries = [
        "a.txt": "頭髮\t头发\n後來\t后来\n乾\t干 乾\n𠀀\t𠀁\n",
        "b.txt": "头\t頭\n发\t髮 發\n干燥\t乾燥\n",
    ]

    /// Opening a configuration: OpenCC and HanziKit's engine (compiled, then from the disk cache)
    /// both open it or both refuse it with OpenCC's message naming the configuration; when they
    /// open it, they convert a text holding every dictionary's keys to the same bytes.
    static func openccConfig(_ bytes: [UInt8]) {
        let fileMentions = (0..<max(bytes.count - 3, 0)).filter { bytes[$0..<$0 + 4].elementsEqual("file".utf8) }
        guard !bytes.contains(UInt8(ascii: "/")), !bytes.contains(UInt8(ascii: "\\")), fileMentions.count <= 6
        else { return }
        let folder = FuzzWorkFolder.next()
        let workingFolder = FileManager.default.currentDirectoryPath
        precondition(FileManager.default.changeCurrentDirectoryPath(folder), "cannot enter \(folder)")
        for (name, text) in configurationDictionaries {
            FuzzWorkFolder.write(Array(text.utf8), to: folder + "/" + name)
        }
        let configuration = folder + "/config.json"
        FuzzWorkFolder.write(bytes, to: configuration)
        compareEngines(configuration: configuration, texts: ["頭髮後來乾燥，头发干燥𠀀 裡面 abc\n"])
        precondition(FileManager.default.changeCurrentDirectoryPath(workingFolder), "cannot return to \(workingFolder)")
        FuzzWorkFolder.remove(folder)
    }
}
