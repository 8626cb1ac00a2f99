import FabricModel
import Foundation

/// The blast radius of one failure scenario as `fabcheck whatif` prints it: every analysis on the masked graph,
/// diffed against the healthy design.
public struct BlastRadiusReport: Hashable, Sendable, Codable {
    /// Version of this JSON layout.
    public var schemaVersion: Int
    /// The design file as named on the command line.
    public var design: String
    /// The selectors as given.
    public var selectors: [String]
    /// What failed.
    public var failure: SweepFailureRecord
    /// `critical` (disconnects something), `degrading` (capacity, utilization or path length only) or `unaffected`.
    public var classification: String
    /// True when the scenario disconnects something.
    public var critical: Bool
    /// Accelerators that are themselves failed.
    public var failedAccelerators: Int
    /// Surviving accelerators cut off from the largest accelerator component.
    public var strandedAccelerators: Int
    /// Accelerator pairs disconnected.
    public var disconnectedPairs: Int
    /// The stranded accelerators' ids (at most `listLimit`).
    public var strandedList: [String]
    /// Capacity lost in total.
    public var capacity: CapacityImpact
    /// The accelerators losing the most capacity (at most `listLimit`).
    public var capacityLosses: [AcceleratorLossRecord]
    /// Traffic impact under uniform all-to-all ECMP, when computed.
    public var traffic: TrafficImpact?
    /// Hop stretch, when computed.
    public var stretch: StretchImpact?
    /// Bisection bracket before and after, when asked for.
    public var bisection: BisectionChange?
    /// `cables` when no link has a bandwidth (every capacity figure counts cables); absent when figures are bit/s.
    public var capacityUnit: String?
    /// Stranded accelerators left out of `strandedList` (the list holds the first `--list`).
    public var strandedListOmitted: Int?
    /// Accelerators losing capacity left out of `capacityLosses`.
    public var capacityLossesOmitted: Int?
    /// What the figures are compared with: absent for the design as drawn, `now` for the state of `--state`.
    public var baseline: String?
    /// The state the scenario is applied on top of (`--state`), when there is one.
    public var state: FailureStateSummary?
    /// Under imported forwarding tables, the destinations whose next hop died (switch, LID, destination), the first
    /// `--list`; absent without tables.
    public var deadNextHops: [DeadNextHopRecord]?
    /// Dead next hops left out of `deadNextHops`.
    public var deadNextHopsOmitted: Int?

    /// The current `schemaVersion`.
    public static let currentSchemaVersion = 1
}

/// One accelerator's capacity before and after.
public struct AcceleratorLossRecord: Hashable, Sendable, Codable {
    /// Device id.
    public var id: String
    /// Injection capacity before, bit/s.
    public var injectionBeforeBps: Double
    /// Injection capacity after, bit/s.
    public var injectionAfterBps: Double
    /// Uplink share before, bit/s.
    public var uplinkBeforeBps: Double
    /// Uplink share after, bit/s.
    public var uplinkAfterBps: Double
}

/// The bisection bracket before and after a failure.
public struct BisectionChange: Hashable, Sendable, Codable {
    /// Proven lower bound before, bit/s.
    public var lowerBeforeBps: Double
    /// Best cut found before, bit/s.
    public var upperBeforeBps: Double
    /// Proven lower bound after, bit/s.
    public var lowerAfterBps: Double
    /// Best cut found after, bit/s.
    public var upperAfterBps: Double
    /// The certificate that proved the lower bound after (`BisectionCertificate.Kind.identifier`, e.g.
    /// `healthyMinusFailures`: the bound before minus the failed capacity).
    public var lowerAfterMethod: String?
}

/// What `BlastRadius.analyze` computes besides connectivity and capacity.
public struct BlastRadiusOptions: Hashable, Sendable {
    /// Route uniform all-to-all ECMP before and after.
    public var traffic: Bool
    /// Compare hop distances before and after.
    public var stretch: Bool
    /// Compute the bisection bracket before and after (costs the most).
    public var bisection: Bool
    /// Longest lists of stranded accelerators and capacity losses.
    public var listLimit: Int

    /// Creates options; traffic and stretch on, bisection off.
    public init(traffic: Bool = true, stretch: Bool = true, bisection: Bool = false, listLimit: Int = 10) {
        self.traffic = traffic
        self.stretch = stretch
        self.bisection = bisection
        self.listLimit = listLimit
    }
}

/// The blast radius of a failure scenario.
public enum BlastRadius {
    /// Runs every requested analysis on the masked graph and diffs it against the baseline.
    /// - Complexity: O(V + E) for connectivity and capacity; one routing of all-to-all for traffic; O(C · (V + E))
    ///   for stretch; two bisection brackets when asked.
    public static func analyze(
        topology: Topology, baseline: BlastRadiusBaseline, scenario: FailureScenario,
        selectors: [String], designName: String, options: BlastRadiusOptions = BlastRadiusOptions()
    ) -> BlastRadiusReport {
        let graph = baseline.graph
        let mask = scenario.mask(for: graph)
        let after = graph.connectivity(under: mask)
        let connectivity = baseline.connectivityImpact(after: after, mask: mask)
        let capacity = baseline.capacityImpact(under: mask)
        let allLosses = baseline.capacityLosses(under: mask)
        let losses = allLosses.prefix(options.listLimit).map { loss in
            AcceleratorLossRecord(
                id: topology.devices[Int(loss.accelerator)].id, injectionBeforeBps: loss.injectionBefore,
                injectionAfterBps: loss.injectionAfter, uplinkBeforeBps: loss.uplinkBefore,
                uplinkAfterBps: loss.uplinkAfter)
        }
        let strandedAll = baseline.strandedAccelerators(under: mask, after: after)
        let stranded = strandedAll.prefix(options.listLimit).map { topology.devices[Int($0)].id }
        let traffic = options.traffic ? trafficImpact(topology: topology, graph: graph, mask: mask) : nil
        let stretch = options.stretch ? baseline.stretchImpact(under: mask) : nil
        var bisection: BisectionChange?
        if options.bisection {
            let before = BisectionBracket.compute(graph: graph, topology: topology)
            // The healthy bound minus the failed capacity is a certificate of its own (O(V + E)), and the target
            // that lets the search stop at the first split meeting it.
            let afterBracket = BisectionBracket.compute(graph: graph, topology: topology, mask: mask, healthyLower: before.lower)
            bisection = BisectionChange(
                lowerBeforeBps: before.lower, upperBeforeBps: before.upper,
                lowerAfterBps: afterBracket.lower, upperAfterBps: afterBracket.upper,
                lowerAfterMethod: afterBracket.lowerCertificate.kind.identifier)
        }
        let degraded =
            capacity.degraded || (traffic?.degraded ?? false) || (stretch.map { $0.longerPairs > 0 } ?? false)
            || (bisection.map { $0.lowerAfterBps < $0.lowerBeforeBps || $0.upperAfterBps < $0.upperBeforeBps } ?? false)
        var record = SweepRecord(
            SweepOutcome(
                ordinal: 0, label: selectors.joined(separator: " + "), scenario: scenario,
                connectivity: connectivity, capacity: capacity, traffic: traffic),
            topology: topology)
        if scenario.links.contains(where: { topology.links[Int($0)].id == nil }) {
            // Links without an edge id by their stable identity (ends, ports, #n), not by their position in the file.
            let names = topology.stableLinkIDs()
            for (offset, link) in scenario.links.enumerated() where offset < record.failure.links.count {
                record.failure.links[offset].id = names[Int(link)]
            }
        }
        var report = BlastRadiusReport(
            schemaVersion: BlastRadiusReport.currentSchemaVersion, design: designName, selectors: selectors,
            failure: record.failure,
            classification: connectivity.critical ? "critical" : (degraded ? "degrading" : "unaffected"),
            critical: connectivity.critical, failedAccelerators: connectivity.failedAccelerators,
            strandedAccelerators: connectivity.strandedAccelerators, disconnectedPairs: connectivity.disconnectedPairs,
            strandedList: Array(stranded), capacity: capacity, capacityLosses: Array(losses), traffic: traffic,
            stretch: stretch, bisection: bisection, capacityUnit: graph.hasBandwidth ? nil : "cables",
            strandedListOmitted: strandedAll.count - stranded.count, capacityLossesOmitted: allLosses.count - losses.count
        )
        if topology.forwardingState != nil {
            let dead = graph.deadNextHops(topology: topology, under: mask)
            report.deadNextHops = Array(dead.prefix(options.listLimit))
            report.deadNextHopsOmitted = max(0, dead.count - options.listLimit)
        }
        return report
    }
}

extension BlastRadiusBaseline {
    /// Every surviving accelerator of the healthy largest accelerator component cut off from the largest part that
    /// remains of it (under the forwarding model when relaying devices decide reach), ascending by device index.
    /// - Complexity: O(V) given `after`, the connectivity of the masked graph; O(V + E) under the forwarding model.
    public func strandedAccelerators(under mask: FailureMask, after: ConnectivityAnalysis) -> [Int32] {
        if let forwardingStranded = forwardingStranded(under: mask) {
            // Accelerators that reach each other only through relaying devices (the forwarding model).
            return forwardingStranded
        }
        var stranded: [Int32] = []
        let healthy = connectivity
        guard healthy.largestAcceleratorComponent >= 0 else { return [] }
        // The largest remaining part of the healthy largest component: the part holding most of its accelerators.
        var count: [Int32: Int] = [:]
        for accelerator in graph.accelerators where healthy.componentOf[Int(accelerator)] == healthy.largestAcceleratorComponent {
            let part = after.componentOf[Int(accelerator)]
            if part >= 0 { count[part, default: 0] += 1 }
        }
        let best = count.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? -1
        for accelerator in graph.accelerators where healthy.componentOf[Int(accelerator)] == healthy.largestAcceleratorComponent {
            let part = after.componentOf[Int(accelerator)]
            if part >= 0 && part != best { stranded.append(accelerator) }
        }
        return stranded
    }
}

extension BlastRadius {
    /// Uniform all-to-all ECMP before and after a failure, each figure exactly `TrafficAnalysis.analyze` (what
    /// `fabcheck analyze` prints) on the healthy design and on the design under `mask`, which equals the design with
    /// the failed elements deleted; nil when the traffic cannot be routed.
    /// - Complexity: two routings of all-to-all plus O(E log E).
    public static func trafficImpact(topology: Topology, graph: CSRGraph, mask: FailureMask) -> TrafficImpact? {
        let before: TrafficReport
        let after: TrafficReport
        do {
            before = try TrafficAnalysis.analyze(topology: topology, graph: graph, hottestCount: 0)
            after = try TrafficAnalysis.analyze(topology: topology, graph: graph, mask: mask, hottestCount: 0)
        } catch {
            return nil
        }
        var pushed = 0
        var further = 0
        for arc in 0..<graph.arcCount where graph.capacity[arc] > 0 {
            let utilization = after.routed.arcLoad[arc] / graph.capacity[arc]
            let prior = before.routed.arcLoad[arc] / graph.capacity[arc]
            if TrafficImpact.pushedOver(before: prior, after: utilization) { pushed += 1 }
            if TrafficImpact.overloadedFurther(before: prior, after: utilization) { further += 1 }
        }
        return TrafficImpact(
            maxUtilizationBefore: before.maxUtilization, maxUtilizationAfter: after.maxUtilization,
            throughputBefore: before.throughput, throughputAfter: after.throughput, linksPushedOverCapacity: pushed,
            unroutablePairs: after.routed.unroutedPairs, acceleratorsInTraffic: after.acceleratorsInTraffic,
            linksOverloadedFurther: further
        )
    }
}
