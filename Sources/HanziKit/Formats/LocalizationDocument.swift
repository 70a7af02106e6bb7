import HanziConversion
import HanziText

/// The localization file formats HanziKit reads in place: only message text changes.
public enum LocalizationFormat: String, CaseIterable, Sendable {
    /// gettext catalogs and templates (`.po`, `.pot`): `msgstr` and `msgstr[n]` only.
    case gettext
    /// Apple string tables (`.strings`, UTF-8 or UTF-16): quoted values only.
    case strings
    /// Apple String Catalogs (`.xcstrings`): string unit values only.
    case xcstrings

    /// The format a file's extension names, if it is one of these.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "po", "pot": self = .gettext
        case "strings": self = .strings
        case "xcstrings": self = .xcstrings
        default: return nil
        }
    }
}

/// How a localization file is converted beyond its messages.
public struct LocalizationOptions: Sendable, Hashable {
    /// gettext: the header's `Language:` follows the conversion (`zh_CN` → `zh_TW` for s2tw).
    public var updatesLanguage = false
    /// String Catalogs: create or refresh one localization from another instead of converting
    /// values in place.
    public var localization: LocalizationRequest?
    /// String Catalogs, with `localization`: overwrite entries a person translated too.
    public var overwritesTranslations = false
    /// String Catalogs, converting in place: the localizations whose values change; `nil` means
    /// the Chinese ones (`zh`, `zh-Hans`, `zh-Hant`, `zh-HK`, …), never Japanese or any other.
    public var localizations: [String]?

    /// Options that convert messages only.
    public init() {}
}

/// A String Catalog localization made from another: `zh-Hant` from `zh-Hans`.
public struct LocalizationRequest: Sendable, Hashable {
    /// The language the text is read from (`zh-Hans`).
    public var source: String
    /// The language whose entries are created or refreshed (`zh-Hant`, `zh-HK`).
    public var target: String

    /// Creates a request.
    public init(source: String, target: String) {
        self.source = source
        self.target = target
    }
}

/// A converted localization file and what was done beyond converting its messages.
public struct LocalizationConversion: Sendable {
    /// The converted file, UTF-8.
    public var bytes: [UInt8]
    /// With `LocalizationOptions.localization`: how many entries were created, refreshed, kept.
    public var summary: StringCatalog.LocalizationSummary?
}

extension Converter {
    /// Converts the messages of a localization file (`utf8` is the whole file) and keeps every
    /// other byte: keys, identifiers, comments, flags, escapes, layout.
    public func convert(
        localization utf8: [UInt8], format: LocalizationFormat, options: LocalizationOptions = LocalizationOptions()
    ) throws(HanziKitError) -> LocalizationConversion {
        _ = try utf8.withUnsafeBufferPointer { buffer throws(HanziKitError) in try UTF8Validation.decode(buffer) }
        let transform = { (bytes: [UInt8]) -> [UInt8] in self.convert(validUTF8Bytes: bytes) }
        switch format {
        case .gettext:
            var retag: ((String) -> String?)?
            if options.updatesLanguage {
                let target = try LanguageTag.Target(configuration: configuration)
                retag = { target.retag($0) }
            }
            return LocalizationConversion(
                bytes: try GettextCatalog.rewrite(utf8, language: retag, transform: transform))
        case .strings:
            return LocalizationConversion(bytes: try AppleStringsTable.rewrite(utf8, transform: transform))
        case .xcstrings:
            if let request = options.localization {
                let (bytes, summary) = try StringCatalog.localize(
                    utf8, from: request.source, to: request.target,
                    overwritingTranslations: options.overwritesTranslations,
                    transform: transform)
                return LocalizationConversion(bytes: bytes, summary: summary)
            }
            let chosen = options.localizations
            let bytes = try StringCatalog.rewrite(
                utf8, converting: { chosen?.contains($0) ?? LanguageTag.isChinese($0) }, transform: transform)
            return LocalizationConversion(bytes: bytes)
        }
    }

    /// Converts bytes known to be UTF-8.
    func convert(validUTF8Bytes bytes: [UInt8]) -> [UInt8] {
        bytes.isEmpty ? [] : Array(convert(String(decoding: bytes, as: UTF8.self)).utf8)
    }
}

/// Chinese language tags, and how a conversion changes them (`zh_CN` → `zh_TW` for s2tw).
public enum LanguageTag {
    /// Whether `tag` names Chinese (`zh`, `zh-Hant`, `zh_TW`, `zh-Hans-CN`, …).
    public static func isChinese(_ tag: String) -> Bool {
        let lower = tag.lowercased()
        return lower == "zh" || lower.hasPrefix("zh-") || lower.hasPrefix("zh_")
    }

    /// The script and region a configuration writes.
    public struct Target: Sendable, Hashable {
        /// `Hant` or `Hans`.
        public var script: String
        /// `TW`, `HK`, `CN`, or nil when the configuration writes no region's standard (s2t).
        public var region: String?

        /// The target of a configuration named like OpenCC's (`s2tw`, `s2tw.json`, a path to one).
        public init(configuration: String) throws(HanziKitError) {
            let file = configuration.split(separator: "/").last.map(String.init) ?? configuration
            let name = file.hasSuffix(".json") ? String(file.dropLast(5)) : file
            switch name {
            case "s2tw", "s2twp", "t2tw": (script, region) = ("Hant", "TW")
            case "s2hk", "t2hk": (script, region) = ("Hant", "HK")
            case "s2t", "tw2t", "hk2t": (script, region) = ("Hant", nil)
            case "t2s", "tw2s", "tw2sp", "hk2s": (script, region) = ("Hans", "CN")
            default:
                throw .configurationUnavailable(
                    configuration: configuration,
                    reason: "it names no Chinese script and region for the language tag; use one of OpenCC's s2tw, "
                        + "s2hk, t2s, tw2s, hk2s (or their variants)")
            }
        }

        /// `tag` rewritten for this target, keeping its separator and form: a region
        /// (`zh_CN` → `zh_TW`), a script (`zh-Hans` → `zh-Hant`) or both; nil when `tag` is not
        /// Chinese, is plain `zh`, or names a region this target has none for (s2t on `zh_CN`).
        public func retag(_ tag: String) -> String? {
            guard LanguageTag.isChinese(tag), tag.count > 2 else { return nil }
            let separator = tag[tag.index(tag.startIndex, offsetBy: 2)]
            var parts = tag.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            for index in parts.indices.dropFirst() {
                let part = parts[index]
                if part.count == 4, ["hans", "hant"].contains(part.lowercased()) {
                    parts[index] = script
                } else if part.count == 2, part.allSatisfy(\.isLetter) {
                    guard let region else { return nil }
                    parts[index] = part == part.lowercased() ? region.lowercased() : region
                }
            }
            let retagged = parts.joined(separator: String(separator))
            return retagged == tag ? nil : retagged
        }
    }
}
