extension DocumentFormat {
    /// gettext catalogs and templates: every `msgstr` and `msgstr[n]`, continuation lines read as
    /// one message; the header's `Language:` is its language tag.
    public static let gettext = DocumentFormat(
        name: "po", extensions: ["po", "pot"],
        summary: "gettext catalogs: msgstr and msgstr[n]; never msgid, msgid_plural, msgctxt, comments, flags or "
            + "the header (its Language: with --retag-language)",
        syntax: GettextSyntax())

    /// Apple string tables, UTF-8 or UTF-16: every quoted value.
    public static let appleStrings = DocumentFormat(
        name: "strings", extensions: ["strings"],
        summary: "Apple string tables (UTF-8 or UTF-16): quoted values; never keys or comments",
        syntax: AppleStringsSyntax())

    /// Apple String Catalogs: the string unit values of the Chinese localizations.
    public static let stringCatalog = DocumentFormat(
        name: "xcstrings", extensions: ["xcstrings"],
        summary: "String Catalogs: string unit values of Chinese localizations; never keys, comments, states or "
            + "other languages",
        syntax: StringCatalogSyntax())
}

/// A syntax whose messages may be cut into several ranges (a gettext translation continued over
/// lines): conversion reads each message whole, so a phrase cut by a line continuation is still
/// one phrase.
package protocol MessageSyntax: DocumentSyntax {
    /// The messages of `document`, each its ranges in order; their ranges are `textRanges`.
    func messages(in document: [UInt8], options: FormatOptions) throws(DocumentSyntaxError) -> [LocalizedMessage]
}

extension MessageSyntax {
    /// The ranges of every message, in order.
    public func textRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions)
        throws(DocumentSyntaxError) -> [Range<Int>]
    {
        try messages(in: Array(document), options: options).flatMap(\.ranges)
    }
}

struct GettextSyntax: MessageSyntax {
    func messages(in document: [UInt8], options: FormatOptions) throws(DocumentSyntaxError) -> [LocalizedMessage] {
        try GettextCatalog(utf8: document).translations
    }

    func languageTagRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) -> [Range<Int>] {
        guard let catalog = try? GettextCatalog(utf8: Array(document)) else { return [] }
        return catalog.languageValue.map { [$0] } ?? []
    }
}

struct AppleStringsSyntax: MessageSyntax {
    func messages(in document: [UInt8], options: FormatOptions) throws(DocumentSyntaxError) -> [LocalizedMessage] {
        try AppleStringsTable(utf8: document).values
    }
}

struct StringCatalogSyntax: MessageSyntax {
    func messages(in document: [UInt8], options: FormatOptions) throws(DocumentSyntaxError) -> [LocalizedMessage] {
        try StringCatalog.values(in: document, of: StringCatalog.isChinese)
    }
}
