import FabricModel

/// Destination passes of uniform demand grouped by nested verified block swaps: the symmetry that survives defects.
///
/// The families, finest first: lines of a coordinate grid inside each candidate block (rows and columns of a rack
/// mesh, `SwapVerifier.lines`), twins (accelerators with identical attachment), then the candidate blocks
/// themselves (racks, pods, structural blocks, `SymmetryFamilies`). Every swap is verified arc by arc under the
/// mask (`SwapVerifier`, `SymmetryFamilies`), so a defect only removes the swaps that would move it: racks, rows
/// and columns a defect does not touch stay interchangeable.
///
/// Each pass grows the class of its destination d greedily: a family applies when the class so far lies in its
/// first block and the images of the class under its swaps are destinations not yet covered; the class becomes the
/// union of those images, and the family joins d's chain. The class total is then rebuilt from d's loads by
/// `SwapFamily.combine` along the chain (each step sums the images of the previous sum under automorphisms that
/// preserve the demand), so every destination is covered by exactly one pass and the loads are exact.
/// `CSRGraph.route` plans with it the destinations its block plan routes alone (those whose block a defect broke),
/// so intact designs keep their passes and their sums bit for bit.
struct NestedSymmetryPlan: Sendable {
    /// Per pass: its destination and the families (indices into `families`) combined in order.
    let tasks: [(destination: Int32, chain: [Int32])]
    /// The verified families.
    let families: [SwapFamily]

    /// Plans the `open` destinations (`groupOf[v] >= 0`; the others are planned elsewhere and never an image).
    /// - Parameters:
    ///   - candidates: candidate block partitions (block id per vertex, -1 for none).
    ///   - coordinates: flattened device coordinates (`dimensions` per vertex, -1 where missing), or nil.
    /// - Complexity: O(c · (V + E) log E) to verify the families of c candidates and their grid lines, then
    ///   O(Σ classes · tried first blocks) to plan.
    init(
        graph: CSRGraph, routable: [Bool], labels: SwapLabels, candidates: [[Int32]], coordinates: [Int32]?, dimensions: Int,
        open: [Bool]
    ) {
        var families: [SwapFamily] = []
        var verifier = SwapVerifier(graph: graph, routable: routable, labels: labels)
        if let coordinates, dimensions >= 2 {
            var seen: Set<[[Int32]]> = []
            for scope in candidates {
                for j in 0..<dimensions {
                    let lines = SwapVerifier.lines(coordinates: coordinates, dimensions: dimensions, scope: scope, along: j)
                    guard lines.blocks.count >= 2, seen.insert(lines.blocks).inserted else { continue }
                    families += verifier.families(blocks: lines.blocks, scope: lines.scope)
                }
            }
        }
        let groupOf = labels.groupOf
        let singles = (0..<graph.vertexCount).map { groupOf[$0] >= 0 ? Int32($0) : -1 }
        for blockOf in [singles] + candidates {
            let found = SymmetryFamilies(graph: graph, routable: routable, blockOf: blockOf, groupOf: groupOf, weight: labels.weight)
            families += found.families.map { SwapFamily(aligned: $0) }
        }
        self.families = families
        self.tasks = Self.grow(vertexCount: graph.vertexCount, groupOf: groupOf, open: open, families: families)
    }

    /// The greedy class growth described on the type.
    /// - Complexity: O(V + Σ tasks · Σ tried families (first block + class)).
    static func grow(vertexCount: Int, groupOf: [Int32], open: [Bool], families: [SwapFamily]) -> [(destination: Int32, chain: [Int32])] {
        // Families by the vertices of their first block, in family order.
        var firstStart = [Int32](repeating: 0, count: vertexCount + 1)
        for family in families { for vertex in family.blocks[0] { firstStart[Int(vertex) + 1] += 1 } }
        for vertex in 0..<vertexCount { firstStart[vertex + 1] += firstStart[vertex] }
        var fill = Array(firstStart.dropLast())
        var firstFamilies = [Int32](repeating: 0, count: Int(firstStart[vertexCount]))
        for (index, family) in families.enumerated() {
            for vertex in family.blocks[0] {
                firstFamilies[Int(fill[Int(vertex)])] = Int32(index)
                fill[Int(vertex)] += 1
            }
        }
        var covered = open.map { !$0 }
        var position = [Int32](repeating: -1, count: vertexCount)
        var tasks: [(destination: Int32, chain: [Int32])] = []
        for destination in 0..<vertexCount where groupOf[destination] >= 0 && !covered[destination] {
            var members: [Int32] = [Int32(destination)]
            var chain: [Int32] = []
            var grew = true
            while grew {
                grew = false
                for slot in Int(firstStart[destination])..<Int(firstStart[destination + 1]) {
                    let index = firstFamilies[slot]
                    guard !chain.contains(index) else { continue }
                    let family = families[Int(index)]
                    for (p, vertex) in family.blocks[0].enumerated() { position[Int(vertex)] = Int32(p) }
                    defer { for vertex in family.blocks[0] { position[Int(vertex)] = -1 } }
                    let fits = members.allSatisfy { member in
                        let p = position[Int(member)]
                        return p >= 0 && family.blocks.dropFirst().allSatisfy { !covered[Int($0[Int(p)])] }
                    }
                    guard fits else { continue }
                    var images: [Int32] = []
                    for block in family.blocks.dropFirst() { for member in members { images.append(block[Int(position[Int(member)])]) } }
                    members += images
                    chain.append(index)
                    grew = true
                }
            }
            for member in members {
                assert(!covered[Int(member)] && groupOf[Int(member)] >= 0 && open[Int(member)])
                covered[Int(member)] = true
            }
            tasks.append((Int32(destination), chain))
        }
        return tasks
    }
}
