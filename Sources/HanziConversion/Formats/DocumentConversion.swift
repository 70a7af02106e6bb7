import HanziText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Converter {
    /// Converts the text of `document` as `format` reads it and keeps everything else byte for
    /// byte: code, keys, markup, and URLs and e-mail addresses inside the text. Plain text
    /// converts whole, exactly as `convert(_:)`. Throws `HanziKitError.malformedDocument` naming
    /// the line and column where `document` stops being of its format.
    public func convert(_ document: String, format: DocumentFormat) throws(HanziKitError) -> String {
        guard !format.isPlain else { return convert(document) }
        var document = document
        var output = ByteBuffer(capacity: document.utf8.count + document.utf8.count / 8)
        defer { output.deallocate() }
        let tags = languageTags(for: format)
        let failure = document.withUTF8 { bytes -> HanziKitError? in
            do throws(HanziKitError) {
                backend.convert(
                    bytes, textRanges: try format.textRanges(in: bytes), format: format, tags: tags, into: &output)
            } catch {
                return error
            }
            return nil
        }
        if let failure { throw failure }
        return String(decoding: output.bytes, as: UTF8.self)
    }
}

extension Converter {
    /// The language tags this conversion writes, when `format` asks for them to follow it.
    func languageTags(for format: DocumentFormat) -> LanguageTagMap? {
        guard format.options.retagsLanguage else { return nil }
        return LanguageTagMap(configuration: configuration)
    }
}

extension Converter {
    /// Appends the conversion of valid UTF-8 `bytes` to `output`, converting only `textRanges`
    /// (and not URLs and e-mail addresses inside them): a JSON Lines record's fields.
    package func appendConversion(
        of bytes: UnsafeBufferPointer<UInt8>, textRanges: [Range<Int>], to output: inout [UInt8]
    ) {
        var converted = ByteBuffer(capacity: bytes.count + bytes.count / 2)
        defer { converted.deallocate() }
        backend.convert(bytes, textRanges: textRanges, into: &converted)
        output.append(contentsOf: converted.bytes)
    }
}

extension ConversionBackend {
    /// Converts the parts of valid UTF-8 `bytes` that `textRanges` cover, except URLs, e-mail
    /// addresses and paths inside them, and copies the rest; appends to `output`. With `tags`,
    /// the format's language tags are rewritten for the target script.
    func convert(
        _ bytes: UnsafeBufferPointer<UInt8>, textRanges: [Range<Int>], format: DocumentFormat, tags: LanguageTagMap?,
        into output: inout ByteBuffer
    ) {
        if let syntax = format.syntax as? any MessageSyntax {
            convertMessages(bytes, syntax: syntax, format: format, tags: tags, into: &output)
            return
        }
        if let tags {
            let tagRanges = format.syntax.languageTagRanges(in: bytes, options: format.options)
            if !tagRanges.isEmpty {
                // Tags are structure: each piece between them is converted on its own, then the tag written.
                var copied = 0
                for tag in tagRanges {
                    convert(
                        UnsafeBufferPointer(rebasing: bytes[copied..<tag.lowerBound]),
                        textRanges: Self.ranges(textRanges, within: copied..<tag.lowerBound), into: &output)
                    let original = String(decoding: UnsafeBufferPointer(rebasing: bytes[tag]), as: UTF8.self)
                    var retagged = tags.retagged(original)
                    retagged.withUTF8 { output.append($0.baseAddress!, $0.count) }
                    copied = tag.upperBound
                }
                convert(
                    UnsafeBufferPointer(rebasing: bytes[copied...]),
                    textRanges: Self.ranges(textRanges, within: copied..<bytes.count), into: &output)
                return
            }
        }
        convert(bytes, textRanges: textRanges, into: &output)
    }

    /// Converts each message of a localization file whole, so a phrase cut by a line
    /// continuation (`"头"` then `"发"` in a gettext catalog) reads as one (頭髮, not 頭發); each
    /// piece keeps its line wherever the conversion allows. URLs inside messages are kept.
    private func convertMessages(
        _ bytes: UnsafeBufferPointer<UInt8>, syntax: any MessageSyntax, format: DocumentFormat,
        tags: LanguageTagMap?, into output: inout ByteBuffer
    ) {
        let document = Array(bytes)
        // The caller read the text ranges already, so the messages read too.
        let messages = (try? syntax.messages(in: document, options: format.options)) ?? []
        let transform = { (text: [UInt8]) -> [UInt8] in
            var converted = ByteBuffer(capacity: text.count + text.count / 2)
            defer { converted.deallocate() }
            text.withUnsafeBufferPointer { self.convert($0, textRanges: [0..<$0.count], into: &converted) }
            return Array(converted.bytes)
        }
        var edits = messages.flatMap { LocalizedMessages.edits(for: $0, in: document, transform: transform) }
        if let tags {
            for tag in syntax.languageTagRanges(in: bytes, options: format.options) {
                let retagged = tags.retagged(String(decoding: bytes[tag], as: UTF8.self))
                edits.append(ByteEdit(range: tag, replacement: Array(retagged.utf8)))
            }
        }
        let rewritten = LocalizedMessages.apply(edits, to: document)
        if !rewritten.isEmpty { rewritten.withUnsafeBufferPointer { output.append($0.baseAddress!, $0.count) } }
    }

    /// The parts of `ranges` inside `part`, counted from its start.
    private static func ranges(_ ranges: [Range<Int>], within part: Range<Int>) -> [Range<Int>] {
        ranges.compactMap { range in
            let clamped = range.clamped(to: part)
            return clamped.isEmpty
                ? nil : (clamped.lowerBound - part.lowerBound)..<(clamped.upperBound - part.lowerBound)
        }
    }

    /// Converts the parts of valid UTF-8 `bytes` that `textRanges` cover, except URLs and e-mail
    /// addresses inside them, and copies the rest; appends to `output`.
    func convert(_ bytes: UnsafeBufferPointer<UInt8>, textRanges: [Range<Int>], into output: inout ByteBuffer) {
        _ = convert(bytes, textRanges: textRanges, checkingUTF8: false, into: &output)
    }

    /// Converts `bytes` as `convert(_:textRanges:format:tags:into:)` does when they are UTF-8, checking them
    /// on the way instead of before: the text as it is converted, the rest as it is copied, so a
    /// document is read once. `textRanges` come from a syntax that reads any bytes safely
    /// (`DocumentSyntax.readsAnyBytes`). Returns whether `bytes` are UTF-8 (when they are not,
    /// `output` is incomplete).
    func convertValidating(
        _ bytes: UnsafeBufferPointer<UInt8>, textRanges: [Range<Int>], format: DocumentFormat, tags: LanguageTagMap?,
        into output: inout ByteBuffer
    ) -> Bool {
        guard !(format.syntax is any MessageSyntax) && tags == nil else {
            // Messages and language tags are rewritten from the whole piece: it is checked first.
            guard FastUTF8.isValid(bytes) else { return false }
            convert(bytes, textRanges: textRanges, format: format, tags: tags, into: &output)
            return true
        }
        return convert(bytes, textRanges: textRanges, checkingUTF8: true, into: &output)
    }

    /// Converts the parts of `bytes` that `textRanges` cover, except URLs and e-mail addresses
    /// inside them, and copies the rest; appends to `output`. Without `checkingUTF8`, `bytes` are
    /// valid UTF-8 and the result is true; with it, every byte is checked as it is converted or
    /// copied, and the result says whether all are UTF-8.
    private func convert(
        _ bytes: UnsafeBufferPointer<UInt8>, textRanges: [Range<Int>], checkingUTF8 checking: Bool,
        into output: inout ByteBuffer
    ) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        // The stretches to convert: the text ranges less what is kept inside them.
        var stretches: [Range<Int>] = []
        stretches.reserveCapacity(textRanges.count)
        var kept: [Range<Int>] = []
        for range in textRanges where !range.isEmpty {
            let text = UnsafeBufferPointer(rebasing: bytes[range])
            // Only a range with `:` (a scheme), `@` (an address) or `w` (www.) can hold what is kept.
            guard Self.holdsAddressMark(text) else {
                stretches.append(range)
                continue
            }
            // The URL scanner reads scalars: it gets UTF-8 only.
            if checking && !FastUTF8.isValid(text) { return false }
            kept.removeAll(keepingCapacity: true)
            // Paths are left to the format: in JSON or YAML a backslash is an escape, not a separator.
            TextStructure.addURLsAndPaths(UTF8Text(bytes: text), includingPaths: false, to: &kept)
            var start = range.lowerBound
            for stretch in TextStructure.merged(kept) {
                let absolute = stretch.lowerBound + range.lowerBound..<stretch.upperBound + range.lowerBound
                if absolute.lowerBound > start { stretches.append(start..<absolute.lowerBound) }
                start = absolute.upperBound
            }
            if range.upperBound > start { stretches.append(start..<range.upperBound) }
        }
        var pieces = Pieces(bytes: bytes, checking: checking)
        // The engine that converts in one pass converts each stretch where it is: no copies.
        if let onePass = pipeline?.onePass {
            for stretch in stretches {
                guard pieces.copy(upTo: stretch.lowerBound, into: &output),
                    onePass.convert(UnsafeBufferPointer(rebasing: bytes[stretch]), into: &output)
                else { return false }
                pieces.copied = stretch.upperBound
            }
            return pieces.copy(upTo: bytes.count, into: &output)
        }
        // Other engines cost more a call: no key holds a line break, so short stretches joined by
        // line breaks convert in one call to exactly their conversions joined by line breaks, a
        // call for many short texts (JSON Lines fields) instead of one each, in batches that fit
        // a small buffer. Long stretches (Markdown paragraphs) are converted where they are.
        let batches = safeCutBytes[0x0A]
        let batchSize = 1 << 16
        var batch = Batch(capacity: batches ? batchSize : 0)
        defer { batch.deallocate() }
        var newline: UInt8 = 0x0A
        for stretch in stretches {
            if batches && stretch.count < 512 {
                batch.joined.append(base + stretch.lowerBound, stretch.count)
                batch.joined.append(&newline, 1)
                batch.stretches.append(stretch)
                if batch.joined.count >= batchSize, !convert(&batch, pieces: &pieces, into: &output) {
                    return false
                }
                continue
            }
            guard convert(&batch, pieces: &pieces, into: &output), pieces.copy(upTo: stretch.lowerBound, into: &output),
                convert(UnsafeBufferPointer(rebasing: bytes[stretch]), checking: checking, into: &output)
            else { return false }
            pieces.copied = stretch.upperBound
        }
        return convert(&batch, pieces: &pieces, into: &output) && pieces.copy(upTo: bytes.count, into: &output)
    }

    /// Where a conversion of text ranges is: the bytes up to `copied` are written.
    private struct Pieces {
        let bytes: UnsafeBufferPointer<UInt8>
        let checking: Bool
        var copied = 0

        /// Copies the bytes from `copied` to `end` to `output`, checking them when asked; false
        /// when they are not UTF-8.
        mutating func copy(upTo end: Int, into output: inout ByteBuffer) -> Bool {
            let piece = UnsafeBufferPointer(rebasing: bytes[copied..<end])
            if checking && !FastUTF8.isValidShort(piece) { return false }
            if let start = piece.baseAddress { output.append(start, piece.count) }
            copied = end
            return true
        }
    }

    /// Short stretches joined by line breaks, and their conversion.
    private struct Batch {
        var joined: ByteBuffer
        var converted: ByteBuffer
        var stretches: [Range<Int>] = []

        init(capacity: Int) {
            joined = ByteBuffer(capacity: capacity == 0 ? 0 : capacity + 1)
            converted = ByteBuffer(capacity: capacity + capacity / 4)
        }

        func deallocate() {
            joined.deallocate()
            converted.deallocate()
        }
    }

    /// Converts `text` into `output`, checking it when asked; false when it is not UTF-8.
    private func convert(_ text: UnsafeBufferPointer<UInt8>, checking: Bool, into output: inout ByteBuffer) -> Bool {
        guard checking else {
            convert(validUTF8: text, into: &output)
            return true
        }
        return convertValidating(text, into: &output)
    }

    /// Converts the stretches of `batch` in one call and writes each, after the bytes before it;
    /// false when they are not UTF-8.
    private func convert(_ batch: inout Batch, pieces: inout Pieces, into output: inout ByteBuffer) -> Bool {
        guard !batch.stretches.isEmpty else { return true }
        guard convert(batch.joined.bytes, checking: pieces.checking, into: &batch.converted) else { return false }
        // Only when a stretch holds line breaks of its own must each be counted.
        let holdsLineBreaks = UTF8Text(bytes: batch.joined.bytes).newlineCount != batch.stretches.count
        let converted = batch.converted
        var cursor = 0
        for stretch in batch.stretches {
            guard pieces.copy(upTo: stretch.lowerBound, into: &output) else { return false }
            // The stretch's conversion ends at the line break after its own.
            let breaks =
                holdsLineBreaks ? UTF8Text(bytes: UnsafeBufferPointer(rebasing: pieces.bytes[stretch])).newlineCount : 0
            var end = cursor
            for _ in 0...breaks {
                end =
                    memchr(converted.base + end, 0x0A, converted.count - end)!
                    .assumingMemoryBound(to: UInt8.self) - converted.base + 1
            }
            output.append(converted.base + cursor, end - 1 - cursor)
            cursor = end
            pieces.copied = stretch.upperBound
        }
        batch.joined.removeAll()
        batch.converted.removeAll()
        batch.stretches.removeAll(keepingCapacity: true)
        return true
    }

    /// The bytes one of which a URL or an e-mail address holds: `:` (a scheme), `@`, `w` (www.).
    private static let addressMarks = ByteFinder(":@w")

    /// Whether `text` holds `:`, `@` or `w`.
    private static func holdsAddressMark(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        addressMarks.next(in: UTF8Text(bytes: text), from: 0) < text.count
    }
}
