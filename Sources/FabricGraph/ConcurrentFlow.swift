import Dispatch
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
    public static func fromLoads(graph: CSRGraph, mask: FailureMask? = nil, arcLoads: [Double],
                                 kind: BisectionCertificate.Kind = .allToAllRouting, routing: String) -> BisectionCertificate {
        let n = graph.accelerators.reduce(0) { $0 + ((mask?.devices[Int($1)] ?? false) ? 0 : 1) }
        let pairs = Double(n / 2) * Double(n - n / 2)
        guard n >= 2, arcLoads.count == graph.arcCount else {
            return BisectionCertificate(kind: kind, bound: 0, detail: "\(routing): no usable routing")
        }
        let rho = maximumUtilization(graph: graph, mask: mask, arcLoads: arcLoads)
        guard rho > 0, rho.isFinite else {
            return BisectionCertificate(kind: kind, bound: 0, detail: "\(routing): routing uses an arc without capacity")
        }
        return BisectionCertificate(
            kind: kind, bound: pairs / rho,
            detail: "\(routing): max utilization ρ = \(bisectionNumberText(rho * 1e9)) per Gb/s per unit demand; ⌊n/2⌋·⌈n/2⌉ = \(Int(pairs))")
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
public enum ConcurrentFlow {
    /// Per-arc loads of an improved uniform all-to-all routing (unit demand per ordered pair of live accelerators),
    /// starting from `initial` loads (or from a shortest-path routing by capacity) and running up to `phases`
    /// phases, each one Dijkstra per source.
    /// - Complexity: O(phases · n · E log V).
    public static func uniformAllToAll(graph: CSRGraph, mask: FailureMask? = nil, initial: [Double]? = nil, phases: Int,
                                       beta: Double = 12) -> [Double] {
        let sources = graph.accelerators.filter { !(mask?.devices[Int($0)] ?? false) }
        let arcCount = graph.arcCount
        var usable = [Bool](repeating: false, count: arcCount)
        for vertex in 0..<graph.vertexCount {
            for arc in graph.arcs(from: Int32(vertex)) where graph.capacity[Int(arc)] > 0 {
                usable[Int(arc)] = graph.isUsable(arc: arc, tail: Int32(vertex), under: mask)
            }
        }
        var current: [Double]
        if let initial, initial.count == arcCount {
            current = initial
        } else {
            let lengths = (0..<arcCount).map { usable[$0] ? 1 / graph.capacity[$0] : .infinity }
            current = treeRouting(graph: graph, sources: sources, lengths: lengths)
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
            let proposal = treeRouting(graph: graph, sources: sources, lengths: lengths)
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

    /// Loads of routing every source's unit demands along its shortest-path tree under `lengths` (infinite = unusable).
    /// - Complexity: O(n · E log V), both cores.
    static func treeRouting(graph: CSRGraph, sources: [Int32], lengths: [Double]) -> [Double] {
        let arcCount = graph.arcCount
        let vertexCount = graph.vertexCount
        var sinkFlags = [Bool](repeating: false, count: vertexCount)
        for source in sources { sinkFlags[Int(source)] = true }
        let isSink = sinkFlags
        let workers = min(2, max(1, sources.count))
        let slots = BisectionSlots<[Double]>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var load = [Double](repeating: 0, count: arcCount)
            var distance = [Double](repeating: .infinity, count: vertexCount)
            var parent = [Int32](repeating: -1, count: vertexCount)
            var settled: [Int32] = []
            var demand = [Double](repeating: 0, count: vertexCount)
            var heap = PartitionGainHeap()
            var index = worker
            while index < sources.count {
                let source = sources[index]
                index += workers
                for vertex in settled { distance[Int(vertex)] = .infinity; parent[Int(vertex)] = -1 }
                settled.removeAll(keepingCapacity: true)
                heap.removeAll()
                distance[Int(source)] = 0
                heap.push(-0.0, source)
                while let top = heap.top {
                    heap.pop()
                    let vertex = Int(top.vertex)
                    if -top.gain > distance[vertex] { continue }
                    settled.append(top.vertex)
                    for arc in graph.arcs(from: top.vertex) {
                        let length = lengths[Int(arc)]
                        if !length.isFinite { continue }
                        let next = Int(graph.head[Int(arc)])
                        let candidate = distance[vertex] + length
                        if candidate < distance[next] {
                            distance[next] = candidate
                            parent[next] = arc
                            heap.push(-candidate, Int32(next))
                        }
                    }
                }
                for vertex in settled { demand[Int(vertex)] = isSink[Int(vertex)] && vertex != source ? 1 : 0 }
                for position in stride(from: settled.count - 1, to: 0, by: -1) {
                    let vertex = Int(settled[position])
                    let arc = parent[vertex]
                    guard arc >= 0, demand[vertex] > 0 else { continue }
                    load[Int(arc)] += demand[vertex]
                    demand[Int(graph.head[Int(graph.reverse[Int(arc)])])] += demand[vertex]
                }
            }
            slots.set(worker, load)
        }
        var total = [Double](repeating: 0, count: arcCount)
        for worker in 0..<workers {
            guard let load = slots.get(worker) else { continue }
            for arc in 0..<arcCount { total[arc] += load[arc] }
        }
        return total
    }
}
