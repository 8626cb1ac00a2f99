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
        var forward = 0.0
        var backward = 0.0
        for vertex in 0..<graph.vertexCount {
            for arc in graph.arcs(from: Int32(vertex)) where graph.isUsable(arc: arc, tail: Int32(vertex), under: mask) {
                let head = Int(graph.head[Int(arc)])
                if given[vertex] == 0, given[head] == 1 { forward += graph.capacity[Int(arc)] }
                if given[vertex] == 1, given[head] == 0 { backward += graph.capacity[Int(arc)] }
            }
        }
        let side = backward < forward ? given.map { 1 - $0 } : given
        var crossing = Set<Int32>()
        var accelerators = [0, 0]
        var devices = [0, 0]
        for vertex in 0..<graph.vertexCount {
            if let mask, mask.devices[vertex] { continue }
            devices[Int(side[vertex])] += 1
            if graph.isAccelerator[vertex] { accelerators[Int(side[vertex])] += 1 }
            guard side[vertex] == 0 else { continue }
            for arc in graph.arcs(from: Int32(vertex)) where graph.isUsable(arc: arc, tail: Int32(vertex), under: mask) {
                if side[Int(graph.head[Int(arc)])] == 1, graph.capacity[Int(arc)] > 0 { crossing.insert(graph.link[Int(arc)]) }
            }
        }
        self.capacity = min(forward, backward)
        self.method = method
        self.side = side
        self.acceleratorsPerSide = accelerators
        self.devicesPerSide = devices
        self.links = crossing.sorted()
    }
}

/// The upper bound of the bisection bracket: the best balanced cut among structural splits, seeded multilevel
/// runs and spectral seeds, every candidate refined by Fiduccia–Mattheyses with exact accelerator balance.
///
/// Any balanced split's crossing capacity is an upper bound on the minimum bisection, so the bound is exactly
/// as good as the best split found; minimum bisection is NP-hard (Garey, Johnson & Stockmeyer 1976).
public enum BisectionUpperBound {
    /// The best balanced cut found. Deterministic: the same graph and effort give the same cut.
    /// - Complexity: O(runs · E log E).
    public static func search(graph: CSRGraph, topology: Topology?, mask: FailureMask? = nil, effort: BisectionEffort = .fast) -> BisectionCut {
        let partitionGraph = PartitionGraph(graph, mask: mask)
        var candidates: [(side: [UInt8], method: String)] = []
        let balance = PartitionBalance(total: partitionGraph.totalWeight)
        // Structural splits: accelerators ordered by an attribute, first ⌊n/2⌋ on side 0, switches placed, then FM.
        for order in structuralOrders(graph: graph, topology: topology, mask: mask) {
            var side = [UInt8](repeating: 1, count: graph.vertexCount)
            for vertex in order.accelerators.prefix(balance.low) { side[Int(vertex)] = 0 }
            PartitionRefinement.placeFreeVertices(partitionGraph, side: &side)
            _ = PartitionRefinement.refine(partitionGraph, side: &side, balance: balance, moveSlack: 1, recordSlack: 0, maxPasses: 8)
            candidates.append((side, "structural split by \(order.name), refined by FM"))
        }
        // Multilevel runs, graph growing and spectral seeds, two at a time.
        let growing = effort == .fast ? 4 : 14
        let spectral = effort == .fast ? 1 : 3
        let runs: [(PartitionSeedKind, UInt64)] = (0..<growing).map { (.graphGrowing, UInt64($0)) }
            + (0..<spectral).map { (.spectral, UInt64(1000 + $0)) }
        let results = BisectionSlots<[UInt8]>(count: runs.count)
        if partitionGraph.totalWeight >= 2 {
            DispatchQueue.concurrentPerform(iterations: runs.count) { index in
                let (kind, seed) = runs[index]
                results.set(index, PartitionMultilevel.bisect(partitionGraph, seed: 0x5EED_0000 &+ seed, kind: kind, trials: 4))
            }
        }
        for (index, run) in runs.enumerated() {
            guard let side = results.get(index), side.count == graph.vertexCount else { continue }
            let name = run.0 == .spectral ? "spectral seed (Fiedler vector), multilevel FM (seed \(run.1))"
                : "multilevel FM, graph growing (seed \(run.1))"
            candidates.append((side, name))
        }
        var best: BisectionCut?
        for candidate in candidates {
            var side = candidate.side
            if let mask {
                for vertex in 0..<graph.vertexCount where mask.devices[vertex] { side[vertex] = 0 }
            }
            let cut = BisectionCut(graph: graph, mask: mask, side: side, method: candidate.method)
            guard abs(cut.acceleratorsPerSide[0] - cut.acceleratorsPerSide[1]) <= 1 else { continue }
            // Lowest capacity; among equal cuts the one splitting all devices most evenly (the most readable witness).
            if let current = best {
                let tolerance = 1e-12 * max(current.capacity, cut.capacity)
                let imbalance = abs(cut.devicesPerSide[0] - cut.devicesPerSide[1])
                let currentImbalance = abs(current.devicesPerSide[0] - current.devicesPerSide[1])
                if cut.capacity < current.capacity - tolerance
                    || (abs(cut.capacity - current.capacity) <= tolerance && imbalance < currentImbalance) {
                    best = cut
                }
            } else {
                best = cut
            }
        }
        if let best { return best }
        var side = [UInt8](repeating: 1, count: graph.vertexCount)
        var placed = 0
        for vertex in graph.accelerators where !(mask?.devices[Int(vertex)] ?? false) {
            if placed >= balance.low { break }
            side[Int(vertex)] = 0
            placed += 1
        }
        return BisectionCut(graph: graph, mask: mask, side: side, method: "document order")
    }

    /// An ordering of the accelerators that a structural split takes the first half of.
    struct StructuralOrder {
        /// What the split follows, for the report.
        let name: String
        /// Live accelerators in split order.
        let accelerators: [Int32]
    }

    /// Orders by pod, rack, plane, rail, each coordinate dimension (torus/mesh halving), pod then rack, and file order.
    /// - Complexity: O(n log n) per order.
    static func structuralOrders(graph: CSRGraph, topology: Topology?, mask: FailureMask?) -> [StructuralOrder] {
        let live = graph.accelerators.filter { !(mask?.devices[Int($0)] ?? false) }
        var orders = [StructuralOrder(name: "file order", accelerators: live)]
        guard let topology, topology.devices.count == graph.vertexCount else { return orders }
        let devices = topology.devices
        func byKey(_ name: String, _ key: (Device) -> String?) {
            let values = live.map { key(devices[Int($0)]) }
            guard Set(values.compactMap { $0 }).count >= 2 else { return }
            let order = live.indices.sorted { left, right in
                switch (values[left], values[right]) {
                case let (.some(a), .some(b)):
                    if a != b { return naturalLess(a, b) }
                case (.some, .none): return true
                case (.none, .some): return false
                case (.none, .none): break
                }
                return live[left] < live[right]
            }
            orders.append(StructuralOrder(name: name, accelerators: order.map { live[$0] }))
        }
        byKey("'pod'") { $0.pod }
        byKey("'rack'") { $0.rack }
        byKey("'plane'") { $0.plane }
        byKey("'rail'") { $0.rail.map { String($0) } }
        byKey("'pod' then 'rack'") { device in device.pod.map { pod in pod + "\u{1}" + (device.rack ?? "") } }
        let dimensions = live.map { devices[Int($0)].coordinates.count }.max() ?? 0
        for dimension in 0..<dimensions {
            let values = live.map { index -> [Int] in
                let coordinates = devices[Int(index)].coordinates
                guard dimension < coordinates.count else { return [Int.max] }
                return [coordinates[dimension]] + coordinates.enumerated().filter { $0.offset != dimension }.map(\.element)
            }
            guard Set(values.map { $0[0] }).count >= 2 else { continue }
            let order = live.indices.sorted { left, right in
                values[left].lexicographicallyPrecedes(values[right]) || (values[left] == values[right] && live[left] < live[right])
            }
            orders.append(StructuralOrder(name: "coordinate \(dimension) (halving dimension \(dimension))", accelerators: order.map { live[$0] }))
        }
        return orders
    }
}

/// Write-once result slots filled from `concurrentPerform` workers (each index written by one worker).
final class BisectionSlots<Value>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = BisectionLock()

    /// `count` empty slots.
    init(count: Int) { values = Array(repeating: nil, count: count) }

    /// Stores the value of slot `index`.
    func set(_ index: Int, _ value: Value) { lock.withLock { values[index] = value } }

    /// The value of slot `index`, if set.
    func get(_ index: Int) -> Value? { lock.withLock { values[index] } }
}

/// A mutex built on a Dispatch semaphore (no Foundation needed).
final class BisectionLock: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 1)

    /// Runs `body` holding the lock.
    func withLock<T>(_ body: () -> T) -> T {
        semaphore.wait()
        defer { semaphore.signal() }
        return body()
    }
}
