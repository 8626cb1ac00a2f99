/// A fixed-size set of small non-negative integers stored as 64-bit words.
public struct BitSet: Hashable, Sendable {
    /// The words, bit `i` of the set is bit `i % 64` of word `i / 64`.
    public var words: [UInt64]
    /// The number of representable elements (0..<capacity).
    public let capacity: Int

    /// An empty set able to hold 0..<capacity.
    public init(capacity: Int) {
        self.capacity = capacity
        self.words = Array(repeating: 0, count: (capacity + 63) >> 6)
    }

    /// Whether `index` is in the set.
    @inlinable @inline(__always)
    public subscript(index: Int) -> Bool {
        get { words[index >> 6] & (1 << UInt64(index & 63)) != 0 }
        set {
            if newValue { words[index >> 6] |= 1 << UInt64(index & 63) } else { words[index >> 6] &= ~(1 << UInt64(index & 63)) }
        }
    }

    /// Inserts `index`.
    @inlinable public mutating func insert(_ index: Int) { self[index] = true }

    /// Removes `index`.
    @inlinable public mutating func remove(_ index: Int) { self[index] = false }

    /// Removes every element.
    public mutating func removeAll() {
        for index in words.indices { words[index] = 0 }
    }

    /// The number of elements in the set.
    /// - Complexity: O(capacity / 64).
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// True when the set has no element.
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// The elements in ascending order.
    public var elements: [Int] {
        var result: [Int] = []
        for (wordIndex, word) in words.enumerated() {
            var rest = word
            while rest != 0 {
                let bit = rest.trailingZeroBitCount
                result.append(wordIndex << 6 | bit)
                rest &= rest - 1
            }
        }
        return result
    }
}
