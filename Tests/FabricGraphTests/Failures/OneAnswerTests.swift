import FabricDesigns
import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

@testable import FabricGraph

/// After a failure every command gives the numbers `analyze` gives on the design with the failed elements deleted:
/// the sweep's patched and rerouted traffic figures and `whatif`'s are compared with `TrafficAnalysis.analyze` on a
/// topology rebuilt without those elements (no mask), for every link and every device.
@Suite struct OneAnswerTests {
    /// The topology with `links` and `devices` deleted (and the links of deleted devices), as a user would edit the
    /// file; `linkOrigin[l]` is the original index of the edited link `l`.
    static func deleting(_ topology: Topology, links: [Int32], devices: [Int32]) throws -> (topology: Topology, linkOrigin: [Int32]) {
        var edited = Topology(file: topology.file + " (edited)")
        edited.graphs = topology.graphs
        edited.properties = topology.properties
        edited.rolesDeclared = topology.rolesDeclared
        for name in topology.srlgs { _ = edited.srlgIndex(named: name) }
        let goneDevice = Set(devices)
        let goneLink = Set(links)
        var newIndex = [Int32](repeating: -1, count: topology.devices.count)
        for (index, device) in topology.devices.enumerated() where !goneDevice.contains(Int32(index)) {
            newIndex[index] = try edited.addDevice(device)
        }
        var origin: [Int32] = []
        for (index, link) in topology.links.enumerated() where !goneLink.contains(Int32(index)) {
            guard newIndex[Int(link.source)] >= 0, newIndex[Int(link.target)] >= 0 else { continue }
            var copy = link
            copy.source = newIndex[Int(link.source)]
            copy.target = newIndex[Int(link.target)]
            copy.sourcePort = -1
            copy.targetPort = -1
            try edited.addLink(copy)
            origin.append(Int32(index))
        }
        return (edited, origin)
    }

    /// Loads per (original link, sending device id).
    static func directionLoads(_ graph: CSRGraph, _ topology: Topology, _ loads: [Double], linkOrigin: [Int32]?) -> [String: Double] {
        var result: [String: Double] = [:]
        for arc in 0..<graph.arcCount {
            let link = linkOrigin.map { $0[Int(graph.link[arc])] } ?? graph.link[arc]
            result["\(link)@\(topology.devices[Int(graph.tail(ofArc: Int32(arc)))].id)", default: 0] += loads[arc]
        }
        return result
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }

    /// Every link and every device of `topology`: the sweep's figures and patched per-direction loads equal
    /// `analyze` on the edited design; so do the rerouted sweep figures and whatif's, for every `whatifStride`-th
    /// scenario (they run the same routing as `analyze`, under a mask).
    static func checkEveryElement(_ topology: Topology, whatifStride: Int = 1) throws {
        let graph = CSRGraph(topology)
        let sweeper = TrafficSweeper.uniformAllToAll(graph: graph, topology: topology)
        #expect(sweeper.isIncremental, "\(topology.file)")
        let healthy = try TrafficAnalysis.analyze(topology: topology, graph: graph, hottestCount: 0)
        #expect(close(sweeper.maxUtilizationBefore, healthy.maxUtilization), "\(topology.file)")
        var scenarios: [FailureScenario] = []
        for (index, link) in topology.links.enumerated() where !link.isSelfLoop { scenarios.append(FailureScenario(links: [Int32(index)])) }
        for device in topology.devices.indices { scenarios.append(FailureScenario(devices: [Int32(device)])) }
        let swept = sweeper.impacts(of: scenarios)
        for (index, scenario) in scenarios.enumerated() {
            let name = "\(topology.file) links \(scenario.links) devices \(scenario.devices)"
            let edited = try deleting(topology, links: scenario.links, devices: scenario.devices)
            let editedGraph = CSRGraph(edited.topology)
            let expected = try TrafficAnalysis.analyze(topology: edited.topology, graph: editedGraph, hottestCount: 0)
            var impacts = [("sweep", swept[index])]
            if index % whatifStride == 0 {
                let mask = scenario.mask(for: graph)
                impacts.append(("rerouted", sweeper.impact(under: mask)))
                impacts.append(("whatif", try #require(BlastRadius.trafficImpact(topology: topology, graph: graph, mask: mask))))
            }
            for (label, impact) in impacts {
                #expect(
                    close(impact.maxUtilizationAfter, expected.maxUtilization),
                    "\(name) \(label): \(impact.maxUtilizationAfter) vs analyze \(expected.maxUtilization)")
                #expect(close(impact.throughputAfter, expected.throughput), "\(name) \(label) throughput")
                #expect(close(impact.maxUtilizationBefore, healthy.maxUtilization), "\(name) \(label) before")
                #expect(impact.acceleratorsInTraffic == expected.acceleratorsInTraffic, "\(name) \(label) members")
                #expect(impact.unroutablePairs == expected.routed.unroutedPairs, "\(name) \(label) unroutable")
            }
            #expect(expected.acceleratorsInTraffic + expected.strandedAccelerators == edited.topology.devices.filter(\.isAccelerator).count)
            // Per cable direction, the patched loads equal analyze's on the edited design.
            if let patched = sweeper.patchedLoads(links: scenario.links, devices: scenario.devices) {
                let mine = directionLoads(graph, topology, patched.loads, linkOrigin: nil)
                let theirs = directionLoads(editedGraph, edited.topology, expected.routed.arcLoad, linkOrigin: edited.linkOrigin)
                let scale = max(1, expected.routed.arcLoad.max() ?? 0)
                var worst = 0.0
                for (key, load) in mine { worst = max(worst, abs(load - (theirs[key] ?? 0))) }
                for (key, load) in theirs { worst = max(worst, abs(load - (mine[key] ?? 0))) }
                #expect(worst <= 1e-9 * scale, "\(name): patched loads off by \(worst)")
            }
        }
    }

    static func shipped(_ name: String) throws -> Topology {
        try GraphMLReader.read(file: Fixtures.topologies.appendingPathComponent(name).path).topology
    }

    /// The hand-written rail pod: dual-homed GPUs on two leaves, a 200G and an 800G second cable, one single-homed GPU.
    static func railPod() throws -> Topology {
        try GraphMLReader.read(file: Fixtures.packageRoot.appendingPathComponent("Tests/FabricGraphMLTests/Fixtures/rail-pod-irregular.graphml").path).topology
    }

    @Test(arguments: ["fattree-k4.graphml", "leafspine-64.graphml", "torus-4x4x4.graphml"])
    func shippedDesignsEqualAnalyzeOnTheEditedFile(_ name: String) throws {
        try Self.checkEveryElement(try Self.shipped(name), whatifStride: 8)
    }

    @Test func handWrittenRailPodEqualsAnalyzeOnTheEditedFile() throws {
        try Self.checkEveryElement(try Self.railPod())
    }

    /// Built designs with symmetry families and a healthy design that is already in two parts.
    @Test func builtDesignsEqualAnalyzeOnTheEditedFile() throws {
        // (Random multigraphs with accelerator-to-accelerator cables are left out: deleting such a cable can change
        // whether its ends relay under the `auto` forwarding model of the edited file, which a mask keeps.)
        for topology in [try BlastDesigns.dualPlane(), try SweepTests.racks()] { try Self.checkEveryElement(topology) }
    }

    /// The defect of issue 14: a GPU losing one of its two cables injects only what the other carries, so max
    /// utilization falls (analyze on the edited file), and one stranded GPU does not zero the throughput.
    @Test func gpuCableAndStrandedGPUHeadlines() throws {
        let topology = try Self.railPod()
        let graph = CSRGraph(topology)
        func link(_ a: String, _ b: String) throws -> Int32 {
            let index = try #require(topology.links.firstIndex { topology.devices[Int($0.source)].id == a && topology.devices[Int($0.target)].id == b })
            return Int32(index)
        }
        let healthy = try TrafficAnalysis.analyze(topology: topology, graph: graph, hottestCount: 0)
        #expect(healthy.acceleratorsInTraffic == 8 && healthy.strandedAccelerators == 0)
        // h3-g1's 800G cable: its injection drops from 1.2T to 400G.
        let cable = FailureScenario(links: [try link("h3-g1", "leaf-1b")])
        let impact = try #require(BlastRadius.trafficImpact(topology: topology, graph: graph, mask: cable.mask(for: graph)))
        // Its remaining 400G cable carries 400G of its own traffic (at most 100%), not the old 1.2T (300%).
        #expect(impact.maxUtilizationAfter <= impact.maxUtilizationBefore * (1 + 1e-12))
        #expect(impact.linksPushedOverCapacity == 0)
        #expect(impact.acceleratorsInTraffic == 8)
        // The single-homed GPU's only cable: 7 accelerators in the traffic, throughput stays positive.
        let single = FailureScenario(links: [try link("h2-g1", "leaf-1a")])
        let stranded = try #require(BlastRadius.trafficImpact(topology: topology, graph: graph, mask: single.mask(for: graph)))
        #expect(stranded.acceleratorsInTraffic == 7)
        #expect(stranded.throughputAfter > 0.3)
        #expect(stranded.unroutablePairs == 0)
        let report = BlastRadius.analyze(
            topology: topology, baseline: BlastRadiusBaseline(graph: graph, topology: topology),
            scenario: single, selectors: ["h2-g1~leaf-1a"], designName: "rail-pod")
        #expect(report.strandedAccelerators == 1 && report.critical)
        #expect(report.traffic?.acceleratorsInTraffic == 7)
    }

    /// A failed accelerator is not its own blast radius: a device sweep of a design where no device strands
    /// another accelerator has no critical scenario.
    @Test func failedAcceleratorIsNotCritical() throws {
        let topology = try Self.railPod()
        let sweeper = FailureSweeper(topology: topology)
        let report = sweeper.run(
            SweepOptions(elements: .devices, metric: .traffic), designName: "rail-pod",
            traffic: TrafficSweeper.uniformAllToAll(graph: sweeper.baseline.graph, topology: topology))
        let critical = report.results.filter(\.critical).map(\.failure.label).sorted()
        // Only leaf-1a strands an accelerator (the single-homed h2-g1); the eight GPUs failing alone are not critical.
        #expect(critical == ["device:leaf-1a"])
        #expect(report.summary.critical == 1)
        // Ranked by traffic, the failure that cuts an accelerator off comes first.
        #expect(report.results.first?.failure.label == "device:leaf-1a")
        for record in report.results where record.failedAccelerators == 1 {
            #expect(record.strandedAccelerators == 0 && record.classification != "critical")
            #expect(record.traffic?.acceleratorsInTraffic == 7)
        }
    }
}
