import Dispatch
import FabricModel
import Foundation

/// How a scenario changes link loads under uniform all-to-all routed with ECMP (re-hashed around the failure).
///
/// The figures after a failure are those of `fabcheck analyze` on the design with the failed elements deleted
/// (`TrafficAnalysis`): traffic runs among the accelerators still connected, each injecting what its surviving
/// cables carry, spread over the others; accelerators cut off neither send nor receive and are counted beside it.
public struct TrafficImpact: Hashable, Sendable, Codable {
    /// Highest link utilization (load ÷ capacity, per direction) in the healthy design.
    public var maxUtilizationBefore: Double
    /// Highest link utilization after the failure.
    public var maxUtilizationAfter: Double
    /// Throughput (1 ÷ max utilization: the fraction of its injection bandwidth every connected accelerator
    /// sustains) before.
    public var throughputBefore: Double
    /// Throughput after the failure, over the accelerators still connected (`acceleratorsInTraffic`).
    public var throughputAfter: Double
    /// Link directions pushed over capacity: above 100% after the failure, at most 100% before, and risen by more
    /// than `TrafficImpact.overCapacityMargin`.
    public var linksPushedOverCapacity: Int
    /// Ordered pairs of connected accelerators without a route (0 with ECMP unless a cable has no capacity).
    public var unroutablePairs: Int
    /// Accelerators the traffic runs among after the failure (connected; failed and stranded ones excluded).
    public var acceleratorsInTraffic: Int
    /// Link directions already over capacity before whose utilization rose by more than the margin (what the failure
    /// makes worse on an already overloaded baseline, where none can be pushed over 100%); absent in older reports.
    public var linksOverloadedFurther: Int?

    /// A link direction counts as pushed over capacity only when its utilization rose by more than this (0.1
    /// percentage point): links that sit at exactly 100% before (an accelerator's own cables) do not count for
    /// rounding-level changes.
    public static let overCapacityMargin = 0.001

    /// Creates an impact record.
    public init(
        maxUtilizationBefore: Double, maxUtilizationAfter: Double, throughputBefore: Double,
        throughputAfter: Double, linksPushedOverCapacity: Int, unroutablePairs: Int, acceleratorsInTraffic: Int,
        linksOverloadedFurther: Int? = nil
    ) {
        self.maxUtilizationBefore = maxUtilizationBefore
        self.maxUtilizationAfter = maxUtilizationAfter
        self.throughputBefore = throughputBefore
        self.throughputAfter = throughputAfter
        self.linksPushedOverCapacity = linksPushedOverCapacity
        self.unroutablePairs = unroutablePairs
        self.acceleratorsInTraffic = acceleratorsInTraffic
        self.linksOverloadedFurther = linksOverloadedFurther
    }

    /// Whether a link direction already over capacity at `before` rose by more than the margin.
    @inline(__always)
    static func overloadedFurther(before: Double, after: Double) -> Bool {
        before > 1 + 1e-9 && after - before > overCapacityMargin
    }

    /// Whether a link direction at `before` → `after` utilization counts as pushed over capacity.
    @inline(__always)
    static func pushedOver(before: Double, after: Double) -> Bool {
        after > 1 + 1e-9 && before <= 1 + 1e-9 && after - before > overCapacityMargin
    }

    /// True when the failure raised the highest utilization.
    public var degraded: Bool { maxUtilizationAfter > maxUtilizationBefore * (1 + 1e-9) || unroutablePairs > 0 }
}

/// Traffic impact of failure scenarios: link loads of uniform all-to-all (healthy, then under each scenario's mask,
/// routes re-hashed around the failure) reduced to utilization figures, with the demand of `TrafficAnalysis` on the
/// design with the failed elements deleted (`TrafficAnalysis.connectedAccelerators`, `allToAllWeights`).
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
    /// Healthy utilization per arc, to count links newly pushed over capacity.
    let utilizationBefore: [Double]

    /// Healthy unrouted pairs.
    let healthyUnrouted: Int
    /// Arcs by decreasing healthy utilization: the highest unchanged utilization after a patch is the first
    /// unchanged arc in this order.
    let healthyOrder: [Int32]
    /// Position in `healthyOrder` of the first arc at most 100% utilized.
    let firstNotOver: Int
    /// Patches healthy loads per affected destination instead of rerouting (uniform all-to-all), when available.
    let incremental: IncrementalECMP?
    /// The healthy connected accelerators (the demand's members) and their membership per vertex.
    let members: [Int32]
    let isMember: [Bool]
    /// Healthy injection rate per vertex (accelerators).
    let injection: [Double]
    /// Links and devices whose failure alone cuts connected accelerators off (bridges, articulation points).
    let linkStrands: [Bool]
    let deviceStrands: [Bool]
    /// Accelerators in the largest healthy component other than the members' (a split may make it the largest).
    let runnerUpAccelerators: Int

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
        var worst = 0.0
        var utilization = [Double](repeating: 0, count: graph.arcCount)
        for arc in 0..<graph.arcCount {
            utilization[arc] = Self.utilization(load: healthy[arc], capacity: graph.capacity[arc])
            worst = max(worst, utilization[arc])
        }
        self.maxUtilizationBefore = worst
        self.utilizationBefore = utilization
        self.healthyOrder =
            incremental == nil
            ? []
            : (0..<Int32(graph.arcCount)).sorted {
                utilization[Int($0)] > utilization[Int($1)] || (utilization[Int($0)] == utilization[Int($1)] && $0 < $1)
            }
        self.incremental = incremental
        self.firstNotOver = healthyOrder.firstIndex { utilization[Int($0)] <= 1 + 1e-9 } ?? healthyOrder.count
        let connectivity = graph.connectivity()
        let members = TrafficAnalysis.connectedAccelerators(graph: graph, mask: nil, connectivity: connectivity)
        self.members = members
        var isMember = [Bool](repeating: false, count: graph.vertexCount)
        for vertex in members { isMember[Int(vertex)] = true }
        self.isMember = isMember
        self.injection = TrafficAnalysis.injection(graph: graph, routable: graph.routableArcs(under: nil))
        var linkStrands = [Bool](repeating: false, count: graph.linkCount)
        for bridge in connectivity.bridges where bridge.singleLink && bridge.separatedAccelerators > 0 { linkStrands[Int(bridge.link)] = true }
        var deviceStrands = [Bool](repeating: false, count: graph.vertexCount)
        for point in connectivity.articulationPoints where point.separatedAccelerators > 0 { deviceStrands[Int(point.vertex)] = true }
        self.linkStrands = linkStrands
        self.deviceStrands = deviceStrands
        var runnerUp = 0
        for (component, count) in connectivity.componentAccelerators.enumerated() where Int32(component) != connectivity.largestAcceleratorComponent {
            runnerUp = max(runnerUp, count)
        }
        self.runnerUpAccelerators = runnerUp
    }

    /// Whether scenarios are patched per affected destination rather than rerouted.
    public var isIncremental: Bool { incremental != nil }

    /// Uniform all-to-all under ECMP among the connected accelerators (`TrafficAnalysis.connectedAccelerators`),
    /// each offering its full injection rate (the capacity of its usable cables) spread evenly over the others, so
    /// utilization 1 means the pattern runs at line rate (throughput 1/ρ is a fraction of injection bandwidth); under
    /// a failure the members and rates are those of the design with the failed elements deleted. Uses the graph
    /// engine's verified symmetry grouping of destinations (racks as candidate blocks, else pods).
    /// With `incremental` (the default), single and paired failures are evaluated by patching the healthy loads of
    /// the destinations whose shortest-path DAG they touch or whose sources change rate (`IncrementalECMP`) instead
    /// of rerouting everything.
    /// The topology's routing (`RoutingScheme.resolved`: `--routing`, its `routing` key, or imported tables) replaces
    /// ECMP when it is not ECMP (Valiant, UGAL and detour with their second leg); scenarios are then rerouted (the
    /// incremental engine is ECMP's).
    public static func uniformAllToAll(graph: CSRGraph, topology: Topology, incremental: Bool = true) -> TrafficSweeper {
        let blocks = symmetryBlocks(topology)
        let members = TrafficAnalysis.connectedAccelerators(graph: graph, mask: nil)
        let weights = TrafficAnalysis.allToAllWeights(graph: graph, members: members, routable: graph.routableArcs(under: nil))
        let router = (try? TrafficAnalysis.router(topology: topology, graph: graph)) ?? .ecmp
        let scheme = RoutingScheme.resolved(topology)
        if router != .ecmp || scheme.isNonMinimal {
            return TrafficSweeper(
                graph: graph,
                route: { mask, threads in
                    let members = TrafficAnalysis.connectedAccelerators(graph: graph, mask: mask)
                    let weights = TrafficAnalysis.allToAllWeights(graph: graph, members: members, routable: graph.routableArcs(under: mask))
                    // Valiant, UGAL and detour add their second leg (as analyze does); without intermediates, minimal.
                    if scheme.isNonMinimal,
                        let routed = try? TrafficAnalysis.route(
                            .uniform(groups: [members]), weights: weights, members: members, scheme: scheme, router: router,
                            topology: topology, graph: graph, mask: mask, threads: threads)
                    {
                        return routed
                    }
                    return graph.route(.uniform(groups: [members]), router: router, sourceWeights: weights, mask: mask, threads: threads)
                }, incremental: nil)
        }
        // The incremental engine follows the forwarding model (a vertex that does not relay is a source only).
        let engine =
            incremental
            ? IncrementalECMP(
                graph: graph, weight: weights, members: members,
                symmetryBlocks: Array(FailureSymmetry.candidatePartitions(topology).dropFirst()))
            : nil
        return TrafficSweeper(
            graph: graph,
            route: { mask, threads in
                let members = TrafficAnalysis.connectedAccelerators(graph: graph, mask: mask)
                let weights = TrafficAnalysis.allToAllWeights(graph: graph, members: members, routable: graph.routableArcs(under: mask))
                return graph.route(.uniform(groups: [members]), sourceWeights: weights, mask: mask, symmetryBlocks: blocks, threads: threads)
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
    /// - Complexity: one routing of the pattern plus O(V + E).
    public func impact(under mask: FailureMask, threads: Int = 1) -> TrafficImpact {
        impact(of: route(mask, threads), acceleratorsInTraffic: TrafficAnalysis.connectedAccelerators(graph: graph, mask: mask).count)
    }

    /// Reduces routed loads to the impact figures.
    /// - Complexity: O(E).
    func impact(of routed: RoutedTraffic, acceleratorsInTraffic: Int) -> TrafficImpact {
        var worst = 0.0
        var pushed = 0
        var further = 0
        for arc in 0..<graph.arcCount {
            let utilization = Self.utilization(load: routed.arcLoad[arc], capacity: graph.capacity[arc])
            worst = max(worst, utilization)
            if TrafficImpact.pushedOver(before: utilizationBefore[arc], after: utilization) { pushed += 1 }
            if TrafficImpact.overloadedFurther(before: utilizationBefore[arc], after: utilization) { further += 1 }
        }
        return TrafficImpact(
            maxUtilizationBefore: maxUtilizationBefore, maxUtilizationAfter: worst,
            throughputBefore: maxUtilizationBefore > 0 ? 1 / maxUtilizationBefore : 0,
            throughputAfter: worst > 0 ? 1 / worst : 0,
            linksPushedOverCapacity: pushed, unroutablePairs: routed.unroutedPairs, acceleratorsInTraffic: acceleratorsInTraffic,
            linksOverloadedFurther: further
        )
    }

    /// How a scenario changes the demand: the healthy members it cuts off (stranded: removed from the demand like
    /// failed devices), the members whose injection rate drops (weight change at the healthy scale), the factor
    /// `(n − 1) ÷ (n' − 1)` every weight takes when the member count goes from n to n', and n'. Nil when the
    /// largest remaining part is not inside the healthy members' component or fewer than two members remain (the
    /// caller reroutes from scratch).
    /// - Complexity: O(Σ degrees of the failed elements' neighbours); O(V + E) when the scenario strands accelerators.
    func demandChange(links: [Int32], devices: [Int32]) -> (stranded: [Int32], changes: [(vertex: Int32, change: Double)], scale: Double, members: Int)? {
        var mask: FailureMask?
        func scenarioMask() -> FailureMask {
            if let mask { return mask }
            var built = FailureMask(for: graph)
            for link in links { built.failLink(link) }
            for device in devices { built.failDevice(device) }
            mask = built
            return built
        }
        let single = links.count + devices.count == 1
        let strands = !single || (links.first.map { linkStrands[Int($0)] } ?? false) || (devices.first.map { deviceStrands[Int($0)] } ?? false)
        var failedMembers = 0
        var failedDevice = [Int32: Bool]()
        for device in devices where failedDevice[device] == nil {
            failedDevice[device] = true
            if isMember[Int(device)] { failedMembers += 1 }
        }
        var stranded: [Int32] = []
        var remaining = members.count - failedMembers
        if strands {
            let failure = scenarioMask()
            let after = TrafficAnalysis.connectedAccelerators(graph: graph, mask: failure)
            guard let first = after.first, isMember[Int(first)], after.count >= runnerUpAccelerators else { return nil }
            var inside = [Bool](repeating: false, count: 0)
            if after.count < remaining {
                inside = [Bool](repeating: false, count: graph.vertexCount)
                for vertex in after { inside[Int(vertex)] = true }
                for vertex in members where !inside[Int(vertex)] && failedDevice[vertex] == nil { stranded.append(vertex) }
            }
            remaining = after.count
        }
        guard remaining >= 2, members.count >= 2 else { return nil }
        // Members next to a failed link or device lose the capacity of the cables that went down with it.
        var candidates: [Int32] = []
        if let incremental {
            for link in links where Int(link) < graph.linkCount {
                for index in Int(incremental.linkArcStart[Int(link)])..<Int(incremental.linkArcStart[Int(link) + 1]) {
                    let end = incremental.tail[Int(incremental.linkArcs[index])]
                    if isMember[Int(end)] { candidates.append(end) }
                }
            }
        }
        for device in devices {
            for arc in graph.arcs(from: device) where isMember[Int(graph.head[Int(arc)])] { candidates.append(graph.head[Int(arc)]) }
        }
        var changes: [(vertex: Int32, change: Double)] = []
        if !candidates.isEmpty {
            candidates.sort()
            let failure = scenarioMask()
            let strandedSet = Set(stranded)
            var previous: Int32 = -1
            for vertex in candidates where vertex != previous {
                previous = vertex
                if failure.devices[Int(vertex)] || strandedSet.contains(vertex) { continue }
                var rate = 0.0
                for arc in graph.arcs(from: vertex) where graph.capacity[Int(arc)] > 0 && graph.isUsable(arc: arc, tail: vertex, under: failure) {
                    rate += graph.capacity[Int(arc)]
                }
                let change = (rate - injection[Int(vertex)]) / Double(members.count - 1)
                if change != 0 { changes.append((vertex, change)) }
            }
        }
        return (stranded, changes, Double(members.count - 1) / Double(remaining - 1), remaining)
    }

    /// The traffic impact of one scenario by patching the healthy loads (`IncrementalECMP`), nil when unavailable.
    /// - Complexity: the changed regions of the affected destinations' DAGs plus O(changed arcs + arcs newly over
    ///   capacity).
    func patchedImpact(links: [Int32], devices: [Int32], work: inout IncrementalWorkspace) -> TrafficImpact? {
        guard let incremental, let demand = demandChange(links: links, devices: devices) else { return nil }
        incremental.evaluate(links: links, devices: devices + demand.stranded, sourceChanges: demand.changes, work: &work)
        let scale = demand.scale
        var worst = 0.0
        var pushed = 0
        var further = 0
        for arc in work.patchList {
            let a = Int(arc)
            let load = work.isFailed(arc: a) ? 0 : scale * (healthyLoads[a] + work.patch[a])
            let utilization = Self.utilization(load: load, capacity: graph.capacity[a])
            worst = max(worst, utilization)
            if TrafficImpact.pushedOver(before: utilizationBefore[a], after: utilization) { pushed += 1 }
            if TrafficImpact.overloadedFurther(before: utilizationBefore[a], after: utilization) { further += 1 }
        }
        // Unchanged arcs keep their healthy load times the scale: the first in decreasing order gives the maximum;
        // with a scale above 1 those pushed over 100% follow the arcs already over 100% before, in the same order.
        for arc in healthyOrder where work.patchStamp[Int(arc)] != work.scenarioStamp {
            worst = max(worst, Self.utilization(load: scale * healthyLoads[Int(arc)], capacity: graph.capacity[Int(arc)]))
            break
        }
        if scale > 1 {
            for arc in healthyOrder[firstNotOver...] where work.patchStamp[Int(arc)] != work.scenarioStamp {
                let after = Self.utilization(load: scale * healthyLoads[Int(arc)], capacity: graph.capacity[Int(arc)])
                if after <= 1 + 1e-9 { break }
                if TrafficImpact.pushedOver(before: utilizationBefore[Int(arc)], after: after) { pushed += 1 }
            }
            // Arcs over capacity before rise by (scale − 1) × their utilization, decreasing along the order.
            for arc in healthyOrder[..<firstNotOver] where work.patchStamp[Int(arc)] != work.scenarioStamp {
                let before = utilizationBefore[Int(arc)]
                guard TrafficImpact.overloadedFurther(before: before, after: scale * before) else { break }
                further += 1
            }
        }
        return TrafficImpact(
            maxUtilizationBefore: maxUtilizationBefore, maxUtilizationAfter: worst,
            throughputBefore: maxUtilizationBefore > 0 ? 1 / maxUtilizationBefore : 0,
            throughputAfter: worst > 0 ? 1 / worst : 0,
            linksPushedOverCapacity: pushed, unroutablePairs: healthyUnrouted + work.unroutedChange,
            acceleratorsInTraffic: demand.members, linksOverloadedFurther: further
        )
    }

    /// Per-arc loads after a scenario by patching (tests compare them with rerouting), nil when unavailable.
    func patchedLoads(links: [Int32], devices: [Int32]) -> (loads: [Double], unrouted: Int)? {
        guard let incremental, let demand = demandChange(links: links, devices: devices) else { return nil }
        var work = IncrementalWorkspace(vertexCount: graph.vertexCount, arcCount: graph.arcCount)
        incremental.evaluate(links: links, devices: devices + demand.stranded, sourceChanges: demand.changes, work: &work)
        var loads = healthyLoads.map { demand.scale * $0 }
        for arc in work.patchList {
            loads[Int(arc)] = work.isFailed(arc: Int(arc)) ? 0 : demand.scale * (healthyLoads[Int(arc)] + work.patch[Int(arc)])
        }
        return (loads, healthyUnrouted + work.unroutedChange)
    }

    /// Impacts of many scenarios (see `impactsWithStatistics`).
    public func impacts(
        of scenarios: [FailureScenario], representative: [Int]? = nil,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> [TrafficImpact] {
        impactsWithStatistics(of: scenarios, representative: representative, progress: progress).impacts
    }

    /// Scenarios failing at most this many elements (links plus devices) are patched rather than rerouted.
    static let patchLimit = 2

    /// Impacts of many scenarios; scenario `i` is evaluated only when `representative[i] == i` (or no classes are
    /// given) and otherwise copies its representative's figures. Representatives run on both cores: single and
    /// paired failures are patched per affected destination (`IncrementalECMP`) when the engine is available,
    /// larger groups are rerouted from scratch.
    public func impactsWithStatistics(
        of scenarios: [FailureScenario], representative: [Int]? = nil,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> (impacts: [TrafficImpact], statistics: TrafficSweepStatistics) {
        let classOf = representative ?? Array(scenarios.indices)
        let routed = scenarios.indices.filter { classOf[$0] == $0 }
        var members = [Int](repeating: 0, count: scenarios.count)
        for index in scenarios.indices { members[classOf[index]] += 1 }
        let slots = ParallelSlots<TrafficImpact>(count: routed.count)
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
                        if impact != nil { statistics.patched += 1 }
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
        let values = slots.setValues
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
