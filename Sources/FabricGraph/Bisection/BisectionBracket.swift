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

    /// Live accelerators outside the component that holds most of them (they can fall on either side of a split and
    /// carry nothing across it); 0 on a connected design.
    public let strandedAccelerators: Int

    /// Computes the bracket.
    /// - Parameters:
    ///   - allToAllLoads: per-arc loads of a routing of unit uniform all-to-all among the live accelerators under
    ///     `mask` (e.g. the graph engine's ECMP loads); nil to compute them here.
    ///   - effort: `fast` skips the concurrent-flow rerouting on large designs; `thorough` runs more of everything.
    ///   - healthyLower: a proven lower bound of the same graph without `mask`; the failed links' and devices'
    ///     capacity is subtracted from it (`monotoneBound`).
    ///   - known: a certificate proven elsewhere for this design (`BisectionReference.certificate`), taken first.
    /// - Complexity: O(|twin classes of hubs| · (V + E)) for the hose certificate, then O(V + E) per structural
    ///   probe when one meets it; otherwise the partitioner, O(runs · E log E), and the certificates that survive
    ///   asymmetry (per-accelerator hose rates, spectral, exact search for at most 64 accelerators) and routing.
    public static func compute(
        graph: CSRGraph, topology: Topology?, mask: FailureMask? = nil,
        effort: BisectionEffort = .fast, allToAllLoads: [Double]? = nil,
        healthyLower: Double? = nil, known: BisectionCertificate? = nil
    ) -> BisectionBracket {
        let live = graph.accelerators.filter { !(mask?.devices[Int($0)] ?? false) }
        var injection = 0.0
        for accelerator in live {
            for arc in graph.arcs(from: accelerator) where graph.isUsable(arc: arc, tail: accelerator, under: mask) {
                injection += graph.capacity[Int(arc)]
            }
        }
        // Stranded accelerators stay in the definition (they count in the balance) but no routing reaches them: the
        // certificates route among the main component's accelerators under `effective` and allow for them.
        let main = mainComponent(graph: graph, mask: mask)
        let mainCount = live.reduce(0) { $0 + (main[Int($1)] ? 1 : 0) }
        let stranded = live.count - mainCount
        var effective = mask
        if stranded > 0 {
            var copy = mask ?? FailureMask(for: graph)
            for accelerator in live where !main[Int(accelerator)] { copy.failDevice(accelerator) }
            effective = copy
        }
        // Crossing demand of uniform all-to-all among the main accelerators over every balanced split.
        let pairs = crossingPairs(total: live.count, main: mainCount)
        // The certificates that cost a few linear passes come first: their bound is the search's target, and a
        // structural split that meets it ends the search (on a non-blocking Clos, before any refinement).
        let hubSets = HoseCertificate.hubCandidates(graph: graph, topology: topology, mask: effective).compactMap { candidate in
            let hubs = candidate.hubs.filter { main[Int($0)] }
            return hubs.isEmpty ? nil : HoseCertificate.HubCandidate(name: candidate.name, hubs: hubs)
        }
        var certificates: [BisectionCertificate] = []
        var routingLoads: [Double]?
        var routingBound = 0.0
        func add(_ loads: [Double], kind: BisectionCertificate.Kind = .allToAllRouting, routing: String) {
            let certificate = AllToAllCertificate.fromLoads(graph: graph, mask: effective, arcLoads: loads, kind: kind, routing: routing, pairs: pairs)
            certificates.append(certificate)
            if certificate.bound > routingBound || routingLoads == nil {
                routingLoads = loads
                routingBound = certificate.bound
            }
        }
        if live.count >= 2 {
            if let healthyLower, let mask { certificates.append(monotoneBound(graph: graph, mask: mask, healthyLower: healthyLower)) }
            if let known { certificates.append(known) }
            if stranded == 0, let hose = HoseCertificate.compute(graph: graph, candidates: hubSets, mask: mask, maxWork: HoseCertificate.defaultMaxWork) {
                certificates.append(hose)
            }
            if stranded == 0, let loads = allToAllLoads {
                let given = AllToAllCertificate.fromLoads(graph: graph, mask: mask, arcLoads: loads, routing: "given routing")
                if given.bound > (certificates.map(\.bound).max() ?? 0) { add(loads, routing: "given routing") }
            }
        }
        var cut = BisectionUpperBound.search(
            graph: graph, topology: topology, mask: mask, effort: effort,
            target: certificates.map(\.bound).max(), hubSets: hubSets)
        guard live.count >= 2 else {
            let trivial = BisectionCertificate(kind: .trivial, bound: 0, detail: "fewer than two live accelerators")
            return BisectionBracket(
                acceleratorCount: live.count, lower: 0, upper: 0, fullBisection: injection / 2,
                lowerCertificate: trivial, certificates: [trivial], cut: cut, strandedAccelerators: stranded)
        }
        func closed() -> Bool {
            certificates.contains { $0.bound >= cut.capacity * (1 - roundingTolerance) }
        }
        // A hose rate per accelerator (survives missing links in a tiered design), while nothing meets the upper bound.
        if !closed(), mainCount >= 2 {
            certificates += hoseRateCertificates(
                graph: graph, topology: topology, mask: effective, main: main, live: live, hubSets: hubSets,
                rounds: effort == .fast ? 4 : 8, enough: certificates.map(\.bound).max() ?? 0, cut: cut.capacity)
        }
        // No routing of uniform all-to-all proves more than pairs·r_min/(n' − 1), r_min the smallest injection (or
        // reception) rate: that accelerator alone carries n' − 1 units each way. Stop routing once it is reached.
        var smallestRate = Double.infinity
        for accelerator in live where main[Int(accelerator)] {
            var out = 0.0
            var into = 0.0
            for arc in graph.arcs(from: accelerator) where graph.isUsable(arc: arc, tail: accelerator, under: mask) {
                out += graph.capacity[Int(arc)]
                into += graph.capacity[Int(graph.reverse[Int(arc)])]
            }
            smallestRate = min(smallestRate, out, into)
        }
        let ceiling = mainCount >= 2 ? pairs * smallestRate / Double(mainCount - 1) : 0
        func done() -> Bool { closed() || mainCount < 2 || routingBound >= ceiling * (1 - roundingTolerance) }
        let ecmpLimit = effort == .fast ? 1.5e8 : 4e9
        // Plain ECMP over its budget (or unable to route) means the pod-aware copy, a larger graph with fewer
        // symmetries, is too: it is then not built.
        var ecmpRefused = false
        if !done(), stranded == 0, let loads = allToAllLoads {
            if routingLoads == nil { add(loads, routing: "given routing") }
        } else if !done() {
            if let loads = BisectionRouting.uniformAllToAllLoads(graph: graph, topology: topology, mask: effective, workLimit: ecmpLimit) {
                add(loads, routing: BisectionRouting.name)
            } else {
                ecmpRefused = true
            }
        }
        // Shortest-path trees per root (inter-pod cables 3× longer), then multiplicative-weights phases.
        let treeBudget = effort == .fast ? 3e8 : 4e9
        let treeWork = done() ? 0 : ConcurrentFlow.phaseWork(graph: graph, mask: effective)
        if !done(), treeWork > 0, treeWork <= treeBudget {
            let phases = min(effort == .fast ? 12 : 60, Int(treeBudget / treeWork) - 1)
            var lengths = [Double](repeating: .infinity, count: graph.arcCount)
            for vertex in 0..<graph.vertexCount {
                for arc in graph.arcs(from: Int32(vertex)) where ConcurrentFlow.carries(graph, arc, effective) {
                    let link = Int(graph.link[Int(arc)])
                    let stretch = topology.map { BisectionRouting.isInterPod($0.links[link], $0) ? 3.0 : 1.0 } ?? 1
                    lengths[Int(arc)] = stretch / graph.capacity[Int(arc)]
                }
            }
            if let trees = ConcurrentFlow.uniformAllToAll(graph: graph, mask: effective, initialLengths: lengths, phases: 0) {
                add(trees, routing: "shortest-path trees per root (inter-pod cables 3× longer)")
                if phases > 0, !done(),
                    let improved = ConcurrentFlow.uniformAllToAll(graph: graph, mask: effective, initial: routingLoads, phases: phases)
                {
                    add(improved, kind: .concurrentFlow, routing: "multiplicative-weights rerouting, \(phases) phases")
                }
            }
        }
        if !done(), !ecmpRefused, let topology, BisectionRouting.hasInterPodCables(topology: topology),
            let loads = BisectionRouting.podAwareLoads(graph: graph, topology: topology, mask: effective, workLimit: ecmpLimit)
        {
            add(loads, routing: BisectionRouting.podAwareName)
        }
        // The costlier certificates last: λ₂ of the folded graph (dense), the exact search (≤ 64 accelerators).
        if !closed(), mainCount >= 2,
            let spectral = SpectralCertificate.compute(graph: graph, mask: effective, main: main, total: live.count)
        {
            certificates.append(spectral)
        }
        if !closed(), live.count <= ExactBisection.maxAccelerators,
            let outcome = ExactBisection.solve(
                graph: graph, mask: mask, start: cut.side, nodes: effort == .fast ? 2_000 : 50_000,
                seconds: effort == .fast ? 60 : 600)
        {
            if let side = outcome.side {
                let found = BisectionCut(graph: graph, mask: mask, side: side, method: "branch and cut (COIN-OR CBC)")
                if found.acceleratorsPerSide.count == 2, abs(found.acceleratorsPerSide[0] - found.acceleratorsPerSide[1]) <= 1,
                    found.capacity < cut.capacity * (1 - roundingTolerance)
                {
                    cut = found
                }
            }
            let proven = outcome.optimal && outcome.bound >= cut.capacity * (1 - 1e-6)
            certificates.append(
                BisectionCertificate(
                    kind: proven ? .exact : .mipBound, bound: proven ? cut.capacity : min(outcome.bound, cut.capacity),
                    detail: "branch and cut (COIN-OR CBC) on the bisection program, \(outcome.nodes) nodes"
                        + (outcome.optimal ? ", optimality proven" : ", stopped at its node or time limit: best bound")))
        }
        let upper = cut.capacity
        // Strongest first; among equal bounds the cheaper argument first (the order they were computed in).
        let ranked = certificates.enumerated().sorted { $0.element.bound > $1.element.bound || ($0.element.bound == $1.element.bound && $0.offset < $1.offset) }
        certificates = ranked.map(\.element)
        let strongest = certificates.first ?? BisectionCertificate(kind: .trivial, bound: 0, detail: "no certificate applies")
        var lower = strongest.bound
        if lower > upper, lower <= upper * (1 + roundingTolerance) { lower = upper }
        if lower < upper, lower >= upper * (1 - roundingTolerance) { lower = upper }
        assert(lower <= upper * (1 + 1e-6), "a certificate proved more than a balanced cut crosses")
        return BisectionBracket(
            acceleratorCount: live.count, lower: lower, upper: upper, fullBisection: injection / 2,
            lowerCertificate: strongest, certificates: certificates, cut: cut, strandedAccelerators: stranded)
    }

    /// This bracket with `certificate` (proven elsewhere for the same design, e.g. `BisectionReference.certificate`)
    /// among its certificates, as the lower bound's proof when it is the strongest.
    /// - Complexity: O(certificates).
    public func including(_ certificate: BisectionCertificate) -> BisectionBracket {
        var all = certificates
        let position = all.firstIndex { $0.bound < certificate.bound } ?? all.count
        all.insert(certificate, at: position)
        guard position == 0 else {
            return BisectionBracket(
                acceleratorCount: acceleratorCount, lower: lower, upper: upper, fullBisection: fullBisection,
                lowerCertificate: lowerCertificate, certificates: all, cut: cut, strandedAccelerators: strandedAccelerators)
        }
        var proven = certificate.bound
        if proven > upper, proven <= upper * (1 + Self.roundingTolerance) { proven = upper }
        if proven < upper, proven >= upper * (1 - Self.roundingTolerance) { proven = upper }
        assert(proven <= upper * (1 + 1e-6), "a certificate proved more than a balanced cut crosses")
        return BisectionBracket(
            acceleratorCount: acceleratorCount, lower: max(lower, proven), upper: upper, fullBisection: fullBisection,
            lowerCertificate: certificate, certificates: all, cut: cut, strandedAccelerators: strandedAccelerators)
    }

    /// min over the balanced splits of (main accelerators on one side) × (on the other): each side holds ⌊n/2⌋ or
    /// ⌈n/2⌉ of all n live accelerators, of which up to n − main are stranded. Concave, so the ends of the range.
    static func crossingPairs(total: Int, main: Int) -> Double {
        let stranded = total - main
        let low = total / 2
        let ends = [max(0, low - stranded), min(main, low)]
        return ends.map { Double($0) * Double(main - $0) }.min() ?? 0
    }

    /// The healthy-minus-failures certificate: removing a cable of capacity c lowers every cut by at most c, and a
    /// failed device's cables are failed with it. Any balanced split of the failed design extends to a balanced split
    /// of the healthy one (failed accelerators go to the smaller side, one at a time), which crosses at most the
    /// failed split's capacity plus the failed cables' capacity (the larger direction of each). So the failed
    /// design's minimum bisection is at least `healthyLower` minus that capacity.
    /// - Complexity: O(V + E).
    public static func monotoneBound(graph: CSRGraph, mask: FailureMask, healthyLower: Double) -> BisectionCertificate {
        var forward = [Double](repeating: 0, count: graph.linkCount)
        var backward = [Double](repeating: 0, count: graph.linkCount)
        var failedLinks = 0
        for vertex in 0..<Int32(graph.vertexCount) {
            for arc in graph.arcs(from: vertex) where !graph.isUsable(arc: arc, tail: vertex, under: mask) {
                let link = Int(graph.link[Int(arc)])
                if vertex < graph.head[Int(arc)] { forward[link] += graph.capacity[Int(arc)] } else { backward[link] += graph.capacity[Int(arc)] }
            }
        }
        var lost = 0.0
        for link in 0..<graph.linkCount where forward[link] + backward[link] > 0 {
            lost += max(forward[link], backward[link])
            failedLinks += 1
        }
        return BisectionCertificate(
            kind: .healthyMinusFailures, bound: max(0, healthyLower - lost),
            detail: "healthy lower bound \(bisectionRateText(healthyLower)) minus \(bisectionRateText(lost)) of failed capacity (\(failedLinks) links)")
    }

    /// Whether each vertex is in the component (usable cables with capacity) holding the most live accelerators
    /// (the first such component in vertex order on a tie).
    /// - Complexity: O(V + E).
    static func mainComponent(graph: CSRGraph, mask: FailureMask?) -> [Bool] {
        var component = [Int32](repeating: -1, count: graph.vertexCount)
        var queue: [Int32] = []
        var bestComponent: Int32 = -1
        var bestCount = 0
        var next: Int32 = 0
        for start in 0..<graph.vertexCount where component[start] < 0 && !(mask?.devices[start] ?? false) {
            component[start] = next
            queue.removeAll(keepingCapacity: true)
            queue.append(Int32(start))
            var head = 0
            var count = 0
            while head < queue.count {
                let vertex = queue[head]
                head += 1
                if graph.isAccelerator[Int(vertex)] { count += 1 }
                for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: mask) {
                    guard graph.capacity[Int(arc)] > 0 || graph.capacity[Int(graph.reverse[Int(arc)])] > 0 else { continue }
                    let other = Int(graph.head[Int(arc)])
                    if component[other] < 0 {
                        component[other] = next
                        queue.append(Int32(other))
                    }
                }
            }
            if count > bestCount {
                bestCount = count
                bestComponent = next
            }
            next += 1
        }
        return component.map { $0 == bestComponent && $0 >= 0 }
    }
}
