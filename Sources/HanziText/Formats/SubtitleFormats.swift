extension DocumentFormat {
    /// SubRip subtitles: the cue text; never cue numbers, timings, or tags (`<i>`, `{\an8}`).
    public static let subRip = DocumentFormat(
        name: "srt", extensions: ["srt"], summary: "SubRip subtitles: cue text; never numbers, timings or tags",
        syntax: SubtitleSyntax(isWebVTT: false))

    /// WebVTT subtitles: the cue text; never the header, NOTE, STYLE and REGION blocks, cue
    /// identifiers, timings and settings, tags (`<v Mary>`, `<c.loud>`) or character references.
    public static let webVTT = DocumentFormat(
        name: "vtt", extensions: ["vtt"],
        summary: "WebVTT subtitles: cue text; never the header, NOTE/STYLE/REGION blocks, identifiers, timings or tags",
        syntax: SubtitleSyntax(isWebVTT: true))
}

/// Subtitles as blocks separated by blank lines; in a cue block, the lines after the timing
/// line (the one with `-->`) are its text.
struct SubtitleSyntax: DocumentSyntax {
    let isWebVTT: Bool

    func textRanges(in document: UnsafeBufferPointer<UInt8>, options: FormatOptions) throws(DocumentSyntaxError)
        -> [Range<Int>]
    {
        var ranges: [Range<Int>] = []
        var offset = 0
        if document.count >= 3, document[0] == 0xEF, document[1] == 0xBB, document[2] == 0xBF { offset = 3 }
        if isWebVTT {
            let header = Array("WEBVTT".utf8)
            guard document.count - offset >= header.count,
                header.indices.allSatisfy({ document[offset + $0] == header[$0] })
            else { throw DocumentSyntaxError(offset: offset, reason: "a WebVTT file starts with WEBVTT") }
        }
        // Where each block is: before its timing line, in its text, or in a block without text
        // (the WebVTT header, NOTE, STYLE and REGION blocks).
        enum Place { case beforeTiming, text, other }
        let documentStart = offset
        var place = Place.other
        var blockStart: Int?
        func cueWithoutTiming(_ start: Int) -> DocumentSyntaxError {
            DocumentSyntaxError(offset: start, reason: "a cue without a timing line (00:00:01,000 --> 00:00:02,000)")
        }
        while offset < document.count {
            var end = offset
            while end < document.count && document[end] != 0x0A { end += 1 }
            var contentEnd = end
            if contentEnd > offset && document[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = UnsafeBufferPointer(rebasing: document[offset..<contentEnd])
            defer { offset = end + 1 }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                if let start = blockStart, place == .beforeTiming { throw cueWithoutTiming(start) }
                blockStart = nil
                continue
            }
            if blockStart == nil {
                blockStart = offset
                let isHeader = isWebVTT && offset == documentStart
                let isOther =
                    isWebVTT && (startsWith(line, "NOTE") || startsWith(line, "STYLE") || startsWith(line, "REGION"))
                place = isHeader || isOther ? .other : .beforeTiming
            }
            switch place {
            case .beforeTiming:
                if contains(line, "-->") { place = .text }
            case .text:
                addText(offset..<contentEnd, in: document, to: &ranges)
            case .other:
                break
            }
        }
        if let start = blockStart, place == .beforeTiming { throw cueWithoutTiming(start) }
        return ranges
    }

    private func startsWith(_ line: UnsafeBufferPointer<UInt8>, _ word: String) -> Bool {
        let word = Array(word.utf8)
        return line.count >= word.count && word.indices.allSatisfy { line[$0] == word[$0] }
            && (line.count == word.count || line[word.count] == 0x20 || line[word.count] == 0x09)
    }

    private func contains(_ line: UnsafeBufferPointer<UInt8>, _ word: String) -> Bool {
        let word = Array(word.utf8)
        guard line.count >= word.count else { return false }
        return (0...(line.count - word.count)).contains { start in
            word.indices.allSatisfy { line[start + $0] == word[$0] }
        }
    }

    /// A cue line without its tags (`<i>`, `</i>`, `<v Mary>`, `{\an8}`) and character references.
    private func addText(_ line: Range<Int>, in document: UnsafeBufferPointer<UInt8>, to ranges: inout [Range<Int>]) {
        var start = line.lowerBound
        var cursor = start
        func flush(_ end: Int) {
            if end > start { ranges.append(start..<end) }
        }
        while cursor < line.upperBound {
            let byte = document[cursor]
            var skipTo: Int?
            if byte == UInt8(ascii: "<"),
                let close = document[cursor..<line.upperBound].firstIndex(of: UInt8(ascii: ">"))
            {
                skipTo = close + 1
            } else if byte == UInt8(ascii: "{"), cursor + 1 < line.upperBound,
                document[cursor + 1] == UInt8(ascii: "\\"),
                let close = document[cursor..<line.upperBound].firstIndex(of: UInt8(ascii: "}"))
            {
                skipTo = close + 1
            } else if byte == UInt8(ascii: "&"), let end = TextStructure.characterReferenceEnd(document, at: cursor) {
                skipTo = end
            }
            if let skipTo {
                flush(cursor)
                cursor = skipTo
                start = cursor
            } else {
                cursor += 1
            }
        }
        flush(line.upperBound)
    }
}
