import CCbc
import FabricModel

/// The exact minimum bisection of a small design, proven by branch and cut (COIN-OR CBC, Forrest & Lougee-Heimer
/// 2005) on a mixed-integer program.
///
/// **Program.** One variable x_v ∈ [0, 1] per live vertex (side S when 1), binary for accelerators; one y_a ≥ 0 per
/// usable arc u → v (parallel arcs merged), with y_a ≥ x_u − x_v; Σ_accelerators x = k; minimize Σ c_a·y_a: the
/// capacity from S to the other side over splits with |S| = k. Only the accelerators need integrality: with them
/// fixed, the rest is the LP of a minimum cut between fixed terminals, whose optimum is integral (a threshold of an
/// optimal x is an optimal cut). The minimum bisection is the least of k = ⌊n/2⌋ and ⌈n/2⌉; with symmetric
/// capacities one k suffices (a split's two directions are equal) and, for even n, the first accelerator is fixed to
/// S (one of the two sides holds it).
///
/// **Proof.** CBC's best bound is a valid lower bound whether or not the search finishes; when it proves optimality
/// the bound equals the optimum. Capacities are divided by the smallest one; when all become integers, so is the
/// optimum, and the bound is rounded up to the next integer (less 10⁻⁶ of tolerance) before it is scaled back.
enum ExactBisection {
    /// What the search proved.
    struct Outcome {
        /// Proven lower bound, bit/s.
        let bound: Double
        /// Whether CBC proved optimality (then `bound` is the minimum bisection, up to its tolerances).
        let optimal: Bool
        /// The best split CBC found (side of every vertex; failed devices on side 0), if any.
        let side: [UInt8]?
        /// Branch-and-bound nodes.
        let nodes: Int
    }

    /// Largest design searched: accelerators and vertices.
    static let maxAccelerators = 64
    static let maxVertices = 4_000

    /// Proves a lower bound on the minimum bisection with CBC, started from `start` (a balanced split, e.g. the
    /// upper bound's witness). Nil when the design is too large or CBC cannot build the model.
    /// - Parameters:
    ///   - nodes: branch-and-bound node limit per program (deterministic; an unfinished search still gives its bound).
    ///   - seconds: wall-clock safety limit per program (only then does the result depend on the machine's load).
    /// - Complexity: exponential in the accelerators in the worst case; bounded by `nodes` and `seconds`.
    static func solve(graph: CSRGraph, mask: FailureMask?, start: [UInt8]?, nodes: Int, seconds: Double) -> Outcome? {
        let liveAccelerators = graph.accelerators.filter { !(mask?.devices[Int($0)] ?? false) }
        let n = liveAccelerators.count
        guard n >= 2, n <= maxAccelerators, graph.vertexCount <= maxVertices else { return nil }
        // Columns: one x per vertex (failed ones fixed to 0), then one y per merged arc.
        var arcs: [(tail: Int32, head: Int32, capacity: Double)] = []
        var symmetric = true
        var smallest = Double.infinity
        for vertex in 0..<Int32(graph.vertexCount) {
            var merged: [Int32: Double] = [:]
            for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: mask) {
                let capacity = graph.capacity[Int(arc)]
                if capacity != graph.capacity[Int(graph.reverse[Int(arc)])] { symmetric = false }
                guard capacity > 0, graph.head[Int(arc)] != vertex else { continue }
                merged[graph.head[Int(arc)], default: 0] += capacity
            }
            for (head, capacity) in merged.sorted(by: { $0.key < $1.key }) {
                arcs.append((vertex, head, capacity))
                smallest = min(smallest, capacity)
            }
        }
        guard smallest.isFinite, smallest > 0 else {
            // No usable capacity at all: every split crosses nothing.
            return Outcome(bound: 0, optimal: true, side: nil, nodes: 0)
        }
        let integral = arcs.allSatisfy { ($0.capacity / smallest - ($0.capacity / smallest).rounded()).magnitude <= 1e-9 }
        let sizes = symmetric ? [n / 2] : Array(Set([n / 2, n - n / 2])).sorted()
        var best: Outcome?
        for k in sizes {
            guard
                let outcome = solveOne(
                    graph: graph, mask: mask, arcs: arcs, scale: smallest, integral: integral, k: k,
                    fixFirst: symmetric && n % 2 == 0 ? liveAccelerators.first : nil,
                    start: start, nodes: nodes, seconds: seconds)
            else { return nil }
            if let current = best {
                best = Outcome(
                    bound: min(current.bound, outcome.bound), optimal: current.optimal && outcome.optimal,
                    side: outcome.bound < current.bound ? outcome.side : current.side, nodes: current.nodes + outcome.nodes)
            } else {
                best = outcome
            }
        }
        return best
    }

    /// One program with |S| = k.
    private static func solveOne(
        graph: CSRGraph, mask: FailureMask?, arcs: [(tail: Int32, head: Int32, capacity: Double)],
        scale: Double, integral: Bool, k: Int, fixFirst: Int32?, start: [UInt8]?, nodes: Int,
        seconds: Double
    ) -> Outcome? {
        let vertices = graph.vertexCount
        let columns = vertices + arcs.count
        let rows = arcs.count + 1
        // Column-major matrix.
        var entries: [[(row: Int32, value: Double)]] = Array(repeating: [], count: columns)
        for (index, arc) in arcs.enumerated() {
            entries[Int(arc.tail)].append((Int32(index), -1))
            entries[Int(arc.head)].append((Int32(index), 1))
            entries[vertices + index].append((Int32(index), 1))
        }
        var lower = [Double](repeating: 0, count: columns)
        var upper = [Double](repeating: 1, count: columns)
        var objective = [Double](repeating: 0, count: columns)
        for vertex in 0..<vertices {
            if mask?.devices[vertex] ?? false {
                upper[vertex] = 0
                continue
            }
            if graph.isAccelerator[vertex] { entries[vertex].append((Int32(arcs.count), 1)) }
        }
        if let fixFirst { lower[Int(fixFirst)] = 1 }
        for (index, arc) in arcs.enumerated() {
            upper[vertices + index] = 1
            objective[vertices + index] = arc.capacity / scale
        }
        var starts: [Int32] = [0]
        var indices: [Int32] = []
        var values: [Double] = []
        for column in entries {
            for entry in column.sorted(by: { $0.row < $1.row }) {
                indices.append(entry.row)
                values.append(entry.value)
            }
            starts.append(Int32(indices.count))
        }
        var rowLower = [Double](repeating: 0, count: rows)
        var rowUpper = [Double](repeating: Double.greatestFiniteMagnitude, count: rows)
        rowLower[arcs.count] = Double(k)
        rowUpper[arcs.count] = Double(k)
        guard let model = Cbc_newModel() else { return nil }
        defer { Cbc_deleteModel(model) }
        starts.withUnsafeBufferPointer { startPointer in
            indices.withUnsafeBufferPointer { indexPointer in
                values.withUnsafeBufferPointer { valuePointer in
                    Cbc_loadProblem(
                        model, Int32(columns), Int32(rows), startPointer.baseAddress, indexPointer.baseAddress,
                        valuePointer.baseAddress, lower, upper, objective, rowLower, rowUpper)
                }
            }
        }
        for vertex in 0..<vertices where graph.isAccelerator[vertex] && !(mask?.devices[vertex] ?? false) {
            Cbc_setInteger(model, Int32(vertex))
        }
        Cbc_setLogLevel(model, 0)
        Cbc_setMaximumNodes(model, Int32(nodes))
        Cbc_setMaximumSeconds(model, seconds)
        // An integral optimum is proven once the gap is below one unit (the bound is then rounded up).
        Cbc_setAllowableGap(model, integral ? 0.99 : 1e-7)
        Cbc_setAllowableFractionGap(model, 0)
        Cbc_setParameter(model, "threads", "1")
        // Wall-clock limit: CBC counts process CPU time by default, which other threads of the caller inflate.
        Cbc_setParameter(model, "timeMode", "elapsed")
        // Start from the given split, oriented so side S (x = 1) holds k accelerators and the fixed one.
        if let start, start.count == vertices {
            var onZero = 0
            for vertex in 0..<vertices where graph.isAccelerator[vertex] && !(mask?.devices[vertex] ?? false) && start[vertex] == 0 { onZero += 1 }
            var inS: (Int) -> Bool = { start[$0] == 0 }
            if onZero != k { inS = { start[$0] == 1 } }
            if let fixFirst, !inS(Int(fixFirst)) {
                let previous = inS
                inS = { !previous($0) }
            }
            var count = 0
            for vertex in 0..<vertices where graph.isAccelerator[vertex] && !(mask?.devices[vertex] ?? false) && inS(vertex) { count += 1 }
            if count == k {
                var startIndices: [Int32] = []
                var startValues: [Double] = []
                for vertex in 0..<vertices where graph.isAccelerator[vertex] && !(mask?.devices[vertex] ?? false) {
                    startIndices.append(Int32(vertex))
                    startValues.append(inS(vertex) ? 1 : 0)
                }
                Cbc_setMIPStartI(model, Int32(startIndices.count), startIndices, startValues)
            }
        }
        _ = Cbc_solve(model)
        let optimal = Cbc_isProvenOptimal(model) != 0
        if Cbc_isProvenInfeasible(model) != 0 { return nil }
        var bound = Cbc_getBestPossibleObjValue(model)
        if optimal { bound = min(bound, Cbc_getObjValue(model)) }
        guard bound.isFinite, bound > -1e-9, bound < 1e300 else { return nil }
        bound = max(0, bound)
        bound = integral ? (bound - 1e-6).rounded(.up) : bound * (1 - 1e-6)
        var side: [UInt8]?
        if let solution = Cbc_getColSolution(model) {
            var split = [UInt8](repeating: 0, count: vertices)
            for vertex in 0..<vertices where !(mask?.devices[vertex] ?? false) { split[vertex] = solution[vertex] >= 0.5 ? 0 : 1 }
            side = split
        }
        return Outcome(bound: max(0, bound) * scale, optimal: optimal, side: side, nodes: Int(Cbc_getNodeCount(model)))
    }
}
