import FabricModel

/// Virtual cables that give a degraded design back the neighbourhoods its near-twins still have, so the hose
/// certificates see the regular design again (no detours around a missing cable).
///
/// **Argument (monotonicity).** Let R be the design with virtual cables of total capacity c added (the larger
/// direction of each). A balanced split crosses at most c more in R than in the design itself, so the design's
/// minimum bisection is at least R's minus c, hence at least any lower bound proven for R minus c, whatever was added.
/// The choice only decides how good the bound is.
///
/// **Near-twins.** Two vertices are near-twins when they share at least 3/4 of the larger of their two switch
/// neighbourhoods, or one's neighbourhood is the other's less at most a quarter of it (at least one): the leaves of a
/// pod under the same spines, the GPUs of a rail under the same two ToRs. A vertex gets a cable to every switch that
/// most of its near-twins reach and it does not (or reaches with less capacity), of the median capacity its near-twins
/// have to it. Only switches (non-accelerators) are neighbours: a cable is never added between two accelerators.
enum BisectionRepair {
    /// The repaired graph, its mask (the given one, extended to the virtual links) and what was added.
    struct Repaired {
        let graph: CSRGraph
        let mask: FailureMask?
        /// Σ over virtual cables of their capacity (both directions equal).
        let capacity: Double
        let cables: Int
    }

    /// Switch neighbourhoods per vertex: distinct neighbours and the capacity to (out) and from (in) each.
    struct Neighbourhoods {
        var start: [Int]
        var vertex: [Int32]
        var out: [Double]
        var into: [Double]

        func range(_ v: Int) -> Range<Int> { start[v]..<start[v + 1] }
    }

    /// The repaired copy of `topology`, nil when nothing is missing, the neighbourhood products exceed `maxWork`, or
    /// `topology` does not match `graph`.
    /// - Parameters:
    ///   - accelerators: also repair accelerators' cables to switches (else switches only).
    ///   - live: vertices that may get a cable (the main component's live vertices).
    /// - Complexity: O(Σ_v |N(v)|² + Σ_v Σ_{twins u} |N(u)|) over switch neighbourhoods N, plus building the copy,
    ///   O(V + E).
    static func repair(
        topology: Topology, graph: CSRGraph, mask: FailureMask?, live: [Bool], accelerators: Bool, maxWork: Int
    ) -> Repaired? {
        guard topology.devices.count == graph.vertexCount, topology.links.count == graph.linkCount else { return nil }
        let hood = neighbourhoods(graph: graph, mask: mask, live: live)
        let hosts = neighbourhoods(graph: graph, mask: mask, live: accelerators ? live : [Bool](repeating: false, count: graph.vertexCount), hosts: true)
        var work = 0
        for v in 0..<graph.vertexCount where !graph.isAccelerator[v] {
            work += hood.range(v).count * hood.range(v).count + hosts.range(v).count * hood.range(v).count
        }
        guard work <= maxWork else { return nil }
        var additions: [(pair: Int64, amount: Double)] = []
        var scratch = TwinScratch(count: graph.vertexCount)
        for v in 0..<graph.vertexCount where live[v] && (accelerators || !graph.isAccelerator[v]) && !hood.range(v).isEmpty {
            for (x, amount) in scratch.missing(of: v, hood: hood, hosts: hosts, graph: graph) {
                let pair = Int64(min(v, x)) << 32 | Int64(max(v, x))
                additions.append((pair, amount))
            }
        }
        guard !additions.isEmpty else { return nil }
        additions.sort { $0.pair < $1.pair || ($0.pair == $1.pair && $0.amount > $1.amount) }
        var copy = topology
        var capacity = 0.0
        var cables = 0
        var previous: Int64 = -1
        for addition in additions where addition.pair != previous {
            previous = addition.pair
            let (a, b) = (Int32(truncatingIfNeeded: addition.pair >> 32), Int32(truncatingIfNeeded: addition.pair & 0xFFFF_FFFF))
            let link =
                graph.hasBandwidth
                ? Link(source: a, target: b, bandwidth: addition.amount)
                : Link(source: a, target: b, multiplicity: Int32(max(1, addition.amount.rounded(.up))))
            guard (try? copy.addLink(link)) != nil else { return nil }
            capacity += graph.hasBandwidth ? addition.amount : max(1, addition.amount.rounded(.up))
            cables += 1
        }
        let repaired = CSRGraph(copy)
        var extended: FailureMask?
        if let mask {
            var grown = FailureMask(for: repaired)
            for link in 0..<graph.linkCount where mask.links[link] { grown.links.insert(link) }
            for device in 0..<graph.vertexCount where mask.devices[device] { grown.devices.insert(device) }
            extended = grown
        }
        return Repaired(graph: repaired, mask: extended, capacity: capacity, cables: cables)
    }

    /// Distinct usable neighbours of every vertex (switches, or accelerators with `hosts`) with aggregated capacities
    /// (parallel cables summed).
    /// - Complexity: O(V + E).
    static func neighbourhoods(graph: CSRGraph, mask: FailureMask?, live: [Bool], hosts: Bool = false) -> Neighbourhoods {
        var result = Neighbourhoods(start: [0], vertex: [], out: [], into: [])
        result.start.reserveCapacity(graph.vertexCount + 1)
        var slot = [Int](repeating: -1, count: graph.vertexCount)
        for v in 0..<Int32(graph.vertexCount) {
            let first = result.vertex.count
            if live[Int(v)] {
                for arc in graph.arcs(from: v) where graph.isUsable(arc: arc, tail: v, under: mask) {
                    let head = Int(graph.head[Int(arc)])
                    guard live[head], graph.isAccelerator[head] == hosts else { continue }
                    if slot[head] < first {
                        slot[head] = result.vertex.count
                        result.vertex.append(Int32(head))
                        result.out.append(0)
                        result.into.append(0)
                    }
                    result.out[slot[head]] += graph.capacity[Int(arc)]
                    result.into[slot[head]] += graph.capacity[Int(graph.reverse[Int(arc)])]
                }
            }
            result.start.append(result.vertex.count)
        }
        return result
    }
}

/// Per-vertex counters reused across the vertices of one repair.
private struct TwinScratch {
    var common: [Int32]
    var tally: [Int32]
    var adjacent: [Bool]
    var touched: [Int32] = []
    var candidates: [Int32] = []

    init(count: Int) {
        common = [Int32](repeating: 0, count: count)
        tally = common
        adjacent = [Bool](repeating: false, count: count)
    }

    /// The switches most near-twins of `v` reach and `v` does not (or with less capacity), with the capacity to add.
    mutating func missing(
        of v: Int, hood: BisectionRepair.Neighbourhoods, hosts: BisectionRepair.Neighbourhoods, graph: CSRGraph
    ) -> [(Int, Double)] {
        let own = hood.range(v)
        for index in own { adjacent[Int(hood.vertex[index])] = true }
        // Common switch neighbours with every vertex of v's kind two hops away (through a switch).
        let peers = graph.isAccelerator[v] ? hosts : hood
        for index in own {
            for other in peers.range(Int(hood.vertex[index])) {
                let u = Int(peers.vertex[other])
                guard u != v else { continue }
                if common[u] == 0 { touched.append(Int32(u)) }
                common[u] += 1
            }
        }
        var twins: [Int] = []
        for u in touched.map({ Int($0) }) {
            let shared = Int(common[u])
            let (mine, theirs) = (own.count, hood.range(u).count)
            let near = 4 * shared >= 3 * max(mine, theirs) || (shared == mine && theirs > mine && theirs - mine <= max(1, theirs / 4))
            if near { twins.append(u) }
            common[u] = 0
        }
        touched.removeAll(keepingCapacity: true)
        var result: [(Int, Double)] = []
        if !twins.isEmpty {
            // Switches most twins reach, with each twin's capacity to them; the median is what v should have.
            var offers: [(x: Int32, amount: Double)] = []
            for u in twins {
                for index in hood.range(u) where Int(hood.vertex[index]) != v {
                    let x = hood.vertex[index]
                    if tally[Int(x)] == 0 { candidates.append(x) }
                    tally[Int(x)] += 1
                    offers.append((x, min(hood.out[index], hood.into[index])))
                }
            }
            offers.sort { $0.x < $1.x || ($0.x == $1.x && $0.amount < $1.amount) }
            var start = 0
            while start < offers.count {
                var end = start
                while end < offers.count && offers[end].x == offers[start].x { end += 1 }
                let x = Int(offers[start].x)
                if 2 * Int(tally[x]) > twins.count {
                    let desired = offers[start + (end - start) / 2].amount
                    let have = adjacent[x] ? ownCapacity(v: v, x: x, hood: hood) : 0
                    if desired > have * (1 + 1e-9) { result.append((x, desired - have)) }
                }
                start = end
            }
            for x in candidates { tally[Int(x)] = 0 }
            candidates.removeAll(keepingCapacity: true)
        }
        for index in own { adjacent[Int(hood.vertex[index])] = false }
        return result
    }

    /// The smaller direction of v's aggregated capacity to x.
    private func ownCapacity(v: Int, x: Int, hood: BisectionRepair.Neighbourhoods) -> Double {
        for index in hood.range(v) where Int(hood.vertex[index]) == x { return min(hood.out[index], hood.into[index]) }
        return 0
    }
}

extension BisectionBracket {
    /// The per-accelerator hose on the design (`WeightedHose`), per switch plane with the accelerator links
    /// (`PlaneHose`), then on repaired copies (`BisectionRepair`, all cables then switch cables only) less their
    /// virtual capacity, each while no certificate meets `cut`.
    /// - Parameters:
    ///   - enough: the best bound proven so far.
    /// - Complexity: O(rounds · |classes| · (V + E)) per hub set and copy, plus the repairs.
    static func hoseRateCertificates(
        graph: CSRGraph, topology: Topology?, mask: FailureMask?, main: [Bool], live: [Int32],
        hubSets: [HoseCertificate.HubCandidate], rounds: Int, enough: Double, cut: Double
    ) -> [BisectionCertificate] {
        var found: [BisectionCertificate] = []
        var best = enough
        let target = cut * (1 - roundingTolerance)
        // On the design, then (when some accelerators have no switch cable) with those given rate 0: they reach the hubs
        // only through other accelerators' cables, and their detours would lower their neighbours' rates instead.
        var passes: [(mask: FailureMask?, orphans: Int)] = [(mask, 0)]
        if let orphaned = orphanMask(graph: graph, mask: mask, live: live) { passes.append(orphaned) }
        for pass in passes {
            for candidate in hubSets where best < target {
                if HoseCertificate.isMesh(graph: graph, mask: pass.mask, hubs: candidate.hubs) { continue }
                guard
                    let weighted = WeightedHose.certificate(
                        graph: graph, mask: pass.mask, candidate: candidate, live: live, rounds: rounds, enough: cut,
                        maxWork: HoseCertificate.defaultMaxWork)
                else { continue }
                found.append(
                    pass.orphans == 0
                        ? weighted
                        : BisectionCertificate(
                            kind: .weightedHose, bound: weighted.bound,
                            detail: weighted.detail + "; \(pass.orphans) accelerators without a switch cable given rate 0"))
                best = max(best, weighted.bound)
            }
        }
        if best < target,
            let planes = PlaneHose.certificate(
                graph: graph, topology: topology, mask: mask, live: live, rounds: rounds, maxWork: HoseCertificate.defaultMaxWork)
        {
            found.append(planes)
            best = max(best, planes.bound)
        }
        guard let topology, best < target else { return found }
        let usable = (0..<graph.vertexCount).map { main[$0] && !(mask?.devices[$0] ?? false) }
        for accelerators in [true, false] where best < target {
            guard
                let repaired = BisectionRepair.repair(
                    topology: topology, graph: graph, mask: mask, live: usable, accelerators: accelerators, maxWork: 400_000_000)
            else { continue }
            for certificate in repairedCertificates(
                repaired: repaired, accelerators: accelerators, topology: topology, live: live, hubSets: hubSets, rounds: rounds, target: target,
                best: best)
            {
                found.append(certificate)
                best = max(best, certificate.bound)
            }
        }
        return found
    }

    /// The per-accelerator hose on a repaired copy less its virtual capacity, per hub set while below `target`; on a
    /// copy with switch cables only also `PlaneHose` (the planes' own missing accelerator cables it charges by side).
    /// - Complexity: that of `WeightedHose.certificate` per hub set and of `PlaneHose.certificate`, on the copy.
    static func repairedCertificates(
        repaired: BisectionRepair.Repaired, accelerators: Bool, topology: Topology, live: [Int32], hubSets: [HoseCertificate.HubCandidate],
        rounds: Int, target: Double, best: Double
    ) -> [BisectionCertificate] {
        var found: [BisectionCertificate] = []
        var best = best
        let copy = "\(repaired.cables) virtual cables (\(accelerators ? "switch and accelerator" : "switch") cables restoring near-twin neighbourhoods)"
        for candidate in hubSets where best < target {
            if HoseCertificate.isMesh(graph: repaired.graph, mask: repaired.mask, hubs: candidate.hubs) { continue }
            guard
                let weighted = WeightedHose.certificate(
                    graph: repaired.graph, mask: repaired.mask, candidate: candidate, live: live, rounds: rounds,
                    enough: target + repaired.capacity, maxWork: HoseCertificate.defaultMaxWork),
                weighted.bound > repaired.capacity
            else { continue }
            found.append(
                BisectionCertificate(
                    kind: .repairedHose, bound: weighted.bound - repaired.capacity,
                    detail: "\(bisectionRateText(weighted.bound)) proven on a copy with \(copy) less their "
                        + "\(bisectionRateText(repaired.capacity)); on the copy: \(weighted.detail)"))
            best = max(best, weighted.bound - repaired.capacity)
        }
        if !accelerators, best < target,
            let planes = PlaneHose.certificate(
                graph: repaired.graph, topology: topology, mask: repaired.mask, live: live, rounds: rounds, maxWork: HoseCertificate.defaultMaxWork),
            planes.bound > repaired.capacity
        {
            found.append(
                BisectionCertificate(
                    kind: .planeHose, bound: planes.bound - repaired.capacity,
                    detail: "\(bisectionRateText(planes.bound)) proven on a copy with \(copy) less their "
                        + "\(bisectionRateText(repaired.capacity)); on the copy: \(planes.detail)"))
        }
        return found
    }

    /// `mask` with every live accelerator that has no usable cable to a non-accelerator failed too, and how many;
    /// nil when there is none (or only such accelerators). A failed accelerator is no source of the hose and has rate
    /// 0 in the sum of the ⌊n/2⌋ smallest rates, which stays a valid bound: it still counts in the balance.
    /// - Complexity: O(Σ deg(live accelerator)).
    static func orphanMask(graph: CSRGraph, mask: FailureMask?, live: [Int32]) -> (mask: FailureMask?, orphans: Int)? {
        var orphaned = mask ?? FailureMask(for: graph)
        var count = 0
        for accelerator in live where !(mask?.devices[Int(accelerator)] ?? false) {
            let cabled = graph.arcs(from: accelerator).contains { arc in
                graph.isUsable(arc: arc, tail: accelerator, under: mask) && !graph.isAccelerator[Int(graph.head[Int(arc)])]
            }
            if !cabled {
                orphaned.failDevice(accelerator)
                count += 1
            }
        }
        return count > 0 && count < live.count ? (orphaned, count) : nil
    }
}
