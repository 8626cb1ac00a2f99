import FabricModel

/// The minimum bisection of a fabric as a certified bracket: a proven lower bound, the best cut found as the upper
/// bound, and the full bisection they are measured against.
///
/// The minimum bisection is the least capacity, over all splits of the live accelerators into halves of ⌊n/2⌋ and
/// ⌈n/2⌉ (switches and other devices free to fall on either side), crossing the split in one direction (the
/// smaller one). Full bisection is half the total injection bandwidth of the accelerators.
///
/// Upper bound: `BisectionUpperBound` (structural splits, multilevel Fiduccia–Mattheyses, spectral seeds).
/// Lower bound: the best of `HoseCertificate` (oblivious routing via hubs, exact on fat-trees and 1:1 Clos),
/// `AllToAllCertificate` on the graph engine's ECMP loads (exact on tori and full meshes), and the same argument
/// on `ConcurrentFlow` rerouting. See `docs/bisection.md` for the proofs.
public struct BisectionBracket: Sendable {
    /// Live accelerators n.
    public let acceleratorCount: Int
    /// Proven lower bound in bit/s.
    public let lower: Double
    /// Best cut found, in bit/s.
    public let upper: Double
    /// Half the total injection bandwidth of the live accelerators, in bit/s.
    public let fullBisection: Double
    /// The certificate that produced `lower`.
    public let lowerCertificate: BisectionCertificate
    /// Every certificate computed, strongest first.
    public let certificates: [BisectionCertificate]
    /// The witness of `upper`.
    public let cut: BisectionCut

    /// (upper − lower) ÷ upper, 0 when both are 0.
    public var gap: Double { upper > 0 ? max(0, upper - lower) / upper : 0 }
    /// lower ÷ full bisection.
    public var lowerRatio: Double { fullBisection > 0 ? lower / fullBisection : 0 }
    /// upper ÷ full bisection.
    public var upperRatio: Double { fullBisection > 0 ? upper / fullBisection : 0 }

    /// Relative tolerance under which a lower bound above the upper bound is floating-point rounding and snapped.
    public static let roundingTolerance = 1e-9

    /// Computes the bracket.
    /// - Parameters:
    ///   - allToAllLoads: per-arc loads of a routing of unit uniform all-to-all among the live accelerators under
    ///     `mask` (e.g. the graph engine's ECMP loads); nil to compute them here.
    ///   - effort: `fast` skips the concurrent-flow rerouting on large designs; `thorough` runs more of everything.
    /// - Complexity: O(|twin classes of hubs| · (V + E)) for the hose certificate, then O(V + E) per structural
    ///   probe when one meets it; otherwise the partitioner, O(runs · E log E), and the routing certificates.
    public static func compute(graph: CSRGraph, topology: Topology?, mask: FailureMask? = nil,
                               effort: BisectionEffort = .fast, allToAllLoads: [Double]? = nil) -> BisectionBracket {
        let live = graph.accelerators.filter { !(mask?.devices[Int($0)] ?? false) }
        var injection = 0.0
        for accelerator in live {
            for arc in graph.arcs(from: accelerator) where graph.isUsable(arc: arc, tail: accelerator, under: mask) {
                injection += graph.capacity[Int(arc)]
            }
        }
        // The certificates that cost a few linear passes come first: their bound is the search's target, and a
        // structural split that meets it ends the search (on a non-blocking Clos, before any refinement).
        let hubSets = HoseCertificate.hubCandidates(graph: graph, topology: topology, mask: mask)
        var certificates: [BisectionCertificate] = []
        var routingLoads: [Double]?
        var routingBound = 0.0
        func add(_ loads: [Double], kind: BisectionCertificate.Kind = .allToAllRouting, routing: String) {
            let certificate = AllToAllCertificate.fromLoads(graph: graph, mask: mask, arcLoads: loads, kind: kind, routing: routing)
            certificates.append(certificate)
            if certificate.bound > routingBound || routingLoads == nil {
                routingLoads = loads
                routingBound = certificate.bound
            }
        }
        if live.count >= 2 {
            if let hose = HoseCertificate.compute(graph: graph, candidates: hubSets, mask: mask, maxWork: HoseCertificate.defaultMaxWork) {
                certificates.append(hose)
            }
            if let loads = allToAllLoads {
                let given = AllToAllCertificate.fromLoads(graph: graph, mask: mask, arcLoads: loads, routing: "given routing")
                if given.bound > (certificates.first?.bound ?? 0) { add(loads, routing: "given routing") }
            }
        }
        let cut = BisectionUpperBound.search(graph: graph, topology: topology, mask: mask, effort: effort,
                                             target: certificates.map(\.bound).max(), hubSets: hubSets)
        let upper = cut.capacity
        guard live.count >= 2 else {
            let trivial = BisectionCertificate(kind: .trivial, bound: 0, detail: "fewer than two live accelerators")
            return BisectionBracket(acceleratorCount: live.count, lower: 0, upper: 0, fullBisection: injection / 2,
                                    lowerCertificate: trivial, certificates: [trivial], cut: cut)
        }
        func closed(_ certificates: [BisectionCertificate]) -> Bool {
            certificates.contains { $0.bound >= upper * (1 - roundingTolerance) }
        }
        // No routing of uniform all-to-all proves more than ⌊n/2⌋⌈n/2⌉·r_min/(n − 1), r_min the smallest injection
        // (or reception) rate: that accelerator alone carries n − 1 units each way. Stop routing once it is reached.
        var smallestRate = Double.infinity
        for accelerator in live {
            var out = 0.0
            var into = 0.0
            for arc in graph.arcs(from: accelerator) where graph.isUsable(arc: arc, tail: accelerator, under: mask) {
                out += graph.capacity[Int(arc)]
                into += graph.capacity[Int(graph.reverse[Int(arc)])]
            }
            smallestRate = min(smallestRate, out, into)
        }
        let ceiling = Double(live.count / 2) * Double(live.count - live.count / 2) * smallestRate / Double(live.count - 1)
        func done() -> Bool { closed(certificates) || routingBound >= ceiling * (1 - roundingTolerance) }
        let ecmpLimit = effort == .fast ? 1.5e8 : 4e9
        // Plain ECMP over its budget (or unable to route) means the pod-aware copy, a larger graph with fewer
        // symmetries, is too: it is then not built.
        var ecmpRefused = false
        if !done(), let loads = allToAllLoads {
            if routingLoads == nil { add(loads, routing: "given routing") }
        } else if !done() {
            if let loads = BisectionRouting.uniformAllToAllLoads(graph: graph, topology: topology, mask: mask, workLimit: ecmpLimit) {
                add(loads, routing: BisectionRouting.name)
            } else {
                ecmpRefused = true
            }
        }
        // Shortest-path trees per root (inter-pod cables 3× longer), then multiplicative-weights phases.
        let treeBudget = effort == .fast ? 3e8 : 4e9
        let treeWork = done() ? 0 : ConcurrentFlow.phaseWork(graph: graph, mask: mask)
        if !done(), treeWork > 0, treeWork <= treeBudget {
            let phases = min(effort == .fast ? 12 : 60, Int(treeBudget / treeWork) - 1)
            var lengths = [Double](repeating: .infinity, count: graph.arcCount)
            for vertex in 0..<graph.vertexCount {
                for arc in graph.arcs(from: Int32(vertex)) where ConcurrentFlow.carries(graph, arc, mask) {
                    let link = Int(graph.link[Int(arc)])
                    let stretch = topology.map { BisectionRouting.isInterPod($0.links[link], $0) ? 3.0 : 1.0 } ?? 1
                    lengths[Int(arc)] = stretch / graph.capacity[Int(arc)]
                }
            }
            if let trees = ConcurrentFlow.uniformAllToAll(graph: graph, mask: mask, initialLengths: lengths, phases: 0) {
                add(trees, routing: "shortest-path trees per root (inter-pod cables 3× longer)")
                if phases > 0, !done(),
                   let improved = ConcurrentFlow.uniformAllToAll(graph: graph, mask: mask, initial: routingLoads, phases: phases) {
                    add(improved, kind: .concurrentFlow, routing: "multiplicative-weights rerouting, \(phases) phases")
                }
            }
        }
        if !done(), !ecmpRefused, let topology, BisectionRouting.hasInterPodCables(topology: topology),
           let loads = BisectionRouting.podAwareLoads(graph: graph, topology: topology, mask: mask, workLimit: ecmpLimit) {
            add(loads, routing: BisectionRouting.podAwareName)
        }
        certificates.sort { $0.bound > $1.bound }
        let strongest = certificates.first ?? BisectionCertificate(kind: .trivial, bound: 0, detail: "no certificate applies")
        var lower = strongest.bound
        if lower > upper, lower <= upper * (1 + roundingTolerance) { lower = upper }
        if lower < upper, lower >= upper * (1 - roundingTolerance) { lower = upper }
        return BisectionBracket(acceleratorCount: live.count, lower: lower, upper: upper, fullBisection: injection / 2,
                                lowerCertificate: strongest, certificates: certificates, cut: cut)
    }
}
