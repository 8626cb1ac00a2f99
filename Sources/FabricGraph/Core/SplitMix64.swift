/// SplitMix64 (Steele, Lea, Flood 2014, "Fast splittable pseudorandom number generators"): the one seeded
/// generator of the engine (partitioner, traffic patterns, `random:` selectors, sampled sweeps), so runs are reproducible.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// A generator with this seed.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (bound > 0).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A seeded random permutation of `0..<count` (Fisher–Yates).
    public mutating func permutation(_ count: Int) -> [Int32] {
        var order = (0..<Int32(count)).map { $0 }
        if count < 2 { return order }
        for index in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(index, below(index + 1))
        }
        return order
    }

    /// `count` distinct elements of `pool` (partial Fisher–Yates), ascending.
    public mutating func sample(_ count: Int, from pool: [Int32]) -> [Int32] {
        var items = pool
        for index in 0..<count {
            let pick = index + Int(next() % UInt64(items.count - index))
            items.swapAt(index, pick)
        }
        return Array(items[0..<count]).sorted()
    }
}
