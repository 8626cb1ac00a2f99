import Dispatch
import FabricModel

/// How hard the bisection search works: `fast` for interactive use and rules, `thorough` for reports.
public enum BisectionEffort: String, Sendable, CaseIterable, Codable {
    /// A few multilevel runs and the structural splits.
    case fast
    /// Many more seeded multilevel and spectral runs, and the concurrent-flow rerouting of the lower bound.
    case thorough
}

/// A balanced split of the accelerators and the capacity crossing it: a witness for the upper bound.
public struct BisectionCut: Sendable, Equatable {
    /// Capacity crossing the split from side 0 to side 1, in bit/s (the smaller of the two directions is side 0 → 1).
    public let capacity: Double
    /// Which search found it, e.g. `structural split by 'pod'` or `multilevel (seed 3)`.
    public let method: String
    /// The side (0 or 1) of every device; failed devices are on side 0 and carry nothing.
    public let side: [UInt8]
    /// Accelerators on side 0 and side 1 (⌊n/2⌋ and ⌈n/2⌉ in some order).
    public let acceleratorsPerSide: [Int]
    /// Devices of any role on side 0 and side 1.
    public let devicesPerSide: [Int]
    /// Every link with a cable crossing from side 0 to side 1, ascending (the witness).
    public let links: [Int32]

    /// The cut of a given split, measured on the graph: orients it so side 0 → 1 is the smaller direction.
    /// - Complexity: O(V + E).
    public init(graph: CSRGraph, mask: FailureMask?, side given: [UInt8], method: String) {
        let measured = BisectionProbe.measure(graph: graph, mask: mask, side: given)
        let flip = measured.backward < measured.forward
        let side = flip ? given.map { 1 - $0 } : given
        var crossing = [Bool](repeating: false, count: graph.linkCount)
        for vertex in 0..<graph.vertexCount where side[vertex] == 0 {
            if let mask, mask.devices[vertex] { continue }
            for arc in graph.arcs(from: Int32(vertex)) where graph.isUsable(arc: arc, tail: Int32(vertex), under: mask) {
                if side[Int(graph.head[Int(arc)])] == 1, graph.capacity[Int(arc)] > 0 { crossing[Int(graph.link[Int(arc)])] = true }
            }
        }
        self.capacity = measured.capacity
        self.method = method
        self.side = side
        self.acceleratorsPerSide = flip ? measured.accelerators.reversed() : measured.accelerators
        self.devicesPerSide = flip ? measured.devices.reversed() : measured.devices
        self.links = crossing.indices.filter { crossing[$0] }.map { Int32($0) }
    }
}

/// The upper bound of the bisection bracket: the best balanced cut among structural splits, seeded multilevel
/// runs and spectral seeds, every candidate refined by Fiduccia–Mattheyses with exact accelerator balance.
///
/// Any balanced split's crossing capacity is an upper bound on the minimum bisection, so the bound is exactly
/// as good as the best split found; minimum bisection is NP-hard (Garey, Johnson & Stockmeyer 1976).
public enum BisectionUpperBound {
    /// The best balanced cut found. Deterministic: the same graph and effort give the same cut.
    ///
    /// With a `target` (a proven lower bound), the search stops at the first candidate that meets it: no balanced
    /// split crosses less. Structural splits are first probed as they are (switches placed greedily, no
    /// refinement), which on a Clos whose blocks are the components left by removing the top tier costs a few
    /// linear passes; only when no probe meets the target do refinement and the multilevel runs follow.
    /// - Parameters:
    ///   - target: a proven lower bound in bit/s; nil to run the whole search.
    ///   - hubSets: hub sets whose removal splits the graph into blocks (nil: `HoseCertificate`'s candidates).
    /// - Complexity: O(orders · (V + E)) when a probe meets the target; else O(runs · E log E).
    public static func search(
        graph: CSRGraph, topology: Topology?, mask: FailureMask? = nil, effort: BisectionEffort = .fast,
        target: Double? = nil
    ) -> BisectionCut {
        search(
            graph: graph, topology: topology, mask: mask, effort: effort, target: target,
            hubSets: HoseCertificate.hubCandidates(graph: graph, topology: topology, mask: mask))
    }

    /// `search(graph:topology:mask:effort:target:)` with the hub sets given.
    static func search(
        graph: CSRGraph, topology: Topology?, mask: FailureMask?, effort: BisectionEffort,
        target: Double?, hubSets: [HoseCertificate.HubCandidate]
    ) -> BisectionCut {
        let liveCount = graph.accelerators.reduce(0) { $0 + ((mask?.devices[Int($1)] ?? false) ? 0 : 1) }
        let balance = PartitionBalance(total: liveCount)
        func prepared(_ given: [UInt8]) -> [UInt8] {
            guard let mask else { return given }
            var side = given
            for vertex in 0..<graph.vertexCount where mask.devices[vertex] { side[vertex] = 0 }
            return side
        }
        func meets(_ measure: BisectionProbe.Measure) -> Bool {
            guard let target, measure.isBalanced else { return false }
            return measure.capacity <= target * (1 + BisectionBracket.roundingTolerance)
        }
        // Probes: every structural order as it is, stopping at the first that meets the target.
        var placed: [(side: [UInt8], name: String)] = []
        for order in structuralOrders(graph: graph, topology: topology, mask: mask, hubSets: hubSets) {
            guard let accelerators = order.accelerators() else { continue }
            let side = BisectionProbe.split(graph: graph, mask: mask, order: accelerators, low: balance.low)
            if target != nil {
                let ready = prepared(side)
                if meets(BisectionProbe.measure(graph: graph, mask: mask, side: ready)) {
                    return BisectionCut(graph: graph, mask: mask, side: ready, method: "structural split by \(order.name)")
                }
            }
            placed.append((side, order.name))
        }
        let partitionGraph = PartitionGraph(graph, mask: mask)
        // Structural splits refined by FM, then the multilevel runs, stopping once a candidate meets the target.
        var best: (cut: BisectionProbe.Measure, side: [UInt8], method: String)?
        func consider(_ given: [UInt8], _ method: String) -> Bool {
            let side = prepared(given)
            let cut = BisectionProbe.measure(graph: graph, mask: mask, side: side)
            guard cut.isBalanced else { return false }
            // Lowest capacity; among equal cuts the one splitting all devices most evenly (the most readable witness).
            if let current = best {
                let tolerance = 1e-12 * max(current.cut.capacity, cut.capacity)
                if cut.capacity < current.cut.capacity - tolerance
                    || (abs(cut.capacity - current.cut.capacity) <= tolerance && cut.deviceImbalance < current.cut.deviceImbalance)
                {
                    best = (cut, side, method)
                }
            } else {
                best = (cut, side, method)
            }
            return meets(cut)
        }
        var closed = false
        for candidate in placed where !closed {
            var side = candidate.side
            _ = PartitionRefinement.refine(partitionGraph, side: &side, balance: balance, moveSlack: 1, recordSlack: 0, maxPasses: 8)
            closed = consider(side, "structural split by \(candidate.name), refined by FM")
        }
        // Multilevel runs, graph growing and spectral seeds, two at a time.
        let growing = effort == .fast ? 4 : 14
        let spectral = effort == .fast ? 1 : 3
        let runs: [(PartitionSeedKind, UInt64)] =
            (0..<growing).map { (.graphGrowing, UInt64($0)) }
            + (0..<spectral).map { (.spectral, UInt64(1000 + $0)) }
        if !closed, partitionGraph.totalWeight >= 2 {
            let results = ParallelSlots<[UInt8]>(count: runs.count)
            DispatchQueue.concurrentPerform(iterations: runs.count) { index in
                let (kind, seed) = runs[index]
                results.set(index, PartitionMultilevel.bisect(partitionGraph, seed: 0x5EED_0000 &+ seed, kind: kind, trials: 4))
            }
            for (index, run) in runs.enumerated() {
                guard let side = results.get(index), side.count == graph.vertexCount else { continue }
                let name =
                    run.0 == .spectral
                    ? "spectral seed (Fiedler vector), multilevel FM (seed \(run.1))"
                    : "multilevel FM, graph growing (seed \(run.1))"
                _ = consider(side, name)
            }
        }
        if let best { return BisectionCut(graph: graph, mask: mask, side: best.side, method: best.method) }
        var side = [UInt8](repeating: 1, count: graph.vertexCount)
        var placedCount = 0
        for vertex in graph.accelerators where !(mask?.devices[Int(vertex)] ?? false) {
            if placedCount >= balance.low { break }
            side[Int(vertex)] = 0
            placedCount += 1
        }
        return BisectionCut(graph: graph, mask: mask, side: side, method: "document order")
    }

    /// An ordering of the accelerators that a structural split takes the first half of, computed on demand.
    struct StructuralOrder {
        /// What the split follows, for the report.
        let name: String
        /// Live accelerators in split order; nil when the order does not apply (fewer than two distinct keys).
        let accelerators: () -> [Int32]?
    }

    /// Orders by blocks between the hubs (components left by removing each hub set), file order, pod, rack,
    /// plane, rail, pod then rack, and each coordinate dimension (torus/mesh halving). Each is computed only when
    /// asked for.
    /// - Complexity: O(V + E) for a block order, O(n log n) for the others.
    static func structuralOrders(
        graph: CSRGraph, topology: Topology?, mask: FailureMask?,
        hubSets: [HoseCertificate.HubCandidate] = []
    ) -> [StructuralOrder] {
        let live = graph.accelerators.filter { !(mask?.devices[Int($0)] ?? false) }
        var orders: [StructuralOrder] = []
        for hubs in hubSets {
            guard let blocks = BisectionProbe.blockOrder(graph: graph, mask: mask, hubs: hubs.hubs) else { continue }
            orders.append(StructuralOrder(name: "\(blocks.blocks) blocks left by removing the \(hubs.hubs.count) hubs (\(hubs.name))") { blocks.order })
        }
        for hubs in hubSets {
            orders.append(
                StructuralOrder(name: "blocks left by removing the \(hubs.hubs.count) hubs (\(hubs.name)), least throat first") {
                    BisectionProbe.throatOrder(graph: graph, mask: mask, hubs: hubs.hubs)
                })
        }
        orders.append(StructuralOrder(name: "file order") { live })
        guard let topology, topology.devices.count == graph.vertexCount else { return orders }
        func byKey(_ name: String, _ key: @escaping (Device) -> String?) {
            orders.append(
                StructuralOrder(name: name) {
                    // Rank the distinct values once (natural order), then sort the accelerators by rank.
                    let devices = topology.devices
                    var rankOf: [String: Int] = [:]
                    var values = [Int](repeating: Int.max, count: live.count)
                    var distinct: [String] = []
                    for (position, accelerator) in live.enumerated() {
                        guard let value = key(devices[Int(accelerator)]) else { continue }
                        if let rank = rankOf[value] {
                            values[position] = rank
                        } else {
                            rankOf[value] = distinct.count
                            values[position] = distinct.count
                            distinct.append(value)
                        }
                    }
                    guard distinct.count >= 2 else { return nil }
                    let sorted = distinct.indices.sorted { naturalLess(distinct[$0], distinct[$1]) }
                    var rank = [Int](repeating: 0, count: distinct.count)
                    for (position, index) in sorted.enumerated() { rank[index] = position }
                    let keys = values.map { $0 == Int.max ? Int.max : rank[$0] }
                    return live.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && live[$0] < live[$1]) }.map { live[$0] }
                })
        }
        byKey("'pod'") { $0.pod }
        byKey("'rack'") { $0.rack }
        byKey("'plane'") { $0.plane }
        byKey("'rail'") { $0.rail.map { String($0) } }
        byKey("'pod' then 'rack'") { device in device.pod.map { pod in pod + "\u{1}" + (device.rack ?? "") } }
        let dimensions = live.map { topology.devices[Int($0)].coordinates.count }.max() ?? 0
        for dimension in 0..<dimensions {
            orders.append(
                StructuralOrder(name: "coordinate \(dimension) (halving dimension \(dimension))") {
                    let coordinates = live.map { topology.devices[Int($0)].coordinates }
                    // The halved coordinate first, then the others in order; accelerators without it last.
                    func key(_ position: Int, _ index: Int) -> Int {
                        let values = coordinates[position]
                        guard dimension < values.count else { return Int.max }
                        if index == 0 { return values[dimension] }
                        let other = index <= dimension ? index - 1 : index
                        return other < values.count ? values[other] : Int.min
                    }
                    var seen = Set<Int>()
                    for position in live.indices { seen.insert(key(position, 0)) }
                    guard seen.count >= 2 else { return nil }
                    let width = coordinates.reduce(0) { max($0, $1.count) }
                    return live.indices.sorted { left, right in
                        for index in 0..<max(width, 1) {
                            let a = key(left, index)
                            let b = key(right, index)
                            if a != b { return a < b }
                        }
                        return live[left] < live[right]
                    }.map { live[$0] }
                })
        }
        return orders
    }
}
