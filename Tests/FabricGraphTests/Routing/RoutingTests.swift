import FabricGraph
import FabricModel
import Testing

/// Brute-force routing references: every route enumerated path by path.
enum BruteRouting {
    /// Hop distances to `d` over usable arcs (plain BFS on adjacency lists built from the topology links).
    static func distances(_ graph: CSRGraph, to d: Int, routable: [Bool]) -> [Int] {
        var distance = [Int](repeating: -1, count: graph.vertexCount)
        distance[d] = 0
        var queue = [d]
        var read = 0
        while read < queue.count {
            let w = queue[read]
            read += 1
            for v in 0..<graph.vertexCount where distance[v] < 0 {
                let arcs = graph.arcs(from: Int32(v)).filter { routable[Int($0)] && Int(graph.head[Int($0)]) == w }
                if !arcs.isEmpty {
                    distance[v] = distance[w] + 1
                    queue.append(v)
                }
            }
        }
        return distance
    }

    /// ECMP loads of one unit from every source to `d`: enumerate every shortest path, weight it by the product of
    /// 1/(number of next hops) along it, add the weight to each of its arcs. Returns loads, path counts per source.
    static func ecmp(_ graph: CSRGraph, to d: Int, sources: [Int], routable: [Bool], loads: inout [Double]) -> [Int: (hops: Int, paths: Int)] {
        let distance = distances(graph, to: d, routable: routable)
        func nextHops(_ v: Int) -> [Int32] {
            graph.arcs(from: Int32(v)).filter { routable[Int($0)] && distance[Int(graph.head[Int($0)])] == distance[v] - 1 }
        }
        var result: [Int: (Int, Int)] = [:]
        for s in sources where s != d && distance[s] > 0 {
            var paths = 0
            // Explicit stack of (vertex, weight so far, arcs so far).
            var stack: [(Int, Double, [Int32])] = [(s, 1.0, [])]
            while let (v, weight, arcs) = stack.popLast() {
                if v == d {
                    paths += 1
                    for arc in arcs { loads[Int(arc)] += weight }
                    continue
                }
                let hops = nextHops(v)
                for arc in hops { stack.append((Int(graph.head[Int(arc)]), weight / Double(hops.count), arcs + [arc])) }
            }
            result[s] = (distance[s], paths)
        }
        return result
    }
}

@Suite struct RoutingTests {
    static func expectClose(_ a: [Double], _ b: [Double], _ comment: Comment? = nil) {
        #expect(a.count == b.count)
        for index in a.indices where abs(a[index] - b[index]) > 1e-9 * max(1, abs(b[index])) {
            Issue.record("arc \(index): \(a[index]) vs \(b[index]) \(comment?.description ?? "")")
            return
        }
    }

    @Test(arguments: 0..<40)
    func ecmpMatchesPathEnumeration(seed: Int) throws {
        var random = GraphTestRandom(seed: UInt64(seed) &+ 4242)
        let n = 4 + random.below(8)
        var topology = try TestTopology.random(seed: UInt64(seed) &+ 31, vertices: n, links: n + random.below(2 * n))
        // The brute-force reference lets every vertex relay: declare that forwarding model (its own tests check the others).
        topology.properties["forwarding"] = .string("all")
        let graph = CSRGraph(topology)
        var mask: FailureMask?
        if seed % 4 == 3 {
            var failed = FailureMask(for: graph)
            failed.failLink(Int32(random.below(topology.links.count)))
            mask = failed
        }
        let routable = graph.routableArcs(under: mask)
        let accelerators = graph.aliveAccelerators(under: mask).map(Int.init)
        var expected = [Double](repeating: 0, count: graph.arcCount)
        var histogram: [Int: Int] = [:]
        var unrouted = 0
        var minPaths = Int.max
        for d in accelerators {
            let routes = BruteRouting.ecmp(graph, to: d, sources: accelerators, routable: routable, loads: &expected)
            unrouted += accelerators.count - 1 - routes.count
            for (_, route) in routes {
                histogram[route.hops, default: 0] += 1
                minPaths = min(minPaths, route.paths)
            }
        }
        // Random symmetry hints must not change anything: verification rejects what is not an automorphism.
        let hints = (0..<graph.vertexCount).map { _ in Int32(random.below(3)) }
        let hints2 = (0..<graph.vertexCount).map { _ in Int32(random.below(4)) - 1 }
        for blocks in [nil, hints] {
            let routed =
                graph.route(
                    .uniform(groups: [accelerators.map(Int32.init)]), mask: mask, symmetryBlocks: blocks, symmetryCandidates: [hints2], workLimit: .infinity)
                ?? graph.route(.explicit([]))
            Self.expectClose(routed.arcLoad, expected)
            #expect(routed.unroutedPairs == unrouted)
            let flat = (0..<(routed.hopHistogram.count)).map { histogram[$0] ?? 0 }
            #expect(routed.hopHistogram == flat)
            if minPaths < Int.max { #expect(routed.minPathCount == Double(minPaths)) }
        }
    }

    /// Accelerators hanging off a small switch core in identical bundles (twins), plus identical racks: the
    /// symmetry shortcut must agree with brute force arc by arc, with and without a failure breaking symmetry.
    @Test(arguments: 0..<12)
    func symmetryShortcutsMatchBruteForce(seed: Int) throws {
        var random = GraphTestRandom(seed: UInt64(seed) &+ 99)
        var topology = Topology(file: "sym")
        let switches = 2 + random.below(3)
        for index in 0..<switches { try topology.addDevice(Device(id: "s\(index)", role: .switch)) }
        for index in 1..<switches { try topology.addLink(Link(source: Int32(index - 1), target: Int32(index), bandwidth: 4)) }
        try topology.addLink(Link(source: 0, target: Int32(switches - 1), bandwidth: 4))
        // Twins: several accelerators with the same attachment pattern.
        for bundle in 0..<2 {
            let attach = (0..<(1 + random.below(2))).map { _ in Int32(random.below(switches)) }
            for copy in 0..<(2 + random.below(3)) {
                let vertex = try topology.addDevice(Device(id: "t\(bundle)-\(copy)", role: .accelerator))
                for target in attach { try topology.addLink(Link(source: vertex, target: target, bandwidth: 2)) }
            }
        }
        // Racks: identical 3-accelerator triangles, position i uplinked to switch i % switches.
        var rackOf: [Int32] = Array(repeating: -1, count: topology.devices.count)
        for rack in 0..<3 {
            var members: [Int32] = []
            for position in 0..<3 {
                let vertex = try topology.addDevice(Device(id: "r\(rack)-\(position)", role: .accelerator, rack: "r\(rack)"))
                members.append(vertex)
                rackOf.append(Int32(rack))
                try topology.addLink(Link(source: vertex, target: Int32(position % switches), bandwidth: 1))
            }
            try topology.addLink(Link(source: members[0], target: members[1], bandwidth: 1))
            try topology.addLink(Link(source: members[1], target: members[2], bandwidth: 1))
            try topology.addLink(Link(source: members[2], target: members[0], bandwidth: 1))
        }
        // Racks of a second kind: a rack switch with twin accelerators, uplinked to switch 0 and the last switch.
        for rack in 3..<6 {
            let top = try topology.addDevice(Device(id: "rs\(rack)", role: .switch, rack: "r\(rack)"))
            rackOf.append(Int32(rack))
            try topology.addLink(Link(source: top, target: 0, bandwidth: 2))
            try topology.addLink(Link(source: top, target: Int32(switches - 1), bandwidth: 2))
            for twin in 0..<(2 + seed % 2) {
                let vertex = try topology.addDevice(Device(id: "rt\(rack)-\(twin)", role: .accelerator, rack: "r\(rack)"))
                rackOf.append(Int32(rack))
                try topology.addLink(Link(source: vertex, target: top, bandwidth: 1))
            }
        }
        let graph = CSRGraph(topology)
        var masks: [FailureMask?] = [nil]
        var failed = FailureMask(for: graph)
        failed.failLink(Int32(topology.links.count - 1 - random.below(4)))
        masks.append(failed)
        for mask in masks {
            let routable = graph.routableArcs(under: mask)
            let accelerators = graph.aliveAccelerators(under: mask).map(Int.init)
            var expected = [Double](repeating: 0, count: graph.arcCount)
            for d in accelerators { _ = BruteRouting.ecmp(graph, to: d, sources: accelerators, routable: routable, loads: &expected) }
            let routed = graph.route(.uniform(groups: [accelerators.map(Int32.init)]), mask: mask, symmetryBlocks: rackOf)
            Self.expectClose(routed.arcLoad, expected)
            // The shortcuts really ran: twins cut the passes, rack families cut them further.
            let plain = graph.route(.uniform(groups: [accelerators.map(Int32.init)]), mask: mask)
            Self.expectClose(plain.arcLoad, expected)
            #expect(plain.destinationPasses < accelerators.count)
            if mask == nil { #expect(routed.destinationPasses < plain.destinationPasses) }
        }
    }

    @Test func fatTreeLoadsMatchClosedForm() throws {
        for k in [4, 6] {
            let topology = try TestFabrics.fatTree(k: k)
            let graph = CSRGraph(topology)
            let hosts = k * k * k / 4
            let loads = graph.uniformECMPLoads()
            // Host links carry N−1 each way, edge–aggregation N − k/2, aggregation–core N − k²/4 (each direction).
            for arc in 0..<graph.arcCount {
                let tiers = [topology.devices[Int(graph.tail(ofArc: Int32(arc)))].tier ?? 0, topology.devices[Int(graph.head[arc])].tier ?? 0].sorted()
                let expected: Int
                switch tiers {
                case [0, 1]: expected = hosts - 1
                case [1, 2]: expected = hosts - k / 2
                default: expected = hosts - k * k / 4
                }
                #expect(abs(loads[arc] - Double(expected)) < 1e-9)
            }
            // Up*/down* on a fat-tree uses exactly the shortest paths: same loads.
            let tiers = topology.devices.map { Int32($0.tier ?? 0) }
            let upDown = graph.route(.uniform(groups: [graph.accelerators]), router: .upDown(tiers: tiers))
            Self.expectClose(upDown.arcLoad, loads)
            #expect(upDown.diameter == 6)
            let rackOf = Self.racks(topology)
            let symmetric = graph.route(.uniform(groups: [graph.accelerators]), symmetryBlocks: rackOf)
            Self.expectClose(symmetric.arcLoad, loads)
            #expect(symmetric.destinationPasses <= k * k / 2 * (k / 2))
            // Pods as blocks with twins inside the first pod: k/2 passes (one per edge switch of pod 0).
            let pods = TrafficAnalysis.symmetryCandidates(topology: topology)
            let nested = graph.route(.uniform(groups: [graph.accelerators]), symmetryCandidates: pods, workLimit: .infinity)
            Self.expectClose(nested?.arcLoad ?? [], loads)
            #expect(nested?.destinationPasses == k / 2)
            #expect(nested?.hopHistogram == symmetric.hopHistogram)
        }
    }

    static func racks(_ topology: Topology) -> [Int32] {
        var ids: [String: Int32] = [:]
        return topology.devices.map { device in
            guard let rack = device.rack else { return -1 }
            if let id = ids[rack] { return id }
            ids[rack] = Int32(ids.count)
            return Int32(ids.count - 1)
        }
    }

    /// Per dimension, every arc carries the same load; total load equals the sum of hop counts over pairs.
    @Test(arguments: [([4, 4, 4], false), ([5, 3], false), ([4, 3], true), ([3, 4, 2], true)])
    func toriAndFullMeshesAreSymmetric(sizes: [Int], fullMesh: Bool) throws {
        let topology = try TestFabrics.torus(sizes, fullMesh: fullMesh)
        let graph = CSRGraph(topology)
        let routed = graph.route(.uniform(groups: [graph.accelerators]))
        var byDimension: [Int: Set<Int64>] = [:]
        for arc in 0..<graph.arcCount {
            let a = topology.devices[Int(graph.tail(ofArc: Int32(arc)))].coordinates
            let b = topology.devices[Int(graph.head[arc])].coordinates
            let dimension = (0..<sizes.count).first { a[$0] != b[$0] } ?? -1
            byDimension[dimension, default: []].insert(Int64((routed.arcLoad[arc] * 1e6).rounded()))
        }
        for (_, values) in byDimension { #expect(values.count == 1) }
        let hopSum = routed.hopHistogram.enumerated().reduce(0) { $0 + $1.offset * $1.element }
        #expect(abs(routed.arcLoad.reduce(0, +) - Double(hopSum)) < 1e-6)
        let expectedDiameter = fullMesh ? sizes.count { $0 > 1 } : sizes.reduce(0) { $0 + $1 / 2 }
        #expect(routed.diameter == expectedDiameter)
        if fullMesh {
            // One-dimensional moves are direct; every arc of dimension j carries (number of ordered pairs that use
            // it) = N / d_j · ... checked against ECMP brute force instead.
            var expected = [Double](repeating: 0, count: graph.arcCount)
            let routable = graph.routableArcs(under: nil)
            let all = graph.accelerators.map(Int.init)
            for d in all { _ = BruteRouting.ecmp(graph, to: d, sources: all, routable: routable, loads: &expected) }
            Self.expectClose(routed.arcLoad, expected)
        }
    }

    /// Translation symmetry: one pass on tori and full meshes, identical loads and statistics; refused on a mesh
    /// without wrap-around and under a failure.
    @Test(arguments: [([4, 3], false, true), ([3, 3, 2], true, true), ([4, 3], false, false), ([5, 4], false, true)])
    func translationSymmetryMatchesEveryDestination(sizes: [Int], fullMesh: Bool, wrap: Bool) throws {
        let topology = try TestFabrics.torus(sizes, wrap: wrap, fullMesh: fullMesh)
        let graph = CSRGraph(topology)
        let coordinates = topology.devices.flatMap { $0.coordinates.map(Int32.init) }
        let plain = graph.route(.uniform(groups: [graph.accelerators]), workLimit: .infinity)
        let fast = graph.route(.uniform(groups: [graph.accelerators]), coordinates: coordinates, dimensions: sizes.count, workLimit: .infinity)
        Self.expectClose(fast?.arcLoad ?? [], plain?.arcLoad ?? [])
        #expect(fast?.hopHistogram == plain?.hopHistogram)
        #expect(fast?.minPathCount == plain?.minPathCount)
        #expect(fast?.destinationPasses == (wrap ? 1 : graph.vertexCount))
        var mask = FailureMask(for: graph)
        mask.failLink(0)
        let failed = graph.route(.uniform(groups: [graph.accelerators]), mask: mask, coordinates: coordinates, dimensions: sizes.count, workLimit: .infinity)
        let failedPlain = graph.route(.uniform(groups: [graph.accelerators]), mask: mask)
        Self.expectClose(failed?.arcLoad ?? [], failedPlain.arcLoad)
        #expect((failed?.destinationPasses ?? 0) > 1)
    }

    /// Dimension-order routing against an independent coordinate walk (mod-k arithmetic, ties split in half).
    @Test(arguments: [([4, 3], true), ([3, 3], false), ([4, 4], true)])
    func dimensionOrderMatchesCoordinateWalk(sizes: [Int], wrap: Bool) throws {
        let topology = try TestFabrics.torus(sizes, wrap: wrap)
        let graph = CSRGraph(topology)
        let dimensions = sizes.count
        let coordinates = topology.devices.flatMap { $0.coordinates.map(Int32.init) }
        let routed = graph.route(.uniform(groups: [graph.accelerators]), router: .dimensionOrder(coordinates: coordinates, dimensions: dimensions))
        var expected = [Double](repeating: 0, count: graph.arcCount)
        func vertex(_ c: [Int]) -> Int32 { Int32(topology.devices.firstIndex { $0.coordinates == c } ?? -1) }
        func addArc(_ from: [Int], _ to: [Int], _ weight: Double) {
            let arcs = graph.arcs(from: vertex(from)).filter { graph.head[Int($0)] == vertex(to) }
            for arc in arcs { expected[Int(arc)] += weight / Double(arcs.count) }
        }
        func walk(_ here: [Int], _ target: [Int], _ weight: Double) {
            guard let j = (0..<dimensions).first(where: { here[$0] != target[$0] }) else { return }
            let k = sizes[j]
            let forward = (target[j] - here[j] + k) % k
            var steps: [Int] = []
            if wrap && k > 2 {
                if forward < k - forward { steps = [1] } else if forward > k - forward { steps = [-1] } else { steps = [1, -1] }
            } else {
                steps = [target[j] > here[j] ? 1 : -1]
            }
            for step in steps {
                var next = here
                next[j] = (here[j] + step + k) % k
                addArc(here, next, weight / Double(steps.count))
                walk(next, target, weight / Double(steps.count))
            }
        }
        for s in topology.devices { for d in topology.devices where d.id != s.id { walk(s.coordinates, d.coordinates, 1) } }
        Self.expectClose(routed.arcLoad, expected)
        #expect(routed.unroutedPairs == 0)
    }
}
