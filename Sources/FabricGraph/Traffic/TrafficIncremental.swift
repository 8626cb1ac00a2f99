import Dispatch
import Foundation

/// Uniform all-to-all ECMP loads after small failures, patched from the healthy loads instead of rerouted.
///
/// ECMP loads are a sum over destinations, L = Σ_d L_d, and L_d is fixed by the destination's shortest-path DAG
/// (distances to d) and the flow f_d(x) through each vertex: arc x→y carries f_d(x) / nextHops_d(x) when
/// dist_d(y) = dist_d(x) − 1. A failure changes L_d only when it removes a DAG arc that carries flow or a vertex
/// with flow (or d itself); every other destination keeps its healthy contribution exactly. For an affected
/// destination only the changed part of the DAG is recomputed (incremental shortest paths in the spirit of
/// Ramalingam and Reps 1996, specialised to unit weights and equal splits):
/// 1. vertices left without a surviving next hop lose their distance (checked in increasing distance, so a
///    vertex's next hops are settled first); their new distances come from a bucket-queue search seeded by their
///    unaffected neighbours;
/// 2. the vertices whose next-hop set changed (tails of failed DAG arcs, vertices that lost their distance, and
///    parents of those) have their healthy out-loads removed and, in decreasing new distance (a topological order
///    of the new DAG), their new flow spread over their new next hops; every other vertex forwards only the change
///    of its inflow over its unchanged next hops.
/// The per-destination data is O(V) (distance and flow per vertex, no per-arc loads), stored once per destination
/// class of the healthy symmetry plan (`SymmetryFamilies`) and mapped to the other destinations of the class
/// through the verified block swaps. Under a failure, the blocks of a family that the failure does not touch remain
/// interchangeable, so one destination per family position is recomputed and its change spread over the untouched
/// blocks with the class-total formula of `CSRGraph.route`, applied to the sparse change only. The highest
/// utilization is exact: changed arcs are rescanned, unchanged arcs are read from the healthy order.
/// Checked against rerouting from scratch for every link and device of the small designs and random graphs.
struct IncrementalECMP: Sendable {
    let graph: CSRGraph
    /// Healthy routable arcs.
    let routable: [Bool]
    /// Source weight per vertex (accelerators), as the traffic pattern uses it.
    let weight: [Double]
    /// Whether each vertex is one of the healthy design's connected accelerators (the members of the demand).
    let isMember: [Bool]
    /// Arcs of each link: `linkArcs[linkArcStart[l] ..< linkArcStart[l + 1]]`.
    let linkArcStart: [Int32]
    let linkArcs: [Int32]
    /// Tail of every arc.
    let tail: [Int32]

    /// One class of destinations: the representative's data, the inner twin swap, and the outer family.
    struct Orbit: Sendable {
        /// Index of the representative's stored data (position in `representatives`).
        let representative: Int32
        /// Inner twin family and the twin's block (-1, 0 when none).
        let innerFamily: Int32
        let innerBlock: Int32
        /// Outer family whose blocks carry the orbit (-1 when the orbit is one destination).
        let outerFamily: Int32
    }

    let orbits: [Orbit]
    /// Representative destination vertices.
    let representatives: [Int32]
    /// Blocks of every family, flattened: vertex at position p of block k of family f is
    /// `familyVertices[familyStart[f] + k * familyBlockSize[f] + p]`.
    let familyStart: [Int32]
    let familyBlockSize: [Int32]
    let familyBlockCount: [Int32]
    let familyVertices: [Int32]
    /// Aligned incident arcs per block: arc at position p of block k of family f is
    /// `familyArcs[familyArcStart[f] + k * familyArcCount[f] + p]` (outer families only).
    let familyArcStart: [Int32]
    let familyArcCount: [Int32]
    let familyArcs: [Int32]
    /// Per family, the one group of an untouched family: every block, computed at block 0.
    let familyGroups: [[(block: Int32, blocks: [Int32])]]
    /// Outer membership per vertex (family, block, position; family -1 when none).
    let outerFamilyOf: [Int32]
    let outerBlockOf: [Int32]
    let outerPositionOf: [Int32]
    /// Inner twin membership per vertex (family, block; family -1 when none).
    let innerFamilyOf: [Int32]
    let innerBlockOf: [Int32]
    /// Position of an arc among its tail's block arcs (out-arc listing) and its head's block arcs (arcs entering the
    /// block from outside), -1 when not listed.
    let arcTailPosition: [Int32]
    let arcHeadPosition: [Int32]
    /// Per representative: hop distance of every vertex to it (`unreachable` when none) and flow through every
    /// vertex toward it, flattened by representative; empty when the data would exceed the memory budget (then
    /// each destination is routed on demand).
    let storedDistance: [UInt8]
    let storedFlow: [Double]
    /// Per representative: its healthy shortest-path DAG as one bit per arc (`dagWords` words each, same order as
    /// the stored data; empty when not stored). An arc x→y is on it when it is routable, y relays toward the
    /// destination (or is it) and dist(y) = dist(x) − 1. Next hops of a vertex are then read from a few words
    /// instead of a scan of its arcs.
    let storedDAG: [UInt64]
    let dagWords: Int
    /// Healthy unrouted sources per representative.
    let unroutedSources: [Int32]

    static let unreachable: UInt8 = .max
    /// Stored entries (representatives × vertices) above which destinations are routed on demand (9 bytes each:
    /// a one-byte distance and a `Double` flow; 72 M entries ≈ 650 MB). The DAG bits are stored only when
    /// distances, flows and bits (8 bytes per 64 arcs, in 9-byte entries) fit it together.
    static let storageBudget = 72_000_000

    /// Entries of stored data per representative: its vertices plus its DAG bits in 9-byte units.
    static func entriesPerRepresentative(vertexCount: Int, arcCount: Int) -> Int { vertexCount + ((arcCount + 63) / 64 * 8 + 8) / 9 }

    /// Prepares the incremental engine for uniform all-to-all among `members` (the connected accelerators) with
    /// `weight` per source, or nil when the healthy plan uses a symmetry this engine does not map or a hop distance
    /// reaches 255 (then callers reroute from scratch).
    /// - Complexity: O(P · (V + E)) for P destination classes, plus the symmetry planning of `CSRGraph.route`.
    /// - Parameter symmetryBlocks: candidate block partitions (block id per vertex, -1 for none; e.g. racks, pods);
    ///   the plan with the fewest destination classes wins.
    init?(
        graph: CSRGraph, weight: [Double], members: [Int32], symmetryBlocks: [[Int32]], storageBudget: Int = IncrementalECMP.storageBudget,
        storesDAG: Bool = true
    ) {
        self.graph = graph
        self.weight = weight
        let routable = graph.routableArcs(under: nil)
        self.routable = routable
        var groupOf = [Int32](repeating: -1, count: graph.vertexCount)
        var isMember = [Bool](repeating: false, count: graph.vertexCount)
        for accelerator in members {
            groupOf[Int(accelerator)] = 0
            isMember[Int(accelerator)] = true
        }
        self.isMember = isMember
        var best: (tasks: [(Int32, [Int32])], families: [SymmetryFamilies.Family])?
        for hint in [nil] + symmetryBlocks.map({ Optional($0) }) {
            let plan = graph.planUniform(routable: routable, groupOf: groupOf, weight: weight, hint: hint)
            if best == nil || plan.tasks.count < (best?.tasks.count ?? 0) { best = plan }
        }
        guard let plan = best else { return nil }
        let families = plan.families
        let vertexCount = graph.vertexCount
        var outerUse = [Bool](repeating: false, count: families.count)
        var innerUse = [Bool](repeating: false, count: families.count)
        for (_, chain) in plan.tasks {
            guard chain.count <= 2, chain.allSatisfy({ $0 >= 0 && Int($0) < families.count }) else { return nil }
            if let last = chain.last { outerUse[Int(last)] = true }
            if chain.count == 2 { innerUse[Int(chain[0])] = true }
        }
        var familyStart: [Int32] = []
        var familyBlockSize: [Int32] = []
        var familyBlockCount: [Int32] = []
        var familyVertices: [Int32] = []
        var familyArcStart: [Int32] = []
        var familyArcCount: [Int32] = []
        var familyArcs: [Int32] = []
        var outerFamilyOf = [Int32](repeating: -1, count: vertexCount)
        var outerBlockOf = [Int32](repeating: 0, count: vertexCount)
        var outerPositionOf = [Int32](repeating: 0, count: vertexCount)
        var innerFamilyOf = [Int32](repeating: -1, count: vertexCount)
        var innerBlockOf = [Int32](repeating: 0, count: vertexCount)
        var arcTailPosition = [Int32](repeating: -1, count: graph.arcCount)
        var arcHeadPosition = [Int32](repeating: -1, count: graph.arcCount)
        var tail = [Int32](repeating: 0, count: graph.arcCount)
        for vertex in 0..<vertexCount {
            for arc in Int(graph.arcStart[vertex])..<Int(graph.arcStart[vertex + 1]) { tail[arc] = Int32(vertex) }
        }
        for (index, family) in families.enumerated() {
            let size = family.blocks.first?.count ?? 0
            let arcCount = family.arcs.first?.count ?? 0
            guard family.blocks.allSatisfy({ $0.count == size }), family.arcs.allSatisfy({ $0.count == arcCount }) else { return nil }
            familyStart.append(Int32(familyVertices.count))
            familyBlockSize.append(Int32(size))
            familyBlockCount.append(Int32(family.blocks.count))
            for block in family.blocks { familyVertices += block }
            familyArcStart.append(Int32(familyArcs.count))
            familyArcCount.append(Int32(arcCount))
            for arcs in family.arcs { familyArcs += arcs }
            if outerUse[index] {
                guard !innerUse[index] else { return nil }
                for (k, block) in family.blocks.enumerated() {
                    for (position, vertex) in block.enumerated() {
                        guard outerFamilyOf[Int(vertex)] < 0 else { return nil }
                        outerFamilyOf[Int(vertex)] = Int32(index)
                        outerBlockOf[Int(vertex)] = Int32(k)
                        outerPositionOf[Int(vertex)] = Int32(position)
                    }
                }
                for (k, arcs) in family.arcs.enumerated() {
                    let members = Set(family.blocks[k])
                    for (position, arc) in arcs.enumerated() {
                        if members.contains(tail[Int(arc)]) {
                            arcTailPosition[Int(arc)] = Int32(position)
                        } else {
                            arcHeadPosition[Int(arc)] = Int32(position)
                        }
                    }
                }
            } else if innerUse[index] {
                for (k, block) in family.blocks.enumerated() {
                    guard block.count == 1, innerFamilyOf[Int(block[0])] < 0 else { return nil }
                    innerFamilyOf[Int(block[0])] = Int32(index)
                    innerBlockOf[Int(block[0])] = Int32(k)
                }
            }
        }
        var orbits: [Orbit] = []
        var representatives: [Int32] = []
        for (destination, chain) in plan.tasks {
            let rep = Int32(representatives.count)
            representatives.append(destination)
            switch chain.count {
            case 0:
                orbits.append(Orbit(representative: rep, innerFamily: -1, innerBlock: 0, outerFamily: -1))
            case 1:
                guard outerFamilyOf[Int(destination)] == chain[0], outerBlockOf[Int(destination)] == 0 else { return nil }
                orbits.append(Orbit(representative: rep, innerFamily: -1, innerBlock: 0, outerFamily: chain[0]))
            default:
                let inner = families[Int(chain[0])]
                guard innerFamilyOf[Int(destination)] == chain[0], innerBlockOf[Int(destination)] == 0 else { return nil }
                for j in inner.blocks.indices {
                    let twin = inner.blocks[j][0]
                    guard outerFamilyOf[Int(twin)] == chain[1], outerBlockOf[Int(twin)] == 0 else { return nil }
                    orbits.append(Orbit(representative: rep, innerFamily: chain[0], innerBlock: Int32(j), outerFamily: chain[1]))
                }
            }
        }
        var linkArcStart = [Int32](repeating: 0, count: graph.linkCount + 1)
        for arc in 0..<graph.arcCount { linkArcStart[Int(graph.link[arc]) + 1] += 1 }
        for index in 0..<graph.linkCount { linkArcStart[index + 1] += linkArcStart[index] }
        var fill = linkArcStart
        var linkArcs = [Int32](repeating: 0, count: graph.arcCount)
        for arc in 0..<graph.arcCount {
            let l = Int(graph.link[arc])
            linkArcs[Int(fill[l])] = Int32(arc)
            fill[l] += 1
        }
        self.linkArcStart = linkArcStart
        self.linkArcs = linkArcs
        self.tail = tail
        self.orbits = orbits
        self.representatives = representatives
        self.familyStart = familyStart
        self.familyBlockSize = familyBlockSize
        self.familyBlockCount = familyBlockCount
        self.familyVertices = familyVertices
        self.familyArcStart = familyArcStart
        self.familyArcCount = familyArcCount
        self.familyArcs = familyArcs
        self.familyGroups = familyBlockCount.map { count in [(Int32(0), Array(Int32(0)..<count))] }
        self.outerFamilyOf = outerFamilyOf
        self.outerBlockOf = outerBlockOf
        self.outerPositionOf = outerPositionOf
        self.innerFamilyOf = innerFamilyOf
        self.innerBlockOf = innerBlockOf
        self.arcTailPosition = arcTailPosition
        self.arcHeadPosition = arcHeadPosition
        // Healthy data per representative (both cores).
        let words = (graph.arcCount + 63) / 64
        // Distances and flows as before; the DAG bits only when they fit the budget too (else next hops are scanned).
        let store = representatives.count * vertexCount <= storageBudget
        let withDAG = storesDAG && representatives.count * Self.entriesPerRepresentative(vertexCount: vertexCount, arcCount: graph.arcCount) <= storageBudget
        let partial = IncrementalECMP.Partial(graph: graph, routable: routable, weight: weight, isMember: isMember)
        guard let healthy = partial.store(representatives, store: store, storesDAG: withDAG) else { return nil }
        self.storedDistance = healthy.distance
        self.storedFlow = healthy.flow
        self.storedDAG = healthy.dag
        self.dagWords = words
        self.unroutedSources = healthy.unrouted
    }

    /// Whether per-destination data is stored (else destinations are routed on demand).
    var stores: Bool { !storedDistance.isEmpty }

    /// Shared read-only inputs of the healthy pass.
    struct Partial: Sendable {
        let graph: CSRGraph
        let routable: [Bool]
        let weight: [Double]
        let isMember: [Bool]

        /// The healthy data of every representative (both cores): distances, flows and DAG bits flattened by
        /// representative when `store` (the DAG only with `storesDAG`), else empty; unrouted sources per
        /// representative. Nil when a distance does not fit the stored width.
        /// - Complexity: O(R · (V + E)) for R representatives.
        func store(_ reps: [Int32], store: Bool, storesDAG: Bool) -> (distance: [UInt8], flow: [Double], dag: [UInt64], unrouted: [Int32])? {
            let vertexCount = graph.vertexCount
            let count = store ? reps.count * vertexCount : 0
            let words = (graph.arcCount + 63) / 64
            let unrouted = SharedBuffer<Int32>(count: reps.count, value: 0)
            let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, reps.count))
            let next = WorkCounter()
            let far = WorkFlag()
            var storedDAG = [UInt64](repeating: 0, count: store && storesDAG ? reps.count * words : 0)
            // The stored arrays are filled in place (distinct slices per representative) to avoid a second copy.
            var storedDistance: [UInt8] = []
            let storedFlow = [Double](unsafeUninitializedCapacity: count) { flowBuffer, flowCount in
                storedDistance = [UInt8](unsafeUninitializedCapacity: count) { distanceBuffer, distanceCount in
                    storedDAG.withUnsafeMutableBufferPointer { dagBuffer in
                        let distancePointer = SendablePointer(distanceBuffer.baseAddress)
                        let flowPointer = SendablePointer(flowBuffer.baseAddress)
                        let dagPointer = SendablePointer(dagBuffer.isEmpty ? nil : dagBuffer.baseAddress)
                        DispatchQueue.concurrentPerform(iterations: workers) { _ in
                            var scratch = HealthyPass(vertexCount: vertexCount)
                            while let index = next.take(below: reps.count) {
                                let lost = healthy(destination: reps[index], into: &scratch)
                                unrouted.set(index, lost.unrouted)
                                if lost.tooFar { far.set() }
                                guard store, let distances = distancePointer.pointer, let flows = flowPointer.pointer else { continue }
                                let base = index * vertexCount
                                for vertex in 0..<vertexCount {
                                    (distances + base + vertex).initialize(to: scratch.distance[vertex])
                                    (flows + base + vertex).initialize(to: scratch.flow[vertex])
                                }
                                if let dag = dagPointer.pointer {
                                    markDAG(destination: Int(reps[index]), distance: scratch.distance, into: dag + index * words)
                                }
                            }
                        }
                    }
                    distanceCount = count
                }
                flowCount = count
            }
            guard !far.value else { return nil }
            return (storedDistance, storedFlow, storedDAG, unrouted.values())
        }

        /// Sets the bit of every healthy DAG arc toward `destination` (see `storedDAG`) in the zeroed `words`.
        /// - Complexity: O(V + E).
        func markDAG(destination d: Int, distance: [UInt8], into words: UnsafeMutablePointer<UInt64>) {
            let allRelay = graph.allRelay
            for vertex in 0..<graph.vertexCount where vertex != d {
                let level = distance[vertex]
                if level == IncrementalECMP.unreachable || level == 0 { continue }
                for arc in Int(graph.arcStart[vertex])..<Int(graph.arcStart[vertex + 1]) where routable[arc] {
                    let y = Int(graph.head[arc])
                    if distance[y] == level - 1 && (allRelay || y == d || graph.relays[y]) { words[arc >> 6] |= 1 << UInt64(arc & 63) }
                }
            }
        }

        /// Distances and flows toward `destination` in the healthy graph into `scratch`; the number of member
        /// sources that cannot reach it, and whether a distance does not fit the stored width.
        func healthy(destination: Int32, into scratch: inout HealthyPass) -> (unrouted: Int32, tooFar: Bool) {
            let d = Int(destination)
            let n = graph.vertexCount
            for vertex in 0..<n {
                scratch.distance[vertex] = IncrementalECMP.unreachable
                scratch.flow[vertex] = 0
            }
            scratch.order.removeAll(keepingCapacity: true)
            scratch.order.append(destination)
            scratch.distance[d] = 0
            var read = 0
            var tooFar = false
            let allRelay = graph.allRelay
            graph.head.withUnsafeBufferPointer { head in
                graph.reverse.withUnsafeBufferPointer { reverse in
                    graph.arcStart.withUnsafeBufferPointer { start in
                        routable.withUnsafeBufferPointer { routable in
                            graph.relays.withUnsafeBufferPointer { relays in
                                while read < scratch.order.count {
                                    let w = Int(scratch.order[read])
                                    read += 1
                                    // A vertex that does not relay is a source only: nothing reaches the destination through it.
                                    if !allRelay && w != d && !relays[w] { continue }
                                    let level = scratch.distance[w] &+ 1
                                    if level >= IncrementalECMP.unreachable {
                                        tooFar = true
                                        continue
                                    }
                                    for arc in Int(start[w])..<Int(start[w + 1]) where routable[Int(reverse[arc])] {
                                        let x = Int(head[arc])
                                        if scratch.distance[x] == IncrementalECMP.unreachable {
                                            scratch.distance[x] = level
                                            scratch.order.append(Int32(x))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            var unrouted: Int32 = 0
            for accelerator in graph.accelerators where Int(accelerator) != d && isMember[Int(accelerator)] {
                if scratch.distance[Int(accelerator)] == IncrementalECMP.unreachable {
                    unrouted += 1
                } else {
                    scratch.flow[Int(accelerator)] = weight[Int(accelerator)]
                }
            }
            graph.head.withUnsafeBufferPointer { head in
                graph.arcStart.withUnsafeBufferPointer { start in
                    routable.withUnsafeBufferPointer { routable in
                        graph.relays.withUnsafeBufferPointer { relays in
                            scratch.distance.withUnsafeBufferPointer { distance in
                                scratch.flow.withUnsafeMutableBufferPointer { flow in
                                    var index = scratch.order.count - 1
                                    while index > 0 {
                                        let v = Int(scratch.order[index])
                                        index -= 1
                                        let amount = flow[v]
                                        if amount == 0 { continue }
                                        let below = distance[v] &- 1
                                        var hops = 0
                                        for arc in Int(start[v])..<Int(start[v + 1])
                                        where routable[arc] && distance[Int(head[arc])] == below
                                            && (allRelay || below == 0 || relays[Int(head[arc])])
                                        { hops += 1 }
                                        let share = amount / Double(hops)
                                        for arc in Int(start[v])..<Int(start[v + 1])
                                        where routable[arc] && distance[Int(head[arc])] == below
                                            && (allRelay || below == 0 || relays[Int(head[arc])])
                                        {
                                            flow[Int(head[arc])] += share
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return (unrouted, tooFar)
        }
    }

    /// Scratch of the healthy pass.
    struct HealthyPass {
        var distance: [UInt8]
        var flow: [Double]
        var order: [Int32]

        init(vertexCount: Int) {
            distance = [UInt8](repeating: IncrementalECMP.unreachable, count: vertexCount)
            flow = [Double](repeating: 0, count: vertexCount)
            order = []
            order.reserveCapacity(vertexCount)
        }
    }
}

/// A fixed-size buffer written at distinct indices from concurrent workers.
final class SharedBuffer<Value: Sendable>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value>
    private let count: Int

    init(count: Int, value: Value) {
        self.count = count
        storage = UnsafeMutablePointer<Value>.allocate(capacity: max(count, 1))
        storage.initialize(repeating: value, count: max(count, 1))
    }

    deinit {
        storage.deinitialize(count: max(count, 1))
        storage.deallocate()
    }

    /// Writes slot `index` (each slot by one worker).
    func set(_ index: Int, _ value: Value) { storage[index] = value }

    /// The values in order.
    func values() -> [Value] { Array(UnsafeBufferPointer(start: storage, count: count)) }
}

/// A raw pointer shared with concurrent workers that write distinct elements.
struct SendablePointer<Pointee>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Pointee>?

    init(_ pointer: UnsafeMutablePointer<Pointee>?) { self.pointer = pointer }
}

/// A shared counter handing out work items to concurrent workers.
final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    /// The next item below `count`, nil when all are taken.
    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

/// A flag set from concurrent workers.
final class WorkFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false

    /// Sets the flag.
    func set() {
        lock.lock()
        flag = true
        lock.unlock()
    }

    /// Whether it was set.
    var value: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flag
    }
}
