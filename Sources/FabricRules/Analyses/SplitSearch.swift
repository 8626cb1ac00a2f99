import FabricGraph

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
    private var owner: [Int32]
    private var touched: [Int32] = []
    private var parent: [Int32] = []
    private var queues: [[Int32]] = []
    private var read: [Int] = []
    private var accelerators: [Int] = []
    private var lowest: [Int32] = []
    private var closed: [Bool] = []

    init(vertexCount: Int) { owner = [Int32](repeating: -1, count: vertexCount) }

    private mutating func find(_ id: Int32) -> Int32 { unionFindRoot(id, in: &parent) }

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
            for vertex in touched { owner[Int(vertex)] = -1 }
            touched.removeAll(keepingCapacity: true)
            parent.removeAll(keepingCapacity: true)
            queues.removeAll(keepingCapacity: true)
            read.removeAll(keepingCapacity: true)
            accelerators.removeAll(keepingCapacity: true)
            lowest.removeAll(keepingCapacity: true)
            closed.removeAll(keepingCapacity: true)
        }
        // Open searches per component of the intact graph.
        var openIn: [Int32: Int] = [:]
        for end in ends where owner[Int(end)] < 0 {
            let id = Int32(parent.count)
            owner[Int(end)] = id
            touched.append(end)
            parent.append(id)
            queues.append([end])
            read.append(0)
            accelerators.append(graph.isAccelerator[Int(end)] ? 1 : 0)
            lowest.append(end)
            closed.append(false)
            openIn[connectivity.componentOf[Int(end)], default: 0] += 1
        }
        var active = Array(0..<Int32(parent.count))
        var unsettled = openIn.values.reduce(0) { $0 + ($1 > 1 ? 1 : 0) }
        while unsettled > 0 {
            var next: [Int32] = []
            next.reserveCapacity(active.count)
            for search in active {
                guard find(search) == search, !closed[Int(search)] else { continue }
                if unsettled == 0 { break }
                let component = connectivity.componentOf[Int(lowest[Int(search)])]
                // The last open search of a component is its remainder: no need to explore it.
                if openIn[component, default: 0] <= 1 { continue }
                if read[Int(search)] == queues[Int(search)].count {
                    closed[Int(search)] = true
                    openIn[component, default: 1] -= 1
                    if openIn[component] == 1 { unsettled -= 1 }
                    continue
                }
                let vertex = queues[Int(search)][read[Int(search)]]
                read[Int(search)] += 1
                var root = search
                for arc in graph.arcs(from: vertex) where !failed[Int(graph.link[Int(arc)])] {
                    let w = graph.head[Int(arc)]
                    let seen = owner[Int(w)]
                    if seen < 0 {
                        owner[Int(w)] = root
                        touched.append(w)
                        queues[Int(root)].append(w)
                        if graph.isAccelerator[Int(w)] { accelerators[Int(root)] += 1 }
                        lowest[Int(root)] = min(lowest[Int(root)], w)
                        continue
                    }
                    let other = find(seen)
                    guard other != root else { continue }
                    // Merge the smaller open queue into the larger; the merged search keeps the larger id's slot.
                    let (keep, drop) =
                        queues[Int(root)].count - read[Int(root)] >= queues[Int(other)].count - read[Int(other)]
                        ? (root, other) : (other, root)
                    queues[Int(keep)].append(contentsOf: queues[Int(drop)][read[Int(drop)]...])
                    queues[Int(drop)] = []
                    read[Int(drop)] = 0
                    parent[Int(drop)] = keep
                    accelerators[Int(keep)] += accelerators[Int(drop)]
                    lowest[Int(keep)] = min(lowest[Int(keep)], lowest[Int(drop)])
                    openIn[component, default: 2] -= 1
                    if openIn[component] == 1 { unsettled -= 1 }
                    root = keep
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
        for id in 0..<Int32(parent.count) where parent[Int(id)] == id && closed[Int(id)] {
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

    /// The largest component after a failure.
    enum Largest {
        case piece(Int32)
        case remainder(Int32)
        case untouched(Int32)
    }

    private mutating func inLargest(_ vertex: Int32, _ largest: Largest, connectivity: ConnectivityAnalysis) -> Bool {
        let component = connectivity.componentOf[Int(vertex)]
        var root: Int32 = -1
        if owner[Int(vertex)] >= 0 { root = find(owner[Int(vertex)]) }
        switch largest {
        case .piece(let id): return root == id
        case .remainder(let c): return component == c && (root < 0 || !closed[Int(root)])
        case .untouched(let c): return component == c
        }
    }
}
