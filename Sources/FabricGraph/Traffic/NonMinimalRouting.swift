import FabricModel

/// Non-minimal routing of direct networks (tori, full meshes, dragonflies) in a static load model.
///
/// Valiant (Valiant and Brebner 1981): every packet goes to an intermediate chosen uniformly at random among the
/// relaying devices, then on to its destination, each leg by minimal (ECMP) routing. In the fluid limit a source s
/// spreads its traffic out(s) evenly over the k intermediates and each intermediate forwards in(d)/k toward every
/// destination d, so the loads are those of two uniform demands: s → i with weight out(s)/k, i → d with in(d)/k. On a
/// full mesh of n nodes under any permutation every direction carries at most 2(n−1)/n of a cable, so Valiant
/// sustains n/(2(n−1)) ≥ 1/2 of the injection rate, where minimal routing sustains 1/(n−1).
///
/// UGAL (Singh 2005) picks per packet the minimal or the Valiant path by comparing queue estimates. In the static
/// fluid model the adaptive choice settles where no cheaper split exists: the loads are (1−α)·minimal + α·Valiant
/// with the α ∈ [0, 1] that minimizes the highest utilization (one global split; the maximum of linear functions of
/// α is convex, found by ternary search). It routes uniform traffic minimally and adversarial traffic like Valiant.
///
/// Lanes: each leg needs the lanes of minimal routing, and the second leg runs in lanes of its own (the phase
/// increments the lane), so Valiant and UGAL need twice the lanes of minimal routing for an acyclic channel-dependency
/// graph (Dally and Seitz 1987; the phase-lane scheme of Kim et al. 2008 for dragonflies).
enum NonMinimalRouting {
    /// The devices Valiant may pick as intermediates: the relaying devices of the direct network (accelerators that
    /// relay), else every device that relays (the switches or routers).
    static func intermediates(graph: CSRGraph, members: [Int32], mask: FailureMask?) -> [Int32] {
        let alive = graph.aliveVertices(under: mask)
        let relayingMembers = members.filter { graph.mayRelay(Int($0)) }
        if !relayingMembers.isEmpty { return relayingMembers }
        return (0..<graph.vertexCount).filter { alive[$0] && graph.mayRelay($0) && !graph.isAccelerator[$0] }.map(Int32.init)
    }

    /// Valiant loads of a demand whose per-source total is `sent[s]` and per-destination total `received[d]`.
    /// - Complexity: two uniform routings over members ∪ intermediates (no symmetry grouping).
    static func valiant(graph: CSRGraph, members: [Int32], sent: [Double], received: [Double], mask: FailureMask?, threads: Int?) -> RoutedTraffic? {
        let via = intermediates(graph: graph, members: members, mask: mask)
        guard !via.isEmpty else { return nil }
        let k = Double(via.count)
        var group = Set(members)
        group.formUnion(via)
        let everyone = group.sorted()
        var isVia = [Bool](repeating: false, count: graph.vertexCount)
        for vertex in via { isVia[Int(vertex)] = true }
        let firstSources = sent.map { $0 / k }
        let firstTargets = isVia.map { $0 ? 1.0 : 0 }
        let secondSources = firstTargets
        let secondTargets = received.map { $0 / k }
        guard
            let first = graph.route(
                .uniform(groups: [everyone]), sourceWeights: firstSources, destinationWeights: firstTargets,
                mask: mask, threads: threads, workLimit: .infinity),
            let second = graph.route(
                .uniform(groups: [everyone]), sourceWeights: secondSources, destinationWeights: secondTargets,
                mask: mask, threads: threads, workLimit: .infinity)
        else { return nil }
        let load = zip(first.arcLoad, second.arcLoad).map { $0 + $1 }
        return RoutedTraffic(
            arcLoad: load, hopHistogram: [], routedPairs: 0, unroutedPairs: 0,
            unroutedDemand: first.unroutedDemand + second.unroutedDemand, minPathCount: nil, meanPathCount: nil,
            destinationPasses: first.destinationPasses + second.destinationPasses)
    }

    /// The split α ∈ [0, 1] of traffic onto Valiant that minimizes the highest utilization of (1−α)·minimal + α·Valiant.
    /// - Complexity: O(E · 100), ternary search on a convex piecewise-linear function.
    static func ugalSplit(minimal: [Double], valiant: [Double], capacity: [Double]) -> Double {
        func peak(_ alpha: Double) -> Double {
            var worst = 0.0
            for arc in capacity.indices where capacity[arc] > 0 {
                worst = max(worst, ((1 - alpha) * minimal[arc] + alpha * valiant[arc]) / capacity[arc])
            }
            return worst
        }
        var low = 0.0
        var high = 1.0
        for _ in 0..<100 {
            let a = low + (high - low) / 3
            let b = high - (high - low) / 3
            if peak(a) <= peak(b) { high = b } else { low = a }
        }
        let alpha = (low + high) / 2
        // Prefer the ends when they are as good (minimal when nothing is gained, Valiant when nothing is lost).
        if peak(0) <= peak(alpha) * (1 + 1e-12) { return 0 }
        if peak(1) <= peak(alpha) * (1 + 1e-12) { return 1 }
        return alpha
    }

    /// The lanes a non-minimal routing needs: twice those of its minimal legs (one lane set per phase).
    static func lanes(minimal: Int) -> Int { 2 * max(minimal, 1) }
}
