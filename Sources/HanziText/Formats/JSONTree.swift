/// A JSON document read in place: every value with the byte range it occupies, so a caller can
/// replace one string or insert one member and keep every other byte (no re-serialization).
struct JSONTree: Sendable {
    indirect enum Value: Sendable {
        case object([Member], range: Range<Int>)
        case array([Value], range: Range<Int>)
        /// A string: `content` is between the quotes, still escaped; `text` is decoded.
        case string(content: Range<Int>, text: String)
        case scalar(range: Range<Int>)

        var range: Range<Int> {
            switch self {
            case let .object(_, range), let .array(_, range), let .scalar(range): return range
            case let .string(content, _): return content.lowerBound - 1..<content.upperBound + 1
            }
        }

        var members: [Member] {
            if case let .object(members, _) = self { return members }
            return []
        }

        /// The value of the last member named `key` of an object (the last wins, as most readers do).
        subscript(key: String) -> Value? {
            members.last { $0.key == key }?.value
        }

        var text: String? {
            if case let .string(_, text) = self { return text }
            return nil
        }
    }

    struct Member: Sendable {
        var key: String
        /// Where the member starts: the opening quote of its key.
        var start: Int
        var value: Value
    }

    let root: Value

    /// Parses `bytes` (UTF-8) holding one JSON value, with the one `JSONReader`.
    init(parsing bytes: [UInt8]) throws(DocumentSyntaxError) {
        var builder = Builder()
        try bytes.withUnsafeBufferPointer { buffer throws(DocumentSyntaxError) in
            var reader = JSONReader(bytes: buffer)
            try reader.read(into: &builder)
        }
        root = builder.root!
    }

    /// Builds the tree from what the reader reports: each open container on a stack.
    private struct Builder: JSONVisitor {
        enum Container {
            case object(start: Int, members: [Member], name: (key: String, start: Int)?)
            case array(start: Int, elements: [Value])
        }
        var open: [Container] = []
        var root: Value?

        mutating func member(name: Range<Int>, hasEscapes: Bool, in bytes: UnsafeBufferPointer<UInt8>)
            throws(DocumentSyntaxError) -> Bool
        {
            guard case .object(let start, let members, _) = open.removeLast() else { preconditionFailure() }
            let key = JSONReader.text(of: UnsafeBufferPointer(rebasing: bytes[name]), hasEscapes: hasEscapes)
            open.append(.object(start: start, members: members, name: (key, name.lowerBound - 1)))
            return true
        }

        mutating func string(content: Range<Int>, hasEscapes: Bool, in bytes: UnsafeBufferPointer<UInt8>)
            throws(DocumentSyntaxError)
        {
            let text = JSONReader.text(of: UnsafeBufferPointer(rebasing: bytes[content]), hasEscapes: hasEscapes)
            add(.string(content: content, text: text))
        }

        mutating func scalar(range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) throws(DocumentSyntaxError) {
            add(.scalar(range: range))
        }

        mutating func objectStart(at offset: Int) throws(DocumentSyntaxError) {
            open.append(.object(start: offset, members: [], name: nil))
        }

        mutating func objectEnd(range: Range<Int>) {
            guard case .object(_, let members, _) = open.removeLast() else { preconditionFailure() }
            add(.object(members, range: range))
        }

        mutating func arrayStart(at offset: Int) throws(DocumentSyntaxError) {
            open.append(.array(start: offset, elements: []))
        }

        mutating func arrayEnd(range: Range<Int>) {
            guard case .array(_, let elements) = open.removeLast() else { preconditionFailure() }
            add(.array(elements, range: range))
        }

        /// A finished value goes to the container it is in, or is the root.
        private mutating func add(_ value: Value) {
            switch open.popLast() {
            case .object(let start, var members, let name?)?:
                members.append(Member(key: name.key, start: name.start, value: value))
                open.append(.object(start: start, members: members, name: nil))
            case .array(let start, var elements)?:
                elements.append(value)
                open.append(.array(start: start, elements: elements))
            case .object?: preconditionFailure("a value in an object without a member name")
            case nil: root = value
            }
        }
    }
}
