internal import COpenCCBridge
import HanziText

/// One OpenCC dictionary's entries: each key with its candidate values, the first being the one
/// a conversion uses.
package struct OpenCCLexicon: Sendable {
    package struct Entry: Sendable, Equatable {
        package var key: String
        package var values: [String]
    }

    package var entries: [Entry]

    package init(entries: [Entry]) {
        self.entries = entries
    }
}

/// The dictionaries of an OpenCC configuration, loaded by OpenCC itself so text dictionaries and
/// custom configurations work as they do in OpenCC.
package struct OpenCCDictionaries: Sendable {
    /// The dictionaries maximum-match segmentation uses, in OpenCC's priority order.
    package var segmentation: [OpenCCLexicon]
    /// Each conversion stage's dictionaries, in chain order; within a stage, in priority order.
    package var conversionStages: [[OpenCCLexicon]]

    /// Loads `configuration` (a name such as `t2s.json`, or a path) through OpenCC's C++ API.
    static func load(configuration: String) throws(HanziKitError) -> OpenCCDictionaries {
        let texts = try loadTexts(configuration: configuration)
        return OpenCCDictionaries(
            segmentation: texts.segmentation.map { parse($0) },
            conversionStages: texts.conversionStages.map { $0.map { parse($0) } })
    }

    /// Each dictionary as OpenCC text lines (`key\tvalue1 value2…\n`), the form the engine compiles
    /// without making a String per entry. `phrases` (in that form) join the front of the
    /// segmentation group and of the first conversion step's group, as the bridge places them
    /// for OpenCC itself.
    static func loadTexts(configuration: String, phrases: [[UInt8]] = []) throws(HanziKitError) -> (
        segmentation: [[UInt8]], conversionStages: [[[UInt8]]]
    ) {
        var error: UnsafeMutablePointer<CChar>?
        guard let config = hanzikit_config_open(configuration, &error) else {
            throw .configurationUnavailable(configuration: configuration, reason: takeMessage(error))
        }
        defer { hanzikit_config_close(config) }
        var stages: [[[UInt8]]] = []
        for stage in 0..<hanzikit_config_stage_count(config) {
            var lexicons: [[UInt8]] = []
            for dictionary in 0..<hanzikit_config_dictionary_count(config, stage) {
                var length = 0
                guard let text = hanzikit_config_dictionary_entries(config, stage, dictionary, &length, &error)
                else {
                    throw .configurationUnavailable(configuration: configuration, reason: takeMessage(error))
                }
                defer { hanzikit_free(text) }
                lexicons.append(Array(UnsafeRawBufferPointer(start: text, count: length)))
            }
            stages.append(lexicons)
        }
        if !phrases.isEmpty {
            // Stage 0 is segmentation, stage 1 the first conversion step.
            for stage in stages.indices.prefix(2) { stages[stage].insert(contentsOf: phrases, at: 0) }
        }
        return (stages.first ?? [], Array(stages.dropFirst()))
    }

    private static func parse(_ text: [UInt8]) -> OpenCCLexicon {
        text.withUnsafeBufferPointer { parse($0) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> OpenCCLexicon {
        var entries: [OpenCCLexicon.Entry] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            // The key ends at the first tab; the values are separated by spaces and may hold tabs.
            let keyEnd = line.firstIndex(of: UInt8(ascii: "\t")) ?? line.endIndex
            let values =
                keyEnd == line.endIndex
                ? []
                : line[(keyEnd + 1)...].split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
                    .map { String(decoding: $0, as: UTF8.self) }
            entries.append(OpenCCLexicon.Entry(key: String(decoding: line[..<keyEnd], as: UTF8.self), values: values))
        }
        return OpenCCLexicon(entries: entries)
    }

    private static func takeMessage(_ error: UnsafeMutablePointer<CChar>?) -> String {
        guard let error else { return "unknown OpenCC error" }
        defer { hanzikit_free(error) }
        return String(cString: error)
    }
}

/// Bytes the C heap has handed out and not taken back, for leak checks (0 where unknown).
func heapBytesInUse() -> Int {
    hanzikit_heap_bytes_in_use()
}
