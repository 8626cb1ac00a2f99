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
        var block = [Int32](repeating: -1, count: graph.vertexCount)
        for hub in hubs { block[Int(hub)] = -2 }
        var order: [Int32] = []
        var queue: [Int32] = []
        var blocks: Int32 = 0
        var withAccelerators = 0
        for start in 0..<graph.vertexCount where block[start] == -1 && !(mask?.devices[start] ?? false) {
            block[start] = blocks
            queue.removeAll(keepingCapacity: true)
            queue.append(Int32(start))
            var head = 0
            while head < queue.count {
                let vertex = queue[head]
                head += 1
                for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: mask) {
                    let next = Int(graph.head[Int(arc)])
                    if block[next] == -1 {
                        block[next] = blocks
                        queue.append(Int32(next))
                    }
                }
            }
            let before = order.count
            queue.sort()
            for vertex in queue where graph.isAccelerator[Int(vertex)] { order.append(vertex) }
            if order.count > before { withAccelerators += 1 }
            blocks += 1
        }
        return withAccelerators >= 2 ? (order, withAccelerators) : nil
    }
}
