/// SplitMix64: a small, fast generator whose whole output follows from its seed, so a simulated
/// store, its faults and its live activity are the same on every machine and every run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generator for one purpose (`"faults"`, `"activity"`), independent of the others drawn from
    /// the same seed: adding a fault rule does not change which orders the shoppers place.
    public static func derived(from seed: UInt64, purpose: String) -> SeededGenerator {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in purpose.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0100_0000_01B3
        }
        return SeededGenerator(seed: seed ^ hash)
    }

    /// True with probability `share` (0...1).
    public mutating func chance(_ share: Double) -> Bool {
        share > 0 && Double.random(in: 0..<1, using: &self) < share
    }
}
