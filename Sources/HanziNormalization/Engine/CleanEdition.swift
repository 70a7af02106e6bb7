import HanziConversion
import HanziText

/// A clean edition in one streamed pass: each piece of the document is normalized in its own
/// script, converted, and normalized again in the target script, which fixes what the
/// conversion leaves behind (OpenCC's t2s keeps the Taiwan glyph of 代表著; the edition writes
/// 代表着).
///
/// The order matters: repairs such as mojibake and stray glyphs are read in the script the text
/// was written in, where the lexicons recognise them, and the leftovers of the conversion only
/// exist after it. Pieces are cut where normalization can cut (see `DocumentSegments`), and no
/// dictionary phrase spans such a cut (it follows a line break), so the result equals running
/// the three steps over the whole text.
public struct CleanEdition: Sendable {
    /// The normalization of the source text; its settings' script selection says which script
    /// the source is read in (`auto`: detected over the whole file).
    public let source: Normalizer
    /// The conversion.
    public let converter: Converter
    /// The normalization of the converted text, or nil when the target script is not known
    /// (a custom configuration, or Japanese kanji): then only the rules that fix toward no
    /// script run after the conversion.
    public let target: Normalizer

    /// The edition `converter` writes, normalized before with `normalizer`'s settings and after
    /// with the same settings toward `targetScript` (script-neutral rules only when nil).
    public init(normalizer: Normalizer, converter: Converter, targetScript: Script?) {
        source = normalizer
        self.converter = converter
        var settings = normalizer.settings
        if let targetScript {
            settings.script = .fixed(targetScript)
            target = Normalizer(settings: settings)
        } else {
            settings.script = .fixed(.traditional)
            target = Normalizer(settings: settings).scoped(
                to: .undecided(
                    ScriptDetection(
                        script: .neither, traditionalCount: 0, simplifiedCount: 0)))
        }
    }

    /// The edition of `text` (a whole document).
    public func edition(of text: String, format: DocumentFormat = .plain) throws(HanziKitError) -> String {
        try source.prepare()
        try target.prepare()
        let decision = try source.scriptDecision(for: text)
        let normalized = source.scoped(to: decision).normalize(
            text, script: decision.script ?? .traditional, format: format)
        return finish(try converter.convert(normalized, format: format), format: format)
    }

    /// Writes the edition of the UTF-8 file at `path` (standard input for `-`) to `sink` in
    /// bounded memory, piece by piece; returns how the source script was settled and whether the
    /// output differs from the input.
    public func edition(of path: String, format: DocumentFormat = .plain, to sink: some ByteSink)
        throws(HanziKitError) -> StreamedNormalization
    {
        try edition(of: TextSource(path, encoding: .utf8), format: format, to: sink)
    }

    /// Writes the edition of `input` as `edition(of:format:to:)` writes a UTF-8 file's; the text
    /// of an input in another encoding is read from memory, decoded, in the same pieces.
    public func edition(of input: TextSource, format: DocumentFormat = .plain, to sink: some ByteSink)
        throws(HanziKitError) -> StreamedNormalization
    {
        if let text = try source.wholeText(of: input) {
            let decision = try source.scriptDecision(for: text)
            let output = try edition(of: text, format: format)
            try sink.write(output.utf8)
            return StreamedNormalization(
                script: decision.script ?? .traditional, changed: !output.utf8.elementsEqual(text.utf8),
                decision: decision)
        }
        let loading = source.startLoading(for: input)
        let decision = try source.streamDecision(of: input)
        loading.wait()
        try source.prepare()
        try target.prepare()
        let script = decision.script ?? .traditional
        let engine = source.scoped(to: decision)
        var changed = false
        try WindowedText.forEachPiece(of: input, format: format, layout: source.layout) { [self] piece in
            let normalized = engine.normalize(piece.text, script: script, format: format, known: piece.segmentation)
            // The piece was read as its format already, and normalizing keeps its structure.
            let converted = (try? converter.convert(normalized, format: format)) ?? converter.convert(normalized)
            return (piece.text, finish(converted, format: format))
        } emit: { (original: String, output: String) throws(HanziKitError) in
            if !output.utf8.elementsEqual(original.utf8) { changed = true }
            try sink.write(output.utf8)
        }
        return StreamedNormalization(script: script, changed: changed, decision: decision)
    }

    /// The converted text normalized in the target script.
    private func finish(_ converted: String, format: DocumentFormat) -> String {
        target.normalize(converted, script: target.settings.script.fixedScript ?? .traditional, format: format)
    }
}

extension ScriptSelection {
    /// The fixed script, nil for `auto`.
    var fixedScript: Script? {
        if case let .fixed(script) = self { return script }
        return nil
    }
}

extension ConversionConfig {
    /// The script the configuration reads, when it is Chinese of one script (not Japanese kanji).
    public var sourceScript: Script? {
        switch self {
        case .s2t, .s2tw, .s2hk, .s2twp: .simplified
        case .t2s, .tw2s, .hk2s, .tw2sp, .t2tw, .tw2t, .t2hk, .hk2t: .traditional
        case .t2jp, .jp2t: nil
        }
    }

    /// The script the configuration writes, when it is Chinese of one script (not Japanese kanji).
    public var targetScript: Script? {
        switch self {
        case .t2s, .tw2s, .hk2s, .tw2sp: .simplified
        case .s2t, .s2tw, .s2hk, .s2twp, .t2tw, .tw2t, .t2hk, .hk2t: .traditional
        case .t2jp, .jp2t: nil
        }
    }
}
