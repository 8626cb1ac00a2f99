import FabricModel

/// The (1 − ε)-approximation of the maximum concurrent flow by multiplicative length updates: Garg & Könemann
/// (FOCS 1998, SIAM J. Comput. 2007), with Fleischer's grouping of commodities by source (SIAM J. Discrete Math.
/// 2000): in each phase every source routes its whole demand along shortest-path trees under the current lengths,
/// one tree at a time scaled so no arc carries more than its capacity per step, and every arc's length grows by
/// (1 + ε·flow/capacity).
///
/// **Certificates at any time.** Lower: after P complete phases the flow routes P times the demand, so θ ≥ P / (the
/// largest arc congestion). Upper: lengths only grow within a phase, so the distances of each source's first tree
/// are at most those under the lengths l at the phase's end, and θ ≤ Σ c·l / Σ d·dist_first (the dual of
/// `ThroughputCertificates`, weakened only by the growth within one phase); the final lengths are also evaluated
/// exactly. The run stops when the proven gap reaches the target, at `maxPhases`, or at the deadline.
enum ConcurrentFlowApproximation {
    /// Best certificates found.
    struct Outcome {
        let thetaLower: Double
        let thetaUpper: Double
        /// Per merged arc: congestion of the certified flow (flow ÷ capacity at θ = `thetaLower`).
        let utilization: [Double]
        /// The lengths of the best upper bound.
        let length: [Double]
        let phases: Int
    }

    /// Runs phases until `1 − lower/upper ≤ gapTarget` with the bounds known from elsewhere (`knownLower`,
    /// `knownUpper`) counted, or until `maxPhases` / `deadline`.
    /// - Complexity: O(phases · trees · (V + E) log E); trees per phase ≥ sources.
    static func run(
        network: FlowNetwork, commodities: Commodities, epsilon: Double, gapTarget: Double, knownLower: Double,
        knownUpper: Double, maxPhases: Int, deadline: ContinuousClock.Instant, threads: Int
    ) -> Outcome {
        let arcs = network.arcCount
        // Demands scaled by an estimate θ̂ ≤ θ (the best known lower bound) so that one phase loads the bottleneck
        // about once and lengths grow by about e^ε per phase, which keeps the first-tree distances close to the
        // phase-end ones (the dual bound's only slack).
        let estimate = knownLower > 0 ? knownLower : (knownUpper.isFinite && knownUpper > 0 ? knownUpper : 1)
        let amounts = commodities.amounts.map { $0 * estimate }
        var length = network.capacity.map { 1 / $0 }
        var flow = [Double](repeating: 0, count: arcs)
        var need = [Double](repeating: 0, count: network.vertexCount)
        var subtree = [Double](repeating: 0, count: network.vertexCount)
        var workspace = ShortestPathWorkspace(vertexCount: network.vertexCount)
        var bestUpper = Double.infinity
        var bestLength = length
        var phases = 0
        var lower = 0.0
        var aborted = false
        while phases < maxPhases && !aborted {
            var firstDistance = 0.0
            for (slot, source) in commodities.sources.enumerated() {
                // The deadline may fall inside a phase (one phase of a large design can take minutes): the phase is
                // then dropped; the flow routed so far only adds to the congestion, so earlier certificates stay valid.
                if ContinuousClock.now >= deadline {
                    aborted = true
                    break
                }
                let range = Int(commodities.start[slot])..<Int(commodities.start[slot + 1])
                for j in range { need[Int(commodities.targets[j])] = amounts[j] }
                var first = true
                while true {
                    workspace.search(network, from: source, length: length)
                    if first {
                        for j in range { firstDistance += amounts[j] * workspace.distance[Int(commodities.targets[j])] }
                        first = false
                    }
                    let fraction = routeTree(
                        network: network, source: source, workspace: workspace, need: &need,
                        subtree: &subtree, flow: &flow, length: &length, epsilon: epsilon)
                    if fraction >= 1 { break }
                    for j in range { need[Int(commodities.targets[j])] *= 1 - fraction }
                }
                for j in range { need[Int(commodities.targets[j])] = 0 }
            }
            if aborted { break }
            guard firstDistance.isFinite else {
                // Some demand has no path: θ = 0, proven by that pair's unreachability.
                return Outcome(thetaLower: 0, thetaUpper: 0, utilization: flow.map { _ in 0 }, length: length, phases: phases)
            }
            phases += 1
            var numerator = 0.0
            var congestion = 0.0
            for arc in 0..<arcs {
                numerator += network.capacity[arc] * length[arc]
                congestion = max(congestion, flow[arc] / network.capacity[arc])
            }
            if firstDistance > 0, estimate * numerator / firstDistance < bestUpper {
                bestUpper = estimate * numerator / firstDistance
                bestLength = length
            }
            lower = max(lower, congestion > 0 ? Double(phases) * estimate / congestion : 0)
            normalize(&length)
            let gap = 1 - max(lower, knownLower) / min(bestUpper, knownUpper)
            if gap <= gapTarget || ContinuousClock.now >= deadline { break }
        }
        // The exact dual of the final lengths costs one more phase: only when the budget was not exhausted.
        let exact =
            aborted
            ? Double.infinity
            : ThroughputCertificates.lengthBound(network: network, commodities: commodities, length: length, threads: threads)
        if exact < bestUpper {
            bestUpper = exact
            bestLength = length
        }
        let congestion = (0..<arcs).reduce(0.0) { max($0, flow[$1] / network.capacity[$1]) }
        let utilization = flow.indices.map { congestion > 0 ? flow[$0] / network.capacity[$0] / congestion : 0 }
        return Outcome(thetaLower: min(lower, bestUpper), thetaUpper: bestUpper, utilization: utilization, length: bestLength, phases: phases)
    }

    /// Routes the remaining demand of the last search's source along its shortest-path tree, scaled down so no arc
    /// exceeds its capacity in this step; returns the fraction routed (1 when all of it went).
    private static func routeTree(
        network: FlowNetwork, source: Int32, workspace: ShortestPathWorkspace, need: inout [Double],
        subtree: inout [Double], flow: inout [Double], length: inout [Double], epsilon: Double
    ) -> Double {
        let order = workspace.order
        for vertex in order.reversed() where vertex != source {
            let v = Int(vertex)
            subtree[v] += need[v]
            let arc = Int(workspace.parentArc[v])
            if arc >= 0 { subtree[Int(network.tail[arc])] += subtree[v] }
        }
        var fraction = 1.0
        for vertex in order where vertex != source && subtree[Int(vertex)] > 0 {
            let arc = Int(workspace.parentArc[Int(vertex)])
            fraction = min(fraction, network.capacity[arc] / subtree[Int(vertex)])
        }
        for vertex in order where vertex != source {
            let v = Int(vertex)
            if subtree[v] > 0 {
                let arc = Int(workspace.parentArc[v])
                let amount = fraction * subtree[v]
                flow[arc] += amount
                length[arc] *= 1 + epsilon * amount / network.capacity[arc]
            }
            subtree[v] = 0
        }
        subtree[Int(source)] = 0
        return fraction
    }

    /// Rescales the lengths so the largest is 1 (the bounds are scale-free; this keeps them finite).
    private static func normalize(_ length: inout [Double]) {
        let largest = length.max() ?? 1
        guard largest > 1e100 || largest < 1e-100, largest > 0 else { return }
        for arc in length.indices { length[arc] /= largest }
    }
}
