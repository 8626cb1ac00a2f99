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

    /// Solves the program; nil when CLP does not prove optimality within `seconds`.
    /// - Complexity: simplex, polynomial in practice; the certificate costs one Dijkstra per source.
    static func solve(network: FlowNetwork, commodities: Commodities, seconds: Double, threads: Int) -> Outcome? {
        let scale = network.capacity.max() ?? 1
        guard scale > 0, !commodities.sources.isEmpty else { return nil }
        let n = network.vertexCount
        // Row ids: conservation rows per (source slot, vertex), then one capacity row per arc.
        var conservationRow = [Int32](repeating: -1, count: n)
        var rowCount: Int32 = 0
        var columnStart: [Int32] = [0]
        var rowIndex: [Int32] = []
        var values: [Double] = []
        var objective: [Double] = [-1]
        var upper: [Double] = [Double.greatestFiniteMagnitude]
        var columnArc: [Int32] = [-1]
        // θ's column is filled after the flows: collect its entries first.
        var thetaEntries: [(Int32, Double)] = []
        var flowColumns: [(arc: Int32, entries: [(Int32, Double)])] = []
        for (slot, source) in commodities.sources.enumerated() {
            let s = Int(source)
            for v in 0..<n where v != s {
                conservationRow[v] = rowCount
                rowCount += 1
            }
            conservationRow[s] = -1
            for j in Int(commodities.start[slot])..<Int(commodities.start[slot + 1]) {
                let row = conservationRow[Int(commodities.targets[j])]
                thetaEntries.append((row, -commodities.amounts[j] / scale))
            }
            for arc in 0..<network.arcCount {
                let tail = Int(network.tail[arc])
                let head = Int(network.head[arc])
                guard network.mayLeave(tail, source: s), head != s else { continue }
                var entries: [(Int32, Double)] = [(conservationRow[head], 1)]
                if tail != s { entries.append((conservationRow[tail], -1)) }
                flowColumns.append((Int32(arc), entries))
            }
        }
        let capacityBase = rowCount
        rowCount += Int32(network.arcCount)
        thetaEntries.sort { $0.0 < $1.0 }
        for (row, value) in thetaEntries {
            rowIndex.append(row)
            values.append(value)
        }
        columnStart.append(Int32(rowIndex.count))
        for column in flowColumns {
            for (row, value) in column.entries.sorted(by: { $0.0 < $1.0 }) {
                rowIndex.append(row)
                values.append(value)
            }
            rowIndex.append(capacityBase + column.arc)
            values.append(1)
            columnStart.append(Int32(rowIndex.count))
            objective.append(0)
            upper.append(Double.greatestFiniteMagnitude)
            columnArc.append(column.arc)
        }
        let columns = columnStart.count - 1
        var rowLower = [Double](repeating: 0, count: Int(rowCount))
        var rowUpper = [Double](repeating: 0, count: Int(rowCount))
        for arc in 0..<network.arcCount {
            rowLower[Int(capacityBase) + arc] = -Double.greatestFiniteMagnitude
            rowUpper[Int(capacityBase) + arc] = network.capacity[arc] / scale
        }
        let lower = [Double](repeating: 0, count: columns)
        guard let model = Clp_newModel() else { return nil }
        defer { Clp_deleteModel(model) }
        columnStart.withUnsafeBufferPointer { starts in
            rowIndex.withUnsafeBufferPointer { indices in
                values.withUnsafeBufferPointer { entries in
                    Clp_loadProblem(model, Int32(columns), rowCount, starts.baseAddress, indices.baseAddress, entries.baseAddress,
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
        let theta = solution[0]
        var flow = [Double](repeating: 0, count: network.arcCount)
        for column in 1..<columns where solution[column] > 0 { flow[Int(columnArc[column])] += solution[column] * scale }
        var length = [Double](repeating: 0, count: network.arcCount)
        for arc in 0..<network.arcCount { length[arc] = max(0, -prices[Int(capacityBase) + arc]) }
        var overload = 1.0
        for arc in 0..<network.arcCount { overload = max(overload, flow[arc] / network.capacity[arc]) }
        // Conservation holds up to CLP's primal tolerance (1e-7 of the scaled amounts): keep a margin of 1e-6.
        let thetaLower = max(0, theta / overload * (1 - 1e-6))
        let utilization = (0..<network.arcCount).map { flow[$0] / network.capacity[$0] / overload }
        let thetaUpper = ThroughputCertificates.lengthBound(network: network, commodities: commodities, length: length, threads: threads)
        return Outcome(thetaLower: min(thetaLower, thetaUpper), thetaUpper: thetaUpper, utilization: utilization, length: length)
    }
}
