import Dispatch
import FabricModel

/// The hose certificate with a rate of its own for every accelerator: what keeps the bound tight when a few links
/// are missing from a tiered design.
///
/// **Argument.** Route as `HoseCertificate` does (φ_s up to the hubs in proportions π, demand s → t as φ_s then φ_t
/// reversed), but let accelerator s send and receive at most x_s. Under such a demand D the load of arc a is at most
/// Σ_s x_s φ_s(a) + Σ_t x_t φ_t(ā). Sweep with weights w (source s injects w_s) to get W(a) = Σ_s w_s φ_s(a) and the
/// load per cable ρ(e) = (W(a) + W(ā)) / c(e). Setting x_s = w_s / max{ρ(e) : e carries φ_s} keeps every cable within
/// capacity: each term of arc a's load is scaled by 1/ρ(e) or less, so the load is at most (W(a) + W(ā))/ρ(e) = c(e).
/// Any balanced split with side S of ⌊n/2⌋ accelerators admits a demand from S to the other side T with row sums
/// x_s and column sums x_t of total min(Σ_S x, Σ_T x) (a transportation problem), all of which crosses from S, so
///
///     capacity crossing (each direction) ≥ Σ of the ⌊n/2⌋ smallest x_s.
///
/// With equal weights and equal injection this is the plain hose bound (every x_s ≥ x*). Iterating w ← x never
/// lowers a rate (the new loads fit, so every ρ ≤ 1). A link lost below an accelerator lowers only the rates of the
/// accelerators whose flows used it: removing one of a leaf's k uplinks costs its h hosts 1/k of their rate each,
/// about the capacity of the lost cable in total, instead of 1/k of every accelerator's rate.
///
/// The support of φ_s is every arc of the shortest-path DAGs from s toward the hub classes, so the bottleneck of s
/// is a max over that DAG: one more breadth-first sweep per class, outward from the class.
enum WeightedHose {
    /// Per-accelerator rates (bit/s) indexed by vertex (0 for every other vertex), or nil when some live accelerator
    /// cannot reach the hubs or the sweeps exceed `maxWork`.
    /// - Parameters:
    ///   - weights: per-vertex source weights (live accelerators only; the others are ignored).
    /// - Complexity: O(|classes|·(V + E)) per pass, two passes (loads, bottlenecks), both cores.
    static func rates(graph: CSRGraph, mask: FailureMask?, hubs: [Int32], weights: [Double], maxWork: Int) -> [Double]? {
        let sweep = HoseSweep(graph: graph, mask: mask, hubs: hubs)
        guard sweep.totalWeight > 0, let loads = sweep.loads(amounts: weights, maxWork: maxWork) else { return nil }
        // Load per unit of capacity of each cable, stored at both of its arcs.
        var ratio = [Double](repeating: 0, count: graph.arcCount)
        for vertex in 0..<Int32(graph.vertexCount) {
            for arc in graph.arcs(from: vertex) {
                let both = loads[Int(arc)] + loads[Int(graph.reverse[Int(arc)])]
                guard both > 0 else { continue }
                let capacity = sweep.usable(arc, vertex)
                ratio[Int(arc)] = capacity > 0 ? both / capacity : .infinity
            }
        }
        guard let bottleneck = sweep.bottlenecks(ratio: ratio, maxWork: maxWork) else { return nil }
        var rates = [Double](repeating: 0, count: graph.vertexCount)
        for vertex in 0..<graph.vertexCount where sweep.isSource[vertex] {
            let limit = bottleneck[vertex]
            // A source no arc limits (a hub that is an accelerator: its own φ is empty) may send anything; keep w.
            rates[vertex] = limit > 0 ? (limit.isFinite ? weights[vertex] / limit : 0) : weights[vertex]
        }
        return rates
    }

    /// Σ of the ⌊n/2⌋ smallest rates over the live accelerators.
    /// - Complexity: O(n log n).
    static func halfSum(rates: [Double], accelerators: [Int32]) -> Double {
        let sorted = accelerators.map { rates[Int($0)] }.sorted()
        return sorted.prefix(accelerators.count / 2).reduce(0, +)
    }

    /// The best bound of up to `rounds` reweighting rounds (w₀ = each accelerator's injection, then w ← x), stopping
    /// once `enough` is reached or a round gains less than 0.1%. Nil when no round applies.
    /// - Complexity: O(rounds · |classes| · (V + E)).
    static func certificate(
        graph: CSRGraph, mask: FailureMask?, candidate: HoseCertificate.HubCandidate,
        live: [Int32], rounds: Int, enough: Double, maxWork: Int
    ) -> BisectionCertificate? {
        var weights = [Double](repeating: 0, count: graph.vertexCount)
        for accelerator in live {
            var out = 0.0
            var into = 0.0
            for arc in graph.arcs(from: accelerator) where graph.isUsable(arc: arc, tail: accelerator, under: mask) {
                out += graph.capacity[Int(arc)]
                into += graph.capacity[Int(graph.reverse[Int(arc)])]
            }
            weights[Int(accelerator)] = min(out, into)
        }
        guard
            let (bestRates, best, done) = bestRates(
                graph: graph, mask: mask, hubs: candidate.hubs, live: live, weights: weights, rounds: rounds, enough: enough, maxWork: maxWork)
        else { return nil }
        guard best > 0 else { return nil }
        let values = live.map { bestRates[Int($0)] }.sorted()
        let smallest = values.first ?? 0
        let median = values.isEmpty ? 0 : values[values.count / 2]
        return BisectionCertificate(
            kind: .weightedHose, bound: best,
            detail: "oblivious routing via \(candidate.hubs.count) hubs (\(candidate.name)) with a hose rate per accelerator "
                + "(\(done) round\(done == 1 ? "" : "s") of reweighting; smallest \(bisectionRateText(smallest)), median \(bisectionRateText(median))); "
                + "bound = sum of the ⌊n/2⌋ = \(live.count / 2) smallest rates")
    }

    /// The rates of the best of up to `rounds` reweighting rounds from source weights `weights` (then w ← x), by Σ of
    /// the ⌊n/2⌋ smallest rates over `live`, stopping once `enough` is reached or a round gains less than 0.1%; the
    /// rates, that sum and the rounds run. Nil when no round applies or the sum is 0.
    /// - Complexity: O(rounds · |classes| · (V + E)).
    static func bestRates(
        graph: CSRGraph, mask: FailureMask?, hubs: [Int32], live: [Int32], weights: [Double], rounds: Int, enough: Double, maxWork: Int
    ) -> (rates: [Double], bound: Double, rounds: Int)? {
        var weights = weights
        var best = 0.0
        var bestRates: [Double] = []
        var done = 0
        for _ in 0..<rounds {
            guard let rates = rates(graph: graph, mask: mask, hubs: hubs, weights: weights, maxWork: maxWork) else { break }
            done += 1
            let bound = halfSum(rates: rates, accelerators: live)
            let gained = bound > best * 1.001
            if bound > best {
                best = bound
                bestRates = rates
            }
            if best >= enough || !gained { break }
            weights = rates
        }
        return best > 0 ? (bestRates, best, done) : nil
    }
}

/// The breadth-first sweeps from the hub classes that both hose certificates use.
struct HoseSweep {
    let graph: CSRGraph
    let mask: FailureMask?
    let hubs: [Int32]
    let classes: [[Int]]
    let hubWeight: [Double]
    let totalWeight: Double
    let isSource: [Bool]
    let sourceCount: Int
    private let asymmetric: BitSet

    /// Prepares the sweeps of `hubs` (twins grouped).
    /// - Complexity: O(V + E).
    init(graph: CSRGraph, mask: FailureMask?, hubs: [Int32], groupTwins: Bool = true) {
        self.graph = graph
        self.mask = mask
        self.hubs = hubs
        var asymmetricArcs = BitSet(capacity: graph.arcCount)
        for arc in 0..<graph.arcCount where graph.capacity[arc] != graph.capacity[Int(graph.reverse[arc])] { asymmetricArcs.insert(arc) }
        asymmetric = asymmetricArcs
        let isSource = (0..<graph.vertexCount).map { graph.isAccelerator[$0] && !(mask?.devices[$0] ?? false) }
        self.isSource = isSource
        sourceCount = isSource.reduce(0) { $0 + ($1 ? 1 : 0) }
        classes = groupTwins ? HoseCertificate.twinClasses(graph: graph, mask: mask, hubs: hubs) : hubs.indices.map { [$0] }
        var weights: [Double] = []
        weights.reserveCapacity(hubs.count)
        for hub in hubs {
            var sum = 0.0
            for arc in graph.arcs(from: hub) { sum += usableCapacity(Int32(arc), hub, graph: graph, mask: mask, asymmetric: asymmetricArcs) }
            weights.append(sum)
        }
        hubWeight = weights
        totalWeight = weights.reduce(0, +)
    }

    /// Symmetric capacity of a usable arc (a directed link cannot carry the reversed down flows); 0 when unusable.
    @inline(__always) func usable(_ arc: Int32, _ tail: Int32) -> Double {
        usableCapacity(arc, tail, graph: graph, mask: mask, asymmetric: asymmetric)
    }

    /// Per-arc flow of the sweeps with source amounts `amounts` (each class's share of it), stored at the arc
    /// *opposite* to the flow (as `HoseCertificate.hubRate` does); nil when a source is not reached or over budget.
    /// - Complexity: O(|classes|·(V + E)), both cores.
    func loads(amounts: [Double]?, maxWork: Int) -> [Double]? {
        sweepClasses(size: graph.arcCount, maxWork: maxWork, merge: +) { state, share, load, work in
            for position in 0..<state.tail {
                let vertex = Int(state.order[position])
                if isSource[vertex], state.distance[vertex] > 0 { state.amount[vertex] = share * (amounts?[vertex] ?? 1) }
            }
            let levels = state.levelStart
            for level in stride(from: levels.count - 2, through: 0, by: -1) {
                let depth = Int32(level + 1)
                for position in stride(from: levels[level + 1] - 1, through: levels[level], by: -1) {
                    let vertex = state.order[position]
                    var gathered = 0.0
                    for arc in graph.arcs(from: vertex) {
                        let next = Int(graph.head[Int(arc)])
                        guard state.distance[next] == depth, state.amount[next] > 0 else { continue }
                        let weight = usable(arc, vertex)
                        if weight <= 0 { continue }
                        let part = state.amount[next] * weight / state.nextCapacity[next]
                        load[Int(arc)] += part
                        gathered += part
                    }
                    state.amount[Int(vertex)] += gathered
                    work += graph.degree(of: vertex)
                }
            }
        }
    }

    /// For every vertex, the largest `ratio` of an arc of its shortest-path DAGs toward the hub classes (max over the
    /// classes with a positive share); nil when a source is not reached or over budget.
    /// - Complexity: O(|classes|·(V + E)), both cores.
    func bottlenecks(ratio: [Double], maxWork: Int) -> [Double]? {
        sweepClasses(size: graph.vertexCount, maxWork: maxWork, merge: max) { state, _, result, work in
            // Outward from the class: the bottleneck of a vertex at depth d + 1 is the max over its arcs to depth d.
            // `amount` holds the bottleneck within this class's DAG.
            let levels = state.levelStart
            for level in 1..<levels.count {
                let end = level + 1 < levels.count ? levels[level + 1] : state.tail
                let depth = Int32(level - 1)
                for position in levels[level]..<end {
                    let vertex = state.order[position]
                    var worst = 0.0
                    for arc in graph.arcs(from: vertex) {
                        let next = Int(graph.head[Int(arc)])
                        guard state.distance[next] == depth, usable(arc, vertex) > 0 else { continue }
                        worst = max(worst, ratio[Int(arc)], state.amount[next])
                    }
                    state.amount[Int(vertex)] = worst
                    result[Int(vertex)] = max(result[Int(vertex)], worst)
                    work += graph.degree(of: vertex)
                }
            }
        }
    }

    /// The one sweep loop of `loads` and `bottlenecks`: the hub classes with a positive share are split over both
    /// cores; after each class's shortest-path search `body` gets the search state, the class's share, the worker's
    /// array of `size` and its work counter. The workers' arrays are combined element by element with `merge`.
    /// Nil when a source is not reached or the work exceeds `maxWork`.
    private func sweepClasses(
        size: Int, maxWork: Int, merge: @Sendable (Double, Double) -> Double,
        _ body: @Sendable (inout HoseSweepState, Double, inout [Double], inout Int) -> Void
    ) -> [Double]? {
        let workers = min(2, classes.count)
        guard workers > 0, totalWeight > 0 else { return nil }
        let slots = ParallelSlots<[Double]?>(count: workers)
        let workLimit = maxWork / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var state = HoseSweepState(vertexCount: graph.vertexCount)
            var values = [Double](repeating: 0, count: size)
            var work = 0
            var index = worker
            while index < classes.count {
                let members = classes[index]
                index += workers
                let share = members.reduce(0.0) { $0 + hubWeight[$1] } / totalWeight
                if share == 0 { continue }
                guard state.search(self, members: members, work: &work) else {
                    slots.set(worker, nil)
                    return
                }
                body(&state, share, &values, &work)
                if work > workLimit {
                    slots.set(worker, nil)
                    return
                }
            }
            slots.set(worker, values)
        }
        guard let first = slots.get(0), var total = first else { return nil }
        for worker in 1..<workers {
            guard let stored = slots.get(worker), let values = stored else { return nil }
            for index in 0..<size { total[index] = merge(total[index], values[index]) }
        }
        return total
    }
}

/// Scratch arrays of one worker's sweeps, reset between classes by touching only the vertices reached.
struct HoseSweepState {
    var distance: [Int32]
    var order: [Int32]
    var nextCapacity: [Double]
    var amount: [Double]
    var levelStart: [Int] = []
    var tail = 0

    init(vertexCount: Int) {
        distance = [Int32](repeating: -1, count: vertexCount)
        order = [Int32](repeating: 0, count: vertexCount)
        nextCapacity = [Double](repeating: 0, count: vertexCount)
        amount = [Double](repeating: 0, count: vertexCount)
    }

    /// Breadth-first search from the class, one level at a time, until every source is discovered; records the
    /// capacity of each vertex's usable arcs one level closer. False when some source is not reached or the work
    /// budget is exceeded. `levelStart[d]` is the first position of depth d in `order`; the last level ends at `tail`.
    mutating func search(_ sweep: HoseSweep, members: [Int], work: inout Int) -> Bool {
        for position in 0..<tail {
            let vertex = Int(order[position])
            distance[vertex] = -1
            nextCapacity[vertex] = 0
            amount[vertex] = 0
        }
        tail = 0
        var found = 0
        for member in members {
            let hub = sweep.hubs[member]
            distance[Int(hub)] = 0
            order[tail] = hub
            tail += 1
            if sweep.isSource[Int(hub)] { found += 1 }
        }
        levelStart.removeAll(keepingCapacity: true)
        levelStart.append(0)
        let graph = sweep.graph
        while found < sweep.sourceCount {
            let first = levelStart[levelStart.count - 1]
            let end = tail
            if first == end { break }
            levelStart.append(end)
            let depth = Int32(levelStart.count - 1)
            for position in first..<end {
                let vertex = order[position]
                for arc in graph.arcs(from: vertex) {
                    let weight = sweep.usable(arc, vertex)
                    if weight <= 0 { continue }
                    let next = Int(graph.head[Int(arc)])
                    if distance[next] < 0 {
                        distance[next] = depth
                        order[tail] = Int32(next)
                        tail += 1
                        if sweep.isSource[next] { found += 1 }
                    }
                    if distance[next] == depth { nextCapacity[next] += weight }
                }
                work += graph.degree(of: vertex)
            }
        }
        return found >= sweep.sourceCount
    }
}

/// Symmetric capacity of a usable arc: the smaller direction when the link is directed; 0 when unusable.
@inline(__always) func usableCapacity(_ arc: Int32, _ tail: Int32, graph: CSRGraph, mask: FailureMask?, asymmetric: BitSet) -> Double {
    guard graph.isUsable(arc: arc, tail: tail, under: mask) else { return 0 }
    return asymmetric[Int(arc)] ? min(graph.capacity[Int(arc)], graph.capacity[Int(graph.reverse[Int(arc)])]) : graph.capacity[Int(arc)]
}
