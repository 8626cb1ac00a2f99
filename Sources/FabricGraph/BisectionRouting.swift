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
        return graph.route(.uniform(groups: [graph.aliveAccelerators(under: mask)]), router: .ecmp, mask: mask,
                           symmetryBlocks: blocks, workLimit: workLimit)?.arcLoad
    }
}
