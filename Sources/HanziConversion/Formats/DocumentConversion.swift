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
        guard let base = bytes.baseAddress else { return }
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
        // No key holds a line break, so short stretches joined by line breaks convert in one call
        // to exactly their conversions joined by line breaks: a call for many short texts (JSON
        // Lines fields) instead of one each, in batches that fit a small buffer. Long stretches
        // (Markdown paragraphs) are converted where they are, without the copy.
        let batches = safeCutBytes[0x0A]
        let batchSize = 1 << 16
        var joined = ByteBuffer(capacity: batches ? batchSize + 1 : 0)
        var converted = ByteBuffer(capacity: batches ? batchSize + batchSize / 4 : 0)
        defer {
            joined.deallocate()
            converted.deallocate()
        }
        var batch: [Range<Int>] = []
        var copied = 0
        func convertBatch() {
            guard !batch.isEmpty else { return }
            convert(validUTF8: joined.bytes, into: &converted)
            // Only when a stretch holds line breaks of its own must each be counted.
            let holdsLineBreaks = UTF8Text(bytes: joined.bytes).newlineCount != batch.count
            var cursor = 0
            for stretch in batch {
                output.append(base + copied, stretch.lowerBound - copied)
                // The stretch's conversion ends at the line break after its own.
                let breaks =
                    holdsLineBreaks ? UTF8Text(bytes: UnsafeBufferPointer(rebasing: bytes[stretch])).newlineCount : 0
                var end = cursor
                for _ in 0...breaks {
                    end =
                        memchr(converted.base + end, 0x0A, converted.count - end)!
                        .assumingMemoryBound(to: UInt8.self) - converted.base + 1
                }
                output.append(converted.base + cursor, end - 1 - cursor)
                cursor = end
                copied = stretch.upperBound
            }
            joined.removeAll()
            converted.removeAll()
            batch.removeAll(keepingCapacity: true)
        }
        var newline: UInt8 = 0x0A
        for stretch in stretches {
            if batches && stretch.count < 512 {
                joined.append(base + stretch.lowerBound, stretch.count)
                joined.append(&newline, 1)
                batch.append(stretch)
                if joined.count >= batchSize { convertBatch() }
                continue
            }
            convertBatch()
            output.append(base + copied, stretch.lowerBound - copied)
            convert(validUTF8: UnsafeBufferPointer(rebasing: bytes[stretch]), into: &output)
            copied = stretch.upperBound
        }
        convertBatch()
        output.append(base + copied, bytes.count - copied)
    }

    /// Whether `text` holds `:`, `@` or `w`, eight bytes at a time.
    private static func holdsAddressMark(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // High bit set where a byte of `word` is `byte`: the test of `CharacterFinder.equal`, which
        // is internal to the text layer.
        @inline(__always) func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
            let difference = word ^ (UInt64(byte) &* ones)
            return ~(((difference & lows) &+ lows) | difference | lows)
        }
        var offset = 0
        while text.count - offset >= 8 {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            if matches(word, UInt8(ascii: ":")) | matches(word, UInt8(ascii: "@")) | matches(word, UInt8(ascii: "w"))
                != 0
            {
                return true
            }
            offset += 8
        }
        while offset < text.count {
            if base[offset] == UInt8(ascii: ":") || base[offset] == UInt8(ascii: "@")
                || base[offset] == UInt8(ascii: "w")
            {
                return true
            }
            offset += 1
        }
        return false
    }
}
