import FabricModel

/// The channel-dependency graph of Valiant and UGAL routing, built rather than argued.
///
/// A Valiant path is two minimal legs, source → intermediate and intermediate → destination, each routed and laned by
/// the minimal routing's rule (`DependencyRouting`: valley lanes, or dimension order with dateline lanes). The second
/// leg runs in lanes of its own (the phase switch at the intermediate, Kim et al. 2008 for dragonflies): with V
/// declared lanes the first leg takes lanes 0 ..< L₁ (L₁ = the lanes it needs, at most V − 1) and the second L₁ ..< V;
/// lanes beyond a leg's share stay in its last lane, which is where a cycle can then form. UGAL adds the minimal
/// paths between members, in the first leg's lanes. The CDG is the union of every leg's turns plus, at each
/// intermediate, every (arrival channel of leg 1, departure channel of leg 2) pair of some packet, i.e. unless every
/// route arriving on the channel comes from the one device every route leaving on the other goes to (a packet's source
/// is not its destination: on a full mesh, no U-turn at the intermediate); it is acyclic iff the routing is
/// deadlock-free (Dally and Seitz 1987).
///
/// Detour routing (`DetourRouting`) is the same leg pair with the first leg one hop to an intermediate m no farther
/// from the destination d than the source s: the minimal paths in the first lanes, leg 2 from every relaying member,
/// and the lane switch from (s → m, lane 0) to every first hop of leg 2 from m toward a d with dist(s, d) = dist(m, d).
struct PhasedDependencies {
    /// Sorted, distinct dependencies `from << 32 | to` over channels `arc × 16 + lane`.
    var pairs: [UInt64]
    /// Lanes each leg needs without a cap (first, second).
    var needed: (Int, Int)
    /// Destinations routed over both legs.
    var destinations: Int
}

extension CSRGraph {
    /// The CDG of Valiant (or, with `minimalPaths`, UGAL; with `detour`, detour routing) and a cycle in it; nil when
    /// its work (legs' destinations × (V + E + Σ deg²)) exceeds `workBudget`.
    /// - Complexity: O((|members| + |intermediates|) × (V + E + Σ deg² × lanes)) to build, O(16 E + D) to search.
    /// Intermediates are those Valiant routes through (`NonMinimalRouting.intermediates`); for detour, the members that
    /// relay.
    public func phasedChannelDependencies(
        routing: DependencyRouting, virtualLanes: Int, members: [Int32], forwarding: [Bool]?, minimalPaths: Bool,
        detour: Bool = false, workBudget: Double = .infinity
    ) -> ChannelDependencyAnalysis? {
        let intermediates =
            detour
            ? members.filter { (forwarding?[Int($0)] ?? true) && mayRelay(Int($0)) }
            : NonMinimalRouting.intermediates(graph: self, members: members, mask: nil)
        var squares = 0.0
        for vertex in 0..<vertexCount {
            let degree = Double(arcStart[vertex + 1] - arcStart[vertex])
            squares += degree * degree
        }
        let work = Double(members.count + intermediates.count) * (Double(vertexCount + arcCount) + squares)
        guard work <= workBudget else { return nil }
        let built = phasedDependencies(
            routing: routing, virtualLanes: virtualLanes, members: members, intermediates: intermediates,
            forwarding: forwarding, minimalPaths: minimalPaths || detour, detour: detour)
        let cycle = Self.dependencyCycle(built.pairs, arcCount: arcCount * 16)
        return ChannelDependencyAnalysis(
            virtualLanes: max(1, virtualLanes), lanesNeeded: min(built.needed.0 + built.needed.1, ChannelDependencyAnalysis.laneLimit),
            dependencyCount: built.pairs.count,
            cycle: cycle?.map { ChannelDependencyAnalysis.Channel(arc: $0 / 16, lane: Int($0 % 16)) },
            destinationsChecked: built.destinations, destinationClasses: built.destinations, method: .dependencyGraph,
            lanesNeededIsLowerBound: false)
    }

    /// The dependencies of both legs with the lane switch at the intermediates (see `PhasedDependencies`).
    func phasedDependencies(
        routing: DependencyRouting, virtualLanes: Int, members: [Int32], intermediates: [Int32], forwarding: [Bool]?,
        minimalPaths: Bool, detour: Bool = false
    ) -> PhasedDependencies {
        let rules = LaneRules(graph: self, routing: routing)
        let transit = forwarding ?? [Bool](repeating: true, count: vertexCount)
        var isMember = [Bool](repeating: false, count: vertexCount)
        for vertex in members { isMember[Int(vertex)] = true }
        var isVia = [Bool](repeating: false, count: vertexCount)
        for vertex in intermediates { isVia[Int(vertex)] = true }
        // Leg 1 (and UGAL's minimal paths) and leg 2 in lanes relative to their leg; arrivals at and departures from
        // intermediates for the phase switch.
        var walker = LegWalker(graph: self, rules: rules, transit: transit)
        var first: [UInt64] = []
        // Per (arc into an intermediate, lane): the one source of the routes arriving there (-2: several, -1: none);
        // per arc out of an intermediate: the one destination of the routes leaving on it.
        var arrivals = [Int32](repeating: -1, count: arcCount * 16)
        var departures = [Int32](repeating: -1, count: arcCount)
        var noArrivals: [Int32] = []
        var noDepartures: [Int32] = []
        // A detour's first leg is one hop: no turns; its arrivals are handled by `detourSwitches`.
        var needed1 = detour ? 1 : walker.leg(sources: isMember, targets: intermediates, pairs: &first, arrivals: &arrivals, departures: &noDepartures)
        if minimalPaths {
            needed1 = max(needed1, walker.leg(sources: isMember, targets: members, pairs: &first, arrivals: &noArrivals, departures: &noDepartures))
        }
        var second: [UInt64] = []
        let needed2 = walker.leg(sources: isVia, targets: members, pairs: &second, arrivals: &noArrivals, departures: &departures)
        // Lane shares: leg 1 gets the lanes it needs (at most V − 1), leg 2 the rest; one lane: both share lane 0.
        let lanes = max(1, min(virtualLanes, 16))
        let share1 = lanes >= 2 ? max(1, min(needed1, lanes - 1)) : 1
        let base2 = lanes >= 2 ? share1 : 0
        func absolute(_ channel: UInt64, base: Int, top: Int) -> UInt64 {
            (channel / 16) * 16 + UInt64(min(base + Int(channel % 16), top))
        }
        var pairs: [UInt64] = []
        pairs.reserveCapacity(first.count + second.count)
        for pair in first {
            pairs.append((absolute(pair >> 32, base: 0, top: share1 - 1) << 32) | absolute(pair & 0xffff_ffff, base: 0, top: share1 - 1))
        }
        for pair in second {
            pairs.append((absolute(pair >> 32, base: base2, top: lanes - 1) << 32) | absolute(pair & 0xffff_ffff, base: base2, top: lanes - 1))
        }
        // The phase switch: a packet arriving at intermediate i on arc a (leg-1 lane) leaves on arc b in leg 2's first lane.
        for via in intermediates {
            for arc in arcs(from: via) {
                let inArc = Int(reverse[Int(arc)])
                for lane in 0..<16 where arrivals[inArc * 16 + lane] != -1 {
                    let source = arrivals[inArc * 16 + lane]
                    let from = absolute(UInt64(inArc) * 16 + UInt64(lane), base: 0, top: share1 - 1)
                    for outArc in arcs(from: via) where departures[Int(outArc)] != -1 {
                        guard source < 0 || departures[Int(outArc)] != source else { continue }
                        pairs.append((from << 32) | (UInt64(outArc) * 16 + UInt64(base2)))
                    }
                }
            }
        }
        if detour { walker.detourSwitches(members: members, isMember: isMember, isVia: isVia, base2: UInt64(base2), pairs: &pairs) }
        pairs.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(pairs.count)
        for pair in pairs where unique.last != pair { unique.append(pair) }
        return PhasedDependencies(
            pairs: unique, needed: (needed1, needed2), destinations: intermediates.count + members.count)
    }
}

/// Routes one leg of a phased routing destination by destination: the minimal DAG toward each target, lanes relative
/// to the leg (`LaneRules.next`), and every turn as a dependency.
private struct LegWalker {
    let graph: CSRGraph
    let rules: LaneRules
    let transit: [Bool]
    let routable: [Bool]
    var distance: [Int32]
    var laneMask: [UInt16]
    /// Per (arc, lane) of the current target's DAG: the one source whose routes use it (-2: several, -1: none).
    var origin: [Int32]
    var order: [Int32] = []

    init(graph: CSRGraph, rules: LaneRules, transit: [Bool]) {
        self.graph = graph
        self.rules = rules
        self.transit = transit
        routable = graph.routableArcs(under: nil)
        distance = [Int32](repeating: -1, count: graph.vertexCount)
        laneMask = [UInt16](repeating: 0, count: graph.arcCount)
        origin = [Int32](repeating: -1, count: graph.arcCount * 16)
    }

    /// One source, or -2 once two differ (-1: none yet).
    static func merged(_ a: Int32, _ b: Int32) -> Int32 { a == -1 ? b : b == -1 || a == b ? a : -2 }

    /// Appends the turns `(in-arc, lane) → (out-arc, lane)` of every path from a source to each target (lanes relative
    /// to the leg); `arrivals[a × 16 + lane]` collects the source of the routes arriving at their target on (a, lane),
    /// `departures[b]` the target of the routes leaving a source on b (each only when not empty; -2: several).
    /// Returns the lanes the leg needs.
    /// - Complexity: O(targets × (V + E + Σ in-deg × out-deg × lanes)).
    mutating func leg(sources: [Bool], targets: [Int32], pairs: inout [UInt64], arrivals: inout [Int32], departures: inout [Int32]) -> Int {
        var needed = 1
        for target in targets {
            breadthFirst(toward: target, sources: sources)
            for position in stride(from: order.count - 1, through: 1, by: -1) {
                let v = Int(order[position])
                let legal = rules.legalDimension(from: v, toward: Int(target))
                for outArc in graph.arcs(from: Int32(v)) where routable[Int(outArc)] {
                    let next = Int(graph.head[Int(outArc)])
                    guard distance[next] == distance[v] - 1, legal == -2 || Int(rules.dimension[Int(outArc)]) == legal else { continue }
                    var mask: UInt16 = sources[v] ? 1 : 0
                    if sources[v] {
                        origin[Int(outArc) * 16] = Self.merged(origin[Int(outArc) * 16], Int32(v))
                        if !departures.isEmpty { departures[Int(outArc)] = Self.merged(departures[Int(outArc)], target) }
                    }
                    if transit[v] { mask |= turns(into: v, out: outArc, pairs: &pairs) }
                    laneMask[Int(outArc)] |= mask
                    needed = max(needed, 16 - mask.leadingZeroBitCount)
                    guard next == Int(target), !arrivals.isEmpty else { continue }
                    for lane in 0..<16 where mask & (1 << UInt16(lane)) != 0 {
                        let slot = Int(outArc) * 16 + lane
                        arrivals[slot] = Self.merged(arrivals[slot], origin[slot])
                    }
                }
            }
            for vertex in order {
                for arc in graph.arcs(from: vertex) {
                    laneMask[Int(arc)] = 0
                    for lane in 0..<16 { origin[Int(arc) * 16 + lane] = -1 }
                }
            }
        }
        return needed
    }

    /// The lane switch of detour routing: for each target d and intermediate m, every arrival (s → m, lane 0) from a
    /// member s with dist(s, d) = dist(m, d) depends on every first hop of leg 2 from m toward d (lane `base2`).
    /// - Complexity: O(members × (V + E + Σ deg²)).
    mutating func detourSwitches(members: [Int32], isMember: [Bool], isVia: [Bool], base2: UInt64, pairs: inout [UInt64]) {
        var departures: [Int32] = []
        for target in members {
            breadthFirst(toward: target, sources: isMember)
            for via in order where isVia[Int(via)] && via != target {
                let v = Int(via)
                let legal = rules.legalDimension(from: v, toward: Int(target))
                departures.removeAll(keepingCapacity: true)
                for outArc in graph.arcs(from: via) where routable[Int(outArc)] {
                    let next = Int(graph.head[Int(outArc)])
                    guard distance[next] == distance[v] - 1, legal == -2 || Int(rules.dimension[Int(outArc)]) == legal else { continue }
                    departures.append(outArc)
                }
                for arc in graph.arcs(from: via) {
                    let inArc = graph.reverse[Int(arc)]
                    let source = Int(graph.head[Int(arc)])
                    guard routable[Int(inArc)], isMember[source], distance[source] == distance[v] else { continue }
                    for outArc in departures { pairs.append((UInt64(inArc) * 16) << 32 | (UInt64(outArc) * 16 + base2)) }
                }
            }
        }
    }

    /// The lanes on `outArc` of packets that reached `v` on its DAG in-arcs, recording each turn.
    private mutating func turns(into v: Int, out outArc: Int32, pairs: inout [UInt64]) -> UInt16 {
        var mask: UInt16 = 0
        for arc in graph.arcs(from: Int32(v)) {
            let inArc = graph.reverse[Int(arc)]
            let lanesIn = laneMask[Int(inArc)]
            guard lanesIn != 0, distance[Int(graph.head[Int(arc)])] == distance[v] + 1 else { continue }
            var remaining = lanesIn
            while remaining != 0 {
                let lane = remaining.trailingZeroBitCount
                remaining &= remaining - 1
                let outLane = rules.next(1 << UInt16(lane), from: inArc, to: outArc).trailingZeroBitCount
                mask |= 1 << UInt16(outLane)
                let slot = Int(outArc) * 16 + outLane
                origin[slot] = Self.merged(origin[slot], origin[Int(inArc) * 16 + lane])
                pairs.append(((UInt64(inArc) * 16 + UInt64(lane)) << 32) | (UInt64(outArc) * 16 + UInt64(outLane)))
            }
        }
        return mask
    }

    /// Distances toward `target` over vertices that forward (sources enter but only transit vertices pass on).
    private mutating func breadthFirst(toward target: Int32, sources: [Bool]) {
        graph.hopDistances(toward: target, routable: routable, passes: transit, enters: sources, distance: &distance, order: &order)
    }
}

extension CSRGraph {
    /// Hop distances toward `target` over arcs that carry traffic (`routable`): a vertex passes traffic on when
    /// `passes` says so, and a vertex that does not may still start a path when `enters` says so (nil: any vertex);
    /// -1 where unreachable. `order` lists the reached vertices and resets `distance` on the next call.
    /// - Complexity: O(V + E) (breadth-first search on the reversed arcs).
    func hopDistances(toward target: Int32, routable: [Bool], passes: [Bool], enters: [Bool]?, distance: inout [Int32], order: inout [Int32]) {
        for vertex in order { distance[Int(vertex)] = -1 }
        order.removeAll(keepingCapacity: true)
        distance[Int(target)] = 0
        order.append(target)
        var read = 0
        while read < order.count {
            let vertex = order[read]
            read += 1
            if vertex != target && !passes[Int(vertex)] { continue }
            for arc in arcs(from: vertex) where routable[Int(reverse[Int(arc)])] {
                let previous = Int(head[Int(arc)])
                guard passes[previous] || (enters?[previous] ?? true), distance[previous] < 0 else { continue }
                distance[previous] = distance[Int(vertex)] + 1
                order.append(Int32(previous))
            }
        }
    }
}
