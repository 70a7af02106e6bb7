#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The members of JSON Lines records that hold text, as `--field` names them: a member name
/// (`text`) or a JSON pointer (`/meta/title`, RFC 6901, `~1` for `/` and `~0` for `~`).
package struct JSONFields: Sendable {
    /// The fields as given, for messages.
    package let names: [String]
    /// Each field's path from the top, as steps: `steps[firstStep[field]...]`, `length[field]` of them.
    let firstStep: [Int]
    let length: [Int]
    /// Each step's member name, a range of `nameBytes`, and its array index (-1 when not a number).
    let stepName: [Range<Int>]
    let stepIndex: [Int]
    let nameBytes: [UInt8]

    package init(_ fields: [String]) {
        names = fields
        var firstStep: [Int] = []
        var length: [Int] = []
        var stepName: [Range<Int>] = []
        var stepIndex: [Int] = []
        var nameBytes: [UInt8] = []
        for field in fields {
            let path = Self.path(ofField: field)
            firstStep.append(stepName.count)
            length.append(path.count)
            for name in path {
                stepName.append(nameBytes.count..<nameBytes.count + name.utf8.count)
                nameBytes += name.utf8
                let isIndex =
                    !name.isEmpty && name.utf8.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
                    && (name == "0" || !name.hasPrefix("0"))
                stepIndex.append(isIndex ? Int(name) ?? -1 : -1)
            }
        }
        (self.firstStep, self.length, self.stepName, self.stepIndex, self.nameBytes) =
            (firstStep, length, stepName, stepIndex, nameBytes)
    }

    /// A field's path of member names and indices from the top.
    static func path(ofField field: String) -> [String] {
        guard field.hasPrefix("/") else { return [field] }
        return field.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }
}

/// One value a `JSONRecordReader` found at a field.
package struct JSONFieldValue: Sendable {
    /// The field's index in `JSONFields.names`.
    package var field: Int
    /// The whole value as written: a string with its quotes, `null`, or any value for a field
    /// read as `JSONRecordReader`'s `anyValue`.
    package var range: Range<Int>
    /// A string (not `null` or another value), and whether it holds escape sequences.
    package var isString: Bool
    package var hasEscapes: Bool

    /// A string's content, between its quotes.
    package var content: Range<Int> { range.lowerBound + 1..<range.upperBound - 1 }
}

/// Reads JSON objects one after another (the records of a JSON Lines stream) with the one
/// `JSONReader`, finding the values of the selected fields without decoding anything else.
/// Values no field reaches are only checked; one reader serves a whole stream without allocating
/// for each record.
package struct JSONRecordReader {
    private var selection: Selection

    /// Reads `fields`, each of which must be present in a record and a string or `null`;
    /// `anyValue`, when given, is read too, may be missing and may hold any value (a record's id).
    package init(fields: JSONFields, anyValue: String? = nil) {
        selection = Selection(
            fields: anyValue.map { JSONFields(fields.names + [$0]) } ?? fields, required: fields.names.count)
    }

    /// The values found in the last record read, in document order (a field that appears more
    /// than once has a value for each; readers take the last, as most JSON readers do).
    package var values: [JSONFieldValue] { selection.values }

    /// Reads `record`, one JSON object (white space around it allowed), and finds its fields'
    /// values; throws where it stops being JSON, at a required field that is not a string or
    /// `null`, or (at offset 0) for a required field it lacks.
    package mutating func read(_ record: UnsafeBufferPointer<UInt8>) throws(DocumentSyntaxError) {
        selection.reset()
        var reader = JSONReader(bytes: record)
        try reader.read(into: &selection, requiringObject: true)
        if let missing = selection.matched.indices.first(where: { $0 < selection.required && !selection.matched[$0] }) {
            throw DocumentSyntaxError(offset: 0, reason: "no member \"\(selection.names[missing])\"")
        }
    }

    /// The text ranges of the selected strings in `record` (read with `read` first): their content
    /// between escape sequences, so only literal text is ever converted.
    package func appendTextRanges(to ranges: inout [Range<Int>], in record: UnsafeBufferPointer<UInt8>, offset: Int) {
        for value in values where value.isString && value.field < selection.required && !value.content.isEmpty {
            let content = value.content
            guard value.hasEscapes else {
                ranges.append(content.lowerBound + offset..<content.upperBound + offset)
                continue
            }
            JSONReader.forEachLiteralRun(in: UnsafeBufferPointer(rebasing: record[content])) { run in
                ranges.append(
                    run.lowerBound + content.lowerBound + offset..<run.upperBound + content.lowerBound + offset)
            }
        }
    }

    /// Follows member names and indices down the selected paths.
    private struct Selection: JSONVisitor {
        let fields: JSONFields
        /// Fields before this index must be strings or `null`; the rest may be any value.
        let required: Int
        var values: [JSONFieldValue] = []
        var matched: [Bool]
        /// The fields still followed, each container's in one stretch, the innermost last.
        private var active: [Int] = []
        private var activeStart = 0
        private var activeEnd = 0
        private var level = 0
        /// The field whose value is being read, or -1.
        private var selected = -1
        private var saved: [(activeStart: Int, activeEnd: Int, selected: Int)] = []

        init(fields: JSONFields, required: Int) {
            self.fields = fields
            self.required = required
            matched = fields.names.map { _ in false }
        }

        var names: [String] { fields.names }

        mutating func reset() {
            values.removeAll(keepingCapacity: true)
            for index in matched.indices { matched[index] = false }
            active.removeAll(keepingCapacity: true)
            active.append(contentsOf: fields.names.indices)
            activeStart = 0
            activeEnd = active.count
            level = 0
            selected = -1
            saved.removeAll(keepingCapacity: true)
        }

        mutating func member(name: Range<Int>, hasEscapes: Bool, in bytes: UnsafeBufferPointer<UInt8>)
            throws(DocumentSyntaxError) -> Bool
        {
            guard activeStart < activeEnd else { return false }
            guard hasEscapes else {
                return enter(name: UnsafeBufferPointer(rebasing: bytes[name]), index: -2)
            }
            var decoded: [UInt8] = []
            JSONReader.decode(UnsafeBufferPointer(rebasing: bytes[name]), into: &decoded)
            return decoded.withUnsafeBufferPointer { enter(name: $0, index: -2) }
        }

        mutating func element(index: Int) -> Bool {
            guard activeStart < activeEnd else { return false }
            return enter(name: UnsafeBufferPointer(start: nil, count: 0), index: index)
        }

        /// Follows the fields whose next step is the member `name` (or, when `index` is not -2,
        /// the array element `index`); true when one ends here or goes on.
        private mutating func enter(name: UnsafeBufferPointer<UInt8>, index: Int) -> Bool {
            let childStart = active.count
            var found = -1
            for position in activeStart..<activeEnd {
                let field = active[position]
                let step = fields.firstStep[field] + level
                if index == -2 {
                    let stepName = fields.stepName[step]
                    guard stepName.count == name.count,
                        name.isEmpty
                            || fields.nameBytes[stepName.lowerBound] == name[0]
                                && fields.nameBytes.withUnsafeBufferPointer({
                                    memcmp($0.baseAddress! + stepName.lowerBound, name.baseAddress!, name.count) == 0
                                })
                    else { continue }
                } else if fields.stepIndex[step] != index {
                    continue
                }
                if fields.length[field] == level + 1 {
                    matched[field] = true
                    if found < 0 { found = field }
                } else {
                    active.append(field)
                }
            }
            guard found >= 0 || active.count > childStart else { return false }
            saved.append((activeStart, activeEnd, selected))
            activeStart = childStart
            activeEnd = active.count
            selected = found
            level += 1
            return true
        }

        mutating func memberEnd() {
            active.removeLast(active.count - activeStart)
            (activeStart, activeEnd, selected) = saved.removeLast()
            level -= 1
        }

        mutating func string(content: Range<Int>, hasEscapes: Bool, in bytes: UnsafeBufferPointer<UInt8>)
            throws(DocumentSyntaxError)
        {
            guard selected >= 0 else { return }
            values.append(
                JSONFieldValue(
                    field: selected, range: content.lowerBound - 1..<content.upperBound + 1, isString: true,
                    hasEscapes: hasEscapes))
        }

        mutating func scalar(range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) throws(DocumentSyntaxError) {
            guard selected >= 0 else { return }
            guard selected >= required || bytes[range.lowerBound] == UInt8(ascii: "n") else {
                throw notAString(at: range.lowerBound)
            }
            values.append(JSONFieldValue(field: selected, range: range, isString: false, hasEscapes: false))
        }

        func objectStart(at offset: Int) throws(DocumentSyntaxError) {
            if selected >= 0 && selected < required { throw notAString(at: offset) }
        }

        mutating func objectEnd(range: Range<Int>) {
            if selected >= 0 {
                values.append(JSONFieldValue(field: selected, range: range, isString: false, hasEscapes: false))
            }
        }

        func arrayStart(at offset: Int) throws(DocumentSyntaxError) { try objectStart(at: offset) }

        mutating func arrayEnd(range: Range<Int>) { objectEnd(range: range) }

        private func notAString(at offset: Int) -> DocumentSyntaxError {
            DocumentSyntaxError(offset: offset, reason: "member \"\(names[selected])\" is not a string")
        }
    }
}

/// Every string value of a document (not member names): a JSON message file's text, the runs
/// between escape sequences.
struct JSONStringValues: JSONVisitor {
    var ranges: [Range<Int>] = []

    mutating func string(content: Range<Int>, hasEscapes: Bool, in bytes: UnsafeBufferPointer<UInt8>)
        throws(DocumentSyntaxError)
    {
        guard !content.isEmpty else { return }
        guard hasEscapes else {
            ranges.append(content)
            return
        }
        JSONReader.forEachLiteralRun(in: UnsafeBufferPointer(rebasing: bytes[content])) { run in
            ranges.append(run.lowerBound + content.lowerBound..<run.upperBound + content.lowerBound)
        }
    }
}
