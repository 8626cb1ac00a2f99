/// Per-worker scratch of `IncrementalECMP`: the failure, one destination's change, and the scenario's patch.
struct IncrementalWorkspace {
    // Failure of the current scenario.
    var scenarioStamp: Int32 = 0
    var failedArc: [Int32]
    var failedVertex: [Int32]
    var failedArcs: [Int32] = []
    var failedVertices: [Int32] = []
    /// (family, block) pairs the failure touches (failed vertices and ends of failed links in the block).
    var touched: [(family: Int32, block: Int32)] = []
    /// Sources whose weight changes (an accelerator that lost some of its cables injects less), with the change.
    var sourceChanges: [(vertex: Int32, change: Double)] = []
    // One destination's change.
    var stamp: Int32 = 0
    var lost: [Int32]
    var checked: [Int32]
    var inChanged: [Int32]
    var dirty: [Int32]
    var inflowStamp: [Int32]
    var deltaIn: [Double]
    var newDistance: [Int32]
    var changed: [Int32] = []
    var lostList: [Int32] = []
    var buckets: [[Int32]] = []
    var arcStamp: [Int32]
    var deltaArc: [Double]
    var arcList: [Int32] = []
    /// Next-hop arcs of the vertex being forwarded.
    var hops: [Int32] = []
    // The scenario's patch of the healthy loads.
    var patchStamp: [Int32]
    var patch: [Double]
    var patchList: [Int32] = []
    var unroutedChange = 0
    /// Destination changes computed, and the destinations they stand for (with the untouched symmetric blocks).
    var changesComputed = 0
    var destinationsChanged = 0
    /// Healthy data of one destination when the engine routes destinations on demand.
    var healthy: IncrementalECMP.HealthyPass

    init(vertexCount: Int, arcCount: Int) {
        failedArc = [Int32](repeating: 0, count: arcCount)
        failedVertex = [Int32](repeating: 0, count: vertexCount)
        lost = [Int32](repeating: 0, count: vertexCount)
        checked = [Int32](repeating: 0, count: vertexCount)
        inChanged = [Int32](repeating: 0, count: vertexCount)
        dirty = [Int32](repeating: 0, count: vertexCount)
        inflowStamp = [Int32](repeating: 0, count: vertexCount)
        deltaIn = [Double](repeating: 0, count: vertexCount)
        newDistance = [Int32](repeating: 0, count: vertexCount)
        arcStamp = [Int32](repeating: 0, count: arcCount)
        deltaArc = [Double](repeating: 0, count: arcCount)
        patchStamp = [Int32](repeating: 0, count: arcCount)
        patch = [Double](repeating: 0, count: arcCount)
        healthy = IncrementalECMP.HealthyPass(vertexCount: vertexCount)
    }

    /// Starts a new destination (stamps wrap by clearing).
    mutating func nextDestination() {
        if stamp == .max {
            for index in lost.indices {
                lost[index] = 0
                checked[index] = 0
                inChanged[index] = 0
                dirty[index] = 0
                inflowStamp[index] = 0
            }
            for index in arcStamp.indices { arcStamp[index] = 0 }
            stamp = 0
        }
        stamp += 1
        arcList.removeAll(keepingCapacity: true)
        changed.removeAll(keepingCapacity: true)
        lostList.removeAll(keepingCapacity: true)
    }

    @inline(__always) func isFailed(arc: Int) -> Bool { failedArc[arc] == scenarioStamp }
    @inline(__always) func isFailed(vertex: Int) -> Bool { failedVertex[vertex] == scenarioStamp }

    @inline(__always) mutating func addArc(_ arc: Int, _ amount: Double) {
        if arcStamp[arc] != stamp {
            arcStamp[arc] = stamp
            deltaArc[arc] = 0
            arcList.append(Int32(arc))
        }
        deltaArc[arc] += amount
    }

    @inline(__always) func inflowChange(_ vertex: Int) -> Double { inflowStamp[vertex] == stamp ? deltaIn[vertex] : 0 }

    @inline(__always) mutating func addInflow(_ vertex: Int, _ amount: Double) {
        if inflowStamp[vertex] != stamp {
            inflowStamp[vertex] = stamp
            deltaIn[vertex] = 0
        }
        deltaIn[vertex] += amount
    }

    @inline(__always) mutating func push(_ vertex: Int32, level: Int32) {
        while buckets.count <= Int(level) { buckets.append([]) }
        buckets[Int(level)].append(vertex)
    }

    @inline(__always) mutating func patchArc(_ arc: Int, _ amount: Double) {
        if patchStamp[arc] != scenarioStamp {
            patchStamp[arc] = scenarioStamp
            patch[arc] = 0
            patchList.append(Int32(arc))
        }
        patch[arc] += amount
    }
}

/// The mapping of one destination onto its class representative: the representative's data and the swaps.
struct DestinationView {
    let distance: UnsafeBufferPointer<UInt8>
    let flow: UnsafeBufferPointer<Double>
    let outerFamily: Int32
    let outerBlock: Int32
    let innerFamily: Int32
    let innerBlock: Int32
    let unroutedSources: Int32
    /// The representative's DAG bits (`IncrementalECMP.storedDAG`) when the view maps nothing (the destination is
    /// the representative), else nil (next hops are then found by scanning arcs).
    var dag: UnsafePointer<UInt64>? = nil
}

/// Bit ranges of a per-arc bitset.
enum ArcBits {
    /// The word at `index` restricted to the bits of `lo ..< hi`.
    @inline(__always)
    static func word(_ words: UnsafePointer<UInt64>, _ index: Int, _ lo: Int, _ hi: Int) -> UInt64 {
        var word = words[index]
        if index == lo >> 6 { word &= ~0 << UInt64(lo & 63) }
        if index == (hi - 1) >> 6 && hi & 63 != 0 { word &= (1 << UInt64(hi & 63)) - 1 }
        return word
    }
}

extension IncrementalECMP {
    static let far = Int32.max
    /// The one group of an orbit without outer family.
    static let singleGroup: [(block: Int32, blocks: [Int32])] = [(0, [0])]

    /// Where `vertex` sits in the representative's data: the inverse of the destination's symmetry (outer block
    /// swap, then inner twin swap; both involutions).
    @inline(__always)
    func unmap(_ vertex: Int, _ view: DestinationView) -> Int {
        var x = vertex
        if view.outerBlock != 0 && outerFamilyOf[x] == view.outerFamily {
            let block = outerBlockOf[x]
            if block == 0 || block == view.outerBlock {
                let f = Int(view.outerFamily)
                x = Int(familyVertices[Int(familyStart[f]) + Int(block == 0 ? view.outerBlock : 0) * Int(familyBlockSize[f]) + Int(outerPositionOf[x])])
            }
        }
        if view.innerBlock != 0 && innerFamilyOf[x] == view.innerFamily {
            let block = innerBlockOf[x]
            if block == 0 || block == view.innerBlock {
                x = Int(familyVertices[Int(familyStart[Int(view.innerFamily)]) + Int(block == 0 ? view.innerBlock : 0)])
            }
        }
        return x
    }

    /// Healthy distance of `vertex` to the view's destination (`far` when unreachable).
    @inline(__always)
    func oldDistance(_ vertex: Int, _ view: DestinationView) -> Int32 {
        let value = view.distance[unmap(vertex, view)]
        return value == Self.unreachable ? Self.far : Int32(value)
    }

    /// Whether `vertex` may be a next hop toward `d`: it relays under the forwarding model, or it is `d`.
    @inline(__always)
    func forwards(_ vertex: Int, _ d: Int) -> Bool { graph.allRelay || vertex == d || graph.relays[vertex] }

    /// Whether `arc` is a healthy next hop toward the view's destination `d` from a tail at distance `below + 1`.
    @inline(__always)
    func isHealthyHop(_ arc: Int, below: Int32, d: Int, view: DestinationView) -> Bool {
        routable[arc] && oldDistance(Int(graph.head[arc]), view) == below && forwards(Int(graph.head[arc]), d)
    }

    /// The healthy next-hop arcs of `x` (at distance `below + 1`) toward the view's destination `d`, in arc order,
    /// into `hops` (cleared first): read from the DAG bits when the view has them, else by scanning `x`'s arcs.
    @inline(__always)
    func healthyHops(_ x: Int, below: Int32, d: Int, view: DestinationView, into hops: inout [Int32]) {
        hops.removeAll(keepingCapacity: true)
        let (lo, hi) = (Int(graph.arcStart[x]), Int(graph.arcStart[x + 1]))
        guard let dag = view.dag else {
            for arc in lo..<hi where isHealthyHop(arc, below: below, d: d, view: view) { hops.append(Int32(arc)) }
            return
        }
        guard lo < hi else { return }
        for index in (lo >> 6)...((hi - 1) >> 6) {
            var bits = ArcBits.word(dag, index, lo, hi)
            while bits != 0 {
                hops.append(Int32(index << 6 | bits.trailingZeroBitCount))
                bits &= bits - 1
            }
        }
    }

    /// Healthy flow through `vertex` toward the view's destination.
    @inline(__always)
    func oldFlow(_ vertex: Int, _ view: DestinationView) -> Double { view.flow[unmap(vertex, view)] }

    /// The destination vertex of an orbit at outer block `block`.
    func destination(of orbit: Orbit, block: Int32) -> Int32 {
        var vertex = representatives[Int(orbit.representative)]
        if orbit.innerFamily >= 0 { vertex = familyVertices[Int(familyStart[Int(orbit.innerFamily)]) + Int(orbit.innerBlock)] }
        if orbit.outerFamily >= 0 && block != 0 {
            let f = Int(orbit.outerFamily)
            vertex = familyVertices[Int(familyStart[f]) + Int(block) * Int(familyBlockSize[f]) + Int(outerPositionOf[Int(vertex)])]
        }
        return vertex
    }

    /// Marks the scenario's failed arcs and vertices and the blocks it touches.
    func load(links: [Int32], devices: [Int32], sourceChanges: [(vertex: Int32, change: Double)], into work: inout IncrementalWorkspace) {
        if work.scenarioStamp == .max {
            for index in work.failedArc.indices { work.failedArc[index] = 0 }
            for index in work.failedVertex.indices { work.failedVertex[index] = 0 }
            for index in work.patchStamp.indices { work.patchStamp[index] = 0 }
            work.scenarioStamp = 0
        }
        work.scenarioStamp += 1
        let stamp = work.scenarioStamp
        work.failedArcs.removeAll(keepingCapacity: true)
        work.failedVertices.removeAll(keepingCapacity: true)
        work.touched.removeAll(keepingCapacity: true)
        work.sourceChanges.removeAll(keepingCapacity: true)
        work.patchList.removeAll(keepingCapacity: true)
        work.unroutedChange = 0
        func fail(arc: Int32) {
            if work.failedArc[Int(arc)] != stamp {
                work.failedArc[Int(arc)] = stamp
                work.failedArcs.append(arc)
            }
        }
        func touch(_ vertex: Int32) {
            let f = outerFamilyOf[Int(vertex)]
            guard f >= 0 else { return }
            let block = outerBlockOf[Int(vertex)]
            if !work.touched.contains(where: { $0.family == f && $0.block == block }) { work.touched.append((f, block)) }
        }
        for device in devices where work.failedVertex[Int(device)] != stamp {
            work.failedVertex[Int(device)] = stamp
            work.failedVertices.append(device)
            touch(device)
            for arc in graph.arcs(from: device) {
                fail(arc: arc)
                fail(arc: graph.reverse[Int(arc)])
            }
        }
        for link in links where Int(link) < graph.linkCount {
            for index in Int(linkArcStart[Int(link)])..<Int(linkArcStart[Int(link) + 1]) {
                let arc = linkArcs[index]
                fail(arc: arc)
                touch(tail[Int(arc)])
                touch(graph.head[Int(arc)])
            }
        }
        // A source whose weight changes breaks the symmetry of its block like a failure in it.
        for item in sourceChanges where item.change != 0 && work.failedVertex[Int(item.vertex)] != stamp {
            work.sourceChanges.append(item)
            touch(item.vertex)
        }
    }

    /// Whether the failure changes the loads or unrouted pairs toward the view's destination `d`.
    func isAffected(destination d: Int, view: DestinationView, work: inout IncrementalWorkspace) -> Bool {
        if work.isFailed(vertex: d) { return true }
        for arc in work.failedArcs where routable[Int(arc)] {
            let x = Int(tail[Int(arc)])
            let dx = oldDistance(x, view)
            if dx == Self.far || dx == 0 { continue }
            let y = Int(graph.head[Int(arc)])
            if oldDistance(y, view) == dx - 1 && forwards(y, d) && oldFlow(x, view) > 0 { return true }
        }
        for vertex in work.failedVertices where isMember[Int(vertex)] && Int(vertex) != d {
            if oldDistance(Int(vertex), view) == Self.far { return true }
        }
        for item in work.sourceChanges where Int(item.vertex) != d {
            if oldDistance(Int(item.vertex), view) != Self.far { return true }
        }
        return false
    }

    /// The change of the loads toward destination `d` under the loaded failure into `work.arcList`/`deltaArc`;
    /// returns the change in unrouted source count.
    /// - Complexity: O(Σ degrees of the vertices whose flow or next hops change), O(V + E) when `d` itself failed.
    func destinationChange(destination d: Int, view: DestinationView, work: inout IncrementalWorkspace) -> Int {
        work.nextDestination()
        let stamp = work.stamp
        let start = graph.arcStart
        let head = graph.head
        let reverse = graph.reverse
        if work.isFailed(vertex: d) {
            // The destination is gone: remove its whole healthy contribution and its unrouted pairs.
            for v in 0..<graph.vertexCount where v != d {
                let f = oldFlow(v, view)
                if f == 0 { continue }
                let below = oldDistance(v, view) - 1
                healthyHops(v, below: below, d: d, view: view, into: &work.hops)
                let share = f / Double(work.hops.count)
                for arc in work.hops { work.addArc(Int(arc), -share) }
            }
            return -Int(view.unroutedSources)
        }
        var unroutedChange = 0
        for vertex in work.failedVertices where isMember[Int(vertex)] && Int(vertex) != d {
            if oldDistance(Int(vertex), view) == Self.far { unroutedChange -= 1 }
        }
        // Seeds: tails of failed DAG arcs.
        for index in work.buckets.indices { work.buckets[index].removeAll(keepingCapacity: true) }
        var lowest = Int32.max
        var highest: Int32 = 0
        for arc in work.failedArcs where routable[Int(arc)] {
            let x = Int(tail[Int(arc)])
            if work.isFailed(vertex: x) { continue }
            let dx = oldDistance(x, view)
            if dx == Self.far || dx == 0 || work.inChanged[x] == stamp { continue }
            if oldDistance(Int(head[Int(arc)]), view) == dx - 1 && forwards(Int(head[Int(arc)]), d) {
                work.inChanged[x] = stamp
                work.changed.append(Int32(x))
                work.checked[x] = stamp
                work.push(Int32(x), level: dx)
                lowest = min(lowest, dx)
                highest = max(highest, dx)
            }
        }
        // 1. Vertices without a surviving next hop, in increasing distance.
        if lowest != Int32.max {
            var level = lowest
            while level <= highest && Int(level) < work.buckets.count {
                var position = 0
                while position < work.buckets[Int(level)].count {
                    let x = Int(work.buckets[Int(level)][position])
                    position += 1
                    var survives = false
                    for arc in Int(start[x])..<Int(start[x + 1]) where routable[arc] && !work.isFailed(arc: arc) {
                        let y = Int(head[arc])
                        if work.isFailed(vertex: y) || work.lost[y] == stamp { continue }
                        if oldDistance(y, view) == level - 1 && forwards(y, d) {
                            survives = true
                            break
                        }
                    }
                    if survives { continue }
                    work.lost[x] = stamp
                    work.lostList.append(Int32(x))
                    // Only a relaying vertex is anyone's next hop.
                    guard forwards(x, d) else { continue }
                    for arc in Int(start[x])..<Int(start[x + 1]) {
                        let z = Int(head[arc])
                        if work.checked[z] == stamp || work.isFailed(vertex: z) || !routable[Int(reverse[arc])] { continue }
                        if oldDistance(z, view) == level + 1 {
                            work.checked[z] = stamp
                            work.push(Int32(z), level: level + 1)
                            highest = max(highest, level + 1)
                        }
                    }
                }
                work.buckets[Int(level)].removeAll(keepingCapacity: true)
                level += 1
            }
        }
        // 2. New distances of the lost vertices (unit-weight Dial search seeded by their unaffected neighbours).
        if !work.lostList.isEmpty {
            for index in work.buckets.indices { work.buckets[index].removeAll(keepingCapacity: true) }
            var top: Int32 = 0
            for vertex in work.lostList {
                let x = Int(vertex)
                var best = Self.far
                for arc in Int(start[x])..<Int(start[x + 1]) where routable[arc] && !work.isFailed(arc: arc) {
                    let y = Int(head[arc])
                    if work.isFailed(vertex: y) || work.lost[y] == stamp || !forwards(y, d) { continue }
                    let dy = oldDistance(y, view)
                    if dy != Self.far { best = min(best, dy + 1) }
                }
                work.newDistance[x] = best
                if best != Self.far {
                    work.push(vertex, level: best)
                    top = max(top, best)
                }
            }
            var level: Int32 = 0
            while Int(level) < work.buckets.count {
                var position = 0
                while position < work.buckets[Int(level)].count {
                    let x = Int(work.buckets[Int(level)][position])
                    position += 1
                    if work.newDistance[x] != level || !forwards(x, d) { continue }
                    for arc in Int(start[x])..<Int(start[x + 1]) {
                        let z = Int(head[arc])
                        guard work.lost[z] == stamp, routable[Int(reverse[arc])], !work.isFailed(arc: Int(reverse[arc])) else { continue }
                        if work.newDistance[z] > level + 1 {
                            work.newDistance[z] = level + 1
                            work.push(Int32(z), level: level + 1)
                        }
                    }
                }
                work.buckets[Int(level)].removeAll(keepingCapacity: true)
                level += 1
            }
            _ = top
            // Lost vertices and their parents change their next hops.
            for vertex in work.lostList {
                let x = Int(vertex)
                if work.inChanged[x] != stamp {
                    work.inChanged[x] = stamp
                    work.changed.append(vertex)
                }
                if work.newDistance[x] == Self.far && isMember[x] { unroutedChange += 1 }
                let dx = oldDistance(x, view)
                guard forwards(x, d) else { continue }
                for arc in Int(start[x])..<Int(start[x + 1]) {
                    let z = Int(head[arc])
                    if work.inChanged[z] == stamp || work.isFailed(vertex: z) || !routable[Int(reverse[arc])] { continue }
                    if oldDistance(z, view) == dx + 1 {
                        work.inChanged[z] = stamp
                        work.changed.append(Int32(z))
                    }
                }
            }
        }
        @inline(__always) func newDistance(_ vertex: Int) -> Int32 {
            work.lost[vertex] == stamp ? work.newDistance[vertex] : oldDistance(vertex, view)
        }
        // 3. Remove the healthy out-loads of changed vertices and of failed vertices.
        for index in work.buckets.indices { work.buckets[index].removeAll(keepingCapacity: true) }
        func markDirty(_ vertex: Int) {
            if work.dirty[vertex] == stamp || vertex == d { return }
            work.dirty[vertex] = stamp
            let level = newDistance(vertex)
            if level != Self.far { work.push(Int32(vertex), level: level) }
        }
        for list in [work.changed, work.failedVertices] {
            for vertex in list {
                let x = Int(vertex)
                if x == d { continue }
                let f = oldFlow(x, view)
                if f != 0 {
                    let below = oldDistance(x, view) - 1
                    healthyHops(x, below: below, d: d, view: view, into: &work.hops)
                    let share = f / Double(work.hops.count)
                    for arc in work.hops {
                        let y = Int(head[Int(arc)])
                        work.addArc(Int(arc), -share)
                        if !work.isFailed(vertex: y) {
                            work.addInflow(y, -share)
                            markDirty(y)
                        }
                    }
                }
                if !work.isFailed(vertex: x) { markDirty(x) }
            }
        }
        // Sources injecting at a new rate: their change enters the DAG at the source, like an inflow change.
        for item in work.sourceChanges where Int(item.vertex) != d && newDistance(Int(item.vertex)) != Self.far {
            work.addInflow(Int(item.vertex), item.change)
            markDirty(Int(item.vertex))
        }
        // 4. Forward new flow (changed vertices) or the inflow change (others), in decreasing new distance.
        var level = Int32(work.buckets.count) - 1
        while level >= 1 {
            var position = 0
            while position < work.buckets[Int(level)].count {
                let x = Int(work.buckets[Int(level)][position])
                position += 1
                if work.inChanged[x] == stamp {
                    let f = oldFlow(x, view) + work.inflowChange(x)
                    if f == 0 { continue }
                    let below = level - 1
                    var hops = 0
                    for arc in Int(start[x])..<Int(start[x + 1]) where routable[arc] && !work.isFailed(arc: arc) {
                        let y = Int(head[arc])
                        if !work.isFailed(vertex: y) && newDistance(y) == below && forwards(y, d) { hops += 1 }
                    }
                    guard hops > 0 else { continue }
                    let share = f / Double(hops)
                    for arc in Int(start[x])..<Int(start[x + 1]) where routable[arc] && !work.isFailed(arc: arc) {
                        let y = Int(head[arc])
                        guard !work.isFailed(vertex: y) && newDistance(y) == below && forwards(y, d) else { continue }
                        work.addArc(arc, share)
                        work.addInflow(y, share)
                        markDirty(y)
                    }
                } else {
                    let change = work.inflowChange(x)
                    if change == 0 { continue }
                    let below = level - 1
                    healthyHops(x, below: below, d: d, view: view, into: &work.hops)
                    guard !work.hops.isEmpty else { continue }
                    let share = change / Double(work.hops.count)
                    for arc in work.hops {
                        let y = Int(head[Int(arc)])
                        work.addArc(Int(arc), share)
                        work.addInflow(y, share)
                        markDirty(y)
                    }
                }
            }
            level -= 1
        }
        return unroutedChange
    }

    /// Adds the change in `work.arcList` to the scenario's patch, spread over the untouched blocks `blocks` of the
    /// outer family `family` whose first entry is the block of the computed destination (`route`'s class total:
    /// an arc of block u₁ at position p also feeds position p of every other block, an arc of another untouched
    /// block feeds position p of u₁, every other arc is multiplied by the number of blocks). `excluded` lists the
    /// family's other (touched) blocks.
    func spread(family: Int32, blocks: [Int32], excluded: [Int32], work: inout IncrementalWorkspace) {
        let m = Double(blocks.count)
        let first = blocks.first ?? 0
        let f = Int(family)
        let base = family >= 0 ? Int(familyArcStart[f]) : 0
        let stride = family >= 0 ? Int(familyArcCount[f]) : 0
        for arc in work.arcList {
            let a = Int(arc)
            let delta = work.deltaArc[a]
            if delta == 0 { continue }
            if family < 0 || blocks.count == 1 {
                work.patchArc(a, m * delta)
                continue
            }
            var block: Int32 = -1
            var position: Int32 = -1
            let t = Int(tail[a])
            let h = Int(graph.head[a])
            if outerFamilyOf[t] == family && arcTailPosition[a] >= 0 {
                block = outerBlockOf[t]
                position = arcTailPosition[a]
            } else if outerFamilyOf[h] == family && arcHeadPosition[a] >= 0 {
                block = outerBlockOf[h]
                position = arcHeadPosition[a]
            }
            if block < 0 || excluded.contains(block) {
                work.patchArc(a, m * delta)
            } else if block == first {
                work.patchArc(a, delta)
                for other in blocks.dropFirst() { work.patchArc(Int(familyArcs[base + Int(other) * stride + Int(position)]), delta) }
            } else {
                work.patchArc(a, (m - 1) * delta)
                work.patchArc(Int(familyArcs[base + Int(first) * stride + Int(position)]), delta)
            }
        }
    }

    /// Patches the healthy loads for a failure: `work.patchList`/`patch` hold the change per arc afterwards and
    /// `work.unroutedChange` the change in unrouted pairs. `sourceChanges` lists the sources whose weight changes
    /// (each change is added at the source toward every destination it reaches: loads are linear in the weights).
    /// - Complexity: per orbit, the affected destinations' changed regions (see `destinationChange`).
    func evaluate(links: [Int32], devices: [Int32], sourceChanges: [(vertex: Int32, change: Double)] = [], work: inout IncrementalWorkspace) {
        load(links: links, devices: devices, sourceChanges: sourceChanges, into: &work)
        let n = graph.vertexCount
        storedDistance.withUnsafeBufferPointer { allDistance in
            storedFlow.withUnsafeBufferPointer { allFlow in
                storedDAG.withUnsafeBufferPointer { allDAG in
                    for orbit in orbits {
                        let rep = Int(orbit.representative)
                        var groups: [(block: Int32, blocks: [Int32])] = []
                        var excluded: [Int32] = []
                        if orbit.outerFamily < 0 {
                            groups = Self.singleGroup
                        } else if !work.touched.contains(where: { $0.family == orbit.outerFamily }) {
                            groups = familyGroups[Int(orbit.outerFamily)]
                        } else {
                            let touchedBlocks = work.touched.filter { $0.family == orbit.outerFamily }.map(\.block).sorted()
                            excluded = touchedBlocks
                            for block in touchedBlocks { groups.append((block, [block])) }
                            let count = familyBlockCount[Int(orbit.outerFamily)]
                            if touchedBlocks.count < Int(count) {
                                let untouched = (0..<count).filter { !touchedBlocks.contains($0) }
                                groups.append((untouched[0], untouched))
                            }
                        }
                        for (block, blocks) in groups {
                            let destination = destination(of: orbit, block: block)
                            let d = Int(destination)
                            let view: DestinationView
                            if stores {
                                view = DestinationView(
                                    distance: UnsafeBufferPointer(rebasing: allDistance[(rep * n)..<(rep * n + n)]),
                                    flow: UnsafeBufferPointer(rebasing: allFlow[(rep * n)..<(rep * n + n)]),
                                    outerFamily: orbit.outerFamily, outerBlock: block, innerFamily: orbit.innerFamily,
                                    innerBlock: orbit.innerBlock, unroutedSources: unroutedSources[rep],
                                    dag: block == 0 && orbit.innerBlock == 0 && !allDAG.isEmpty ? allDAG.baseAddress.map { $0 + rep * dagWords } : nil
                                )
                                guard isAffected(destination: d, view: view, work: &work) else { continue }
                                let unrouted = destinationChange(destination: d, view: view, work: &work)
                                work.unroutedChange += unrouted * blocks.count
                                work.changesComputed += 1
                                work.destinationsChanged += blocks.count
                                spread(family: orbit.outerFamily, blocks: blocks, excluded: excluded, work: &work)
                            } else {
                                var pass = IncrementalECMP.HealthyPass(vertexCount: 0)
                                swap(&pass, &work.healthy)
                                let result = Partial(graph: graph, routable: routable, weight: weight, isMember: isMember).healthy(
                                    destination: destination, into: &pass)
                                pass.distance.withUnsafeBufferPointer { distance in
                                    pass.flow.withUnsafeBufferPointer { flow in
                                        let view = DestinationView(
                                            distance: distance, flow: flow, outerFamily: -1, outerBlock: 0, innerFamily: -1,
                                            innerBlock: 0, unroutedSources: result.unrouted)
                                        guard isAffected(destination: d, view: view, work: &work) else { return }
                                        let unrouted = destinationChange(destination: d, view: view, work: &work)
                                        work.unroutedChange += unrouted * blocks.count
                                        work.changesComputed += 1
                                        work.destinationsChanged += blocks.count
                                        spread(family: orbit.outerFamily, blocks: blocks, excluded: excluded, work: &work)
                                    }
                                }
                                swap(&pass, &work.healthy)
                            }
                        }
                    }
                }
            }
        }
        // Failed arcs carry nothing afterwards.
        for arc in work.failedArcs { work.patchArc(Int(arc), 0) }
    }
}
