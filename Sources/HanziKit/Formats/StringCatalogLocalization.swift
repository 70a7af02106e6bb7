import HanziConversion
import HanziText

/// A String Catalog localization made from another: `zh-Hant` from `zh-Hans`.
public struct LocalizationRequest: Sendable, Hashable {
    /// The language the text is read from (`zh-Hans`).
    public var source: String
    /// The language whose entries are created or refreshed (`zh-Hant`, `zh-HK`).
    public var target: String
    /// Whether entries a person translated (`translated`, or `stale`) are made again too.
    public var overwritesTranslations: Bool

    /// Creates a request; a person's translations are kept unless `overwritesTranslations`.
    public init(source: String, target: String, overwritesTranslations: Bool = false) {
        self.source = source
        self.target = target
        self.overwritesTranslations = overwritesTranslations
    }
}

extension Converter {
    /// The String Catalog `catalog` (the text of an `.xcstrings` file) with the request's target
    /// localization created or refreshed from its source for every key, by this conversion, with
    /// Xcode's states (see `StringCatalog.localize`); keys, comments, other languages and layout
    /// are kept. Throws `HanziKitError.malformedDocument` where the catalog is not one.
    public func localize(catalog: String, _ request: LocalizationRequest) throws(HanziKitError) -> (
        catalog: String, summary: StringCatalog.LocalizationSummary
    ) {
        let bytes = Array(catalog.utf8)
        do {
            let (localized, summary) = try StringCatalog.localize(
                bytes, from: request.source, to: request.target,
                overwritingTranslations: request.overwritesTranslations
            ) { text in
                // Converted as `convert` converts a catalog's values: URLs inside them kept.
                var output: [UInt8] = []
                text.withUnsafeBufferPointer { appendConversion(of: $0, textRanges: [0..<$0.count], to: &output) }
                return output
            }
            return (String(decoding: localized, as: UTF8.self), summary)
        } catch {
            throw bytes.withUnsafeBufferPointer { DocumentFormat.stringCatalog.placed(error, in: $0) }
        }
    }
}
