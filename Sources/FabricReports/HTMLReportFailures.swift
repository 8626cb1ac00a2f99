import FabricGraph
import FabricModel

/// Every single link and device failure of a design, through the failure engine's exact sweep (`FailureSweeper`,
/// connectivity and capacity), as rows of the HTML report.
public enum SingleFailureSweep {
    /// One impact per link and per device, in the sweep's canonical order (links, then devices).
    ///
    /// Degraded accelerators are those losing injection or first-hop uplink capacity (`CapacityImpact`); as the
    /// sweep counts the two separately, the larger count is used (a lower bound on their union).
    /// - Complexity: that of `FailureSweeper.sweepSingles`: O(V + E + Σ degrees touched), both cores.
    public static func impacts(of topology: Topology, graph: CSRGraph? = nil) -> [SingleFailureImpact] {
        let sweeper = FailureSweeper(topology: topology, graph: graph)
        var result: [SingleFailureImpact] = []
        for elementClass in [SweepElementClass.links, .devices] {
            let outcomes = sweeper.sweepSingles(sweepElements(topology, class: elementClass))
            result.reserveCapacity(result.count + outcomes.count)
            for outcome in outcomes {
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
                result.append(SingleFailureImpact(
                    element: element, location: location, failedAccelerators: outcome.connectivity.failedAccelerators,
                    strandedAccelerators: outcome.connectivity.strandedAccelerators,
                    degradedAccelerators: max(outcome.capacity.acceleratorsLosingInjection, outcome.capacity.acceleratorsLosingUplink)))
            }
        }
        return result
    }
}
