import HanziKit

/// The `normalize` fuzz target.
///
/// Input layout: the first byte picks the setting (bit 0: Simplified instead of Traditional,
/// bit 1: Markdown instead of plain text), the rest is the text; invalid UTF-8 is skipped, since
/// the normalizer only ever sees decoded text.
extension FuzzTargets {
    /// One normalizer per script with every rule on, `spacing` and `terms` included, built once
    /// because the lexicons are expensive.
    static let normalizers: [Script: Normalizer] = {
        var options = RuleOptions()
        for entry in ["Meta", "Javascript -> JavaScript", "GitHub"] {
            precondition(options.terms.add(entry: entry) == nil, "fuzz term '\(entry)' rejected")
        }
        let everyRule = Dictionary(uniqueKeysWithValues: RuleRegistry.standard.identifiers.map { ($0, true) })
        var normalizers: [Script: Normalizer] = [:]
        for script in Script.allCases {
            let settings = NormalizationSettings(script: .fixed(script), enabledOverrides: everyRule, options: options)
            normalizers[script] = Normalizer(settings: settings)
        }
        return normalizers
    }()

    /// Normalizing: no crash; normalizing twice equals normalizing once; every finding lies inside
    /// the text on scalar boundaries, carries the text it names and the right line and column; a
    /// text whose findings have no fix comes back unchanged.
    static func normalize(_ bytes: [UInt8]) {
        guard let setting = bytes.first, let text = String(validating: bytes.dropFirst(), as: UTF8.self) else { return }
        let script: Script = setting & 1 == 0 ? .traditional : .simplified
        let format: DocumentFormat = setting & 2 == 0 ? .plain : .markdown
        guard let normalizer = normalizers[script] else { preconditionFailure("no normalizer for \(script)") }

        let once = normalizer.normalize(text, script: script, format: format)
        let twice = normalizer.normalize(once, script: script, format: format)
        precondition(twice.utf8.elementsEqual(once.utf8), "normalizing again changed the text")

        let result: NormalizationResult
        do {
            result = try normalizer.check(text, format: format)
        } catch {
            preconditionFailure("check failed: \(error)")
        }
        precondition(result.script == script, "checked toward \(result.script), not \(script)")
        checkFindings(result.findings, in: Array(bytes.dropFirst()))
        if result.findings.allSatisfy({ $0.replacement == nil }) {
            precondition(once.utf8.elementsEqual(text.utf8), "text changed without a fixable finding")
        }
    }

    /// Each finding's range is inside `utf8`, on scalar boundaries, in text order, holds its
    /// `original`, and its line and column count `\n`s and scalars (a leading byte-order mark is
    /// not a column) before it.
    private static func checkFindings(_ findings: [Finding], in utf8: [UInt8]) {
        var previousOffset = 0
        for finding in findings {
            let start = finding.utf8Offset
            let end = start + finding.utf8Length
            precondition(start >= 0 && finding.utf8Length >= 0 && end <= utf8.count, "range \(start)..<\(end) outside")
            precondition(
                isScalarStart(start, utf8) && isScalarStart(end, utf8), "range \(start)..<\(end) splits a scalar")
            precondition(start >= previousOffset, "findings out of text order")
            previousOffset = start
            precondition(
                finding.original.utf8.elementsEqual(utf8[start..<end]), "original is not the text at its range")

            let before = utf8[..<start]
            let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            precondition(finding.line == 1 + before.filter { $0 == UInt8(ascii: "\n") }.count, "wrong line")
            var lineText = String(decoding: utf8[lineStart..<start], as: UTF8.self)
            if lineStart == 0 && lineText.hasPrefix("\u{FEFF}") { lineText.removeFirst() }
            precondition(finding.column == 1 + lineText.unicodeScalars.count, "wrong column \(finding.column)")
        }
    }

    private static func isScalarStart(_ offset: Int, _ utf8: [UInt8]) -> Bool {
        offset == utf8.count || utf8[offset] & 0xC0 != 0x80
    }
}
