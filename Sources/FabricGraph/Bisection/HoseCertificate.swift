import Dispatch
import FabricModel

/// A proven lower bound on the minimum bisection and the argument that produced it.
public struct BisectionCertificate: Sendable, Equatable, Codable {
    /// The kind of proof.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A routing of uniform all-to-all among accelerators with maximum utilization ρ per unit demand.
        case allToAllRouting = "all-to-all routing"
        /// The same argument with the routing improved by multiplicative-weights rerouting (concurrent flow).
        case concurrentFlow = "all-to-all concurrent flow"
        /// An oblivious routing through hub switches that carries every hose demand.
        case hose = "hose"
        /// The hose argument with a rate of its own for every accelerator (`WeightedHose`): tight on degraded tiers.
        case weightedHose = "hose, rate per accelerator"
        /// The per-accelerator hose on a copy with virtual cables restoring near-twin neighbourhoods, less their
        /// capacity (`BisectionRepair`).
        case repairedHose = "hose on a repaired copy, less the virtual cables"
        /// The per-accelerator hose in every switch plane alone plus the cut of the accelerators' own cables, over
        /// every side choice and balanced split (`PlaneHose`).
        case planeHose = "hose per switch plane, plus the accelerator links"
        /// The second eigenvalue of the Laplacian with hosts folded into their switches (`SpectralCertificate`).
        case spectral = "spectral"
        /// An exact minimum bisection proven by branch and cut (`ExactBisection`): lower = upper.
        case exact = "exact search"
        /// The best bound of a branch and cut stopped at its time limit (`ExactBisection`).
        case mipBound = "branch-and-cut bound"
        /// A healthy design's proven bound minus the capacity of the failed elements (`BisectionBracket.monotone`).
        case healthyMinusFailures = "healthy bound minus failures"
        /// Nothing to prove: fewer than two accelerators, or no certificate applied.
        case trivial = "trivial"

        /// A stable machine-readable name (`lowerBoundMethod` in JSON): `allToAllRouting`, `concurrentFlow`, `hose`,
        /// `weightedHose`, `repairedHose`, `planeHose`, `spectral`, `exact`, `branchAndCutBound`, `healthyMinusFailures` or `trivial`.
        public var identifier: String {
            switch self {
            case .allToAllRouting: "allToAllRouting"
            case .concurrentFlow: "concurrentFlow"
            case .hose: "hose"
            case .weightedHose: "weightedHose"
            case .repairedHose: "repairedHose"
            case .planeHose: "planeHose"
            case .spectral: "spectral"
            case .exact: "exact"
            case .mipBound: "branchAndCutBound"
            case .healthyMinusFailures: "healthyMinusFailures"
            case .trivial: "trivial"
            }
        }
    }

    /// Which argument.
    public let kind: Kind
    /// The proven lower bound in bit/s.
    public let bound: Double
    /// The certificate's numbers, e.g. `ρ = 1.5e-9 s/bit per unit demand` or `hubs: 576 devices of tier 3`.
    public let detail: String

    /// A certificate.
    public init(kind: Kind, bound: Double, detail: String) {
        self.kind = kind
        self.bound = bound
        self.detail = detail
    }
}

/// The hose certificate: a lower bound on the minimum bisection of tiered (Clos, fat-tree) designs that reaches the
/// full bisection where the all-to-all certificate proves only half.
///
/// **Routing.** Pick a set H of hub devices (the top tier) and weights π over H (∝ each hub's capacity). Every
/// accelerator s sends a unit of "up" flow φ_s that ends at the hubs in the proportions π; demand s → t is routed
/// obliviously as φ_s followed by φ_t reversed (Valiant 1982, with the hubs as the random intermediate). The flows
/// compose because every φ ends at the same distribution π. φ_s is the sum over hubs h of π_h times a flow from
/// s to h; that flow spreads over every shortest path to h, split at each hop in proportion to capacity.
///
/// **Load.** Let U(a) = Σ_s φ_s(a) on arc a. Under a hose demand D (each accelerator sends and receives at most x)
/// the load of a is Σ_{s,t} D_st (φ_s(a) + φ_t(ā)) ≤ x·(U(a) + U(ā)), ā the opposite arc, so D is routable when
/// x ≤ x* = min over cables of c/(U(a) + U(ā)) (c the smaller of the cable's two directional capacities).
///
/// **Bisection.** Take any split with ⌊n/2⌋ accelerators on side S. Pair each of them with a distinct
/// accelerator of the other side and let each pair demand x* from S to the other side: a hose demand, hence
/// routed within capacity, and every unit of it crosses the split from S. So the capacity from S to the other
/// side is at least ⌊n/2⌋·x* (and the same for the other direction, pairing the other way).
///
/// **Cost.** One breadth-first search and one sweep per hub: O(|H|·(V + E)), both cores. The single-sink flows
/// to each hub are what keep the bound exact: a flow into one sink decomposes into per-source flows that each
/// deliver exactly their share to that hub, so φ_s ends at π for every s.
public enum HoseCertificate {
    /// Arcs the sweeps of one hub set may visit before the candidate is given up (a few seconds on 2 cores).
    public static let defaultMaxWork = 2_000_000_000

    /// The best hose bound over the candidate hub sets (top declared tier; switches farthest from accelerators),
    /// or nil when no candidate reaches every live accelerator. Gives up on a candidate whose sweeps would visit
    /// more than `maxWork` arcs.
    /// - Complexity: O(|classes|·(V + E)) per candidate, where interchangeable hubs (twins) share one sweep; in
    ///   practice only the arcs between the hubs and the deepest accelerators are visited.
    public static func compute(graph: CSRGraph, topology: Topology?, mask: FailureMask? = nil, maxWork: Int = defaultMaxWork) -> BisectionCertificate? {
        compute(graph: graph, candidates: hubCandidates(graph: graph, topology: topology, mask: mask), mask: mask, maxWork: maxWork)
    }

    /// The best hose bound over the given hub candidates (see `compute(graph:topology:mask:maxWork:)`).
    static func compute(graph: CSRGraph, candidates: [HubCandidate], mask: FailureMask?, maxWork: Int) -> BisectionCertificate? {
        let live = graph.accelerators.filter { !(mask?.devices[Int($0)] ?? false) }
        guard live.count >= 2 else { return nil }
        var best: BisectionCertificate?
        for candidate in candidates {
            if isMesh(graph: graph, mask: mask, hubs: candidate.hubs) { continue }
            guard let perAccelerator = hubRate(graph: graph, mask: mask, hubs: candidate.hubs, maxWork: maxWork) else { continue }
            let bound = Double(live.count / 2) * perAccelerator
            if bound > (best?.bound ?? 0) {
                best = BisectionCertificate(
                    kind: .hose, bound: bound,
                    detail:
                        "oblivious routing via \(candidate.hubs.count) hubs (\(candidate.name)) carries every hose demand of \(Bandwidth.format(capacity: perAccelerator, inBitsPerSecond: graph.hasBandwidth)) per accelerator; ⌊n/2⌋ = \(live.count / 2)"
                )
            }
        }
        return best
    }

    /// The rate x* every accelerator can send to and receive from the hubs at once, or nil when some live
    /// accelerator cannot reach some hub or the sweeps would visit more than `maxWork` arcs.
    ///
    /// Hubs with identical neighbourhoods (same neighbours, same capacities: a stripe of superspines, the cores of a
    /// fat-tree wired to the same aggregation index) are *twins*: every vertex other than a twin is equally far
    /// from each of them, no shortest path to one passes through another, and their weights π are equal, so the
    /// flows to the twins of a class coincide except on the last hop, where splitting by capacity over all arcs into
    /// the class gives each twin exactly its share. One sweep from the whole class (all of it at distance 0) then
    /// yields the same loads as one sweep per twin (`groupTwins: false` runs one per hub, for testing).
    ///
    /// Each sweep is a breadth-first search from the class that stops once every live accelerator has been
    /// reached, then pulls the flow back level by level through the arcs the search scanned: the arcs of the
    /// deepest level are never visited (on a Clos, the accelerators' own mesh and scale-up links).
    /// - Complexity: O(|classes|·(V + E)), both cores.
    public static func hubRate(
        graph: CSRGraph, mask: FailureMask?, hubs: [Int32], groupTwins: Bool = true,
        maxWork: Int = defaultMaxWork
    ) -> Double? {
        let arcCount = graph.arcCount
        let vertexCount = graph.vertexCount
        let capacity = graph.capacity
        let reverse = graph.reverse
        // Arcs whose opposite arc has another capacity (directed links), found once so that the sweeps read only
        // their own arc's capacity.
        var asymmetricArcs = BitSet(capacity: arcCount)
        for arc in 0..<arcCount where capacity[arc] != capacity[Int(reverse[arc])] { asymmetricArcs.insert(arc) }
        let asymmetric = asymmetricArcs
        // Symmetric capacity of a usable arc: a directed link cannot carry the reversed down flows.
        @Sendable @inline(__always) func usable(_ arc: Int32, _ tail: Int32) -> Double {
            guard graph.isUsable(arc: arc, tail: tail, under: mask) else { return 0 }
            return asymmetric[Int(arc)] ? min(capacity[Int(arc)], capacity[Int(reverse[Int(arc)])]) : capacity[Int(arc)]
        }
        let hubWeight = hubs.map { hub in graph.arcs(from: hub).reduce(0.0) { $0 + usable($1, hub) } }
        let totalWeight = hubWeight.reduce(0, +)
        guard totalWeight > 0 else { return nil }
        let isSource = (0..<vertexCount).map { graph.isAccelerator[$0] && !(mask?.devices[$0] ?? false) }
        let sourceCount = isSource.reduce(0) { $0 + ($1 ? 1 : 0) }
        let classes = groupTwins ? twinClasses(graph: graph, mask: mask, hubs: hubs) : hubs.indices.map { [$0] }
        let workers = min(2, classes.count)
        guard workers > 0 else { return nil }
        let loads = ParallelSlots<[Double]>(count: workers)
        let failed = ParallelSlots<Bool>(count: workers)
        let workLimit = maxWork / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var load = [Double](repeating: 0, count: arcCount)
            var distance = [Int32](repeating: -1, count: vertexCount)
            var order = [Int32](repeating: 0, count: vertexCount)
            var nextCapacity = [Double](repeating: 0, count: vertexCount)
            var amount = [Double](repeating: 0, count: vertexCount)
            var levelStart: [Int] = []
            var broken = false
            var work = 0
            var index = worker
            var tail = 0
            while index < classes.count, !broken {
                let members = classes[index]
                index += workers
                let share = members.reduce(0.0) { $0 + hubWeight[$1] } / totalWeight
                if share == 0 { continue }
                for position in 0..<tail {
                    let vertex = Int(order[position])
                    distance[vertex] = -1
                    nextCapacity[vertex] = 0
                    amount[vertex] = 0
                }
                tail = 0
                var found = 0
                for member in members {
                    distance[Int(hubs[member])] = 0
                    order[tail] = hubs[member]
                    tail += 1
                    if isSource[Int(hubs[member])] { found += 1 }
                }
                levelStart.removeAll(keepingCapacity: true)
                levelStart.append(0)
                // Breadth-first, one level at a time; stop when every source is discovered.
                while found < sourceCount {
                    let first = levelStart[levelStart.count - 1]
                    let end = tail
                    if first == end { break }
                    levelStart.append(end)
                    let depth = Int32(levelStart.count - 1)
                    for position in first..<end {
                        let vertex = order[position]
                        for arc in graph.arcs(from: vertex) {
                            let weight = usable(arc, vertex)
                            if weight <= 0 { continue }
                            let next = Int(graph.head[Int(arc)])
                            if distance[next] < 0 {
                                distance[next] = depth
                                order[tail] = Int32(next)
                                tail += 1
                                if isSource[next] {
                                    found += 1
                                    amount[next] = share
                                }
                            }
                            if distance[next] == depth { nextCapacity[next] += weight }
                        }
                        work += graph.degree(of: vertex)
                    }
                }
                if found < sourceCount || work > workLimit {
                    broken = true
                    break
                }
                // Pull the flow toward the class, deepest level first: a vertex at depth d + 1 is final once level
                // d + 2 has been pulled, and splits its amount over its arcs to depth d in proportion to capacity.
                for level in stride(from: levelStart.count - 2, through: 0, by: -1) {
                    let depth = Int32(level + 1)
                    for position in stride(from: levelStart[level + 1] - 1, through: levelStart[level], by: -1) {
                        let vertex = order[position]
                        var gathered = 0.0
                        for arc in graph.arcs(from: vertex) {
                            let next = Int(graph.head[Int(arc)])
                            guard distance[next] == depth, amount[next] > 0 else { continue }
                            let weight = usable(arc, vertex)
                            if weight <= 0 { continue }
                            let part = amount[next] * weight / nextCapacity[next]
                            // Flow on the opposite arc (next → vertex), stored at this arc: sequential writes.
                            load[Int(arc)] += part
                            gathered += part
                        }
                        amount[Int(vertex)] += gathered
                        work += graph.degree(of: vertex)
                    }
                }
                if work > workLimit { broken = true }
            }
            loads.set(worker, load)
            failed.set(worker, broken)
        }
        guard var total = loads.get(0), !(failed.get(0) ?? true) else { return nil }
        for worker in 1..<workers {
            if failed.get(worker) ?? true { return nil }
            guard let load = loads.get(worker) else { return nil }
            for arc in 0..<arcCount { total[arc] += load[arc] }
        }
        // total[a] is U of a's opposite arc; a cable's two arcs carry total[a] + total[ā] together.
        var rate = Double.infinity
        for vertex in 0..<Int32(vertexCount) {
            for arc in graph.arcs(from: vertex) where total[Int(arc)] > 0 {
                let both = total[Int(arc)] + total[Int(reverse[Int(arc)])]
                rate = min(rate, usable(arc, vertex) / both)
            }
        }
        return rate.isFinite ? rate : nil
    }

    /// The hubs grouped into twin classes (indices into `hubs`): hubs whose usable arcs go to the same neighbours
    /// with the same capacities. Twins are never adjacent (h ~ h' with equal neighbourhoods would need a self-loop,
    /// and self-loops have no arcs). A hub that is a live accelerator sends its own flow to the other hubs, so it
    /// stays alone. Classes in order of their first hub.
    /// - Complexity: O(Σ deg(h) log deg(h)) over the hubs.
    static func twinClasses(graph: CSRGraph, mask: FailureMask?, hubs: [Int32]) -> [[Int]] {
        var classOf: [[UInt64]: Int] = [:]
        var classes: [[Int]] = []
        for (index, hub) in hubs.enumerated() {
            if graph.isAccelerator[Int(hub)], !(mask?.devices[Int(hub)] ?? false) {
                classes.append([index])
                continue
            }
            var pairs: [(Int32, Double)] = []
            for arc in graph.arcs(from: hub) where graph.isUsable(arc: arc, tail: hub, under: mask) {
                let weight = min(graph.capacity[Int(arc)], graph.capacity[Int(graph.reverse[Int(arc)])])
                if weight > 0 { pairs.append((graph.head[Int(arc)], weight)) }
            }
            pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            var signature: [UInt64] = []
            signature.reserveCapacity(2 * pairs.count)
            for (head, weight) in pairs {
                signature.append(UInt64(UInt32(bitPattern: head)))
                signature.append(weight.bitPattern)
            }
            if let existing = classOf[signature] {
                classes[existing].append(index)
            } else {
                classOf[signature] = classes.count
                classes.append([index])
            }
        }
        return classes
    }

    /// True when the hubs spend more capacity on cables among themselves than to other devices: they form a
    /// network of their own (a dragonfly's routers), not a top tier, and spreading traffic over all of them only
    /// proves a fraction of the bisection at the cost of one search per hub.
    /// - Complexity: O(V + E).
    static func isMesh(graph: CSRGraph, mask: FailureMask?, hubs: [Int32]) -> Bool {
        var isHub = [Bool](repeating: false, count: graph.vertexCount)
        for hub in hubs { isHub[Int(hub)] = true }
        var among = 0.0
        var outward = 0.0
        for hub in hubs {
            for arc in graph.arcs(from: hub) where graph.isUsable(arc: arc, tail: hub, under: mask) {
                if isHub[Int(graph.head[Int(arc)])] { among += graph.capacity[Int(arc)] } else { outward += graph.capacity[Int(arc)] }
            }
        }
        return among > outward
    }

    /// A candidate hub set and how it was chosen.
    struct HubCandidate {
        /// For the report.
        let name: String
        /// Hub devices, ascending.
        let hubs: [Int32]
    }

    /// Hub sets worth trying: the live non-accelerators of the highest declared tier, and the live switches (or
    /// other non-accelerators when there are no switches) farthest in hops from the nearest accelerator.
    static func hubCandidates(graph: CSRGraph, topology: Topology?, mask: FailureMask?) -> [HubCandidate] {
        func alive(_ vertex: Int) -> Bool { !(mask?.devices[vertex] ?? false) }
        var candidates: [HubCandidate] = []
        if let topology, topology.devices.count == graph.vertexCount {
            let tiers = topology.devices.indices.compactMap { index -> Int? in
                guard alive(index), !graph.isAccelerator[index] else { return nil }
                return topology.devices[index].tier
            }
            if let top = tiers.max(), top > 0 {
                let hubs = topology.devices.indices.filter {
                    alive($0) && !graph.isAccelerator[$0] && topology.devices[$0].tier == top
                }.map { Int32($0) }
                candidates.append(HubCandidate(name: "devices of tier \(top)", hubs: hubs))
            }
        }
        // Multi-source breadth-first search from the accelerators.
        var distance = [Int32](repeating: -1, count: graph.vertexCount)
        var queue: [Int32] = []
        for vertex in graph.accelerators where alive(Int(vertex)) {
            distance[Int(vertex)] = 0
            queue.append(vertex)
        }
        var head = 0
        while head < queue.count {
            let vertex = queue[head]
            head += 1
            for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: mask) {
                let next = graph.head[Int(arc)]
                if distance[Int(next)] < 0 {
                    distance[Int(next)] = distance[Int(vertex)] + 1
                    queue.append(next)
                }
            }
        }
        let isSwitch: (Int) -> Bool = { index in
            guard let topology, topology.devices.count == graph.vertexCount else { return true }
            return topology.devices[index].role == .switch
        }
        let switches = (0..<graph.vertexCount).filter { alive($0) && !graph.isAccelerator[$0] && distance[$0] > 0 && isSwitch($0) }
        let pool = switches.isEmpty ? (0..<graph.vertexCount).filter { alive($0) && !graph.isAccelerator[$0] && distance[$0] > 0 } : switches
        if let farthest = pool.map({ distance[$0] }).max() {
            let hubs = pool.filter { distance[$0] == farthest }.map { Int32($0) }
            if !candidates.contains(where: { $0.hubs == hubs }) {
                candidates.append(HubCandidate(name: "switches \(farthest) hops from the nearest accelerator", hubs: hubs))
            }
        }
        return candidates
    }
}

/// Formats a rate in bit/s for certificate details (`400 Gb/s`), by the one unit convention.
func bisectionRateText(_ value: Double) -> String { Bandwidth.format(bitsPerSecond: value) }

/// A number with at most four significant decimals, no trailing zeros.
func bisectionNumberText(_ value: Double) -> String {
    let scaled = (value * 10_000).rounded() / 10_000
    if scaled == scaled.rounded(), abs(scaled) < 1e15 { return String(Int64(scaled)) }
    return String(scaled)
}
