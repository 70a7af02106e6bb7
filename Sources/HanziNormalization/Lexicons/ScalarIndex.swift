import HanziConversion
import HanziText

/// A set of Unicode scalars with a bitmap for the Basic Multilingual Plane, so the per-glyph
/// checks of a scan cost a shift and a mask instead of a hash.
struct ScalarSet: Sendable, Equatable {
    // No initial values: a set read from the cache would allocate and clear them only to drop them.
    private var bits: [UInt64]
    private var supplementary: Set<UInt32>

    init() {
        bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        supplementary = []
    }

    /// The set in the form `init(reading:)` reads.
    func write(to writer: inout CacheWriter) {
        writer.appendCounted(bits)
        writer.appendCounted(supplementary.sorted())
    }

    /// A set `write(to:)` wrote; `nil` when the stored form is damaged.
    init?(reading reader: inout CacheReader) {
        guard let bits: [UInt64] = reader.readCounted(), bits.count == 0x10000 / 64,
            let supplementary: [UInt32] = reader.readCounted(), supplementary.allSatisfy({ $0 <= 0x10FFFF })
        else { return nil }
        self.bits = bits
        self.supplementary = Set(supplementary)
    }

    mutating func insert(_ scalar: Unicode.Scalar) {
        if scalar.value < 0x10000 {
            bits[Int(scalar.value >> 6)] |= 1 << UInt64(scalar.value & 63)
        } else {
            supplementary.insert(scalar.value)
        }
    }

    mutating func formUnion(_ scalars: some Sequence<Unicode.Scalar>) {
        for scalar in scalars { insert(scalar) }
    }

    /// Inlined, so a scan's per-glyph test is a shift and a mask where it stands: left to the
    /// compiler, the hash lookup below made it a call for every glyph of `mixed-script`'s runs.
    @inline(__always)
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x10000 { return bits[Int(scalar.value >> 6)] & (1 << UInt64(scalar.value & 63)) != 0 }
        return containsSupplementary(scalar.value)
    }

    @inline(never)
    private func containsSupplementary(_ value: UInt32) -> Bool {
        supplementary.contains(value)
    }
}

/// A trie of phrases keyed by Unicode scalar. The root's children are a table indexed by scalar;
/// every other edge lives in one integer-keyed open-addressing table whose slot also holds the
/// payload of the node it leads to, so a step of a walk reads one cache line, and multiplies
/// integers instead of hashing strings (which Swift hashes after normalizing).
struct ScalarTrie: Sendable, Equatable {
    /// The root node, where every walk starts.
    static let root: Int32 = 0

    /// Where a step led: the node, and the payload of the phrase ending there (-1 for none).
    struct Step: Sendable, Equatable, BitwiseCopyable {
        var node: Int32 = -1
        var payload: Int32 = -1
    }

    /// An edge of the table: `node << 32 | scalar` (`UInt64.max` when free) and where it leads.
    private struct Edge: Sendable, Equatable, BitwiseCopyable {
        var key: UInt64 = .max
        var step = Step()
    }

    // No initial values: a trie read from the cache would allocate and clear them only to drop them.
    /// The root's children for the Basic Multilingual Plane, indexed by scalar.
    private var roots: FlatArray<Step>
    private var edges: FlatArray<Edge>
    private var edgeCount: Int
    private var nodeCount: Int
    /// The payload of the empty phrase.
    private var emptyPayload: Int32
    /// A Bloom filter of the first two scalars of every phrase of two or more: most windows of a
    /// text start no phrase, and the filter (which stays in cache) says so without walking the table.
    private var pairFilter: FlatArray<UInt64>

    init() {
        roots = FlatArray(repeating: Step(), count: 0x10000)
        edges = FlatArray(repeating: Edge(), count: 1 << 10)
        edgeCount = 0
        nodeCount = 1
        emptyPayload = -1
        pairFilter = FlatArray(repeating: 0, count: 1 << 15)
    }

    /// The trie in the form `init(reading:payloadLimit:)` reads.
    func write(to writer: inout CacheWriter) {
        writer.appendCounted([UInt64(nodeCount), UInt64(bitPattern: Int64(emptyPayload))])
        writer.appendFlat(roots)
        writer.appendFlat(edges)
        writer.appendFlat(pairFilter)
    }

    /// A trie `write(to:)` wrote, whose payloads are all below `payloadLimit`; `nil` when the stored
    /// form is damaged. Every node and payload is checked here, so walks can trust them, and a table
    /// without a free slot (where a lookup would never stop) is refused.
    init?(reading reader: inout CacheReader, payloadLimit: Int) {
        guard let header: [UInt64] = reader.readCounted(), header.count == 2, header[0] >= 1,
            header[0] <= UInt64(Int32.max), let roots: FlatArray<Step> = reader.readFlat(), roots.count == 0x10000,
            let edges: FlatArray<Edge> = reader.readFlat(), edges.count >= 2, edges.count & (edges.count - 1) == 0,
            let pairFilter: FlatArray<UInt64> = reader.readFlat(), pairFilter.count == 1 << 15
        else { return nil }
        let nodeCount = Int(header[0])
        // One pass over each table checks nodes and payloads together: start-up reads them once.
        // The passes have no branch: each entry's verdict is a 0 or 1 or-ed into one word (`&&`
        // and `||` would branch on every entry, and whether a slot is free is a coin toss, so they
        // cost a misprediction every other entry and made this a third of a process's start-up).
        // A node is valid when 0 < node < nodeCount, a payload when -1 <= payload < payloadLimit:
        // each one unsigned comparison.
        let nodeBound = UInt64(nodeCount - 1)
        let payloadBound = UInt64(max(payloadLimit, 0)) + 1
        @inline(__always) func bit(_ condition: Bool) -> UInt64 { condition ? 1 : 0 }
        @inline(__always) func badStep(_ step: Step) -> UInt64 {
            bit(UInt64(bitPattern: Int64(step.node) &- 1) >= nodeBound)
                | bit(UInt64(bitPattern: Int64(step.payload) &+ 1) >= payloadBound)
        }
        var count = 0
        var damage: UInt64 = 0
        edges.withUnsafeBufferPointer { edges in
            for edge in edges {
                // A used edge leads to a valid node (never -1) from a node that exists; a free
                // slot's step is never read.
                let used = bit(edge.key != .max)
                count &+= Int(used)
                damage |= used & (badStep(edge.step) | bit(edge.key >> 32 >= UInt64(nodeCount)))
            }
        }
        roots.withUnsafeBufferPointer { roots in
            for step in roots {
                // A root slot is free (-1, -1) or holds a valid node and payload.
                let free = bit(step.node == -1) & bit(step.payload == -1)
                damage |= (free ^ 1) & badStep(step)
            }
        }
        let isDamaged = damage != 0
        guard !isDamaged, count * 4 <= edges.count * 3 else { return nil }
        self.roots = roots
        self.edges = edges
        edgeCount = count
        self.nodeCount = nodeCount
        self.pairFilter = pairFilter
        emptyPayload = Int32(truncatingIfNeeded: Int64(bitPattern: header[1]))
        guard emptyPayload >= -1, Int(emptyPayload) < payloadLimit else { return nil }
    }

    /// Adds `key` with `payload`; an existing payload is kept, so earlier tables take priority.
    mutating func insert(_ key: some Sequence<Unicode.Scalar>, payload: Int32) {
        var scalars = key.makeIterator()
        if let first = scalars.next(), let second = scalars.next() {
            let (word, bits) = Self.filterBits(first, second)
            pairFilter[word] |= bits
        }
        var node = Self.root
        // Where the payload of the node reached so far is kept: a root slot or an edge slot.
        var rootSlot: Int?
        var edgeSlot: Int?
        for scalar in key {
            if node == Self.root, scalar.value < 0x10000 {
                let index = Int(scalar.value)
                if roots[index].node < 0 {
                    roots[index].node = Int32(nodeCount)
                    nodeCount += 1
                }
                node = roots[index].node
                (rootSlot, edgeSlot) = (index, nil)
                continue
            }
            let key = Self.edge(node, scalar)
            var index = find(key)
            if edges[index].key != key {
                if (edgeCount + 1) * 2 > edges.count {
                    grow()
                    index = find(key)
                }
                edges[index] = Edge(key: key, step: Step(node: Int32(nodeCount), payload: -1))
                edgeCount += 1
                nodeCount += 1
            }
            node = edges[index].step.node
            (rootSlot, edgeSlot) = (nil, index)
        }
        if let rootSlot {
            if roots[rootSlot].payload < 0 { roots[rootSlot].payload = payload }
        } else if let edgeSlot {
            if edges[edgeSlot].step.payload < 0 { edges[edgeSlot].step.payload = payload }
        } else if emptyPayload < 0 {
            emptyPayload = payload
        }
    }

    /// Whether a phrase of two or more scalars may start with `first` and `second`; false means none does.
    @inline(__always)
    func mayStart(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        let (word, bits) = Self.filterBits(first, second)
        return pairFilter[word] & bits == bits
    }

    /// The filter word of a pair and its two bits in it: one cache line per check.
    @inline(__always)
    private static func filterBits(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> (Int, UInt64) {
        let hash = (UInt64(first.value) << 21 | UInt64(second.value)) &* 0x9E37_79B9_7F4A_7C15
        let word = Int(truncatingIfNeeded: hash >> 49)
        return (word, 1 << ((hash >> 20) & 63) | 1 << ((hash >> 26) & 63))
    }

    /// Where `scalar` leads from `node`, if any phrase continues that way.
    @inline(__always)
    func step(from node: Int32, _ scalar: Unicode.Scalar) -> Step? {
        if node == Self.root, scalar.value < 0x10000 {
            let step = roots[Int(scalar.value)]
            return step.node < 0 ? nil : step
        }
        let edge = edges[find(Self.edge(node, scalar))]
        return edge.key == .max ? nil : edge.step
    }

    /// The payload of exactly `key`, if it was inserted.
    func payload(of key: some Sequence<Unicode.Scalar>) -> Int? {
        var step = Step(node: Self.root, payload: emptyPayload)
        for scalar in key {
            guard let next = self.step(from: step.node, scalar) else { return nil }
            step = next
        }
        return step.payload < 0 ? nil : Int(step.payload)
    }

    private static func edge(_ node: Int32, _ scalar: Unicode.Scalar) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalar.value)
    }

    /// The slot holding `key`, or the free slot where it would go.
    @inline(__always)
    private func find(_ key: UInt64) -> Int {
        let mask = edges.count - 1
        // Fibonacci hashing: the top bits of the product spread consecutive node numbers well.
        var index = Int(
            truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - edges.count.trailingZeroBitCount))
        while true {
            let found = edges[index].key
            if found == key || found == .max { return index }
            index = (index + 1) & mask
        }
    }

    /// Rehashes the edges into the smallest table at most three quarters full, once a lexicon is
    /// built: a quarter of the memory a growing table leaves, and fewer cache misses per walk.
    mutating func compact() {
        var capacity = 2
        while capacity * 3 < edgeCount * 4 || capacity <= edgeCount { capacity *= 2 }
        guard capacity < edges.count else { return }
        let old = edges
        edges = FlatArray(repeating: Edge(), count: capacity)
        for edge in old where edge.key != .max { edges[find(edge.key)] = edge }
    }

    private mutating func grow() {
        let old = edges
        edges = FlatArray(repeating: Edge(), count: old.count * 2)
        for edge in old where edge.key != .max { edges[find(edge.key)] = edge }
    }
}

/// A map from Unicode scalar to Unicode scalar with a flat table for the Basic Multilingual Plane:
/// the glyph conversions a scan looks up at every Han character, without hashing.
struct ScalarMap: Sendable, Equatable {
    // No initial values: a map read from the cache would allocate and fill them only to drop them.
    private var table: FlatArray<UInt32>
    private var supplementary: [UInt32: Unicode.Scalar]
    /// Every scalar with a value, in insertion order.
    private(set) var keys: [Unicode.Scalar]

    init() {
        table = FlatArray(repeating: UInt32.max, count: 0x10000)
        supplementary = [:]
        keys = []
    }

    /// The map in the form `init(reading:)` reads: the table, then the keys and values beyond it.
    func write(to writer: inout CacheWriter) {
        writer.appendFlat(table)
        writer.appendScalars(keys)
        let beyond = keys.filter { $0.value >= 0x10000 }
        writer.appendScalars(beyond)
        writer.appendScalars(beyond.map { supplementary[$0.value]! })
    }

    /// A map `write(to:)` wrote; `nil` when the stored form is damaged.
    init?(reading reader: inout CacheReader) {
        guard let table: FlatArray<UInt32> = reader.readFlat(), table.count == 0x10000,
            table.withUnsafeBufferPointer({ CacheReader.areScalarValues($0, orSentinel: .max) }),
            let keys = reader.readScalars(),
            let beyond = reader.readScalars(), let values = reader.readScalars(), beyond.count == values.count,
            beyond.allSatisfy({ $0.value >= 0x10000 })
        else { return nil }
        self.table = table
        self.keys = keys
        supplementary = Dictionary(zip(beyond.map(\.value), values)) { first, _ in first }
    }

    subscript(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        get {
            if scalar.value < 0x10000 {
                let value = table[Int(scalar.value)]
                return value == UInt32.max ? nil : Unicode.Scalar(value)
            }
            return supplementary[scalar.value]
        }
        set {
            if self[scalar] == nil, newValue != nil { keys.append(scalar) }
            if scalar.value < 0x10000 {
                table[Int(scalar.value)] = newValue?.value ?? UInt32.max
            } else {
                supplementary[scalar.value] = newValue
            }
            if newValue == nil { keys.removeAll { $0 == scalar } }
        }
    }
}

/// For each glyph, the furthest index at which it stands in any phrase of a lexicon: a phrase
/// that covers the glyph starts at most that far before it, so scans need look back no further.
struct PhraseOffsets: Sendable, Equatable {
    private var table: [UInt8]
    private var supplementary: [UInt32: UInt8]

    init() {
        table = [UInt8](repeating: 0, count: 0x10000)
        supplementary = [:]
    }

    /// The offsets in the form `init(reading:)` reads.
    func write(to writer: inout CacheWriter) {
        writer.appendCounted(table)
        let keys = supplementary.keys.sorted()
        writer.appendCounted(keys)
        writer.appendCounted(keys.map { supplementary[$0]! })
    }

    /// Offsets `write(to:)` wrote; `nil` when the stored form is damaged.
    init?(reading reader: inout CacheReader) {
        guard let table: [UInt8] = reader.readCounted(), table.count == 0x10000,
            let keys: [UInt32] = reader.readCounted(), let values: [UInt8] = reader.readCounted(),
            keys.count == values.count
        else { return nil }
        self.table = table
        supplementary = Dictionary(zip(keys, values)) { first, _ in first }
    }

    mutating func record(_ phrase: some Sequence<Unicode.Scalar>) {
        for (index, scalar) in phrase.enumerated() {
            let offset = UInt8(clamping: index)
            if scalar.value < 0x10000 {
                table[Int(scalar.value)] = max(table[Int(scalar.value)], offset)
            } else {
                supplementary[scalar.value] = max(supplementary[scalar.value] ?? 0, offset)
            }
        }
    }

    func furthest(_ scalar: Unicode.Scalar) -> Int {
        Int(scalar.value < 0x10000 ? table[Int(scalar.value)] : supplementary[scalar.value] ?? 0)
    }
}

/// Many short lists of scalars in two flat arrays, so a lexicon of a hundred thousand phrases is
/// three allocations rather than a hundred thousand, and is stored and read back as it stands.
struct ScalarLists: Sendable, Equatable {
    /// Where each list starts in `scalars`, and where the last one ends.
    private var starts: [Int32] = [0]
    private var scalars: [Unicode.Scalar] = []

    init() {}

    /// How many lists there are.
    var count: Int { starts.count - 1 }

    /// Adds a list at the end; its index is the old `count`.
    mutating func append(_ list: some Sequence<Unicode.Scalar>) {
        scalars.append(contentsOf: list)
        starts.append(Int32(scalars.count))
    }

    /// The list at `index`.
    subscript(_ index: Int) -> ArraySlice<Unicode.Scalar> {
        scalars[Int(starts[index])..<Int(starts[index + 1])]
    }

    /// The lists in the form `init(reading:)` reads.
    func write(to writer: inout CacheWriter) {
        writer.appendCounted(starts)
        writer.appendScalars(scalars)
    }

    /// Lists `write(to:)` wrote; `nil` when the stored form is damaged.
    init?(reading reader: inout CacheReader) {
        guard let starts: [Int32] = reader.readCounted(), let scalars = reader.readScalars(), starts.first == 0,
            starts.last.map({ Int($0) == scalars.count }) == true,
            zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 })
        else { return nil }
        self.starts = starts
        self.scalars = scalars
    }
}

/// A fixed number of plain values, in memory of its own or read in place from a mapped cache
/// file: a lexicon of megabytes is then used where it lies instead of copied at start-up. Copied
/// on the first write when shared or mapped, like an array.
struct FlatArray<Element: BitwiseCopyable>: RandomAccessCollection, MutableCollection, @unchecked Sendable {
    /// The memory: allocated here (and freed with the last array using it), or a mapped file's.
    private final class Storage {
        let base: UnsafeMutablePointer<Element>
        /// The mapped file the elements lie in; `nil` for memory allocated here.
        let file: MappedFile?

        init(count: Int) {
            base = .allocate(capacity: Swift.max(count, 1))
            file = nil
        }

        init(_ elements: UnsafeBufferPointer<Element>, in file: MappedFile) {
            // Never written through: the first write copies (see `makeUnique`).
            base = UnsafeMutablePointer(
                mutating: elements.baseAddress ?? file.base.assumingMemoryBound(to: Element.self))
            self.file = file
        }

        deinit { if file == nil { base.deallocate() } }
    }

    // A concrete class, so `isKnownUniquelyReferenced` sees the real count (an existential would be copied).
    private var storage: Storage
    private var base: UnsafeMutablePointer<Element>
    let count: Int

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    init(repeating value: Element, count: Int) {
        storage = Storage(count: count)
        storage.base.initialize(repeating: value, count: count)
        (base, self.count) = (storage.base, count)
    }

    /// A copy of `elements`.
    init(copying elements: UnsafeBufferPointer<Element>) {
        storage = Storage(count: elements.count)
        if let source = elements.baseAddress { storage.base.initialize(from: source, count: elements.count) }
        (base, count) = (storage.base, elements.count)
    }

    /// `elements` where they lie in `file`, which the array keeps mapped.
    init(inPlace elements: UnsafeBufferPointer<Element>, of file: MappedFile) {
        storage = Storage(elements, in: file)
        (base, count) = (storage.base, elements.count)
    }

    subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "index out of range")
            return base[position]
        }
        set {
            precondition(position >= 0 && position < count, "index out of range")
            makeUnique()
            base[position] = newValue
        }
    }

    private mutating func makeUnique() {
        if storage.file == nil && isKnownUniquelyReferenced(&storage) { return }
        self = FlatArray(copying: UnsafeBufferPointer(start: base, count: count))
    }

    /// The elements, for storing.
    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Element>) -> Result) -> Result {
        withExtendedLifetime(storage) { body(UnsafeBufferPointer(start: base, count: count)) }
    }
}

extension FlatArray: Equatable where Element: Equatable {
    static func == (first: FlatArray, second: FlatArray) -> Bool {
        first.elementsEqual(second)
    }
}
