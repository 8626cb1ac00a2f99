import FabricGraph
import FabricModel
import FabricTestSupport
import Testing

/// ECMP with per-hop equal split toward each destination (what switches do), written here independently of the
/// engine: for each destination, every other accelerator's unit flows down the shortest-path DAG, split equally
/// over the cables to the next hops.
func bisectionTestECMPLoads(_ graph: CSRGraph) -> [Double] {
    var load = [Double](repeating: 0, count: graph.arcCount)
    for destination in graph.accelerators {
        var distance = [Int](repeating: -1, count: graph.vertexCount)
        var order: [Int32] = [destination]
        distance[Int(destination)] = 0
        var index = 0
        while index < order.count {
            let vertex = order[index]
            index += 1
            for arc in graph.arcs(from: vertex) where graph.capacity[Int(graph.reverse[Int(arc)])] > 0 {
                let next = graph.head[Int(arc)]
                if distance[Int(next)] < 0 {
                    distance[Int(next)] = distance[Int(vertex)] + 1
                    order.append(next)
                }
            }
        }
        var inflow = [Double](repeating: 0, count: graph.vertexCount)
        for vertex in order.reversed() where vertex != destination {
            let amount = inflow[Int(vertex)] + (graph.isAccelerator[Int(vertex)] ? 1 : 0)
            let next = graph.arcs(from: vertex).filter {
                graph.capacity[Int($0)] > 0 && distance[Int(graph.head[Int($0)])] == distance[Int(vertex)] - 1
            }
            for arc in next {
                load[Int(arc)] += amount / Double(next.count)
                inflow[Int(graph.head[Int(arc)])] += amount / Double(next.count)
            }
        }
    }
    return load
}

@Suite struct BisectionBracketTests {
    @Test(arguments: [[4, 4], [4, 4, 4], [6, 6]])
    func torusBracketIsExact(sizes: [Int]) throws {
        let topology = try BisectionFixtures.torus(sizes, bandwidth: 50e9 * 8)
        let graph = CSRGraph(topology)
        let bracket = BisectionBracket.compute(graph: graph, topology: topology, allToAllLoads: bisectionTestECMPLoads(graph))
        let expected = Double(2 * sizes.reduce(1, *) / sizes[0]) * 400e9
        #expect(bracket.upper == expected)
        #expect(bracket.lower == expected)
        #expect(bracket.lowerCertificate.kind == .allToAllRouting)
        #expect(bracket.gap == 0)
    }

    @Test func fullMeshBracketIsExact() throws {
        let topology = try BisectionFixtures.fullMesh([4, 4, 2], bandwidths: [2, 2, 1])
        let graph = CSRGraph(topology)
        let bracket = BisectionBracket.compute(graph: graph, topology: topology, allToAllLoads: bisectionTestECMPLoads(graph))
        #expect(bracket.upper == 16)
        #expect(bracket.lower == 16)
        // Full bisection: 32 accelerators × (3·2 + 3·2 + 1) / 2.
        #expect(bracket.fullBisection == 32 * 13 / 2)
    }

    @Test(arguments: [4, 6, 8])
    func fatTreeLowerBoundReachesClosedFormThroughHose(k: Int) throws {
        let topology = try BisectionFixtures.fatTree(k, bandwidth: 400e9)
        let graph = CSRGraph(topology)
        let bracket = BisectionBracket.compute(graph: graph, topology: topology)
        let expected = Double(k * k * k / 8) * 400e9
        #expect(bracket.upper == expected)
        #expect(bracket.lower == expected)
        #expect(bracket.lowerCertificate.kind == .hose)
        #expect(bracket.upperRatio == 1)
        // The all-to-all certificate alone proves only about half: host links carry n − 1 units.
        let n = Double(k * k * k / 4)
        let allToAll = AllToAllCertificate.fromLoads(graph: graph, arcLoads: bisectionTestECMPLoads(graph), routing: "ecmp")
        #expect(abs(allToAll.bound - (n / 2) * (n / 2) / (n - 1) * 400e9) <= 1e-6 * expected)
    }

    @Test func leafSpineLowerBoundReachesClosedFormThroughHose() throws {
        let topology = try BisectionFixtures.leafSpine(leaves: 4, hostsPerLeaf: 16, spines: 2)
        let bracket = BisectionBracket.compute(graph: CSRGraph(topology), topology: topology)
        #expect(bracket.upper == 32)
        #expect(bracket.lower == 32)
        #expect(bracket.lowerCertificate.kind == .hose)
    }

    @Test func oversubscribedLeafSpineHoseBoundMatchesUplinks() throws {
        // 4 leaves × 16 hosts, 2 spines × 2 cables: 4:1 oversubscribed; best cut = 2 leaves' uplinks = 8 cables.
        var topology = try BisectionFixtures.leafSpine(leaves: 4, hostsPerLeaf: 16, spines: 2)
        for index in topology.links.indices where topology.links[index].multiplicity == 8 { topology.links[index].multiplicity = 2 }
        let bracket = BisectionBracket.compute(graph: CSRGraph(topology), topology: topology)
        #expect(bracket.upper == 8)
        #expect(bracket.lower == 8)
    }

    @Test(arguments: 0..<24)
    func randomGraphsBracketTheExactBisection(seed: Int) throws {
        var random = BisectionTestRandom(seed: UInt64(seed) &* 104_729)
        let accelerators = 4 + random.below(11)
        let switches = random.below(5)
        let topology = try BisectionFixtures.random(
            seed: UInt64(seed) + 500, accelerators: accelerators, switches: switches,
            extra: random.below(2 * accelerators))
        let graph = CSRGraph(topology)
        let exact = BisectionFixtures.exactBisection(topology)
        for effort in BisectionEffort.allCases {
            let bracket = BisectionBracket.compute(graph: graph, topology: topology, effort: effort)
            #expect(bracket.lower <= exact * (1 + 1e-9), "seed \(seed): lower \(bracket.lower) > exact \(exact)")
            #expect(bracket.upper >= exact * (1 - 1e-9), "seed \(seed): upper \(bracket.upper) < exact \(exact)")
            for certificate in bracket.certificates {
                #expect(certificate.bound <= exact * (1 + 1e-9), "seed \(seed): \(certificate.kind) \(certificate.bound) > \(exact)")
            }
        }
        let withECMP = BisectionBracket.compute(graph: graph, topology: topology, allToAllLoads: bisectionTestECMPLoads(graph))
        #expect(withECMP.lower <= exact * (1 + 1e-9))
    }

    @Test func structuredGraphsBracketTheExactBisection() throws {
        let designs = [
            try BisectionFixtures.torus([4, 4]),
            try BisectionFixtures.fullMesh([4, 2, 2], bandwidths: [1, 3, 2]),
            try BisectionFixtures.leafSpine(leaves: 3, hostsPerLeaf: 4, spines: 2),
            try BisectionFixtures.torus([3, 5]),
        ]
        for topology in designs {
            let exact = BisectionFixtures.exactBisection(topology)
            let bracket = BisectionBracket.compute(graph: CSRGraph(topology), topology: topology)
            #expect(bracket.lower <= exact * (1 + 1e-9), "\(topology.file): lower \(bracket.lower) > exact \(exact)")
            #expect(bracket.upper == exact, "\(topology.file): upper \(bracket.upper), exact \(exact)")
        }
    }

    @Test func concurrentFlowImprovesOnATreeRouting() throws {
        // A ring of 8 with one chord: shortest-path trees overload the chord; rerouting spreads it.
        var topology = try BisectionFixtures.torus([8])
        try topology.addLink(Link(source: 0, target: 4, bandwidth: 1))
        let graph = CSRGraph(topology)
        let exact = BisectionFixtures.exactBisection(topology)
        let start = try #require(ConcurrentFlow.uniformAllToAll(graph: graph, phases: 0))
        let improved = try #require(ConcurrentFlow.uniformAllToAll(graph: graph, phases: 40))
        let before = AllToAllCertificate.fromLoads(graph: graph, arcLoads: start, routing: "trees").bound
        let after = AllToAllCertificate.fromLoads(graph: graph, arcLoads: improved, kind: .concurrentFlow, routing: "mw").bound
        #expect(after > before)
        #expect(after <= exact + 1e-9)
    }

    @Test func leafAggregationRoutesEveryPair() throws {
        // Fat-tree k=4: every host sends and receives n − 1 = 15 units on its own cable, and the total load is the
        // sum of path lengths of the tree routing (each pair on one path: 2 hops within an edge switch, 4 in a pod,
        // 6 across pods).
        let topology = try BisectionFixtures.fatTree(4)
        let graph = CSRGraph(topology)
        let loads = try #require(ConcurrentFlow.uniformAllToAll(graph: graph, phases: 0))
        for host in graph.accelerators {
            for arc in graph.arcs(from: host) {
                #expect(loads[Int(arc)] == 15)
                #expect(loads[Int(graph.reverse[Int(arc)])] == 15)
            }
        }
        let pairsWithin = 16.0 * 1
        let pairsInPod = 16.0 * 2
        let pairsAcross = 16.0 * 12
        #expect(loads.reduce(0, +) == pairsWithin * 2 + pairsInPod * 4 + pairsAcross * 6)
    }

    @Test func smallDragonflyIsBracketedTightly() throws {
        let topology = try Designs.topology(named: "dragonfly", parameters: ["a": "4", "p": "2", "h": "2"])
        let graph = CSRGraph(topology)
        let bracket = BisectionBracket.compute(graph: graph, topology: topology)
        #expect(bracket.lower <= bracket.upper)
        #expect(bracket.gap < 0.10, "lower \(bracket.lower) upper \(bracket.upper): \(bracket.certificates)")
    }

    @Test func failureMaskLowersTheBracket() throws {
        let topology = try BisectionFixtures.fatTree(4)
        let graph = CSRGraph(topology)
        var mask = FailureMask(for: graph)
        // Fail one core switch: 4 of the 16 core links go; bisection drops from 8 to at most 7.
        let core = try #require(topology.deviceIndex(forID: "c0"))
        mask.failDevice(core)
        let bracket = BisectionBracket.compute(graph: graph, topology: topology, mask: mask)
        #expect(bracket.upper < 8)
        #expect(bracket.lower <= bracket.upper)
        #expect(bracket.lower > 0)
        #expect(!bracket.cut.links.contains { topology.links[Int($0)].source == core || topology.links[Int($0)].target == core })
    }

    @Test func fewerThanTwoAcceleratorsIsTrivial() throws {
        var topology = Topology(file: "one.graphml")
        try topology.addDevice(Device(id: "a", role: .accelerator))
        try topology.addDevice(Device(id: "s", role: .switch))
        try topology.addLink(Link(source: 0, target: 1, bandwidth: 1))
        let bracket = BisectionBracket.compute(graph: CSRGraph(topology), topology: topology)
        #expect(bracket.lower == 0 && bracket.upper == 0)
        #expect(bracket.lowerCertificate.kind == .trivial)
    }
}
