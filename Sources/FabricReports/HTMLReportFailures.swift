import FabricGraph
import FabricModel
import Foundation

/// Every single link and device failure of a design, through the failure engine's exact sweep (`FailureSweeper`,
/// connectivity and capacity), as rows of the HTML report.
public enum SingleFailureSweep {
    /// One impact per link and per device, in the sweep's canonical order (links, then devices).
    ///
    /// Degraded accelerators are the surviving ones losing injection or first-hop uplink capacity, each counted once
    /// (`DegradedAccelerators`: the union of the two sets the sweep's `CapacityImpact` counts separately).
    /// - Complexity: that of `FailureSweeper.sweepSingles`: O(V + E + Σ degrees touched), both cores.
    public static func impacts(of topology: Topology, graph: CSRGraph? = nil) -> [SingleFailureImpact] {
        let sweeper = FailureSweeper(topology: topology, graph: graph)
        let degraded = DegradedAccelerators(baseline: sweeper.baseline, topology: topology)
        var result: [SingleFailureImpact] = []
        for elementClass in [SweepElementClass.links, .devices] {
            let outcomes = sweeper.sweepSingles(sweepElements(topology, class: elementClass))
            let scenarios = outcomes.map { outcome -> (link: Int32, device: Int32) in
                let scenario = outcome.scenario
                if scenario.devices.isEmpty, scenario.links.count == 1 { return (scenario.links[0], -1) }
                if scenario.links.isEmpty, scenario.devices.count == 1 { return (-1, scenario.devices[0]) }
                return (-1, -1)
            }
            let degradedCounts = Self.degradedCounts(scenarios, degraded: degraded, topology: topology)
            result.reserveCapacity(result.count + outcomes.count)
            for (index, outcome) in outcomes.enumerated() {
                let element: String
                let location: SourceLocation
                if let link = outcome.scenario.links.first, outcome.scenario.devices.isEmpty {
                    element = "link " + topology.describeLink(link)
                    location = topology.location(ofLink: link)
                } else if let device = outcome.scenario.devices.first {
                    element = "device '\(topology.devices[Int(device)].id)'"
                    location = topology.location(ofDevice: device)
                } else {
                    element = outcome.label
                    location = SourceLocation(file: topology.file, line: 0, column: 0)
                }
                result.append(
                    SingleFailureImpact(
                        element: element, location: location, failedAccelerators: outcome.connectivity.failedAccelerators,
                        strandedAccelerators: outcome.connectivity.strandedAccelerators,
                        degradedAccelerators: degradedCounts[index]
                            ?? max(outcome.capacity.acceleratorsLosingInjection, outcome.capacity.acceleratorsLosingUplink),
                        worstLoss: max(outcome.capacity.worstInjectionLoss, outcome.capacity.worstUplinkLoss),
                        capacityLostBps: outcome.capacity.totalLostBps))
            }
        }
        return result
    }

    /// The degraded count of each single link or device scenario (nil for any other kind), both cores.
    static func degradedCounts(_ scenarios: [(link: Int32, device: Int32)], degraded: DegradedAccelerators, topology: Topology) -> [Int?] {
        let slots = ParallelSlots<Int>(count: scenarios.count)
        let chunkSize = max(1, min(4096, scenarios.count / 64))
        let chunks = (scenarios.count + chunkSize - 1) / chunkSize
        let links = topology.links
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var scratch = DegradedAccelerators.Scratch(vertexCount: degraded.baseline.graph.vertexCount)
            for index in (chunk * chunkSize)..<min(scenarios.count, (chunk + 1) * chunkSize) {
                let (link, device) = scenarios[index]
                guard link >= 0 || device >= 0 else { continue }
                let ends = link >= 0 ? (links[Int(link)].source, links[Int(link)].target) : (-1, -1)
                slots.set(index, degraded.count(link: link, device: device, ends: ends, scratch: &scratch))
            }
        }
        return slots.values
    }
}
