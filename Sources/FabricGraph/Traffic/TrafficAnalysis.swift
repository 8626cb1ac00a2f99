import FabricModel

/// Traffic patterns among accelerators, as `fabcheck analyze --traffic` names them.
public enum TrafficPattern: Sendable, Equatable {
    /// Every accelerator sends to every other accelerator equally (the default).
    case allToAll
    /// Each accelerator sends to one other, by a seeded random permutation (fixed points skipped).
    case permutation(seed: UInt64)
    /// Ring all-reduce in rank order (ascending device order): each accelerator sends to the next, the last to the first.
    case ringAllReduce
    /// All-to-all among the accelerators of each rail (device `rail`).
    case railLocal
    /// An explicit demand matrix (e.g. read from CSV by `TrafficAnalysis.parseDemandCSV`).
    case matrix([Demand])

    /// The pattern's name in reports.
    public var name: String {
        switch self {
        case .allToAll: return "all-to-all"
        case .permutation(let seed): return "permutation:\(seed)"
        case .ringAllReduce: return "ring"
        case .railLocal: return "rail-local"
        case .matrix: return "matrix"
        }
    }
}

/// The routing schemes of `fabcheck analyze --routing`.
public enum RoutingScheme: String, Sendable, CaseIterable {
    /// Shortest paths, equal split per hop.
    case ecmp
    /// Up*/down* by device tier.
    case updown
    /// Dimension-order routing by device coordinates.
    case dor
    /// The imported forwarding tables of the topology (`Topology.forwardingState`).
    case tables
    /// Valiant: via a uniformly random intermediate, each leg minimal (`NonMinimalRouting`).
    case valiant
    /// UGAL-style: the split between minimal and Valiant that minimizes the highest utilization (`NonMinimalRouting`).
    case ugal
    /// Detour routing of nD full meshes: minimal, or via one intermediate one hop away (`DetourRouting`).
    case detour

    /// Whether packets may take a second leg through an intermediate (Valiant, UGAL, detour).
    public var isNonMinimal: Bool { self == .valiant || self == .ugal || self == .detour }

    /// Lanes the scheme needs for deadlock freedom when its minimal routing needs `minimal`: Valiant, UGAL and detour
    /// run their second leg in lanes of their own.
    public func lanesNeeded(minimal: Int) -> Int {
        isNonMinimal ? NonMinimalRouting.lanes(minimal: minimal) : max(minimal, 1)
    }

    /// The graph key naming a design's routing (`--routing` overrides it).
    public static let propertyKey = "routing"

    /// The routing a topology asks for: `tables` when forwarding tables are attached, else its `routing` graph key
    /// (ecmp, updown or dor), else ecmp.
    public static func resolved(_ topology: Topology) -> RoutingScheme {
        if topology.forwardingState != nil { return .tables }
        if case .string(let text)? = topology.properties[propertyKey], let scheme = RoutingScheme(rawValue: text.lowercased()), scheme != .tables {
            return scheme
        }
        return .ecmp
    }
}

/// A link direction with its load at full injection.
public struct HotLink: Sendable, Equatable {
    /// The arc (one cable, one direction).
    public let arc: Int32
    /// The topology link.
    public let link: Int32
    /// Sending device of this direction.
    public let from: Int32
    /// Receiving device of this direction.
    public let to: Int32
    /// Load in bit/s (or cable units without bandwidths) when every accelerator injects at full rate.
    public let load: Double
    /// Capacity of the direction.
    public let capacity: Double
    /// load ÷ capacity.
    public let utilization: Double
}

/// Utilization of the links joining two tiers, at the sustainable throughput (the hottest link at 100%).
public struct TierUtilization: Sendable, Equatable {
    /// Lower tier of the two ends.
    public let lowerTier: Int
    /// Upper tier of the two ends.
    public let upperTier: Int
    /// Arcs (cable directions) counted.
    public let arcs: Int
    /// `buckets[i]` counts arcs with utilization in [10·i %, 10·(i+1) %) at the sustainable throughput; the last
    /// bucket includes 100%.
    public let buckets: [Int]
    /// Highest utilization at full injection among these arcs.
    public let maxUtilization: Double
    /// Mean utilization at full injection.
    public let meanUtilization: Double
}

/// Link loads of a traffic pattern with its throughput, as `fabcheck analyze` reports them.
public struct TrafficReport: Sendable {
    /// The pattern routed.
    public let pattern: String
    /// The routing scheme.
    public let routing: String
    /// Per-arc load when every accelerator injects at its full bandwidth (sum of its link capacities), spread over
    /// its destinations in proportion to the pattern's demands.
    public let routed: RoutedTraffic
    /// Maximum over arcs of load ÷ capacity (ρ) at full injection; 0 without traffic.
    public let maxUtilization: Double
    /// 1/ρ: the fraction of injection bandwidth every accelerator can sustain before some link saturates.
    public let throughput: Double
    /// The hottest arcs, by utilization (ties by arc).
    public let hottest: [HotLink]
    /// Utilization by pair of tiers.
    public let tiers: [TierUtilization]
    /// Accelerators the traffic runs among: the connected ones (`TrafficAnalysis.connectedAccelerators`).
    public let acceleratorsInTraffic: Int
    /// Live accelerators outside the traffic, cut off from the connected ones (counted beside the throughput).
    public let strandedAccelerators: Int
    /// Injection bandwidth of the accelerators in the traffic, summed (bit/s, or cables).
    public let injectionBps: Double

    /// The all-to-all rate the connected accelerators sustain together: throughput × their injection bandwidth. It
    /// falls when a cable is lost even where the utilization at full injection falls with the injection.
    public var sustainedBps: Double { throughput * injectionBps }
}

/// Building traffic analyses from a topology: demands, routers, tiers, symmetry hints, and the report.
public enum TrafficAnalysis {
    /// The accelerators traffic runs among under `mask`: those of the largest accelerator component (the connected
    /// accelerators, lowest component on ties, as `ConnectivityAnalysis` picks it), ascending. The others (stranded:
    /// cut off from it, or already apart in the design) neither send nor receive; reports count them beside the
    /// throughput. A design with one component keeps every live accelerator.
    /// - Complexity: O(V + E) (one connectivity pass, skipped when `connectivity` of the same mask is given).
    public static func connectedAccelerators(graph: CSRGraph, mask: FailureMask?, connectivity: ConnectivityAnalysis? = nil) -> [Int32] {
        let analysis = connectivity ?? graph.connectivity(under: mask)
        let largest = analysis.largestAcceleratorComponent
        guard largest >= 0 else { return [] }
        if analysis.acceleratorComponentCount == 1 { return graph.aliveAccelerators(under: mask) }
        return graph.accelerators.filter { analysis.componentOf[Int($0)] == largest }
    }

    /// Injection rate of every accelerator under `mask`: the capacity of its routable cables (0 for other devices).
    /// - Complexity: O(Σ accelerator degrees).
    public static func injection(graph: CSRGraph, routable: [Bool]) -> [Double] {
        var injection = [Double](repeating: 0, count: graph.vertexCount)
        for vertex in graph.accelerators {
            for arc in graph.arcs(from: vertex) where routable[Int(arc)] { injection[Int(vertex)] += graph.capacity[Int(arc)] }
        }
        return injection
    }

    /// Source weights of uniform all-to-all among `members` at full injection: each member's injection rate spread
    /// evenly over the other members (`injection ÷ (members − 1)`), 0 for every other device. The one demand
    /// definition of `analyze`, `whatif`, `sweep --metric traffic`, `diff` and `report`.
    /// - Complexity: O(V + Σ member degrees).
    public static func allToAllWeights(graph: CSRGraph, members: [Int32], routable: [Bool]) -> [Double] {
        var weights = [Double](repeating: 0, count: graph.vertexCount)
        guard members.count > 1 else { return weights }
        let others = Double(members.count - 1)
        for vertex in members {
            var rate = 0.0
            for arc in graph.arcs(from: vertex) where routable[Int(arc)] { rate += graph.capacity[Int(arc)] }
            weights[Int(vertex)] = rate / others
        }
        return weights
    }

    /// Resolves a pattern to demands among the connected accelerators (`connectedAccelerators`).
    /// - Throws: `GraphError.routingUnavailable` for rail-local traffic when no accelerator has a rail.
    public static func demand(for pattern: TrafficPattern, topology: Topology, graph: CSRGraph, mask: FailureMask?) throws(GraphError) -> TrafficDemand {
        try demand(for: pattern, topology: topology, graph: graph, members: connectedAccelerators(graph: graph, mask: mask))
    }

    /// Resolves a pattern to demands among `members` (ascending accelerator indices).
    /// - Throws: `GraphError.routingUnavailable` for rail-local traffic when no accelerator has a rail.
    static func demand(for pattern: TrafficPattern, topology: Topology, graph: CSRGraph, members: [Int32]) throws(GraphError) -> TrafficDemand {
        switch pattern {
        case .allToAll:
            return .uniform(groups: [members])
        case .permutation(let seed):
            var random = SplitMix64(seed: seed)
            var order = members
            if order.count > 1 {
                for index in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(index, random.below(index + 1)) }
            }
            return .explicit(zip(members, order).compactMap { $0 == $1 ? nil : Demand(source: $0, target: $1, amount: 1) })
        case .ringAllReduce:
            guard members.count > 1 else { return .explicit([]) }
            return .explicit(members.indices.map { Demand(source: members[$0], target: members[($0 + 1) % members.count], amount: 1) })
        case .railLocal:
            var byRail: [Int: [Int32]] = [:]
            for vertex in members {
                if let rail = topology.devices[Int(vertex)].rail { byRail[rail, default: []].append(vertex) }
            }
            guard !byRail.isEmpty else { throw .routingUnavailable("rail-local traffic needs 'rail' on accelerators; none has one") }
            return .uniform(groups: byRail.keys.sorted().compactMap { byRail[$0] })
        case .matrix(let demands):
            // An explicit matrix keeps every demand; those a failure or a cut leaves without a path are unrouted.
            return .explicit(demands)
        }
    }

    /// Device tiers: declared `tier` where present, otherwise the hop distance from the nearest accelerator.
    /// - Complexity: O(V + E), one multi-source BFS.
    public static func tiers(topology: Topology, graph: CSRGraph) -> [Int32] {
        var tier = topology.devices.map { device -> Int32 in
            if let value = device.tier { return Int32(value) }
            return device.isAccelerator ? 0 : -1
        }
        var queue = (0..<graph.vertexCount).filter { tier[$0] >= 0 }.map(Int32.init)
        var read = 0
        while read < queue.count {
            let v = queue[read]
            read += 1
            for arc in graph.arcs(from: v) where tier[Int(graph.head[Int(arc)])] < 0 {
                tier[Int(graph.head[Int(arc)])] = tier[Int(v)] + 1
                queue.append(graph.head[Int(arc)])
            }
        }
        return tier.map { max($0, 0) }
    }

    /// Candidate symmetry blocks for `CSRGraph.route`: one block per `rack` value, -1 for devices without one.
    public static func rackBlocks(topology: Topology) -> [Int32] { blocks(topology) { $0.rack } }

    /// Candidate symmetry blocks by rack, by pod, and by structure (`structuralBlocks`: components below each tier);
    /// users keep the one giving fewest passes, or nest them (`SymmetryReduction`); each is verified.
    public static func symmetryCandidates(topology: Topology) -> [[Int32]] {
        var candidates = [blocks(topology) { $0.rack }, blocks(topology) { $0.pod }].filter { $0.contains { $0 >= 0 } }
        for structural in structuralBlocks(topology: topology) where !candidates.contains(structural) { candidates.append(structural) }
        return candidates
    }

    /// Device coordinates flattened (`dimensions` slots per device, -1 where a device has fewer), nil when no
    /// device has any: the input of dimension-order routing and of the translation-symmetry shortcut.
    public static func coordinates(topology: Topology) -> (values: [Int32], dimensions: Int)? {
        let dimensions = topology.devices.map(\.coordinates.count).max() ?? 0
        guard dimensions > 0 else { return nil }
        var values = [Int32](repeating: -1, count: topology.devices.count * dimensions)
        for (index, device) in topology.devices.enumerated() where device.coordinates.count == dimensions {
            for (j, value) in device.coordinates.enumerated() { values[index * dimensions + j] = Int32(value) }
        }
        return (values, dimensions)
    }

    private static func blocks(_ topology: Topology, _ key: (Device) -> String?) -> [Int32] {
        var ids: [String: Int32] = [:]
        return topology.devices.map { device in
            guard let value = key(device) else { return -1 }
            if let id = ids[value] { return id }
            let id = Int32(ids.count)
            ids[value] = id
            return id
        }
    }

    /// The router of a scheme for this topology.
    /// - Throws: `GraphError.routingUnavailable` when dimension-order routing meets an accelerator without coordinates.
    public static func router(_ scheme: RoutingScheme, topology: Topology, graph: CSRGraph) throws(GraphError) -> Router {
        switch scheme {
        case .ecmp, .valiant, .ugal, .detour:
            return .ecmp
        case .updown:
            return .upDown(tiers: tiers(topology: topology, graph: graph))
        case .dor:
            let dimensions = topology.devices.map(\.coordinates.count).max() ?? 0
            if let missing = topology.devices.first(where: { $0.isAccelerator && $0.coordinates.count != dimensions }) {
                throw .routingUnavailable(
                    "dimension-order routing needs coordinates on every accelerator; '\(missing.id)' has \(missing.coordinates.count) of \(dimensions)")
            }
            guard let coordinates = coordinates(topology: topology) else {
                throw .routingUnavailable("dimension-order routing needs device coordinates; the design has none")
            }
            return .dimensionOrder(coordinates: coordinates.values, dimensions: coordinates.dimensions)
        case .tables:
            guard let state = topology.forwardingState else {
                throw .routingUnavailable("routing by forwarding tables needs tables (--forwarding-tables)")
            }
            return .tables(try ForwardingPlan(state: state, graph: graph))
        }
    }

    /// The router the topology asks for (`RoutingScheme.resolved`).
    /// - Throws: as `router(_:topology:graph:)`.
    public static func router(topology: Topology, graph: CSRGraph) throws(GraphError) -> Router {
        try router(RoutingScheme.resolved(topology), topology: topology, graph: graph)
    }

    /// Valiant, UGAL or detour loads of `demand` (scaled by `weights`), with the pair counts of the minimal routing.
    static func nonMinimal(
        _ scheme: RoutingScheme, graph: CSRGraph, demand: TrafficDemand, weights: [Double], members: [Int32],
        minimal: RoutedTraffic, mask: FailureMask?, threads: Int?
    ) -> RoutedTraffic? {
        if scheme == .detour {
            return DetourRouting.loads(
                graph: graph, demand: demand, weights: weights, members: members, minimal: minimal, mask: mask, threads: threads)
        }
        var sent = [Double](repeating: 0, count: graph.vertexCount)
        var received = [Double](repeating: 0, count: graph.vertexCount)
        switch demand {
        case .uniform(let groups):
            for group in groups {
                let total = group.reduce(0) { $0 + weights[Int($1)] }
                for vertex in group {
                    sent[Int(vertex)] += weights[Int(vertex)] * Double(group.count - 1)
                    received[Int(vertex)] += total - weights[Int(vertex)]
                }
            }
        case .explicit(let demands):
            for item in demands where item.source != item.target {
                sent[Int(item.source)] += item.amount * weights[Int(item.source)]
                received[Int(item.target)] += item.amount * weights[Int(item.source)]
            }
        }
        guard let valiant = NonMinimalRouting.valiant(graph: graph, members: members, sent: sent, received: received, mask: mask, threads: threads) else {
            return nil
        }
        var load = valiant.arcLoad
        if scheme == .ugal {
            let alpha = NonMinimalRouting.ugalSplit(minimal: minimal.arcLoad, valiant: valiant.arcLoad, capacity: graph.capacity)
            load = zip(minimal.arcLoad, valiant.arcLoad).map { (1 - alpha) * $0 + alpha * $1 }
        }
        return RoutedTraffic(
            arcLoad: load, hopHistogram: [], routedPairs: minimal.routedPairs, unroutedPairs: minimal.unroutedPairs,
            unroutedDemand: minimal.unroutedDemand, minPathCount: nil, meanPathCount: nil,
            destinationPasses: minimal.destinationPasses + valiant.destinationPasses)
    }

    /// Routes `demand` with per-source `weights` under `scheme` (minimal routing, then Valiant's or UGAL's phases on
    /// top); nil when routing would exceed `workLimit`. `analyze` and the fixed-demand throughput share it.
    /// - Throws: `GraphError.routingUnavailable` when a non-minimal scheme finds no relaying intermediate.
    /// - Complexity: that of `CSRGraph.route`.
    static func route(
        _ demand: TrafficDemand, weights: [Double], members: [Int32], scheme: RoutingScheme, router: Router, topology: Topology,
        graph: CSRGraph, mask: FailureMask?, threads: Int?, workLimit: Double = .infinity
    ) throws(GraphError) -> RoutedTraffic? {
        let grid = coordinates(topology: topology)
        guard
            let routed = graph.route(
                demand, router: router, sourceWeights: weights, mask: mask, symmetryCandidates: symmetryCandidates(topology: topology),
                coordinates: grid?.values, dimensions: grid?.dimensions ?? 0,
                threads: threads, workLimit: workLimit)
        else { return nil }
        guard scheme.isNonMinimal else { return routed }
        guard
            let nonMinimal = nonMinimal(
                scheme, graph: graph, demand: demand, weights: weights, members: members, minimal: routed,
                mask: mask, threads: threads)
        else {
            let which = scheme == .detour ? "accelerators that relay (a direct network: full mesh, torus)" : "devices that relay"
            throw .routingUnavailable("\(scheme.rawValue) routing needs \(which) as intermediates; the design has none")
        }
        return nonMinimal
    }

    /// Parses a demand matrix: one `source,target,amount` line per demand with device ids (amount defaults to 1);
    /// blank lines, `#` comments and a header line whose amount is not a number are skipped.
    /// - Throws: `GraphError.unknownDevice` or `.malformedDemand` with the file, line and column.
    public static func parseDemandCSV(_ text: String, file: String, topology: Topology) throws(GraphError) -> [Demand] {
        var demands: [Demand] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine).trimmingASCIIWhitespace()
            let lineNumber = offset + 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingASCIIWhitespace() }
            guard fields.count == 2 || fields.count == 3 else {
                throw .malformedDemand(
                    "expected 'source,target[,amount]', found \(fields.count) fields", location: SourceLocation(file: file, line: lineNumber, column: 1))
            }
            let amount: Double
            if fields.count == 3 {
                guard let value = Double(fields[2]), value >= 0, value.isFinite else {
                    if demands.isEmpty && offset == firstContentLine(text) { continue }
                    let column = fields[0].count + fields[1].count + 3
                    throw .malformedDemand(
                        "amount '\(fields[2])' is not a non-negative number", location: SourceLocation(file: file, line: lineNumber, column: column))
                }
                amount = value
            } else {
                amount = 1
            }
            guard let source = topology.deviceIndex(forID: fields[0]) else {
                if demands.isEmpty && offset == firstContentLine(text) && fields.count == 2 { continue }
                throw .unknownDevice(fields[0], location: SourceLocation(file: file, line: lineNumber, column: 1))
            }
            guard let target = topology.deviceIndex(forID: fields[1]) else {
                throw .unknownDevice(fields[1], location: SourceLocation(file: file, line: lineNumber, column: fields[0].count + 2))
            }
            demands.append(Demand(source: source, target: target, amount: amount))
        }
        return demands
    }

    private static func firstContentLine(_ text: String) -> Int {
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = String(line).trimmingASCIIWhitespace()
            if !trimmed.isEmpty && !trimmed.hasPrefix("#") { return offset }
        }
        return -1
    }

    /// Per-source scale of `demand` at full injection: each source's demands, scaled by the returned weight, add up
    /// to its injection rate (0 for devices that send nothing). The one demand definition of `analyze` and
    /// `ThroughputAnalysis`.
    /// - Complexity: O(V + pairs of an explicit demand).
    static func sourceWeights(demand: TrafficDemand, injection: [Double]) -> [Double] {
        var sent = [Double](repeating: 0, count: injection.count)
        switch demand {
        case .uniform(let groups):
            for group in groups { for vertex in group { sent[Int(vertex)] += Double(group.count - 1) } }
        case .explicit(let demands):
            for item in demands where item.source != item.target { sent[Int(item.source)] += item.amount }
        }
        return (0..<injection.count).map { sent[$0] > 0 ? injection[$0] / sent[$0] : 0 }
    }

    /// Routes a pattern with every accelerator injecting at its full bandwidth and reports utilizations.
    /// - Parameter hottestCount: how many of the hottest arcs to list.
    /// - Complexity: that of `CSRGraph.route` plus O(E log E) to rank the arcs.
    public static func analyze(
        topology: Topology, graph: CSRGraph, pattern: TrafficPattern = .allToAll, scheme: RoutingScheme? = nil,
        mask: FailureMask? = nil, hottestCount: Int = 10, threads: Int? = nil
    ) throws(GraphError) -> TrafficReport {
        let report = try analyze(
            topology: topology, graph: graph, pattern: pattern, scheme: scheme, mask: mask,
            hottestCount: hottestCount, threads: threads, workLimit: .infinity)
        guard let report else { throw .routingUnavailable("routing exceeded its work limit") }
        return report
    }

    /// `analyze`, or nil when routing would exceed `workLimit` (see `CSRGraph.route(_:router:sourceWeights:mask:symmetryBlocks:threads:workLimit:)`).
    public static func analyze(
        topology: Topology, graph: CSRGraph, pattern: TrafficPattern = .allToAll, scheme: RoutingScheme? = nil,
        mask: FailureMask? = nil, hottestCount: Int = 10, threads: Int? = nil, workLimit: Double
    ) throws(GraphError) -> TrafficReport? {
        let scheme = scheme ?? RoutingScheme.resolved(topology)
        let members = connectedAccelerators(graph: graph, mask: mask)
        let demand = try demand(for: pattern, topology: topology, graph: graph, members: members)
        let router = try router(scheme, topology: topology, graph: graph)
        let routable = graph.routableArcs(under: mask)
        // Injection bandwidth per accelerator and its total demand give the per-source scale.
        let injection = injection(graph: graph, routable: routable)
        let weights = sourceWeights(demand: demand, injection: injection)
        guard
            let routed = try route(
                demand, weights: weights, members: members, scheme: scheme, router: router, topology: topology, graph: graph,
                mask: mask, threads: threads, workLimit: workLimit)
        else { return nil }
        var utilization = [Double](repeating: 0, count: graph.arcCount)
        var rho = 0.0
        for arc in 0..<graph.arcCount where graph.capacity[arc] > 0 && routable[arc] {
            utilization[arc] = routed.arcLoad[arc] / graph.capacity[arc]
            rho = max(rho, utilization[arc])
        }
        let ranked = (0..<graph.arcCount).filter { routable[$0] && graph.capacity[$0] > 0 }
            .sorted { (utilization[$0], -$0) > (utilization[$1], -$1) }
        let hottest = ranked.prefix(max(hottestCount, 0)).map { arc in
            HotLink(
                arc: Int32(arc), link: graph.link[arc], from: graph.tail(ofArc: Int32(arc)), to: graph.head[arc],
                load: routed.arcLoad[arc], capacity: graph.capacity[arc], utilization: utilization[arc])
        }
        let tier = tiers(topology: topology, graph: graph)
        struct Accumulator {
            var buckets = [Int](repeating: 0, count: 10)
            var arcs = 0
            var max = 0.0
            var sum = 0.0
        }
        var byTier: [[Int32]: Accumulator] = [:]
        for vertex in 0..<graph.vertexCount {
            for arc in graph.arcs(from: Int32(vertex)) where routable[Int(arc)] && graph.capacity[Int(arc)] > 0 {
                let a = tier[vertex]
                let b = tier[Int(graph.head[Int(arc)])]
                let key = [min(a, b), max(a, b)]
                let value = utilization[Int(arc)]
                let relative = rho > 0 ? value / rho : 0
                var entry = byTier[key] ?? Accumulator()
                entry.buckets[min(Int(relative * 10), 9)] += 1
                entry.arcs += 1
                entry.max = max(entry.max, value)
                entry.sum += value
                byTier[key] = entry
            }
        }
        let tiers = byTier.keys.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }.compactMap { key -> TierUtilization? in
            guard let entry = byTier[key] else { return nil }
            return TierUtilization(
                lowerTier: Int(key[0]), upperTier: Int(key[1]), arcs: entry.arcs, buckets: entry.buckets,
                maxUtilization: entry.max, meanUtilization: entry.arcs > 0 ? entry.sum / Double(entry.arcs) : 0)
        }
        return TrafficReport(
            pattern: pattern.name, routing: scheme.rawValue, routed: routed, maxUtilization: rho,
            throughput: rho > 0 ? 1 / rho : 0, hottest: hottest, tiers: tiers, acceleratorsInTraffic: members.count,
            strandedAccelerators: graph.aliveAccelerators(under: mask).count - members.count,
            injectionBps: members.reduce(0) { $0 + injection[Int($1)] }
        )
    }
}
