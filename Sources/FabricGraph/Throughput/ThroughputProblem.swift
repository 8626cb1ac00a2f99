import FabricModel

/// One θ computation's input: a demand among `members` with per-source weights (the capacity units each demand unit
/// of a source stands for), on the graph under a mask.
struct ThroughputProblem: Sendable {
    let topology: Topology
    let graph: CSRGraph
    let pattern: TrafficPattern
    let mask: FailureMask?
    /// Accelerators the traffic runs among, ascending.
    let members: [Int32]
    let demand: TrafficDemand
    /// Per-source scale of `demand` (`TrafficAnalysis.sourceWeights`).
    let weights: [Double]
    /// Arcs usable under `mask`.
    let routable: [Bool]
    /// Injection rate of every accelerator under `mask` (what it reports, not necessarily what it sends).
    let injection: [Double]

    /// `analyze`'s demand: the connected accelerators under `mask`, each injecting what its surviving cables carry.
    /// - Throws: `GraphError.routingUnavailable` for rail-local traffic without rails.
    /// - Complexity: O(V + E + pairs of an explicit demand).
    init(topology: Topology, graph: CSRGraph, pattern: TrafficPattern, mask: FailureMask?) throws(GraphError) {
        let routable = graph.routableArcs(under: mask)
        let members = TrafficAnalysis.connectedAccelerators(graph: graph, mask: mask)
        let demand = try TrafficAnalysis.demand(for: pattern, topology: topology, graph: graph, members: members)
        let injection = TrafficAnalysis.injection(graph: graph, routable: routable)
        self.init(
            topology: topology, graph: graph, pattern: pattern, mask: mask, members: members, demand: demand,
            weights: TrafficAnalysis.sourceWeights(demand: demand, injection: injection), routable: routable, injection: injection)
    }

    init(
        topology: Topology, graph: CSRGraph, pattern: TrafficPattern, mask: FailureMask?, members: [Int32], demand: TrafficDemand,
        weights: [Double], routable: [Bool], injection: [Double]
    ) {
        self.topology = topology
        self.graph = graph
        self.pattern = pattern
        self.mask = mask
        self.members = members
        self.demand = demand
        self.weights = weights
        self.routable = routable
        self.injection = injection
    }

    /// The same absolute demand restricted to the pairs whose ends are both in `survivors` (ascending), on the graph
    /// under `mask`: the fixed demand of a failed fabric. Weights stay those of this problem.
    /// - Complexity: O(V + E + pairs of an explicit demand).
    func restricted(to survivors: [Int32], mask: FailureMask) -> ThroughputProblem {
        var keep = [Bool](repeating: false, count: graph.vertexCount)
        for vertex in survivors { keep[Int(vertex)] = true }
        let restricted: TrafficDemand
        switch demand {
        case .uniform(let groups):
            restricted = .uniform(groups: groups.map { $0.filter { keep[Int($0)] } })
        case .explicit(let demands):
            restricted = .explicit(demands.filter { keep[Int($0.source)] && keep[Int($0.target)] })
        }
        let routable = graph.routableArcs(under: mask)
        return ThroughputProblem(
            topology: topology, graph: graph, pattern: pattern, mask: mask, members: survivors,
            demand: restricted, weights: weights, routable: routable,
            injection: TrafficAnalysis.injection(graph: graph, routable: routable))
    }
}
