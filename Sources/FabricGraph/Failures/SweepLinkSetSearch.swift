/// Per-worker scratch of the interleaved local searches (`BlastRadiusBaseline.linksKeepComponents` and the
/// reliability state evaluation's part search): search owner per vertex (-1 when untouched), the union-find, queues
/// and state of the searches, all reset after each use in time proportional to what was touched.
struct InterleavedSearchScratch {
    var owner: [Int32]
    var touched: [Int32] = []
    var parent: [Int32] = []
    var queues: [[Int32]] = []
    var reads: [Int] = []
    var roots: [Int32] = []
    /// Searches that finished without meeting another (used by the part search).
    var closed: [Int32] = []

    /// Empty until first used (sized to the graph then), so workers that never search pay nothing.
    init() { owner = [] }

    mutating func find(_ id: Int32) -> Int32 { unionFindRoot(id, in: &parent) }

    mutating func reset() {
        for vertex in touched { owner[Int(vertex)] = -1 }
        touched.removeAll(keepingCapacity: true)
        parent.removeAll(keepingCapacity: true)
        queues.removeAll(keepingCapacity: true)
        reads.removeAll(keepingCapacity: true)
        roots.removeAll(keepingCapacity: true)
        closed.removeAll(keepingCapacity: true)
    }

    /// Starts a search at `vertex` unless one owns it already; true when it started one.
    @discardableResult
    mutating func start(_ vertex: Int32) -> Bool {
        guard owner[Int(vertex)] < 0 else { return false }
        let id = Int32(parent.count)
        owner[Int(vertex)] = id
        touched.append(vertex)
        parent.append(id)
        queues.append([vertex])
        reads.append(0)
        roots.append(id)
        return true
    }
}

extension BlastRadiusBaseline {
    /// Whether failing the links `links` (no devices; already set in `mask`) provably leaves every component of the
    /// healthy graph connected, so the failure disconnects nothing.
    ///
    /// The components stay the same exactly when the two ends of every failed link stay connected (a path through a
    /// failed link can then go around it). Breadth-first searches grow from every end in turn, one vertex each per
    /// round, and merge when they meet (union-find); the answer is true once the searches of each healthy component
    /// have merged into one, false as soon as a search runs out of vertices before that (it enclosed a part cut off
    /// from another end) or the searches together have scanned as many arcs as the graph has (the caller then
    /// recomputes connectivity from scratch, which it also does for false). Same interleaving as the blast-radius
    /// survey's split search (Even–Tarjan style, as in incremental connectivity).
    /// - Complexity: O(R · P) for R searches and P the vertices and arcs they visit before merging, at most
    ///   O(V + E); nothing proportional to the graph is reset.
    func linksKeepComponents(_ links: [Int32], under mask: FailureMask, scratch: inout InterleavedSearchScratch) -> Bool {
        if scratch.owner.count != graph.vertexCount { scratch.owner = [Int32](repeating: -1, count: graph.vertexCount) }
        defer { scratch.reset() }
        var componentsTouched: [Int32] = []
        for link in links {
            let ends = (linkSource[Int(link)], linkTarget[Int(link)])
            guard ends.0 != ends.1 else { continue }
            for end in [ends.0, ends.1] where scratch.start(end) {
                let component = connectivity.componentOf[Int(end)]
                if !componentsTouched.contains(component) { componentsTouched.append(component) }
            }
        }
        var unions = scratch.parent.count
        if unions == componentsTouched.count { return true }
        var budget = graph.arcCount
        while true {
            var index = 0
            while index < scratch.roots.count {
                let root = scratch.roots[index]
                // Merged searches leave the round-robin list; their queues moved to the winner.
                guard scratch.parent[Int(root)] == root else {
                    scratch.roots.swapAt(index, scratch.roots.count - 1)
                    scratch.roots.removeLast()
                    continue
                }
                let read = scratch.reads[Int(root)]
                guard read < scratch.queues[Int(root)].count else { return false }
                let vertex = scratch.queues[Int(root)][read]
                scratch.reads[Int(root)] = read + 1
                for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: mask) {
                    budget -= 1
                    let next = graph.head[Int(arc)]
                    let seen = scratch.owner[Int(next)]
                    // The search this vertex belongs to now (a merge below may have made it part of another).
                    let mine = scratch.find(root)
                    if seen < 0 {
                        scratch.owner[Int(next)] = mine
                        scratch.touched.append(next)
                        scratch.queues[Int(mine)].append(next)
                        continue
                    }
                    let other = scratch.find(seen)
                    guard other != mine else { continue }
                    // Merge the smaller pending queue into the larger one.
                    let mineLeft = scratch.queues[Int(mine)].count - scratch.reads[Int(mine)]
                    let otherLeft = scratch.queues[Int(other)].count - scratch.reads[Int(other)]
                    let (winner, loser) = mineLeft >= otherLeft ? (mine, other) : (other, mine)
                    let pending = scratch.queues[Int(loser)][scratch.reads[Int(loser)]...]
                    scratch.queues[Int(winner)].append(contentsOf: pending)
                    scratch.queues[Int(loser)] = []
                    scratch.reads[Int(loser)] = 0
                    scratch.parent[Int(loser)] = winner
                    unions -= 1
                    if unions == componentsTouched.count { return true }
                }
                if budget < 0 { return false }
                index += 1
            }
        }
    }
}
