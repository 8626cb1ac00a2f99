import Dispatch
import FabricModel

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
/// is routed; `representative[i]` names the scenario whose figures scenario `i` takes.
public struct TrafficSweeper: Sendable {
    /// The graph.
    public let graph: CSRGraph
    /// Routes the pattern under a mask (nil: healthy) and returns per-arc loads, same units as capacity ÷ demand.
    public let loads: @Sendable (FailureMask?) -> [Double]
    /// Healthy per-arc loads.
    public let healthyLoads: [Double]
    /// Healthy highest utilization.
    public let maxUtilizationBefore: Double
    /// Healthy utilization above 1 per arc, to count links newly pushed over capacity.
    let overBefore: [Bool]

    /// Routes the healthy design once.
    public init(graph: CSRGraph, loads: @escaping @Sendable (FailureMask?) -> [Double]) {
        self.graph = graph
        self.loads = loads
        let healthy = loads(nil)
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

    @inline(__always)
    static func utilization(load: Double, capacity: Double) -> Double {
        if load <= 0 { return 0 }
        return capacity > 0 ? load / capacity : .infinity
    }

    /// The traffic impact of one scenario, routing it from scratch.
    /// - Complexity: one routing of the pattern plus O(V + E).
    public func impact(under mask: FailureMask) -> TrafficImpact {
        let after = loads(mask)
        var worst = 0.0
        var pushed = 0
        for arc in 0..<graph.arcCount {
            let utilization = Self.utilization(load: after[arc], capacity: graph.capacity[arc])
            worst = max(worst, utilization)
            if utilization > 1 + 1e-9 && !overBefore[arc] { pushed += 1 }
        }
        let alive = graph.accelerators.filter { !mask.devices[Int($0)] }
        let unroutable = unroutablePairs(alive: alive, mask: mask)
        return TrafficImpact(
            maxUtilizationBefore: maxUtilizationBefore, maxUtilizationAfter: worst,
            throughputBefore: maxUtilizationBefore > 0 ? 1 / maxUtilizationBefore : 0,
            throughputAfter: unroutable > 0 ? 0 : (worst > 0 ? 1 / worst : 0),
            linksPushedOverCapacity: pushed, unroutablePairs: unroutable
        )
    }

    /// Ordered pairs of surviving accelerators with no path.
    func unroutablePairs(alive: [Int32], mask: FailureMask) -> Int {
        let after = graph.connectivity(under: mask)
        var perComponent = [Int](repeating: 0, count: after.componentCount)
        for accelerator in alive { perComponent[Int(after.componentOf[Int(accelerator)])] += 1 }
        let total = alive.count
        return perComponent.reduce(0) { $0 + $1 * (total - $1) }
    }

    /// Impacts of many scenarios; scenario `i` is routed only when `representative[i] == i` (or no classes are
    /// given) and otherwise copies its representative's figures. Representatives run on both cores, one routing each.
    public func impacts(of scenarios: [FailureScenario], representative: [Int]? = nil,
                        progress: (@Sendable (Int) -> Void)? = nil) -> [TrafficImpact] {
        let classOf = representative ?? Array(scenarios.indices)
        let routed = scenarios.indices.filter { classOf[$0] == $0 }
        let slots = ResultSlots<TrafficImpact>(count: routed.count)
        let graph = self.graph
        DispatchQueue.concurrentPerform(iterations: routed.count) { slot in
            let scenario = scenarios[routed[slot]]
            slots.set(slot, impact(under: scenario.mask(for: graph)))
            progress?(1)
        }
        let values = slots.values()
        var bySenario = [Int: TrafficImpact]()
        for (slot, index) in routed.enumerated() { bySenario[index] = values[slot] }
        return scenarios.indices.map { bySenario[classOf[$0]] ?? bySenario[$0] ?? impact(under: scenarios[$0].mask(for: graph)) }
    }
}
