import FabricModel

/// How traffic picks its paths. Every scheme splits equally per hop over its allowed next hops (as switches hash
/// flows over ports), parallel cables counted as separate next hops.
public enum Router: Sendable, Equatable {
    /// Shortest paths in hops, equal split per hop over every next hop on a shortest path (ECMP).
    case ecmp
    /// Up*/down* (Schroeder et al. 1991, Autonet): a legal path climbs zero or more up arcs, then descends; shortest
    /// legal paths, equal split per hop. An arc is up when its head ranks higher by (tier, device index).
    case upDown(tiers: [Int32])
    /// Dimension-order routing for tori, meshes and full meshes: correct the lowest differing coordinate first,
    /// along that dimension only (ring, line or direct hop), equal split on ties. `coordinates` is flattened,
    /// `dimensions` per vertex; a vertex without coordinates has -1 in every slot.
    case dimensionOrder(coordinates: [Int32], dimensions: Int)
    /// Imported forwarding tables: one next hop per switch and destination address (`ForwardingPlan`).
    case tables(ForwardingPlan)

    /// The scheme's command-line name.
    public var name: String {
        switch self {
        case .ecmp: return "ecmp"
        case .upDown: return "updown"
        case .dimensionOrder: return "dor"
        case .tables: return "tables"
        }
    }
}

extension CSRGraph {
    /// Hop distances from `source` over usable arcs, passing only through vertices that relay (-1 when unreachable).
    /// - Complexity: O(V + E), breadth-first search.
    public func hopDistances(from source: Int32, under mask: FailureMask? = nil) -> [Int32] {
        let routable = routableArcs(under: mask)
        var distance = [Int32](repeating: -1, count: vertexCount)
        if let mask, mask.devices[Int(source)] { return distance }
        distance[Int(source)] = 0
        var queue: [Int32] = [source]
        var read = 0
        while read < queue.count {
            let v = queue[read]
            read += 1
            if v != source && !mayRelay(Int(v)) { continue }
            for arc in arcs(from: v) where routable[Int(arc)] {
                let w = Int(head[Int(arc)])
                if distance[w] < 0 {
                    distance[w] = distance[Int(v)] + 1
                    queue.append(Int32(w))
                }
            }
        }
        return distance
    }

    /// Whether each arc can carry traffic: usable under the mask and with positive capacity in its direction. A cable
    /// with capacity 0 both ways (a link without a bandwidth in a design where others have one) is still a path:
    /// routes and hop counts use it, while every bit/s figure (utilization, flows, bisection) leaves it out.
    /// - Complexity: O(E).
    public func routableArcs(under mask: FailureMask?) -> [Bool] {
        var result = aliveArcs(under: mask)
        for arc in 0..<arcCount where capacity[arc] <= 0 && capacity[Int(reverse[arc])] > 0 { result[arc] = false }
        return result
    }
}

/// Per-thread scratch for one destination at a time: distances, path counts, next-hop counts, flow per state.
struct RoutingWorkspace {
    var distance: [Int32]
    var sigma: [Double]
    var nextHops: [Int32]
    var inflow: [Double]
    var order: [Int32]
    var arcLoad: [Double]

    init(states: Int, arcs: Int) {
        distance = [Int32](repeating: -1, count: states)
        sigma = [Double](repeating: 0, count: states)
        nextHops = [Int32](repeating: 0, count: states)
        inflow = [Double](repeating: 0, count: states)
        order = []
        order.reserveCapacity(states)
        arcLoad = [Double](repeating: 0, count: arcs)
    }
}

/// Per-destination statistics accumulated by a pass.
struct PassStatistics {
    var hopHistogram: [Int] = []
    var unroutedPairs = 0
    var unroutedDemand = 0.0
    var routedPairs = 0
    var pathCountSum = 0.0
    var minPathCount = Double.infinity

    mutating func record(hops: Int32, paths: Double) {
        let index = Int(hops)
        if index >= hopHistogram.count { hopHistogram += [Int](repeating: 0, count: index + 1 - hopHistogram.count) }
        hopHistogram[index] += 1
        routedPairs += 1
        pathCountSum += paths
        if paths < minPathCount { minPathCount = paths }
    }

    mutating func add(_ other: PassStatistics, times: Int) {
        if other.hopHistogram.count > hopHistogram.count {
            hopHistogram += [Int](repeating: 0, count: other.hopHistogram.count - hopHistogram.count)
        }
        for (index, count) in other.hopHistogram.enumerated() { hopHistogram[index] += count * times }
        unroutedPairs += other.unroutedPairs * times
        unroutedDemand += other.unroutedDemand * Double(times)
        routedPairs += other.routedPairs * times
        pathCountSum += other.pathCountSum * Double(times)
        minPathCount = min(minPathCount, other.minPathCount)
    }
}

/// Dimension-order routing data prepared once: coordinates, and per dimension its size and kind.
struct DimensionOrderPlan {
    enum Kind { case line, ring, full }
    let coordinates: [Int32]
    let dimensions: Int
    let sizes: [Int32]
    let kinds: [Kind]

    init(graph: CSRGraph, routable: [Bool], coordinates: [Int32], dimensions: Int) {
        self.coordinates = coordinates
        self.dimensions = dimensions
        var sizes = [Int32](repeating: 0, count: dimensions)
        for vertex in 0..<graph.vertexCount where coordinates[vertex * dimensions] >= 0 {
            for j in 0..<dimensions { sizes[j] = max(sizes[j], coordinates[vertex * dimensions + j] + 1) }
        }
        var wraps = [Bool](repeating: false, count: dimensions)
        var long = [Bool](repeating: false, count: dimensions)
        for vertex in 0..<graph.vertexCount where coordinates[vertex * dimensions] >= 0 {
            for arc in graph.arcs(from: Int32(vertex)) where routable[Int(arc)] {
                let w = Int(graph.head[Int(arc)])
                guard coordinates[w * dimensions] >= 0 else { continue }
                var differing = -1
                var count = 0
                for j in 0..<dimensions where coordinates[vertex * dimensions + j] != coordinates[w * dimensions + j] {
                    differing = j
                    count += 1
                }
                guard count == 1 else { continue }
                let a = coordinates[vertex * dimensions + differing]
                let b = coordinates[w * dimensions + differing]
                let delta = abs(a - b)
                if delta >= 2 {
                    if delta == sizes[differing] - 1 && sizes[differing] > 2 { wraps[differing] = true } else { long[differing] = true }
                }
            }
        }
        self.sizes = sizes
        self.kinds = (0..<dimensions).map { long[$0] ? .full : (wraps[$0] ? .ring : .line) }
    }

    @inline(__always)
    func distance(_ a: Int32, _ b: Int32, dimension j: Int) -> Int32 {
        if a == b { return 0 }
        switch kinds[j] {
        case .full: return 1
        case .line: return abs(a - b)
        case .ring:
            let delta = abs(a - b)
            return min(delta, sizes[j] - delta)
        }
    }

    /// Total dimension-order distance from `v` to `d`, -1 when either lacks coordinates.
    func distance(from v: Int, to d: Int) -> Int32 {
        guard coordinates[v * dimensions] >= 0, coordinates[d * dimensions] >= 0 else { return -1 }
        var total: Int32 = 0
        for j in 0..<dimensions {
            total += distance(coordinates[v * dimensions + j], coordinates[d * dimensions + j], dimension: j)
        }
        return total
    }

    /// Whether `arc` from `v` is a dimension-order next hop toward `d`.
    func isNextHop(graph: CSRGraph, from v: Int, arc: Int, toward d: Int) -> Bool {
        let w = Int(graph.head[arc])
        guard coordinates[w * dimensions] >= 0, w == d || graph.mayRelay(w) else { return false }
        var first = -1
        for j in 0..<dimensions where coordinates[v * dimensions + j] != coordinates[d * dimensions + j] {
            first = j
            break
        }
        guard first >= 0 else { return false }
        for j in 0..<dimensions where j != first && coordinates[w * dimensions + j] != coordinates[v * dimensions + j] {
            return false
        }
        let target = coordinates[d * dimensions + first]
        let here = distance(coordinates[v * dimensions + first], target, dimension: first)
        let there = distance(coordinates[w * dimensions + first], target, dimension: first)
        return there == here - 1
    }
}

extension CSRGraph {
    /// One destination under ECMP: reverse BFS from `destination` (distances, shortest-path counts and next-hop
    /// counts in the same scan), then one accumulation pass in decreasing distance pushing each vertex's flow equally
    /// over its next hops. `work.inflow` holds the injected demand on entry; loads land in `work.arcLoad`.
    /// - Complexity: O(V + E): each arc is scanned twice.
    func ecmpPass(destination: Int32, routable: [Bool], allRoutable: Bool, sources: [Int32], work: inout RoutingWorkspace, statistics: inout PassStatistics) {
        let d = Int(destination)
        let relayAll = allRelay
        work.order.removeAll(keepingCapacity: true)
        head.withUnsafeBufferPointer { head in
            reverse.withUnsafeBufferPointer { reverse in
                arcStart.withUnsafeBufferPointer { start in
                    routable.withUnsafeBufferPointer { routable in
                        work.distance.withUnsafeMutableBufferPointer { distance in
                            work.sigma.withUnsafeMutableBufferPointer { sigma in
                                work.nextHops.withUnsafeMutableBufferPointer { nextHops in
                                    relays.withUnsafeBufferPointer { relays in
                                        distance[d] = 0
                                        sigma[d] = 1
                                        nextHops[d] = 0
                                        work.order.append(destination)
                                        var read = 0
                                        while read < work.order.count {
                                            let w = Int(work.order[read])
                                            read += 1
                                            // A vertex that does not relay is a source only: nothing reaches the destination through it.
                                            if !relayAll && w != d && !relays[w] { continue }
                                            let level = distance[w] + 1
                                            let sigmaW = sigma[w]
                                            for arc in Int(start[w])..<Int(start[w + 1]) where allRoutable || routable[Int(reverse[arc])] {
                                                let x = Int(head[arc])
                                                let known = distance[x]
                                                if known < 0 {
                                                    distance[x] = level
                                                    nextHops[x] = 1
                                                    sigma[x] = sigmaW
                                                    work.order.append(Int32(x))
                                                } else if known == level {
                                                    nextHops[x] += 1
                                                    sigma[x] += sigmaW
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for source in sources {
            let s = Int(source)
            let hops = work.distance[s]
            if hops > 0 {
                statistics.record(hops: hops, paths: work.sigma[s])
            } else if s != d {
                statistics.unroutedPairs += 1
                statistics.unroutedDemand += work.inflow[s]
                work.inflow[s] = 0
            }
        }
        head.withUnsafeBufferPointer { head in
            arcStart.withUnsafeBufferPointer { start in
                routable.withUnsafeBufferPointer { routable in
                    work.distance.withUnsafeMutableBufferPointer { distance in
                        work.nextHops.withUnsafeMutableBufferPointer { nextHops in
                            work.inflow.withUnsafeMutableBufferPointer { inflow in
                                work.arcLoad.withUnsafeMutableBufferPointer { load in
                                    work.order.withUnsafeBufferPointer { order in
                                        relays.withUnsafeBufferPointer { relays in
                                            var index = order.count - 1
                                            while index > 0 {
                                                let v = Int(order[index])
                                                index -= 1
                                                let flow = inflow[v]
                                                if flow == 0 { continue }
                                                let share = flow / Double(nextHops[v])
                                                let below = distance[v] - 1
                                                for arc in Int(start[v])..<Int(start[v + 1]) where allRoutable || routable[arc] {
                                                    let w = Int(head[arc])
                                                    if distance[w] == below && (relayAll || below == 0 || relays[w]) {
                                                        load[arc] += share
                                                        inflow[w] += share
                                                    }
                                                }
                                            }
                                            for vertex in order {
                                                distance[Int(vertex)] = -1
                                                inflow[Int(vertex)] = 0
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One destination under up*/down*: the same two passes over the state graph (vertex, phase), phase 0 while
    /// the path may still climb and 1 once it has descended.
    /// - Complexity: O(V + E).
    func upDownPass(destination: Int32, routable: [Bool], rank: [Int64], sources: [Int32], work: inout RoutingWorkspace, statistics: inout PassStatistics) {
        let d = Int(destination)
        work.order.removeAll(keepingCapacity: true)
        for state in [2 * d, 2 * d + 1] {
            work.distance[state] = 0
            work.sigma[state] = 1
            work.nextHops[state] = 0
            work.order.append(Int32(state))
        }
        var read = 0
        while read < work.order.count {
            let state = Int(work.order[read])
            read += 1
            let w = state >> 1
            let phase = state & 1
            if w != d && !mayRelay(w) { continue }
            let level = work.distance[state] + 1
            for arc in Int(arcStart[w])..<Int(arcStart[w + 1]) where routable[Int(reverse[arc])] {
                let x = Int(head[arc])
                let up = rank[w] > rank[x]
                // Predecessor states of (w, phase) along x→w.
                for predecessorPhase in 0...1 {
                    let allowed = phase == 0 ? (up && predecessorPhase == 0) : !up
                    guard allowed else { continue }
                    let p = 2 * x + predecessorPhase
                    let known = work.distance[p]
                    if known < 0 {
                        work.distance[p] = level
                        work.nextHops[p] = 1
                        work.sigma[p] = work.sigma[state]
                        work.order.append(Int32(p))
                    } else if known == level {
                        work.nextHops[p] += 1
                        work.sigma[p] += work.sigma[state]
                    }
                }
            }
        }
        // Injections arrive indexed by vertex; move them to the climbing state (2s) of each source.
        let injected = sources.map { work.inflow[Int($0)] }
        for source in sources { work.inflow[Int(source)] = 0 }
        for (position, source) in sources.enumerated() {
            let s = Int(source)
            let flow = injected[position]
            let hops = work.distance[2 * s]
            if hops > 0 {
                statistics.record(hops: hops, paths: work.sigma[2 * s])
                work.inflow[2 * s] += flow
            } else if s != d {
                statistics.unroutedPairs += 1
                statistics.unroutedDemand += flow
            }
        }
        var index = work.order.count - 1
        while index >= 2 {
            let state = Int(work.order[index])
            index -= 1
            let flow = work.inflow[state]
            if flow == 0 { continue }
            let v = state >> 1
            let phase = state & 1
            let share = flow / Double(work.nextHops[state])
            let below = work.distance[state] - 1
            for arc in Int(arcStart[v])..<Int(arcStart[v + 1]) where routable[arc] {
                let w = Int(head[arc])
                let up = rank[w] > rank[v]
                if phase == 1 && up { continue }
                if w != d && !mayRelay(w) { continue }
                let next = 2 * w + (up ? 0 : 1)
                if work.distance[next] == below {
                    work.arcLoad[arc] += share
                    work.inflow[next] += share
                }
            }
        }
        for state in work.order {
            work.distance[Int(state)] = -1
            work.inflow[Int(state)] = 0
        }
    }

    /// One destination under dimension-order routing: vertices sorted by their dimension-order distance, path counts
    /// upward, flow downward. Flow at a vertex with no next hop (a failed link on the route) is dropped and counted.
    /// - Complexity: O(V + E) plus a counting sort by distance.
    func dimensionOrderPass(
        destination: Int32, plan: DimensionOrderPlan, routable: [Bool], sources: [Int32], work: inout RoutingWorkspace, statistics: inout PassStatistics
    ) {
        let d = Int(destination)
        work.order.removeAll(keepingCapacity: true)
        var maxDistance: Int32 = 0
        for vertex in 0..<vertexCount {
            let value = plan.distance(from: vertex, to: d)
            work.distance[vertex] = value
            if value > maxDistance { maxDistance = value }
        }
        // Counting sort by distance (ascending).
        var bucketStart = [Int](repeating: 0, count: Int(maxDistance) + 2)
        for vertex in 0..<vertexCount where work.distance[vertex] >= 0 { bucketStart[Int(work.distance[vertex]) + 1] += 1 }
        for index in 1..<bucketStart.count { bucketStart[index] += bucketStart[index - 1] }
        var sorted = [Int32](repeating: 0, count: bucketStart.last ?? 0)
        var fill = bucketStart
        for vertex in 0..<vertexCount where work.distance[vertex] >= 0 {
            sorted[fill[Int(work.distance[vertex])]] = Int32(vertex)
            fill[Int(work.distance[vertex])] += 1
        }
        for vertex in sorted {
            let v = Int(vertex)
            if v == d {
                work.sigma[v] = 1
                continue
            }
            var paths = 0.0
            var hops: Int32 = 0
            for arc in Int(arcStart[v])..<Int(arcStart[v + 1]) where routable[arc] && plan.isNextHop(graph: self, from: v, arc: arc, toward: d) {
                paths += work.sigma[Int(head[arc])]
                hops += 1
            }
            work.sigma[v] = paths
            work.nextHops[v] = hops
        }
        for source in sources {
            let s = Int(source)
            if s == d { continue }
            if work.distance[s] > 0 && work.sigma[s] > 0 {
                statistics.record(hops: work.distance[s], paths: work.sigma[s])
            } else {
                statistics.unroutedPairs += 1
                statistics.unroutedDemand += work.inflow[s]
                work.inflow[s] = 0
            }
        }
        for vertex in sorted.reversed() {
            let v = Int(vertex)
            let flow = work.inflow[v]
            if v == d || flow == 0 { continue }
            if work.nextHops[v] == 0 || work.sigma[v] == 0 {
                statistics.unroutedDemand += flow
                continue
            }
            // Only next hops that still reach the destination share the flow.
            var live: Int32 = 0
            for arc in Int(arcStart[v])..<Int(arcStart[v + 1])
            where routable[arc] && plan.isNextHop(graph: self, from: v, arc: arc, toward: d) && work.sigma[Int(head[arc])] > 0 {
                live += 1
            }
            let share = flow / Double(live)
            for arc in Int(arcStart[v])..<Int(arcStart[v + 1])
            where routable[arc] && plan.isNextHop(graph: self, from: v, arc: arc, toward: d) && work.sigma[Int(head[arc])] > 0 {
                work.arcLoad[arc] += share
                work.inflow[Int(head[arc])] += share
            }
        }
        for vertex in 0..<vertexCount {
            work.distance[vertex] = -1
            work.inflow[vertex] = 0
            work.sigma[vertex] = 0
            work.nextHops[vertex] = 0
        }
    }
}

extension CSRGraph {
    /// Bounds on the hop diameter among live accelerators of one component without all-pairs work: with
    /// e(r) = the largest distance from accelerator r to another accelerator, e(r) ≤ D ≤ 2·e(r) (triangle
    /// inequality through r); a second sweep from the farthest accelerator raises the lower bound (double sweep,
    /// Magnien–Latapy–Habib 2009). Nil with fewer than two accelerators reachable from the first.
    /// - Complexity: O(V + E), two BFS.
    public func acceleratorDiameterBounds(under mask: FailureMask? = nil) -> (lower: Int, upper: Int)? {
        let members = aliveAccelerators(under: mask)
        guard let first = members.first else { return nil }
        func eccentricity(_ source: Int32) -> (Int, Int32) {
            let distance = hopDistances(from: source, under: mask)
            var best = 0
            var farthest = source
            for vertex in members where Int(distance[Int(vertex)]) > best {
                best = Int(distance[Int(vertex)])
                farthest = vertex
            }
            return (best, farthest)
        }
        let (firstEccentricity, farthest) = eccentricity(first)
        guard firstEccentricity > 0 else { return nil }
        let (second, _) = eccentricity(farthest)
        return (max(firstEccentricity, second), 2 * firstEccentricity)
    }
}
