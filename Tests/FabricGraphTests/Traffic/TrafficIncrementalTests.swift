import FabricDesigns
import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

@testable import FabricGraph

/// The per-destination DAG shortcut of the traffic sweep against rerouting from scratch.
@Suite struct TrafficIncrementalTests {
    /// Every link and every device: patched per-arc loads and unrouted pairs equal a full rerouting.
    static func checkEveryElement(_ topology: Topology, traffic: TrafficSweeper, pairs: Int = 0, seed: UInt64 = 1) {
        let graph = traffic.graph
        var scenarios: [FailureScenario] = []
        for (index, link) in topology.links.enumerated() where !link.isSelfLoop { scenarios.append(FailureScenario(links: [Int32(index)])) }
        for device in 0..<topology.devices.count { scenarios.append(FailureScenario(devices: [Int32(device)])) }
        var random = GraphTestRandom(seed: seed)
        for _ in 0..<pairs where !topology.links.isEmpty {
            let a = Int32(random.below(topology.links.count))
            if random.below(2) == 0 {
                scenarios.append(FailureScenario(links: [a, Int32(random.below(topology.links.count))]))
            } else {
                scenarios.append(FailureScenario(links: [a], devices: [Int32(random.below(topology.devices.count))]))
            }
        }
        var checked = 0
        var direct: [TrafficImpact] = []
        for scenario in scenarios {
            guard let patched = traffic.patchedLoads(links: scenario.links, devices: scenario.devices) else {
                Issue.record("\(topology.file): no incremental engine")
                return
            }
            let routed = traffic.route(scenario.mask(for: graph), 1)
            let scale = max(1, routed.arcLoad.max() ?? 0, traffic.healthyLoads.max() ?? 0)
            var worst = 0.0
            for arc in 0..<graph.arcCount { worst = max(worst, abs(patched.loads[arc] - routed.arcLoad[arc])) }
            #expect(worst <= 1e-9 * scale, "\(topology.file) links \(scenario.links) devices \(scenario.devices): off by \(worst)")
            #expect(patched.unrouted == routed.unroutedPairs, "\(topology.file) links \(scenario.links) devices \(scenario.devices)")
            let mask = scenario.mask(for: graph)
            direct.append(traffic.impact(of: routed, acceleratorsInTraffic: TrafficAnalysis.connectedAccelerators(graph: graph, mask: mask).count))
            checked += 1
        }
        #expect(checked == scenarios.count)
        // The sweep's figures (max utilization, links pushed over, unroutable pairs) equal those of rerouting.
        let impacts = traffic.impacts(of: scenarios)
        for (index, scenario) in scenarios.enumerated() where index < direct.count {
            let expected = direct[index]
            #expect(
                abs(impacts[index].maxUtilizationAfter - expected.maxUtilizationAfter) <= 1e-9 * max(1, expected.maxUtilizationAfter),
                "\(topology.file) \(scenario)")
            #expect(impacts[index].linksPushedOverCapacity == expected.linksPushedOverCapacity)
            #expect(impacts[index].unroutablePairs == expected.unroutablePairs)
            #expect(impacts[index].acceleratorsInTraffic == expected.acceleratorsInTraffic)
        }
    }

    static func shipped(_ name: String) throws -> Topology {
        try GraphMLReader.read(file: Fixtures.topologies.appendingPathComponent(name).path).topology
    }

    @Test(arguments: ["fattree-k4.graphml", "leafspine-64.graphml", "torus-4x4x4.graphml"])
    func shippedDesignsEveryElement(_ name: String) throws {
        let topology = try Self.shipped(name)
        let graph = CSRGraph(topology)
        let traffic = TrafficSweeper.uniformAllToAll(graph: graph, topology: topology)
        #expect(traffic.isIncremental)
        Self.checkEveryElement(topology, traffic: traffic)
    }

    /// Hand-built designs with symmetry families (fat tree, dual plane, racks with parallel cables, a small
    /// atlas-like mesh with switched planes), every link and device plus sampled pairs.
    @Test func builtDesignsEveryElement() throws {
        let mesh = try DesignCatalog.topology(
            of: FullMeshDesign(
                dims: [2, 2], bandwidths: [400e9, 400e9], rackDims: 2, pods: 3,
                uplinks: .planes(count: 2, spines: 2, radix: 64), uplinkBandwidth: 400e9, name: "mini-atlas"
            ))
        for topology in [try BlastDesigns.fatTree(k: 4), try BlastDesigns.dualPlane(), try SweepTests.racks(), mesh] {
            let graph = CSRGraph(topology)
            let traffic = TrafficSweeper.uniformAllToAll(graph: graph, topology: topology)
            let engine = try #require(traffic.incremental)
            #expect(engine.orbits.contains { $0.outerFamily >= 0 }, "\(topology.file) uses symmetry")
            Self.checkEveryElement(topology, traffic: traffic, pairs: 20)
        }
    }

    /// Seeded random multigraphs (parallel, directed and disconnected parts), every element and sampled pairs.
    @Test func randomGraphsEveryElement() throws {
        for seed in 0..<12 {
            let topology = try BlastDesigns.random(seed: UInt64(seed), vertices: 8 + seed * 2, links: 8 + seed * 3)
            let traffic = TrafficSweeper.uniformAllToAll(graph: CSRGraph(topology), topology: topology)
            Self.checkEveryElement(topology, traffic: traffic, pairs: 15, seed: UInt64(seed))
        }
    }

    /// `topology` with the links at `removed` deleted (a design with cables missing, as a user's file would be).
    static func withoutLinks(_ topology: Topology, _ removed: Set<Int>) throws -> Topology {
        var degraded = Topology(file: "degraded-" + topology.file)
        for device in topology.devices { try degraded.addDevice(device) }
        for (index, link) in topology.links.enumerated() where !removed.contains(index) { try degraded.addLink(link) }
        return degraded
    }

    /// Degraded designs: the hand-written pod with cables missing, rack meshes with random cables removed (3 seeds)
    /// and a fat tree with three links deleted by hand. Every link and device patched equals rerouting, and the
    /// stored DAG bits give the loads of scanning the arcs to the last bit.
    @Test func degradedDesignsEveryElement() throws {
        var designs = [try GraphMLReader.read(string: NestedSymmetryTests.handWritten, fileName: "degraded-pod.graphml").topology]
        for seed in 0..<3 {
            designs.append(try NestedSymmetryTests.rackMeshes(racks: 3, side: 3, removed: [2, 5, 9][seed], seed: UInt64(seed) &+ 21))
        }
        designs.append(try Self.withoutLinks(try BlastDesigns.fatTree(k: 4), [0, 9, 27]))
        for topology in designs {
            let graph = CSRGraph(topology)
            let traffic = TrafficSweeper.uniformAllToAll(graph: graph, topology: topology)
            let engine = try #require(traffic.incremental, "\(topology.file)")
            #expect(!engine.storedDAG.isEmpty)
            Self.checkEveryElement(topology, traffic: traffic, pairs: 10)
            let scanning = try #require(
                IncrementalECMP(
                    graph: graph, weight: engine.weight, members: traffic.members,
                    symmetryBlocks: Array(FailureSymmetry.candidatePartitions(topology).dropFirst()), storesDAG: false))
            #expect(scanning.stores && scanning.storedDAG.isEmpty)
            let other = TrafficSweeper(graph: graph, route: traffic.route, incremental: scanning)
            for link in topology.links.indices {
                let fast = traffic.patchedLoads(links: [Int32(link)], devices: [])
                let slow = other.patchedLoads(links: [Int32(link)], devices: [])
                #expect(fast?.loads == slow?.loads && fast?.unrouted == slow?.unrouted, "\(topology.file) link \(link)")
            }
        }
    }

    /// Without stored per-destination data (memory budget 0) every destination is routed on demand: same loads.
    @Test func onDemandMatchesStored() throws {
        let topology = try BlastDesigns.fatTree(k: 4)
        let graph = CSRGraph(topology)
        let stored = TrafficSweeper.uniformAllToAll(graph: graph, topology: topology)
        let weights = try #require(stored.incremental?.weight)
        let engine = try #require(
            IncrementalECMP(
                graph: graph, weight: weights, members: stored.members, symmetryBlocks: TrafficSweeper.symmetryBlocks(topology).map { [$0] } ?? [],
                storageBudget: 0))
        #expect(!engine.stores)
        let onDemand = TrafficSweeper(graph: graph, route: stored.route, incremental: engine)
        Self.checkEveryElement(topology, traffic: onDemand)
    }
}
