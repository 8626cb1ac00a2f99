/// Accelerators cut off from the largest accelerator component when a set of links fails, found by searching only
/// from the failed links' ends.
///
/// Every component that failing links creates contains an end of a failed link (a component without one is a
/// component of the intact graph). Breadth-first searches from every end run in lockstep, one vertex each per round,
/// and merge when they meet (union-find); a search whose queue empties is a complete new component. Once each split
/// component of the intact graph has at most one open search, that search is the remainder, whose accelerators are
/// the component's minus those of the closed pieces. The work is about the number of open searches times the size
/// of the pieces cut off, instead of the whole graph per failure (Even–Tarjan style interleaving, as in incremental
/// connectivity).
struct SplitSearch {
    /// The interleaved searches' owners, union-find and queues (shared with `linksKeepComponents`).
    private var search = InterleavedSearchScratch()
    /// Per search: accelerators found, lowest vertex, whether it ran out of vertices (a complete piece).
    private var accelerators: [Int] = []
    private var lowest: [Int32] = []
    private var closed: [Bool] = []

    init(vertexCount: Int) { search.owner = [Int32](repeating: -1, count: vertexCount) }

    /// Accelerators outside the largest accelerator component once the links marked in `failed` (with ends `ends`)
    /// are down, not counting `local` ones; nil when the largest component is not determined (a tie involving a
    /// remainder), for the caller to label everything.
    /// - Complexity: O(R · P) for R open searches and P vertices and arcs of the pieces cut off, at most O(V + E)
    ///   per search.
    mutating func outside(
        graph: CSRGraph, failed: [Bool], ends: [Int32], connectivity: ConnectivityAnalysis,
        local: [Int32]
    ) -> Int? {
        defer {
            search.reset()
            accelerators.removeAll(keepingCapacity: true)
            lowest.removeAll(keepingCapacity: true)
            closed.removeAll(keepingCapacity: true)
        }
        // Open searches per component of the intact graph.
        var openIn: [Int32: Int] = [:]
        for end in ends where search.start(end) {
            accelerators.append(graph.isAccelerator[Int(end)] ? 1 : 0)
            lowest.append(end)
            closed.append(false)
            openIn[connectivity.componentOf[Int(end)], default: 0] += 1
        }
        var active = Array(0..<Int32(search.parent.count))
        var unsettled = openIn.values.reduce(0) { $0 + ($1 > 1 ? 1 : 0) }
        while unsettled > 0 {
            var next: [Int32] = []
            next.reserveCapacity(active.count)
            for id in active {
                guard search.find(id) == id, !closed[Int(id)] else { continue }
                if unsettled == 0 { break }
                let component = connectivity.componentOf[Int(lowest[Int(id)])]
                // The last open search of a component is its remainder: no need to explore it.
                if openIn[component, default: 0] <= 1 { continue }
                if search.reads[Int(id)] == search.queues[Int(id)].count {
                    closed[Int(id)] = true
                    openIn[component, default: 1] -= 1
                    if openIn[component] == 1 { unsettled -= 1 }
                    continue
                }
                let vertex = search.queues[Int(id)][search.reads[Int(id)]]
                search.reads[Int(id)] += 1
                var root = id
                for arc in graph.arcs(from: vertex) where !failed[Int(graph.link[Int(arc)])] {
                    let w = graph.head[Int(arc)]
                    let seen = search.owner[Int(w)]
                    if seen < 0 {
                        search.owner[Int(w)] = root
                        search.touched.append(w)
                        search.queues[Int(root)].append(w)
                        if graph.isAccelerator[Int(w)] { accelerators[Int(root)] += 1 }
                        lowest[Int(root)] = min(lowest[Int(root)], w)
                        continue
                    }
                    let other = search.find(seen)
                    guard other != root else { continue }
                    root = merge(root, other)
                    openIn[component, default: 2] -= 1
                    if openIn[component] == 1 { unsettled -= 1 }
                }
                next.append(root)
            }
            if next.isEmpty { break }
            active = next
        }
        // Components after the failure: closed pieces, one remainder per split component, untouched components.
        var cutOff: [Int32: Int] = [:]
        var best: (accelerators: Int, which: Largest)?
        var tie = false
        func consider(_ count: Int, _ which: Largest) {
            guard count > 0 else { return }
            if let current = best, count < current.accelerators { return }
            if let current = best, count == current.accelerators {
                tie = true
                return
            }
            best = (count, which)
            tie = false
        }
        for id in 0..<Int32(search.parent.count) where search.parent[Int(id)] == id && closed[Int(id)] {
            cutOff[connectivity.componentOf[Int(lowest[Int(id)])], default: 0] += accelerators[Int(id)]
            consider(accelerators[Int(id)], .piece(id))
        }
        for (component, count) in connectivity.componentAccelerators.enumerated() where count > 0 {
            let c = Int32(component)
            if openIn[c] == nil { consider(count, .untouched(c)) } else { consider(count - cutOff[c, default: 0], .remainder(c)) }
        }
        // Equal largest components: which one the intact numbering picks needs every lowest vertex; label instead.
        if tie { return nil }
        guard let best else { return 0 }
        var outside = graph.accelerators.count - best.accelerators
        for accelerator in local where graph.isAccelerator[Int(accelerator)] {
            if !inLargest(accelerator, best.which, connectivity: connectivity) { outside -= 1 }
        }
        return outside
    }

    /// Merges two searches: the smaller open queue moves into the larger, which keeps its id; returns that id.
    private mutating func merge(_ root: Int32, _ other: Int32) -> Int32 {
        let rootLeft = search.queues[Int(root)].count - search.reads[Int(root)]
        let otherLeft = search.queues[Int(other)].count - search.reads[Int(other)]
        let (keep, drop) = rootLeft >= otherLeft ? (root, other) : (other, root)
        search.queues[Int(keep)].append(contentsOf: search.queues[Int(drop)][search.reads[Int(drop)]...])
        search.queues[Int(drop)] = []
        search.reads[Int(drop)] = 0
        search.parent[Int(drop)] = keep
        accelerators[Int(keep)] += accelerators[Int(drop)]
        lowest[Int(keep)] = min(lowest[Int(keep)], lowest[Int(drop)])
        return keep
    }

    /// The largest component after a failure.
    enum Largest {
        case piece(Int32)
        case remainder(Int32)
        case untouched(Int32)
    }

    private mutating func inLargest(_ vertex: Int32, _ largest: Largest, connectivity: ConnectivityAnalysis) -> Bool {
        let component = connectivity.componentOf[Int(vertex)]
        var root: Int32 = -1
        if search.owner[Int(vertex)] >= 0 { root = search.find(search.owner[Int(vertex)]) }
        switch largest {
        case .piece(let id): return root == id
        case .remainder(let c): return component == c && (root < 0 || !closed[Int(root)])
        case .untouched(let c): return component == c
        }
    }
}
