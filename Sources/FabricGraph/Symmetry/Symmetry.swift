import FabricModel

/// Families of interchangeable blocks of vertices: swapping any two blocks of a family (position by position) is an
/// automorphism of the graph under the mask that also preserves the traffic groups. Each family's blocks are
/// listed with their incident arcs in aligned order, so loads computed for one block carry over to the others.
///
/// Found by grouping candidate blocks by an exact signature (per position: accelerator flag, traffic group, and the
/// sorted list of incident arcs as (internal position or external vertex, capacity each way)) and keeping a family
/// only when no block has a neighbour in another block of the same family. Equal signatures then make the block swap
/// an automorphism: internal arcs map to internal arcs of equal capacity, external arcs keep their external end.
/// Blocks are first bucketed by an order-free hash of the same data, so only blocks that may match build the full
/// signature (candidates where every block differs cost one hashing pass).
public struct SymmetryFamilies: Sendable {
    /// One family: `blocks[k][i]` is position i of block k; `arcs[k][j]` is the j-th incident arc of block k.
    public struct Family: Sendable {
        /// The blocks, each a list of vertices by position.
        public let blocks: [[Int32]]
        /// For each block, its incident arcs (out-arcs of members, then reverses of arcs leaving the block), aligned
        /// across blocks.
        public let arcs: [[Int32]]
    }

    /// Families with at least two blocks.
    public let families: [Family]

    /// Finds families among the candidate blocks `blockOf` (block id per vertex, -1 for none), considering only arcs
    /// with `routable[arc]`, traffic groups `groupOf` (-1 for vertices without demand) and per-vertex source weights.
    /// With `listArcs` false the families' `arcs` are left empty (callers that only map vertices save the memory).
    /// - Complexity: O(V + E log Δ) for sorting each vertex's arcs of the blocks that share a hash.
    public init(graph: CSRGraph, routable: [Bool], blockOf: [Int32], groupOf: [Int32], weight: [Double], listArcs: Bool = true) {
        // Members per block, blocks in ascending id order, members in vertex order (counting sort by block id).
        var blockIDs: [Int32] = []
        var sizes: [Int32] = []
        // Slot of each block id: an array when the ids are dense enough (they usually are: 0..<blocks or vertex ids).
        let maxID = Int(blockOf.max() ?? -1)
        let dense = maxID < 2 * graph.vertexCount + 64
        var slotArray = [Int32](repeating: -1, count: dense ? maxID + 1 : 0)
        var slotTable: [Int32: Int32] = [:]
        func slot(_ id: Int32) -> Int32? {
            if dense { return slotArray[Int(id)] >= 0 ? slotArray[Int(id)] : nil }
            return slotTable[id]
        }
        for vertex in 0..<graph.vertexCount where blockOf[vertex] >= 0 {
            let id = blockOf[vertex]
            if let found = slot(id) {
                sizes[Int(found)] += 1
            } else {
                if dense { slotArray[Int(id)] = Int32(blockIDs.count) } else { slotTable[id] = Int32(blockIDs.count) }
                blockIDs.append(id)
                sizes.append(1)
            }
        }
        guard blockIDs.count >= 2 else {
            families = []
            return
        }
        let order = blockIDs.indices.sorted { blockIDs[$0] < blockIDs[$1] }
        var rank = [Int32](repeating: 0, count: blockIDs.count)  // slot -> block index in ascending id order
        for (index, slot) in order.enumerated() { rank[slot] = Int32(index) }
        var start = [Int](repeating: 0, count: blockIDs.count + 1)
        for (index, slot) in order.enumerated() { start[index + 1] = start[index] + Int(sizes[slot]) }
        var flat = [Int32](repeating: 0, count: start[blockIDs.count])
        var fill = Array(start.dropLast())
        var blockIndexOfVertex = [Int32](repeating: -1, count: graph.vertexCount)
        var positionOf = [Int32](repeating: -1, count: graph.vertexCount)
        for vertex in 0..<graph.vertexCount where blockOf[vertex] >= 0 {
            guard let found = slot(blockOf[vertex]) else { continue }
            let block = Int(rank[Int(found)])
            positionOf[vertex] = Int32(fill[block] - start[block])
            flat[fill[block]] = Int32(vertex)
            fill[block] += 1
            blockIndexOfVertex[vertex] = Int32(block)
        }
        let blockCount = blockIDs.count
        let vertexCount = Int64(graph.vertexCount)
        // The key of an arc: the head's position inside the block, or vertexCount + head outside it.
        func key(_ arc: Int32, _ block: Int32) -> Int64 {
            let head = Int(graph.head[Int(arc)])
            return blockIndexOfVertex[head] == block ? Int64(positionOf[head]) : vertexCount + Int64(head)
        }
        func forward(_ arc: Int32) -> Double { routable[Int(arc)] ? graph.capacity[Int(arc)] : 0 }
        func backward(_ arc: Int32) -> Double {
            let back = Int(graph.reverse[Int(arc)])
            return routable[back] ? graph.capacity[back] : 0
        }
        // Pass 1: an order-free hash per block (the arcs of a vertex are summed, so no sorting).
        var buckets: [UInt64: [Int32]] = [:]
        for block in 0..<blockCount {
            var hash = Self.mix(UInt64(start[block + 1] - start[block]))
            for index in start[block]..<start[block + 1] {
                let vertex = flat[index]
                var arcSum: UInt64 = 0
                var arcCount: UInt64 = 0
                for arc in graph.arcs(from: vertex) {
                    let (f, b) = (forward(arc), backward(arc))
                    if f == 0 && b == 0 { continue }
                    arcCount += 1
                    arcSum &+= Self.mix(UInt64(bitPattern: key(arc, Int32(block))) &+ Self.mix(f.bitPattern ^ Self.mix(b.bitPattern)))
                }
                let vertexHash = Self.mix(
                    (graph.isAccelerator[Int(vertex)] ? 1 : 2) ^ Self.mix(UInt64(bitPattern: Int64(groupOf[Int(vertex)])))
                        ^ Self.mix(weight[Int(vertex)].bitPattern &+ 17) ^ Self.mix(arcSum &+ arcCount))
                hash = Self.mix(hash ^ vertexHash)
            }
            buckets[hash, default: []].append(Int32(block))
        }
        // Pass 2: exact signatures inside buckets of two or more blocks; equal signatures form a class.
        var keyed: [(key: Int64, forward: Double, backward: Double, arc: Int32)] = []
        var classes: [[Int32]] = []
        var arcLists: [Int32: [Int32]] = [:]
        for bucket in buckets.values where bucket.count >= 2 {
            var representatives: [(signature: [Int64], members: [Int32])] = []
            for block in bucket {
                var signature: [Int64] = [Int64(start[Int(block) + 1] - start[Int(block)])]
                var outArcs: [Int32] = []
                var external: [Int32] = []
                for index in start[Int(block)]..<start[Int(block) + 1] {
                    let vertex = flat[index]
                    signature.append(Int64(graph.isAccelerator[Int(vertex)] ? 1 : 0))
                    signature.append(Int64(groupOf[Int(vertex)]))
                    signature.append(Int64(bitPattern: weight[Int(vertex)].bitPattern))
                    keyed.removeAll(keepingCapacity: true)
                    for arc in graph.arcs(from: vertex) {
                        let (f, b) = (forward(arc), backward(arc))
                        if f == 0 && b == 0 { continue }
                        keyed.append((key(arc, block), f, b, arc))
                    }
                    keyed.sort { ($0.key, $0.forward, $0.backward, $0.arc) < ($1.key, $1.forward, $1.backward, $1.arc) }
                    signature.append(Int64(keyed.count))
                    for entry in keyed {
                        signature.append(entry.key)
                        signature.append(Int64(bitPattern: entry.forward.bitPattern))
                        signature.append(Int64(bitPattern: entry.backward.bitPattern))
                        guard listArcs else { continue }
                        outArcs.append(entry.arc)
                        if entry.key >= vertexCount { external.append(graph.reverse[Int(entry.arc)]) }
                    }
                }
                if listArcs { arcLists[block] = outArcs + external }
                if let match = representatives.firstIndex(where: { $0.signature == signature }) {
                    representatives[match].members.append(block)
                } else {
                    representatives.append((signature, [block]))
                }
            }
            for entry in representatives {
                if entry.members.count >= 2 {
                    classes.append(entry.members)
                } else {
                    for block in entry.members { arcLists[block] = nil }
                }
            }
        }
        classes = classes.map { $0.sorted() }.sorted { $0[0] < $1[0] }
        var familyOfBlock = [Int32](repeating: -1, count: blockCount)
        for (familyIndex, group) in classes.enumerated() {
            for block in group { familyOfBlock[Int(block)] = Int32(familyIndex) }
        }
        var families: [Family] = []
        for (familyIndex, group) in classes.enumerated() {
            // Reject the family when a block touches another block of the same family.
            var valid = true
            check: for block in group {
                for index in start[Int(block)]..<start[Int(block) + 1] {
                    for arc in graph.arcs(from: flat[index]) where routable[Int(arc)] || routable[Int(graph.reverse[Int(arc)])] {
                        let other = blockIndexOfVertex[Int(graph.head[Int(arc)])]
                        if other >= 0 && other != block && familyOfBlock[Int(other)] == Int32(familyIndex) {
                            valid = false
                            break check
                        }
                    }
                }
            }
            if valid {
                families.append(
                    Family(
                        blocks: group.map { Array(flat[start[Int($0)]..<start[Int($0) + 1]]) },
                        arcs: group.map { arcLists[$0] ?? [] }))
            }
        }
        self.families = families
    }

    /// SplitMix64's finaliser, the mixing step of the block hash.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
