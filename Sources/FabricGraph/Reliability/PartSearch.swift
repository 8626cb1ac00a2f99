import FabricModel

extension ReliabilityContext {
    /// Marks the accelerators the failed elements of `scratch` strand, by local searches; false when the caller must
    /// recompute connectivity instead (nothing is marked then).
    ///
    /// Breadth-first searches start at every surviving end of a failed link and every surviving neighbour of a
    /// failed device, inside the healthy largest accelerator component (the component is connected, so every
    /// surviving vertex's part after the failure holds such an end). They grow in turn one vertex each and merge
    /// when they meet (union-find). A search that runs out of vertices has enclosed a whole part of the masked graph:
    /// the part is kept aside. When one search is left, the parts set aside are the cut-off ones and the rest is one
    /// part; its accelerators are the survivors outside the parts. Same interleaving as `linksKeepComponents` of the
    /// sweeps (Even–Tarjan style), keeping the closed parts instead of giving up on them.
    /// - Complexity: O(R · P) for R searches and P the vertices and arcs visited before they merge, at most one
    ///   graph's arcs (then false).
    func searchStranded(_ scratch: inout StateScratch) -> Bool {
        let graph = baseline.graph
        if scratch.search.owner.count != graph.vertexCount { scratch.search.owner = [Int32](repeating: -1, count: graph.vertexCount) }
        defer { scratch.search.reset() }
        for link in scratch.failedLinks {
            for end in [baseline.linkSource[Int(link)], baseline.linkTarget[Int(link)]]
            where inScope[Int(end)] && !scratch.mask.devices[Int(end)] {
                scratch.search.start(end)
            }
        }
        for device in scratch.failedDevices where inScope[Int(device)] {
            for arc in graph.arcs(from: device) {
                let w = graph.head[Int(arc)]
                if !scratch.mask.devices[Int(w)] { scratch.search.start(w) }
            }
        }
        var active = scratch.search.roots.count
        guard active > 1 else { return true }
        var budget = graph.arcCount
        while active > 1 {
            var index = 0
            while index < scratch.search.roots.count, active > 1 {
                let root = scratch.search.roots[index]
                guard scratch.search.parent[Int(root)] == root else {
                    scratch.search.roots.swapAt(index, scratch.search.roots.count - 1)
                    scratch.search.roots.removeLast()
                    continue
                }
                let read = scratch.search.reads[Int(root)]
                if read == scratch.search.queues[Int(root)].count {
                    // Closed: a whole part of the masked graph.
                    scratch.search.closed.append(root)
                    scratch.search.roots.swapAt(index, scratch.search.roots.count - 1)
                    scratch.search.roots.removeLast()
                    active -= 1
                    continue
                }
                let vertex = scratch.search.queues[Int(root)][read]
                scratch.search.reads[Int(root)] = read + 1
                for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: scratch.mask) {
                    budget -= 1
                    if grow(root: root, to: graph.head[Int(arc)], scratch: &scratch.search) { active -= 1 }
                    if active == 1 { break }
                }
                if budget < 0 { return false }
                index += 1
            }
        }
        return markClosedParts(&scratch)
    }

    /// Extends the search that `root` now belongs to by `next`; true when that merged two searches.
    @inline(__always)
    func grow(root: Int32, to next: Int32, scratch search: inout InterleavedSearchScratch) -> Bool {
        let seen = search.owner[Int(next)]
        let mine = search.find(root)
        if seen < 0 {
            search.owner[Int(next)] = mine
            search.touched.append(next)
            search.queues[Int(mine)].append(next)
            return false
        }
        let other = search.find(seen)
        guard other != mine else { return false }
        let mineLeft = search.queues[Int(mine)].count - search.reads[Int(mine)]
        let otherLeft = search.queues[Int(other)].count - search.reads[Int(other)]
        let (winner, loser) = mineLeft >= otherLeft ? (mine, other) : (other, mine)
        search.queues[Int(winner)].append(contentsOf: search.queues[Int(loser)][search.reads[Int(loser)]...])
        search.queues[Int(loser)] = []
        search.reads[Int(loser)] = 0
        search.parent[Int(loser)] = winner
        return true
    }

    /// Marks the accelerators of the closed parts unusable, unless a closed part holds at least as many surviving
    /// accelerators as the rest (then false: the caller recomputes, which picks the largest part).
    func markClosedParts(_ scratch: inout StateScratch) -> Bool {
        guard !scratch.search.closed.isEmpty else { return true }
        let graph = baseline.graph
        var inPart: [Int32: Int] = [:]
        for root in scratch.search.closed { inPart[root] = 0 }
        var members: [Int32] = []
        for vertex in scratch.search.touched where graph.isAccelerator[Int(vertex)] {
            let root = scratch.search.find(scratch.search.owner[Int(vertex)])
            guard let count = inPart[root] else { continue }
            inPart[root] = count + 1
            members.append(vertex)
        }
        var failedInScope = 0
        for device in scratch.failedDevices where graph.isAccelerator[Int(device)] && inScope[Int(device)] { failedInScope += 1 }
        let rest = scopeAccelerators - failedInScope - members.count
        guard inPart.values.allSatisfy({ $0 < rest }) else { return false }
        for accelerator in members { markUnusable(accelerator, &scratch) }
        return true
    }
}
