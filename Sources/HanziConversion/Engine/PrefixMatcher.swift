import HanziText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The dictionaries of one OpenCC dictionary group compiled into a trie over code points whose
/// edges live in one open-addressed hash table, for OpenCC's prefix match without a String.
///
/// Matching follows OpenCC 1.1.6's `DictGroup::MatchPrefix`: the first dictionary (lowest rank)
/// that has any key prefixing the text wins, and within it the longest such key.
/// `@unchecked Sendable` is safe: every buffer is written once while compiling, then only read.
final class PrefixMatcher: @unchecked Sendable {
    /// One trie node: the key ending here (if any) and whether longer keys continue from it.
    struct Node {
        var valueOffset: UInt32 = 0
        var valueLength: UInt16 = 0
        /// The rank of the dictionary whose key ends here; `noRank` when no key ends here.
        var rank: UInt8 = PrefixMatcher.noRank
        var hasChildren: UInt8 = 0
    }

    static let noRank: UInt8 = 255
    /// Code points below this index the root table directly; the rest go through the edge table.
    static let directRootCount = 0x1_0000

    /// One edge of the open-addressed table: its key `parent << 21 | scalar` (0 when the slot is
    /// empty: an edge from the root has a scalar past the direct roots) and the child's link.
    /// Sixteen bytes, aligned, so a probe touches one cache line.
    struct Edge {
        var key: UInt64 = 0
        var link: UInt32 = 0
        /// Always 0, so the bytes written to the cache do not depend on padding.
        var unused: UInt32 = 0
    }

    let nodes: UnsafeMutableBufferPointer<Node>
    let roots: UnsafeMutableBufferPointer<UInt32>
    let edges: UnsafeMutableBufferPointer<Edge>
    let edgeShift: UInt64
    /// One bit per hashed edge, small enough to stay in cache: most lookups of an edge that does
    /// not exist end here instead of in a cache miss on `edges`.
    let edgeFilter: UnsafeMutableBufferPointer<UInt64>
    let filterShift: UInt64
    let values: UnsafeMutableBufferPointer<UInt8>
    /// Bit b set when the ASCII byte b starts some key (two words for bytes 0...127).
    let asciiStartsLow: UInt64
    let asciiStartsHigh: UInt64
    /// Bytes that occur anywhere in a key; the others are safe places to cut a text.
    let keyBytes: [Bool]
    /// True when there is no key at all.
    let isEmpty: Bool
    /// True when no key is longer than one character, so a match never looks ahead.
    let hasOnlySingleCharacterKeys: Bool
    /// The mapped cache file the buffers point into, kept alive with them; nil when they are ours.
    private let mapping: AnyObject?

    /// Compiles lexicons given as OpenCC text (`key\tvalue value…\n` lines), first one ranking highest.
    init(lexiconTexts: [[UInt8]]) {
        precondition(lexiconTexts.count < Int(Self.noRank), "too many dictionaries in one group")
        var keyCharacters = 0
        for text in lexiconTexts {
            text.forEachLexiconKeyByte { byte in
                if byte & 0xC0 != 0x80 { keyCharacters += 1 }
            }
        }
        var capacity = 16
        while capacity < keyCharacters * 2 { capacity <<= 1 }
        let buildShift = UInt64(64 - capacity.trailingZeroBitCount)
        let buildEdges = UnsafeMutableBufferPointer<Edge>.allocate(capacity: capacity)
        buildEdges.initialize(repeating: Edge())
        defer { buildEdges.deallocate() }
        roots = .allocate(capacity: Self.directRootCount)
        roots.initialize(repeating: 0)

        var builder = Builder(edges: buildEdges, shift: buildShift, roots: roots)
        var seenKeyBytes = [Bool](repeating: false, count: 256)
        for (rank, text) in lexiconTexts.enumerated() {
            text.withUnsafeBufferPointer { buffer in
                builder.add(lexicon: buffer, rank: UInt8(rank), keyBytes: &seenKeyBytes)
            }
        }
        // Rehashed into a table sized by the edges that exist, not the key characters read.
        let edgeCount = buildEdges.reduce(0) { $0 + ($1.key == 0 ? 0 : 1) }
        var finalCapacity = 16
        while finalCapacity * 5 < edgeCount * 8 { finalCapacity <<= 1 }
        edgeShift = UInt64(64 - finalCapacity.trailingZeroBitCount)
        edges = .allocate(capacity: finalCapacity)
        edges.initialize(repeating: Edge())
        var filterBits = 64
        while filterBits < edgeCount * 8 { filterBits <<= 1 }
        filterShift = UInt64(64 - filterBits.trailingZeroBitCount)
        edgeFilter = .allocate(capacity: filterBits / 64)
        edgeFilter.initialize(repeating: 0)
        let builtNodes = builder.nodes
        func link(to child: UInt32) -> UInt32 {
            let node = builtNodes[Int(child)]
            return child | (node.rank != Self.noRank ? Self.terminalFlag : 0)
                | (node.hasChildren != 0 ? Self.childrenFlag : 0)
        }
        for scalar in 0..<Self.directRootCount where roots[scalar] != 0 {
            roots[scalar] = link(to: roots[scalar])
        }
        for entry in buildEdges where entry.key != 0 {
            let hash = entry.key &* Self.hashMultiplier
            var slot = Int(truncatingIfNeeded: hash >> edgeShift)
            while edges[slot].key != 0 { slot = (slot + 1) & (finalCapacity - 1) }
            edges[slot] = Edge(key: entry.key, link: link(to: entry.link))
            let bit = Int(truncatingIfNeeded: hash >> filterShift)
            edgeFilter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        nodes = .allocate(capacity: builder.nodes.count)
        _ = nodes.initialize(from: builder.nodes)
        values = .allocate(capacity: max(builder.values.count, 1))
        // An empty table still holds one byte, which is written to the cache: zero, not whatever
        // the heap held, so the same dictionaries always store the same bytes.
        values.initialize(repeating: 0)
        _ = values.initialize(from: builder.values)
        var low: UInt64 = 0
        var high: UInt64 = 0
        for byte in 0..<128 where roots[byte] != 0 {
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }
        asciiStartsLow = low
        asciiStartsHigh = high
        keyBytes = seenKeyBytes
        isEmpty = builder.nodes.count == 1
        hasOnlySingleCharacterKeys = !builder.nodes.contains { $0.hasChildren != 0 }
        mapping = nil
    }

    /// A matcher whose tables are read in place from a mapped cache file, which must outlive it.
    init?(reading reader: inout CacheReader, mapping: AnyObject) {
        guard let header = reader.read(UInt64.self, count: 10), header.count == 10,
            let keyBytes = reader.read(UInt8.self, count: 256)
        else { return nil }
        let nodeCount = Int(header[0])
        let edgeCount = Int(header[1])
        let valueCount = Int(header[2])
        guard edgeCount > 0, edgeCount & (edgeCount - 1) == 0, nodeCount > 0,
            let nodes = reader.read(Node.self, count: nodeCount),
            let roots = reader.read(UInt32.self, count: Self.directRootCount),
            let edges = reader.read(Edge.self, count: edgeCount),
            header[8] > 0, header[8] & (header[8] - 1) == 0,
            let filter = reader.read(UInt64.self, count: Int(header[8])),
            let values = reader.read(UInt8.self, count: valueCount)
        else { return nil }
        // A damaged or foreign file must never make a walk read outside the tables, so every id,
        // offset and shift is checked once here; the hot path then trusts them.
        guard header[3] == UInt64(64 - edgeCount.trailingZeroBitCount),
            header[9] == UInt64(64 - (Int(header[8]) * 64).trailingZeroBitCount)
        else { return nil }
        // A table with no free slot would make a probe for a missing edge run forever.
        guard header[7] == 0, nodeCount <= Self.maximumNodeCount,
            roots.allSatisfy({ $0 & Self.childMask < UInt32(nodeCount) }),
            edges.allSatisfy({ $0.link & Self.childMask < UInt32(nodeCount) && $0.unused == 0 }),
            edges.contains(where: { $0.key == 0 }),
            nodes.allSatisfy({ Int($0.valueOffset) + Int($0.valueLength) <= valueCount })
        else { return nil }
        self.nodes = UnsafeMutableBufferPointer(mutating: nodes)
        self.roots = UnsafeMutableBufferPointer(mutating: roots)
        self.edges = UnsafeMutableBufferPointer(mutating: edges)
        edgeFilter = UnsafeMutableBufferPointer(mutating: filter)
        filterShift = header[9]
        self.values = UnsafeMutableBufferPointer(mutating: values)
        edgeShift = header[3]
        asciiStartsLow = header[4]
        asciiStartsHigh = header[5]
        isEmpty = header[6] & 1 != 0
        hasOnlySingleCharacterKeys = header[6] & 2 != 0
        self.keyBytes = keyBytes.map { $0 != 0 }
        self.mapping = mapping
    }

    /// Appends the tables in the form `init(reading:mapping:)` reads.
    func write(to writer: inout CacheWriter) {
        let flags: UInt64 = (isEmpty ? 1 : 0) | (hasOnlySingleCharacterKeys ? 2 : 0)
        writer.append([
            UInt64(nodes.count), UInt64(edges.count), UInt64(values.count), edgeShift, asciiStartsLow,
            asciiStartsHigh, flags, 0, UInt64(edgeFilter.count), filterShift,
        ])
        writer.append(keyBytes.map { $0 ? UInt8(1) : 0 })
        writer.append(UnsafeBufferPointer(nodes))
        writer.append(UnsafeBufferPointer(roots))
        writer.append(UnsafeBufferPointer(edges))
        writer.append(UnsafeBufferPointer(edgeFilter))
        writer.append(UnsafeBufferPointer(values))
    }

    deinit {
        if mapping == nil {
            nodes.deallocate()
            roots.deallocate()
            edges.deallocate()
            edgeFilter.deallocate()
            values.deallocate()
        }
    }

    /// Inserts keys into the trie while compiling.
    private struct Builder {
        var nodes: [Node] = [Node()]  // node 0 stands for "no node"
        var values: [UInt8] = []
        let edges: UnsafeMutableBufferPointer<Edge>
        let shift: UInt64
        let roots: UnsafeMutableBufferPointer<UInt32>

        mutating func add(lexicon: UnsafeBufferPointer<UInt8>, rank: UInt8, keyBytes: inout [Bool]) {
            var lineStart = 0
            while lineStart < lexicon.count {
                var lineEnd = lineStart
                while lineEnd < lexicon.count && lexicon[lineEnd] != 0x0A { lineEnd += 1 }
                var keyEnd = lineStart
                while keyEnd < lineEnd && lexicon[keyEnd] != 0x09 { keyEnd += 1 }
                if keyEnd > lineStart {
                    // OpenCC's default value is the first value, or the key itself when there is none.
                    let valueStart = keyEnd < lineEnd ? keyEnd + 1 : lineStart
                    var valueEnd = valueStart
                    let valueLimit = keyEnd < lineEnd ? lineEnd : keyEnd
                    // Values are separated by spaces, as in OpenCC's text files; a value may hold a tab.
                    while valueEnd < valueLimit && lexicon[valueEnd] != 0x20 { valueEnd += 1 }
                    for index in lineStart..<keyEnd { keyBytes[Int(lexicon[index])] = true }
                    insert(
                        key: UnsafeBufferPointer(rebasing: lexicon[lineStart..<keyEnd]),
                        value: UnsafeBufferPointer(rebasing: lexicon[valueStart..<valueEnd]), rank: rank)
                }
                lineStart = lineEnd + 1
            }
        }

        mutating func insert(key: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, rank: UInt8) {
            let base = key.baseAddress!
            let end = base + key.count
            var position = base
            var node: UInt32 = 0
            while position < end {
                let (scalar, length) = decodeScalar(position)
                node = child(of: node, scalar: scalar)
                position += length
            }
            // A key already present from an earlier dictionary keeps that dictionary's value.
            guard nodes[Int(node)].rank == noRank, value.count <= Int(UInt16.max) else { return }
            nodes[Int(node)].rank = rank
            nodes[Int(node)].valueOffset = UInt32(values.count)
            nodes[Int(node)].valueLength = UInt16(value.count)
            values.append(contentsOf: value)
        }

        private mutating func child(of parent: UInt32, scalar: UInt32) -> UInt32 {
            if parent == 0 && scalar < UInt32(directRootCount) {
                if roots[Int(scalar)] == 0 {
                    roots[Int(scalar)] = newNode()
                }
                return roots[Int(scalar)]
            }
            if parent != 0 { nodes[Int(parent)].hasChildren = 1 }
            let key = edgeKey(parent, scalar)
            var slot = Int(truncatingIfNeeded: (key &* PrefixMatcher.hashMultiplier) >> shift)
            let mask = edges.count - 1
            while edges[slot].key != 0 {
                if edges[slot].key == key { return edges[slot].link }
                slot = (slot + 1) & mask
            }
            let node = newNode()
            edges[slot] = Edge(key: key, link: node)
            return node
        }

        private mutating func newNode() -> UInt32 {
            // A link keeps two flags above the id; the dictionaries would take many gigabytes first.
            precondition(nodes.count < PrefixMatcher.maximumNodeCount, "dictionary too large")
            nodes.append(Node())
            return UInt32(nodes.count - 1)
        }
    }

    static let hashMultiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    /// A link (a root entry, or an edge's) holds the child's id in its low 30 bits and two flags
    /// saying whether keys go on from the child and whether a key ends there, so a walk reads a
    /// node only where a key ends.
    static let childMask: UInt32 = (1 << 30) - 1
    static let childrenFlag: UInt32 = 1 << 30
    static let terminalFlag: UInt32 = 1 << 31
    static let maximumNodeCount = 1 << 30

    @inline(__always)
    static func edgeKey(_ parent: UInt32, _ scalar: UInt32) -> UInt64 {
        UInt64(parent) << 21 | UInt64(scalar)
    }

    /// True when the ASCII byte `byte` (< 0x80) starts some key.
    @inline(__always)
    func asciiStartsKey(_ byte: UInt8) -> Bool {
        byte < 64 ? (asciiStartsLow >> UInt64(byte)) & 1 != 0 : (asciiStartsHigh >> UInt64(byte - 64)) & 1 != 0
    }

    /// The longest match at `start` under OpenCC's group rule, never reaching past `end`.
    /// Returns the matched key's byte length (0 when nothing matches) and its node.
    @inline(__always)
    func match(at start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>) -> (length: Int, node: Int) {
        let (scalar, length) = decodeScalar(start)
        let link = rootLink(scalar)
        if link == 0 { return (0, 0) }
        return match(from: link, at: start, firstLength: length, end: end)
    }

    /// The link to the node for keys that start with `scalar`, or 0.
    @inline(__always)
    func rootLink(_ scalar: UInt32) -> UInt64 {
        scalar < UInt32(Self.directRootCount) ? UInt64(roots[Int(scalar)]) : edge(0, scalar)
    }

    /// The node for keys that start with `scalar`, or 0.
    @inline(__always)
    func root(_ scalar: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: rootLink(scalar)) & Self.childMask
    }

    /// `match(at:end:)` once the first character (`firstLength` bytes) has led to `rootLink`.
    @inline(__always)
    func match(from rootLink: UInt64, at start: UnsafePointer<UInt8>, firstLength: Int, end: UnsafePointer<UInt8>)
        -> (length: Int, node: Int)
    {
        let nodes = self.nodes.baseAddress!
        var link = UInt32(truncatingIfNeeded: rootLink)
        var scalar: UInt32
        var length: Int
        var position = start + firstLength
        var bestLength = 0
        var bestNode = 0
        var bestRank = Self.noRank
        while true {
            let node = Int(truncatingIfNeeded: link & Self.childMask)
            var hasChildren = link & Self.childrenFlag != 0
            if link & Self.terminalFlag != 0 {
                let info = nodes[node]
                // Walking forward finds longer keys later, so an equal rank replaces the shorter key.
                if info.rank != Self.noRank && info.rank <= bestRank {
                    bestRank = info.rank
                    bestLength = position - start
                    bestNode = node
                }
                hasChildren = info.hasChildren != 0
            }
            // The length check keeps a walk over unchecked bytes inside the buffer.
            if !hasChildren || position >= end || scalarLength(position.pointee) > end - position { break }
            (scalar, length) = decodeScalar(position)
            link = UInt32(truncatingIfNeeded: edge(UInt32(truncatingIfNeeded: node), scalar))
            if link == 0 { break }
            position += length
        }
        return (bestLength, bestNode)
    }

    /// Whether a key starting at `start` could still go on past `end`: the walk along the text is
    /// inside the trie, with keys below it, when the text runs out. Then `match(at:end:)` may
    /// differ from a match over a longer text.
    func mayRunPast(_ end: UnsafePointer<UInt8>, from start: UnsafePointer<UInt8>) -> Bool {
        var position = start
        guard position < end else { return false }
        if scalarLength(position.pointee) > end - position { return true }
        var (scalar, length) = decodeScalar(position)
        var link = UInt32(truncatingIfNeeded: rootLink(scalar))
        while link != 0 {
            position += length
            let node = Int(truncatingIfNeeded: link & Self.childMask)
            let hasChildren =
                link & Self.terminalFlag != 0 ? nodes[node].hasChildren != 0 : link & Self.childrenFlag != 0
            if !hasChildren { return false }
            if position >= end || scalarLength(position.pointee) > end - position { return true }
            (scalar, length) = decodeScalar(position)
            link = UInt32(truncatingIfNeeded: edge(UInt32(truncatingIfNeeded: node), scalar))
        }
        return false
    }

    @inline(__always)
    private func edge(_ parent: UInt32, _ scalar: UInt32) -> UInt64 {
        let key = Self.edgeKey(parent, scalar)
        let hash = key &* Self.hashMultiplier
        let bit = Int(truncatingIfNeeded: hash >> filterShift)
        if edgeFilter[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return 0 }
        let edges = self.edges.baseAddress!
        let mask = self.edges.count - 1
        var slot = Int(truncatingIfNeeded: hash >> edgeShift)
        while true {
            let found = edges[slot]
            if found.key == key { return UInt64(found.link) }
            if found.key == 0 { return 0 }
            slot = (slot + 1) & mask
        }
    }

    /// The value of the one-character key `node` stands for, if a key ends there.
    @inline(__always)
    func singleCharacterValue(of node: UInt32) -> (pointer: UnsafePointer<UInt8>, count: Int)? {
        let info = nodes[Int(node)]
        guard info.rank != Self.noRank else { return nil }
        return (UnsafePointer(values.baseAddress! + Int(info.valueOffset)), Int(info.valueLength))
    }

    /// The value of the key that ends at `node`.
    @inline(__always)
    func value(of node: Int) -> (pointer: UnsafePointer<UInt8>, count: Int) {
        let info = nodes[node]
        return (UnsafePointer(values.baseAddress! + Int(info.valueOffset)), Int(info.valueLength))
    }

    /// Converts `input` as OpenCC's `Conversion::Convert` converts one segment: repeated longest
    /// matches, the first value of each, and an unmatched character copied as it is.
    func convertSegment(_ input: UnsafePointer<UInt8>, count: Int, into output: inout ByteBuffer) {
        let end = input + count
        var position = input
        var copyStart = input
        while position < end {
            let byte = position.pointee
            if byte < 0x80 {
                if !asciiStartsKey(byte) {
                    position += 1
                    continue
                }
            }
            let (length, node) = match(at: position, end: end)
            if length == 0 {
                position += scalarLength(byte)
                continue
            }
            output.append(copyStart, position - copyStart)
            let (value, valueCount) = self.value(of: node)
            output.append(value, valueCount)
            position += length
            copyStart = position
        }
        output.append(copyStart, end - copyStart)
    }
}

/// Decodes the scalar at `position` of valid UTF-8: its value and its length in bytes.
@inline(__always)
func decodeScalar(_ position: UnsafePointer<UInt8>) -> (UInt32, Int) {
    let lead = UInt32(position[0])
    if lead < 0x80 { return (lead, 1) }
    if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(position[1] & 0x3F), 2) }
    if lead < 0xF0 {
        return ((lead & 0x0F) << 12 | UInt32(position[1] & 0x3F) << 6 | UInt32(position[2] & 0x3F), 3)
    }
    return (
        (lead & 0x07) << 18 | UInt32(position[1] & 0x3F) << 12 | UInt32(position[2] & 0x3F) << 6
            | UInt32(position[3] & 0x3F), 4
    )
}

/// The length of the well-formed UTF-8 sequence at `position`, or nil when it is not one.
@inline(__always)
func validSequenceLength(at position: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>) -> Int? {
    let lead = position.pointee
    if lead < 0x80 { return 1 }
    let remaining = end - position
    if lead < 0xC2 { return nil }
    if lead < 0xE0 { return remaining >= 2 && position[1] & 0xC0 == 0x80 ? 2 : nil }
    if lead < 0xF0 {
        guard remaining >= 3, position[1] & 0xC0 == 0x80, position[2] & 0xC0 == 0x80 else { return nil }
        // Overlong forms below U+0800 and UTF-16 surrogates are not UTF-8.
        if (lead == 0xE0 && position[1] < 0xA0) || (lead == 0xED && position[1] >= 0xA0) { return nil }
        return 3
    }
    guard lead < 0xF5, remaining >= 4, position[1] & 0xC0 == 0x80, position[2] & 0xC0 == 0x80,
        position[3] & 0xC0 == 0x80
    else { return nil }
    // Overlong forms below U+10000 and scalars above U+10FFFF are not UTF-8.
    if (lead == 0xF0 && position[1] < 0x90) || (lead == 0xF4 && position[1] >= 0x90) { return nil }
    return 4
}

/// The length in bytes of the UTF-8 sequence that `lead` starts.
@inline(__always)
func scalarLength(_ lead: UInt8) -> Int {
    lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
}

/// A growable byte buffer for the hot path: appends are a bounds check and a copy.
struct ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    /// Frees the storage; the buffer must not be used afterwards.
    func deallocate() {
        base.deallocate()
    }

    mutating func removeAll() {
        count = 0
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
        if count + length > capacity { grow(to: count + length) }
        if length <= 4 {
            for index in 0..<length { base[count + index] = bytes[index] }
        } else {
            memcpy(base + count, bytes, length)
        }
        count += length
    }

    /// Marks the first `newCount` bytes as filled after writing them through `base`.
    mutating func setCount(_ newCount: Int) {
        count = newCount
    }

    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        (base, capacity) = growBytes(base, count: count, capacity: capacity, toHold: needed)
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}

extension [UInt8] {
    /// Calls `body` with each byte of the keys of a lexicon in OpenCC's text form
    /// (`key\tvalue value\n` lines), skipping the values.
    func forEachLexiconKeyByte(_ body: (UInt8) -> Void) {
        var inKey = true
        for byte in self {
            if byte == 0x0A {
                inKey = true
            } else if byte == 0x09 {
                inKey = false
            } else if inKey {
                body(byte)
            }
        }
    }
}
