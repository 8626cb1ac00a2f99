import Dispatch
import FabricModel
import Foundation

/// The routing certificate: a lower bound on the minimum bisection from any routing of uniform all-to-all traffic.
///
/// **Argument.** Let every ordered pair of distinct live accelerators demand one unit, routed by any flow with
/// per-arc load L(a), and let ρ = max_a L(a)/c(a). A split with ⌊n/2⌋ accelerators on one side and ⌈n/2⌉ on the
/// other has ⌊n/2⌋·⌈n/2⌉ pairs from each side to the other, each unit of which crosses the split in that
/// direction, while each crossing arc carries at most ρ·c(a). So each direction's capacity is at least
/// ⌊n/2⌋·⌈n/2⌉/ρ. The demand crossing is the same for every balanced split, which is what makes one routing
/// bound them all. Under uniform all-to-all the accelerators' own links saturate first on fat-trees and 1:1
/// Clos designs, so there this proves only about half the bisection (see `HoseCertificate`).
public enum AllToAllCertificate {
    /// The certificate of a routing given by its per-arc loads for unit all-to-all demand among the live
    /// accelerators of `graph` under `mask`. Loads on unusable arcs or arcs without capacity make it worthless (0).
    /// - Complexity: O(V + E).
    public static func fromLoads(
        graph: CSRGraph, mask: FailureMask? = nil, arcLoads: [Double],
        kind: BisectionCertificate.Kind = .allToAllRouting, routing: String
    ) -> BisectionCertificate {
        fromLoads(graph: graph, mask: mask, arcLoads: arcLoads, kind: kind, routing: routing, pairs: nil)
    }

    /// `fromLoads` with the crossing demand given (`BisectionBracket.crossingPairs` when stranded accelerators may
    /// fall on either side); nil for ⌊n/2⌋·⌈n/2⌉.
    static func fromLoads(
        graph: CSRGraph, mask: FailureMask?, arcLoads: [Double], kind: BisectionCertificate.Kind,
        routing: String, pairs given: Double?
    ) -> BisectionCertificate {
        let n = graph.accelerators.reduce(0) { $0 + ((mask?.devices[Int($1)] ?? false) ? 0 : 1) }
        let pairs = given ?? Double(n / 2) * Double(n - n / 2)
        guard n >= 2, arcLoads.count == graph.arcCount else {
            return BisectionCertificate(kind: kind, bound: 0, detail: "\(routing): no usable routing")
        }
        let rho = maximumUtilization(graph: graph, mask: mask, arcLoads: arcLoads)
        guard rho > 0, rho.isFinite else {
            return BisectionCertificate(kind: kind, bound: 0, detail: "\(routing): routing uses an arc without capacity")
        }
        return BisectionCertificate(
            kind: kind, bound: pairs / rho,
            detail: "\(routing): max utilization ρ = \(bisectionNumberText(rho * 1e9)) per Gb/s per unit demand; "
                + (pairs == Double(n / 2) * Double(n - n / 2)
                    ? "⌊n/2⌋·⌈n/2⌉ = \(Int(pairs))" : "crossing pairs \(Int(pairs)) (stranded accelerators on either side)"))
    }

    /// max over arcs of load ÷ capacity (infinite when an unusable or zero-capacity arc carries load).
    /// - Complexity: O(V + E).
    public static func maximumUtilization(graph: CSRGraph, mask: FailureMask?, arcLoads: [Double]) -> Double {
        var rho = 0.0
        for vertex in 0..<graph.vertexCount {
            for arc in graph.arcs(from: Int32(vertex)) where arcLoads[Int(arc)] > 0 {
                let capacity = graph.capacity[Int(arc)]
                guard capacity > 0, graph.isUsable(arc: arc, tail: Int32(vertex), under: mask) else { return .infinity }
                rho = max(rho, arcLoads[Int(arc)] / capacity)
            }
        }
        return rho
    }
}

/// Multiplicative-weights rerouting of uniform all-to-all toward a maximum concurrent flow (in the spirit of
/// Garg & Könemann 1998 and Fleischer 2000; here as Frank–Wolfe steps on a soft maximum of the utilizations).
///
/// Each phase gives every arc the length exp(β·(u(a)/u_max − 1))/c(a), where u is the utilization of the current
/// routing, routes every source's demand (one unit to every other live accelerator) along a shortest-path tree
/// under those lengths, and mixes the new routing into the current one with the step that lowers the maximum
/// utilization most. Every routing along the way is a valid all-to-all routing (a convex combination of valid
/// routings), so the certificate holds whenever it stops; more phases only tighten it.
///
/// **Aggregation.** Accelerators that hang off a single neighbour (all their cables to one switch: hosts, GPUs of a
/// leaf) are *leaves*: their traffic climbs their own cables (n − 1 units each way, split by capacity) and joins
/// their switch's tree. One tree per *root* (a switch with leaves, or an accelerator that is not a leaf) carries the
/// demand of all the root's sources at once, so a phase costs one Dijkstra per root over the non-leaf vertices:
/// 2,064 roots instead of 16,512 sources on a dragonfly, one per edge switch on a fat-tree.
public enum ConcurrentFlow {
    /// Sources grouped by root (see the type's discussion).
    struct Classes {
        /// Roots, ascending.
        let roots: [Int32]
        /// Accelerators represented at each vertex (its leaves, plus itself when it is a live non-leaf accelerator).
        let count: [Double]
        /// The switch a leaf accelerator hangs off, -1 for every other vertex.
        let leafOf: [Int32]
        /// Live accelerators n.
        let total: Int

        /// Groups the live accelerators of `graph` under `mask`.
        /// - Complexity: O(V + E).
        init(graph: CSRGraph, mask: FailureMask?) {
            var leafOf = [Int32](repeating: -1, count: graph.vertexCount)
            var distinctNeighbours = [Int32](repeating: 0, count: graph.vertexCount)
            var only = [Int32](repeating: -1, count: graph.vertexCount)
            for vertex in 0..<graph.vertexCount {
                var first: Int32 = -1
                var distinct: Int32 = 0
                for arc in graph.arcs(from: Int32(vertex)) where ConcurrentFlow.carries(graph, arc, mask) {
                    let head = graph.head[Int(arc)]
                    if first < 0 {
                        first = head
                        distinct = 1
                    } else if head != first {
                        distinct = 2
                    }
                }
                distinctNeighbours[vertex] = distinct
                only[vertex] = first
            }
            var total = 0
            var count = [Double](repeating: 0, count: graph.vertexCount)
            for accelerator in graph.accelerators where !(mask?.devices[Int(accelerator)] ?? false) {
                total += 1
                let vertex = Int(accelerator)
                if distinctNeighbours[vertex] == 1, distinctNeighbours[Int(only[vertex])] >= 2 {
                    leafOf[vertex] = only[vertex]
                    count[Int(only[vertex])] += 1
                } else {
                    count[vertex] += 1
                }
            }
            var roots: [Int32] = []
            for vertex in 0..<graph.vertexCount where count[vertex] > 0 && leafOf[vertex] < 0 { roots.append(Int32(vertex)) }
            self.roots = roots
            self.count = count
            self.leafOf = leafOf
            self.total = total
        }
    }

    /// Whether `arc` can carry flow: usable under the mask, positive capacity.
    @inline(__always) static func carries(_ graph: CSRGraph, _ arc: Int32, _ mask: FailureMask?) -> Bool {
        graph.capacity[Int(arc)] > 0 && graph.isUsable(arc: arc, tail: graph.head[Int(graph.reverse[Int(arc)])], under: mask)
    }

    /// The work of one phase: roots × (non-leaf vertices + their arcs), for budgeting.
    public static func phaseWork(graph: CSRGraph, mask: FailureMask? = nil) -> Double {
        let classes = Classes(graph: graph, mask: mask)
        let leaves = classes.leafOf.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        return Double(classes.roots.count) * Double(graph.vertexCount - leaves + max(0, graph.arcCount - 2 * leaves))
    }

    /// Per-arc loads of an improved uniform all-to-all routing (unit demand per ordered pair of live accelerators),
    /// starting from `initial` loads (or from shortest-path trees under `initialLengths`, by default 1/capacity) and
    /// running up to `phases` phases. Nil when some live accelerator cannot reach another.
    /// - Complexity: O(phases · R · E log V) for R roots.
    public static func uniformAllToAll(
        graph: CSRGraph, mask: FailureMask? = nil, initial: [Double]? = nil,
        initialLengths: [Double]? = nil, phases: Int, beta: Double = 12
    ) -> [Double]? {
        let classes = Classes(graph: graph, mask: mask)
        let arcCount = graph.arcCount
        var usableFlags = [Bool](repeating: false, count: arcCount)
        for arc in 0..<Int32(arcCount) where carries(graph, arc, mask) { usableFlags[Int(arc)] = true }
        let usable = usableFlags
        var current: [Double]
        if let initial, initial.count == arcCount {
            current = initial
        } else {
            let lengths = initialLengths ?? (0..<arcCount).map { usable[$0] ? 1 / graph.capacity[$0] : .infinity }
            guard let routed = treeRouting(graph: graph, classes: classes, lengths: lengths) else { return nil }
            current = routed
        }
        var rho = AllToAllCertificate.maximumUtilization(graph: graph, mask: mask, arcLoads: current)
        guard rho.isFinite, rho > 0 else { return current }
        var beta = beta
        var stalls = 0
        for _ in 0..<phases {
            var lengths = [Double](repeating: .infinity, count: arcCount)
            for arc in 0..<arcCount where usable[arc] {
                let utilization = current[arc] / graph.capacity[arc]
                lengths[arc] = Foundation.exp(min(700, beta * (utilization / rho - 1))) / graph.capacity[arc]
            }
            guard let proposal = treeRouting(graph: graph, classes: classes, lengths: lengths) else { break }
            var bestStep = 0.0
            var bestRho = rho
            var step = 0.5
            while step > 1e-3 {
                var mixedRho = 0.0
                for arc in 0..<arcCount where usable[arc] {
                    let load = (1 - step) * current[arc] + step * proposal[arc]
                    mixedRho = max(mixedRho, load / graph.capacity[arc])
                }
                if mixedRho < bestRho {
                    bestRho = mixedRho
                    bestStep = step
                }
                step /= 2
            }
            if bestStep == 0 {
                // No step helps: sharpen the soft maximum toward the true one and try again (a few times).
                stalls += 1
                if stalls > 4 { break }
                beta *= 2
                continue
            }
            for arc in 0..<arcCount { current[arc] = (1 - bestStep) * current[arc] + bestStep * proposal[arc] }
            rho = bestRho
        }
        return current
    }

    /// Loads of routing uniform all-to-all along one shortest-path tree per root under `lengths` (infinite =
    /// unusable): leaves' own cables carry n − 1 units each way (split by capacity), and the tree of root r carries
    /// count(r) units to every accelerator represented below each tree vertex. Nil when a root cannot reach some
    /// vertex that represents accelerators.
    /// - Complexity: O(R · E log V) for R roots, both cores.
    static func treeRouting(graph: CSRGraph, classes: Classes, lengths: [Double]) -> [Double]? {
        let arcCount = graph.arcCount
        let vertexCount = graph.vertexCount
        let roots = classes.roots
        let workers = min(2, max(1, roots.count))
        let slots = ParallelSlots<[Double]?>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var load = [Double](repeating: 0, count: arcCount)
            var distance = [Double](repeating: .infinity, count: vertexCount)
            var parent = [Int32](repeating: -1, count: vertexCount)
            var settled: [Int32] = []
            var demand = [Double](repeating: 0, count: vertexCount)
            var heap = PartitionGainHeap()
            var index = worker
            var reachedAll = true
            while index < roots.count, reachedAll {
                let root = roots[index]
                index += workers
                for vertex in settled {
                    distance[Int(vertex)] = .infinity
                    parent[Int(vertex)] = -1
                }
                settled.removeAll(keepingCapacity: true)
                heap.removeAll()
                distance[Int(root)] = 0
                heap.push(-0.0, root)
                while let top = heap.top {
                    heap.pop()
                    let vertex = Int(top.vertex)
                    if -top.gain > distance[vertex] { continue }
                    settled.append(top.vertex)
                    for arc in graph.arcs(from: top.vertex) {
                        let length = lengths[Int(arc)]
                        let next = Int(graph.head[Int(arc)])
                        if !length.isFinite || classes.leafOf[next] >= 0 { continue }
                        let candidate = distance[vertex] + length
                        if candidate < distance[next] {
                            distance[next] = candidate
                            parent[next] = arc
                            heap.push(-candidate, Int32(next))
                        }
                    }
                }
                let weight = classes.count[Int(root)]
                var reached = 0.0
                for vertex in settled {
                    demand[Int(vertex)] = vertex == root ? 0 : classes.count[Int(vertex)]
                    reached += classes.count[Int(vertex)]
                }
                if reached < Double(classes.total) { reachedAll = false }
                for position in stride(from: settled.count - 1, to: 0, by: -1) {
                    let vertex = Int(settled[position])
                    let arc = parent[vertex]
                    guard arc >= 0, demand[vertex] > 0 else { continue }
                    load[Int(arc)] += weight * demand[vertex]
                    demand[Int(graph.head[Int(graph.reverse[Int(arc)])])] += demand[vertex]
                }
            }
            slots.set(worker, reachedAll ? load : nil)
        }
        var total = [Double](repeating: 0, count: arcCount)
        for worker in 0..<workers {
            guard let stored = slots.get(worker), let load = stored else { return nil }
            for arc in 0..<arcCount { total[arc] += load[arc] }
        }
        // Leaves' own cables: n − 1 units up and n − 1 down, split over the cables by capacity.
        let perLeaf = Double(classes.total - 1)
        for vertex in 0..<vertexCount where classes.leafOf[vertex] >= 0 {
            var up = 0.0
            for arc in graph.arcs(from: Int32(vertex)) where lengths[Int(arc)].isFinite { up += graph.capacity[Int(arc)] }
            for arc in graph.arcs(from: Int32(vertex)) where lengths[Int(arc)].isFinite {
                let back = Int(graph.reverse[Int(arc)])
                total[Int(arc)] += perLeaf * graph.capacity[Int(arc)] / up
                total[back] += perLeaf * graph.capacity[Int(arc)] / up
            }
        }
        return total
    }
}
