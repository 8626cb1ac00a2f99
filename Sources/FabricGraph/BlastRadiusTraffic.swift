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

    /// Routes the healthy design once (all cores).
    public init(graph: CSRGraph, route: @escaping @Sendable (FailureMask?, Int) -> RoutedTraffic) {
        self.graph = graph
        self.route = route
        let healthy = route(nil, ProcessInfo.processInfo.activeProcessorCount).arcLoad
        self.healthyLoads = healthy
        var over = [Bool](repeating: false, count: graph.arcCount)
        var worst = 0.0
        for arc in 0..<graph.arcCount {
            let utilization = Self.utilization(load: healthy[arc], capacity: graph.capacity[arc])
            worst = max(worst, utilization)
            over[arc] = utilization > 1 + 1e-9
        }
        self.maxUtilizationBefore = worst
        self.overBefore = over
    }

    /// Uniform all-to-all among the live accelerators under ECMP, each accelerator offering its full healthy
    /// injection rate spread evenly over the n − 1 others, so utilization 1 means the pattern runs at line rate
    /// (throughput 1/ρ is a fraction of injection bandwidth). Uses the graph engine's verified symmetry grouping of
    /// destinations (racks as candidate blocks, else pods).
    public static func uniformAllToAll(graph: CSRGraph, topology: Topology) -> TrafficSweeper {
        let blocks = symmetryBlocks(topology)
        var weights = [Double](repeating: 0, count: graph.vertexCount)
        let others = Double(max(graph.accelerators.count - 1, 1))
        for accelerator in graph.accelerators {
            var injection = 0.0
            for arc in graph.arcs(from: accelerator) { injection += graph.capacity[Int(arc)] }
            weights[Int(accelerator)] = injection / others
        }
        let sourceWeights = weights
        return TrafficSweeper(graph: graph) { mask, threads in
            graph.route(.uniform(groups: [graph.aliveAccelerators(under: mask)]), sourceWeights: sourceWeights, mask: mask,
                        symmetryBlocks: blocks, threads: threads)
        }
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
        let routed = route(mask, threads)
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

    /// Impacts of many scenarios; scenario `i` is routed only when `representative[i] == i` (or no classes are
    /// given) and otherwise copies its representative's figures. Representatives run on both cores, one routing each.
    public func impacts(of scenarios: [FailureScenario], representative: [Int]? = nil,
                        progress: (@Sendable (Int) -> Void)? = nil) -> [TrafficImpact] {
        let classOf = representative ?? Array(scenarios.indices)
        let routed = scenarios.indices.filter { classOf[$0] == $0 }
        var members = [Int](repeating: 0, count: scenarios.count)
        for index in scenarios.indices { members[classOf[index]] += 1 }
        let slots = ResultSlots<TrafficImpact>(count: routed.count)
        let graph = self.graph
        let memberCounts = members
        DispatchQueue.concurrentPerform(iterations: routed.count) { slot in
            let scenario = scenarios[routed[slot]]
            slots.set(slot, impact(under: scenario.mask(for: graph)))
            progress?(memberCounts[routed[slot]])
        }
        let values = slots.values()
        var slotOf = [Int](repeating: -1, count: scenarios.count)
        for (slot, index) in routed.enumerated() { slotOf[index] = slot }
        return scenarios.indices.map { values[slotOf[classOf[$0]]] }
    }
}
