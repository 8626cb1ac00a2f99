/// The routing of uniform all-to-all that the bracket's routing certificate uses when the caller gives none.
enum BisectionRouting {
    /// How the loads were routed, for the certificate's detail.
    static let name = "shortest-path trees by capacity"

    /// Largest n·(V + E) routed here (one Dijkstra per accelerator).
    static let workLimit = 300_000_000

    /// Per-arc loads of unit all-to-all among the live accelerators, each source along its shortest-path tree with
    /// arc length 1/capacity; nil when the design is too large for one Dijkstra per accelerator.
    /// - Complexity: O(n · E log V).
    static func uniformAllToAllLoads(graph: CSRGraph, mask: FailureMask?) -> [Double]? {
        let sources = graph.accelerators.filter { !(mask?.devices[Int($0)] ?? false) }
        guard sources.count * (graph.vertexCount + graph.arcCount) <= workLimit else { return nil }
        var lengths = [Double](repeating: .infinity, count: graph.arcCount)
        for vertex in 0..<graph.vertexCount {
            for arc in graph.arcs(from: Int32(vertex)) where graph.capacity[Int(arc)] > 0
                && graph.isUsable(arc: arc, tail: Int32(vertex), under: mask) {
                lengths[Int(arc)] = 1 / graph.capacity[Int(arc)]
            }
        }
        return ConcurrentFlow.treeRouting(graph: graph, sources: sources, lengths: lengths)
    }
}
