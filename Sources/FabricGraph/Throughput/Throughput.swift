import FabricModel
import Foundation

/// How `ThroughputAnalysis` may compute θ.
public enum ThroughputMethod: String, Sendable, CaseIterable {
    /// The exact LP where it fits, the approximation beyond, the routing and cut bounds always.
    case auto
    /// The exact LP only (fails over to the approximation when the program is too large).
    case exact
    /// The Garg–Könemann approximation, never the LP.
    case approximate
    /// Only the routing (lower) and dual (upper) bounds that need no optimisation.
    case bounds
}

/// Options of a throughput computation.
public struct ThroughputOptions: Sendable {
    /// Stop the approximation once the proven relative gap 1 − θ_low/θ_high is at most this.
    public var gapTarget: Double
    /// Wall-clock budget of the LP and of the approximation, each.
    public var seconds: Double
    /// Length growth rate ε of the approximation.
    public var epsilon: Double
    /// Largest LP (columns) solved exactly.
    public var exactColumnLimit: Int
    /// Largest demand (ordered pairs) the LP or the approximation expands.
    public var pairLimit: Int
    /// Phase limit of the approximation (deterministic; the budget in seconds is a safety net).
    public var maxPhases: Int
    /// Which solvers may run.
    public var method: ThroughputMethod
    /// The routing whose θ is compared (`thetaRouting`).
    public var scheme: RoutingScheme
    /// Worker threads (all cores when nil).
    public var threads: Int?

    /// Defaults: 2% gap, 50 s, ε = 0.05, LPs up to 3 million columns, 4 million pairs, 2,000 phases, ECMP.
    public init(
        gapTarget: Double = 0.02, seconds: Double = 50, epsilon: Double = 0.05, exactColumnLimit: Int = 3_000_000,
        pairLimit: Int = 4_000_000, maxPhases: Int = 2_000, method: ThroughputMethod = .auto,
        scheme: RoutingScheme = .ecmp, threads: Int? = nil
    ) {
        self.gapTarget = gapTarget
        self.seconds = seconds
        self.epsilon = epsilon
        self.exactColumnLimit = exactColumnLimit
        self.pairLimit = pairLimit
        self.maxPhases = maxPhases
        self.method = method
        self.scheme = scheme
        self.threads = threads
    }
}

extension ThroughputOptions {
    /// Options whose results do not depend on the clock or the machine (shards of a sweep must agree to the last
    /// bit): no time budget, at most `maxPhases` approximation phases on designs up to `pairLimit` demand pairs (beyond,
    /// bounds only), two worker threads.
    public static func deterministic(scheme: RoutingScheme, maxPhases: Int = 200, pairLimit: Int = 250_000) -> ThroughputOptions {
        ThroughputOptions(seconds: 1e9, pairLimit: pairLimit, maxPhases: maxPhases, scheme: scheme, threads: 2)
    }
}

/// A cable direction that binds the optimum: saturated by the certified flow (and, with the LP, priced by its dual).
public struct BindingArc: Sendable, Equatable {
    /// The topology link.
    public let link: Int32
    /// Sending device of this direction.
    public let from: Int32
    /// Receiving device.
    public let to: Int32
    /// Utilization under the flow of `thetaLower` (1 = saturated).
    public let utilization: Double
}

/// The maximum concurrent flow θ of a demand as a certified bracket, and what the routing achieves.
public struct ThroughputResult: Sendable {
    /// The traffic pattern's name.
    public let pattern: String
    /// Proven lower bound: a feasible flow carries θ_low of every accelerator's demand (fraction of its injection).
    public let thetaLower: Double
    /// Proven upper bound (a dual solution: lengths or a cut).
    public let thetaUpper: Double
    /// θ of the routing (`routing`): 1/ρ of its link loads at full injection; nil when it could not route.
    public let thetaRouting: Double?
    /// The routing compared (`ecmp`, `updown`, `dor`).
    public let routing: String
    /// What settled the bracket: `exact-lp`, `garg-konemann`, or `bounds`.
    public let method: String
    /// Which certificate gives the lower bound (`lp-flow`, `garg-konemann-flow`, `routing-flow`).
    public let lowerCertificate: String
    /// Which certificate gives the upper bound (`lp-dual`, `length-dual`, `cut:<partition>`, `volume`).
    public let upperCertificate: String
    /// Approximation phases run (0 without it).
    public let phases: Int
    /// Accelerators in the traffic (the connected ones) and those stranded outside it.
    public let accelerators: Int
    /// Live accelerators cut off from the traffic.
    public let stranded: Int
    /// Summed injection bandwidth of the accelerators in the traffic (bit/s, or cables without bandwidths).
    public let injectionBps: Double
    /// Ordered demand pairs.
    public let demandPairs: Int
    /// The binding cable directions, most utilized first (at most 20).
    public let binding: [BindingArc]
    /// The demand itself when the pattern was searched (`worst`), else empty.
    public let demands: [Demand]

    /// Relative proven gap 1 − θ_low/θ_high (0 when both are 0).
    public var gap: Double { thetaUpper > 0 ? max(0, 1 - thetaLower / thetaUpper) : 0 }
}

/// Maximum concurrent flow (Shahrokhi & Matula 1990) of `analyze`'s traffic patterns, certified from both sides.
public enum ThroughputAnalysis {
    /// Computes θ for `pattern` on the graph under `mask`, with the accelerators the pattern runs among chosen as
    /// `TrafficAnalysis.connectedAccelerators` does and each accelerator injecting the sum of its link capacities.
    /// Flows pass through an accelerator only when the forwarding model lets it relay.
    /// - Throws: `GraphError.routingUnavailable` when there is no traffic or the routing cannot be built.
    /// - Complexity: routing O(P·(V + E)); LP polynomial; approximation O(phases · S · (V + E) log E).
    public static func compute(
        topology: Topology, graph: CSRGraph, pattern: TrafficPattern, mask: FailureMask? = nil,
        options: ThroughputOptions = ThroughputOptions()
    ) throws(GraphError) -> ThroughputResult {
        try solve(ThroughputProblem(topology: topology, graph: graph, pattern: pattern, mask: mask), options: options).result
    }

    /// A computed bracket with what later scenarios may reuse: the flow network and the certified flow's per-arc
    /// utilization (when an optimiser ran) and the routing's per-graph-arc utilization at its θ.
    struct Solved {
        let result: ThroughputResult
        let network: FlowNetwork?
        let flowUtilization: [Double]?
        let routingUtilization: [Double]
    }

    /// Brackets θ of `problem`: the routing flow, cut and volume bounds, the certificates `prior` offers (reused from
    /// another scenario), then the LP or the approximation when the bracket is still open.
    /// - Throws: `GraphError.routingUnavailable` when there is no traffic or the routing cannot be built.
    static func solve(
        _ problem: ThroughputProblem, options: ThroughputOptions, prior: (inout Bracket) -> Void = { _ in }
    ) throws(GraphError) -> Solved {
        let threads = max(1, options.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let pairs = Commodities.pairCount(of: problem.demand)
        guard pairs > 0, problem.weights.contains(where: { $0 > 0 }) else {
            throw .routingUnavailable("no traffic for '\(problem.pattern.name)': fewer than two connected accelerators with bandwidth")
        }
        let graph = problem.graph
        let router = try TrafficAnalysis.router(options.scheme, topology: problem.topology, graph: graph)
        guard
            let routed = try TrafficAnalysis.route(
                problem.demand, weights: problem.weights, members: problem.members, scheme: options.scheme, router: router,
                topology: problem.topology, graph: graph, mask: problem.mask, threads: threads)
        else { throw .routingUnavailable("routing exceeded its work limit") }
        let thetaRouting = routingTheta(graph: graph, routable: problem.routable, routed: routed)
        var bracket = Bracket()
        let routingUtilization = routingCertificate(
            graph: graph, routable: problem.routable, routed: routed, theta: thetaRouting, into: &bracket)
        boundsCertificates(problem, routed: routed, shortestPaths: options.scheme == .ecmp, utilization: routingUtilization, into: &bracket)
        prior(&bracket)
        var method = "bounds"
        var phases = 0
        var flowUtilization: [Double]?
        var network: FlowNetwork?
        if options.method != .bounds, pairs <= options.pairLimit, options.method != .auto || bracket.gap > 1e-9 {
            let built = FlowNetwork(graph: graph, mask: problem.mask)
            network = built
            let commodities = Commodities(demand: problem.demand, weights: problem.weights)
            let solved = optimise(network: built, commodities: commodities, options: options, threads: threads, bracket: &bracket)
            method = solved.method
            phases = solved.phases
            flowUtilization = solved.utilization
        }
        let binding: [BindingArc]
        if let network, let flowUtilization, bracket.lowerName != "routing-flow" {
            binding = bindingArcs(network: network, utilization: flowUtilization)
        } else {
            binding = bindingArcs(graph: graph, utilization: routingUtilization)
        }
        let upper = max(bracket.upper.isFinite ? bracket.upper : bracket.lower, bracket.lower)
        assert(bracket.lower <= bracket.upper * (1 + 1e-6) + 1e-12, "θ bracket inverted")
        var demands: [Demand] = []
        if case .matrix(let list) = problem.pattern { demands = list }
        let result = ThroughputResult(
            pattern: problem.pattern.name, thetaLower: min(bracket.lower, upper), thetaUpper: upper,
            thetaRouting: routed.unroutedDemand > 0 ? nil : thetaRouting, routing: options.scheme.rawValue,
            method: method, lowerCertificate: bracket.lowerName, upperCertificate: bracket.upperName, phases: phases,
            accelerators: problem.members.count, stranded: graph.aliveAccelerators(under: problem.mask).count - problem.members.count,
            injectionBps: problem.members.reduce(0) { $0 + problem.injection[Int($1)] },
            demandPairs: pairs, binding: binding, demands: demands)
        return Solved(result: result, network: network, flowUtilization: flowUtilization, routingUtilization: routingUtilization)
    }

    /// 1/ρ of the routed loads (0 without load).
    private static func routingTheta(graph: CSRGraph, routable: [Bool], routed: RoutedTraffic) -> Double {
        var rho = 0.0
        for arc in 0..<graph.arcCount where graph.capacity[arc] > 0 && routable[arc] {
            rho = max(rho, routed.arcLoad[arc] / graph.capacity[arc])
        }
        return rho > 0 ? 1 / rho : 0
    }

    /// The best bounds so far and their certificates' names.
    struct Bracket {
        var lower = 0.0
        var upper = Double.infinity
        var lowerName = "none"
        var upperName = "none"

        var gap: Double { upper.isFinite && upper > 0 ? 1 - lower / upper : (upper == 0 ? 0 : 1) }

        mutating func offerLower(_ value: Double, _ name: String) {
            if value > lower {
                lower = value
                lowerName = name
            }
        }

        mutating func offerUpper(_ value: Double, _ name: String) {
            if value < upper {
                upper = value
                upperName = name
            }
        }
    }

    /// The routing's link loads as a feasible flow: θ_routing is a lower bound when the routing delivered everything
    /// and put no load on a cable without capacity. Returns per-arc utilization relative to the hottest arc.
    private static func routingCertificate(
        graph: CSRGraph, routable: [Bool], routed: RoutedTraffic, theta: Double, into bracket: inout Bracket
    ) -> [Double] {
        var utilization = [Double](repeating: 0, count: graph.arcCount)
        var feasible = routed.unroutedDemand <= 0
        for arc in 0..<graph.arcCount where routed.arcLoad[arc] > 0 {
            if graph.capacity[arc] > 0 && routable[arc] {
                utilization[arc] = routed.arcLoad[arc] / graph.capacity[arc] * theta
            } else {
                feasible = false
            }
        }
        if feasible { bracket.offerLower(theta, "routing-flow") }
        if routed.unroutedDemand > 0 && routed.routedPairs == 0 { bracket.offerUpper(0, "disconnected") }
        return utilization
    }

    /// Cut bounds over candidate partitions (single accelerators, racks, pods, structural blocks, the components
    /// left when the routing's saturated cables are removed) and, for shortest-path routing, the volume bound.
    private static func boundsCertificates(
        _ problem: ThroughputProblem, routed: RoutedTraffic, shortestPaths: Bool, utilization: [Double], into bracket: inout Bracket
    ) {
        let graph = problem.graph
        let routable = problem.routable
        let members = problem.members
        var singletons = [Int32](repeating: -1, count: graph.vertexCount)
        for (index, vertex) in members.enumerated() { singletons[Int(vertex)] = Int32(index) }
        var partitions: [(String, [Int32])] = [("accelerator", singletons)]
        let names = ["rack", "pod"]
        for (index, candidate) in TrafficAnalysis.symmetryCandidates(topology: problem.topology).enumerated() {
            partitions.append((index < names.count ? "block" : "structure", candidate))
        }
        for threshold in [0.999999, 0.99, 0.9, 0.5] {
            partitions.append(
                (
                    "saturated",
                    ThroughputCertificates.saturatedComponents(
                        graph: graph, routable: routable,
                        utilization: utilization, threshold: threshold)
                ))
        }
        for (name, partition) in partitions {
            let bound = ThroughputCertificates.cutBound(
                graph: graph, routable: routable, partition: partition, demand: problem.demand, weights: problem.weights)
            bracket.offerUpper(bound, "cut:\(name)")
        }
        if shortestPaths, let volume = ThroughputCertificates.volumeBound(graph: graph, routable: routable, routed: routed) {
            bracket.offerUpper(volume, "volume")
        }
    }

    /// Runs the LP where it fits (and the method allows), otherwise or on failure the approximation, until the gap
    /// target; folds their certificates into `bracket`.
    private static func optimise(
        network: FlowNetwork, commodities: Commodities, options: ThroughputOptions, threads: Int,
        bracket: inout Bracket
    ) -> (method: String, phases: Int, utilization: [Double]?) {
        if options.method != .approximate,
            ThroughputLP.columnCount(network: network, commodities: commodities) <= options.exactColumnLimit,
            let solved = ThroughputLP.solve(network: network, commodities: commodities, seconds: options.seconds, threads: threads)
        {
            bracket.offerUpper(solved.thetaUpper, "lp-dual")
            bracket.offerLower(solved.thetaLower, "lp-flow")
            return ("exact-lp", 0, solved.utilization)
        }
        guard bracket.gap > options.gapTarget || options.method == .approximate else { return ("bounds", 0, nil) }
        let deadline = ContinuousClock.now + .milliseconds(Int64(options.seconds * 1000))
        let outcome = ConcurrentFlowApproximation.run(
            network: network, commodities: commodities, epsilon: options.epsilon, gapTarget: options.gapTarget,
            knownLower: bracket.lower, knownUpper: bracket.upper, maxPhases: options.maxPhases, deadline: deadline, threads: threads)
        bracket.offerUpper(outcome.thetaUpper, "length-dual")
        bracket.offerLower(outcome.thetaLower, "garg-konemann-flow")
        return ("garg-konemann", outcome.phases, outcome.utilization)
    }

    /// Saturated arcs of the flow network mapped back to cables (each cable of a merged arc, at the merged utilization).
    static func bindingArcs(network: FlowNetwork, utilization: [Double]) -> [BindingArc] {
        let ranked = (0..<network.arcCount).filter { utilization[$0] >= 0.999 }.sorted { (utilization[$0], -$0) > (utilization[$1], -$1) }
        var result: [BindingArc] = []
        for arc in ranked.prefix(20) {
            result.append(BindingArc(link: network.originLink(arc), from: network.tail[arc], to: network.head[arc], utilization: utilization[arc]))
        }
        return result
    }

    /// Saturated arcs of the routing (utilization relative to the hottest).
    static func bindingArcs(graph: CSRGraph, utilization: [Double]) -> [BindingArc] {
        let ranked = (0..<graph.arcCount).filter { utilization[$0] >= 0.999 }.sorted { (utilization[$0], -$0) > (utilization[$1], -$1) }
        return ranked.prefix(20).map { arc in
            BindingArc(link: graph.link[arc], from: graph.tail(ofArc: Int32(arc)), to: graph.head[arc], utilization: utilization[arc])
        }
    }
}

extension ThroughputAnalysis {
    /// θ of the patterns a report shows: all-to-all, permutation:1, ring, rail-local (when accelerators have rails)
    /// and the longest-matching worst case, each with `seconds` of solver budget (routing flow and cut/volume bounds only
    /// above 2,000 accelerators); patterns without traffic are left out.
    /// - Complexity: that of `compute`, five times.
    public static func reportPatterns(topology: Topology, graph: CSRGraph, seconds: Double = 5) -> [ThroughputResult] {
        var patterns: [(TrafficPattern, String?)] = [(.allToAll, nil), (.permutation(seed: 1), nil), (.ringAllReduce, nil)]
        if graph.accelerators.contains(where: { topology.devices[Int($0)].rail != nil }) { patterns.append((.railLocal, nil)) }
        patterns.append((.matrix(longestMatching(graph: graph)), "worst"))
        // Above 2,000 accelerators one approximation phase alone outlasts a report's budget: bounds only there.
        let method: ThroughputMethod = graph.accelerators.count > 2_000 ? .bounds : .auto
        let options = ThroughputOptions(seconds: seconds, method: method, scheme: RoutingScheme.resolved(topology))
        return patterns.compactMap { pattern, name in
            guard let result = try? compute(topology: topology, graph: graph, pattern: pattern, options: options) else { return nil }
            return name.map { result.renamed($0) } ?? result
        }
    }
}

extension ThroughputResult {
    /// The same result under another pattern name (the searched worst case).
    func renamed(_ name: String) -> ThroughputResult {
        ThroughputResult(
            pattern: name, thetaLower: thetaLower, thetaUpper: thetaUpper, thetaRouting: thetaRouting, routing: routing,
            method: method, lowerCertificate: lowerCertificate, upperCertificate: upperCertificate, phases: phases,
            accelerators: accelerators, stranded: stranded, injectionBps: injectionBps, demandPairs: demandPairs,
            binding: binding, demands: [])
    }
}
