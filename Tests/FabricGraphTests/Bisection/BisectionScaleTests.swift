import FabricModel
import Testing

@testable import FabricGraph

extension BisectionFixtures {
    /// A SuperCluster in miniature: `blocks` interchangeable blocks of `hosts` accelerators, each block a full mesh
    /// (cables of `mesh`) with one scale-up switch (a cable of `scaleUp` to every accelerator); scale-out: one NIC
    /// of `nic` per accelerator to a leaf of `hostsPerLeaf`, `spines` spines per block (every leaf to every spine,
    /// `hostsPerLeaf / spines` cables), and `spines` stripes of `stripeWidth` superspines: spine j of every block to
    /// every superspine of stripe j with `hosts / (spines · stripeWidth)` cables. Non-blocking at every tier, so the
    /// bisection is ⌊n/2⌋ NICs (a split between blocks crosses exactly that; the hose certificate proves it).
    static func supercluster(
        blocks: Int, hosts: Int = 8, hostsPerLeaf: Int = 4, spines: Int = 2, stripeWidth: Int = 2,
        mesh: Double = 800, scaleUp: Double = 1200, nic: Double = 400
    ) throws -> Topology {
        var topology = Topology(file: "supercluster.graphml")
        var superspines: [[Int32]] = []
        for stripe in 0..<spines {
            superspines.append(
                try (0..<stripeWidth).map { index in
                    try topology.addDevice(Device(id: "super-\(stripe)-\(index)", role: .switch, tier: 3))
                })
        }
        for block in 0..<blocks {
            let npus = try (0..<hosts).map { try topology.addDevice(Device(id: "npu-\(block)-\($0)", role: .accelerator, pod: "pod-\(block)")) }
            for a in 0..<hosts {
                for b in (a + 1)..<hosts { try topology.addLink(Link(source: npus[a], target: npus[b], bandwidth: mesh)) }
            }
            let scaleUpSwitch = try topology.addDevice(Device(id: "ub-\(block)", role: .switch, tier: 1, pod: "pod-\(block)"))
            for npu in npus { try topology.addLink(Link(source: npu, target: scaleUpSwitch, bandwidth: scaleUp)) }
            let spineIndices = try (0..<spines).map { try topology.addDevice(Device(id: "spine-\(block)-\($0)", role: .switch, tier: 2)) }
            for leaf in 0..<(hosts / hostsPerLeaf) {
                let leafIndex = try topology.addDevice(Device(id: "leaf-\(block)-\(leaf)", role: .switch, tier: 1))
                for host in 0..<hostsPerLeaf {
                    try topology.addLink(Link(source: npus[leaf * hostsPerLeaf + host], target: leafIndex, bandwidth: nic))
                }
                for spine in spineIndices {
                    try topology.addLink(Link(source: leafIndex, target: spine, bandwidth: nic, multiplicity: Int32(hostsPerLeaf / spines)))
                }
            }
            for (stripe, spine) in spineIndices.enumerated() {
                for superspine in superspines[stripe] {
                    try topology.addLink(Link(source: spine, target: superspine, bandwidth: nic, multiplicity: Int32(hosts / (spines * stripeWidth))))
                }
            }
        }
        return topology
    }
}

/// The hub rate of the hose certificate written the direct way, independently of the engine: one breadth-first
/// search per hub over the whole graph, and every vertex pushes its flow over all its arcs one hop closer, split by
/// capacity.
func bisectionTestHubRate(_ graph: CSRGraph, mask: FailureMask?, hubs: [Int32]) -> Double? {
    func usable(_ arc: Int32, _ tail: Int32) -> Double {
        graph.isUsable(arc: arc, tail: tail, under: mask) ? min(graph.capacity[Int(arc)], graph.capacity[Int(graph.reverse[Int(arc)])]) : 0
    }
    let weights = hubs.map { hub in graph.arcs(from: hub).reduce(0.0) { $0 + usable($1, hub) } }
    let total = weights.reduce(0, +)
    guard total > 0 else { return nil }
    var load = [Double](repeating: 0, count: graph.arcCount)
    for (index, hub) in hubs.enumerated() where weights[index] > 0 {
        var distance = [Int](repeating: -1, count: graph.vertexCount)
        var order: [Int32] = [hub]
        distance[Int(hub)] = 0
        var head = 0
        while head < order.count {
            let vertex = order[head]
            head += 1
            for arc in graph.arcs(from: vertex) where usable(arc, vertex) > 0 && distance[Int(graph.head[Int(arc)])] < 0 {
                distance[Int(graph.head[Int(arc)])] = distance[Int(vertex)] + 1
                order.append(graph.head[Int(arc)])
            }
        }
        var inflow = [Double](repeating: 0, count: graph.vertexCount)
        for vertex in graph.accelerators where !(mask?.devices[Int(vertex)] ?? false) {
            if distance[Int(vertex)] < 0 { return nil }
            inflow[Int(vertex)] = weights[index] / total
        }
        for vertex in order.reversed() where vertex != hub && inflow[Int(vertex)] > 0 {
            let next = graph.arcs(from: vertex).filter { usable($0, vertex) > 0 && distance[Int(graph.head[Int($0)])] == distance[Int(vertex)] - 1 }
            let capacity = next.reduce(0.0) { $0 + usable($1, vertex) }
            for arc in next {
                let part = inflow[Int(vertex)] * usable(arc, vertex) / capacity
                load[Int(arc)] += part
                inflow[Int(graph.head[Int(arc)])] += part
            }
        }
    }
    var rate = Double.infinity
    for vertex in 0..<Int32(graph.vertexCount) {
        for arc in graph.arcs(from: vertex) where load[Int(arc)] > 0 {
            rate = min(rate, usable(arc, vertex) / (load[Int(arc)] + load[Int(graph.reverse[Int(arc)])]))
        }
    }
    return rate.isFinite ? rate : nil
}

@Suite struct BisectionScaleTests {
    @Test(arguments: [2, 4, 8])
    func superclusterShapedBracketIsExact(blocks: Int) throws {
        let topology = try BisectionFixtures.supercluster(blocks: blocks)
        let graph = CSRGraph(topology)
        let bracket = BisectionBracket.compute(graph: graph, topology: topology)
        // ⌊n/2⌋ NICs: n = 8 per block.
        let expected = Double(4 * blocks) * 400
        #expect(bracket.lower == expected)
        #expect(bracket.upper == expected)
        #expect(bracket.lowerCertificate.kind == .hose)
        // The split between blocks, found by the first probe (no refinement needed).
        #expect(bracket.cut.method.hasPrefix("structural split by \(blocks) blocks left by removing the 4 hubs"), "\(bracket.cut.method)")
        #expect(bracket.cut.acceleratorsPerSide == [4 * blocks, 4 * blocks])
        // Full bisection: each accelerator injects 7 mesh cables, its scale-up cable and its NIC.
        #expect(bracket.fullBisection == Double(8 * blocks) * (7 * 800 + 1200 + 400) / 2)
        for effort in BisectionEffort.allCases {
            let other = BisectionBracket.compute(graph: graph, topology: topology, effort: effort)
            #expect(other.lower == expected && other.upper == expected)
        }
    }

    @Test func superclusterSplitBetweenBlocksIsTheMinimum() throws {
        // Without the certificate the whole search runs and finds nothing smaller than the split between blocks.
        let topology = try BisectionFixtures.supercluster(blocks: 4)
        let cut = BisectionUpperBound.search(graph: CSRGraph(topology), topology: topology)
        #expect(cut.capacity == 16 * 400)
    }

    @Test func twinHubsShareOneSweep() throws {
        let supercluster = try BisectionFixtures.supercluster(blocks: 4)
        let graph = CSRGraph(supercluster)
        let hubs = (0..<Int32(graph.vertexCount)).filter { supercluster.devices[Int($0)].tier == 3 }
        // Two stripes of two interchangeable superspines.
        #expect(HoseCertificate.twinClasses(graph: graph, mask: nil, hubs: hubs).map(\.count) == [2, 2])
        let fatTree = try BisectionFixtures.fatTree(6)
        let cores = (0..<Int32(fatTree.devices.count)).filter { fatTree.devices[Int($0)].tier == 3 }
        // k/2 = 3 aggregation indices, each with 3 cores wired alike.
        #expect(HoseCertificate.twinClasses(graph: CSRGraph(fatTree), mask: nil, hubs: cores).map(\.count) == [3, 3, 3])
    }

    @Test(arguments: ["supercluster", "fattree-4", "fattree-8", "leafspine", "mesh"])
    func hubRateMatchesOneSearchPerHub(design: String) throws {
        let topology: Topology
        switch design {
        case "supercluster": topology = try BisectionFixtures.supercluster(blocks: 4, stripeWidth: 1, mesh: 3, scaleUp: 2, nic: 5)
        case "fattree-4": topology = try BisectionFixtures.fatTree(4, bandwidth: 3)
        case "fattree-8": topology = try BisectionFixtures.fatTree(8)
        case "leafspine": topology = try BisectionFixtures.leafSpine(leaves: 4, hostsPerLeaf: 8, spines: 4)
        default: topology = try BisectionFixtures.fullMesh([3, 3, 2], bandwidths: [1, 2, 3])
        }
        let graph = CSRGraph(topology)
        var candidates = (0..<Int32(graph.vertexCount)).filter { !graph.isAccelerator[Int($0)] }
        if candidates.isEmpty { candidates = [0, 5, 9] }
        let top = topology.devices.compactMap(\.tier).max() ?? 0
        let tier = candidates.filter { topology.devices[Int($0)].tier == top }
        for hubs in [candidates, tier.isEmpty ? candidates : tier] {
            let expected = try #require(bisectionTestHubRate(graph, mask: nil, hubs: hubs))
            let grouped = try #require(HoseCertificate.hubRate(graph: graph, mask: nil, hubs: hubs))
            let single = try #require(HoseCertificate.hubRate(graph: graph, mask: nil, hubs: hubs, groupTwins: false))
            #expect(abs(grouped - expected) <= 1e-12 * expected, "\(design): \(grouped) vs \(expected)")
            #expect(abs(single - expected) <= 1e-12 * expected, "\(design): \(single) vs \(expected)")
        }
    }

    @Test(arguments: 0..<16)
    func hubRateMatchesOneSearchPerHubOnRandomGraphs(seed: Int) throws {
        var random = BisectionTestRandom(seed: UInt64(seed) &* 7_919 &+ 3)
        let topology = try BisectionFixtures.random(
            seed: UInt64(seed) + 900, accelerators: 4 + random.below(12),
            switches: 2 + random.below(6), extra: random.below(20))
        let graph = CSRGraph(topology)
        let switches = (0..<Int32(graph.vertexCount)).filter { !graph.isAccelerator[Int($0)] }
        var mask = FailureMask(for: graph)
        if seed % 3 == 0 { mask.failDevice(switches[0]) }
        let hubs = switches.filter { _ in random.below(3) > 0 }
        guard !hubs.isEmpty else { return }
        let expected = bisectionTestHubRate(graph, mask: mask, hubs: hubs)
        let grouped = HoseCertificate.hubRate(graph: graph, mask: mask, hubs: hubs)
        #expect((expected == nil) == (grouped == nil), "seed \(seed)")
        if let expected, let grouped { #expect(abs(grouped - expected) <= 1e-12 * expected, "seed \(seed): \(grouped) vs \(expected)") }
    }

    @Test func probePlacementMatchesThePartitionGraphs() throws {
        for seed in 0..<8 {
            let topology = try BisectionFixtures.random(seed: UInt64(seed) + 70, accelerators: 10, switches: 5, extra: 12)
            let graph = CSRGraph(topology)
            var mask = FailureMask(for: graph)
            if seed % 2 == 1 { mask.failDevice(Int32(graph.vertexCount - 1)) }
            let order = graph.accelerators.reversed().map { $0 }
            let probed = BisectionProbe.split(graph: graph, mask: mask, order: order, low: 5)
            var side = [UInt8](repeating: 1, count: graph.vertexCount)
            for vertex in order.prefix(5) { side[Int(vertex)] = 0 }
            PartitionRefinement.placeFreeVertices(PartitionGraph(graph, mask: mask), side: &side)
            #expect(probed == side, "seed \(seed)")
        }
    }
}
