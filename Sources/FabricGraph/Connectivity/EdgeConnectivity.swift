import FabricModel

/// The minimum cut separating some pair of accelerators, with its witness.
public struct AcceleratorCut: Sendable {
    /// The minimum over accelerator pairs of the maximum flow between them: edge-disjoint paths when capacities
    /// are cable counts, bit/s when they are bandwidths; 0 when the accelerators are not all connected.
    public let value: Double
    /// An accelerator on one side of a minimum cut.
    public let source: Int32
    /// An accelerator on the other side.
    public let sink: Int32
    /// The arcs crossing the cut from `source`'s side (one per cable), ascending; empty when disconnected.
    public let cutArcs: [Int32]
    /// The distinct topology links of `cutArcs`, ascending.
    public let cutLinks: [Int32]
}

extension CSRGraph {
    /// The minimum number of edge-disjoint paths between any two accelerators (parallel cables counted; with
    /// `simple`, parallel cables between two devices count once, the simple-graph view). Nil with fewer than two
    /// live accelerators.
    /// - Complexity: see `minimumAcceleratorCut(capacities:mask:)`.
    public func edgeConnectivity(under mask: FailureMask? = nil, simple: Bool = false) -> AcceleratorCut? {
        minimumAcceleratorCut(capacities: undirectedCapacities(under: mask, unit: true, simple: simple), mask: mask)
    }

    /// The global minimum cut among accelerators in bandwidth (bit/s per direction), with its cables as witness.
    /// Nil with fewer than two live accelerators.
    public func minimumBandwidthCut(under mask: FailureMask? = nil) -> AcceleratorCut? {
        minimumAcceleratorCut(capacities: undirectedCapacities(under: mask, unit: false), mask: mask)
    }

    /// Minimum over accelerator pairs (s, t) of the maximum s–t flow under `capacities` (undirected: both arcs of a
    /// cable carry its capacity).
    ///
    /// Single-root argument: for any vertex r, λ(s,t) ≥ min(λ(s,r), λ(r,t)) (a cut separating s from t separates
    /// r from one of them), so the minimum over pairs is min over accelerators t of λ(r,t). Each λ(r,t) is needed
    /// only up to the best value b found so far (initially the smallest accelerator degree, itself a cut), and is
    /// checked locally: vertices are visited in BFS order from r and kept in a set U of vertices known to have
    /// λ(u,r) ≥ b. If the flow from v to U (contracted) reaches b, then λ(v,r) ≥ b: a cut with v on one side and r on
    /// the other either separates some u ∈ U from r (capacity ≥ b) or separates v from all of U (capacity ≥ b).
    /// Only when that local check fails for an accelerator is the exact flow λ(v,r) computed, lowering b.
    /// Before any flow, a two-hop packing certifies most vertices in O(degree): v's direct capacity into U plus,
    /// for each neighbour w ∉ U, min(c(v→w), capacity from w into U) are edge-disjoint paths to U (Menger 1927);
    /// when they already reach b no flow is run. Flows remain for the first vertices around r, while U is still
    /// small (a few hundred of the 134,912 vertices of the 16-SuperPoD SuperCluster).
    /// - Complexity: O(V + E) for the two-hop checks (capacity into U is maintained incrementally), plus a local
    ///   flow per vertex they cannot settle (a few BFS levels around v); worst case O(V·b·E).
    public func minimumAcceleratorCut(capacities: [Double], mask: FailureMask? = nil) -> AcceleratorCut? {
        let members = aliveAccelerators(under: mask)
        guard members.count >= 2 else { return nil }
        let tolerance = (capacities.max() ?? 1) * 1e-9
        // Degree cut of the weakest accelerator: the starting bound and its witness.
        var best = Double.infinity
        var bestVertex = members[0]
        for vertex in members {
            var degree = 0.0
            for arc in arcs(from: vertex) { degree += capacities[Int(arc)] }
            if degree < best - tolerance {
                best = degree
                bestVertex = vertex
            }
        }
        let root = members[0] == bestVertex ? members[1] : members[0]
        var witnessArcs = arcs(from: bestVertex).filter { capacities[Int($0)] > 0 }
        var witnessSource = bestVertex
        var witnessSink = root
        // BFS order from the root over arcs with capacity; an unreached accelerator means the value is 0.
        var seen = [Bool](repeating: false, count: vertexCount)
        var order: [Int32] = [root]
        seen[Int(root)] = true
        var read = 0
        while read < order.count {
            let v = order[read]
            read += 1
            for arc in arcs(from: v) where capacities[Int(arc)] > 0 {
                let w = head[Int(arc)]
                if !seen[Int(w)] {
                    seen[Int(w)] = true
                    order.append(w)
                }
            }
        }
        if let stranded = members.first(where: { !seen[Int($0)] }) {
            return AcceleratorCut(value: 0, source: stranded, sink: root, cutArcs: [], cutLinks: [])
        }
        if best > tolerance {
            // U grows along `order`: root, then every vertex once it is checked. `intoU[w]` is w's capacity into U.
            var inU = [Bool](repeating: false, count: vertexCount)
            var intoU = [Double](repeating: 0, count: vertexCount)
            var spent = [Double](repeating: 0, count: vertexCount)
            var spentOwner = [Int32](repeating: -1, count: vertexCount)
            func addToU(_ u: Int32) {
                inU[Int(u)] = true
                for arc in arcs(from: u) { intoU[Int(head[Int(arc)])] += capacities[Int(reverse[Int(arc)])] }
            }
            // Edge-disjoint paths v→u and v→w→u (u ∈ U, w ∉ U): the arcs of different w are distinct, so the
            // direct capacity plus Σ_w min(c(v→w), intoU[w]) is a flow from v to U (a lower bound on its maximum).
            func twoHopBound(_ v: Int32, target: Double) -> Double {
                var total = intoU[Int(v)]
                for arc in arcs(from: v) where total < target {
                    let c = capacities[Int(arc)]
                    let w = Int(head[Int(arc)])
                    guard c > 0, !inU[w] else { continue }
                    if spentOwner[w] != v {
                        spentOwner[w] = v
                        spent[w] = 0
                    }
                    let share = min(c, intoU[w] - spent[w])
                    if share > 0 {
                        spent[w] += share
                        total += share
                    }
                }
                return total
            }
            var local: FlowSolver?
            var exact: FlowSolver?
            addToU(root)
            for vertex in order.dropFirst() {
                if twoHopBound(vertex, target: best - tolerance) >= best - tolerance {
                    local?.markSink(vertex)
                    addToU(vertex)
                    continue
                }
                if local == nil {
                    // Created on the first vertex the two-hop bound cannot settle, with U marked so far.
                    var solver = FlowSolver(graph: self, capacity: capacities)
                    solver.clearMarkedSinks()
                    for u in order where inU[Int(u)] { solver.markSink(u) }
                    local = solver
                }
                if let check = local?.maxFlowToMarkedSinks(from: vertex, limit: best), check.value >= best - tolerance {
                    local?.markSink(vertex)
                    addToU(vertex)
                    continue
                }
                // Not known to reach b: stays out of U unless it is an accelerator (whose exact flow lowers b).
                guard isAccelerator[Int(vertex)] else { continue }
                local?.markSink(vertex)
                addToU(vertex)
                if exact == nil { exact = FlowSolver(graph: self, capacity: capacities) }
                if let flow = exact?.maxFlow(from: vertex, to: root, limit: best), flow.value < best - tolerance {
                    best = flow.value
                    witnessArcs = flow.cutArcs
                    witnessSource = vertex
                    witnessSink = root
                }
            }
        }
        let links = Array(Set(witnessArcs.map { link[Int($0)] })).sorted()
        return AcceleratorCut(value: best, source: witnessSource, sink: witnessSink, cutArcs: witnessArcs.sorted(), cutLinks: links)
    }

    /// Whether at least `count` edge-disjoint paths join `source` and `target` (cables counted, links undirected);
    /// stops as soon as `count` are found.
    /// - Complexity: O(count · E) (at most `count` unit augmentations, Ford–Fulkerson 1956).
    public func hasEdgeDisjointPaths(from source: Int32, to target: Int32, count: Int, under mask: FailureMask? = nil) -> Bool {
        if source == target { return true }
        var solver = FlowSolver(graph: self, capacity: undirectedCapacities(under: mask, unit: true))
        return solver.maxFlow(from: source, to: target, limit: Double(count)).value >= Double(count) - 0.5
    }

    /// Maximum flow and minimum cut between two devices in bandwidth, links as undirected cables of their capacity.
    /// - Complexity: O(V²E) worst case (Dinic 1970).
    public func maxFlow(from source: Int32, to target: Int32, under mask: FailureMask? = nil) -> MaxFlowResult {
        var solver = FlowSolver(graph: self, capacity: undirectedCapacities(under: mask, unit: false))
        return solver.maxFlow(from: source, to: target)
    }
}
