/// Disjoint-set forests (Tarjan 1975): the one union-find of the engine and the rules.
/// The root of `element` in the disjoint-set forest `parent` (a root is its own parent), halving the path on the way
/// (Tarjan 1975); the one root finder of the union-find structures in the engine and the rules.
/// - Complexity: O(α(n)) amortized with union by size or rank, O(log n) with path halving alone.
public func unionFindRoot(_ element: Int32, in parent: inout [Int32]) -> Int32 {
    var x = element
    while parent[Int(x)] != x {
        parent[Int(x)] = parent[Int(parent[Int(x)])]
        x = parent[Int(x)]
    }
    return x
}

/// Disjoint sets with path halving and union by size (Tarjan 1975).
struct UnionFind {
    private var parent: [Int32]
    private var size: [Int32]

    init(count: Int) {
        parent = (0..<Int32(count)).map { $0 }
        size = [Int32](repeating: 1, count: count)
    }

    mutating func find(_ element: Int) -> Int { Int(unionFindRoot(Int32(element), in: &parent)) }

    /// Merges the sets; the smaller root index stays the root so representatives are the smallest members.
    mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a)
        let rb = find(b)
        guard ra != rb else { return }
        let (root, child) = ra < rb ? (ra, rb) : (rb, ra)
        parent[child] = Int32(root)
        size[root] += size[child]
    }
}
