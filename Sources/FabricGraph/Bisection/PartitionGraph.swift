/// A symmetric weighted graph for bisection: the vertex weight is the number of accelerators a vertex stands for.
///
/// The finest level has one vertex per device and one entry per usable arc (parallel cables stay separate
/// entries; the weight of an entry is the mean of the cable's two directional capacities). Coarser levels come
/// from heavy-edge matching (Karypis & Kumar 1998, "A fast and high quality multilevel scheme for partitioning
/// irregular graphs"), with parallel entries merged.
struct PartitionGraph: Sendable {
    /// Number of vertices.
    var vertexCount: Int
    /// `start[v] ..< start[v + 1]` are the entries of `v`.
    var start: [Int32]
    /// Neighbour of each entry.
    var adjacent: [Int32]
    /// Weight (capacity) of each entry.
    var weight: [Double]
    /// Accelerators represented by each vertex.
    var vertexWeight: [Int32]
    /// Sum of `vertexWeight`.
    var totalWeight: Int
    /// Largest vertex weight.
    var maxVertexWeight: Int32

    /// The finest level of `graph` under `mask`: failed devices and arcs of failed links are left out.
    /// - Complexity: O(V + E).
    init(_ graph: CSRGraph, mask: FailureMask?) {
        let vertexCount = graph.vertexCount
        var start = [Int32](repeating: 0, count: vertexCount + 1)
        var adjacent: [Int32] = []
        var weight: [Double] = []
        adjacent.reserveCapacity(graph.arcCount)
        weight.reserveCapacity(graph.arcCount)
        var vertexWeight = [Int32](repeating: 0, count: vertexCount)
        var total = 0
        for vertex in 0..<vertexCount {
            start[vertex] = Int32(adjacent.count)
            let alive = mask.map { !$0.devices[vertex] } ?? true
            guard alive else { continue }
            if graph.isAccelerator[vertex] {
                vertexWeight[vertex] = 1
                total += 1
            }
            for arc in graph.arcs(from: Int32(vertex)) where graph.isUsable(arc: arc, tail: Int32(vertex), under: mask) {
                let forward = graph.capacity[Int(arc)]
                let backward = graph.capacity[Int(graph.reverse[Int(arc)])]
                adjacent.append(graph.head[Int(arc)])
                weight.append((forward + backward) / 2)
            }
        }
        start[vertexCount] = Int32(adjacent.count)
        self.vertexCount = vertexCount
        self.start = start
        self.adjacent = adjacent
        self.weight = weight
        self.vertexWeight = vertexWeight
        self.totalWeight = total
        self.maxVertexWeight = total > 0 ? 1 : 0
    }

    /// A graph from explicit arrays (used by coarsening).
    init(start: [Int32], adjacent: [Int32], weight: [Double], vertexWeight: [Int32]) {
        self.vertexCount = vertexWeight.count
        self.start = start
        self.adjacent = adjacent
        self.weight = weight
        self.vertexWeight = vertexWeight
        self.totalWeight = vertexWeight.reduce(0) { $0 + Int($1) }
        self.maxVertexWeight = vertexWeight.max() ?? 0
    }

    /// The entries of `vertex`.
    @inline(__always) func entries(_ vertex: Int) -> Range<Int> { Int(start[vertex])..<Int(start[vertex + 1]) }

    /// One level of coarsening by heavy-edge matching in seeded random order, then pairing of still unmatched
    /// vertices that share their heaviest neighbour (METIS's two-hop matching, which collapses the many hosts of a
    /// switch that plain matching would take one per level). Merged vertices never weigh more than `weightCap`.
    /// Returns the coarse graph and the fine-to-coarse map.
    /// - Complexity: O(V + E).
    func coarsened(random: inout SplitMix64, weightCap: Int32) -> (PartitionGraph, [Int32]) {
        let unmatched: Int32 = -1
        var match = [Int32](repeating: unmatched, count: vertexCount)
        let order = random.permutation(vertexCount)
        for vertex32 in order {
            let vertex = Int(vertex32)
            if match[vertex] != unmatched { continue }
            var best: Int32 = -1
            var bestWeight = -Double.infinity
            for entry in entries(vertex) {
                let other = adjacent[entry]
                if other == vertex32 || match[Int(other)] != unmatched { continue }
                if vertexWeight[vertex] + vertexWeight[Int(other)] > weightCap { continue }
                if weight[entry] > bestWeight {
                    bestWeight = weight[entry]
                    best = other
                }
            }
            if best >= 0 {
                match[vertex] = best
                match[Int(best)] = vertex32
            }
        }
        // Two-hop matching: unmatched vertices with the same heaviest neighbour pair up.
        var pending = [Int32](repeating: -1, count: vertexCount)
        for vertex32 in order {
            let vertex = Int(vertex32)
            if match[vertex] != unmatched { continue }
            var hub: Int32 = -1
            var hubWeight = -Double.infinity
            for entry in entries(vertex) where weight[entry] > hubWeight {
                hubWeight = weight[entry]
                hub = adjacent[entry]
            }
            guard hub >= 0 else { continue }
            let partner = pending[Int(hub)]
            if partner >= 0, match[Int(partner)] == unmatched,
                vertexWeight[vertex] + vertexWeight[Int(partner)] <= weightCap
            {
                match[vertex] = partner
                match[Int(partner)] = vertex32
                pending[Int(hub)] = -1
            } else {
                pending[Int(hub)] = vertex32
            }
        }
        var coarseOf = [Int32](repeating: -1, count: vertexCount)
        var coarseCount: Int32 = 0
        for vertex in 0..<vertexCount where coarseOf[vertex] < 0 {
            coarseOf[vertex] = coarseCount
            let partner = match[vertex]
            if partner >= 0 { coarseOf[Int(partner)] = coarseCount }
            coarseCount += 1
        }
        let count = Int(coarseCount)
        var members = [Int32](repeating: -1, count: 2 * count)
        for vertex in 0..<vertexCount {
            let coarse = Int(coarseOf[vertex])
            if members[2 * coarse] < 0 { members[2 * coarse] = Int32(vertex) } else { members[2 * coarse + 1] = Int32(vertex) }
        }
        var start = [Int32](repeating: 0, count: count + 1)
        var adjacent: [Int32] = []
        var weight: [Double] = []
        adjacent.reserveCapacity(self.adjacent.count / 2)
        weight.reserveCapacity(self.adjacent.count / 2)
        var vertexWeight = [Int32](repeating: 0, count: count)
        var slot = [Int32](repeating: -1, count: count)
        for coarse in 0..<count {
            start[coarse] = Int32(adjacent.count)
            let first = adjacent.count
            for member in [members[2 * coarse], members[2 * coarse + 1]] where member >= 0 {
                vertexWeight[coarse] += self.vertexWeight[Int(member)]
                for entry in entries(Int(member)) {
                    let other = coarseOf[Int(self.adjacent[entry])]
                    if Int(other) == coarse { continue }
                    let position = slot[Int(other)]
                    if position >= 0 {
                        weight[Int(position)] += self.weight[entry]
                    } else {
                        slot[Int(other)] = Int32(adjacent.count)
                        adjacent.append(other)
                        weight.append(self.weight[entry])
                    }
                }
            }
            for entry in first..<adjacent.count { slot[Int(adjacent[entry])] = -1 }
        }
        start[count] = Int32(adjacent.count)
        return (PartitionGraph(start: start, adjacent: adjacent, weight: weight, vertexWeight: vertexWeight), coarseOf)
    }

    /// The weight of the entries whose ends lie on different sides (each undirected cable once).
    /// - Complexity: O(E).
    func cut(_ side: [UInt8]) -> Double {
        var total = 0.0
        for vertex in 0..<vertexCount {
            for entry in entries(vertex) where side[vertex] != side[Int(adjacent[entry])] { total += weight[entry] }
        }
        return total / 2
    }

    /// The accelerators on side 0.
    func sideZeroWeight(_ side: [UInt8]) -> Int {
        var total = 0
        for vertex in 0..<vertexCount where side[vertex] == 0 { total += Int(vertexWeight[vertex]) }
        return total
    }
}
