import FabricModel
import Foundation

/// Nested interchangeable blocks, applied greedily: at each round the candidate block assignments (restricted to
/// the vertices still kept) are verified with `SymmetryFamilies`, coarsest first, and the first that folds any
/// weight is applied: for each family, blocks 1... are mapped position by position onto block 0 and leave the kept region.
/// The next round looks for smaller blocks inside what is kept (e.g. the SuperPoDs first, then the pods of the
/// first SuperPoD), so the kept region shrinks level by level.
///
/// Every swap preserves the graph under `routable`, the accelerator flag, the weights and the group partition
/// (a group lying inside one block is named by its first position there, so swapping blocks may map whole groups
/// onto whole groups; other groups must match by id). Hence:
/// - `image[v]` (the kept vertex reached from v by the composed swaps) has the same distances, path counts and
///   group relations as v, with the images of the other vertices;
/// - the swaps among non-first blocks fix every kept vertex, so from a kept source distances are constant on each
///   of their orbits, represented by `orbit[v]` (its position in block 1 of its family): a breadth-first search from
///   kept sources may run on `quotient`, the graph of orbit representatives (an equitable partition).
public struct SymmetryReduction: Sendable {
    /// The families applied, round by round (blocks only: their `arcs` are not listed).
    public let families: [SymmetryFamilies.Family]
    /// Per vertex, its image in the kept region under the composed block swaps (itself when kept).
    public let image: [Int32]
    /// Per vertex, the representative of its orbit under swaps of non-first blocks (itself when kept or in a block 1).
    public let orbit: [Int32]

    /// Reduces with the candidates (block id per vertex, -1 for none), at most `rounds` rounds.
    /// - Parameters:
    ///   - groupOf: group per vertex (-1 for none) whose partition the swaps must preserve.
    ///   - weight: per-vertex labels the swaps must preserve; a round must fold positive weight.
    /// - Complexity: O(rounds · candidates · (V + E log Δ)).
    public init(graph: CSRGraph, routable: [Bool], candidates: [[Int32]], groupOf: [Int32], weight: [Double], rounds: Int = 4) {
        let n = graph.vertexCount
        var image = (0..<Int32(n)).map { $0 }
        var orbit = image
        var kept = [Bool](repeating: true, count: n)
        var applied: [SymmetryFamilies.Family] = []
        var live = candidates.filter { $0.count == n }
        for _ in 0..<rounds where !live.isEmpty {
            // Coarsest candidate first (largest block among the kept vertices): its first block keeps room for finer
            // ones in later rounds; the first that folds any weight is applied, those that fold none are dropped.
            var ordered: [(size: Int, index: Int, candidate: [Int32], restricted: [Int32])] = []
            for (index, candidate) in live.enumerated() {
                let restricted = (0..<n).map { kept[$0] ? candidate[$0] : -1 }
                var count = [Int](repeating: 0, count: Int((restricted.max() ?? -1) + 1))
                for block in restricted where block >= 0 { count[Int(block)] += 1 }
                ordered.append((count.max() ?? 0, index, candidate, restricted))
            }
            ordered.sort { ($0.size, -$0.index) > ($1.size, -$1.index) }
            var best: [SymmetryFamilies.Family]?
            var remaining: [[Int32]] = []
            for (index, entry) in ordered.enumerated() {
                let found = SymmetryFamilies(
                    graph: graph, routable: routable, blockOf: entry.restricted,
                    groupOf: Self.localGroups(groupOf: groupOf, blockOf: entry.restricted), weight: weight,
                    listArcs: false)
                let score = found.families.reduce(0.0) { total, family in
                    family.blocks.dropFirst().reduce(total) { sum, block in block.reduce(sum) { $0 + weight[Int($1)] } }
                }
                guard score > 0 else { continue }
                best = found.families
                remaining = ordered[index...].map(\.candidate)
                break
            }
            guard let chosen = best else { break }
            for family in chosen {
                guard family.blocks.count >= 2 else { continue }
                let (first, second) = (family.blocks[0], family.blocks[1])
                for block in family.blocks.dropFirst() where block.count == first.count {
                    for (position, vertex) in block.enumerated() {
                        image[Int(vertex)] = first[position]
                        orbit[Int(vertex)] = second[position]
                        kept[Int(vertex)] = false
                    }
                }
                applied.append(family)
            }
            live = remaining
        }
        // Compose: a vertex mapped into a block that a later round folded follows on to the kept region.
        for vertex in 0..<n {
            var target = image[vertex]
            while image[Int(target)] != target { target = image[Int(target)] }
            image[vertex] = target
        }
        families = applied
        self.image = image
        self.orbit = orbit
    }

    /// Group labels for verifying a block assignment: a group lying inside one block is renamed `-2 - p` for p the
    /// position of its first member in that block, so block swaps may exchange such groups; other groups keep their id.
    /// - Complexity: O(V).
    public static func localGroups(groupOf: [Int32], blockOf: [Int32]) -> [Int32] {
        let n = blockOf.count
        let groupCount = Int((groupOf.max() ?? -1) + 1)
        let blockCount = Int((blockOf.max() ?? -1) + 1)
        guard groupCount > 0, blockCount > 0 else { return groupOf }
        var blockOfGroup = [Int32](repeating: -1, count: groupCount)  // -1 unseen, -2 spans blocks or lies partly outside
        var firstPosition = [Int32](repeating: -1, count: groupCount)
        var filled = [Int32](repeating: 0, count: blockCount)
        for vertex in 0..<n {
            let block = blockOf[vertex]
            var position: Int32 = -1
            if block >= 0 {
                position = filled[Int(block)]
                filled[Int(block)] += 1
            }
            let group = Int(groupOf[vertex])
            guard group >= 0 else { continue }
            if blockOfGroup[group] == -1 {
                blockOfGroup[group] = block < 0 ? -2 : block
                firstPosition[group] = position
            } else if blockOfGroup[group] != block {
                blockOfGroup[group] = -2
            }
        }
        var result = groupOf
        for vertex in 0..<n where groupOf[vertex] >= 0 {
            let group = Int(groupOf[vertex])
            if blockOfGroup[group] >= 0 { result[vertex] = -2 - firstPosition[group] }
        }
        return result
    }

    /// The quotient graph on orbit representatives for searches from kept vertices: `vertices[q]` is the original
    /// vertex of quotient vertex q, `index[v]` the quotient vertex of v's orbit, and `arcStart`/`head` the routable
    /// arcs of each representative with heads replaced by their orbits (duplicates removed).
    /// - Complexity: O(V + E log Δ).
    public func quotient(graph: CSRGraph, routable: [Bool]) -> (vertices: [Int32], index: [Int32], arcStart: [Int32], head: [Int32]) {
        let n = graph.vertexCount
        var vertices: [Int32] = []
        var compact = [Int32](repeating: -1, count: n)
        for vertex in 0..<n where orbit[vertex] == Int32(vertex) {
            compact[vertex] = Int32(vertices.count)
            vertices.append(Int32(vertex))
        }
        var index = [Int32](repeating: -1, count: n)
        for vertex in 0..<n { index[vertex] = compact[Int(orbit[vertex])] }
        var arcStart: [Int32] = [0]
        var head: [Int32] = []
        var scratch: [Int32] = []
        for vertex in vertices {
            scratch.removeAll(keepingCapacity: true)
            for arc in graph.arcs(from: vertex) where routable[Int(arc)] { scratch.append(index[Int(graph.head[Int(arc)])]) }
            scratch.sort()
            var last: Int32 = -1
            for target in scratch where target != last {
                head.append(target)
                last = target
            }
            arcStart.append(Int32(head.count))
        }
        return (vertices, index, arcStart, head)
    }
}
