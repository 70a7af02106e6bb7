import HanziText

/// How a conversion rewrites Chinese language tags (BCP 47 `zh-TW`, `zh-Hant`, or POSIX `zh_TW`):
/// the script subtag becomes the target's (`Hans`, `Hant`) and the region the configuration's
/// (`CN` for Simplified, `TW` or `HK` for the Taiwan and Hong Kong variants); a configuration
/// without a region (s2t) writes the script instead of a region (`zh-CN` → `zh-Hant`).
/// Separators and other subtags are kept; tags of other languages and a bare `zh` are not changed.
public struct LanguageTagMap: Sendable, Hashable {
    /// The script subtag written.
    public var script: String
    /// The region subtag written, if the configuration has one.
    public var region: String?

    /// The tags `configuration` (a name such as `t2s` or `s2tw.json`) writes; nil for a
    /// configuration whose target is not one Chinese script (`t2jp`, a custom file).
    public init?(configuration: String) {
        let name = configuration.split(separator: "/").last.map {
            $0.hasSuffix(".json") ? String($0.dropLast(5)) : String($0)
        }
        guard let config = name.flatMap(ConversionConfig.init(rawValue:)) else { return nil }
        switch config {
        case .t2s, .tw2s, .hk2s, .tw2sp: (script, region) = ("Hans", "CN")
        case .s2tw, .s2twp, .t2tw: (script, region) = ("Hant", "TW")
        case .s2hk, .t2hk: (script, region) = ("Hant", "HK")
        case .s2t, .tw2t, .hk2t: (script, region) = ("Hant", nil)
        case .t2jp, .jp2t: return nil
        }
    }

    /// `tag` written for the target, or unchanged when it is not a Chinese tag with a script or region.
    public func retagged(_ tag: String) -> String {
        let separator: Character = tag.contains("_") ? "_" : "-"
        var parts = tag.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1, parts[0].lowercased() == "zh" else { return tag }
        let scriptIndex = parts.indices.dropFirst().first { parts[$0].count == 4 && parts[$0].allSatisfy(\.isLetter) }
        let regionIndex = parts.indices.dropFirst().first {
            (parts[$0].count == 2 && parts[$0].allSatisfy(\.isLetter))
                || (parts[$0].count == 3 && parts[$0].allSatisfy(\.isNumber))
        }
        if let scriptIndex { parts[scriptIndex] = script }
        if let regionIndex {
            if let region {
                parts[regionIndex] = region
            } else if scriptIndex == nil {
                parts[regionIndex] = script
            } else {
                parts.remove(at: regionIndex)
            }
        }
        return parts.joined(separator: String(separator))
    }
}
