import FabricGraph
import FabricModel
import Testing

@Suite struct FlowTests {
    @Test(arguments: 0..<50)
    func maxFlowMatchesCutEnumeration(seed: Int) throws {
        var random = GraphTestRandom(seed: UInt64(seed) &+ 101)
        let n = 4 + random.below(9)
        let topology = try TestTopology.random(seed: UInt64(seed) &+ 500, vertices: n, links: n + random.below(2 * n))
        let graph = CSRGraph(topology)
        let s = random.below(n)
        var t = random.below(n)
        if t == s { t = (s + 1) % n }
        let result = graph.maxFlow(from: Int32(s), to: Int32(t))
        let expected = BruteForce.minimumCut(topology, s, t) { $0.bandwidth ?? 1 }
        #expect(abs(result.value - expected) < 1e-9)
        #expect(result.complete)
        // The witness cut: its capacity is the flow value and removing its links separates s from t.
        let cutCapacity = result.cutArcs.reduce(0.0) { $0 + graph.capacity[Int($1)] }
        #expect(abs(cutCapacity - expected) < 1e-9)
        let labels = BruteForce.components(topology, removedLinks: Set(result.cutArcs.map { Int(graph.link[Int($0)]) }), removedDevices: [])
        #expect(labels[s] != labels[t])
        // Early stopping: k edge-disjoint paths.
        let unit = BruteForce.minimumCut(topology, s, t) { _ in 1 }
        #expect(graph.hasEdgeDisjointPaths(from: Int32(s), to: Int32(t), count: Int(unit)))
        #expect(!graph.hasEdgeDisjointPaths(from: Int32(s), to: Int32(t), count: Int(unit) + 1))
    }

    @Test(arguments: 0..<60)
    func acceleratorCutMatchesEnumeration(seed: Int) throws {
        var random = GraphTestRandom(seed: UInt64(seed) &+ 9)
        let n = 4 + random.below(10)
        let topology = try TestTopology.random(seed: UInt64(seed) &+ 77, vertices: n, links: n + random.below(3 * n))
        let graph = CSRGraph(topology)
        let multi = try #require(graph.edgeConnectivity())
        #expect(multi.value == BruteForce.minimumAcceleratorCut(topology) { _ in 1 })
        let bandwidth = try #require(graph.minimumBandwidthCut())
        #expect(abs(bandwidth.value - BruteForce.minimumAcceleratorCut(topology) { $0.bandwidth ?? 1 }) < 1e-9)
        // Simple view: parallel links count once.
        var simple = topology
        var seen: Set<[Int32]> = []
        simple.links = topology.links.filter { link in
            !link.isSelfLoop && seen.insert([min(link.source, link.target), max(link.source, link.target)]).inserted
        }
        let simpleCut = try #require(graph.edgeConnectivity(simple: true))
        #expect(simpleCut.value == BruteForce.minimumAcceleratorCut(simple) { _ in 1 })
        // Witness: the cut's cables add up to the value and separate the two named accelerators.
        for (cut, unit) in [(multi, true), (bandwidth, false)] where cut.value > 0 {
            let total = cut.cutArcs.reduce(0.0) { $0 + (unit ? 1 : max(graph.capacity[Int($1)], graph.capacity[Int(graph.reverse[Int($1)])])) }
            #expect(abs(total - cut.value) < 1e-9)
            let labels = BruteForce.components(topology, removedLinks: Set(cut.cutLinks.map(Int.init)), removedDevices: [])
            #expect(labels[Int(cut.source)] != labels[Int(cut.sink)])
            #expect(graph.isAccelerator[Int(cut.source)] && graph.isAccelerator[Int(cut.sink)])
        }
    }

    @Test func disconnectedAcceleratorsHaveZeroConnectivity() throws {
        let topology = try TestTopology.build([.accelerator, .accelerator, .accelerator], [(0, 1)])
        let cut = try #require(CSRGraph(topology).edgeConnectivity())
        #expect(cut.value == 0)
    }

    @Test func failureMaskLowersConnectivity() throws {
        // Two accelerators joined through two switches: 2 paths; failing one switch leaves 1.
        let topology = try TestTopology.build([.accelerator, .switch, .switch, .accelerator], [(0, 1), (1, 3), (0, 2), (2, 3)])
        let graph = CSRGraph(topology)
        #expect(graph.edgeConnectivity()?.value == 2)
        var mask = FailureMask(for: graph)
        mask.failDevice(1)
        #expect(graph.edgeConnectivity(under: mask)?.value == 1)
        #expect(graph.edgeConnectivity(under: mask)?.cutLinks.count == 1)
    }
}

@Suite struct NodeConnectivityTests {
    @Test(arguments: 0..<40)
    func matchesSubsetEnumeration(seed: Int) throws {
        var random = GraphTestRandom(seed: UInt64(seed) &+ 3)
        let n = 3 + random.below(8)
        let topology = try TestTopology.random(seed: UInt64(seed) &+ 1234, vertices: n, links: n + random.below(3 * n))
        let graph = CSRGraph(topology)
        // Smallest set of removed devices leaving a disconnected graph of at least two devices; n − 1 if none.
        var expected = n - 1
        for mask in 0..<(1 << n) {
            let removed = Set((0..<n).filter { mask & (1 << $0) != 0 })
            guard removed.count < expected, n - removed.count >= 2 else { continue }
            let labels = BruteForce.components(topology, removedLinks: [], removedDevices: removed)
            if Set(labels.filter { $0 >= 0 }).count > 1 { expected = removed.count }
        }
        #expect(graph.nodeConnectivity() == expected)
    }
}
