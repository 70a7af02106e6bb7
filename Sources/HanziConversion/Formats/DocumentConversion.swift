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
        var copied = 0
        var kept: [Range<Int>] = []
        for range in textRanges where !range.isEmpty {
            if range.lowerBound > copied { output.append(base + copied, range.lowerBound - copied) }
            copied = range.upperBound
            let text = UnsafeBufferPointer(rebasing: bytes[range])
            // Only a range with `:` (a scheme), `@` (an address) or `w` (www.) can hold what is kept.
            guard Self.mayHoldAddress(text) else {
                convert(validUTF8: text, into: &output)
                continue
            }
            kept.removeAll(keepingCapacity: true)
            // Paths are left to the format: in JSON or YAML a backslash is an escape, not a separator.
            TextStructure.addURLsAndPaths(UTF8Text(bytes: text), includingPaths: false, to: &kept)
            var start = 0
            for stretch in TextStructure.merged(kept) {
                if stretch.lowerBound > start {
                    convert(validUTF8: UnsafeBufferPointer(rebasing: text[start..<stretch.lowerBound]), into: &output)
                }
                output.append(text.baseAddress! + stretch.lowerBound, stretch.count)
                start = stretch.upperBound
            }
            if text.count > start { convert(validUTF8: UnsafeBufferPointer(rebasing: text[start...]), into: &output) }
        }
        if bytes.count > copied { output.append(base + copied, bytes.count - copied) }
    }

    private static func mayHoldAddress(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return false }
        return memchr(base, Int32(UInt8(ascii: ":")), text.count) != nil
            || memchr(base, Int32(UInt8(ascii: "@")), text.count) != nil
            || memchr(base, Int32(UInt8(ascii: "w")), text.count) != nil
    }
}
