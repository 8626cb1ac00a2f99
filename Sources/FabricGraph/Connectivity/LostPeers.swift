/// Per accelerator, how many peers a failure cuts it off from under the forwarding model, without stranding it: the
/// pairs `ForwardingReach.disconnectedPairs` counts, attributed to their ends (a GPU left on one plane of a dual-plane
/// pod loses the GPUs left only on the other plane).
extension CSRGraph {
    /// Per vertex, the accelerators alive under `mask` that it reached in the healthy graph and no longer reaches under
    /// `mask` (0 for failed vertices and vertices that are not accelerators). Both reaches count only the accelerators
    /// alive under `mask` (and, with `excluding`, not listed there: stranded ones, drained anyway), so losing a peer
    /// that failed itself does not count.
    /// - Complexity: two `forwardingReach` passes plus O(Σ over distinct signatures of the signatures they meet + E).
    public func lostPeers(under mask: FailureMask, excluding: [Int32] = []) -> [Int32] {
        var alive = aliveVertices(under: mask)
        for vertex in excluding { alive[Int(vertex)] = false }
        let before = reachCounts(forwardingReach(under: nil, counted: alive), under: nil)
        let after = reachCounts(forwardingReach(under: mask, counted: alive), under: mask)
        var lost = [Int32](repeating: 0, count: vertexCount)
        for vertex in accelerators where alive[Int(vertex)] { lost[Int(vertex)] = Int32(max(0, before[Int(vertex)] - after[Int(vertex)])) }
        return lost
    }

    /// Per vertex, the counted accelerators of `reach` it reaches, itself excluded (0 for vertices not counted).
    /// - Complexity: O(Σ over distinct signatures g of Σ over c ∈ g of the signatures holding c), plus O(E) for cables
    ///   between accelerators that do not relay.
    func reachCounts(_ reach: ForwardingReach, under mask: FailureMask?) -> [Int] {
        var total = [Int](repeating: 0, count: reach.signatures.count)
        var stamp = [Int32](repeating: -1, count: reach.signatures.count)
        for g in reach.signatures.indices {
            stamp[g] = Int32(g)
            total[g] = reach.signatureSize[g]
            for c in reach.signatures[g] {
                for h in reach.holders[Int(c)] where stamp[Int(h)] != Int32(g) {
                    stamp[Int(h)] = Int32(g)
                    total[g] += reach.signatureSize[Int(h)]
                }
            }
        }
        var counts = [Int](repeating: 0, count: vertexCount)
        let arcAlive = aliveArcs(under: mask)
        for vertex in accelerators where reach.signatureOf[Int(vertex)] >= 0 {
            let g = Int(reach.signatureOf[Int(vertex)])
            counts[Int(vertex)] = total[g] - 1
            guard reach.directCables, !mayRelay(Int(vertex)) else { continue }
            // A live cable to another counted accelerator that does not relay joins the two even without a shared relay.
            var seen = Set<Int32>()
            for arc in arcs(from: vertex) where arcAlive[Int(arc)] {
                let w = head[Int(arc)]
                let h = reach.signatureOf[Int(w)]
                guard h >= 0, !mayRelay(Int(w)), seen.insert(w).inserted else { continue }
                if !Self.sortedMeet(reach.signatures[g], reach.signatures[Int(h)]) { counts[Int(vertex)] += 1 }
            }
        }
        return counts
    }

    /// Whether two sorted lists share a value.
    static func sortedMeet(_ a: [Int32], _ b: [Int32]) -> Bool {
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { return true }
            if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return false
    }
}
