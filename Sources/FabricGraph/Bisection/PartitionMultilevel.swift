/// How a multilevel run builds its first split on the coarsest graph.
enum PartitionSeedKind: Sendable {
    /// Greedy graph growing from random vertices (Karypis & Kumar 1998, GGGP).
    case graphGrowing
    /// The sign pattern of the Fiedler vector (Pothen, Simon & Liou 1990), cut at the balance point.
    case spectral
}

/// The multilevel bisection driver: coarsen by heavy-edge matching, split the coarsest graph, then project back
/// level by level with Fiduccia–Mattheyses refinement, exact accelerator balance at the finest level.
enum PartitionMultilevel {
    /// Stop coarsening at this many vertices.
    static let coarsestSize = 160

    /// One seeded multilevel run on `graph`; returns the side of every vertex of the finest level.
    /// - Complexity: O(E log E) per level, O(log V) levels in practice.
    static func bisect(_ graph: PartitionGraph, seed: UInt64, kind: PartitionSeedKind, trials: Int) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        let balance = PartitionBalance(total: graph.totalWeight)
        var levels: [PartitionGraph] = [graph]
        var maps: [[Int32]] = []
        let weightCap = Int32(max(2, (3 * graph.totalWeight) / (2 * 48)))
        while let current = levels.last, current.vertexCount > coarsestSize {
            let (coarse, map) = current.coarsened(random: &random, weightCap: weightCap)
            if coarse.vertexCount * 100 > current.vertexCount * 95 { break }
            levels.append(coarse)
            maps.append(map)
        }
        guard let coarsest = levels.last else { return [] }
        var best: [UInt8] = []
        var bestKey = (Int.max, Double.infinity)
        let moveSlack = Int(coarsest.maxVertexWeight)
        let recordSlack = levels.count == 1 ? 0 : moveSlack / 2
        let initial: [[UInt8]]
        switch kind {
        case .graphGrowing:
            initial = (0..<max(1, trials)).map { _ in growRegion(coarsest, balance: balance, random: &random) }
        case .spectral:
            let vector = fiedlerVector(coarsest, random: &random)
            initial = [
                splitByOrder(coarsest, values: vector, balance: balance),
                splitByOrder(coarsest, values: vector.map { -$0 }, balance: balance),
            ]
        }
        for start in initial {
            var side = start
            let cut = PartitionRefinement.refine(
                coarsest, side: &side, balance: balance, moveSlack: moveSlack,
                recordSlack: recordSlack, maxPasses: 12)
            let key = (max(0, balance.excess(coarsest.sideZeroWeight(side)) - recordSlack), cut)
            if key.0 < bestKey.0 || (key.0 == bestKey.0 && key.1 < bestKey.1) {
                bestKey = key
                best = side
            }
        }
        var side = best
        for level in stride(from: levels.count - 2, through: 0, by: -1) {
            let fine = levels[level]
            let map = maps[level]
            var projected = [UInt8](repeating: 0, count: fine.vertexCount)
            for vertex in 0..<fine.vertexCount { projected[vertex] = side[Int(map[vertex])] }
            let slack = level == 0 ? 1 : Int(fine.maxVertexWeight)
            _ = PartitionRefinement.refine(
                fine, side: &projected, balance: balance, moveSlack: slack,
                recordSlack: level == 0 ? 0 : slack / 2, maxPasses: level == 0 ? 10 : 6)
            side = projected
        }
        return side
    }

    /// Greedy graph growing: a region grown from a random vertex by best connection until it holds ⌊n/2⌋
    /// accelerators (a new random start when the component runs out).
    /// - Complexity: O(E log E).
    static func growRegion(_ graph: PartitionGraph, balance: PartitionBalance, random: inout SplitMix64) -> [UInt8] {
        let count = graph.vertexCount
        var side = [UInt8](repeating: 1, count: count)
        guard count > 0 else { return side }
        var score = [Double](repeating: 0, count: count)
        for vertex in 0..<count {
            for entry in graph.entries(vertex) { score[vertex] -= graph.weight[entry] }
        }
        var heap = PartitionGainHeap()
        var rejected = [Bool](repeating: false, count: count)
        var weight = 0
        var remaining = count
        while weight < balance.low, remaining > 0 {
            if heap.isEmpty {
                var start = random.below(count)
                while side[start] == 0 || rejected[start] { start = (start + 1) % count }
                heap.push(score[start], Int32(start))
            }
            guard let top = heap.top else { break }
            heap.pop()
            let vertex = Int(top.vertex)
            if side[vertex] == 0 || rejected[vertex] || top.gain != score[vertex] { continue }
            remaining -= 1
            if weight + Int(graph.vertexWeight[vertex]) > balance.high {
                rejected[vertex] = true
                continue
            }
            side[vertex] = 0
            weight += Int(graph.vertexWeight[vertex])
            for entry in graph.entries(vertex) {
                let other = Int(graph.adjacent[entry])
                if side[other] == 0 || rejected[other] { continue }
                score[other] += 2 * graph.weight[entry]
                heap.push(score[other], Int32(other))
            }
        }
        return side
    }

    /// Side 0 = the vertices of smallest `values` until the window is reached (weight-0 vertices follow their rank).
    /// - Complexity: O(V log V).
    static func splitByOrder(_ graph: PartitionGraph, values: [Double], balance: PartitionBalance) -> [UInt8] {
        let order = (0..<graph.vertexCount).sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var side = [UInt8](repeating: 1, count: graph.vertexCount)
        var weight = 0
        for vertex in order {
            if weight >= balance.low { break }
            if weight + Int(graph.vertexWeight[vertex]) > balance.high { continue }
            side[vertex] = 0
            weight += Int(graph.vertexWeight[vertex])
        }
        return side
    }

    /// An approximate Fiedler vector (eigenvector of the second-smallest eigenvalue of the weighted Laplacian
    /// L = D − W) by power iteration on σI − L with the constant vector projected out (Fiedler 1973; Pothen, Simon
    /// & Liou 1990). σ = 2·max weighted degree makes σI − L positive semidefinite.
    /// - Complexity: O(iterations · E), 300 iterations.
    static func fiedlerVector(_ graph: PartitionGraph, random: inout SplitMix64, iterations: Int = 300) -> [Double] {
        let count = graph.vertexCount
        guard count > 1 else { return [Double](repeating: 0, count: count) }
        var degree = [Double](repeating: 0, count: count)
        for vertex in 0..<count {
            for entry in graph.entries(vertex) { degree[vertex] += graph.weight[entry] }
        }
        let sigma = 2 * (degree.max() ?? 1) + 1e-300
        var vector = (0..<count).map { _ in Double(random.next() % 1_000_000) / 1_000_000 - 0.5 }
        var next = [Double](repeating: 0, count: count)
        for _ in 0..<iterations {
            let mean = vector.reduce(0, +) / Double(count)
            for index in 0..<count { vector[index] -= mean }
            var norm = 0.0
            for value in vector { norm += value * value }
            norm = norm.squareRoot()
            if norm == 0 { break }
            for index in 0..<count { vector[index] /= norm }
            for vertex in 0..<count {
                var value = (sigma - degree[vertex]) * vector[vertex]
                for entry in graph.entries(vertex) { value += graph.weight[entry] * vector[Int(graph.adjacent[entry])] }
                next[vertex] = value
            }
            swap(&vector, &next)
        }
        return vector
    }
}
