import FabricModel

/// Imported forwarding tables (`ForwardingState`) resolved to the arcs of one graph: per table row and destination
/// column, the arc the switch forwards on. One plan serves routing (loads, hops), connectivity under failures (which
/// destinations a dead next hop cuts off before the subnet manager re-routes) and the credit-loop check.
public struct ForwardingPlan: Sendable, Equatable {
    /// The next arc is missing: no entry, a port outside the design, or a link the row's device is not on.
    static let broken: Int32 = -1
    /// The destination is the row's device itself.
    static let local: Int32 = -2

    /// The state the plan was built from.
    public let state: ForwardingState
    /// Row-major `rows × columns` next arcs, or `broken` / `local`.
    let nextArc: [Int32]
    /// Columns of each device (CSR over devices): `columnStart[v]..<columnStart[v + 1]` index `columnList`.
    let columnStart: [Int32]
    let columnList: [Int32]

    /// Resolves `state` onto `graph`.
    /// - Throws: `GraphError.routingUnavailable` when the state was mapped onto another design.
    /// - Complexity: O(V + E + rows × columns).
    public init(state: ForwardingState, graph: CSRGraph) throws(GraphError) {
        guard state.deviceCount == graph.vertexCount, state.linkCount == graph.linkCount else {
            throw .routingUnavailable(
                "the forwarding tables were mapped onto a design of \(state.deviceCount) devices and \(state.linkCount) links,"
                    + " not this one of \(graph.vertexCount) and \(graph.linkCount)")
        }
        self.state = state
        // Both arcs of every link, so that (row device, link) finds the arc leaving the device.
        var linkArcs = [Int32](repeating: -1, count: 2 * graph.linkCount)
        for arc in 0..<graph.arcCount {
            let slot = 2 * Int(graph.link[arc])
            if linkArcs[slot] < 0 { linkArcs[slot] = Int32(arc) } else { linkArcs[slot + 1] = Int32(arc) }
        }
        let columns = state.columns
        var next = [Int32](repeating: Self.broken, count: state.nextLink.count)
        for vertex in 0..<graph.vertexCount where state.rowOf[vertex] >= 0 {
            let base = Int(state.rowOf[vertex]) * columns
            for column in 0..<columns {
                let link = state.nextLink[base + column]
                if link == ForwardingState.local {
                    next[base + column] = Int(state.destinations[column]) == vertex ? Self.local : Self.broken
                } else if link >= 0 {
                    for arc in linkArcs[(2 * Int(link))...(2 * Int(link) + 1)] where arc >= 0 && graph.tail(ofArc: arc) == Int32(vertex) {
                        next[base + column] = arc
                    }
                }
            }
        }
        nextArc = next
        var start = [Int32](repeating: 0, count: graph.vertexCount + 1)
        for destination in state.destinations { start[Int(destination) + 1] += 1 }
        for vertex in 0..<graph.vertexCount { start[vertex + 1] += start[vertex] }
        var fill = start
        var list = [Int32](repeating: 0, count: columns)
        for (column, destination) in state.destinations.enumerated() {
            list[Int(fill[Int(destination)])] = Int32(column)
            fill[Int(destination)] += 1
        }
        columnStart = start
        columnList = list
    }

    /// The columns (addresses) of a device.
    func columns(of vertex: Int) -> ArraySlice<Int32> { columnList[Int(columnStart[vertex])..<Int(columnStart[vertex + 1])] }

    /// The next arc of `vertex`'s table toward `column`, nil when the vertex has no table.
    @inline(__always)
    func next(_ vertex: Int, _ column: Int) -> Int32? {
        let row = state.rowOf[vertex]
        return row < 0 ? nil : nextArc[Int(row) * state.columns + column]
    }
}

/// What is wrong with one destination's route from one switch.
public struct ForwardingProblem: Sendable, Equatable {
    /// The kinds of broken routes.
    public enum Kind: String, Sendable {
        /// The switch has no entry for the destination.
        case blackHole = "black-hole"
        /// The entry names a port with no cable of the design.
        case leavesDesign = "leaves-design"
        /// The entry sends the packet to an endpoint that is not the destination (endpoints do not forward).
        case deadEnd = "dead-end"
        /// Following the entries returns to a switch already passed.
        case loop
        /// The entry's link or next device has failed (before the subnet manager re-routes).
        case deadNextHop = "dead-next-hop"
    }

    /// What is wrong.
    public let kind: Kind
    /// The device (switch) whose entry is at fault.
    public let device: Int32
    /// The destination device and address (LID).
    public let destination: Int32
    public let address: Int32
    /// Where the switch's table was read.
    public let location: SourceLocation
    /// For a loop, the switches on it in forwarding order.
    public let cycle: [Int32]
}

extension CSRGraph {
    /// One destination device under imported tables: for each of its addresses (a multi-port endpoint has one per
    /// port; demand is split evenly over them), every source sends over its usable ports equally, then each switch
    /// forwards on its table's one next arc. Flow that meets a missing entry, a dead next hop or a loop is dropped and
    /// counted as undelivered. `work.distance` holds the hops to the destination per switch (-1 unknown, -2 broken).
    /// - Complexity: O(columns of the destination × (V + Σ source degrees)).
    func tablePass(
        destination: Int32, plan: ForwardingPlan, routable: [Bool], sources: [Int32], work: inout RoutingWorkspace,
        statistics: inout PassStatistics
    ) {
        let d = Int(destination)
        let columns = plan.columns(of: d)
        let injected = sources.map { work.inflow[Int($0)] }
        for source in sources { work.inflow[Int(source)] = 0 }
        guard !columns.isEmpty else {
            statistics.unroutedPairs += sources.count
            statistics.unroutedDemand += injected.reduce(0, +)
            return
        }
        let share = 1 / Double(columns.count)
        var bestHops = [Int32](repeating: -1, count: sources.count)
        var paths = [Double](repeating: 0, count: sources.count)
        for column in columns {
            let c = Int(column)
            work.order.removeAll(keepingCapacity: true)
            for (position, source) in sources.enumerated() {
                let s = Int(source)
                let flow = injected[position] * share
                // A source with a table starts at its own entry; an endpoint over its usable ports.
                if plan.state.rowOf[s] >= 0 {
                    let hops = tableDepth(s, column: c, destination: d, plan: plan, routable: routable, work: &work)
                    if hops > 0 {
                        work.inflow[s] += flow
                        paths[position] += 1
                        if bestHops[position] < 0 || hops < bestHops[position] { bestHops[position] = hops }
                    } else {
                        statistics.unroutedDemand += flow
                    }
                    continue
                }
                var ports = 0
                for arc in arcs(from: source) where routable[Int(arc)] { ports += 1 }
                if ports == 0 { statistics.unroutedDemand += flow }
                for arc in arcs(from: source) where routable[Int(arc)] {
                    let w = Int(head[Int(arc)])
                    var rest: Int32 = w == d ? 0 : -2
                    if w != d, plan.state.rowOf[w] >= 0 { rest = tableDepth(w, column: c, destination: d, plan: plan, routable: routable, work: &work) }
                    let portFlow = ports > 0 ? flow / Double(ports) : 0
                    guard rest >= 0 else {
                        statistics.unroutedDemand += portFlow
                        continue
                    }
                    work.arcLoad[Int(arc)] += portFlow
                    if w != d { work.inflow[w] += portFlow }
                    paths[position] += 1
                    if bestHops[position] < 0 || rest + 1 < bestHops[position] { bestHops[position] = rest + 1 }
                }
            }
            pushTableFlow(column: c, destination: d, plan: plan, work: &work)
        }
        for (position, source) in sources.enumerated() where Int(source) != d {
            if bestHops[position] > 0 {
                statistics.record(hops: bestHops[position], paths: paths[position] / Double(columns.count))
            } else {
                statistics.unroutedPairs += 1
            }
        }
    }

    /// Hops from switch `vertex` to `destination` along the tables (memoized in `work.distance`, visited switches
    /// appended to `work.order`), -2 when the route breaks (no entry, a port outside the design, a dead link, an
    /// endpoint that is not the destination, or a loop).
    /// - Complexity: O(length of the new part of the route).
    func tableDepth(_ vertex: Int, column: Int, destination d: Int, plan: ForwardingPlan, routable: [Bool], work: inout RoutingWorkspace) -> Int32 {
        if work.distance[vertex] != -1 { return work.distance[vertex] }
        // Walk until a known switch, the destination or a break; vertices on the walk are marked -3 (in progress).
        var chain: [Int32] = []
        var v = vertex
        var result: Int32 = -2
        while true {
            let known = work.distance[v]
            if known >= 0 || known == -2 {
                result = known
                break
            }
            if known == -3 {
                result = -2
                break
            }  // a loop
            work.distance[v] = -3
            work.order.append(Int32(v))
            chain.append(Int32(v))
            guard let arc = plan.next(v, column) else {
                result = -2
                break
            }
            if arc == ForwardingPlan.local {
                result = v == d ? 0 : -2
                chain.removeLast()
                work.distance[v] = result
                break
            }
            guard arc >= 0, routable[Int(arc)] else {
                result = -2
                break
            }
            let w = Int(head[Int(arc)])
            if w == d {
                result = 0
                break
            }
            guard plan.state.rowOf[w] >= 0 else {
                result = -2
                break
            }
            v = w
        }
        // Unwind: each vertex is one hop further than the next one.
        var value = result
        for vertex in chain.reversed() {
            value = value >= 0 ? value + 1 : -2
            work.distance[Int(vertex)] = value
        }
        return work.distance[vertex]
    }

    /// Pushes the flow gathered at switches toward the destination, farthest first, then resets the pass scratch.
    /// - Complexity: O(visited switches) plus a counting sort by hops.
    private func pushTableFlow(column c: Int, destination d: Int, plan: ForwardingPlan, work: inout RoutingWorkspace) {
        var maxDepth: Int32 = 0
        for vertex in work.order where work.distance[Int(vertex)] > maxDepth { maxDepth = work.distance[Int(vertex)] }
        var bucketStart = [Int](repeating: 0, count: Int(maxDepth) + 2)
        for vertex in work.order where work.distance[Int(vertex)] > 0 { bucketStart[Int(work.distance[Int(vertex)])] += 1 }
        var running = 0
        for index in bucketStart.indices {
            let count = bucketStart[index]
            bucketStart[index] = running
            running += count
        }
        var sorted = [Int32](repeating: 0, count: running)
        for vertex in work.order where work.distance[Int(vertex)] > 0 {
            let depth = Int(work.distance[Int(vertex)])
            sorted[bucketStart[depth]] = vertex
            bucketStart[depth] += 1
        }
        for vertex in sorted.reversed() {
            let v = Int(vertex)
            let flow = work.inflow[v]
            guard flow != 0, let arc = plan.next(v, c), arc >= 0 else { continue }
            work.arcLoad[Int(arc)] += flow
            let w = Int(head[Int(arc)])
            if w != d { work.inflow[w] += flow }
            work.inflow[v] = 0
        }
        for vertex in work.order {
            work.distance[Int(vertex)] = -1
            work.inflow[Int(vertex)] = 0
        }
        work.order.removeAll(keepingCapacity: true)
    }

    /// Every broken route of the tables toward endpoint destinations, each reported once at the switch whose entry
    /// breaks it (a loop once per destination, with its switches): black holes, ports outside the design, dead ends,
    /// loops and, under `mask`, next hops that died before the subnet manager re-routes.
    /// - Complexity: O(columns × rows).
    public func forwardingProblems(plan: ForwardingPlan, under mask: FailureMask? = nil) -> [ForwardingProblem] {
        let state = plan.state
        let routable = routableArcs(under: mask)
        let alive = aliveVertices(under: mask)
        var rowDevice = [Int32](repeating: -1, count: state.rows)
        for vertex in 0..<vertexCount where state.rowOf[vertex] >= 0 { rowDevice[Int(state.rowOf[vertex])] = Int32(vertex) }
        var problems: [ForwardingProblem] = []
        // Per row: 0 unvisited, 1 on the current walk, 2 delivers, 3 broken.
        var status = [UInt8](repeating: 0, count: state.rows)
        for column in 0..<state.columns {
            let d = Int(state.destinations[column])
            guard state.rowOf[d] < 0, alive[d] else { continue }
            for index in status.indices { status[index] = 0 }
            for start in 0..<state.rows where status[start] == 0 && alive[Int(rowDevice[start])] {
                var walk: [Int] = []
                var row = start
                var outcome: UInt8 = 3
                while true {
                    if status[row] == 2 || status[row] == 3 {
                        outcome = status[row]
                        break
                    }
                    let v = Int(rowDevice[row])
                    if status[row] == 1 {
                        let first = walk.firstIndex(of: row) ?? 0
                        let cycle = walk[first...].map { rowDevice[$0] }
                        problems.append(
                            ForwardingProblem(
                                kind: .loop, device: Int32(v), destination: Int32(d), address: state.addresses[column],
                                location: state.rowLocations[row], cycle: cycle))
                        break
                    }
                    status[row] = 1
                    walk.append(row)
                    func fail(_ kind: ForwardingProblem.Kind) {
                        problems.append(
                            ForwardingProblem(
                                kind: kind, device: Int32(v), destination: Int32(d), address: state.addresses[column],
                                location: state.rowLocations[row], cycle: []))
                    }
                    let link = state.nextLink[row * state.columns + column]
                    guard let arc = plan.next(v, column), arc >= 0 else {
                        fail(link == ForwardingState.outsideDesign ? .leavesDesign : .blackHole)
                        break
                    }
                    let w = Int(head[Int(arc)])
                    guard routable[Int(arc)], alive[w] else {
                        fail(.deadNextHop)
                        break
                    }
                    if w == d {
                        outcome = 2
                        break
                    }
                    guard state.rowOf[w] >= 0 else {
                        fail(.deadEnd)
                        break
                    }
                    row = Int(state.rowOf[w])
                }
                for visited in walk { status[visited] = outcome }
            }
        }
        return problems
    }

    /// The channel-dependency graph of the tables: with lane data (`ForwardingState.lanes`) per SL-to-VL lane
    /// (`laneTableChannelDependencies`), else in one lane (every route in one virtual lane): a channel is an arc, and a
    /// route entering a switch on arc a and leaving on arc b makes a depend on b.
    /// Only entries on a route from an endpoint to an endpoint destination count. A cycle is a credit loop (Dally and
    /// Seitz 1987: deadlock-free iff the CDG is acyclic).
    /// - Complexity: O(columns × (rows + endpoint degrees)) to build, O(D log D) to de-duplicate D dependencies,
    ///   O(E + D) for the cycle search (iterative depth-first search).
    public func tableChannelDependencies(plan: ForwardingPlan) -> ChannelDependencyAnalysis {
        let state = plan.state
        if let lanes = state.lanes { return laneTableChannelDependencies(plan: plan, lanes: lanes) }
        let routable = routableArcs(under: nil)
        var used = [Bool](repeating: false, count: vertexCount)
        var touched: [Int32] = []
        var pairs: [UInt64] = []
        var endpointColumns = 0
        let endpoints = (0..<vertexCount).filter { state.rowOf[$0] < 0 }
        for column in 0..<state.columns {
            let d = Int(state.destinations[column])
            guard state.rowOf[d] < 0 else { continue }
            endpointColumns += 1
            for vertex in touched { used[Int(vertex)] = false }
            touched.removeAll(keepingCapacity: true)
            for source in endpoints where source != d {
                for arc in arcs(from: Int32(source)) where routable[Int(arc)] {
                    var v = Int(head[Int(arc)])
                    var previous = arc
                    // Follow the route while it is new; a known switch continues as before.
                    while v != d, state.rowOf[v] >= 0, let next = plan.next(v, column), next >= 0, routable[Int(next)] {
                        // The injection arc out of an endpoint has no predecessor and cannot lie on a cycle.
                        if state.rowOf[Int(tail(ofArc: previous))] >= 0 { pairs.append(UInt64(UInt32(previous)) << 32 | UInt64(UInt32(next))) }
                        if used[v] { break }
                        used[v] = true
                        touched.append(Int32(v))
                        previous = next
                        v = Int(head[Int(next)])
                    }
                }
            }
        }
        pairs.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(pairs.count)
        for pair in pairs where unique.last != pair { unique.append(pair) }
        let cycle = Self.dependencyCycle(unique, arcCount: arcCount)
        return ChannelDependencyAnalysis(
            virtualLanes: 1, lanesNeeded: 1, dependencyCount: unique.count,
            cycle: cycle?.map { ChannelDependencyAnalysis.Channel(arc: $0, lane: 0) },
            destinationsChecked: endpointColumns, destinationClasses: endpointColumns,
            method: .dependencyGraph, lanesNeededIsLowerBound: false)
    }

    /// The channel-dependency graph of the tables with lanes: a channel is (arc, lane); a route of SL s entering switch
    /// v on arc a and leaving on arc b takes the lane v's SL-to-VL table gives s from a's port to b's, and (a, its
    /// lane) depends on (b, that lane). Each endpoint pair's route is followed once per SL its path records name (SL 0
    /// without a record); a switch reached on the same arc with the same SL continues as before, so each (column, arc,
    /// SL) is expanded once. The analysis reports the lanes used as `virtualLanes` and `lanesNeeded`.
    /// - Complexity: O(columns × (endpoints × SLs × endpoint degree + arcs × SLs) × log hops) to build, then as the
    ///   one-lane graph over 16 × arcs channels.
    func laneTableChannelDependencies(plan: ForwardingPlan, lanes: ForwardingLanes) -> ChannelDependencyAnalysis {
        let state = plan.state
        let width = 16
        let routable = routableArcs(under: nil)
        var used = [Bool](repeating: false, count: arcCount * width)
        var touched: [Int] = []
        var pairs: [UInt64] = []
        var laneUsed = [Bool](repeating: false, count: width)
        var endpointColumns = 0
        let endpoints = (0..<vertexCount).filter { state.rowOf[$0] < 0 }
        for column in 0..<state.columns where state.rowOf[Int(state.destinations[column])] < 0 {
            let d = Int(state.destinations[column])
            endpointColumns += 1
            for key in touched { used[key] = false }
            touched.removeAll(keepingCapacity: true)
            for source in endpoints where source != d {
                let mask = lanes.serviceLevels(from: source, column: column, columns: state.columns)
                for sl in 0..<width where (mask == 0 && sl == 0) || mask & (1 << UInt16(sl)) != 0 {
                    for arc in arcs(from: Int32(source)) where routable[Int(arc)] {
                        var v = Int(head[Int(arc)])
                        var previous = arc
                        var previousChannel = -1
                        while v != d, state.rowOf[v] >= 0, let next = plan.next(v, column), next >= 0, routable[Int(next)] {
                            let lane = lanes.lane(device: Int32(v), inLink: link[Int(previous)], outLink: link[Int(next)], sl: sl)
                            let channel = Int(next) * width + lane
                            laneUsed[lane] = true
                            if previousChannel >= 0 { pairs.append(UInt64(previousChannel) << 32 | UInt64(channel)) }
                            let key = Int(previous) * width + sl
                            if used[key] { break }
                            used[key] = true
                            touched.append(key)
                            previousChannel = channel
                            previous = next
                            v = Int(head[Int(next)])
                        }
                    }
                }
            }
        }
        pairs.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(pairs.count)
        for pair in pairs where unique.last != pair { unique.append(pair) }
        let cycle = Self.dependencyCycle(unique, arcCount: arcCount * width)
        let count = max(laneUsed.filter { $0 }.count, 1)
        return ChannelDependencyAnalysis(
            virtualLanes: (laneUsed.lastIndex(of: true) ?? 0) + 1, lanesNeeded: count, dependencyCount: unique.count,
            cycle: cycle?.map { ChannelDependencyAnalysis.Channel(arc: $0 / Int32(width), lane: Int($0) % width) },
            destinationsChecked: endpointColumns, destinationClasses: endpointColumns,
            method: .dependencyGraph, lanesNeededIsLowerBound: false)
    }

    /// A cycle in the dependency graph given as sorted `from << 32 | to` pairs over `arcCount` channels, nil when acyclic.
    /// - Complexity: O(arcCount + pairs), iterative depth-first search with colours (Cormen et al., ch. 22).
    static func dependencyCycle(_ pairs: [UInt64], arcCount: Int) -> [Int32]? {
        var start = [Int](repeating: 0, count: arcCount + 1)
        for pair in pairs { start[Int(pair >> 32) + 1] += 1 }
        for index in 0..<arcCount { start[index + 1] += start[index] }
        let targets = pairs.map { Int32(truncatingIfNeeded: $0 & 0xffff_ffff) }
        var colour = [UInt8](repeating: 0, count: arcCount)
        var position = start
        var parent = [Int32](repeating: -1, count: arcCount)
        for root in 0..<arcCount where colour[root] == 0 && start[root + 1] > start[root] {
            var stack: [Int] = [root]
            colour[root] = 1
            while let top = stack.last {
                if position[top] == start[top + 1] {
                    colour[top] = 2
                    stack.removeLast()
                    continue
                }
                let next = Int(targets[position[top]])
                position[top] += 1
                if colour[next] == 0 {
                    colour[next] = 1
                    parent[next] = Int32(top)
                    stack.append(next)
                } else if colour[next] == 1 {
                    // Back edge top → next: the cycle is next … top on the stack.
                    var cycle: [Int32] = []
                    var v = top
                    while v != next {
                        cycle.append(Int32(v))
                        v = Int(parent[v])
                    }
                    cycle.append(Int32(next))
                    return cycle.reversed()
                }
            }
        }
        return nil
    }
}

extension ForwardingProblem {
    /// The problem as one located error line naming the switch, the destination device and its LID.
    public func message(topology: Topology) -> String {
        let at = topology.devices[Int(device)].id
        let to = "LID \(Self.hex(address)) ('\(topology.devices[Int(destination)].id)')"
        let what: String
        switch kind {
        case .blackHole: what = "switch '\(at)' has no entry for \(to): packets to it are dropped (black hole)"
        case .leavesDesign: what = "switch '\(at)' forwards \(to) on a port without a cable of the design: the route leaves the design"
        case .deadEnd: what = "switch '\(at)' forwards \(to) to an endpoint that is not the destination"
        case .loop:
            let names = (cycle + cycle.prefix(1)).map { "'\(topology.devices[Int($0)].id)'" }
            what = "forwarding loop toward \(to): \(names.joined(separator: " -> "))"
        case .deadNextHop: what = "switch '\(at)' forwards \(to) over a failed link or device: dropped until the subnet manager re-routes"
        }
        return "\(location): error: \(what)"
    }

    static func hex(_ value: Int32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension ChannelDependencyAnalysis {
    /// The verdict for Valiant or UGAL routing built on this minimal routing's analysis: each phase runs in lanes of
    /// its own, so twice the lanes are needed (`RoutingScheme.lanesNeeded(minimal:)`). With enough declared lanes and
    /// an acyclic minimal CDG the phased routing is acyclic by construction (`method` `.laneScheme`); a cycle of the
    /// minimal routing stays a witness (every minimal route is a leg of some non-minimal one).
    public func phased() -> ChannelDependencyAnalysis {
        let needed = min(2 * max(lanesNeeded, 1), ChannelDependencyAnalysis.laneLimit)
        let proven = cycle == nil && !sampled && virtualLanes >= needed
        return ChannelDependencyAnalysis(
            virtualLanes: virtualLanes, lanesNeeded: needed, dependencyCount: dependencyCount, cycle: cycle,
            destinationsChecked: destinationsChecked, destinationClasses: destinationClasses,
            method: proven ? .laneScheme : method, lanesNeededIsLowerBound: lanesNeededIsLowerBound)
    }

    /// The verdict for up*/down* routing: a legal path never turns up after going down, so it has no valley and one
    /// lane carries it without a cycle (Schroeder et al. 1991, Autonet); the CDG is not built.
    public static func upDown(virtualLanes: Int, destinations: Int) -> ChannelDependencyAnalysis {
        ChannelDependencyAnalysis(
            virtualLanes: max(virtualLanes, 1), lanesNeeded: 1, dependencyCount: 0, cycle: nil,
            destinationsChecked: destinations, destinationClasses: destinations, method: .laneScheme,
            lanesNeededIsLowerBound: false)
    }
}
