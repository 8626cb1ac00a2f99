import FabricModel

/// The step structure of each collective algorithm (see `CollectiveAnalysis`).
enum Schedules {
    enum Outcome {
        case steps([CollectiveStep])
        case failure(String)
    }

    /// The steps of `algorithm` for `operation` of `bytes` over `ranks`.
    static func build(
        _ algorithm: CollectiveAlgorithm, operation: CollectiveOperation, ranks: [Int32], bytes: Double,
        topology: Topology
    ) -> Outcome {
        let n = ranks.count
        let chunk = bytes / Double(n)
        switch algorithm {
        case .ring:
            let pairs = ring(ranks)
            switch operation {
            case .allReduce: return .steps([CollectiveStep(flows: .pairs(pairs), bytesPerFlow: chunk, repeats: 2 * (n - 1))])
            case .reduceScatter, .allGather: return .steps([CollectiveStep(flows: .pairs(pairs), bytesPerFlow: chunk, repeats: n - 1)])
            case .broadcast:
                return .steps([CollectiveStep(flows: .pairs(Array(pairs.dropLast())), bytesPerFlow: 0, repeats: n - 1, pipelinedBytes: bytes)])
            case .allToAll: return .failure("all-to-all has no ring schedule in this model; see direct")
            }
        case .direct:
            switch operation {
            case .allToAll, .reduceScatter, .allGather: return .steps([CollectiveStep(flows: .allPairs(ranks), bytesPerFlow: chunk, repeats: 1)])
            case .allReduce: return .steps([CollectiveStep(flows: .allPairs(ranks), bytesPerFlow: chunk, repeats: 2)])
            case .broadcast: return .failure("broadcast has no direct schedule in this model; see ring or tree")
            }
        case .halvingDoubling:
            return halvingDoubling(operation: operation, ranks: ranks, bytes: bytes)
        case .tree:
            let depth = Int((Double(n)).log2Ceiling)
            switch operation {
            case .allReduce:
                let edges = treeEdges(ranks, shift: 0) + treeEdges(ranks, shift: 1)
                let both = edges + edges.map { ($0.1, $0.0) }
                return .steps([CollectiveStep(flows: .pairs(both), bytesPerFlow: 0, repeats: 2 * depth, pipelinedBytes: bytes / 2)])
            case .broadcast:
                return .steps([CollectiveStep(flows: .pairs(treeEdges(ranks, shift: 0)), bytesPerFlow: 0, repeats: depth, pipelinedBytes: bytes)])
            default: return .failure("\(operation.rawValue) has no tree schedule (NCCL's trees serve all-reduce and broadcast)")
            }
        case .hierarchical:
            return hierarchical(operation: operation, ranks: ranks, bytes: bytes, topology: topology)
        }
    }

    static func ring(_ ranks: [Int32]) -> [(Int32, Int32)] {
        ranks.indices.map { (ranks[$0], ranks[($0 + 1) % ranks.count]) }
    }

    /// Recursive halving (reduce-scatter) then doubling (all-gather): step k pairs rank i with i XOR n/2^k.
    private static func halvingDoubling(operation: CollectiveOperation, ranks: [Int32], bytes: Double) -> Outcome {
        let n = ranks.count
        guard n & (n - 1) == 0 else { return .failure("halving-doubling needs a power-of-two number of ranks (\(n) given)") }
        var halving: [CollectiveStep] = []
        var distance = n / 2
        var size = bytes / 2
        while distance >= 1 {
            let pairs = (0..<n).map { (ranks[$0], ranks[$0 ^ distance]) }
            halving.append(CollectiveStep(flows: .pairs(pairs), bytesPerFlow: size, repeats: 1))
            distance /= 2
            size /= 2
        }
        switch operation {
        case .reduceScatter: return .steps(halving)
        case .allGather: return .steps(halving.reversed())
        case .allReduce: return .steps(halving + halving.reversed())
        case .allToAll, .broadcast: return .failure("\(operation.rawValue) has no halving-doubling schedule in this model")
        }
    }

    /// Edges (parent, child) of the balanced binary tree over the ranks in order (root the middle rank), positions
    /// rotated by `shift` (NCCL's second tree of the double binary tree is the first one shifted by a rank).
    static func treeEdges(_ ranks: [Int32], shift: Int) -> [(Int32, Int32)] {
        let n = ranks.count
        var edges: [(Int32, Int32)] = []
        var stack: [(low: Int, high: Int, parent: Int)] = [(0, n, -1)]
        while let (low, high, parent) = stack.popLast() {
            guard low < high else { continue }
            let middle = (low + high) / 2
            if parent >= 0 { edges.append((ranks[(parent + shift) % n], ranks[(middle + shift) % n])) }
            stack.append((low, middle, middle))
            stack.append((middle + 1, high, middle))
        }
        return edges
    }

    /// Two-level all-reduce: racks (the ranks' `rack`) of equal size g, m of them.
    private static func hierarchical(operation: CollectiveOperation, ranks: [Int32], bytes: Double, topology: Topology) -> Outcome {
        guard operation == .allReduce else { return .failure("hierarchical is modelled for all-reduce only") }
        var groups: [String: [Int32]] = [:]
        var order: [String] = []
        for rank in ranks {
            guard let rack = topology.devices[Int(rank)].rack else {
                return .failure("hierarchical needs 'rack' on every rank; '\(topology.devices[Int(rank)].id)' has none")
            }
            if groups[rack] == nil { order.append(rack) }
            groups[rack, default: []].append(rank)
        }
        let lists = order.compactMap { groups[$0] }
        guard let g = lists.first?.count, lists.allSatisfy({ $0.count == g }), g > 1, lists.count > 1 else {
            return .failure("hierarchical needs at least two racks of the same number (≥ 2) of ranks")
        }
        let m = lists.count
        let intra = lists.flatMap { ring($0) }
        let inter = (0..<g).flatMap { j in ring(lists.map { $0[j] }) }
        return .steps([
            CollectiveStep(flows: .pairs(intra), bytesPerFlow: bytes / Double(g), repeats: g - 1),
            CollectiveStep(flows: .pairs(inter), bytesPerFlow: bytes / Double(g * m), repeats: 2 * (m - 1)),
            CollectiveStep(flows: .pairs(intra), bytesPerFlow: bytes / Double(g), repeats: g - 1),
        ])
    }
}

extension Double {
    /// ⌈log₂ self⌉ for self ≥ 1 (0 for 1).
    var log2Ceiling: Double {
        var power = 1.0
        var exponent = 0.0
        while power < self {
            power *= 2
            exponent += 1
        }
        return exponent
    }
}

/// Costs of steps: routes their flows with one unit each and returns the common per-flow rate and the path latency.
struct StepModel {
    let graph: CSRGraph
    let topology: Topology
    let mask: FailureMask?
    let options: CollectiveOptions
    let routable: [Bool]
    /// The largest link latency of the design, seconds (0 when none is given).
    let hopLatency: Double
    var work = 0.0
    var failure: String?
    private var search: LocalECMP

    init(graph: CSRGraph, topology: Topology, mask: FailureMask?, options: CollectiveOptions) {
        self.graph = graph
        self.topology = topology
        self.mask = mask
        self.options = options
        routable = graph.routableArcs(under: mask)
        hopLatency = (topology.links.compactMap(\.latencyNanoseconds).max() ?? 0) * 1e-9
        search = LocalECMP(graph: graph)
    }

    /// (rate per flow in bit/s, path latency in seconds), nil when some flow has no path or the work budget ran out.
    mutating func cost(_ flows: CollectiveStep.Flows) -> (rate: Double, pathLatency: Double)? {
        var load: [Double]
        var hops: Int32 = 0
        switch flows {
        case .allPairs(let ranks):
            guard let routed = routed(.uniform(groups: [ranks]), members: ranks) else { return nil }
            guard routed.unrouted == 0 else {
                failure = "some ranks cannot reach each other"
                return nil
            }
            (load, hops) = (routed.load, routed.hops)
        case .pairs(let pairs):
            load = [Double](repeating: 0, count: graph.arcCount)
            if options.scheme == .ecmp {
                for (source, target) in pairs where source != target {
                    guard let found = search.route(from: source, to: target, routable: routable, load: &load, work: &work) else {
                        failure = "'\(topology.devices[Int(source)].id)' cannot reach '\(topology.devices[Int(target)].id)'"
                        return nil
                    }
                    hops = max(hops, found)
                    if work > options.workLimit {
                        failure = "schedule too large for the routing budget"
                        return nil
                    }
                }
            } else {
                let demands = pairs.filter { $0.0 != $0.1 }.map { Demand(source: $0.0, target: $0.1, amount: 1) }
                let members = Array(Set(pairs.flatMap { [$0.0, $0.1] })).sorted()
                guard let routed = routed(.explicit(demands), members: members) else { return nil }
                guard routed.unrouted == 0 else {
                    failure = "some ranks cannot reach each other under this routing"
                    return nil
                }
                (load, hops) = (routed.load, routed.hops)
            }
        }
        var rho = 0.0
        for arc in 0..<graph.arcCount where load[arc] > 0 {
            guard routable[arc], graph.capacity[arc] > 0 else {
                failure = "a flow crosses a cable without bandwidth"
                return nil
            }
            rho = max(rho, load[arc] / graph.capacity[arc])
        }
        return (rho > 0 ? 1 / rho : .infinity, Double(hops) * hopLatency)
    }

    /// Loads of one unit per demand under the options' routing, with the longest path in hops (Valiant and UGAL:
    /// twice the minimal one; detour: one more) and the unrouted pairs; nil (with `failure`) when the routing cannot
    /// be built. Non-minimal schemes add their second leg (`TrafficAnalysis.nonMinimal`).
    private mutating func routed(_ demand: TrafficDemand, members: [Int32]) -> (load: [Double], hops: Int32, unrouted: Int)? {
        guard let router = try? TrafficAnalysis.router(options.scheme, topology: topology, graph: graph),
            let minimal = graph.route(
                demand, router: router, mask: mask, symmetryCandidates: TrafficAnalysis.symmetryCandidates(topology: topology), workLimit: .infinity)
        else {
            failure = "the routing cannot be built for this design"
            return nil
        }
        let hops = Int32(minimal.diameter ?? 0)
        guard options.scheme.isNonMinimal else { return (minimal.arcLoad, hops, minimal.unroutedPairs) }
        let ones = [Double](repeating: 1, count: graph.vertexCount)
        guard
            let mixed = TrafficAnalysis.nonMinimal(
                options.scheme, graph: graph, demand: demand, weights: ones, members: members, minimal: minimal, mask: mask, threads: nil)
        else {
            failure = "\(options.scheme.rawValue) routing finds no intermediate that relays in this design"
            return nil
        }
        return (mixed.arcLoad, options.scheme == .detour ? hops + 1 : 2 * hops, minimal.unroutedPairs)
    }
}

/// ECMP of single flows: a breadth-first search backwards from the target that stops at the source, then an equal
/// split per hop along the shortest-path DAG (the `Router.ecmp` rule, relaying vertices only in between).
struct LocalECMP {
    private var distance: [Int32]
    private var inflow: [Double]
    private var touched: [Int32] = []
    private let graph: CSRGraph

    init(graph: CSRGraph) {
        self.graph = graph
        distance = [Int32](repeating: -1, count: graph.vertexCount)
        inflow = [Double](repeating: 0, count: graph.vertexCount)
    }

    /// Adds one unit from `source` to `target` to `load`; returns the hop count, nil when there is no path.
    ///
    /// The search runs layer by layer backwards from the target and stops as soon as a layer is complete that holds
    /// a usable next hop of the source (then every vertex of a shortest path is labelled with its true distance), so
    /// the largest layer, the one around the source, is never expanded.
    /// - Complexity: O(size of the ball around `target` one hop short of `source`).
    mutating func route(from source: Int32, to target: Int32, routable: [Bool], load: inout [Double], work: inout Double) -> Int32? {
        defer {
            for vertex in touched {
                distance[Int(vertex)] = -1
                inflow[Int(vertex)] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        distance[Int(target)] = 0
        touched.append(target)
        var layerStart = 0
        var hops: Int32 = -1
        while layerStart < touched.count {
            let layerEnd = touched.count
            // The layer just completed holds every vertex at this distance: is one of them a next hop of the source?
            var best: Int32 = -1
            for arc in graph.arcs(from: source) where routable[Int(arc)] {
                let w = graph.head[Int(arc)]
                let d = distance[Int(w)]
                if d >= 0 && (w == target || graph.mayRelay(Int(w))) && (best < 0 || d < best) { best = d }
            }
            work += Double(graph.degree(of: source))
            if best >= 0 {
                hops = best + 1
                break
            }
            for index in layerStart..<layerEnd {
                let v = touched[index]
                if v == source || (v != target && !graph.mayRelay(Int(v))) { continue }
                for arc in graph.arcs(from: v) {
                    work += 1
                    let w = graph.head[Int(arc)]
                    guard distance[Int(w)] < 0, w != source, routable[Int(graph.reverse[Int(arc)])] else { continue }
                    distance[Int(w)] = distance[Int(v)] + 1
                    touched.append(w)
                }
            }
            layerStart = layerEnd
        }
        guard hops > 0 else { return nil }
        distance[Int(source)] = hops
        touched.append(source)
        var layer: [Int32] = [source]
        inflow[Int(source)] = 1
        while let first = layer.first, first != target {
            var next: [Int32] = []
            for u in layer {
                var count = 0
                for arc in graph.arcs(from: u) where routable[Int(arc)] && isNextHop(graph.head[Int(arc)], of: u, target: target) { count += 1 }
                let share = inflow[Int(u)] / Double(count)
                for arc in graph.arcs(from: u) where routable[Int(arc)] && isNextHop(graph.head[Int(arc)], of: u, target: target) {
                    let w = graph.head[Int(arc)]
                    load[Int(arc)] += share
                    if inflow[Int(w)] == 0 { next.append(w) }
                    inflow[Int(w)] += share
                }
            }
            layer = next
        }
        return hops
    }

    private func isNextHop(_ w: Int32, of u: Int32, target: Int32) -> Bool {
        let d = distance[Int(w)]
        return d >= 0 && d == distance[Int(u)] - 1 && (w == target || graph.mayRelay(Int(w)))
    }
}
