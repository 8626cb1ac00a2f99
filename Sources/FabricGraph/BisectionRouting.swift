/// The routing of uniform all-to-all that the bracket's routing certificate uses when the caller gives none: the
/// graph engine's ECMP loads (`CSRGraph.uniformECMPLoads`), per-hop equal split over shortest paths.
enum BisectionRouting {
    /// How the loads were routed, for the certificate's detail.
    static let name = "ECMP uniform all-to-all (per-hop equal split)"

    /// Per-arc ECMP loads of unit all-to-all among the live accelerators, or nil when the estimated destination
    /// passes (one per class of accelerators with identical attachment) times V + E exceed `workLimit`.
    /// - Complexity: O(P·(V + E)) for P destination passes, both cores.
    static func uniformAllToAllLoads(graph: CSRGraph, mask: FailureMask?, workLimit: Double) -> [Double]? {
        let classes = Double(attachmentClasses(graph: graph, mask: mask))
        guard classes * Double(graph.vertexCount + graph.arcCount) <= workLimit else { return nil }
        return graph.uniformECMPLoads(under: mask)
    }

    /// The number of classes of live accelerators with the same multiset of (neighbour, capacity) arcs: an upper
    /// bound on the ECMP destination passes after the engine groups twins.
    /// - Complexity: O(V + E log E).
    static func attachmentClasses(graph: CSRGraph, mask: FailureMask?) -> Int {
        var seen = Set<[Double]>()
        var singles = 0
        for accelerator in graph.accelerators where !(mask?.devices[Int(accelerator)] ?? false) {
            var signature: [Double] = []
            for arc in graph.arcs(from: accelerator) where graph.isUsable(arc: arc, tail: accelerator, under: mask) {
                let head = graph.head[Int(arc)]
                // An accelerator neighbour makes the pair's attachment differ: count it as its own class.
                if graph.isAccelerator[Int(head)] {
                    signature = []
                    singles += 1
                    break
                }
                signature.append(Double(head))
                signature.append(graph.capacity[Int(arc)])
            }
            if signature.isEmpty { continue }
            var pairs: [(Double, Double)] = stride(from: 0, to: signature.count, by: 2).map { (signature[$0], signature[$0 + 1]) }
            pairs.sort { $0 < $1 }
            seen.insert(pairs.flatMap { [$0.0, $0.1] })
        }
        return seen.count + singles
    }
}
