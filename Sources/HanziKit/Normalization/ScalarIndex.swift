/// A set of Unicode scalars with a bitmap for the Basic Multilingual Plane, so the per-glyph
/// checks of a scan cost a shift and a mask instead of a hash.
struct ScalarSet: Sendable, Equatable {
    private var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
    private var supplementary: Set<UInt32> = []

    init() {}

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

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x10000 { return bits[Int(scalar.value >> 6)] & (1 << UInt64(scalar.value & 63)) != 0 }
        return supplementary.contains(scalar.value)
    }
}

/// A trie of phrases keyed by Unicode scalar, one integer-keyed open-addressing table for all
/// edges: walking a window glyph by glyph multiplies integers instead of hashing strings (which
/// Swift hashes after normalizing) or running SipHash per step.
struct ScalarTrie: Sendable, Equatable {
    /// The root node, where every walk starts.
    static let root: Int32 = 0

    private var edgeKeys = [UInt64](repeating: .max, count: 1 << 10)
    private var edgeTargets = [Int32](repeating: -1, count: 1 << 10)
    private var edgeCount = 0
    private var payloads: [Int32] = [-1]

    init() {}

    /// The trie in the form `init(reading:payloadLimit:)` reads.
    func write(to writer: inout CacheWriter) {
        writer.appendCounted(edgeKeys)
        writer.appendCounted(edgeTargets)
        writer.appendCounted(payloads)
    }

    /// A trie `write(to:)` wrote, whose payloads are all below `payloadLimit`; `nil` when the stored
    /// form is damaged. Every node and payload is checked here, so walks can trust them, and a table
    /// without a free slot (where a lookup would never stop) is refused.
    init?(reading reader: inout CacheReader, payloadLimit: Int) {
        guard let keys: [UInt64] = reader.readCounted(), let targets: [Int32] = reader.readCounted(),
            let payloads: [Int32] = reader.readCounted(), keys.count >= 2, keys.count & (keys.count - 1) == 0,
            targets.count == keys.count, !payloads.isEmpty,
            payloads.allSatisfy({ $0 >= -1 && Int($0) < payloadLimit })
        else { return nil }
        var count = 0
        for (key, target) in zip(keys, targets) where key != .max {
            guard target > 0, Int(target) < payloads.count, Int(key >> 32) < payloads.count else { return nil }
            count += 1
        }
        guard count * 2 <= keys.count else { return nil }
        edgeKeys = keys
        edgeTargets = targets
        edgeCount = count
        self.payloads = payloads
    }

    /// Whether every payload indexes a table of `limit` entries.
    func payloadsAreBelow(_ limit: Int) -> Bool {
        payloads.allSatisfy { Int($0) < limit }
    }

    /// The payload of exactly `key`, if it was inserted.
    func payload(of key: some Sequence<Unicode.Scalar>) -> Int? {
        var node = Self.root
        for scalar in key {
            guard let next = child(of: node, scalar) else { return nil }
            node = next
        }
        return payload(at: node)
    }

    /// Adds `key` with `payload`; an existing payload is kept, so earlier tables take priority.
    mutating func insert(_ key: some Sequence<Unicode.Scalar>, payload: Int32) {
        var node = Self.root
        for scalar in key {
            let edge = Self.edge(node, scalar)
            if let next = lookup(edge) {
                node = next
            } else {
                let next = Int32(payloads.count)
                payloads.append(-1)
                store(edge, next)
                node = next
            }
        }
        if payloads[Int(node)] < 0 { payloads[Int(node)] = payload }
    }

    /// The node reached from `node` through `scalar`, if any phrase continues that way.
    func child(of node: Int32, _ scalar: Unicode.Scalar) -> Int32? {
        lookup(Self.edge(node, scalar))
    }

    /// The payload of the phrase ending at `node`, if one does.
    func payload(at node: Int32) -> Int? {
        let payload = payloads[Int(node)]
        return payload < 0 ? nil : Int(payload)
    }

    private static func edge(_ node: Int32, _ scalar: Unicode.Scalar) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalar.value)
    }

    private func slot(_ key: UInt64) -> Int {
        // Fibonacci hashing: the top bits of the product spread consecutive node numbers well.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - edgeKeys.count.trailingZeroBitCount))
    }

    private func lookup(_ key: UInt64) -> Int32? {
        let mask = edgeKeys.count - 1
        var index = slot(key)
        while true {
            let found = edgeKeys[index]
            if found == key { return edgeTargets[index] }
            if found == .max { return nil }
            index = (index + 1) & mask
        }
    }

    private mutating func store(_ key: UInt64, _ target: Int32) {
        if (edgeCount + 1) * 2 > edgeKeys.count { grow() }
        let mask = edgeKeys.count - 1
        var index = slot(key)
        while edgeKeys[index] != .max { index = (index + 1) & mask }
        edgeKeys[index] = key
        edgeTargets[index] = target
        edgeCount += 1
    }

    private mutating func grow() {
        let oldKeys = edgeKeys
        let oldTargets = edgeTargets
        edgeKeys = [UInt64](repeating: .max, count: oldKeys.count * 2)
        edgeTargets = [Int32](repeating: -1, count: oldKeys.count * 2)
        edgeCount = 0
        for (key, target) in zip(oldKeys, oldTargets) where key != .max { store(key, target) }
    }
}

/// A map from Unicode scalar to Unicode scalar with a flat table for the Basic Multilingual Plane:
/// the glyph conversions a scan looks up at every Han character, without hashing.
struct ScalarMap: Sendable, Equatable {
    private var table = [UInt32](repeating: UInt32.max, count: 0x10000)
    private var supplementary: [UInt32: Unicode.Scalar] = [:]
    /// Every scalar with a value, in insertion order.
    private(set) var keys: [Unicode.Scalar] = []

    init() {}

    /// The map in the form `init(reading:)` reads: its keys and values in insertion order.
    func write(to writer: inout CacheWriter) {
        writer.appendScalars(keys)
        writer.appendScalars(keys.map { self[$0]! })
    }

    /// A map `write(to:)` wrote; `nil` when the stored form is damaged.
    init?(reading reader: inout CacheReader) {
        guard let keys = reader.readScalars(), let values = reader.readScalars(), keys.count == values.count
        else { return nil }
        for (key, value) in zip(keys, values) { self[key] = value }
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
    private var table = [UInt8](repeating: 0, count: 0x10000)
    private var supplementary: [UInt32: UInt8] = [:]

    init() {}

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
