import FabricGraph
import FabricModel
import Foundation

/// The accelerators a failure scenario (or a `--state`) takes out of service, rolled up by host, rack and pod, and
/// the Slurm nodes to drain.
///
/// An accelerator is *failed* when it is itself down, *stranded* when it survives but is cut off from the largest
/// part of its accelerator component (`BlastRadiusBaseline.strandedAccelerators`, forwarding model included), and
/// *cut off* when it stays in the largest part but no longer reaches some peers it reached before, stranded ones
/// aside (under the
/// forwarding model: a GPU left on one plane loses the GPUs left only on the other; `CSRGraph.lostPeers`), and
/// *degraded* when it stays connected but loses injection or first-hop uplink capacity. The drain list holds the
/// Slurm nodes (named as `fabcheck export --format slurm` names them, `--slurm-node` included) with a failed, stranded
/// or cut-off accelerator (a job spanning it and a lost peer cannot run), and with `drainDegraded` also those with a
/// degraded one.
public struct AffectedWork: Hashable, Sendable, Codable {
    /// Accelerators in the topology analysed (the design for a state, "now" for a what-if on top of a state).
    public var accelerators: Int
    /// Failed accelerators, ids in device order (every one: no list is cut).
    public var failed: [String]
    /// Stranded accelerators, ids in device order.
    public var stranded: [String]
    /// Connected accelerators that lose capacity, ids in device order.
    public var degraded: [String]
    /// Accelerators neither failed nor stranded that no longer reach some peers, with how many, in device order.
    public var cutOff: [PeerLoss]
    /// Groups of the host level (the `host` attribute, else `rack`) with an affected accelerator, most affected first.
    public var byHost: [AffectedGroup]
    /// Racks with an affected accelerator.
    public var byRack: [AffectedGroup]
    /// Pods with an affected accelerator.
    public var byPod: [AffectedGroup]
    /// The device attribute hosts are named by (`host` or `rack`), nil when devices carry neither.
    public var hostAttribute: String?
    /// Slurm nodes to drain, in natural order.
    public var drainNodes: [String]
    /// What makes a node drained: `failed, stranded or cut off`, or `failed, stranded, cut off or degraded`.
    public var drainCriterion: String
    /// How Slurm nodes are named: `one per accelerator` or `one per 'rack'`.
    public var slurmNodeUnit: String
}

/// One host, rack or pod with affected accelerators.
public struct AffectedGroup: Hashable, Sendable, Codable {
    /// The group's name (the attribute's value).
    public var name: String
    /// Accelerators of the group.
    public var accelerators: Int
    /// Failed accelerators of the group.
    public var failed: Int
    /// Stranded accelerators of the group.
    public var stranded: Int
    /// Degraded accelerators of the group.
    public var degraded: Int
    /// Cut-off accelerators of the group (reach fewer peers).
    public var cutOff: Int

    /// Failed, stranded, cut off or degraded.
    public var affected: Int { failed + stranded + cutOff + degraded }
}

/// An accelerator cut off from some peers.
public struct PeerLoss: Hashable, Sendable, Codable {
    /// Device id.
    public var id: String
    /// Peers (alive accelerators) it reached before and no longer reaches.
    public var lostPeers: Int
}

extension AffectedWork {
    /// The affected work of `scenario` (indices of `topology`).
    /// - Parameters:
    ///   - slurmNode: the device attribute naming Slurm nodes (`--slurm-node`), nil for one node per accelerator.
    ///   - drainDegraded: drain nodes with a degraded accelerator as well.
    /// - Complexity: O(V + E) for the connectivity and capacity diffs, plus O(A log A) to sort the groups.
    public static func compute(
        topology: Topology, scenario: FailureScenario, slurmNode: String? = nil,
        drainDegraded: Bool = false
    ) throws(ExportError) -> AffectedWork {
        let graph = CSRGraph(topology)
        let baseline = BlastRadiusBaseline(graph: graph, topology: topology)
        let mask = scenario.mask(for: graph)
        let stranded = baseline.strandedAccelerators(under: mask, after: graph.connectivity(under: mask))
        // 0 untouched, 1 failed, 2 stranded, 3 degraded, 4 cut off (before degraded: it decides the drain).
        var state = [UInt8](repeating: 0, count: topology.devices.count)
        for device in scenario.devices where topology.devices[Int(device)].isAccelerator { state[Int(device)] = 1 }
        for accelerator in stranded where state[Int(accelerator)] == 0 { state[Int(accelerator)] = 2 }
        let lost = graph.lostPeers(under: mask, excluding: stranded)
        for accelerator in graph.accelerators where lost[Int(accelerator)] > 0 && state[Int(accelerator)] == 0 { state[Int(accelerator)] = 4 }
        for loss in baseline.capacityLosses(under: mask) where state[Int(loss.accelerator)] == 0 { state[Int(loss.accelerator)] = 3 }
        let nodes = try SlurmNodes(topology, attribute: slurmNode)
        let hostAttribute =
            topology.devices.contains { $0.attributes["host"] != nil }
            ? "host"
            : (topology.devices.contains { $0.rack != nil } ? "rack" : nil)
        var lists: [[String]] = [[], [], [], [], []]
        var cutOff: [PeerLoss] = []
        var drain = Set<Int32>()
        var hosts = GroupTally()
        var racks = GroupTally()
        var pods = GroupTally()
        var accelerators = 0
        for (index, device) in topology.devices.enumerated() where device.isAccelerator {
            accelerators += 1
            let kind = Int(state[index])
            hosts.add(hostAttribute.flatMap { SlurmNodes.value(of: $0, in: device) }, kind: kind)
            racks.add(device.rack, kind: kind)
            pods.add(device.pod, kind: kind)
            guard kind > 0 else { continue }
            lists[kind].append(device.id)
            if kind == 4 { cutOff.append(PeerLoss(id: device.id, lostPeers: Int(lost[index]))) }
            if kind != 3 || drainDegraded { drain.insert(nodes.nodeOf[index]) }
        }
        return AffectedWork(
            accelerators: accelerators, failed: lists[1], stranded: lists[2], degraded: lists[3], cutOff: cutOff,
            byHost: hosts.affectedGroups(), byRack: racks.affectedGroups(), byPod: pods.affectedGroups(),
            hostAttribute: hostAttribute,
            drainNodes: drain.map { nodes.names[Int($0)] }.sorted(by: naturalLess),
            drainCriterion: drainDegraded ? "failed, stranded, cut off or degraded" : "failed, stranded or cut off",
            slurmNodeUnit: nodes.unitDescription
        )
    }
}

/// Per-group counts of one rollup level, built in one pass over the accelerators.
private struct GroupTally {
    private var index: [String: Int] = [:]
    private var groups: [AffectedGroup] = []

    mutating func add(_ name: String?, kind: Int) {
        guard let name else { return }
        let slot: Int
        if let existing = index[name] {
            slot = existing
        } else {
            slot = groups.count
            index[name] = slot
            groups.append(AffectedGroup(name: name, accelerators: 0, failed: 0, stranded: 0, degraded: 0, cutOff: 0))
        }
        groups[slot].accelerators += 1
        switch kind {
        case 1: groups[slot].failed += 1
        case 2: groups[slot].stranded += 1
        case 3: groups[slot].degraded += 1
        case 4: groups[slot].cutOff += 1
        default: break
        }
    }

    /// The groups with an affected accelerator: most failed and stranded first, then most cut off, then most degraded,
    /// then by name.
    func affectedGroups() -> [AffectedGroup] {
        groups.filter { $0.affected > 0 }.sorted { lhs, rhs in
            let left = (lhs.failed + lhs.stranded, lhs.cutOff, lhs.degraded)
            let right = (rhs.failed + rhs.stranded, rhs.cutOff, rhs.degraded)
            if left != right { return left > right }
            return naturalLess(lhs.name, rhs.name)
        }
    }
}

extension AffectedWork {
    /// `scontrol update nodename=HOSTLIST state=drain reason="..."` lines, at most `perLine` nodes on each (Slurm
    /// takes hostlist expressions; long lists are split so each command stays short), or nothing to drain.
    public func scontrolLines(reason: String, perLine: Int = 64) -> String {
        guard !drainNodes.isEmpty else { return "# nothing to drain (\(drainCriterion): none)\n" }
        let quoted = reason.replacingOccurrences(of: "\"", with: "'")
        var out = "# drain \(drainNodes.count) slurm node\(drainNodes.count == 1 ? "" : "s") (\(slurmNodeUnit)) with a \(drainCriterion) accelerator\n"
        var start = 0
        while start < drainNodes.count {
            let chunk = Array(drainNodes[start..<min(drainNodes.count, start + max(1, perLine))])
            out += "scontrol update nodename=\(SlurmTopologyExporter.hostlist(chunk)) state=drain reason=\"\(quoted)\"\n"
            start += chunk.count
        }
        return out
    }

    /// The nodes to drain as one Slurm hostlist expression per line (empty when none).
    public func nodeList() -> String {
        drainNodes.isEmpty ? "" : SlurmTopologyExporter.hostlist(drainNodes) + "\n"
    }

    /// The rollup for people: totals, then the first `limit` groups of each level (with the count left out).
    public func text(limit: Int = 10) -> String {
        var lines: [String] = []
        let affected = failed.count + stranded.count + cutOff.count + degraded.count
        lines.append(
            "affected work: \(affected) of \(accelerators) accelerators (\(failed.count) failed, \(stranded.count) stranded, "
                + "\(cutOff.count) cut off from some peers, \(degraded.count) degraded)")
        if !cutOff.isEmpty {
            let worst = cutOff.max { ($0.lostPeers, $1.id) < ($1.lostPeers, $0.id) }
            lines.append(
                "  cut off: \(cutOff.reduce(0) { $0 + $1.lostPeers }) lost peer pairings (each pair counted at both ends); worst "
                    + "'\(worst?.id ?? "")' lost \(worst?.lostPeers ?? 0)")
        }
        func level(_ title: String, _ groups: [AffectedGroup]) {
            guard !groups.isEmpty else { return }
            lines.append("  by \(title): \(groups.count) affected")
            for group in groups.prefix(limit) {
                lines.append(
                    "    \(group.name): \(group.affected) of \(group.accelerators) (\(group.failed) failed, "
                        + "\(group.stranded) stranded, \(group.cutOff) cut off, \(group.degraded) degraded)")
            }
            if groups.count > limit { lines.append("    ... \(groups.count - limit) more") }
        }
        if let hostAttribute, hostAttribute != "rack" { level("host ('\(hostAttribute)')", byHost) }
        level("rack", byRack)
        level("pod", byPod)
        lines.append("drain: \(drainNodes.count) slurm node\(drainNodes.count == 1 ? "" : "s") (\(slurmNodeUnit)) with a \(drainCriterion) accelerator")
        return lines.joined(separator: "\n") + "\n"
    }
}
