import FabricModel

/// For every device, the accelerator pairs its failure disconnects: the piece sizes behind an articulation point.
///
/// `ConnectivityAnalysis` (the graph engine) gives, per articulation point, the accelerators separated from the
/// largest remaining part but not the sizes of all the parts, which the disconnected-pair count needs
/// (pairs = (S² − Σ pᵢ²) / 2 over the parts pᵢ of the S surviving accelerators of the component). This is the
/// same Hopcroft–Tarjan low-link DFS, kept here because only the failure analyses need the per-part sums.
struct ArticulationPieces: Sendable {
    /// Accelerator pairs (other than pairs with the device itself) disconnected when each device fails.
    let disconnectedPairs: [Int]

    /// One iterative DFS over the healthy graph.
    /// - Complexity: O(V + E) time and memory (Hopcroft–Tarjan 1973).
    init(_ graph: CSRGraph) {
        let n = graph.vertexCount
        var discovery = [Int32](repeating: -1, count: n)
        var low = [Int32](repeating: 0, count: n)
        var parent = [Int32](repeating: -1, count: n)
        var parentArc = [Int32](repeating: -1, count: n)
        var nextArc = [Int32](repeating: 0, count: n)
        var subtree = [Int](repeating: 0, count: n)
        var separatedSum = [Int](repeating: 0, count: n)
        var separatedSquares = [Int](repeating: 0, count: n)
        var componentTotal = [Int](repeating: 0, count: n)
        var pairs = [Int](repeating: 0, count: n)
        var order: [Int32] = []
        order.reserveCapacity(n)
        var stack: [Int32] = []
        var time: Int32 = 0
        for root in 0..<n where discovery[root] < 0 {
            let firstInComponent = order.count
            discovery[root] = time
            low[root] = time
            time += 1
            nextArc[root] = graph.arcStart[root]
            subtree[root] = graph.isAccelerator[root] ? 1 : 0
            order.append(Int32(root))
            stack.append(Int32(root))
            while let vertex = stack.last {
                let v = Int(vertex)
                let arc = Int(nextArc[v])
                if arc < Int(graph.arcStart[v + 1]) {
                    nextArc[v] += 1
                    let w = Int(graph.head[arc])
                    if Int32(arc) == parentArc[v] { continue }
                    if discovery[w] < 0 {
                        discovery[w] = time
                        low[w] = time
                        time += 1
                        parent[w] = vertex
                        parentArc[w] = graph.reverse[arc]
                        nextArc[w] = graph.arcStart[w]
                        subtree[w] = graph.isAccelerator[w] ? 1 : 0
                        order.append(Int32(w))
                        stack.append(Int32(w))
                    } else if discovery[w] < low[v] {
                        low[v] = discovery[w]
                    }
                } else {
                    stack.removeLast()
                    let p = Int(parent[v])
                    guard p >= 0 else { continue }
                    if low[v] < low[p] { low[p] = low[v] }
                    subtree[p] += subtree[v]
                    if low[v] >= discovery[p] {
                        separatedSum[p] += subtree[v]
                        separatedSquares[p] += subtree[v] * subtree[v]
                    }
                }
            }
            let total = subtree[root]
            for index in firstInComponent..<order.count { componentTotal[Int(order[index])] = total }
        }
        for v in 0..<n {
            let survivors = componentTotal[v] - (graph.isAccelerator[v] ? 1 : 0)
            let rest = survivors - separatedSum[v]
            let squares = separatedSquares[v] + rest * rest
            pairs[v] = (survivors * survivors - squares) / 2
        }
        disconnectedPairs = pairs
    }
}
