import FabricModel

/// Translation symmetry of tori and full meshes: when every vertex is a live accelerator with coordinates filling
/// the box Z_{s₁} × … × Z_{s_D} exactly once, and every vertex has the same multiset of (coordinate difference mod
/// sizes, capacity each way) over its arcs, the graph is a Cayley graph of that group and every translation is an
/// automorphism. Uniform all-to-all loads then need one destination: the load toward d is the representative's
/// load translated by d − d₀, so summed over all destinations an arc of difference δ carries the sum of the
/// representative's loads over all arcs of difference δ, divided by the number of parallel arcs of difference δ
/// per vertex.
struct TranslationSymmetry: Sendable {
    /// Difference class of each arc (mixed-radix code of δ).
    let arcClass: [Int32]
    /// Arcs of each difference class per vertex (parallel cables), indexed by class.
    let multiplicity: [Double]
    /// Number of translations (= vertices).
    let order: Int

    /// The symmetry, or nil when any condition fails (all checked exactly).
    /// - Complexity: O(V · d log d + E · D) for degree d and D dimensions.
    init?(graph: CSRGraph, coordinates: [Int32], dimensions: Int, routable: [Bool], groupOf: [Int32], weight: [Double]) {
        let n = graph.vertexCount
        guard n >= 2, dimensions > 0, coordinates.count == n * dimensions, !routable.contains(false) else { return nil }
        for vertex in 0..<n where groupOf[vertex] != 0 || weight[vertex] != weight[0] || !graph.isAccelerator[vertex] { return nil }
        var sizes = [Int](repeating: 0, count: dimensions)
        for vertex in 0..<n {
            for j in 0..<dimensions {
                let value = Int(coordinates[vertex * dimensions + j])
                guard value >= 0 else { return nil }
                sizes[j] = max(sizes[j], value + 1)
            }
        }
        var stride = [Int](repeating: 1, count: dimensions)
        var product = 1
        for j in 0..<dimensions {
            stride[j] = product
            let (next, overflow) = product.multipliedReportingOverflow(by: sizes[j])
            guard !overflow else { return nil }
            product = next
        }
        guard product == n else { return nil }
        var seen = [Bool](repeating: false, count: n)
        for vertex in 0..<n {
            var code = 0
            for j in 0..<dimensions { code += Int(coordinates[vertex * dimensions + j]) * stride[j] }
            guard !seen[code] else { return nil }
            seen[code] = true
        }
        var arcClass = [Int32](repeating: 0, count: graph.arcCount)
        var reference: [(Int32, Double, Double)] = []
        for vertex in 0..<n {
            var signature: [(Int32, Double, Double)] = []
            for arc in graph.arcs(from: Int32(vertex)) {
                let w = Int(graph.head[Int(arc)])
                var code = 0
                for j in 0..<dimensions {
                    let delta = (Int(coordinates[w * dimensions + j]) - Int(coordinates[vertex * dimensions + j]) + sizes[j]) % sizes[j]
                    code += delta * stride[j]
                }
                arcClass[Int(arc)] = Int32(code)
                signature.append((Int32(code), graph.capacity[Int(arc)], graph.capacity[Int(graph.reverse[Int(arc)])]))
            }
            signature.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
            if vertex == 0 {
                reference = signature
            } else {
                guard signature.count == reference.count else { return nil }
                for index in signature.indices where signature[index] != reference[index] { return nil }
            }
        }
        var multiplicity = [Double](repeating: 0, count: n)
        for entry in reference { multiplicity[Int(entry.0)] += 1 }
        self.arcClass = arcClass
        self.multiplicity = multiplicity
        self.order = n
    }

    /// Adds the all-destination total from the representative's loads `load` into `total`, then clears `load`.
    /// - Complexity: O(E).
    func combine(load: inout [Double], into total: inout [Double]) {
        var sums = [Double](repeating: 0, count: order)
        for arc in load.indices { sums[Int(arcClass[arc])] += load[arc] }
        for arc in total.indices {
            let key = Int(arcClass[arc])
            if multiplicity[key] > 0 { total[arc] += sums[key] / multiplicity[key] }
            load[arc] = 0
        }
    }
}
