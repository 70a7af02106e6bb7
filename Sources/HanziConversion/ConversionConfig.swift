import HanziText

/// The conversion configurations that ship with OpenCC.
///
/// Each case names a JSON file in OpenCC's data folder; `Converter` opens it through OpenCC,
/// so the dictionaries are always OpenCC's own.
public enum ConversionConfig: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case s2t, t2s, s2tw, tw2s, s2hk, hk2s, s2twp, tw2sp, t2tw, tw2t, t2hk, hk2t, t2jp, jp2t

    /// The configuration file name OpenCC looks up in its data folder, e.g. `t2s.json`.
    public var fileName: String { rawValue + ".json" }

    /// A one-line description of what the configuration converts.
    public var summary: String {
        switch self {
        case .s2t: "Simplified Chinese to Traditional Chinese (OpenCC standard)"
        case .t2s: "Traditional Chinese (OpenCC standard) to Simplified Chinese"
        case .s2tw: "Simplified Chinese to Traditional Chinese (Taiwan standard)"
        case .tw2s: "Traditional Chinese (Taiwan standard) to Simplified Chinese"
        case .s2hk: "Simplified Chinese to Traditional Chinese (Hong Kong variant)"
        case .hk2s: "Traditional Chinese (Hong Kong variant) to Simplified Chinese"
        case .s2twp: "Simplified Chinese to Traditional Chinese (Taiwan standard, with Taiwanese idioms)"
        case .tw2sp: "Traditional Chinese (Taiwan standard) to Simplified Chinese, with mainland idioms"
        case .t2tw: "Traditional Chinese (OpenCC standard) to Taiwan standard"
        case .tw2t: "Traditional Chinese (Taiwan standard) to OpenCC standard"
        case .t2hk: "Traditional Chinese (OpenCC standard) to Hong Kong variant"
        case .hk2t: "Traditional Chinese (Hong Kong variant) to OpenCC standard"
        case .t2jp: "Traditional Chinese characters (Kyūjitai) to New Japanese Kanji (Shinjitai)"
        case .jp2t: "New Japanese Kanji (Shinjitai) to Traditional Chinese characters (Kyūjitai)"
        }
    }

    /// The configuration's short name, as `hanzi convert -c` takes it.
    public var description: String { rawValue }
}
