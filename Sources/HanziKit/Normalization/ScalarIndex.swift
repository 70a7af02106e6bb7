/// A set of Unicode scalars with a bitmap for the Basic Multilingual Plane, so the per-glyph
/// checks of a scan cost a shift and a mask instead of a hash.
struct ScalarSet: Sendable {
    private var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
    private var supplementary: Set<UInt32> = []

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

/// A trie of phrases keyed by Unicode scalar, one integer-keyed table for all edges: walking a
/// window glyph by glyph hashes integers, not strings (which Swift hashes after normalizing).
struct ScalarTrie: Sendable {
    /// The root node, where every walk starts.
    static let root: Int32 = 0

    private var edges: [UInt64: Int32] = [:]
    private var payloads: [Int32] = [-1]

    /// Adds `key` with `payload`; an existing payload is kept, so earlier tables take priority.
    mutating func insert(_ key: some Sequence<Unicode.Scalar>, payload: Int32) {
        var node = Self.root
        for scalar in key {
            let edge = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalar.value)
            if let next = edges[edge] {
                node = next
            } else {
                let next = Int32(payloads.count)
                payloads.append(-1)
                edges[edge] = next
                node = next
            }
        }
        if payloads[Int(node)] < 0 { payloads[Int(node)] = payload }
    }

    /// The node reached from `node` through `scalar`, if any phrase continues that way.
    func child(of node: Int32, _ scalar: Unicode.Scalar) -> Int32? {
        edges[UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalar.value)]
    }

    /// The payload of the phrase ending at `node`, if one does.
    func payload(at node: Int32) -> Int? {
        let payload = payloads[Int(node)]
        return payload < 0 ? nil : Int(payload)
    }
}
