import FabricModel

/// Families of interchangeable blocks of vertices: swapping any two blocks of a family (position by position) is an
/// automorphism of the graph under the mask that also preserves the traffic groups. Each family's blocks are
/// listed with their incident arcs in aligned order, so loads computed for one block carry over to the others.
///
/// Found by grouping candidate blocks by an exact signature (per position: accelerator flag, traffic group, and the
/// sorted list of incident arcs as (internal position or external vertex, capacity each way)) and keeping a family
/// only when no block has a neighbour in another block of the same family. Equal signatures then make the block swap
/// an automorphism: internal arcs map to internal arcs of equal capacity, external arcs keep their external end.
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
    /// - Complexity: O((V + E) log E) for sorting signatures.
    public init(graph: CSRGraph, routable: [Bool], blockOf: [Int32], groupOf: [Int32], weight: [Double]) {
        var members: [Int32: [Int32]] = [:]
        for vertex in 0..<graph.vertexCount where blockOf[vertex] >= 0 {
            members[blockOf[vertex], default: []].append(Int32(vertex))
        }
        var signatures: [[Int64]: [Int]] = [:]
        var blockList: [[Int32]] = []
        var arcLists: [[Int32]] = []
        var positionOf = [Int32](repeating: -1, count: graph.vertexCount)
        let vertexCount = Int64(graph.vertexCount)
        for blockID in members.keys.sorted() {
            guard let block = members[blockID] else { continue }
            for (position, vertex) in block.enumerated() { positionOf[Int(vertex)] = Int32(position) }
            var signature: [Int64] = [Int64(block.count)]
            var outArcs: [Int32] = []
            var external: [Int32] = []
            for vertex in block {
                signature.append(Int64(graph.isAccelerator[Int(vertex)] ? 1 : 0))
                signature.append(Int64(groupOf[Int(vertex)]))
                signature.append(Int64(bitPattern: weight[Int(vertex)].bitPattern))
                var keyed: [(key: Int64, forward: Double, backward: Double, arc: Int32)] = []
                for arc in graph.arcs(from: vertex) {
                    let back = graph.reverse[Int(arc)]
                    let forward = routable[Int(arc)] ? graph.capacity[Int(arc)] : 0
                    let backward = routable[Int(back)] ? graph.capacity[Int(back)] : 0
                    if forward == 0 && backward == 0 { continue }
                    let head = graph.head[Int(arc)]
                    let inside = blockOf[Int(head)] == blockID
                    let key = inside ? Int64(positionOf[Int(head)]) : vertexCount + Int64(head)
                    keyed.append((key, forward, backward, arc))
                }
                keyed.sort { ($0.key, $0.forward, $0.backward, $0.arc) < ($1.key, $1.forward, $1.backward, $1.arc) }
                signature.append(Int64(keyed.count))
                for entry in keyed {
                    signature.append(entry.key)
                    signature.append(Int64(bitPattern: entry.forward.bitPattern))
                    signature.append(Int64(bitPattern: entry.backward.bitPattern))
                    outArcs.append(entry.arc)
                    if entry.key >= vertexCount { external.append(graph.reverse[Int(entry.arc)]) }
                }
            }
            signatures[signature, default: []].append(blockList.count)
            blockList.append(block)
            arcLists.append(outArcs + external)
            for vertex in block { positionOf[Int(vertex)] = -1 }
        }
        var families: [Family] = []
        var familyOfBlock = [Int32](repeating: -1, count: blockList.count)
        var blockIndexOfVertex = [Int32](repeating: -1, count: graph.vertexCount)
        for (index, block) in blockList.enumerated() {
            for vertex in block { blockIndexOfVertex[Int(vertex)] = Int32(index) }
        }
        let groups = signatures.values.filter { $0.count >= 2 }.sorted { $0[0] < $1[0] }
        for (familyIndex, group) in groups.enumerated() {
            for block in group { familyOfBlock[block] = Int32(familyIndex) }
        }
        for (familyIndex, group) in groups.enumerated() {
            // Reject the family when a block touches another block of the same family.
            var valid = true
            check: for block in group {
                for vertex in blockList[block] {
                    for arc in graph.arcs(from: vertex) where routable[Int(arc)] || routable[Int(graph.reverse[Int(arc)])] {
                        let other = blockIndexOfVertex[Int(graph.head[Int(arc)])]
                        if other >= 0 && other != Int32(block) && familyOfBlock[Int(other)] == Int32(familyIndex) {
                            valid = false
                            break check
                        }
                    }
                }
            }
            if valid {
                families.append(Family(blocks: group.map { blockList[$0] }, arcs: group.map { arcLists[$0] }))
            }
        }
        self.families = families
    }
}
