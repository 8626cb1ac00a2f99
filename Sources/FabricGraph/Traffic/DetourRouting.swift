import FabricModel

/// Detour routing of nD full meshes (UB-Mesh's all-path routing, Liao et al. 2025) in the static load model.
///
/// A packet from s to d goes minimally, or detours through one intermediate m: an accelerator that relays, one hop
/// from s, not on a minimal path and no farther from d than s (dist(m, d) = dist(s, d)). The detour is a Valiant leg
/// pair restricted to intermediates one hop away: the hop s → m, then minimal (ECMP) from m to d, one hop longer than
/// minimal. On an nD full mesh these intermediates are the nodes of the rows (full-mesh dimensions) the packet must
/// cross, at a coordinate that is neither its own nor the destination's: a pair one hop apart in a row of n detours
/// over the row's n − 2 other nodes. A neighbour in a dimension where s and d agree is left out: it is two hops
/// longer and its minimal continuation turns back through s. A pair without such a neighbour (e.g. on a torus, a
/// neighbour pair) keeps its minimal route.
///
/// Load model: each pair's detour share spreads evenly over its intermediates; the loads are (1 − α)·minimal +
/// α·detour with the one global α ∈ [0, 1] that minimizes the highest utilization (as UGAL's split,
/// `NonMinimalRouting.ugalSplit`). On a full mesh of n nodes under a permutation without fixed points that gives
/// α = (n − 2)/n and n/(2(n − 1)) of the injection rate (Valiant's); under uniform all-to-all α = 0 (minimal).
enum DetourRouting {
    /// Sources sending to one destination with their amounts (weights applied).
    typealias Senders = [(source: Int32, amount: Double)]

    /// Calls `body` once per destination with the demand's senders toward it (amounts scaled by `weights`).
    static func forEachDestination(_ demand: TrafficDemand, weights: [Double], _ body: (Int32, Senders) -> Void) {
        switch demand {
        case .uniform(let groups):
            for group in groups {
                for target in group {
                    body(target, group.compactMap { $0 == target ? nil : ($0, weights[Int($0)]) })
                }
            }
        case .explicit(let demands):
            let sorted = demands.filter { $0.source != $0.target && $0.amount > 0 }.sorted { ($0.target, $0.source) < ($1.target, $1.source) }
            var start = 0
            while start < sorted.count {
                var end = start
                while end < sorted.count && sorted[end].target == sorted[start].target { end += 1 }
                body(sorted[start].target, sorted[start..<end].map { ($0.source, $0.amount * weights[Int($0.source)]) })
                start = end
            }
        }
    }

    /// The demands of the detour paths: per pair with intermediates, the hop s → m and the leg m → d, each carrying the
    /// pair's amount ÷ the number of intermediates; a pair without intermediates as itself. Routed minimally, these
    /// are the all-detour loads. Nil when no member relays (no intermediate exists anywhere).
    /// - Complexity: O(destinations × (V + E) + pairs × deg).
    static func demands(graph: CSRGraph, demand: TrafficDemand, weights: [Double], members: [Int32], mask: FailureMask?) -> [Demand]? {
        let alive = graph.aliveVertices(under: mask)
        var isVia = [Bool](repeating: false, count: graph.vertexCount)
        for member in members where graph.mayRelay(Int(member)) && alive[Int(member)] { isVia[Int(member)] = true }
        guard isVia.contains(true) else { return nil }
        let routable = graph.routableArcs(under: mask)
        let relays = (0..<graph.vertexCount).map { graph.mayRelay($0) }
        var distance = [Int32](repeating: -1, count: graph.vertexCount)
        var order: [Int32] = []
        var hop = [Double](repeating: 0, count: graph.arcCount)
        var second = [Double](repeating: 0, count: graph.vertexCount)
        var stamp = [Int](repeating: -1, count: graph.vertexCount)
        var stampCount = 0
        var touched: [Int32] = []
        var intermediates: [(arc: Int32, via: Int32)] = []
        var result: [Demand] = []
        forEachDestination(demand, weights: weights) { target, senders in
            graph.hopDistances(toward: target, routable: routable, passes: relays, enters: nil, distance: &distance, order: &order)
            for (source, amount) in senders where distance[Int(source)] > 0 {
                let own = distance[Int(source)]
                stampCount += 1
                intermediates.removeAll(keepingCapacity: true)
                for arc in graph.arcs(from: source) where routable[Int(arc)] {
                    let via = graph.head[Int(arc)]
                    guard isVia[Int(via)], distance[Int(via)] == own, stamp[Int(via)] != stampCount else { continue }
                    stamp[Int(via)] = stampCount
                    intermediates.append((arc, via))
                }
                guard !intermediates.isEmpty else {
                    result.append(Demand(source: source, target: target, amount: amount))
                    continue
                }
                let share = amount / Double(intermediates.count)
                for (arc, via) in intermediates {
                    hop[Int(arc)] += share
                    if second[Int(via)] == 0 { touched.append(via) }
                    second[Int(via)] += share
                }
            }
            for via in touched {
                result.append(Demand(source: via, target: target, amount: second[Int(via)]))
                second[Int(via)] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        for vertex in 0..<Int32(graph.vertexCount) {
            for arc in graph.arcs(from: vertex) where hop[Int(arc)] > 0 {
                result.append(Demand(source: vertex, target: graph.head[Int(arc)], amount: hop[Int(arc)]))
            }
        }
        return result
    }

    /// Detour loads of `demand`: the minimal loads mixed with the all-detour loads by the split with the lowest peak.
    /// - Complexity: that of `demands` plus one minimal routing of the detour demands.
    static func loads(
        graph: CSRGraph, demand: TrafficDemand, weights: [Double], members: [Int32], minimal: RoutedTraffic, mask: FailureMask?,
        threads: Int?
    ) -> RoutedTraffic? {
        guard let detours = demands(graph: graph, demand: demand, weights: weights, members: members, mask: mask),
            let routed = graph.route(.explicit(detours), mask: mask, threads: threads, workLimit: .infinity)
        else { return nil }
        let alpha = NonMinimalRouting.ugalSplit(minimal: minimal.arcLoad, valiant: routed.arcLoad, capacity: graph.capacity)
        return RoutedTraffic(
            arcLoad: zip(minimal.arcLoad, routed.arcLoad).map { (1 - alpha) * $0 + alpha * $1 }, hopHistogram: [],
            routedPairs: minimal.routedPairs, unroutedPairs: minimal.unroutedPairs, unroutedDemand: minimal.unroutedDemand,
            minPathCount: nil, meanPathCount: nil, destinationPasses: minimal.destinationPasses + routed.destinationPasses)
    }
}
