import Foundation
import FabricModel

/// The channel-dependency graph (CDG) of minimal routing with virtual lanes, and a cycle in it when there is one.
///
/// Routing: every shortest path (in hops) between accelerators, as ECMP uses them. Lanes: a packet starts in lane 0
/// and moves to the next lane at every "valley", a hop that goes up right after a hop that went down, where up
/// means toward a higher `rank` (tier, then index). Each lane then carries only up*/down* segments, whose
/// dependencies are acyclic (Schroeder et al. 1991, Autonet), and lanes only increase along a path, so with at
/// least `lanesNeeded` lanes the CDG is acyclic (the layering idea of LASH and DFSSSP, Domke et al. 2011). With
/// fewer lanes, packets stay in the last lane and the CDG may have a cycle, which is a deadlock witness (Dally and
/// Seitz 1987: a routing is deadlock-free iff its CDG is acyclic).
public struct ChannelDependencyAnalysis: Sendable {
    /// One channel: an arc in a lane.
    public struct Channel: Hashable, Sendable {
        /// The arc (direction of a cable).
        public let arc: Int32
        /// The virtual lane.
        public let lane: Int
    }

    /// The lanes the analysis was run with.
    public let virtualLanes: Int
    /// Lanes the valley scheme needs so that no packet is capped (16 means 16 or more).
    public let lanesNeeded: Int
    /// Dependencies (turns in a lane) in the CDG.
    public let dependencyCount: Int
    /// A cycle of channels, each depending on the next and the last on the first; nil when the CDG is acyclic.
    public let cycle: [Channel]?
    /// Destinations routed (after grouping equivalent ones, and sampling beyond the work budget).
    public let destinationsChecked: Int
    /// Distinct destination classes; more than `destinationsChecked` means the result is sampled.
    public let destinationClasses: Int

    /// True when only a sample of destinations was routed: an acyclic result is then not a proof.
    public var sampled: Bool { destinationsChecked < destinationClasses }

    /// Maximum lanes tracked when counting `lanesNeeded`.
    public static let laneLimit = 16
}

/// The routing whose channel dependencies are analysed, with its lane rule.
public enum DependencyRouting: Sendable {
    /// All shortest paths; a new lane at every valley (a hop up, toward higher `rank`, right after a hop down).
    case minimal(rank: [Int64])
    /// Dimension-order routing over coordinates (lowest differing dimension first, along shortest hops), with
    /// dateline lanes: lane 1 after crossing a ring's wrap link, back to lane 0 in the next dimension
    /// (Dally and Seitz 1987). `coordinates[v]` is empty for a vertex without coordinates.
    case dimensionOrder(coordinates: [[Int]])
}

extension CSRGraph {
    /// Builds the CDG of minimal routing with valley lanes (see `channelDependencies(routing:virtualLanes:forwarding:)`).
    public func channelDependencies(rank: [Int64], virtualLanes: Int) -> ChannelDependencyAnalysis {
        channelDependencies(routing: .minimal(rank: rank), virtualLanes: virtualLanes, forwarding: nil)
    }

    /// Builds the CDG of minimal routing among accelerators with `virtualLanes` lanes and looks for a cycle.
    /// - Parameter rank: per vertex, the order that defines up and down hops (e.g. tier << 32 | index).
    /// - Complexity: O(D·(V + E + T)) to build, D destinations (accelerators, or the switch of a single-homed one),
    ///   T = Σ in-degree × out-degree on the shortest-path DAG; O(Σ deg² · lanes) for the iterative cycle search.
    /// - Parameter forwarding: whether each vertex may carry traffic through it (nil: all may); an accelerator of a
    ///   switched fabric is an endpoint only.
    ///   - workBudget: vertex-plus-arc visits allowed (destinations × (V + E)); beyond it destinations are sampled.
    public func channelDependencies(routing: DependencyRouting, virtualLanes: Int, forwarding: [Bool]?,
                                    workBudget: Double = .infinity) -> ChannelDependencyAnalysis {
        let lanes = max(1, min(virtualLanes, ChannelDependencyAnalysis.laneLimit))
        let rules = LaneRules(graph: self, routing: routing)
        let rank = rules.rank
        let transit = forwarding ?? [Bool](repeating: true, count: vertexCount)
        let routable = routableArcs(under: nil)
        // Turn index space: per vertex, deg × deg (in-arc index × out-arc index).
        var turnStart = [Int](repeating: 0, count: vertexCount + 1)
        for vertex in 0..<vertexCount {
            let degree = Int(arcStart[vertex + 1] - arcStart[vertex])
            turnStart[vertex + 1] = turnStart[vertex] + degree * degree
        }
        let turnCount = turnStart[vertexCount]
        // Destinations: accelerators, collapsed onto their one neighbour when single-attached (the last hop into a
        // degree-1 accelerator has no outgoing dependency and cannot be on a cycle).
        var isDestination = [Bool](repeating: false, count: vertexCount)
        var injectDirectionUp = [UInt8](repeating: 0, count: vertexCount)  // bit 0: injects with no prior hop; 1: after an up hop; 2: after a down hop
        for accelerator in accelerators {
            var neighbour: Int32 = -1
            var single = true
            for arc in arcs(from: accelerator) where routable[Int(arc)] {
                let next = head[Int(arc)]
                if neighbour < 0 { neighbour = next } else if neighbour != next { single = false; break }
            }
            if single, neighbour >= 0 {
                isDestination[Int(neighbour)] = true
                injectDirectionUp[Int(neighbour)] |= rank[Int(neighbour)] > rank[Int(accelerator)] ? 2 : 4
            } else {
                isDestination[Int(accelerator)] = true
                injectDirectionUp[Int(accelerator)] |= 1
            }
        }
        // Non-transit destinations with the same neighbours are routed alike up to the last hop, whose turns (into a
        // vertex that forwards nothing) cannot lie on a cycle: one representative per neighbour set.
        var representatives: [Int32] = []
        var seenNeighbourSets = Set<[Int32]>()
        for vertex in 0..<Int32(vertexCount) where isDestination[Int(vertex)] {
            if !transit[Int(vertex)] {
                let neighbours = Array(Set(arcs(from: vertex).filter { routable[Int($0)] }.map { head[Int($0)] })).sorted()
                if !seenNeighbourSets.insert(neighbours).inserted { continue }
            }
            representatives.append(vertex)
        }
        // Work budget: beyond it, an evenly spaced deterministic sample of destinations (a cycle found is still a
        // witness; an acyclic result is then not a proof, and `sampled` says so).
        let work = Double(representatives.count) * Double(vertexCount + arcCount)
        var destinations = representatives
        if work > workBudget, representatives.count > 1 {
            let keep = max(1, Int(workBudget / Double(vertexCount + arcCount)))
            destinations = (0..<keep).map { representatives[$0 * representatives.count / keep] }
        }
        let chosen = destinations
        let injects = injectDirectionUp
        let turnOffsets = turnStart
        let workers = max(1, min(2, chosen.count))
        let shards = WorkerBitsets(count: workers, bits: turnCount * lanes)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var bits = BitSet(capacity: turnCount * lanes)
            var distance = [Int32](repeating: -1, count: vertexCount)
            var laneMask = [UInt16](repeating: 0, count: arcCount)
            var order: [Int32] = []
            var maxLane = 0
            var index = worker
            while index < chosen.count {
                let destination = chosen[index]
                index += workers
                // Distances to the destination over arcs usable toward it.
                for vertex in order { distance[Int(vertex)] = -1 }
                order.removeAll(keepingCapacity: true)
                distance[Int(destination)] = 0
                order.append(destination)
                var read = 0
                while read < order.count {
                    let vertex = order[read]
                    read += 1
                    if vertex != destination && !transit[Int(vertex)] { continue }
                    for arc in arcs(from: vertex) where routable[Int(reverse[Int(arc)])] {
                        let previous = Int(head[Int(arc)])
                        if distance[previous] < 0 {
                            distance[previous] = distance[Int(vertex)] + 1
                            order.append(Int32(previous))
                        }
                    }
                }
                // Lanes on each DAG arc, farthest vertices first.
                for position in stride(from: order.count - 1, through: 1, by: -1) {
                    let vertex = order[position]
                    let v = Int(vertex)
                    let base = arcStart[v]
                    let degree = Int(arcStart[v + 1] - base)
                    for outArc in arcs(from: vertex) where routable[Int(outArc)] {
                        let next = Int(head[Int(outArc)])
                        guard distance[next] == distance[v] - 1, rules.legal(outArc, from: v, toward: Int(destination)) else { continue }
                        let outUp = rank[next] > rank[v]
                        var mask: UInt16 = 0
                        let injected = injects[v]
                        if injected & 3 != 0 || (injected & 4 != 0 && !outUp) { mask |= 1 }
                        if injected & 4 != 0 && outUp { mask |= 2 }  // a down hop into v from its accelerator, then up
                        // Transitions from in-arcs of the DAG: in-arc x = reverse of v's arc toward a farther vertex.
                        guard transit[v] else {
                            laneMask[Int(outArc)] |= mask
                            continue
                        }
                        for arc in arcs(from: vertex) {
                            let previous = Int(head[Int(arc)])
                            guard distance[previous] == distance[v] + 1 else { continue }
                            let inArc = reverse[Int(arc)]
                            guard routable[Int(inArc)] else { continue }
                            let inLanes = laneMask[Int(inArc)]
                            guard inLanes != 0 else { continue }
                            mask |= rules.next(inLanes, from: inArc, to: outArc)
                            // A channel out of or into a vertex that forwards nothing has no predecessor or successor.
                            guard transit[previous], transit[next] else { continue }
                            let turn = turnOffsets[v] + Int(arc - base) * degree + Int(outArc - base)
                            var remaining = inLanes
                            while remaining != 0 {
                                let lane = remaining.trailingZeroBitCount
                                remaining &= remaining - 1
                                bits.insert(turn * lanes + min(lane, lanes - 1))
                            }
                        }
                        laneMask[Int(outArc)] |= mask
                        maxLane = max(maxLane, 15 - mask.leadingZeroBitCount)
                    }
                }
                // Reset lane masks of this destination's DAG.
                for vertex in order { for arc in arcs(from: vertex) { laneMask[Int(arc)] = 0 } }
            }
            shards.store(worker, bits, maxLane)
        }
        let (merged, maxLane) = shards.merged(bits: turnCount * lanes)
        let cycle = findCycle(bits: merged, turnStart: turnStart, lanes: lanes, rules: rules)
        return ChannelDependencyAnalysis(virtualLanes: lanes, lanesNeeded: min(maxLane + 1, ChannelDependencyAnalysis.laneLimit),
                                         dependencyCount: merged.count, cycle: cycle,
                                         destinationsChecked: destinations.count, destinationClasses: representatives.count)
    }

    /// Iterative depth-first search over channels (arc, lane) for a back edge; returns the cycle it closes.
    private func findCycle(bits: BitSet, turnStart: [Int], lanes: Int, rules: LaneRules) -> [ChannelDependencyAnalysis.Channel]? {
        let nodeCount = arcCount * lanes
        var color = [UInt8](repeating: 0, count: nodeCount)  // 0 white, 1 on stack, 2 done
        var stack: [(node: Int, next: Int)] = []
        for start in 0..<nodeCount where color[start] == 0 {
            color[start] = 1
            stack.append((start, 0))
            while let top = stack.last {
                let arc = top.node / lanes
                let lane = top.node % lanes
                let v = Int(head[arc])
                let base = Int(arcStart[v])
                let degree = Int(arcStart[v + 1]) - base
                let inIndex = Int(reverse[arc]) - base
                var successor = -1
                var cursor = top.next
                while cursor < degree {
                    let turn = turnStart[v] + inIndex * degree + cursor
                    cursor += 1
                    if bits[turn * lanes + lane] {
                        let outArc = base + cursor - 1
                        let nextLane = min(rules.next(UInt16(1) << UInt16(lane), from: Int32(arc), to: Int32(outArc)).trailingZeroBitCount, lanes - 1)
                        successor = outArc * lanes + nextLane
                        break
                    }
                }
                stack[stack.count - 1].next = cursor
                if successor < 0 {
                    color[top.node] = 2
                    stack.removeLast()
                    continue
                }
                if color[successor] == 1 {
                    guard let from = stack.lastIndex(where: { $0.node == successor }) else { return nil }
                    return stack[from...].map { ChannelDependencyAnalysis.Channel(arc: Int32($0.node / lanes), lane: $0.node % lanes) }
                }
                if color[successor] == 0 {
                    color[successor] = 1
                    stack.append((successor, 0))
                }
            }
        }
        return nil
    }
}

/// The lane rule and legality of hops of a `DependencyRouting`.
struct LaneRules: Sendable {
    let graph: CSRGraph
    /// Up/down order (valley rule); for dimension order, the vertex index.
    let rank: [Int64]
    let coordinates: [[Int]]?
    /// Dimension each arc moves along (-1: not a single-dimension hop), and whether it is a ring's wrap link.
    let dimension: [Int16]
    let wraps: [Bool]

    init(graph: CSRGraph, routing: DependencyRouting) {
        self.graph = graph
        switch routing {
        case let .minimal(rank):
            self.rank = rank
            coordinates = nil
            dimension = []
            wraps = []
        case let .dimensionOrder(coordinates):
            rank = (0..<graph.vertexCount).map { Int64($0) }
            self.coordinates = coordinates
            var dimension = [Int16](repeating: -1, count: graph.arcCount)
            var wraps = [Bool](repeating: false, count: graph.arcCount)
            for vertex in 0..<Int32(graph.vertexCount) {
                let here = coordinates[Int(vertex)]
                for arc in graph.arcs(from: vertex) {
                    let there = coordinates[Int(graph.head[Int(arc)])]
                    guard here.count == there.count, !here.isEmpty else { continue }
                    var differing = -1
                    var count = 0
                    for index in here.indices where here[index] != there[index] {
                        differing = index
                        count += 1
                    }
                    guard count == 1 else { continue }
                    dimension[Int(arc)] = Int16(differing)
                    wraps[Int(arc)] = abs(here[differing] - there[differing]) > 1
                }
            }
            self.dimension = dimension
            self.wraps = wraps
        }
    }

    /// Whether `arc` from `vertex` is a hop the routing takes toward `destination` (shortest-ness checked by the caller).
    @inline(__always)
    func legal(_ arc: Int32, from vertex: Int, toward destination: Int) -> Bool {
        guard let coordinates else { return true }
        let here = coordinates[vertex]
        let target = coordinates[destination]
        guard here.count == target.count, !here.isEmpty else { return true }
        guard let first = here.indices.first(where: { here[$0] != target[$0] }) else { return true }
        return Int(dimension[Int(arc)]) == first
    }

    /// The lanes on `outArc` of packets arriving on `inArc` in `lanes` (a bitmask; lane 15 absorbs overflow).
    @inline(__always)
    func next(_ lanes: UInt16, from inArc: Int32, to outArc: Int32) -> UInt16 {
        if coordinates != nil {
            if dimension[Int(inArc)] != dimension[Int(outArc)] { return 1 }
            return wraps[Int(inArc)] ? (lanes << 1) | (lanes & 0x8000) : lanes
        }
        let v = Int(graph.head[Int(inArc)])
        let tail = Int(graph.head[Int(graph.reverse[Int(inArc)])])
        let shift = rank[v] < rank[tail] && rank[Int(graph.head[Int(outArc)])] > rank[v]
        return shift ? (lanes << 1) | (lanes & 0x8000) : lanes
    }
}

/// Per-worker dependency bitsets, OR-ed at the end.
private final class WorkerBitsets: @unchecked Sendable {
    private let lock = NSLock()
    private var sets: [BitSet?]
    private var lanes: [Int]

    init(count: Int, bits: Int) {
        sets = Array(repeating: nil, count: count)
        lanes = Array(repeating: 0, count: count)
    }

    func store(_ worker: Int, _ bits: BitSet, _ maxLane: Int) {
        lock.lock()
        sets[worker] = bits
        lanes[worker] = maxLane
        lock.unlock()
    }

    func merged(bits: Int) -> (BitSet, Int) {
        lock.lock()
        defer { lock.unlock() }
        var result = BitSet(capacity: bits)
        for set in sets.compactMap({ $0 }) {
            for index in result.words.indices { result.words[index] |= set.words[index] }
        }
        return (result, lanes.max() ?? 0)
    }
}
