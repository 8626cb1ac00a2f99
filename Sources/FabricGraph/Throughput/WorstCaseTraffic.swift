import FabricModel

extension ThroughputAnalysis {
    /// Largest set of accelerators whose pairwise hop distances the longest matching computes (one breadth-first
    /// search each); larger designs pair each accelerator with the one half the list away.
    static let matchingLimit = 4_096

    /// A near-worst-case permutation demand: the longest-matching heuristic of TopoBench (Jyothi et al., "Measuring
    /// and understanding throughput of network topologies", SC 2016): pair every accelerator with a far one, so each
    /// unit of traffic crosses as many cables as possible. Greedy: accelerators in ascending order each take the
    /// farthest partner not yet taken (hop distance under the forwarding model; ties broken cyclically from the
    /// accelerator half the list away). Beyond `matchingLimit` accelerators, the shift by half the list (designs list
    /// accelerators by rack and pod, so the pairs cross the top of the fabric).
    /// - Complexity: O(n·(V + E) + n²) up to `matchingLimit`, O(n) beyond.
    public static func longestMatching(graph: CSRGraph, mask: FailureMask? = nil) -> [Demand] {
        let members = TrafficAnalysis.connectedAccelerators(graph: graph, mask: mask)
        let n = members.count
        guard n > 1 else { return [] }
        guard n <= matchingLimit else {
            return (0..<n).map { Demand(source: members[$0], target: members[($0 + n / 2) % n], amount: 1) }
        }
        var taken = [Bool](repeating: false, count: n)
        var demands: [Demand] = []
        demands.reserveCapacity(n)
        for index in 0..<n {
            let distance = graph.hopDistances(from: members[index], under: mask)
            var best = -1
            var bestDistance: Int32 = -1
            for step in 0..<n {
                let candidate = (index + n / 2 + step) % n
                guard candidate != index, !taken[candidate] else { continue }
                let hops = distance[Int(members[candidate])]
                if hops > bestDistance {
                    best = candidate
                    bestDistance = hops
                }
            }
            // The last accelerator may be left with only itself: it then sends nothing.
            guard best >= 0 else { continue }
            taken[best] = true
            demands.append(Demand(source: members[index], target: members[best], amount: 1))
        }
        return demands
    }
}
