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
        /// Nothing to prove: fewer than two accelerators, or no certificate applied.
        case trivial = "trivial"
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
    /// The best hose bound over the candidate hub sets (top declared tier; switches farthest from accelerators),
    /// or nil when no candidate reaches every live accelerator. Skips candidates with more than `maxWork`
    /// hub × arc steps.
    /// - Complexity: O(|H|·(V + E)) per candidate.
    public static func compute(graph: CSRGraph, topology: Topology?, mask: FailureMask? = nil, maxWork: Int = 400_000_000) -> BisectionCertificate? {
        let live = graph.accelerators.filter { !(mask?.devices[Int($0)] ?? false) }
        guard live.count >= 2 else { return nil }
        var best: BisectionCertificate?
        for candidate in hubCandidates(graph: graph, topology: topology, mask: mask) {
            if candidate.hubs.count * (graph.vertexCount + graph.arcCount) > maxWork { continue }
            if isMesh(graph: graph, mask: mask, hubs: candidate.hubs) { continue }
            guard let perAccelerator = hubRate(graph: graph, mask: mask, hubs: candidate.hubs) else { continue }
            let bound = Double(live.count / 2) * perAccelerator
            if bound > (best?.bound ?? 0) {
                best = BisectionCertificate(
                    kind: .hose, bound: bound,
                    detail: "oblivious routing via \(candidate.hubs.count) hubs (\(candidate.name)) carries every hose demand of \(bisectionRateText(perAccelerator)) per accelerator; ⌊n/2⌋ = \(live.count / 2)")
            }
        }
        return best
    }

    /// The rate x* every accelerator can send to and receive from the hubs at once, or nil when some live
    /// accelerator cannot reach some hub.
    /// - Complexity: O(|H|·(V + E)).
    public static func hubRate(graph: CSRGraph, mask: FailureMask?, hubs: [Int32]) -> Double? {
        let arcCount = graph.arcCount
        let vertexCount = graph.vertexCount
        // Symmetric capacity of each arc's cable: a directed link cannot carry the reversed down flows.
        var symmetric = [Double](repeating: 0, count: arcCount)
        for vertex in 0..<vertexCount {
            for arc in graph.arcs(from: Int32(vertex)) where graph.isUsable(arc: arc, tail: Int32(vertex), under: mask) {
                symmetric[Int(arc)] = min(graph.capacity[Int(arc)], graph.capacity[Int(graph.reverse[Int(arc)])])
            }
        }
        let usable = symmetric
        let hubWeight = hubs.map { hub in graph.arcs(from: hub).reduce(0.0) { $0 + usable[Int($1)] } }
        let totalWeight = hubWeight.reduce(0, +)
        guard totalWeight > 0 else { return nil }
        let isSource = (0..<vertexCount).map { graph.isAccelerator[$0] && !(mask?.devices[$0] ?? false) }
        let workers = min(2, hubs.count)
        let loads = BisectionSlots<[Double]>(count: workers)
        let failed = BisectionSlots<Bool>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var load = [Double](repeating: 0, count: arcCount)
            var distance = [Int32](repeating: -1, count: vertexCount)
            var order = [Int32](repeating: 0, count: vertexCount)
            var inflow = [Double](repeating: 0, count: vertexCount)
            var broken = false
            var index = worker
            while index < hubs.count, !broken {
                let hub = hubs[index]
                let share = hubWeight[index] / totalWeight
                index += workers
                if share == 0 { continue }
                for vertex in 0..<vertexCount { distance[vertex] = -1 }
                distance[Int(hub)] = 0
                order[0] = hub
                var head = 0
                var tail = 1
                while head < tail {
                    let vertex = order[head]
                    head += 1
                    for arc in graph.arcs(from: vertex) where usable[Int(arc)] > 0 {
                        let next = graph.head[Int(arc)]
                        if distance[Int(next)] < 0 {
                            distance[Int(next)] = distance[Int(vertex)] + 1
                            order[tail] = next
                            tail += 1
                        }
                    }
                }
                for vertex in 0..<vertexCount where isSource[vertex] && distance[vertex] < 0 {
                    broken = true
                    break
                }
                if broken { break }
                for position in 0..<tail { inflow[Int(order[position])] = 0 }
                for position in stride(from: tail - 1, to: 0, by: -1) {
                    let vertex = order[position]
                    let amount = inflow[Int(vertex)] + (isSource[Int(vertex)] ? share : 0)
                    if amount == 0 { continue }
                    let closer = distance[Int(vertex)] - 1
                    var capacity = 0.0
                    for arc in graph.arcs(from: vertex) where usable[Int(arc)] > 0 && distance[Int(graph.head[Int(arc)])] == closer {
                        capacity += usable[Int(arc)]
                    }
                    for arc in graph.arcs(from: vertex) where usable[Int(arc)] > 0 && distance[Int(graph.head[Int(arc)])] == closer {
                        let part = amount * usable[Int(arc)] / capacity
                        load[Int(arc)] += part
                        inflow[Int(graph.head[Int(arc)])] += part
                    }
                }
            }
            loads.set(worker, load)
            failed.set(worker, broken)
        }
        var total = [Double](repeating: 0, count: arcCount)
        for worker in 0..<workers {
            if failed.get(worker) ?? true { return nil }
            guard let load = loads.get(worker) else { return nil }
            for arc in 0..<arcCount { total[arc] += load[arc] }
        }
        var rate = Double.infinity
        for arc in 0..<arcCount where total[arc] > 0 {
            let both = total[arc] + total[Int(graph.reverse[Int(arc)])]
            rate = min(rate, usable[arc] / both)
        }
        return rate.isFinite ? rate : nil
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

/// Formats a rate in bit/s with an SI prefix, for certificate details (`400 Gb/s`).
func bisectionRateText(_ value: Double) -> String {
    let units: [(Double, String)] = [(1e15, "Pb/s"), (1e12, "Tb/s"), (1e9, "Gb/s"), (1e6, "Mb/s"), (1e3, "kb/s")]
    for (scale, unit) in units where abs(value) >= scale {
        return "\(bisectionNumberText(value / scale)) \(unit)"
    }
    return "\(bisectionNumberText(value)) b/s"
}

/// A number with at most four significant decimals, no trailing zeros.
func bisectionNumberText(_ value: Double) -> String {
    let scaled = (value * 10_000).rounded() / 10_000
    if scaled == scaled.rounded(), abs(scaled) < 1e15 { return String(Int64(scaled)) }
    return String(scaled)
}
