/// SplitMix64 (Steele, Lea & Flood 2014): a fast, well-mixed 64-bit generator.
///
/// Each variant's random choices are drawn from a generator seeded by (seed, purpose, entry), so
/// the synthetic data depends only on the seed and never on generation order or thread.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator for one item: `seed`, a purpose tag and the item's number mixed together.
    init(seed: UInt64, purpose: UInt64, item: Int) {
        state = Self.mix(seed ^ Self.mix(purpose &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: item &+ 1)))
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A number in `0..<bound` (the small modulo bias is irrelevant here).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// True with probability `share` (0...1).
    mutating func chance(_ share: Double) -> Bool {
        Double(next() >> 11) * 0x1p-53 < share
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
