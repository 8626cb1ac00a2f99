import FabricGraph
import FabricModel
import FabricRules
import Testing

/// The engine's SplitMix64 (Steele, Lea, Flood 2014), with fixed seeds.
typealias Mix64 = SplitMix64

/// Every shortest path between accelerator pairs, enumerated explicitly, with lanes assigned hop by hop.
func bruteForceDependencies(_ graph: CSRGraph, rank: [Int64], lanes: Int, skip: (Int32) -> Bool) -> (deps: Set<[Int]>, needed: Int) {
    var deps = Set<[Int]>()
    var needed = 1
    for destination in graph.accelerators {
        let distance = graph.hopDistances(from: destination)
        for source in graph.accelerators where source != destination && distance[Int(source)] > 0 {
            // Depth-first enumeration of shortest paths as arc lists.
            var stack: [(vertex: Int32, path: [Int32])] = [(source, [])]
            while let (vertex, path) = stack.popLast() {
                if vertex == destination {
                    var lane = 0
                    for (index, arc) in path.enumerated() where index > 0 {
                        let previous = path[index - 1]
                        let v = Int(graph.head[Int(previous)])
                        let tail = Int(graph.head[Int(graph.reverse[Int(previous)])])
                        let inDown = rank[v] < rank[tail]
                        let outUp = rank[Int(graph.head[Int(arc)])] > rank[v]
                        if !(skip(Int32(tail)) || skip(graph.head[Int(arc)])) {
                            deps.insert([Int(previous), Int(arc), min(lane, lanes - 1)])
                        }
                        if inDown && outUp { lane += 1 }
                    }
                    needed = max(needed, lane + 1)
                    continue
                }
                for arc in graph.arcs(from: vertex) where graph.capacity[Int(arc)] > 0 {
                    let next = graph.head[Int(arc)]
                    if distance[Int(next)] == distance[Int(vertex)] - 1 { stack.append((next, path + [arc])) }
                }
            }
        }
    }
    return (deps, needed)
}

/// Whether the dependency set (channel = arc·lanes + lane) has a cycle (Kahn's algorithm).
func hasCycle(_ deps: Set<[Int]>, graph: CSRGraph, rank: [Int64], lanes: Int) -> Bool {
    var edges: [Int: [Int]] = [:]
    var indegree: [Int: Int] = [:]
    for dep in deps {
        let v = Int(graph.head[dep[0]])
        let tail = Int(graph.head[Int(graph.reverse[dep[0]])])
        let shift = rank[v] < rank[tail] && rank[Int(graph.head[dep[1]])] > rank[v]
        let from = dep[0] * lanes + dep[2]
        let to = dep[1] * lanes + min(dep[2] + (shift ? 1 : 0), lanes - 1)
        edges[from, default: []].append(to)
        indegree[to, default: 0] += 1
        indegree[from, default: 0] += 0
    }
    var queue = indegree.filter { $0.value == 0 }.map(\.key)
    var removed = 0
    while let node = queue.popLast() {
        removed += 1
        for next in edges[node] ?? [] {
            indegree[next, default: 0] -= 1
            if indegree[next] == 0 { queue.append(next) }
        }
    }
    return removed < indegree.count
}

@Suite("Channel-dependency graph")
struct ChannelDependencyTests {
    func randomTopology(seed: UInt64, vertices: Int, chords: Int, leaves: Int) -> (Topology, [Int64]) {
        var random = Mix64(seed: seed)
        var topology = Topology(file: "random-\(seed)")
        for index in 0..<vertices {
            _ = try? topology.addDevice(Device(id: "v\(index)", role: random.below(3) == 0 ? .switch : .accelerator))
        }
        for index in 0..<vertices { _ = try? topology.addLink(Link(source: Int32(index), target: Int32((index + 1) % vertices))) }
        for _ in 0..<chords {
            let a = random.below(vertices)
            let b = random.below(vertices)
            if a != b { _ = try? topology.addLink(Link(source: Int32(a), target: Int32(b))) }
        }
        for leaf in 0..<leaves {
            let index = Int32(topology.devices.count)
            _ = try? topology.addDevice(Device(id: "leaf\(leaf)", role: .accelerator))
            _ = try? topology.addLink(Link(source: index, target: Int32(random.below(vertices))))
        }
        let rank = (0..<topology.devices.count).map { Int64(random.below(3)) << 32 | Int64($0) }
        // The brute-force reference lets every vertex relay: declare that forwarding model (its own tests check the others).
        topology.properties["forwarding"] = .string("all")
        return (topology, rank)
    }

    @Test("matches explicit path enumeration on seeded random graphs", arguments: Array(UInt64(1)...UInt64(12)))
    func bruteForce(_ seed: UInt64) {
        let (topology, rank) = randomTopology(seed: seed, vertices: 7 + Int(seed % 5), chords: Int(seed % 4), leaves: Int(seed % 3))
        let graph = CSRGraph(topology)
        var degreeOne = Set<Int32>()
        for vertex in 0..<Int32(graph.vertexCount) where Set(graph.arcs(from: vertex).map { graph.head[Int($0)] }).count == 1 {
            degreeOne.insert(vertex)
        }
        for lanes in 1...3 {
            let analysis = graph.channelDependencies(rank: rank, virtualLanes: lanes)
            let brute = bruteForceDependencies(graph, rank: rank, lanes: lanes, skip: { degreeOne.contains($0) })
            switch analysis.method {
            case .hopBound:
                // Proved by path length: an upper bound on the lanes needed, within the declared lanes.
                #expect(brute.needed <= analysis.lanesNeeded && analysis.lanesNeeded <= lanes, "seed \(seed) lanes \(lanes)")
            case .laneScheme:
                // Proved by the lane scheme without building the CDG: only when the lanes suffice.
                #expect(brute.needed <= lanes, "seed \(seed) lanes \(lanes)")
                #expect(analysis.lanesNeeded == brute.needed, "seed \(seed)")
            case .dependencyGraph:
                if analysis.cycle == nil {
                    #expect(analysis.dependencyCount == brute.deps.count, "seed \(seed) lanes \(lanes)")
                    #expect(analysis.lanesNeeded == brute.needed, "seed \(seed)")
                } else {
                    #expect(analysis.dependencyCount <= brute.deps.count, "seed \(seed) lanes \(lanes)")
                    #expect(analysis.lanesNeededIsLowerBound ? analysis.lanesNeeded <= brute.needed : analysis.lanesNeeded == brute.needed)
                }
            }
            let built = graph.channelDependencies(rank: rank, virtualLanes: lanes, alwaysBuild: true)
            if built.cycle == nil { #expect(built.dependencyCount == brute.deps.count, "seed \(seed) lanes \(lanes): forced build") }
            let cyclic = hasCycle(brute.deps, graph: graph, rank: rank, lanes: lanes)
            #expect((analysis.cycle != nil) == cyclic, "seed \(seed) lanes \(lanes)")
            if lanes >= brute.needed { #expect(analysis.cycle == nil, "seed \(seed): acyclic with enough lanes") }
            if let cycle = analysis.cycle {
                // The witness is a real cycle: each channel's arc ends where the next one starts.
                for (index, channel) in cycle.enumerated() {
                    let next = cycle[(index + 1) % cycle.count]
                    #expect(graph.head[Int(channel.arc)] == graph.head[Int(graph.reverse[Int(next.arc)])])
                    #expect(brute.deps.contains([Int(channel.arc), Int(next.arc), channel.lane]))
                }
            }
        }
    }

    @Test("a ring needs 2 lanes; a tree needs 1")
    func closedForms() {
        var ring = Topology(file: "ring")
        for index in 0..<8 { _ = try? ring.addDevice(Device(id: "r\(index)", role: .accelerator)) }
        for index in 0..<8 { _ = try? ring.addLink(Link(source: Int32(index), target: Int32((index + 1) % 8))) }
        let graph = CSRGraph(ring)
        let rank = (0..<8).map { Int64($0) }
        #expect(graph.channelDependencies(rank: rank, virtualLanes: 1).cycle?.count == 8)
        #expect(graph.channelDependencies(rank: rank, virtualLanes: 2).cycle == nil)
        #expect(graph.channelDependencies(rank: rank, virtualLanes: 2).lanesNeeded == 2)
        var star = Topology(file: "star")
        _ = try? star.addDevice(Device(id: "hub", role: .switch))
        for index in 0..<4 {
            _ = try? star.addDevice(Device(id: "a\(index)", role: .accelerator))
            _ = try? star.addLink(Link(source: 0, target: Int32(index + 1)))
        }
        let starGraph = CSRGraph(star)
        let starRank: [Int64] = [1 << 32, 0, 1, 2, 3]
        let analysis = starGraph.channelDependencies(rank: starRank, virtualLanes: 1)
        #expect(analysis.cycle == nil)
        #expect(analysis.lanesNeeded == 1)
    }
}

@Suite("Channel-dependency graph: dimension order")
struct DimensionOrderDependencyTests {
    /// A k×k 2-D torus (wrap links) or full mesh per dimension, coordinates (x, y).
    func grid(_ k: Int, fullMesh: Bool) -> (CSRGraph, [[Int]]) {
        var topology = Topology(file: "grid")
        var coordinates: [[Int]] = []
        for y in 0..<k {
            for x in 0..<k {
                _ = try? topology.addDevice(Device(id: "n\(x)-\(y)", role: .accelerator, coordinates: [x, y]))
                coordinates.append([x, y])
            }
        }
        func index(_ x: Int, _ y: Int) -> Int32 { Int32(y * k + x) }
        for y in 0..<k {
            for x in 0..<k {
                if fullMesh {
                    for other in (x + 1)..<max(x + 1, k) { _ = try? topology.addLink(Link(source: index(x, y), target: index(other, y))) }
                    for other in (y + 1)..<max(y + 1, k) { _ = try? topology.addLink(Link(source: index(x, y), target: index(x, other))) }
                } else {
                    _ = try? topology.addLink(Link(source: index(x, y), target: index((x + 1) % k, y)))
                    _ = try? topology.addLink(Link(source: index(x, y), target: index(x, (y + 1) % k)))
                }
            }
        }
        return (CSRGraph(topology), coordinates)
    }

    @Test("a torus needs 2 dateline lanes; a full mesh needs 1")
    func closedForms() {
        let (torus, coordinates) = grid(4, fullMesh: false)
        let one = torus.channelDependencies(routing: .dimensionOrder(coordinates: coordinates), virtualLanes: 1, forwarding: nil)
        #expect(one.cycle != nil)
        #expect(one.lanesNeeded == 2)
        // Every channel of the witness moves along one dimension: a ring cycle.
        if let cycle = one.cycle { #expect(cycle.count == 4) }
        #expect(torus.channelDependencies(routing: .dimensionOrder(coordinates: coordinates), virtualLanes: 2, forwarding: nil).cycle == nil)
        let (mesh, meshCoordinates) = grid(4, fullMesh: true)
        let analysis = mesh.channelDependencies(routing: .dimensionOrder(coordinates: meshCoordinates), virtualLanes: 1, forwarding: nil)
        #expect(analysis.cycle == nil)
        #expect(analysis.method == .laneScheme)
        // All shortest paths (not dimension order) on the full mesh do have a 1-lane cycle: x-then-y and y-then-x turns.
        let minimal = mesh.channelDependencies(rank: (0..<16).map { Int64($0) }, virtualLanes: 1)
        #expect(minimal.cycle != nil)
    }

    @Test("non-forwarding endpoints carry no dependencies through them")
    func endpoints() {
        // Two switches joined through two accelerators that may not forward: no turn at the accelerators.
        var topology = Topology(file: "square")
        for (id, role) in [("s0", Role.switch), ("a0", .accelerator), ("s1", .switch), ("a1", .accelerator)] {
            _ = try? topology.addDevice(Device(id: id, role: role))
        }
        for index in 0..<4 { _ = try? topology.addLink(Link(source: Int32(index), target: Int32((index + 1) % 4))) }
        let graph = CSRGraph(topology)
        let rank: [Int64] = [1 << 32, 1, 1 << 32 | 2, 3]
        let blocked = graph.channelDependencies(
            routing: .minimal(rank: rank), virtualLanes: 1, forwarding: [true, false, true, false],
            alwaysBuild: true)
        // a0→s0→a1 and a0→s1→a1 and reverse: every turn starts or ends at an endpoint, so none can be on a cycle.
        #expect(blocked.dependencyCount == 0)
        #expect(blocked.cycle == nil)
        // If the accelerators forwarded, switch-to-switch traffic does not exist either (only accelerators send),
        // but the accelerator-to-accelerator paths then turn at the switches between transit channels.
        let open = graph.channelDependencies(routing: .minimal(rank: rank), virtualLanes: 1, forwarding: nil, alwaysBuild: true)
        #expect(open.dependencyCount == 4)
    }
}

@Suite("Channel-dependency graph: symmetry and lane proofs")
struct DependencySymmetryTests {
    @Test("rack and pod symmetry: same lanes from fewer destinations, and the proof matches the built graph")
    func symmetry() {
        var builder = ExampleDesigns.leafSpine(leaves: 8, spines: 4, perLeaf: 3, dualHomed: true, pods: 4)
        for pod in 0..<4 { builder.link("leaf-\(2 * pod)", "leaf-\(2 * pod + 1)") }
        let topology = builder.topology
        let graph = CSRGraph(topology)
        let rank = topology.devices.indices.map { Int64(topology.devices[$0].tier ?? 0) << 32 | Int64($0) }
        let forwarding = (0..<graph.vertexCount).map { !graph.isAccelerator[$0] }
        let candidates = TrafficAnalysis.symmetryCandidates(topology: topology)
        let plain = graph.channelDependencies(routing: .minimal(rank: rank), virtualLanes: 1, forwarding: forwarding)
        let reduced = graph.channelDependencies(routing: .minimal(rank: rank), virtualLanes: 1, forwarding: forwarding, symmetryCandidates: candidates)
        let built = graph.channelDependencies(routing: .minimal(rank: rank), virtualLanes: 1, forwarding: forwarding, alwaysBuild: true)
        #expect(reduced.lanesNeeded == plain.lanesNeeded)
        // Both fold the interchangeable pods and racks (fewer classes than the whole graph); the candidates do no worse.
        #expect(reduced.destinationClasses <= plain.destinationClasses)
        #expect(plain.destinationClasses < built.destinationClasses)
        #expect(reduced.method == .laneScheme || reduced.method == .hopBound)
        #expect(built.method == .dependencyGraph)
        #expect(built.cycle == nil)
        #expect(built.lanesNeeded == plain.lanesNeeded)
    }

    @Test("too few lanes: the first cycle found is a witness and lanes needed is a lower bound until all are routed")
    func earlyCycle() {
        // A ring of 40 with 1 lane: minimal routing closes the ring's cycle.
        let topology = ExampleDesigns.ring(count: 40).topology
        let graph = CSRGraph(topology)
        let analysis = graph.channelDependencies(rank: (0..<40).map { Int64($0) }, virtualLanes: 1)
        #expect(analysis.method == .dependencyGraph)
        #expect(analysis.cycle?.count == 40)
        #expect(!analysis.sampled)
        #expect(analysis.lanesNeeded >= 2)
    }
}
