import HanziText

/// HanziKit's own conversion engine for one OpenCC configuration: maximum-match segmentation,
/// then each conversion stage over each segment, exactly as OpenCC 1.1.6's `Converter` does.
///
/// `@unchecked Sendable` is safe: the matchers are immutable after compiling, and every call
/// keeps its scratch buffers on its own stack.
final class ConversionPipeline: @unchecked Sendable {
    let segmentation: PrefixMatcher
    /// The first stage's dictionaries that follow the segmentation's when those are its prefix
    /// (t2s: TSCharacters after TSPhrases); nil when the first stage must run on its own.
    let firstStageRemainder: PrefixMatcher?
    /// The stages that run on each segment, after the fused first stage when there is one.
    let stages: [PrefixMatcher]
    /// ASCII bytes that occur in no key of any dictionary: cutting a text right after one never
    /// changes the result, because no match can cover it and every stage copies it unchanged.
    let safeCutBytes: [Bool]

    /// Compiles the dictionaries of a configuration, each lexicon as OpenCC text lines.
    convenience init(segmentation segmentationTexts: [[UInt8]], stages stageTexts: [[[UInt8]]]) {
        let segmentation = PrefixMatcher(lexiconTexts: segmentationTexts)
        let firstStageRemainder: PrefixMatcher?
        var remainingStages = stageTexts
        // When segmentation's dictionaries lead the first stage, a matched segment converts to
        // the segmentation match's own value and no leading dictionary can match inside an
        // unmatched run, so the first stage needs only the dictionaries after them.
        if let first = stageTexts.first, first.count >= segmentationTexts.count,
            Array(first.prefix(segmentationTexts.count)) == segmentationTexts
        {
            firstStageRemainder = PrefixMatcher(lexiconTexts: Array(first.dropFirst(segmentationTexts.count)))
            remainingStages.removeFirst()
        } else {
            firstStageRemainder = nil
        }
        self.init(
            segmentation: segmentation, firstStageRemainder: firstStageRemainder,
            stages: remainingStages.map { PrefixMatcher(lexiconTexts: $0) },
            safeCutBytes: Self.safeCutBytes(in: [segmentationTexts] + stageTexts))
    }

    init(
        segmentation: PrefixMatcher, firstStageRemainder: PrefixMatcher?, stages: [PrefixMatcher],
        safeCutBytes: [Bool]
    ) {
        self.segmentation = segmentation
        self.firstStageRemainder = firstStageRemainder
        self.stages = stages
        self.safeCutBytes = safeCutBytes
    }

    /// The ASCII bytes that occur in no key of any of the lexicons (OpenCC text lines).
    static func safeCutBytes(in lexiconGroups: [[[UInt8]]]) -> [Bool] {
        var safe = [Bool](repeating: false, count: 256)
        for byte in 0..<128 { safe[byte] = true }
        for text in lexiconGroups.joined() {
            text.forEachLexiconKeyByte { safe[Int($0)] = false }
        }
        return safe
    }

    /// Converts valid UTF-8 `input`, appending the result to `output`.
    func convert(_ input: UnsafeBufferPointer<UInt8>, into output: inout ByteBuffer) {
        _ = convertValidating(input, into: &output)
    }

    /// Converts `input`, checking that it is UTF-8 on the way (streams count their lines where they
    /// cut their windows, so the engine counts none). On invalid input it stops early, returns
    /// false and leaves `output` incomplete.
    func convertValidating(_ input: UnsafeBufferPointer<UInt8>, into output: inout ByteBuffer) -> Bool {
        guard let base = input.baseAddress, input.count > 0 else { return true }
        output.reserve(input.count + input.count / 8)
        if let remainder = firstStageRemainder, remainder.hasOnlySingleCharacterKeys {
            if stages.isEmpty {
                return convertInOnePass(base, end: base + input.count, remainder: remainder, into: &output)
            }
            // A stage with only one-character keys converts each character on its own, so it
            // gives the same bytes over the whole text as over each segment (s2tw, s2hk).
            if stages.allSatisfy(\.hasOnlySingleCharacterKeys) {
                return convertThenMapCharacters(base, end: base + input.count, remainder: remainder, into: &output)
            }
        }
        guard FastUTF8.isValid(input) else { return false }
        convertSegmented(base, end: base + input.count, into: &output)
        return true
    }

    /// The fused first stage over the whole text, then each one-character stage over its result.
    private func convertThenMapCharacters(
        _ start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, remainder: PrefixMatcher,
        into output: inout ByteBuffer
    ) -> Bool {
        var current = ByteBuffer(capacity: end - start + (end - start) / 8)
        defer { current.deallocate() }
        guard convertInOnePass(start, end: end, remainder: remainder, into: &current) else { return false }
        for (index, stage) in stages.enumerated() {
            if index == stages.count - 1 {
                stage.convertSegment(current.base, count: current.count, into: &output)
            } else {
                var next = ByteBuffer(capacity: current.count + current.count / 8)
                stage.convertSegment(current.base, count: current.count, into: &next)
                swap(&current, &next)
                next.deallocate()
            }
        }
        return true
    }

    /// The general case: segments first, then every stage over each segment.
    private func convertSegmented(
        _ base: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, into output: inout ByteBuffer
    ) {
        var scratch = Scratch(stageCount: stages.count)
        defer { scratch.deallocate() }
        let segmentation = self.segmentation
        var position = base
        var runStart = base
        while position < end {
            let byte = position.pointee
            if byte < 0x80 && !segmentation.asciiStartsKey(byte) {
                position += 1
                continue
            }
            let (length, node) = segmentation.match(at: position, end: end)
            if length == 0 {
                position += scalarLength(byte)
                continue
            }
            if runStart < position {
                emitUnmatchedRun(runStart, count: position - runStart, scratch: &scratch, output: &output)
            }
            emitMatchedSegment(position, count: length, node: node, scratch: &scratch, output: &output)
            position += length
            runStart = position
        }
        if runStart < end {
            emitUnmatchedRun(runStart, count: end - runStart, scratch: &scratch, output: &output)
        }
    }

    /// Whether a text converts in one pass with no buffer of its own (t2s: the segmentation and
    /// then single characters), so converting many short texts one call each costs no more than
    /// converting them joined.
    var convertsInOnePass: Bool {
        stages.isEmpty && (firstStageRemainder?.hasOnlySingleCharacterKeys ?? false)
    }

    /// Whether a run of characters the segmentation left unmatched converts character by
    /// character (t2s, s2t, s2tw…), so it can be cut between any two of them.
    private var runsConvertByCharacter: Bool {
        (firstStageRemainder?.hasOnlySingleCharacterKeys ?? false) && stages.allSatisfy(\.hasOnlySingleCharacterKeys)
    }

    /// The last place in `input` where converting the text before it and the text after it apart
    /// gives the same bytes as converting them together, for a text with no `safeCutBytes`: the
    /// end of the last segment the segmentation matched (OpenCC converts each segment on its own),
    /// or of the last unmatched character when runs convert character by character, among those
    /// that no longer text could change. The segmentation is run from the start of `input`, which
    /// must itself be such a place. Nil when there is none.
    func lastSegmentBoundary(in input: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = input.baseAddress else { return nil }
        let end = base + input.count
        var position = base
        var boundary: UnsafePointer<UInt8>?
        let byCharacter = runsConvertByCharacter
        while position < end {
            let byte = position.pointee
            if byte < 0x80 && !segmentation.asciiStartsKey(byte) {
                position += 1
                continue
            }
            if segmentation.mayRunPast(end, from: position) { break }
            let (length, _) = segmentation.match(at: position, end: end)
            position += length == 0 ? scalarLength(byte) : length
            if length > 0 || byCharacter { boundary = position }
        }
        return boundary.map { $0 - base }
    }

    private func convertInOnePass(
        _ start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, remainder: PrefixMatcher,
        into output: inout ByteBuffer
    ) -> Bool {
        OnePassConversion(segmentation: segmentation, remainder: remainder).convert(start, end: end, into: &output)
    }

    /// The conversion of `convertsInOnePass`, for a caller that converts many short texts (JSON
    /// Lines fields) one call each: what it reads is taken from the pipeline once, not each call.
    var onePass: OnePassConversion? {
        guard convertsInOnePass, let remainder = firstStageRemainder else { return nil }
        return OnePassConversion(segmentation: segmentation, remainder: remainder)
    }
}

/// The common one-stage case (t2s, s2t…), fused: a character no segmentation key takes is
/// converted on the spot, because the rest of the stage has only one-character keys. UTF-8 is
/// validated in the same pass, which saves a pass over the text.
struct OnePassConversion {
    let segmentation: PrefixMatcher
    /// The first stage's one-character dictionaries after the segmentation's.
    let remainder: PrefixMatcher
    /// Whether no key starts with an ASCII byte.
    let asciiFree: Bool

    init(segmentation: PrefixMatcher, remainder: PrefixMatcher) {
        self.segmentation = segmentation
        self.remainder = remainder
        asciiFree =
            segmentation.asciiStartsLow | segmentation.asciiStartsHigh | remainder.asciiStartsLow
            | remainder.asciiStartsHigh == 0
    }

    /// Converts `input` as `ConversionPipeline.convertValidating(_:into:)` does.
    func convert(_ input: UnsafeBufferPointer<UInt8>, into output: inout ByteBuffer) -> Bool {
        guard let base = input.baseAddress, input.count > 0 else { return true }
        output.reserve(input.count + input.count / 8)
        return convert(base, end: base + input.count, into: &output)
    }

    func convert(
        _ start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, into output: inout ByteBuffer
    ) -> Bool {
        let highs: UInt64 = 0x8080_8080_8080_8080
        var position = start
        var copyStart = start
        while position < end {
            if asciiFree {
                // Runs of ASCII that can start no key are skipped eight bytes at a time.
                while end - position >= 8 {
                    let word = UnsafeRawPointer(position).loadUnaligned(as: UInt64.self)
                    if word & highs != 0 { break }
                    position += 8
                }
                while position < end && position.pointee < 0x80 { position += 1 }
                if position >= end { break }
            } else if position.pointee < 0x80 {
                let byte = position.pointee
                if !segmentation.asciiStartsKey(byte) && !remainder.asciiStartsKey(byte) {
                    position += 1
                    continue
                }
            }
            guard let length = validSequenceLength(at: position, end: end) else { return false }
            let scalar = decodeScalar(position).0
            let phraseRoot = segmentation.rootLink(scalar)
            if phraseRoot != 0 {
                let (matched, node) = segmentation.match(from: phraseRoot, at: position, firstLength: length, end: end)
                if matched > 0 {
                    if matched > length {
                        // The walk decodes without checking; a key only matches valid bytes, so check them.
                        let tail = UnsafeBufferPointer(start: position + length, count: matched - length)
                        guard FastUTF8.isValid(tail) else { return false }
                    }
                    output.append(copyStart, position - copyStart)
                    let (value, count) = segmentation.value(of: node)
                    output.append(value, count)
                    position += matched
                    copyStart = position
                    continue
                }
            }
            let characterRoot = remainder.root(scalar)
            if characterRoot != 0, let (value, count) = remainder.singleCharacterValue(of: characterRoot) {
                output.append(copyStart, position - copyStart)
                output.append(value, count)
                position += length
                copyStart = position
                continue
            }
            position += length
        }
        output.append(copyStart, end - copyStart)
        return true
    }
}

extension ConversionPipeline {
    /// Per-call buffers for the stages after the first: stage k writes into buffer k.
    private struct Scratch {
        var buffers: [ByteBuffer]

        init(stageCount: Int) {
            buffers = (0..<stageCount).map { _ in ByteBuffer(capacity: 256) }
        }

        func deallocate() {
            for buffer in buffers { buffer.deallocate() }
        }
    }

    @inline(__always)
    private func emitMatchedSegment(
        _ start: UnsafePointer<UInt8>, count: Int, node: Int, scratch: inout Scratch, output: inout ByteBuffer
    ) {
        if firstStageRemainder != nil {
            let (value, valueCount) = segmentation.value(of: node)
            runLaterStages(value, count: valueCount, firstStage: 0, scratch: &scratch, output: &output)
        } else {
            runLaterStages(start, count: count, firstStage: 0, scratch: &scratch, output: &output)
        }
    }

    @inline(__always)
    private func emitUnmatchedRun(
        _ start: UnsafePointer<UInt8>, count: Int, scratch: inout Scratch, output: inout ByteBuffer
    ) {
        guard let remainder = firstStageRemainder else {
            runLaterStages(start, count: count, firstStage: 0, scratch: &scratch, output: &output)
            return
        }
        if stages.isEmpty {
            if remainder.isEmpty {
                output.append(start, count)
            } else {
                remainder.convertSegment(start, count: count, into: &output)
            }
            return
        }
        scratch.buffers[0].removeAll()
        remainder.convertSegment(start, count: count, into: &scratch.buffers[0])
        let converted = scratch.buffers[0]
        runLaterStages(converted.base, count: converted.count, firstStage: 0, scratch: &scratch, output: &output)
    }

    /// Runs `stages[firstStage...]` over one segment; the last stage writes into `output`.
    private func runLaterStages(
        _ start: UnsafePointer<UInt8>, count: Int, firstStage: Int, scratch: inout Scratch,
        output: inout ByteBuffer
    ) {
        if firstStage == stages.count {
            output.append(start, count)
            return
        }
        var source = start
        var sourceCount = count
        // Stage k reads the previous stage's buffer and writes the next one.
        for stage in firstStage..<stages.count {
            if stage == stages.count - 1 {
                stages[stage].convertSegment(source, count: sourceCount, into: &output)
                return
            }
            // Buffer 0 may hold this segment's fused first-stage output, so stage k writes k + 1.
            let target = stage + 1
            scratch.buffers[target].removeAll()
            stages[stage].convertSegment(source, count: sourceCount, into: &scratch.buffers[target])
            source = UnsafePointer(scratch.buffers[target].base)
            sourceCount = scratch.buffers[target].count
        }
    }
}
