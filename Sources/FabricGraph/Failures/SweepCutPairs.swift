extension CSRGraph {
    /// Cycle-space labels of the links: two links that are not bridges form a 2-edge cut (their joint removal
    /// disconnects the graph) exactly when their labels are equal, and a link alone is a cut exactly when its
    /// label is 0.
    ///
    /// Every cable off a spanning forest gets a random 64-bit label (SplitMix64, fixed seed); a forest cable gets
    /// the XOR of the labels of the off-forest cables whose fundamental cycle uses it, i.e. of those with exactly one
    /// end in the subtree below it; a link's label is the XOR of its cables'. A set of cables has XOR 0 exactly when
    /// it is an element of the cut space (Pătraşcu and Thorup 2007, "Planning for fast connectivity updates";
    /// the cut-pair classes of Tarjan 1974): equal labels are certain for real cut pairs, and a false equality has
    /// probability about n²/2⁶⁴, so callers verify every candidate pair (the sweep recomputes its impact anyway).
    /// Links are undirected and every cable counts (parallel cables and multiplicities), as in `connectivity`.
    /// - Complexity: O(V + E).
    func linkCutLabels(seed: UInt64 = 0x5EED_2CC7) -> [UInt64] {
        let n = vertexCount
        var parentArc = [Int32](repeating: -1, count: n)
        var visited = [Bool](repeating: false, count: n)
        var order: [Int32] = []
        order.reserveCapacity(n)
        for root in 0..<n where !visited[root] {
            visited[root] = true
            order.append(Int32(root))
            var read = order.count - 1
            while read < order.count {
                let v = order[read]
                read += 1
                for arc in arcs(from: v) {
                    let w = Int(head[Int(arc)])
                    if !visited[w] {
                        visited[w] = true
                        parentArc[w] = reverse[Int(arc)]
                        order.append(Int32(w))
                    }
                }
            }
        }
        var random = SplitMix64(seed: seed)
        var cableLabel = [UInt64](repeating: 0, count: arcCount)
        var below = [UInt64](repeating: 0, count: n)
        for v in 0..<n {
            for arc in Int(arcStart[v])..<Int(arcStart[v + 1]) where arc < Int(reverse[arc]) {
                let w = Int(head[arc])
                if parentArc[w] == reverse[arc] || parentArc[v] == Int32(arc) { continue }
                let label = random.next()
                cableLabel[arc] = label
                below[v] ^= label
                below[w] ^= label
            }
        }
        for index in stride(from: order.count - 1, through: 0, by: -1) {
            let v = Int(order[index])
            let arc = parentArc[v]
            guard arc >= 0 else { continue }
            let parent = Int(head[Int(arc)])
            let cable = min(Int(arc), Int(reverse[Int(arc)]))
            cableLabel[cable] = below[v]
            below[parent] ^= below[v]
        }
        var linkLabel = [UInt64](repeating: 0, count: linkCount)
        for arc in 0..<arcCount where arc < Int(reverse[arc]) { linkLabel[Int(link[arc])] ^= cableLabel[arc] }
        return linkLabel
    }
}
