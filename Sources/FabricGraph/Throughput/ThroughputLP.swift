import CCbc
import FabricModel

/// The exact maximum concurrent flow θ of a small design by linear programming (COIN-OR CLP, Forrest et al.), with
/// both sides re-certified outside the solver.
///
/// **Program** (the edge formulation of Shahrokhi & Matula 1990, commodities grouped by source). Columns: θ and
/// f_{s,a} ≥ 0 per source s and merged arc a that s may use (a's tail is s or relays; a does not enter s). Rows: for
/// every source s and vertex v ≠ s, inflow − outflow − θ·d(s, v) = 0; for every arc, Σ_s f_{s,a} ≤ c_a. Maximise θ.
/// A non-relaying vertex other than s has no usable out-arc for s, so it only absorbs its own demand.
///
/// **Certificates.** Lower: the arc totals of CLP's flow, θ scaled down until no arc exceeds its capacity. Upper:
/// the capacity rows' duals as lengths l, θ ≤ Σ c·l / Σ d·dist_l (`ThroughputCertificates.lengthBound`), computed
/// with Dijkstra, so a solver tolerance can only weaken the bound, never make it wrong.
enum ThroughputLP {
    /// Solution and certificates.
    struct Outcome {
        let thetaLower: Double
        let thetaUpper: Double
        /// Per merged arc: total flow at θ = `thetaLower` ÷ capacity.
        let utilization: [Double]
        /// Per merged arc: the dual length (positive on arcs that bind the optimum).
        let length: [Double]
    }

    /// Columns of the program (θ plus one per usable source–arc pair), to decide whether it fits.
    /// - Complexity: O(sources · V).
    static func columnCount(network: FlowNetwork, commodities: Commodities) -> Int {
        var relayingArcs = 0
        for arc in 0..<network.arcCount where network.relays[Int(network.tail[arc])] { relayingArcs += 1 }
        return 1 + commodities.sources.count * relayingArcs
            + commodities.sources.reduce(0) { $0 + Int(network.arcStart[Int($1) + 1] - network.arcStart[Int($1)]) }
    }

    /// The program in CLP's column-major form: column 0 is θ, column j > 0 the flow of one source on `columnArc[j]`.
    struct Program {
        var columnStart: [Int32] = [0]
        var rowIndex: [Int32] = []
        var values: [Double] = []
        var columnArc: [Int32] = [-1]
        var rowCount: Int32 = 0
        /// The first capacity row (one per arc after the conservation rows).
        var capacityBase: Int32 = 0

        var columns: Int { columnStart.count - 1 }
    }

    /// Builds the program with capacities and demands divided by `scale`.
    /// - Complexity: O(sources · (V + E)).
    static func program(network: FlowNetwork, commodities: Commodities, scale: Double) -> Program {
        var program = Program()
        // Conservation rows per (source, vertex ≠ source); θ's column is filled after the flows.
        var conservationRow = [Int32](repeating: -1, count: network.vertexCount)
        var thetaEntries: [(Int32, Double)] = []
        var flowColumns: [(arc: Int32, entries: [(Int32, Double)])] = []
        for (slot, source) in commodities.sources.enumerated() {
            let s = Int(source)
            for v in 0..<network.vertexCount where v != s {
                conservationRow[v] = program.rowCount
                program.rowCount += 1
            }
            conservationRow[s] = -1
            for j in Int(commodities.start[slot])..<Int(commodities.start[slot + 1]) {
                thetaEntries.append((conservationRow[Int(commodities.targets[j])], -commodities.amounts[j] / scale))
            }
            for arc in 0..<network.arcCount {
                let tail = Int(network.tail[arc])
                let head = Int(network.head[arc])
                guard network.mayLeave(tail, source: s), head != s else { continue }
                var entries: [(Int32, Double)] = [(conservationRow[head], 1)]
                if tail != s { entries.append((conservationRow[tail], -1)) }
                flowColumns.append((Int32(arc), entries.sorted { $0.0 < $1.0 }))
            }
        }
        program.capacityBase = program.rowCount
        program.rowCount += Int32(network.arcCount)
        for (row, value) in thetaEntries.sorted(by: { $0.0 < $1.0 }) {
            program.rowIndex.append(row)
            program.values.append(value)
        }
        program.columnStart.append(Int32(program.rowIndex.count))
        for column in flowColumns {
            for (row, value) in column.entries {
                program.rowIndex.append(row)
                program.values.append(value)
            }
            program.rowIndex.append(program.capacityBase + column.arc)
            program.values.append(1)
            program.columnStart.append(Int32(program.rowIndex.count))
            program.columnArc.append(column.arc)
        }
        return program
    }

    /// Solves the program; nil when CLP does not prove optimality within `seconds`.
    /// - Complexity: barrier or simplex, polynomial in practice; the certificate costs one Dijkstra per source.
    static func solve(network: FlowNetwork, commodities: Commodities, seconds: Double, threads: Int) -> Outcome? {
        let scale = network.capacity.max() ?? 1
        guard scale > 0, !commodities.sources.isEmpty else { return nil }
        let program = program(network: network, commodities: commodities, scale: scale)
        let columns = program.columns
        var objective = [Double](repeating: 0, count: columns)
        objective[0] = -1
        let lower = [Double](repeating: 0, count: columns)
        let upper = [Double](repeating: Double.greatestFiniteMagnitude, count: columns)
        var rowLower = [Double](repeating: 0, count: Int(program.rowCount))
        var rowUpper = [Double](repeating: 0, count: Int(program.rowCount))
        for arc in 0..<network.arcCount {
            rowLower[Int(program.capacityBase) + arc] = -Double.greatestFiniteMagnitude
            rowUpper[Int(program.capacityBase) + arc] = network.capacity[arc] / scale
        }
        guard let model = Clp_newModel() else { return nil }
        defer { Clp_deleteModel(model) }
        program.columnStart.withUnsafeBufferPointer { starts in
            program.rowIndex.withUnsafeBufferPointer { indices in
                program.values.withUnsafeBufferPointer { entries in
                    Clp_loadProblem(
                        model, Int32(columns), program.rowCount, starts.baseAddress, indices.baseAddress, entries.baseAddress,
                        lower, upper, objective, rowLower, rowUpper)
                }
            }
        }
        Clp_setLogLevel(model, 0)
        Clp_setMaximumSeconds(model, seconds)
        // Barrier with crossover: on these multicommodity programs about 10× faster than CLP's default dual simplex
        // (4×4×4 torus, permutation: 1.9 s against 18.8 s with the clp binary); the simplex remains the fallback.
        _ = Clp_initialBarrierSolve(model)
        if Clp_status(model) != 0 { _ = Clp_initialSolve(model) }
        guard Clp_status(model) == 0, let solution = Clp_getColSolution(model), let prices = Clp_getRowPrice(model) else { return nil }
        var flow = [Double](repeating: 0, count: network.arcCount)
        for column in 1..<columns where solution[column] > 0 { flow[Int(program.columnArc[column])] += solution[column] * scale }
        let length = (0..<network.arcCount).map { max(0, -prices[Int(program.capacityBase) + $0]) }
        let overload = (0..<network.arcCount).reduce(1.0) { max($0, flow[$1] / network.capacity[$1]) }
        // Conservation holds up to CLP's primal tolerance (1e-7 of the scaled amounts): keep a margin of 1e-6.
        let thetaLower = max(0, solution[0] / overload * (1 - 1e-6))
        let utilization = (0..<network.arcCount).map { flow[$0] / network.capacity[$0] / overload }
        let thetaUpper = ThroughputCertificates.lengthBound(network: network, commodities: commodities, length: length, threads: threads)
        return Outcome(thetaLower: min(thetaLower, thetaUpper), thetaUpper: thetaUpper, utilization: utilization, length: length)
    }
}
