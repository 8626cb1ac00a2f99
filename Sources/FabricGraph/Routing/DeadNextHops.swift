import FabricModel

/// One destination cut off by a failure under imported forwarding tables: the switch whose entry names a failed link
/// or device, and the destination it can no longer reach until the subnet manager re-routes.
public struct DeadNextHopRecord: Hashable, Sendable, Codable {
    /// The switch whose next hop died.
    public var device: String
    /// The destination address as the tables name it (`0x0008`).
    public var lid: String
    /// The destination device.
    public var destination: String
}

extension CSRGraph {
    /// The dead next hops of the topology's imported tables under `mask`, by switch then LID; empty without tables.
    /// - Complexity: O(columns × rows), one pass of `forwardingProblems(plan:under:)`.
    public func deadNextHops(topology: Topology, under mask: FailureMask) -> [DeadNextHopRecord] {
        guard let state = topology.forwardingState, let plan = try? ForwardingPlan(state: state, graph: self) else { return [] }
        let problems = forwardingProblems(plan: plan, under: mask).filter { $0.kind == .deadNextHop }
        let sorted = problems.sorted { ($0.device, $0.address) < ($1.device, $1.address) }
        return sorted.map {
            DeadNextHopRecord(
                device: topology.devices[Int($0.device)].id, lid: ForwardingProblem.hex($0.address),
                destination: topology.devices[Int($0.destination)].id)
        }
    }
}

extension CSRGraph {
    /// Per sweep record, the dead next hops of the topology's imported tables under its failure (the devices and links
    /// the record names, resolved as `whatif --fail` resolves them); nil without tables. A post-pass over the records a
    /// report shows, not the whole sweep.
    /// - Complexity: O(records × columns × rows).
    public func deadNextHops(topology: Topology, records: [SweepRecord]) -> [[DeadNextHopRecord]]? {
        guard topology.forwardingState != nil else { return nil }
        let resolver = FailureSelectorResolver(topology)
        return records.map { record in
            let names = record.failure.devices + record.failure.links.map(\.id)
            guard let scenario = try? resolver.resolve(texts: names) else { return [] }
            return deadNextHops(topology: topology, under: scenario.mask(for: self))
        }
    }
}
