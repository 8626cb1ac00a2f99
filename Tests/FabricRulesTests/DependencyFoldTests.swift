import FabricGraph
import FabricModel
import Testing

/// Designs of interchangeable blocks, where the deadlock analysis folds all but one or two blocks per family.
@Suite("Channel-dependency graph: folded blocks")
struct DependencyFoldTests {
    /// `superpods` copies of: `pods` pods (each `perPod` accelerators, tier 0, on a seeded random ring with chords, and
    /// a leaf, tier 1, linked to every other accelerator), one tier-2 switch per superpod linked to every leaf of it;
    /// two tier-3 switches linked to every tier-2 switch. Vertices are numbered superpod by superpod.
    struct Blocks {
        var topology = Topology(file: "blocks")
        var rank: [Int64] = []

        init(seed: UInt64, superpods: Int, pods: Int, perPod: Int, mesh: Bool = true) {
            var random = SplitMix64(seed: seed)
            var chords: [(Int, Int)] = []
            for _ in 0..<(Int(seed % 3) + 1) { chords.append((random.below(perPod), random.below(perPod))) }
            var middles: [Int32] = []
            for superpod in 0..<superpods {
                var leaves: [Int32] = []
                for pod in 0..<pods {
                    let base = Int32(topology.devices.count)
                    for index in 0..<perPod { add("a\(superpod)-\(pod)-\(index)", .accelerator, tier: 0) }
                    for index in 0..<perPod where mesh && perPod >= 3 { link(base + Int32(index), base + Int32((index + 1) % perPod)) }
                    for (a, b) in chords where mesh && a != b && abs(a - b) != 1 && abs(a - b) != perPod - 1 { link(base + Int32(a), base + Int32(b)) }
                    let leaf = add("leaf\(superpod)-\(pod)", .switch, tier: 1)
                    for index in stride(from: 0, to: perPod, by: mesh ? 2 : 1) { link(leaf, base + Int32(index)) }
                    leaves.append(leaf)
                }
                let middle = add("mid\(superpod)", .switch, tier: 2)
                for leaf in leaves { link(middle, leaf) }
                middles.append(middle)
            }
            for top in 0..<2 {
                let vertex = add("top\(top)", .switch, tier: 3)
                for middle in middles { link(vertex, middle) }
            }
        }

        @discardableResult
        mutating func add(_ id: String, _ role: Role, tier: Int) -> Int32 {
            let index = Int32(topology.devices.count)
            _ = try? topology.addDevice(Device(id: id, role: role, tier: tier))
            rank.append(Int64(tier) << 32 | Int64(index))
            return index
        }

        mutating func link(_ a: Int32, _ b: Int32) { _ = try? topology.addLink(Link(source: a, target: b)) }

        func index(_ id: String) -> Int32 { topology.deviceIndex(forID: id) ?? -1 }
    }

    /// The analysis agrees with explicit path enumeration: the same verdict, a witness made of real dependencies,
    /// and the lanes needed when the lane scheme proves it.
    func expectExact(_ graph: CSRGraph, rank: [Int64], label: String) {
        var degreeOne = Set<Int32>()
        for vertex in 0..<Int32(graph.vertexCount) where Set(graph.arcs(from: vertex).map { graph.head[Int($0)] }).count == 1 {
            degreeOne.insert(vertex)
        }
        for lanes in 1...3 {
            let analysis = graph.channelDependencies(rank: rank, virtualLanes: lanes)
            let brute = bruteForceDependencies(graph, rank: rank, lanes: lanes, skip: { degreeOne.contains($0) })
            let cyclic = hasCycle(brute.deps, graph: graph, rank: rank, lanes: lanes)
            #expect((analysis.cycle != nil) == cyclic, "\(label) lanes \(lanes)")
            #expect(!analysis.sampled, "\(label) lanes \(lanes)")
            switch analysis.method {
            case .laneScheme: #expect(analysis.lanesNeeded == brute.needed && brute.needed <= lanes, "\(label) lanes \(lanes)")
            case .hopBound: #expect(brute.needed <= analysis.lanesNeeded && analysis.lanesNeeded <= lanes, "\(label) lanes \(lanes)")
            case .dependencyGraph:
                #expect(
                    analysis.lanesNeededIsLowerBound ? analysis.lanesNeeded <= brute.needed : analysis.lanesNeeded == brute.needed,
                    "\(label) lanes \(lanes)")
            }
            if let cycle = analysis.cycle {
                for (index, channel) in cycle.enumerated() {
                    let next = cycle[(index + 1) % cycle.count]
                    #expect(graph.head[Int(channel.arc)] == graph.head[Int(graph.reverse[Int(next.arc)])], "\(label) lanes \(lanes)")
                    #expect(brute.deps.contains([Int(channel.arc), Int(next.arc), channel.lane]), "\(label) lanes \(lanes)")
                }
            }
        }
    }

    @Test("folded blocks match explicit path enumeration (cyclic and acyclic)", arguments: Array(UInt64(1)...UInt64(6)))
    func bruteForce(_ seed: UInt64) {
        let design = Blocks(seed: seed, superpods: 3, pods: 3, perPod: seed % 2 == 0 ? 4 : 3)
        let graph = CSRGraph(design.topology)
        expectExact(graph, rank: design.rank, label: "seed \(seed)")
        // The fold routes the destinations of one pod of one superpod only.
        let enough = graph.channelDependencies(rank: design.rank, virtualLanes: 16)
        #expect(enough.cycle == nil)
        #expect(enough.destinationClasses <= graph.accelerators.count / 9, "seed \(seed)")
        let full = graph.channelDependencies(rank: design.rank, virtualLanes: 16, alwaysBuild: true)
        #expect(full.cycle == nil)
        // The hop bound is an upper bound on the lanes; the lane scheme counts them exactly.
        #expect(enough.method == .hopBound ? enough.lanesNeeded >= full.lanesNeeded : enough.lanesNeeded == full.lanesNeeded, "seed \(seed)")
        for lanes in full.lanesNeeded...(full.lanesNeeded + 1) {
            let proof = graph.channelDependencies(rank: design.rank, virtualLanes: lanes)
            #expect(proof.cycle == nil && (proof.method == .hopBound || proof.lanesNeeded == full.lanesNeeded), "seed \(seed) lanes \(lanes)")
        }
    }

    @Test("a tree of pods needs one lane: proved from one pod")
    func acyclicTree() {
        // Pods of 2 accelerators on one leaf (no accelerator links): up*/down* only.
        let design = Blocks(seed: 3, superpods: 3, pods: 4, perPod: 2, mesh: false)
        let graph = CSRGraph(design.topology)
        let analysis = graph.channelDependencies(rank: design.rank, virtualLanes: 1)
        #expect(analysis.cycle == nil)
        #expect(analysis.lanesNeeded == 1)
        #expect(analysis.destinationClasses == 1)
        expectExact(graph, rank: design.rank, label: "tree")
    }

    @Test("one extra link breaks a block's symmetry; a link between two blocks stops their fold")
    func brokenSymmetry() {
        var extra = Blocks(seed: 2, superpods: 3, pods: 3, perPod: 4)
        extra.link(extra.index("a1-2-0"), extra.index("a1-2-2"))
        let extraGraph = CSRGraph(extra.topology)
        expectExact(extraGraph, rank: extra.rank, label: "extra link")
        let symmetric = CSRGraph(Blocks(seed: 2, superpods: 3, pods: 3, perPod: 4).topology)
        let broken = extraGraph.channelDependencies(rank: extra.rank, virtualLanes: 16)
        let intact = symmetric.channelDependencies(rank: extra.rank, virtualLanes: 16)
        #expect(broken.destinationClasses > intact.destinationClasses)
        var bridged = Blocks(seed: 5, superpods: 3, pods: 3, perPod: 3)
        bridged.link(bridged.index("a0-0-1"), bridged.index("a0-1-1"))
        expectExact(CSRGraph(bridged.topology), rank: bridged.rank, label: "bridged pods")
        var crossed = Blocks(seed: 4, superpods: 3, pods: 2, perPod: 4)
        crossed.link(crossed.index("leaf0-0"), crossed.index("leaf2-1"))
        expectExact(CSRGraph(crossed.topology), rank: crossed.rank, label: "crossed superpods")
    }

    @Test("a cycle that needs lanes from outside the home block is still found (lane 1 witness)")
    func laneOneWitness() {
        // Larger pods (ring of 6 with chords): with 2 lanes a valley before the ring can be needed.
        let design = Blocks(seed: 7, superpods: 3, pods: 2, perPod: 6)
        expectExact(CSRGraph(design.topology), rank: design.rank, label: "ring of 6")
    }
}

@Suite("Channel-dependency graph: dimension-order lane count")
struct DimensionOrderLaneCountTests {
    @Test("the lane count without recording turns matches the one of the built graph", arguments: [false, true])
    func laneCount(_ chords: Bool) {
        // A 7×4 torus; with chords 0–2 and 2–4 along x (two apart: counted as wrap links), the shortest path 6→0→2→3
        // crosses two wrap links before its last hop and needs a third lane.
        var topology = Topology(file: "torus")
        var coordinates: [[Int]] = []
        for y in 0..<4 {
            for x in 0..<7 {
                _ = try? topology.addDevice(Device(id: "n\(x)-\(y)", role: .accelerator, coordinates: [x, y]))
                coordinates.append([x, y])
            }
        }
        for y in 0..<4 {
            for x in 0..<7 {
                _ = try? topology.addLink(Link(source: Int32(y * 7 + x), target: Int32(y * 7 + (x + 1) % 7)))
                _ = try? topology.addLink(Link(source: Int32(y * 7 + x), target: Int32(((y + 1) % 4) * 7 + x)))
            }
        }
        if chords {
            for y in [0, 2] {
                _ = try? topology.addLink(Link(source: Int32(y * 7), target: Int32(y * 7 + 2)))
                _ = try? topology.addLink(Link(source: Int32(y * 7 + 2), target: Int32(y * 7 + 4)))
            }
        }
        let graph = CSRGraph(topology)
        let built = graph.channelDependencies(routing: .dimensionOrder(coordinates: coordinates), virtualLanes: 16, forwarding: nil, alwaysBuild: true)
        let counted = graph.channelDependencies(routing: .dimensionOrder(coordinates: coordinates), virtualLanes: 16, forwarding: nil)
        #expect(built.method == .dependencyGraph && built.cycle == nil)
        #expect(counted.method == .laneScheme)
        #expect(counted.lanesNeeded == built.lanesNeeded)
        #expect(counted.lanesNeeded == (chords ? 3 : 2))
    }
}

@Suite("Channel-dependency graph: translation symmetry")
struct DimensionOrderTranslationTests {
    /// A torus (or full mesh per dimension) of the given sizes with coordinates; `uneven` gives one link another
    /// bandwidth, which breaks the translation symmetry (not the routing).
    func grid(_ sizes: [Int], fullMesh: Bool, uneven: Bool) -> (CSRGraph, [[Int]]) {
        var topology = Topology(file: "grid")
        var coordinates: [[Int]] = []
        let count = sizes.reduce(1, *)
        for index in 0..<count {
            var rest = index
            let point = sizes.map { size in
                defer { rest /= size }
                return rest % size
            }
            _ = try? topology.addDevice(Device(id: "n\(index)", role: .accelerator, coordinates: point))
            coordinates.append(point)
        }
        func index(_ point: [Int]) -> Int32 {
            var code = 0
            var stride = 1
            for (value, size) in zip(point, sizes) {
                code += value * stride
                stride *= size
            }
            return Int32(code)
        }
        for (vertex, point) in coordinates.enumerated() {
            for dimension in sizes.indices where sizes[dimension] > 1 {
                let others =
                    fullMesh
                    ? Array((point[dimension] + 1)..<max(point[dimension] + 1, sizes[dimension]))
                    : (sizes[dimension] == 2 && point[dimension] == 1 ? [] : [(point[dimension] + 1) % sizes[dimension]])
                for value in others {
                    var target = point
                    target[dimension] = value
                    let bandwidth = uneven && vertex == 0 && dimension == 0 ? 2e9 : 1e9
                    _ = try? topology.addLink(Link(source: Int32(vertex), target: index(target), bandwidth: bandwidth))
                }
            }
        }
        return (CSRGraph(topology), coordinates)
    }

    @Test(
        "the diagonal destinations give the lanes of all destinations",
        arguments: [[4, 4], [5, 3], [3, 4, 2], [6, 2], [2, 2, 2], [7]])
    func diagonal(_ sizes: [Int]) {
        for fullMesh in [false, true] {
            let (symmetric, coordinates) = grid(sizes, fullMesh: fullMesh, uneven: false)
            let (broken, _) = grid(sizes, fullMesh: fullMesh, uneven: true)
            for lanes in 1...3 {
                let reduced = symmetric.channelDependencies(routing: .dimensionOrder(coordinates: coordinates), virtualLanes: lanes, forwarding: nil)
                let every = broken.channelDependencies(routing: .dimensionOrder(coordinates: coordinates), virtualLanes: lanes, forwarding: nil)
                #expect(reduced.lanesNeeded == every.lanesNeeded, "\(sizes) mesh \(fullMesh) lanes \(lanes)")
                #expect((reduced.cycle == nil) == (every.cycle == nil), "\(sizes) mesh \(fullMesh) lanes \(lanes)")
                if reduced.method == .laneScheme {
                    #expect(reduced.destinationClasses == sizes.max(), "\(sizes) mesh \(fullMesh)")
                    #expect(every.destinationClasses == sizes.reduce(1, *), "\(sizes) mesh \(fullMesh)")
                }
            }
        }
    }
}
