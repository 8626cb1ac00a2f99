import FabricModel
import Foundation

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

    /// How the verdict was reached.
    public let method: Method
    /// True when a cycle was found before every destination was routed: `lanesNeeded` is then a lower bound.
    public let lanesNeededIsLowerBound: Bool

    /// How an analysis reached its verdict.
    public enum Method: String, Sendable {
        /// The lane scheme needs no more lanes than declared: acyclic by construction, the CDG was not built.
        case laneScheme
        /// The longest routed path is too short to need more lanes than declared: acyclic by construction;
        /// `lanesNeeded` is then that upper bound.
        case hopBound
        /// The CDG was built (up to the first cycle found) and searched.
        case dependencyGraph
    }

    /// True when an acyclic result rests on only a sample of destinations (work budget): it is then not a proof.
    public var sampled: Bool { cycle == nil && destinationsChecked < destinationClasses }

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
    public func channelDependencies(rank: [Int64], virtualLanes: Int, alwaysBuild: Bool = false) -> ChannelDependencyAnalysis {
        channelDependencies(routing: .minimal(rank: rank), virtualLanes: virtualLanes, forwarding: nil, alwaysBuild: alwaysBuild)
    }

    /// Builds the CDG of minimal routing among accelerators with `virtualLanes` lanes and looks for a cycle.
    /// - Parameter rank: per vertex, the order that defines up and down hops (e.g. tier << 32 | index).
    /// - Complexity: O(D·(V + E + T)) to build, D destinations (accelerators, or the switch of a single-homed one),
    ///   T = Σ in-degree × out-degree on the shortest-path DAG; O(Σ deg² · lanes) for the iterative cycle search.
    ///   When the lane scheme needs no more lanes than declared, the CDG is acyclic by construction and is not built
    ///   (`method` is `.laneScheme`); only the lanes needed are computed, one destination per symmetry class.
    /// - Parameters:
    ///   - forwarding: whether each vertex may carry traffic through it (nil: all may); an accelerator of a
    ///     switched fabric is an endpoint only.
    ///   - symmetryCandidates: candidate blocks (block id per vertex, e.g. racks, pods) whose verified swaps reduce the
    ///     destinations of the lane count (`SymmetryFamilies`, kept only when every arc keeps its up/down direction).
    ///   - alwaysBuild: build and search the CDG even when the lane scheme proves it acyclic (to count dependencies).
    ///   - workBudget: work allowed for building the CDG, destinations × (V + E + Σ deg²/4); beyond it an acyclic
    ///     result is marked `sampled` (not a proof).
    ///
    /// Minimal routing first folds interchangeable blocks (`dependencyFold`: SuperPoDs, pods, edge groups, verified
    /// arc by arc) and runs on the kept subgraph toward the destinations of home blocks: the lanes needed there are
    /// those of the whole graph, and a cycle there is a cycle of the whole CDG. Only an acyclic CDG with fewer lanes
    /// than the lane scheme needs (no proof by lanes) is then rebuilt on the whole graph.
    public func channelDependencies(
        routing: DependencyRouting, virtualLanes: Int, forwarding: [Bool]?,
        symmetryCandidates: [[Int32]] = [], workBudget: Double = .infinity,
        alwaysBuild: Bool = false
    ) -> ChannelDependencyAnalysis {
        if !alwaysBuild, case .minimal(let rank) = routing {
            let transit = forwarding ?? [Bool](repeating: true, count: vertexCount)
            if let fold = dependencyFold(rank: rank, transit: transit, routable: routableArcs(under: nil)) {
                let vertices = fold.vertices
                let candidates = symmetryCandidates.filter { $0.count == vertexCount }.map { blockOf in
                    vertices.indices.map { fold.home[$0] ? blockOf[Int(vertices[$0])] : -1 }
                }
                let result = fold.graph.dependencyCore(
                    routing: .minimal(rank: vertices.map { rank[Int($0)] }), virtualLanes: virtualLanes,
                    forwarding: vertices.map { transit[Int($0)] }, symmetryCandidates: candidates,
                    workBudget: workBudget, alwaysBuild: false, allowed: fold.home)
                if result.cycle != nil || result.method != .dependencyGraph {
                    let cycle = result.cycle?.map { ChannelDependencyAnalysis.Channel(arc: fold.arcs[Int($0.arc)], lane: $0.lane) }
                    return ChannelDependencyAnalysis(
                        virtualLanes: result.virtualLanes, lanesNeeded: result.lanesNeeded,
                        dependencyCount: result.dependencyCount, cycle: cycle,
                        destinationsChecked: result.destinationsChecked,
                        destinationClasses: result.destinationClasses, method: result.method,
                        lanesNeededIsLowerBound: result.lanesNeededIsLowerBound)
                }
            }
        }
        return dependencyCore(
            routing: routing, virtualLanes: virtualLanes, forwarding: forwarding, symmetryCandidates: symmetryCandidates,
            workBudget: workBudget, alwaysBuild: alwaysBuild, allowed: nil)
    }

    /// The analysis on this graph, routing only toward destinations with `allowed` (nil: all).
    private func dependencyCore(
        routing: DependencyRouting, virtualLanes: Int, forwarding: [Bool]?, symmetryCandidates: [[Int32]],
        workBudget: Double, alwaysBuild: Bool, allowed: [Bool]?
    ) -> ChannelDependencyAnalysis {
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
                if neighbour < 0 {
                    neighbour = next
                } else if neighbour != next {
                    single = false
                    break
                }
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
        func collapsed(_ candidates: [Int32]) -> [Int32] {
            var kept: [Int32] = []
            var seenNeighbourSets = Set<[Int32]>()
            for vertex in candidates {
                if !transit[Int(vertex)] {
                    let neighbours = Array(Set(arcs(from: vertex).filter { routable[Int($0)] }.map { head[Int($0)] })).sorted()
                    if !seenNeighbourSets.insert(neighbours).inserted { continue }
                }
                kept.append(vertex)
            }
            return kept
        }
        let allDestinations = (0..<Int32(vertexCount)).filter { isDestination[Int($0)] && allowed?[Int($0)] ?? true }
        let representatives = collapsed(allDestinations)
        let builder = DependencyBuilder(
            graph: self, rules: rules, transit: transit, routable: routable, injects: injectDirectionUp,
            turnStart: turnStart, lanes: lanes)
        // 1. Lanes the valley scheme needs, over every destination (or one per class of an orientation-preserving
        //    symmetry). With enough lanes the CDG is acyclic by construction: no packet is capped, each lane carries
        //    only up*/down* segments (no cycle: ranks rise along up hops and fall along down hops) and lanes only
        //    increase along a path (for dimension order: positions rise along a ring up to its wrap, the wrap moves to
        //    the next lane, dimensions only increase). Stops at the first destination needing more lanes than declared.
        let provable = rules.provableByLanes
        var needed = 0
        var classes: [Int32] = []
        if provable {
            // Symmetry first, then twins among what is left: every destination maps to a kept one or a twin of it.
            classes = collapsed(
                symmetryRepresentatives(
                    allDestinations, candidates: symmetryCandidates, rules: rules, transit: transit,
                    routable: routable))
            if allowed == nil, let diagonal = translationDiagonal(rules: rules, routable: routable) { classes = diagonal }
            // A path of n hops has at most ⌊n/2⌋ valleys (⌊(n−1)/2⌋ when every first hop goes up): with 2 or more lanes, when even the
            // longest routed path cannot need more lanes than declared, no lane count per path is needed.
            if !rules.dimensionOrder && !alwaysBuild && lanes >= 2 {
                let bound = builder.valleyLaneBound(classes, accelerators: accelerators)
                if bound <= lanes {
                    return ChannelDependencyAnalysis(
                        virtualLanes: lanes, lanesNeeded: bound, dependencyCount: 0, cycle: nil,
                        destinationsChecked: classes.count, destinationClasses: classes.count,
                        method: .hopBound, lanesNeededIsLowerBound: false)
                }
            }
            needed = builder.lanesNeeded(classes, stopAbove: lanes)
            if needed <= lanes && !alwaysBuild {
                return ChannelDependencyAnalysis(
                    virtualLanes: lanes, lanesNeeded: needed, dependencyCount: 0, cycle: nil,
                    destinationsChecked: classes.count, destinationClasses: classes.count,
                    method: .laneScheme, lanesNeededIsLowerBound: false)
            }
        }
        // 2. Too few lanes: build the CDG destination by destination in file order (neighbouring destinations close
        //    cycles soonest), searching for a cycle after 16, 32, 64, ... destinations; a cycle is a witness. Acyclic
        //    after every destination is exact; beyond `workBudget` (destinations × (V + E + Σ deg²/4)) the rest is
        //    skipped and `sampled` says the acyclic result is not a proof.
        let perDestination = Double(vertexCount + arcCount) + Double(turnCount) / 4
        let affordable = workBudget.isFinite ? max(1, Int(min(Double(Int.max / 2), workBudget / perDestination))) : representatives.count
        let limit = min(representatives.count, affordable)
        var shards = [BitSet?](repeating: nil, count: 2)
        var merged = BitSet(capacity: turnCount * lanes)
        var maxLane = max(needed - 1, 0)
        var done = 0
        var batchEnd = min(16, limit)
        var cycle: [ChannelDependencyAnalysis.Channel]?
        while done < limit {
            let batch = Array(representatives[done..<batchEnd])
            let workers = max(1, min(2, batch.count))
            let results = WorkerBitsets(count: workers, bits: turnCount * lanes)
            let previous = shards
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var bits = previous[worker] ?? BitSet(capacity: turnCount * lanes)
                var scratch = DependencyScratch(vertexCount: vertexCount, arcCount: arcCount)
                var lane = 0
                var index = worker
                while index < batch.count {
                    builder.route(batch[index], scratch: &scratch, bits: &bits, record: true, maxLane: &lane)
                    index += workers
                }
                results.store(worker, bits, lane)
            }
            for worker in 0..<workers { shards[worker] = results.take(worker) }
            maxLane = max(maxLane, results.maxLane)
            for shard in shards.compactMap({ $0 }) {
                for index in merged.words.indices { merged.words[index] |= shard.words[index] }
            }
            done = batchEnd
            batchEnd = min(limit, batchEnd * 2)
            cycle = findCycle(bits: merged, turnStart: turnStart, lanes: lanes, rules: rules)
            if cycle != nil { break }
        }
        return ChannelDependencyAnalysis(
            virtualLanes: lanes, lanesNeeded: min(maxLane + 1, ChannelDependencyAnalysis.laneLimit),
            dependencyCount: merged.count, cycle: cycle,
            destinationsChecked: cycle == nil ? done : representatives.count,
            destinationClasses: representatives.count, method: .dependencyGraph,
            lanesNeededIsLowerBound: cycle != nil && done < representatives.count)
    }

    /// Destinations left after mapping every block of a symmetry family (racks, pods) to the family's first block,
    /// for families whose block swaps also keep the routing: every incident arc keeps its up/down direction and the
    /// forwarding of its ends. Dimension-order routing keeps every destination.
    /// - Complexity: O((V + E) log E) per candidate.
    private func symmetryRepresentatives(
        _ destinations: [Int32], candidates: [[Int32]], rules: LaneRules, transit: [Bool],
        routable: [Bool]
    ) -> [Int32] {
        guard !rules.dimensionOrder else { return destinations }
        var best = destinations
        let groups = (0..<vertexCount).map { isAccelerator[$0] ? Int32(0) : -1 }
        let weights = [Double](repeating: 1, count: vertexCount)
        for blockOf in candidates where blockOf.count == vertexCount {
            let families = SymmetryFamilies(graph: self, routable: routable, blockOf: blockOf, groupOf: groups, weight: weights)
            var skipped = [Bool](repeating: false, count: vertexCount)
            for family in families.families {
                guard let first = family.blocks.first, let firstArcs = family.arcs.first else { continue }
                for (block, arcList) in zip(family.blocks.dropFirst(), family.arcs.dropFirst()) {
                    guard block.count == first.count, arcList.count == firstArcs.count else { continue }
                    var keeps = true
                    for (position, vertex) in block.enumerated() where transit[Int(vertex)] != transit[Int(first[position])] { keeps = false }
                    for (arc, counterpart) in zip(arcList, firstArcs) where keeps {
                        let tail = Int(head[Int(reverse[Int(arc)])])
                        let otherTail = Int(head[Int(reverse[Int(counterpart)])])
                        let up = rules.rank[Int(head[Int(arc)])] > rules.rank[tail]
                        let otherUp = rules.rank[Int(head[Int(counterpart)])] > rules.rank[otherTail]
                        if up != otherUp || transit[Int(head[Int(arc)])] != transit[Int(head[Int(counterpart)])] { keeps = false }
                    }
                    guard keeps else { continue }
                    for vertex in block { skipped[Int(vertex)] = true }
                }
            }
            let kept = destinations.filter { !skipped[Int($0)] }
            if kept.count < best.count { best = kept }
        }
        return best
    }

    /// Destinations whose lane count equals the whole graph's under dimension order on a Cayley torus or full mesh
    /// (`TranslationSymmetry`): for each t below the largest size, the vertex with coordinate t mod sᵢ in every
    /// dimension i. Lanes restart at every change of dimension, so the lanes on the dimension-e hops toward d depend
    /// only on the ring of each hop and the wrap links on it; a translation by δ with δₑ = 0 maps the dimension-e hops
    /// toward d onto those toward d + δ and keeps every dimension-e arc's wrap flag (it depends on the arc's e-th
    /// coordinates only). So the most lanes toward d is the maximum over e of a function of dₑ alone, and these
    /// destinations cover every (e, dₑ). Nil unless every arc moves along one dimension and the symmetry is exact.
    /// - Complexity: O(V · d log d + E · D), the symmetry check.
    private func translationDiagonal(rules: LaneRules, routable: [Bool]) -> [Int32]? {
        guard rules.dimensionOrder, rules.provableByLanes, rules.dimensions > 0,
            TranslationSymmetry(
                graph: self, coordinates: rules.flat, dimensions: rules.dimensions, routable: routable,
                groupOf: [Int32](repeating: 0, count: vertexCount), weight: [Double](repeating: 1, count: vertexCount)) != nil
        else { return nil }
        let dimensions = rules.dimensions
        var sizes = [Int](repeating: 1, count: dimensions)
        for vertex in 0..<vertexCount {
            for j in 0..<dimensions { sizes[j] = max(sizes[j], Int(rules.flat[vertex * dimensions + j]) + 1) }
        }
        var stride = [Int](repeating: 1, count: dimensions)
        for j in 1..<max(dimensions, 1) { stride[j] = stride[j - 1] * sizes[j - 1] }
        var vertexOf = [Int32](repeating: -1, count: vertexCount)
        for vertex in 0..<vertexCount {
            var code = 0
            for j in 0..<dimensions { code += Int(rules.flat[vertex * dimensions + j]) * stride[j] }
            vertexOf[code] = Int32(vertex)
        }
        var diagonal: [Int32] = []
        for t in 0..<(sizes.max() ?? 1) {
            var code = 0
            for j in 0..<dimensions { code += (t % sizes[j]) * stride[j] }
            if vertexOf[code] >= 0 { diagonal.append(vertexOf[code]) }
        }
        return Array(Set(diagonal)).sorted()
    }

    /// The first set bit in `from..<to`, if any.
    @inline(__always)
    static func nextSetBit(_ words: [UInt64], from: Int, to: Int) -> Int? {
        var index = from
        while index < to {
            let word = index >> 6
            let shifted = words[word] >> UInt64(index & 63)
            if shifted != 0 {
                let found = index + shifted.trailingZeroBitCount
                return found < to ? found : nil
            }
            index = (word + 1) << 6
        }
        return nil
    }

    /// Iterative depth-first search over channels (arc, lane) for a back edge; returns the cycle it closes.
    /// Dependency bits are lane-major: bit `lane · T + turn` for T turns.
    private func findCycle(bits: BitSet, turnStart: [Int], lanes: Int, rules: LaneRules) -> [ChannelDependencyAnalysis.Channel]? {
        let nodeCount = arcCount * lanes
        let turnCount = turnStart[vertexCount]
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
                // Turns of this in-arc in this lane are contiguous bits (lane-major layout): scan whole words.
                let rowStart = lane * turnCount + turnStart[v] + inIndex * degree
                if cursor < degree, let found = Self.nextSetBit(bits.words, from: rowStart + cursor, to: rowStart + degree) {
                    cursor = found - rowStart + 1
                    let outArc = base + cursor - 1
                    let nextLane = min(rules.next(UInt16(1) << UInt16(lane), from: Int32(arc), to: Int32(outArc)).trailingZeroBitCount, lanes - 1)
                    successor = outArc * lanes + nextLane
                } else {
                    cursor = degree
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

/// Per-thread scratch of one destination's routing.
struct DependencyScratch {
    var distance: [Int32]
    var laneMask: [UInt16]
    var order: [Int32] = []
    var incoming: [Int32] = []
    /// Dimension order: lanes of the in-arcs per dimension slot, not wrapping then wrapping.
    var dimensionLanes: [UInt16] = []

    init(vertexCount: Int, arcCount: Int) {
        distance = [Int32](repeating: -1, count: vertexCount)
        laneMask = [UInt16](repeating: 0, count: arcCount)
    }
}

/// Routes one destination at a time: its shortest-path DAG, the lanes on each DAG arc, and its turns in the CDG.
struct DependencyBuilder: Sendable {
    let graph: CSRGraph
    let rules: LaneRules
    let transit: [Bool]
    let routable: [Bool]
    /// Per destination vertex, bit 0: injects with no prior hop; bit 1: after an up hop; bit 2: after a down hop.
    let injects: [UInt8]
    let turnStart: [Int]
    let lanes: Int
    var turnCount: Int { turnStart[turnStart.count - 1] }

    /// Lanes the valley scheme needs toward `destinations` (both cores); stops early once above `stopAbove`.
    /// - Complexity: O(D·(V + E + T)) without recording turns.
    func lanesNeeded(_ destinations: [Int32], stopAbove: Int) -> Int {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, destinations.count))
        let results = WorkerBitsets(count: workers, bits: 0)
        let stop = StopFlag()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var scratch = DependencyScratch(vertexCount: graph.vertexCount, arcCount: graph.arcCount)
            var none = BitSet(capacity: 0)
            var maxLane = 0
            var index = worker
            while index < destinations.count, !stop.isSet {
                route(destinations[index], scratch: &scratch, bits: &none, record: false, maxLane: &maxLane)
                if maxLane + 1 > stopAbove { stop.set() }
                index += workers
            }
            results.store(worker, none, maxLane)
        }
        return min(results.maxLane + 1, ChannelDependencyAnalysis.laneLimit)
    }

    /// An upper bound on the lanes any path toward `destinations` needs: 1 + the most valleys a path of the longest
    /// routed length can have (a valley is a down hop then an up hop, so n hops hold at most ⌊n/2⌋, and ⌊(n−1)/2⌋
    /// when every path starts with an up hop, as from an accelerator below its switches).
    /// - Complexity: O(D·(V + E)), one breadth-first search per destination, both cores.
    func valleyLaneBound(_ destinations: [Int32], accelerators: [Int32]) -> Int {
        let rank = rules.rank
        var firstUp = true
        for accelerator in accelerators {
            for arc in graph.arcs(from: accelerator) where routable[Int(arc)] && rank[Int(graph.head[Int(arc)])] < rank[Int(accelerator)] {
                firstUp = false
            }
        }
        for vertex in 0..<graph.vertexCount where injects[vertex] & 4 != 0 { firstUp = false }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, destinations.count))
        let results = WorkerBitsets(count: workers, bits: 0)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var scratch = DependencyScratch(vertexCount: graph.vertexCount, arcCount: 0)
            var longest = 0
            var index = worker
            while index < destinations.count {
                let destination = destinations[index]
                index += workers
                for vertex in scratch.order { scratch.distance[Int(vertex)] = -1 }
                scratch.order.removeAll(keepingCapacity: true)
                scratch.distance[Int(destination)] = 0
                scratch.order.append(destination)
                var read = 0
                while read < scratch.order.count {
                    let vertex = scratch.order[read]
                    read += 1
                    let v = Int(vertex)
                    if injects[v] != 0 {
                        // An accelerator injecting at its switch adds its own hop.
                        longest = max(longest, Int(scratch.distance[v]) + (injects[v] & 6 != 0 ? 1 : 0))
                    }
                    if vertex != destination && !transit[v] { continue }
                    for arc in graph.arcs(from: vertex) where routable[Int(graph.reverse[Int(arc)])] {
                        let previous = Int(graph.head[Int(arc)])
                        if !transit[previous] && injects[previous] == 0 { continue }
                        if scratch.distance[previous] < 0 {
                            scratch.distance[previous] = scratch.distance[v] + 1
                            scratch.order.append(Int32(previous))
                        }
                    }
                }
            }
            results.store(worker, BitSet(capacity: 0), longest)
        }
        let hops = results.maxLane
        return 1 + (firstUp ? max(hops - 1, 0) / 2 : hops / 2)
    }

    /// Routes one destination: distances over arcs usable toward it, lanes on each DAG arc (farthest vertices first),
    /// and, with `record`, each turn (in-arc, out-arc, lane) into `bits`.
    func route(_ destination: Int32, scratch: inout DependencyScratch, bits: inout BitSet, record: Bool, maxLane: inout Int) {
        let graph = self.graph
        for vertex in scratch.order { scratch.distance[Int(vertex)] = -1 }
        scratch.order.removeAll(keepingCapacity: true)
        scratch.distance[Int(destination)] = 0
        scratch.order.append(destination)
        var read = 0
        while read < scratch.order.count {
            let vertex = scratch.order[read]
            read += 1
            if vertex != destination && !transit[Int(vertex)] { continue }
            for arc in graph.arcs(from: vertex) where routable[Int(graph.reverse[Int(arc)])] {
                let previous = Int(graph.head[Int(arc)])
                // A vertex that neither forwards nor injects (a single-homed accelerator, injected at its switch) adds
                // no lane and no turn: leave it out of the DAG.
                if !transit[previous] && injects[previous] == 0 { continue }
                if scratch.distance[previous] < 0 {
                    scratch.distance[previous] = scratch.distance[Int(vertex)] + 1
                    scratch.order.append(Int32(previous))
                }
            }
        }
        let rank = rules.rank
        for position in stride(from: scratch.order.count - 1, through: 1, by: -1) {
            let vertex = scratch.order[position]
            let v = Int(vertex)
            let base = graph.arcStart[v]
            let degree = Int(graph.arcStart[v + 1] - base)
            // In-arcs of the DAG with lanes: reverse of v's arcs toward farther vertices (collected once). Under minimal
            // routing, in-arcs from endpoints (no recorded turn) only contribute lanes, which depend on whether the
            // in-arc went up or down: fold them into two masks.
            scratch.incoming.removeAll(keepingCapacity: true)
            var endpointUpLanes: UInt16 = 0
            var endpointDownLanes: UInt16 = 0
            if transit[v] {
                for arc in graph.arcs(from: vertex) {
                    let previous = Int(graph.head[Int(arc)])
                    guard scratch.distance[previous] == scratch.distance[v] + 1 else { continue }
                    let inArc = graph.reverse[Int(arc)]
                    guard routable[Int(inArc)], scratch.laneMask[Int(inArc)] != 0 else { continue }
                    if !transit[previous] && !rules.dimensionOrder {
                        if rank[v] < rank[previous] {
                            endpointDownLanes |= scratch.laneMask[Int(inArc)]
                        } else {
                            endpointUpLanes |= scratch.laneMask[Int(inArc)]
                        }
                        continue
                    }
                    scratch.incoming.append(arc)
                }
            }
            // Without recording, minimal routing's lane rule only asks whether an in-arc went down: fold the in-arcs
            // into two masks (O(in + out) per vertex instead of O(in × out)).
            // Dimension order: the one dimension a hop from v toward the destination may take (-2: any).
            let legalDimension = rules.legalDimension(from: v, toward: Int(destination))
            let folded = !record && !rules.dimensionOrder
            var incomingUp: UInt16 = 0
            var incomingDown: UInt16 = 0
            if folded {
                for arc in scratch.incoming {
                    let lanesIn = scratch.laneMask[Int(graph.reverse[Int(arc)])]
                    if rank[v] < rank[Int(graph.head[Int(arc)])] { incomingDown |= lanesIn } else { incomingUp |= lanesIn }
                }
            }
            // Dimension order without recording: the lane rule only asks an in-arc's dimension and whether it wraps, so
            // fold in-arcs per dimension (slot 0 for arcs along no single dimension).
            let foldedDimensions = !record && rules.dimensionOrder && rules.dimensions < 63
            var dimensionsPresent: UInt64 = 0
            if foldedDimensions {
                let slots = rules.dimensions + 1
                if scratch.dimensionLanes.count < 2 * slots { scratch.dimensionLanes = [UInt16](repeating: 0, count: 2 * slots) }
                for slot in 0..<(2 * slots) { scratch.dimensionLanes[slot] = 0 }
                for arc in scratch.incoming {
                    let inArc = Int(graph.reverse[Int(arc)])
                    let slot = Int(rules.dimension[inArc]) + 1
                    dimensionsPresent |= 1 << UInt64(slot)
                    scratch.dimensionLanes[2 * slot + (rules.wraps[inArc] ? 1 : 0)] |= scratch.laneMask[inArc]
                }
            }
            for outArc in graph.arcs(from: vertex) where routable[Int(outArc)] {
                let next = Int(graph.head[Int(outArc)])
                guard scratch.distance[next] == scratch.distance[v] - 1,
                    legalDimension == -2 || Int(rules.dimension[Int(outArc)]) == legalDimension
                else { continue }
                let outUp = rank[next] > rank[v]
                var mask: UInt16 = 0
                let injected = injects[v]
                if injected & 3 != 0 || (injected & 4 != 0 && !outUp) { mask |= 1 }
                if injected & 4 != 0 && outUp { mask |= 2 }  // a down hop into v from its accelerator, then up
                guard transit[v] else {
                    scratch.laneMask[Int(outArc)] |= mask
                    continue
                }
                mask |= endpointUpLanes
                mask |= outUp ? (endpointDownLanes << 1) | (endpointDownLanes & 0x8000) : endpointDownLanes
                if foldedDimensions {
                    let slot = Int(rules.dimension[Int(outArc)]) + 1
                    // Another dimension restarts at lane 0; the same one keeps the lane, one more after a wrap link.
                    if dimensionsPresent & ~(UInt64(1) << UInt64(slot)) != 0 { mask |= 1 }
                    let wrapped = scratch.dimensionLanes[2 * slot + 1]
                    mask |= scratch.dimensionLanes[2 * slot] | (wrapped << 1) | (wrapped & 0x8000)
                    scratch.laneMask[Int(outArc)] |= mask
                    maxLane = max(maxLane, 15 - mask.leadingZeroBitCount)
                    continue
                }
                if folded {
                    mask |= incomingUp | (outUp ? (incomingDown << 1) | (incomingDown & 0x8000) : incomingDown)
                    scratch.laneMask[Int(outArc)] |= mask
                    maxLane = max(maxLane, 15 - mask.leadingZeroBitCount)
                    continue
                }
                for arc in scratch.incoming {
                    let previous = Int(graph.head[Int(arc)])
                    let inArc = graph.reverse[Int(arc)]
                    let inLanes = scratch.laneMask[Int(inArc)]
                    mask |= rules.next(inLanes, from: inArc, to: outArc)
                    // A channel out of or into a vertex that forwards nothing has no predecessor or successor.
                    guard record, transit[previous], transit[next] else { continue }
                    let turn = turnStart[v] + Int(arc - base) * degree + Int(outArc - base)
                    var remaining = inLanes
                    while remaining != 0 {
                        let lane = remaining.trailingZeroBitCount
                        remaining &= remaining - 1
                        bits.insert(min(lane, lanes - 1) * turnCount + turn)
                    }
                }
                scratch.laneMask[Int(outArc)] |= mask
                maxLane = max(maxLane, 15 - mask.leadingZeroBitCount)
            }
        }
        // Reset lane masks of this destination's DAG.
        for vertex in scratch.order { for arc in graph.arcs(from: vertex) { scratch.laneMask[Int(arc)] = 0 } }
    }
}

/// A flag set once by any worker.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}

/// The lane rule and legality of hops of a `DependencyRouting`.
struct LaneRules: Sendable {
    let graph: CSRGraph
    /// Up/down order (valley rule); for dimension order, the vertex index.
    let rank: [Int64]
    /// Coordinates flattened, `dimensions` per vertex (empty for minimal routing); `hasCoordinates` per vertex.
    let flat: [Int32]
    let dimensions: Int
    let hasCoordinates: [Bool]
    let dimensionOrder: Bool
    /// Whether enough lanes prove the CDG acyclic: always for the valley scheme; for dimension order when every
    /// vertex has coordinates and every arc moves along exactly one dimension.
    let provableByLanes: Bool
    /// Dimension each arc moves along (-1: not a single-dimension hop), and whether it is a ring's wrap link.
    let dimension: [Int16]
    let wraps: [Bool]

    init(graph: CSRGraph, routing: DependencyRouting) {
        self.graph = graph
        switch routing {
        case .minimal(let rank):
            self.rank = rank
            flat = []
            dimensions = 0
            hasCoordinates = []
            dimensionOrder = false
            provableByLanes = true
            dimension = []
            wraps = []
        case .dimensionOrder(let coordinates):
            rank = (0..<graph.vertexCount).map { Int64($0) }
            let dimensions = coordinates.map(\.count).max() ?? 0
            var flat = [Int32](repeating: 0, count: graph.vertexCount * dimensions)
            var present = [Bool](repeating: false, count: graph.vertexCount)
            for (vertex, values) in coordinates.enumerated() where values.count == dimensions && dimensions > 0 {
                present[vertex] = true
                for (index, value) in values.enumerated() { flat[vertex * dimensions + index] = Int32(truncatingIfNeeded: value) }
            }
            self.flat = flat
            self.dimensions = dimensions
            self.hasCoordinates = present
            dimensionOrder = true
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
            provableByLanes = !present.contains(false) && !dimension.contains(-1)
        }
    }

    /// The dimension of the hops from `vertex` toward `destination` under dimension order (the lowest differing one),
    /// or -2 when any hop is allowed (minimal routing, a vertex without coordinates, or the destination's coordinates).
    @inline(__always)
    func legalDimension(from vertex: Int, toward destination: Int) -> Int {
        guard dimensionOrder, hasCoordinates[vertex], hasCoordinates[destination] else { return -2 }
        let here = vertex * dimensions
        let target = destination * dimensions
        for index in 0..<dimensions where flat[here + index] != flat[target + index] { return index }
        return -2
    }

    /// The lanes on `outArc` of packets arriving on `inArc` in `lanes` (a bitmask; lane 15 absorbs overflow).
    @inline(__always)
    func next(_ lanes: UInt16, from inArc: Int32, to outArc: Int32) -> UInt16 {
        if dimensionOrder {
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

    /// The set stored by `worker`.
    func take(_ worker: Int) -> BitSet? {
        lock.lock()
        defer { lock.unlock() }
        return sets[worker]
    }

    /// The highest lane any worker reached.
    var maxLane: Int {
        lock.lock()
        defer { lock.unlock() }
        return lanes.max() ?? 0
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
