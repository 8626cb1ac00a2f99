import FabricModel

/// Upper bounds on the maximum concurrent flow θ, each a feasible solution of the dual program (Shahrokhi & Matula
/// 1990; Leighton & Rao 1999): for any arc lengths l ≥ 0, θ ≤ Σ_a c_a·l_a / Σ_{s,t} d(s, t)·dist_l(s, t), where
/// dist_l is the shortest path under l that passes only through relaying vertices. A cut is the special case of l
/// = 1 on the arcs leaving a set; the volume bound the case l ≡ 1.
enum ThroughputCertificates {
    /// θ ≤ Σ c·l / Σ d·dist_l for the given lengths, with one Dijkstra per source, sources spread over `threads`.
    /// Infinity when every length is 0 (no information); 0 when some demand has no path.
    /// - Complexity: O(S·(V + E) log E) for S sources.
    static func lengthBound(network: FlowNetwork, commodities: Commodities, length: [Double], threads: Int) -> Double {
        var numerator = 0.0
        for arc in 0..<network.arcCount { numerator += network.capacity[arc] * length[arc] }
        guard numerator > 0 else { return .infinity }
        let sources = commodities.sources.count
        let workers = max(1, min(threads, sources))
        let partial = parallelMap(workers) { worker -> Double in
            var workspace = ShortestPathWorkspace(vertexCount: network.vertexCount)
            var sum = 0.0
            var slot = worker
            while slot < sources {
                workspace.search(network, from: commodities.sources[slot], length: length)
                for j in Int(commodities.start[slot])..<Int(commodities.start[slot + 1]) {
                    sum += commodities.amounts[j] * workspace.distance[Int(commodities.targets[j])]
                }
                slot += workers
            }
            return sum
        }
        let denominator = partial.reduce(0, +)
        guard denominator > 0 else { return .infinity }
        return numerator / denominator
    }

    /// The volume bound: l ≡ 1 on every usable arc, so Σ d·dist_l is the demand-weighted hop count, which equals the
    /// total of the loads of any shortest-path routing of the full demand (ECMP's `arcLoad`). Nil when some demand
    /// was not routed.
    /// - Complexity: O(E).
    static func volumeBound(graph: CSRGraph, routable: [Bool], routed: RoutedTraffic) -> Double? {
        guard routed.unroutedDemand <= 0 else { return nil }
        var capacity = 0.0
        var load = 0.0
        for arc in 0..<graph.arcCount where routable[arc] {
            capacity += graph.capacity[arc]
            load += routed.arcLoad[arc]
        }
        return load > 0 ? capacity / load : nil
    }

    /// The least cut bound over the blocks of `partition` (block id per vertex, -1 outside every block): for a block
    /// B, θ ≤ cap(B → rest) / demand(B → rest) and θ ≤ cap(rest → B) / demand(rest → B).
    /// - Parameters:
    ///   - demand: the traffic; uniform groups are counted per block without expanding the pairs.
    ///   - weights: per-source demand scale (`TrafficAnalysis.sourceWeights`).
    /// - Complexity: O(V + E + pairs of an explicit demand).
    static func cutBound(graph: CSRGraph, routable: [Bool], partition: [Int32], demand: TrafficDemand, weights: [Double]) -> Double {
        let blocks = Int((partition.max() ?? -1) + 1)
        guard blocks > 0 else { return .infinity }
        var capacityOut = [Double](repeating: 0, count: blocks)
        var capacityIn = [Double](repeating: 0, count: blocks)
        for vertex in 0..<graph.vertexCount {
            let from = partition[vertex]
            for arc in graph.arcs(from: Int32(vertex)) where routable[Int(arc)] {
                let to = partition[Int(graph.head[Int(arc)])]
                guard from != to else { continue }
                if from >= 0 { capacityOut[Int(from)] += graph.capacity[Int(arc)] }
                if to >= 0 { capacityIn[Int(to)] += graph.capacity[Int(arc)] }
            }
        }
        var demandOut = [Double](repeating: 0, count: blocks)
        var demandIn = [Double](repeating: 0, count: blocks)
        switch demand {
        case .uniform(let groups):
            for group in groups where group.count > 1 {
                var members = [Int](repeating: 0, count: blocks)
                var weightIn = [Double](repeating: 0, count: blocks)
                var groupWeight = 0.0
                for vertex in group {
                    groupWeight += weights[Int(vertex)]
                    let block = partition[Int(vertex)]
                    if block >= 0 {
                        members[Int(block)] += 1
                        weightIn[Int(block)] += weights[Int(vertex)]
                    }
                }
                for block in 0..<blocks where members[block] > 0 {
                    demandOut[block] += weightIn[block] * Double(group.count - members[block])
                    demandIn[block] += (groupWeight - weightIn[block]) * Double(members[block])
                }
            }
        case .explicit(let demands):
            for item in demands where item.source != item.target {
                let from = partition[Int(item.source)]
                let to = partition[Int(item.target)]
                guard from != to else { continue }
                let amount = item.amount * weights[Int(item.source)]
                if from >= 0 { demandOut[Int(from)] += amount }
                if to >= 0 { demandIn[Int(to)] += amount }
            }
        }
        var best = Double.infinity
        for block in 0..<blocks {
            if demandOut[block] > 0 { best = min(best, capacityOut[block] / demandOut[block]) }
            if demandIn[block] > 0 { best = min(best, capacityIn[block] / demandIn[block]) }
        }
        return best
    }

    /// Components of the graph without the arcs whose utilization is at least `threshold` (both directions of a
    /// cable removed when either is): the sides of the cuts that saturate first, as a partition for `cutBound`.
    /// - Complexity: O(V + E α(V)).
    static func saturatedComponents(graph: CSRGraph, routable: [Bool], utilization: [Double], threshold: Double) -> [Int32] {
        var union = UnionFind(count: graph.vertexCount)
        for vertex in 0..<graph.vertexCount {
            for arc in graph.arcs(from: Int32(vertex)) where routable[Int(arc)] {
                let reverse = Int(graph.reverse[Int(arc)])
                guard utilization[Int(arc)] < threshold && utilization[reverse] < threshold else { continue }
                union.union(vertex, Int(graph.head[Int(arc)]))
            }
        }
        var id = [Int32](repeating: -1, count: graph.vertexCount)
        var next: Int32 = 0
        return (0..<graph.vertexCount).map { vertex in
            let root = union.find(vertex)
            if id[root] < 0 {
                id[root] = next
                next += 1
            }
            return id[root]
        }
    }
}
