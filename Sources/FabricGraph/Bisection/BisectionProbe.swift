import FabricModel

/// Cheap candidate splits for the upper bound, measured directly on the CSR graph (no partition graph, no
/// refinement): what lets a million-device Clos be bracketed in a few linear passes once a certificate has
/// proven the lower bound. A probe that meets the proven lower bound is a minimum bisection: no balanced split
/// can cross less.
enum BisectionProbe {
    /// Capacity crossing a split in each direction, and how it divides the live devices.
    struct Measure {
        /// Capacity from side 0 to side 1.
        var forward = 0.0
        /// Capacity from side 1 to side 0.
        var backward = 0.0
        /// Live accelerators on side 0 and side 1.
        var accelerators = [0, 0]
        /// Live devices on side 0 and side 1.
        var devices = [0, 0]

        /// The smaller direction.
        var capacity: Double { min(forward, backward) }
        /// Whether the accelerators are split ⌊n/2⌋ | ⌈n/2⌉.
        var isBalanced: Bool { abs(accelerators[0] - accelerators[1]) <= 1 }
        /// |devices on side 0 − devices on side 1|, the tie-break between equal cuts (most readable witness).
        var deviceImbalance: Int { abs(devices[0] - devices[1]) }
    }

    /// Measures `side` (failed devices must already be on side 0).
    /// - Complexity: O(V + E).
    static func measure(graph: CSRGraph, mask: FailureMask?, side: [UInt8]) -> Measure {
        var result = Measure()
        for vertex in 0..<graph.vertexCount {
            let own = side[vertex]
            for arc in graph.arcs(from: Int32(vertex)) where graph.isUsable(arc: arc, tail: Int32(vertex), under: mask) {
                let other = side[Int(graph.head[Int(arc)])]
                if own == 0, other == 1 { result.forward += graph.capacity[Int(arc)] }
                if own == 1, other == 0 { result.backward += graph.capacity[Int(arc)] }
            }
            if let mask, mask.devices[vertex] { continue }
            result.devices[Int(own)] += 1
            if graph.isAccelerator[vertex] { result.accelerators[Int(own)] += 1 }
        }
        return result
    }

    /// The split of an accelerator order: the first `low` on side 0, every other vertex on side 1, then the free
    /// vertices (everything but live accelerators) placed by `placeFreeVertices`.
    /// - Complexity: O(rounds · Σ deg(free vertex)).
    static func split(graph: CSRGraph, mask: FailureMask?, order: [Int32], low: Int) -> [UInt8] {
        var side = [UInt8](repeating: 1, count: graph.vertexCount)
        for vertex in order.prefix(low) { side[Int(vertex)] = 0 }
        placeFreeVertices(graph: graph, mask: mask, side: &side)
        return side
    }

    /// Puts every live vertex that is not an accelerator on the side it has more capacity to (mean of the two
    /// directions of each usable cable), repeatedly, until nothing moves: `PartitionRefinement.placeFreeVertices`
    /// on the CSR graph, with the same weights and order, so both give the same split.
    /// - Complexity: O(rounds · Σ deg(free vertex)).
    static func placeFreeVertices(graph: CSRGraph, mask: FailureMask?, side: inout [UInt8], rounds: Int = 8) {
        var free: [Int32] = []
        for vertex in 0..<graph.vertexCount where !graph.isAccelerator[vertex] && !(mask?.devices[vertex] ?? false) {
            free.append(Int32(vertex))
        }
        for _ in 0..<rounds {
            var changed = false
            for vertex in free {
                var toZero = 0.0
                var toOne = 0.0
                for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: mask) {
                    let weight = (graph.capacity[Int(arc)] + graph.capacity[Int(graph.reverse[Int(arc)])]) / 2
                    if side[Int(graph.head[Int(arc)])] == 0 { toZero += weight } else { toOne += weight }
                }
                let wanted: UInt8 = toZero > toOne ? 0 : (toOne > toZero ? 1 : side[Int(vertex)])
                if wanted != side[Int(vertex)] {
                    side[Int(vertex)] = wanted
                    changed = true
                }
            }
            if !changed { return }
        }
    }

    /// Accelerators ordered block by block, where the blocks are the connected components left after removing a
    /// hub set (the top tier): the pods of a fat-tree, the SuperPoDs of a SuperCluster. Blocks in order of their
    /// first device, accelerators ascending within a block. Nil when fewer than two blocks hold accelerators.
    /// - Complexity: O(V + E).
    static func blockOrder(graph: CSRGraph, mask: FailureMask?, hubs: [Int32]) -> (order: [Int32], blocks: Int)? {
        guard let found = blocks(graph: graph, mask: mask, hubs: hubs) else { return nil }
        return (found.order, found.start.count - 1)
    }

    /// The same blocks, those with the least *throat* per accelerator first: the throat of a block is Σ over its
    /// switches that reach both accelerators and hubs of the smaller of those two capacities (what a split crosses
    /// when the block is on one side and every hub on the other; a rack whose leaf lost an uplink or a host cable
    /// has less). Nil when there are no blocks or every block has the same throat per accelerator (the plain block
    /// order then already is this split).
    /// - Complexity: O(V + E + blocks · log blocks).
    static func throatOrder(graph: CSRGraph, mask: FailureMask?, hubs: [Int32]) -> [Int32]? {
        guard let found = blocks(graph: graph, mask: mask, hubs: hubs) else { return nil }
        var isHub = [Bool](repeating: false, count: graph.vertexCount)
        for hub in hubs { isHub[Int(hub)] = true }
        var throat = [Double](repeating: 0, count: found.start.count - 1)
        for vertex in 0..<Int32(graph.vertexCount) where found.block[Int(vertex)] >= 0 && !graph.isAccelerator[Int(vertex)] {
            var down = 0.0
            var up = 0.0
            for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: mask) {
                let head = Int(graph.head[Int(arc)])
                if graph.isAccelerator[head] { down += graph.capacity[Int(arc)] } else if isHub[head] { up += graph.capacity[Int(arc)] }
            }
            throat[Int(found.block[Int(vertex)])] += min(down, up)
        }
        let perAccelerator = throat.indices.map { throat[$0] / Double(max(1, found.start[$0 + 1] - found.start[$0])) }
        guard let first = perAccelerator.first, perAccelerator.contains(where: { abs($0 - first) > 1e-9 * max(1, first) }) else { return nil }
        let ranked = perAccelerator.indices.sorted { (perAccelerator[$0], $0) < (perAccelerator[$1], $1) }
        return ranked.flatMap { found.order[found.start[$0]..<found.start[$0 + 1]] }
    }

    /// The blocks left by removing `hubs` that hold accelerators: each vertex's block (-1 for hubs, failed devices
    /// and blocks without accelerators) and the accelerators block by block (`order[start[b]..<start[b + 1]]`,
    /// ascending within a block, blocks in order of their first device). Nil when fewer than two blocks.
    /// - Complexity: O(V + E).
    static func blocks(graph: CSRGraph, mask: FailureMask?, hubs: [Int32]) -> (block: [Int32], order: [Int32], start: [Int])? {
        var label = [Int32](repeating: -1, count: graph.vertexCount)
        for hub in hubs { label[Int(hub)] = -2 }
        var block = [Int32](repeating: -1, count: graph.vertexCount)
        var order: [Int32] = []
        var start = [0]
        var queue: [Int32] = []
        var blocks: Int32 = 0
        for first in 0..<graph.vertexCount where label[first] == -1 && !(mask?.devices[first] ?? false) {
            label[first] = blocks
            queue.removeAll(keepingCapacity: true)
            queue.append(Int32(first))
            var head = 0
            while head < queue.count {
                let vertex = queue[head]
                head += 1
                for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: mask) {
                    let next = Int(graph.head[Int(arc)])
                    if label[next] == -1 {
                        label[next] = blocks
                        queue.append(Int32(next))
                    }
                }
            }
            blocks += 1
            queue.sort()
            let before = order.count
            for vertex in queue where graph.isAccelerator[Int(vertex)] { order.append(vertex) }
            guard order.count > before else { continue }
            for vertex in queue { block[Int(vertex)] = Int32(start.count - 1) }
            start.append(order.count)
        }
        return start.count >= 3 ? (block, order, start) : nil
    }
}
