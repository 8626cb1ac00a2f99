import FabricModel

extension CSRGraph {
    /// Whether each arc is usable under `mask` (its link up, both end devices up); all true without a mask.
    /// - Complexity: O(E).
    public func aliveArcs(under mask: FailureMask?) -> [Bool] {
        guard let mask, !mask.isEmpty else { return [Bool](repeating: true, count: arcCount) }
        var alive = [Bool](repeating: true, count: arcCount)
        for vertex in 0..<vertexCount {
            let vertexDown = mask.devices[vertex]
            for arc in Int(arcStart[vertex])..<Int(arcStart[vertex + 1]) {
                alive[arc] = !vertexDown && !mask.links[Int(link[arc])] && !mask.devices[Int(head[arc])]
            }
        }
        return alive
    }

    /// Whether each vertex is up under `mask`; all true without a mask.
    /// - Complexity: O(V).
    public func aliveVertices(under mask: FailureMask?) -> [Bool] {
        guard let mask, !mask.devices.isEmpty else { return [Bool](repeating: true, count: vertexCount) }
        return (0..<vertexCount).map { !mask.devices[$0] }
    }

    /// The accelerators that are up under `mask`, ascending.
    /// - Complexity: O(number of accelerators).
    public func aliveAccelerators(under mask: FailureMask?) -> [Int32] {
        guard let mask, !mask.devices.isEmpty else { return accelerators }
        return accelerators.filter { !mask.devices[Int($0)] }
    }

    /// Per-arc capacity for undirected connectivity flows: each usable cable carries its bandwidth in both
    /// directions (a directed link counts as an undirected cable of its capacity); 0 for arcs failed by `mask`.
    /// - Parameter unit: when true every usable cable has capacity 1 (cable counting).
    /// - Parameter simple: when true (with `unit`) only the first cable between two devices counts, the
    ///   simple-graph view where parallel links are merged.
    /// - Complexity: O(E).
    public func undirectedCapacities(under mask: FailureMask?, unit: Bool, simple: Bool = false) -> [Double] {
        let alive = aliveArcs(under: mask)
        var result = [Double](repeating: 0, count: arcCount)
        var lastSeen = [Int32](repeating: -1, count: vertexCount)
        for vertex in 0..<vertexCount {
            for arc in Int(arcStart[vertex])..<Int(arcStart[vertex + 1]) where alive[arc] {
                let other = Int(head[arc])
                if simple {
                    if lastSeen[other] == Int32(vertex) { continue }
                    lastSeen[other] = Int32(vertex)
                }
                result[arc] = unit ? 1 : max(capacity[arc], capacity[Int(reverse[arc])])
            }
        }
        return result
    }
}
