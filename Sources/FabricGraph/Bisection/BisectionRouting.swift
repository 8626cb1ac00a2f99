import FabricModel

/// The routing of uniform all-to-all that the bracket's routing certificate uses when the caller gives none: the
/// graph engine's ECMP loads (`CSRGraph.route`), per-hop equal split over shortest paths, with racks offered as
/// symmetry blocks (the engine groups only blocks it verifies are interchangeable, so the loads stay exact).
enum BisectionRouting {
    /// How the loads were routed, for the certificate's detail.
    static let name = "ECMP uniform all-to-all (per-hop equal split)"

    /// Per-arc ECMP loads of unit all-to-all among the live accelerators, or nil when the destination passes after
    /// symmetry grouping times V + E would exceed `workLimit`.
    /// - Complexity: O(P·(V + E)) for P destination passes, both cores.
    static func uniformAllToAllLoads(graph: CSRGraph, topology: Topology?, mask: FailureMask?, workLimit: Double) -> [Double]? {
        let blocks = topology.flatMap { $0.devices.count == graph.vertexCount ? TrafficAnalysis.rackBlocks(topology: $0) : nil }
        return graph.route(
            .uniform(groups: [graph.aliveAccelerators(under: mask)]), router: .ecmp, mask: mask,
            symmetryBlocks: blocks, workLimit: workLimit)?.arcLoad
    }
}

extension BisectionRouting {
    /// How the pod-aware loads were routed, for the certificate's detail.
    static let podAwareName = "ECMP uniform all-to-all with inter-pod cables counted as 3 hops"

    /// True when some cable joins two devices of different declared pods (a dragonfly's global links, a
    /// multi-pod Clos's pod uplinks).
    static func hasInterPodCables(topology: Topology?) -> Bool {
        guard let topology else { return false }
        return topology.links.contains { isInterPod($0, topology) }
    }

    /// Whether a link joins two devices of different declared pods.
    static func isInterPod(_ link: Link, _ topology: Topology) -> Bool {
        guard let first = topology.devices[Int(link.source)].pod, let second = topology.devices[Int(link.target)].pod else { return false }
        return first != second
    }

    /// ECMP loads of unit all-to-all on the topology with every inter-pod cable replaced by a chain of three (two
    /// virtual switches in between), mapped back to the original arcs. ECMP then prefers paths with fewer pod
    /// crossings (a dragonfly's minimal routes rather than the equally short two-global detours). Still a routing
    /// of the original graph: a flow through a chain is a flow through its cable, split evenly over the cable's
    /// parallel copies. Nil over `workLimit` or when the topology does not match the graph.
    /// - Complexity: one ECMP routing of a graph with 2 more vertices per inter-pod link.
    static func podAwareLoads(graph: CSRGraph, topology: Topology, mask: FailureMask?, workLimit: Double) -> [Double]? {
        guard topology.devices.count == graph.vertexCount else { return nil }
        var stretched = Topology(file: topology.file)
        stretched.reserveCapacity(devices: topology.devices.count, links: topology.links.count)
        // For each original link: the new link whose source-side cable carries its forward flow.
        var firstSegment = [Int32](repeating: -1, count: topology.links.count)
        do {
            for device in topology.devices {
                var copy = device
                copy.attributes = [:]
                try stretched.addDevice(copy)
            }
            for (index, link) in topology.links.enumerated() {
                if let mask, mask.links[index] { continue }
                guard isInterPod(link, topology), link.source != link.target else {
                    firstSegment[index] = try stretched.addLink(link)
                    continue
                }
                let middle = try stretched.addDevice(Device(id: "\u{1}chain-\(index)-a", role: .switch))
                let next = try stretched.addDevice(Device(id: "\u{1}chain-\(index)-b", role: .switch))
                var segment = link
                segment.target = middle
                firstSegment[index] = try stretched.addLink(segment)
                segment.source = middle
                segment.target = next
                try stretched.addLink(segment)
                segment.source = next
                segment.target = link.target
                try stretched.addLink(segment)
            }
        } catch {
            return nil
        }
        let chained = CSRGraph(stretched)
        var chainedMask: FailureMask?
        if let mask {
            var copy = FailureMask(for: chained)
            for device in mask.devices.elements { copy.failDevice(Int32(device)) }
            chainedMask = copy
        }
        guard let loads = uniformAllToAllLoads(graph: chained, topology: nil, mask: chainedMask, workLimit: workLimit) else { return nil }
        // Total flow per original link and direction (forward = source → target of the link).
        var forward = [Double](repeating: 0, count: topology.links.count)
        var backward = [Double](repeating: 0, count: topology.links.count)
        var isFirst = [Int32](repeating: -1, count: stretched.links.count)
        for (index, segment) in firstSegment.enumerated() where segment >= 0 { isFirst[Int(segment)] = Int32(index) }
        for vertex in 0..<chained.vertexCount {
            for arc in chained.arcs(from: Int32(vertex)) {
                let original = isFirst[Int(chained.link[Int(arc)])]
                guard original >= 0 else { continue }
                // The first segment starts at the link's source: leaving the source is forward flow.
                if Int32(vertex) == topology.links[Int(original)].source {
                    forward[Int(original)] += loads[Int(arc)]
                } else {
                    backward[Int(original)] += loads[Int(arc)]
                }
            }
        }
        var result = [Double](repeating: 0, count: graph.arcCount)
        for vertex in 0..<graph.vertexCount {
            for arc in graph.arcs(from: Int32(vertex)) {
                let index = Int(graph.link[Int(arc)])
                let link = topology.links[index]
                let cables = Double(max(link.multiplicity, 1))
                result[Int(arc)] = (Int32(vertex) == link.source ? forward[index] : backward[index]) / cables
            }
        }
        return result
    }
}
