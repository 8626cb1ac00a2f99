import FabricModel

extension CSRGraph {
    /// Vertex connectivity of the simple view of the whole graph (parallel links merged, self-loops ignored): the
    /// fewest devices whose failure disconnects the rest; n − 1 for a complete graph, 0 when disconnected, nil for
    /// fewer than two live devices.
    ///
    /// Esfahanian–Hakimi (1984): with v of minimum degree, κ = min of κ(v, w) over w not adjacent to v and κ(x, y)
    /// over non-adjacent pairs of neighbours of v. Each κ(s, t) is a unit-capacity max flow on the vertex-split
    /// graph (Even 1975), stopped early at the best value so far.
    /// - Complexity: O((V + δ²) · κ · E) for minimum degree δ; meant for designs up to tens of thousands of links.
    public func nodeConnectivity(under mask: FailureMask? = nil) -> Int? {
        let alive = aliveArcs(under: mask)
        let vertexAlive = aliveVertices(under: mask)
        let live = (0..<vertexCount).filter { vertexAlive[$0] }
        guard live.count >= 2 else { return nil }
        // Simple adjacency.
        var neighbours = [[Int32]](repeating: [], count: vertexCount)
        for v in live {
            var seen = Set<Int32>()
            for arc in arcs(from: Int32(v)) where alive[Int(arc)] && seen.insert(head[Int(arc)]).inserted {
                neighbours[v].append(head[Int(arc)])
            }
        }
        let components = connectivity(under: mask)
        if components.componentCount > 1 { return 0 }
        guard let v = live.min(by: { (neighbours[$0].count, $0) < (neighbours[$1].count, $1) }) else { return nil }
        if neighbours[v].count == live.count - 1 && live.allSatisfy({ neighbours[$0].count == live.count - 1 }) {
            return live.count - 1
        }
        // Vertex-split network: u_in = 2u, u_out = 2u + 1; u_in → u_out capacity 1; u_out → w_in capacity V.
        var split = Topology(file: "split")
        for index in 0..<(2 * vertexCount) {
            _ = try? split.addDevice(Device(id: "\(index)", role: .other))
        }
        let big = Double(vertexCount)
        for u in live {
            _ = try? split.addLink(Link(source: Int32(2 * u), target: Int32(2 * u + 1), directed: true, bandwidth: 1))
            for w in neighbours[u] {
                _ = try? split.addLink(Link(source: Int32(2 * u + 1), target: 2 * w, directed: true, bandwidth: big))
            }
        }
        let network = CSRGraph(split)
        var solver = FlowSolver(graph: network, capacity: network.capacity)
        var best = neighbours[v].count
        func pair(_ s: Int32, _ t: Int32) {
            let flow = solver.maxFlow(from: 2 * s + 1, to: 2 * t, limit: Double(best))
            if flow.value < Double(best) - 0.5 { best = Int(flow.value.rounded()) }
        }
        var adjacentToV = Set(neighbours[v])
        adjacentToV.insert(Int32(v))
        for w in live where !adjacentToV.contains(Int32(w)) { pair(Int32(v), Int32(w)) }
        let around = neighbours[v]
        for (i, x) in around.enumerated() {
            let adjacent = Set(neighbours[Int(x)])
            for y in around[(i + 1)...] where !adjacent.contains(y) { pair(x, y) }
        }
        return best
    }
}
