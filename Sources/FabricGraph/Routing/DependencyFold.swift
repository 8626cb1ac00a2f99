import FabricModel
import Foundation

/// A smaller graph on which minimal routing toward a subset of destinations is exactly the routing of the whole
/// graph, found from families of interchangeable blocks (SuperPoDs, pods, edge groups), tier by tier from the top.
///
/// A block is a connected component of the vertices below a tier threshold plus the higher vertices whose lower
/// neighbours all lie in it (a pod and its leaves). A family is a set of blocks where swapping any two, position by
/// position, is an automorphism of the graph that fixes every other vertex and keeps each arc's up/down direction,
/// its routability, and each vertex's accelerator and forwarding flags; no arc joins two blocks of a family
/// (verified arc by arc). Folding all but one block `K` of a family onto `K` is then a homomorphism that fixes every
/// destination outside the folded blocks, so distances, shortest-path DAGs and lanes toward such a destination are
/// those of the kept induced subgraph (the fold maps each path of the graph onto a path of the subgraph of equal
/// length and the same up/down hops). The first block of a family whose blocks carry destinations is the "home":
/// it and one other block are kept, the others dropped, and destinations of the other block are not routed (each
/// is the image of a home destination under a block swap). A family inside non-home blocks keeps one block.
/// Every destination of the graph is thus the image, under a composition of verified swaps, of a routed one.
/// This is the quotient idea of symmetry reduction in model checking (Emerson and Sistla 1996), applied per block.
struct DependencyFold {
    /// The kept induced subgraph (arcs keep the original `link` index).
    let graph: CSRGraph
    /// Original vertex of each kept vertex, ascending.
    let vertices: [Int32]
    /// Original arc of each arc of `graph`.
    let arcs: [Int32]
    /// Per kept vertex: whether a destination there is routed (it lies in no non-home block).
    let home: [Bool]
}

extension CSRGraph {
    /// The fold of this graph for minimal routing with up/down `rank` (tier in the high 32 bits), or nil when no
    /// family of at least two blocks is found (or a kept accelerator would lose a neighbour).
    /// - Complexity: O((V + E) · L) for L tier thresholds, plus O(E log Δ) for arcs whose neighbour lists are not
    ///   in the same order in two blocks; both cores verify blocks.
    func dependencyFold(rank: [Int64], transit: [Bool], routable: [Bool]) -> DependencyFold? {
        let count = vertexCount
        guard count > 0 else { return nil }
        let tier = rank.map { $0 >> 32 }
        let thresholds = Array(Set(tier)).sorted(by: >).dropLast()
        guard !thresholds.isEmpty else { return nil }
        var kept = [Bool](repeating: true, count: count)
        var other = [Bool](repeating: false, count: count)
        var changed = false
        var blockOf = [Int32](repeating: -1, count: count)
        var position = [Int32](repeating: 0, count: count)
        for threshold in thresholds {
            for vertex in 0..<count { blockOf[vertex] = -1 }
            // Components of the kept vertices below the threshold.
            var blockCount: Int32 = 0
            var queue: [Int32] = []
            for start in 0..<count where kept[start] && tier[start] < threshold && blockOf[start] < 0 {
                blockOf[start] = blockCount
                queue.removeAll(keepingCapacity: true)
                queue.append(Int32(start))
                var read = 0
                while read < queue.count {
                    let vertex = queue[read]
                    read += 1
                    for arc in arcs(from: vertex) {
                        let next = Int(head[Int(arc)])
                        if kept[next] && tier[next] < threshold && blockOf[next] < 0 {
                            blockOf[next] = blockCount
                            queue.append(Int32(next))
                        }
                    }
                }
                blockCount += 1
            }
            guard blockCount >= 2 else { continue }
            // Higher vertices whose lower neighbours all lie in one block join it (lower tiers first).
            let higher = (0..<count).filter { kept[$0] && tier[$0] >= threshold }.sorted { (tier[$0], $0) < (tier[$1], $1) }
            for vertex in higher {
                var block: Int32 = -1
                var joins = true
                for arc in arcs(from: Int32(vertex)) {
                    let next = Int(head[Int(arc)])
                    guard tier[next] < tier[vertex] else { continue }
                    if !kept[next] || blockOf[next] < 0 || (block >= 0 && blockOf[next] != block) {
                        joins = false
                        break
                    }
                    block = blockOf[next]
                }
                if joins && block >= 0 { blockOf[vertex] = block }
            }
            // Members of each block, ascending.
            var start = [Int](repeating: 0, count: Int(blockCount) + 1)
            for vertex in 0..<count where blockOf[vertex] >= 0 { start[Int(blockOf[vertex]) + 1] += 1 }
            for block in 0..<Int(blockCount) { start[block + 1] += start[block] }
            var members = [Int32](repeating: 0, count: start[Int(blockCount)])
            var fill = start
            for vertex in 0..<count where blockOf[vertex] >= 0 {
                let block = Int(blockOf[vertex])
                position[vertex] = Int32(fill[block] - start[block])
                members[fill[block]] = Int32(vertex)
                fill[block] += 1
            }
            let families = foldFamilies(
                blockCount: Int(blockCount), start: start, members: members, blockOf: blockOf,
                position: position, rank: rank, transit: transit, routable: routable)
            for family in families {
                func all(_ block: Int, _ test: (Int) -> Bool) -> Bool {
                    members[start[block]..<start[block + 1]].allSatisfy { test(Int($0)) }
                }
                let allOther = family.allSatisfy { block in all(block) { other[$0] } }
                let noneOther = family.allSatisfy { block in all(block) { !other[$0] } }
                let keep: Int
                if allOther {
                    keep = 1
                } else if noneOther {
                    keep = 2
                    for vertex in members[start[family[1]]..<start[family[1] + 1]] { other[Int(vertex)] = true }
                    changed = true
                } else {
                    continue
                }
                for block in family.dropFirst(keep) {
                    for vertex in members[start[block]..<start[block + 1]] { kept[Int(vertex)] = false }
                    changed = true
                }
            }
        }
        guard changed else { return nil }
        // A kept accelerator keeps every neighbour (its injection and twin status stay those of the whole graph); a
        // kept switch may lose accelerators, copies of kept ones with the same direction of injection.
        for vertex in 0..<count where kept[vertex] && isAccelerator[vertex] {
            for arc in arcs(from: Int32(vertex)) where !kept[Int(head[Int(arc)])] { return nil }
        }
        return induced(kept: kept, home: other.map { !$0 })
    }

    /// Families among the blocks: blocks grouped by a hash of their shape and attachments, each verified arc by arc
    /// against the group's first block; a group with an arc between two of its blocks is dropped.
    private func foldFamilies(
        blockCount: Int, start: [Int], members: [Int32], blockOf: [Int32], position: [Int32],
        rank: [Int64], transit: [Bool], routable: [Bool]
    ) -> [[Int]] {
        // The descriptor of an arc relative to its block: internal position or external vertex, direction, routability.
        @Sendable @inline(__always)
        func descriptor(_ arc: Int32, from vertex: Int, block: Int32) -> Int64 {
            let next = Int(head[Int(arc)])
            let target: Int64 = blockOf[next] == block ? Int64(position[next]) : (1 << 32) | Int64(next)
            let up: Int64 = rank[next] > rank[vertex] ? 4 : 0
            let forward: Int64 = routable[Int(arc)] ? 2 : 0
            let backward: Int64 = routable[Int(reverse[Int(arc)])] ? 1 : 0
            return target << 3 | up | forward | backward
        }
        @inline(__always)
        func mix(_ value: UInt64) -> UInt64 {
            var z = value &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        // Shape hash per block (order-independent per vertex, positional across the block).
        var hashes = [UInt64](repeating: 0, count: blockCount)
        for block in 0..<blockCount {
            var hash = UInt64(start[block + 1] - start[block])
            for vertex in members[start[block]..<start[block + 1]] {
                let v = Int(vertex)
                var local = UInt64(degree(of: vertex)) &* 31 &+ (isAccelerator[v] ? 7 : 0) &+ (transit[v] ? 3 : 0)
                for arc in arcs(from: vertex) { local = local &+ mix(UInt64(bitPattern: descriptor(arc, from: v, block: Int32(block)))) }
                hash = mix(hash ^ local)
            }
            hashes[block] = hash
        }
        var groups: [UInt64: [Int]] = [:]
        for block in 0..<blockCount { groups[hashes[block], default: []].append(block) }
        let candidates = groups.values.filter { $0.count >= 2 }.sorted { $0[0] < $1[0] }
        var groupOf = [Int32](repeating: -1, count: blockCount)
        for (index, group) in candidates.enumerated() { for block in group { groupOf[block] = Int32(index) } }
        var families: [[Int]] = []
        for group in candidates {
            let first = group[0]
            let results = ParallelSlots<UInt8>(count: group.count)
            let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, group.count - 1))
            let groupOf = groupOf
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var left: [Int64] = []
                var right: [Int64] = []
                var index = 1 + worker
                while index < group.count {
                    let block = group[index]
                    var verdict: UInt8 = 1
                    if start[block + 1] - start[block] != start[first + 1] - start[first] { verdict = 0 }
                    var offset = 0
                    while verdict == 1 && offset < start[block + 1] - start[block] {
                        let vertex = Int(members[start[block] + offset])
                        let image = Int(members[start[first] + offset])
                        offset += 1
                        if degree(of: Int32(vertex)) != degree(of: Int32(image)) || isAccelerator[vertex] != isAccelerator[image]
                            || transit[vertex] != transit[image]
                        {
                            verdict = 0
                            break
                        }
                        left.removeAll(keepingCapacity: true)
                        right.removeAll(keepingCapacity: true)
                        for arc in arcs(from: Int32(vertex)) {
                            let next = Int(head[Int(arc)])
                            let nextBlock = Int(blockOf[next])
                            if nextBlock >= 0 && nextBlock != block && groupOf[nextBlock] == groupOf[block] { verdict = 2 }
                            left.append(descriptor(arc, from: vertex, block: Int32(block)))
                        }
                        for arc in arcs(from: Int32(image)) {
                            let next = Int(head[Int(arc)])
                            let nextBlock = Int(blockOf[next])
                            if nextBlock >= 0 && nextBlock != first && groupOf[nextBlock] == groupOf[first] { verdict = 2 }
                            right.append(descriptor(arc, from: image, block: Int32(first)))
                        }
                        if verdict == 2 { break }
                        if left != right {
                            left.sort()
                            right.sort()
                            if left != right { verdict = 0 }
                        }
                    }
                    results.set(index, verdict)
                    index += workers
                }
            }
            let verdicts = results.values.map { $0 ?? 1 }
            // An arc between two blocks of the group: no fold for this group.
            if verdicts.contains(2) { continue }
            let family = [first] + group.indices.dropFirst().filter { verdicts[$0] == 1 }.map { group[$0] }
            if family.count >= 2 { families.append(family) }
        }
        return families
    }

    /// The subgraph induced by `kept` (vertex order kept), with the map of its vertices and arcs to this graph.
    /// - Complexity: O(V + E).
    func induced(kept: [Bool], home: [Bool]) -> DependencyFold {
        var newIndex = [Int32](repeating: -1, count: vertexCount)
        var vertices: [Int32] = []
        for vertex in 0..<vertexCount where kept[vertex] {
            newIndex[vertex] = Int32(vertices.count)
            vertices.append(Int32(vertex))
        }
        var arcStart: [Int32] = [0]
        var originalArcs: [Int32] = []
        var newArc = [Int32](repeating: -1, count: arcCount)
        for vertex in vertices {
            for arc in arcs(from: vertex) where kept[Int(head[Int(arc)])] {
                newArc[Int(arc)] = Int32(originalArcs.count)
                originalArcs.append(arc)
            }
            arcStart.append(Int32(originalArcs.count))
        }
        let heads = originalArcs.map { newIndex[Int(head[Int($0)])] }
        let reverses = originalArcs.map { newArc[Int(reverse[Int($0)])] }
        let accelerator = vertices.map { isAccelerator[Int($0)] }
        let graph = CSRGraph(
            vertexCount: vertices.count, linkCount: linkCount, arcStart: arcStart, head: heads,
            capacity: originalArcs.map { capacity[Int($0)] }, link: originalArcs.map { link[Int($0)] },
            reverse: reverses, isAccelerator: accelerator,
            accelerators: accelerator.indices.filter { accelerator[$0] }.map { Int32($0) },
            selfLoopCount: selfLoopCount, hasBandwidth: hasBandwidth,
            relays: vertices.map { relays[Int($0)] }, forwarding: forwarding)
        return DependencyFold(graph: graph, vertices: vertices, arcs: originalArcs, home: vertices.map { home[Int($0)] })
    }

    /// A graph from its arrays (an induced subgraph).
    init(
        vertexCount: Int, linkCount: Int, arcStart: [Int32], head: [Int32], capacity: [Double], link: [Int32], reverse: [Int32],
        isAccelerator: [Bool], accelerators: [Int32], selfLoopCount: Int, hasBandwidth: Bool,
        relays: [Bool], forwarding: ForwardingSummary
    ) {
        self.vertexCount = vertexCount
        self.linkCount = linkCount
        self.arcStart = arcStart
        self.head = head
        self.capacity = capacity
        self.link = link
        self.reverse = reverse
        self.isAccelerator = isAccelerator
        self.accelerators = accelerators
        self.selfLoopCount = selfLoopCount
        self.hasBandwidth = hasBandwidth
        self.relays = relays
        self.allRelay = !relays.contains(false)
        self.forwarding = forwarding
    }
}
