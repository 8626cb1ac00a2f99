import Dispatch
import FabricModel
import Foundation

/// How a scenario changes link loads under a traffic pattern routed with ECMP (re-hashed around the failure).
public struct TrafficImpact: Hashable, Sendable, Codable {
    /// Highest link utilization (load ÷ capacity, per direction) in the healthy design.
    public var maxUtilizationBefore: Double
    /// Highest link utilization after the failure.
    public var maxUtilizationAfter: Double
    /// Throughput (1 ÷ max utilization, as a fraction of the offered load) before.
    public var throughputBefore: Double
    /// Throughput after the failure (0 when some demand can no longer be routed).
    public var throughputAfter: Double
    /// Link directions whose utilization exceeds 100% after the failure although they did not before.
    public var linksPushedOverCapacity: Int
    /// Demand (accelerator pairs) that can no longer be routed at all.
    public var unroutablePairs: Int

    /// Creates an impact record.
    public init(maxUtilizationBefore: Double, maxUtilizationAfter: Double, throughputBefore: Double,
                throughputAfter: Double, linksPushedOverCapacity: Int, unroutablePairs: Int) {
        self.maxUtilizationBefore = maxUtilizationBefore
        self.maxUtilizationAfter = maxUtilizationAfter
        self.throughputBefore = throughputBefore
        self.throughputAfter = throughputAfter
        self.linksPushedOverCapacity = linksPushedOverCapacity
        self.unroutablePairs = unroutablePairs
    }

    /// True when the failure raised the highest utilization.
    public var degraded: Bool { maxUtilizationAfter > maxUtilizationBefore * (1 + 1e-9) || unroutablePairs > 0 }
}

/// Traffic impact of failure scenarios: link loads of a traffic pattern (healthy, then under each scenario's mask,
/// routes re-hashed around the failure) reduced to utilization figures.
///
/// Scenarios related by a verified automorphism of the healthy design that preserves the traffic pattern have
/// identical figures (utilizations are permuted, never changed), so only one representative per equivalence class
/// is routed; `representative[i]` names the scenario whose figures scenario `i` takes (see `FailureSymmetry`).
public struct TrafficSweeper: Sendable {
    /// The graph.
    public let graph: CSRGraph
    /// Routes the pattern under a mask (nil: healthy) with a number of threads.
    public let route: @Sendable (FailureMask?, Int) -> RoutedTraffic
    /// Healthy per-arc loads.
    public let healthyLoads: [Double]
    /// Healthy highest utilization.
    public let maxUtilizationBefore: Double
    /// Healthy utilization above 1 per arc, to count links newly pushed over capacity.
    let overBefore: [Bool]

    /// Healthy unrouted pairs.
    let healthyUnrouted: Int
    /// Arcs by decreasing healthy utilization: the highest unchanged utilization after a patch is the first
    /// unchanged arc in this order.
    let healthyOrder: [Int32]
    /// Patches healthy loads per affected destination instead of rerouting (uniform all-to-all), when available.
    let incremental: IncrementalECMP?

    /// Routes the healthy design once (all cores).
    public init(graph: CSRGraph, route: @escaping @Sendable (FailureMask?, Int) -> RoutedTraffic) {
        self.init(graph: graph, route: route, incremental: nil)
    }

    init(graph: CSRGraph, route: @escaping @Sendable (FailureMask?, Int) -> RoutedTraffic, incremental: IncrementalECMP?) {
        self.graph = graph
        self.route = route
        let routed = route(nil, ProcessInfo.processInfo.activeProcessorCount)
        let healthy = routed.arcLoad
        self.healthyLoads = healthy
        self.healthyUnrouted = routed.unroutedPairs
        var over = [Bool](repeating: false, count: graph.arcCount)
        var worst = 0.0
        var utilization = [Double](repeating: 0, count: graph.arcCount)
        for arc in 0..<graph.arcCount {
            utilization[arc] = Self.utilization(load: healthy[arc], capacity: graph.capacity[arc])
            worst = max(worst, utilization[arc])
            over[arc] = utilization[arc] > 1 + 1e-9
        }
        self.maxUtilizationBefore = worst
        self.overBefore = over
        self.healthyOrder = incremental == nil ? [] : (0..<Int32(graph.arcCount)).sorted {
            utilization[Int($0)] > utilization[Int($1)] || (utilization[Int($0)] == utilization[Int($1)] && $0 < $1)
        }
        self.incremental = incremental
    }

    /// Whether scenarios are patched per affected destination rather than rerouted.
    public var isIncremental: Bool { incremental != nil }

    /// Uniform all-to-all among the live accelerators under ECMP, each accelerator offering its full healthy
    /// injection rate spread evenly over the n − 1 others, so utilization 1 means the pattern runs at line rate
    /// (throughput 1/ρ is a fraction of injection bandwidth). Uses the graph engine's verified symmetry grouping of
    /// destinations (racks as candidate blocks, else pods).
    /// With `incremental` (the default), single and paired failures are evaluated by patching the healthy loads of
    /// the destinations whose shortest-path DAG they touch (`IncrementalECMP`) instead of rerouting everything.
    public static func uniformAllToAll(graph: CSRGraph, topology: Topology, incremental: Bool = true) -> TrafficSweeper {
        let blocks = symmetryBlocks(topology)
        var weights = [Double](repeating: 0, count: graph.vertexCount)
        let others = Double(max(graph.accelerators.count - 1, 1))
        for accelerator in graph.accelerators {
            var injection = 0.0
            for arc in graph.arcs(from: accelerator) { injection += graph.capacity[Int(arc)] }
            weights[Int(accelerator)] = injection / others
        }
        let sourceWeights = weights
        // The incremental engine patches shortest-path DAGs that pass through any vertex; with accelerators that do
        // not relay, scenarios are rerouted in full (same routing as `route`, so the figures agree).
        let engine = incremental && graph.allRelay
            ? IncrementalECMP(graph: graph, weight: weights, symmetryBlocks: Array(FailureSymmetry.candidatePartitions(topology).dropFirst()))
            : nil
        return TrafficSweeper(graph: graph, route: { mask, threads in
            graph.route(.uniform(groups: [graph.aliveAccelerators(under: mask)]), sourceWeights: sourceWeights, mask: mask,
                        symmetryBlocks: blocks, threads: threads)
        }, incremental: engine)
    }

    /// Candidate symmetry blocks: racks when the design names them, else pods, else none.
    public static func symmetryBlocks(_ topology: Topology) -> [Int32]? {
        for key in [\Device.rack, \Device.pod] {
            var ids: [String: Int32] = [:]
            var blocks = [Int32](repeating: -1, count: topology.devices.count)
            for (index, device) in topology.devices.enumerated() {
                guard let name = device[keyPath: key] else { continue }
                if ids[name] == nil { ids[name] = Int32(ids.count) }
                blocks[index] = ids[name] ?? -1
            }
            if ids.count >= 2 { return blocks }
        }
        return nil
    }

    @inline(__always)
    static func utilization(load: Double, capacity: Double) -> Double {
        if load <= 1e-12 { return 0 }
        return capacity > 0 ? load / capacity : .infinity
    }

    /// The traffic impact of one scenario, routing it from scratch.
    /// - Complexity: one routing of the pattern plus O(E).
    public func impact(under mask: FailureMask, threads: Int = 1) -> TrafficImpact {
        impact(of: route(mask, threads))
    }

    /// Reduces routed loads to the impact figures.
    /// - Complexity: O(E).
    func impact(of routed: RoutedTraffic) -> TrafficImpact {
        var worst = 0.0
        var pushed = 0
        for arc in 0..<graph.arcCount {
            let utilization = Self.utilization(load: routed.arcLoad[arc], capacity: graph.capacity[arc])
            worst = max(worst, utilization)
            if utilization > 1 + 1e-9 && !overBefore[arc] { pushed += 1 }
        }
        let unroutable = routed.unroutedPairs
        return TrafficImpact(
            maxUtilizationBefore: maxUtilizationBefore, maxUtilizationAfter: worst,
            throughputBefore: maxUtilizationBefore > 0 ? 1 / maxUtilizationBefore : 0,
            throughputAfter: unroutable > 0 ? 0 : (worst > 0 ? 1 / worst : 0),
            linksPushedOverCapacity: pushed, unroutablePairs: unroutable
        )
    }

    /// The traffic impact of one scenario by patching the healthy loads (`IncrementalECMP`), nil when unavailable.
    /// - Complexity: the changed regions of the affected destinations' DAGs plus O(changed arcs).
    func patchedImpact(links: [Int32], devices: [Int32], work: inout IncrementalWorkspace) -> TrafficImpact? {
        guard let incremental else { return nil }
        incremental.evaluate(links: links, devices: devices, work: &work)
        var worst = 0.0
        var pushed = 0
        for arc in work.patchList {
            let a = Int(arc)
            let load = work.isFailed(arc: a) ? 0 : healthyLoads[a] + work.patch[a]
            let utilization = Self.utilization(load: load, capacity: graph.capacity[a])
            worst = max(worst, utilization)
            if utilization > 1 + 1e-9 && !overBefore[a] { pushed += 1 }
        }
        for arc in healthyOrder where work.patchStamp[Int(arc)] != work.scenarioStamp {
            worst = max(worst, Self.utilization(load: healthyLoads[Int(arc)], capacity: graph.capacity[Int(arc)]))
            break
        }
        let unroutable = healthyUnrouted + work.unroutedChange
        return TrafficImpact(
            maxUtilizationBefore: maxUtilizationBefore, maxUtilizationAfter: worst,
            throughputBefore: maxUtilizationBefore > 0 ? 1 / maxUtilizationBefore : 0,
            throughputAfter: unroutable > 0 ? 0 : (worst > 0 ? 1 / worst : 0),
            linksPushedOverCapacity: pushed, unroutablePairs: unroutable
        )
    }

    /// Per-arc loads after a scenario by patching (tests compare them with rerouting), nil when unavailable.
    func patchedLoads(links: [Int32], devices: [Int32]) -> (loads: [Double], unrouted: Int)? {
        guard let incremental else { return nil }
        var work = IncrementalWorkspace(vertexCount: graph.vertexCount, arcCount: graph.arcCount)
        incremental.evaluate(links: links, devices: devices, work: &work)
        var loads = healthyLoads
        for arc in work.patchList {
            loads[Int(arc)] = work.isFailed(arc: Int(arc)) ? 0 : healthyLoads[Int(arc)] + work.patch[Int(arc)]
        }
        return (loads, healthyUnrouted + work.unroutedChange)
    }

    /// Impacts of many scenarios (see `impactsWithStatistics`).
    public func impacts(of scenarios: [FailureScenario], representative: [Int]? = nil,
                        progress: (@Sendable (Int) -> Void)? = nil) -> [TrafficImpact] {
        impactsWithStatistics(of: scenarios, representative: representative, progress: progress).impacts
    }

    /// Scenarios failing at most this many elements (links plus devices) are patched rather than rerouted.
    static let patchLimit = 2

    /// Impacts of many scenarios; scenario `i` is evaluated only when `representative[i] == i` (or no classes are
    /// given) and otherwise copies its representative's figures. Representatives run on both cores: single and
    /// paired failures are patched per affected destination (`IncrementalECMP`) when the engine is available,
    /// larger groups are rerouted from scratch.
    public func impactsWithStatistics(of scenarios: [FailureScenario], representative: [Int]? = nil,
                                      progress: (@Sendable (Int) -> Void)? = nil) -> (impacts: [TrafficImpact], statistics: TrafficSweepStatistics) {
        let classOf = representative ?? Array(scenarios.indices)
        let routed = scenarios.indices.filter { classOf[$0] == $0 }
        var members = [Int](repeating: 0, count: scenarios.count)
        for index in scenarios.indices { members[classOf[index]] += 1 }
        let slots = ResultSlots<TrafficImpact>(count: routed.count)
        let graph = self.graph
        let memberCounts = members
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, routed.count))
        let next = WorkCounter()
        let totals = StatisticsTotals()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var work: IncrementalWorkspace?
            var statistics = TrafficSweepStatistics()
            defer { totals.add(statistics) }
            while let slot = next.take(below: routed.count) {
                let scenario = scenarios[routed[slot]]
                var impact: TrafficImpact?
                if incremental != nil && scenario.links.count + scenario.devices.count <= Self.patchLimit {
                    if work == nil { work = IncrementalWorkspace(vertexCount: graph.vertexCount, arcCount: graph.arcCount) }
                    if var scratch = work {
                        work = nil
                        scratch.changesComputed = 0
                        scratch.destinationsChanged = 0
                        impact = patchedImpact(links: scenario.links, devices: scenario.devices, work: &scratch)
                        statistics.patched += 1
                        statistics.destinationChanges += scratch.changesComputed
                        statistics.affectedDestinations += scratch.destinationsChanged
                        work = scratch
                    }
                }
                if impact == nil { statistics.rerouted += 1 }
                slots.set(slot, impact ?? self.impact(under: scenario.mask(for: graph)))
                progress?(memberCounts[routed[slot]])
            }
        }
        let values = slots.values()
        var slotOf = [Int](repeating: -1, count: scenarios.count)
        for (slot, index) in routed.enumerated() { slotOf[index] = slot }
        return (scenarios.indices.map { values[slotOf[classOf[$0]]] }, totals.value)
    }
}

/// Work done by a traffic sweep: how scenarios were evaluated and how many destinations they touched.
public struct TrafficSweepStatistics: Hashable, Sendable {
    /// Scenarios evaluated by patching the healthy loads.
    public var patched = 0
    /// Scenarios rerouted from scratch.
    public var rerouted = 0
    /// Per-destination changes computed (one per affected destination class under the failure).
    public var destinationChanges = 0
    /// Destinations whose loads changed, summed over patched scenarios (each computed change stands for the
    /// destinations of its untouched symmetric blocks).
    public var affectedDestinations = 0

    /// Creates empty statistics.
    public init() {}
}

/// Sums statistics from concurrent workers.
final class StatisticsTotals: @unchecked Sendable {
    private let lock = NSLock()
    private var total = TrafficSweepStatistics()

    func add(_ item: TrafficSweepStatistics) {
        lock.lock()
        total.patched += item.patched
        total.rerouted += item.rerouted
        total.destinationChanges += item.destinationChanges
        total.affectedDestinations += item.affectedDestinations
        lock.unlock()
    }

    var value: TrafficSweepStatistics {
        lock.lock()
        defer { lock.unlock() }
        return total
    }
}
