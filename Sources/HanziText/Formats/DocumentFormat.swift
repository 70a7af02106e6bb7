/// Where the human-language text of a document lies: the seam every document format plugs into.
///
/// A syntax returns the ascending, disjoint UTF-8 byte ranges of the text a person reads (the
/// paragraphs of a Markdown file, the string values of a JSON message file, the cue text of a
/// subtitle). Everything outside them is structure, kept byte for byte: `convert` converts only
/// the ranges, and `normalize` and `check` treat everything else as protected, so findings keep
/// the positions of the original file. A syntax only reads; it never rewrites a document.
///
/// Adding a format is one file with a conformer and a `DocumentFormat` value, and one line in
/// `DocumentFormat.registered`.
public protocol DocumentSyntax: Sendable {
    /// The ranges of human-language text in `document`, ascending and disjoint; throws
    /// `DocumentSyntaxError` at the offset where `document` stops being of this syntax.
    /// `document` is valid UTF-8 (checked before; any bytes when `readsAnyBytes`), and either a whole document or a piece
    /// that starts at a cut `lastCut(in:)` returned.
    func textRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) throws(DocumentSyntaxError)
        -> [Range<Int>]

    /// The last offset in `window` (a piece of the document from its start or from an earlier
    /// cut) after which the rest reads as a document of its own, so a large file is handled in
    /// pieces with bounded memory; nil when there is none, and then the window grows. The default
    /// is nil: the whole document is read at once (message files are small).
    func lastCut(in window: UnsafeBufferPointer<UInt8>, options: FormatOptions) -> Int?

    /// The ranges of the document's language tags (an HTML `lang` attribute's value, a catalog's
    /// `Language:` header), which `convert` rewrites for the target script when
    /// `FormatOptions.retagsLanguage` asks (`zh-TW` → `zh-CN` with t2s). The default is none.
    func languageTagRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) -> [Range<Int>]

    /// Whether `textRanges(in:options:)` reads any bytes safely, UTF-8 or not, looking only at
    /// ASCII bytes (the JSON reader), and on UTF-8 splits it only between characters. A streamed
    /// conversion then checks the UTF-8 as it converts and copies, instead of in a pass of its
    /// own before reading. The default is false: the document is checked first.
    var readsAnyBytes: Bool { get }
}

extension DocumentSyntax {
    /// The whole document is read at once.
    public func lastCut(in window: UnsafeBufferPointer<UInt8>, options: FormatOptions) -> Int? { nil }

    /// No language tags.
    public func languageTagRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) -> [Range<Int>] {
        []
    }

    /// The document is checked as UTF-8 before it is read.
    public var readsAnyBytes: Bool { false }
}

/// Why a document is not of its syntax, at a byte offset of the piece that was read.
public struct DocumentSyntaxError: Error, Sendable, Equatable {
    /// Where the document stops being of the syntax, in bytes from the start of the piece.
    public var offset: Int
    /// What was expected or found there.
    public var reason: String

    /// An error at `offset`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }
}

/// The choices a document format reads; each format reads only those that concern it.
public struct FormatOptions: Sendable, Hashable {
    /// Code is text too (Markdown code blocks and inline code, HTML `<code>` and `<pre>`), for
    /// Chinese comments in code; off by default, so code is kept byte for byte.
    public var includesCode: Bool
    /// For JSON Lines: the members that hold text, by name or as JSON pointers (`/meta/title`).
    public var fields: [String]
    /// Language tags follow the conversion (`lang="zh-TW"` → `lang="zh-CN"` with t2s); off by
    /// default, since a page may name the language it was written in on purpose.
    public var retagsLanguage: Bool

    /// The defaults: code is structure, JSON Lines text is in `text`, language tags stay.
    public init(includesCode: Bool = false, fields: [String] = ["text"], retagsLanguage: Bool = false) {
        self.includesCode = includesCode
        self.fields = fields
        self.retagsLanguage = retagsLanguage
    }
}

/// How a document is written, which decides where its text is and what is never changed.
///
/// A format is a name, the file extensions that imply it and a `DocumentSyntax`. `plain` text is
/// text throughout (URLs, paths, placeholders and marked lines are still protected by
/// `normalize`); the others are listed in `registered`.
public struct DocumentFormat: Sendable, Hashable, CustomStringConvertible {
    /// The name `--file-format` takes: `plain`, `markdown`, …
    public let name: String
    /// File extensions (lowercase, without the dot) that imply the format.
    public let extensions: [String]
    /// One line for `--help` and the README.
    public let summary: String
    /// Where the text lies.
    public let syntax: any DocumentSyntax
    /// The choices the syntax reads.
    public var options: FormatOptions

    /// A format; register it in `registered` to make it known to `--file-format` and extensions.
    public init(
        name: String, extensions: [String], summary: String, syntax: any DocumentSyntax,
        options: FormatOptions = FormatOptions()
    ) {
        self.name = name
        self.extensions = extensions
        self.summary = summary
        self.syntax = syntax
        self.options = options
    }

    /// Every known format, in the order `--help` lists them. Registering a format is one line here.
    public static let registered: [DocumentFormat] = [
        .plain, .markdown, .html, .json, .yaml, .subRip, .webVTT, .jsonLines, .gettext, .appleStrings, .stringCatalog,
    ]

    /// Plain text: all of it is text.
    public static let plain = DocumentFormat(
        name: "plain", extensions: ["txt", "text"], summary: "plain text: all of it", syntax: PlainSyntax())

    /// The registered format named `name`.
    public init?(name: String) {
        guard let format = Self.registered.first(where: { $0.name == name }) else { return nil }
        self = format
    }

    /// The format a file's name implies by its extension, plain text when none does.
    public init(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let suffix = name.split(separator: ".", omittingEmptySubsequences: false).dropFirst().last?.lowercased()
        self = Self.registered.first { format in suffix.map { format.extensions.contains($0) } ?? false } ?? .plain
    }

    /// The same format with other options.
    public func with(_ options: FormatOptions) -> DocumentFormat {
        var format = self
        format.options = options
        return format
    }

    /// Whether a document is cut into segments after blank lines only, as Markdown is.
    package var cutsAfterBlankLines: Bool { syntax is MarkdownSyntax }

    /// Whether all of a document is text, as in `plain`.
    package var isPlain: Bool { syntax is PlainSyntax }

    /// Whether `normalize` cuts the document where its syntax says (and checks it is of the
    /// format first), rather than at the neutral line breaks plain text and Markdown share.
    package var cutsOnItsOwn: Bool { !isPlain && !(syntax is MarkdownSyntax) }

    /// Throws where `text` stops being of the format.
    package func validate(_ text: String) throws(HanziKitError) {
        guard cutsOnItsOwn else { return }
        var text = text
        let failure = text.withUTF8 { bytes -> HanziKitError? in
            do throws(HanziKitError) { _ = try textRanges(in: bytes) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// The format's name.
    public var description: String { name }

    /// Formats are equal when their names and options are.
    public static func == (lhs: DocumentFormat, rhs: DocumentFormat) -> Bool {
        lhs.name == rhs.name && lhs.options == rhs.options
    }

    /// Hashes the name and options.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(options)
    }

    /// The text ranges of `document`, or the error placed in the file: `counter` has counted
    /// the file up to where the piece starts (nothing, when it starts the file).
    package func textRanges(in document: UnsafeBufferPointer<UInt8>, after counter: PositionCounter = PositionCounter())
        throws(HanziKitError) -> [Range<Int>]
    {
        do {
            return try syntax.textRanges(in: document, options: options)
        } catch {
            return try Self.throwing(placed(error, in: document, after: counter))
        }
    }

    /// `error`, found in `document`, as the error people read: the format, the place
    /// (`TextPosition`) and byte offset in the file; `counter` has counted the file up to where
    /// the piece starts.
    package func placed(
        _ error: DocumentSyntaxError, in document: UnsafeBufferPointer<UInt8>,
        after counter: PositionCounter = PositionCounter()
    ) -> HanziKitError {
        let offset = min(error.offset, document.count)
        let position = counter.position(at: offset, in: document)
        return .malformedDocument(
            format: name, byteOffset: counter.utf8Offset + error.offset, line: position.line,
            column: position.column, reason: error.reason)
    }

    private static func throwing(_ error: HanziKitError) throws(HanziKitError) -> [Range<Int>] { throw error }
}

/// Plain text: the whole document is text.
struct PlainSyntax: DocumentSyntax {
    func textRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) -> [Range<Int>] {
        document.isEmpty ? [] : [0..<document.count]
    }

    func lastCut(in window: UnsafeBufferPointer<UInt8>, options: FormatOptions) -> Int? {
        window.lastIndex(of: 0x0A).map { $0 + 1 }
    }
}

extension Array where Element == Range<Int> {
    /// The ranges of `0..<count` that none of these (ascending, disjoint) ranges covers.
    package func complement(in count: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for range in self {
            if range.lowerBound > start { result.append(start..<range.lowerBound) }
            start = Swift.max(start, range.upperBound)
        }
        if start < count { result.append(start..<count) }
        return result
    }
}
