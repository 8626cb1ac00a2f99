import FabricModel

/// θ of the healthy design's fixed demand after a failure, both brackets certified.
///
/// Demand: the healthy design's absolute demand (each accelerator keeps the injection rate it has in the healthy
/// design, spread over its destinations by the pattern), restricted to the pairs whose two ends are still in the
/// traffic (alive and connected); the pairs of failed or cut-off accelerators leave it and are counted in
/// `acceleratorsLeft`. θ is the fraction of that demand the failed fabric carries with the best routing. When no
/// accelerator leaves, the failed fabric carries a subset-of-capacity version of the same demand, so θ cannot rise:
/// `thetaUpperAfter` ≤ `thetaUpperBefore`.
public struct ThroughputImpact: Hashable, Sendable, Codable {
    /// The traffic pattern.
    public var pattern: String
    /// Healthy θ, proven lower bound.
    public var thetaLowerBefore: Double
    /// Healthy θ, proven upper bound.
    public var thetaUpperBefore: Double
    /// θ after the failure, proven lower bound (fraction of each remaining accelerator's healthy injection).
    public var thetaLowerAfter: Double
    /// θ after the failure, proven upper bound.
    public var thetaUpperAfter: Double
    /// θ the routing achieves after the failure under the same fixed demand (1/ρ); nil when it cannot route it all.
    public var thetaRoutingAfter: Double?
    /// The certificate of `thetaLowerAfter` (`healthy-flow` when the healthy optimum's flow survives, rescaled).
    public var lowerCertificate: String
    /// The certificate of `thetaUpperAfter` (`healthy-bound` when the healthy upper bound is the tightest).
    public var upperCertificate: String
    /// What settled the bracket: `exact-lp`, `garg-konemann`, `bounds`, `reused` (healthy certificates only), or
    /// `no-traffic` (fewer than two accelerators left).
    public var method: String
    /// Accelerators still in the traffic.
    public var acceleratorsInTraffic: Int
    /// Accelerators of the healthy traffic that left it (failed or cut off): their pairs are not in the demand.
    public var acceleratorsLeft: Int

    /// True when θ provably dropped: the bracket after lies below the one before.
    public var degraded: Bool { thetaUpperAfter < thetaLowerBefore * (1 - 1e-9) }
}

/// The healthy θ of one pattern with the certificates failure scenarios reuse; evaluates scenarios against the
/// healthy design's fixed demand (`ThroughputImpact`).
///
/// Reuse (both sound for any scenario in which no accelerator leaves the traffic, the lower one for every scenario):
/// - lower: the healthy certified flows (the LP's or the approximation's, and the routing's) stay feasible on the
///   failed fabric after scaling by s = min over the arcs they load of (surviving capacity ÷ load), capped at 1; so
///   θ ≥ s·θ_flow. A failure that does not touch the healthy optimum's support keeps θ_low (s = 1). Dropping pairs
///   only lowers the loads, so this holds when accelerators leave too.
/// - upper: removing capacity cannot raise θ of a fixed demand, so the healthy θ_high bounds θ after.
/// With both, a failure outside the optimum's support has the healthy bracket and needs no solver.
public struct FixedDemandThroughput: Sendable {
    let problem: ThroughputProblem
    /// The solver options of every scenario.
    public let options: ThroughputOptions
    /// The healthy bracket.
    public let healthy: ThroughputResult
    /// Merged-arc network of the healthy design (the healthy flows' loads are on its arcs).
    let network: FlowNetwork
    /// Certified healthy flows: name, θ they carry, load per merged arc at that θ.
    let flows: [(name: String, theta: Double, load: [Double])]

    /// Computes the healthy bracket of `pattern` (as `ThroughputAnalysis.compute` does) and keeps its flows.
    /// - Throws: `GraphError.routingUnavailable` when the healthy design has no traffic or cannot be routed.
    /// - Complexity: that of `ThroughputAnalysis.compute`.
    public init(topology: Topology, graph: CSRGraph, pattern: TrafficPattern = .allToAll, options: ThroughputOptions) throws(GraphError) {
        let problem = try ThroughputProblem(topology: topology, graph: graph, pattern: pattern, mask: nil)
        let solved = try ThroughputAnalysis.solve(problem, options: options)
        let network = solved.network ?? FlowNetwork(graph: graph, mask: nil)
        var flows: [(name: String, theta: Double, load: [Double])] = []
        if let utilization = solved.flowUtilization, solved.result.lowerCertificate != "routing-flow" {
            flows.append((solved.result.lowerCertificate, solved.result.thetaLower, (0..<network.arcCount).map { utilization[$0] * network.capacity[$0] }))
        }
        if let routing = solved.result.thetaRouting, routing > 0 {
            var load = [Double](repeating: 0, count: network.arcCount)
            for arc in 0..<network.arcCount {
                for origin in network.originArcs(arc) { load[arc] += solved.routingUtilization[Int(origin)] * graph.capacity[Int(origin)] }
            }
            flows.append(("routing-flow", routing, load))
        }
        self.problem = problem
        self.options = options
        self.healthy = solved.result
        self.network = network
        self.flows = flows
    }

    /// The impact of failing `scenario`'s links and devices.
    /// - Complexity: that of `impact(under:)`.
    public func impact(of scenario: FailureScenario) -> ThroughputImpact {
        impact(under: scenario.mask(for: problem.graph))
    }

    /// θ of the fixed demand on the fabric under `mask`, with the healthy certificates offered first.
    /// - Complexity: O(V + E) for the reused certificates; then routing, cuts and (if the bracket is still open) the
    ///   LP or the approximation, as `ThroughputAnalysis.compute`.
    public func impact(under mask: FailureMask) -> ThroughputImpact {
        let graph = problem.graph
        let connected = TrafficAnalysis.connectedAccelerators(graph: graph, mask: mask)
        var inHealthy = [Bool](repeating: false, count: graph.vertexCount)
        for vertex in problem.members { inHealthy[Int(vertex)] = true }
        let survivors = connected.filter { inHealthy[Int($0)] }
        let left = problem.members.count - survivors.count
        let failed = problem.restricted(to: survivors, mask: mask)
        let scale = flowScale(under: mask)
        let healthy = self.healthy
        let flows = self.flows
        let prior: (inout ThroughputAnalysis.Bracket) -> Void = { bracket in
            for (index, flow) in flows.enumerated() where scale[index] > 0 {
                bracket.offerLower(flow.theta * scale[index], scale[index] >= 1 ? "healthy-\(flow.name)" : "healthy-\(flow.name)-scaled")
            }
            if left == 0 { bracket.offerUpper(healthy.thetaUpper, "healthy-bound") }
        }
        guard let solved = try? ThroughputAnalysis.solve(failed, options: reuseOptions(scale: scale, left: left), prior: prior) else {
            return ThroughputImpact(
                pattern: healthy.pattern, thetaLowerBefore: healthy.thetaLower, thetaUpperBefore: healthy.thetaUpper,
                thetaLowerAfter: 0, thetaUpperAfter: 0, thetaRoutingAfter: nil, lowerCertificate: "none", upperCertificate: "none",
                method: "no-traffic", acceleratorsInTraffic: survivors.count, acceleratorsLeft: left)
        }
        let result = solved.result
        assert(left > 0 || result.thetaUpper <= healthy.thetaUpper * (1 + 1e-9), "θ rose after a failure under a fixed demand")
        // Without departures the healthy θ_high bounds θ after; a flow found equal to it up to rounding is clamped.
        let upper = left == 0 ? min(result.thetaUpper, healthy.thetaUpper) : result.thetaUpper
        let reused = result.lowerCertificate.hasPrefix("healthy-") && result.upperCertificate.hasPrefix("healthy-")
        return ThroughputImpact(
            pattern: healthy.pattern, thetaLowerBefore: healthy.thetaLower, thetaUpperBefore: healthy.thetaUpper,
            thetaLowerAfter: min(result.thetaLower, upper), thetaUpperAfter: upper, thetaRoutingAfter: result.thetaRouting,
            lowerCertificate: result.lowerCertificate, upperCertificate: result.upperCertificate,
            method: reused ? "reused" : result.method, acceleratorsInTraffic: survivors.count, acceleratorsLeft: left)
    }

    /// The solver options of a scenario: the healthy ones; `bounds` when the healthy flow survives untouched and no
    /// accelerator left (the healthy bracket then holds as it is).
    private func reuseOptions(scale: [Double], left: Int) -> ThroughputOptions {
        var options = self.options
        if left == 0, let first = scale.first, first >= 1, flows.first?.theta == healthy.thetaLower { options.method = .bounds }
        return options
    }

    /// For each healthy flow, the largest s ≤ 1 such that s × the flow fits the capacities left under `mask`.
    /// - Complexity: O(E).
    func flowScale(under mask: FailureMask) -> [Double] {
        let graph = problem.graph
        let routable = graph.routableArcs(under: mask)
        var surviving = [Double](repeating: 0, count: network.arcCount)
        for arc in 0..<network.arcCount {
            for origin in network.originArcs(arc) where routable[Int(origin)] { surviving[arc] += graph.capacity[Int(origin)] }
        }
        return flows.map { flow in
            var scale = 1.0
            for arc in 0..<network.arcCount where flow.load[arc] > 0 {
                scale = min(scale, surviving[arc] / flow.load[arc])
            }
            return scale
        }
    }
}

extension FlowNetwork {
    /// The graph arcs merged into `arc`.
    func originArcs(_ arc: Int) -> ArraySlice<Int32> {
        origin[Int(originStart[arc])..<Int(originStart[arc + 1])]
    }
}
