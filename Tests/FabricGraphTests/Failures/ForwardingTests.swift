import FabricDesigns
import FabricGraph
import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

/// Hand-written files of issue 14 (points 1–2) and issue 23 (point 2): a yEd drawing of a rack (every edge
/// "directed" the way yEd writes them) and a 2-pod, 32-GPU dual-plane rail pod with a single-homed GPU and a GPU
/// cabled to leaves of two rails. Answers are checked against brute force here and against
/// `scripts/verify-forwarding.py` (networkx, its own GraphML reading) whose output is recorded beside the fixture.
@Suite struct ForwardingTests {
    static let folder = Fixtures.packageRoot.appendingPathComponent("Tests/FabricGraphMLTests/Fixtures/hand-written")

    static func load(_ name: String) throws -> ImportResult {
        try GraphMLReader.read(file: folder.appendingPathComponent(name).path)
    }

    // MARK: point 1: an edge is a cable

    @Test func yEdDirectedEdgesAreFullDuplexCablesWithOneNote() throws {
        let result = try Self.load("yed-rack.graphml")
        let topology = result.topology
        #expect(topology.links.count == 16 && topology.links.allSatisfy { !$0.directed })
        let notes = result.diagnostics.filter { $0.code == "graphml.edge-direction" }
        #expect(notes.count == 1 && notes.first?.severity == .note)
        #expect(notes.first?.message.contains("16 of 16 full duplex") == true)
        #expect(notes.first?.location?.line == 16)
        let graph = CSRGraph(topology)
        // Every cable carries 400 Gb/s both ways.
        #expect(graph.capacity.allSatisfy { $0 == 400e9 })
        let routed = graph.route(.uniform(groups: [graph.accelerators]))
        #expect(routed.routedPairs == 56 && routed.unroutedPairs == 0)
    }

    /// Minimum bisection by enumeration of every device split with 4 | 4 GPUs (2^10 assignments): 8 cables of
    /// 400 Gb/s (both ToRs on one side: the other side's four GPUs lose both cables), equal to the bracket.
    @Test func yEdRackBisectionMatchesEnumeration() throws {
        let topology = try Self.load("yed-rack.graphml").topology
        let graph = CSRGraph(topology)
        let n = topology.devices.count
        var best = Double.infinity
        for assignment in 0..<(1 << n) {
            let onA = (0..<n).filter { assignment & (1 << $0) != 0 }
            guard onA.filter({ topology.devices[$0].isAccelerator }).count == 4 else { continue }
            var cut = 0.0
            for link in topology.links where (assignment >> Int(link.source)) & 1 != (assignment >> Int(link.target)) & 1 {
                cut += link.bandwidth ?? 0
            }
            best = min(best, cut)
        }
        #expect(best == 3.2e12)
        let bracket = BisectionBracket.compute(graph: graph, topology: topology)
        #expect(bracket.lower == best && bracket.upper == best)
    }

    @Test func oneWayKeyMakesAOneWayLinkAndTheWriterKeepsIt() throws {
        let text = """
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="r" for="node" attr.name="role" attr.type="string"/>
              <key id="o" for="edge" attr.name="one_way" attr.type="boolean"/>
              <key id="d" for="edge" attr.name="direction" attr.type="string"/>
              <graph edgedefault="undirected">
                <node id="a"><data key="r">gpu</data></node><node id="b"><data key="r">gpu</data></node>
                <edge source="a" target="b"><data key="o">true</data></edge>
                <edge source="b" target="a" directed="true"/>
                <edge source="b" target="a"><data key="d">forward</data></edge>
                <edge source="b" target="a"><data key="d">both</data></edge>
              </graph>
            </graphml>
            """
        let result = try GraphMLReader.read(string: text, fileName: "one-way.graphml")
        #expect(result.topology.links.map(\.directed) == [true, false, true, false])
        let note = result.diagnostics.first { $0.code == "graphml.edge-direction" }
        #expect(note?.message.contains("2 of 4 full duplex, 2 one-way") == true)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-one-way-\(UUID().uuidString).graphml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try GraphMLWriter.write(result.topology, to: path)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("attr.name=\"one_way\"") && !written.contains("directed=\"true\""))
        let back = try GraphMLReader.read(file: path).topology
        #expect(back.links.map(\.directed) == [true, false, true, false])
    }

    // MARK: point 2: accelerators are not transit switches

    @Test func forwardingModelIsDetectedPerDesignAndCanBeDeclared() throws {
        let rail = try Self.load("rail-pod-32.graphml").topology
        #expect(CSRGraph(rail).forwarding.relayingEndpoints == 0)
        #expect(CSRGraph(rail).forwarding.line.contains("accelerators do not relay"))
        let torus = try GraphMLReader.read(file: Fixtures.topologies.appendingPathComponent("torus-4x4x4.graphml").path).topology
        let torusGraph = CSRGraph(torus)
        #expect(torusGraph.allRelay && torusGraph.forwarding.relayingEndpoints == 64)
        var declared = torus
        declared.properties[ForwardingModel.propertyKey] = .string("switches")
        let switchesOnly = CSRGraph(declared)
        #expect(!switchesOnly.allRelay && switchesOnly.forwarding.declared)
        // A torus whose chips may not relay reaches only its 6 neighbours.
        let routed = switchesOnly.route(.uniform(groups: [switchesOnly.accelerators]))
        #expect(routed.routedPairs == 64 * 6 && routed.unroutedPairs == 64 * 57)
        #expect(ForwardingModel(name: "Direct") == .all && ForwardingModel(name: "indirect") == .switches && ForwardingModel(name: "x") == nil)
    }

    /// Load leaving each GPU = the traffic it sends (31 destinations × 1): no GPU carries another's traffic under
    /// the auto model; with every device relaying (the old reading), the GPU cabled to two rails does.
    @Test func noGPURelaysTrafficInTheRailPod() throws {
        let topology = try Self.load("rail-pod-32.graphml").topology
        func transit(_ topology: Topology) -> [String: Double] {
            let graph = CSRGraph(topology)
            let routed = graph.route(.uniform(groups: [graph.accelerators]))
            #expect(routed.routedPairs == 32 * 31)
            var result: [String: Double] = [:]
            for gpu in graph.accelerators {
                let out = graph.arcs(from: gpu).reduce(0.0) { $0 + routed.arcLoad[Int($1)] }
                if out > 31 + 1e-9 { result[topology.devices[Int(gpu)].id] = out - 31 }
            }
            return result
        }
        #expect(transit(topology).isEmpty)
        var old = topology
        old.properties[ForwardingModel.propertyKey] = .string("all")
        #expect(transit(old).keys.contains("gpu-p1-s2-r1"))
    }

    // MARK: issue 23 point 2: connectivity under the same model

    struct Reference: Decodable {
        struct LinkCase: Decodable {
            var link: Int
            var disconnectedPairs: Int
            var strandedAccelerators: Int
            var failedAccelerators: Int
        }
        struct DeviceCase: Decodable {
            var device: String
            var disconnectedPairs: Int
            var strandedAccelerators: Int
            var failedAccelerators: Int
        }
        struct PairCase: Decodable {
            var devices: [String]
            var disconnectedPairs: Int
            var strandedAccelerators: Int
            var failedAccelerators: Int
        }
        var connectedPairs: Int
        var links: [LinkCase]
        var devices: [DeviceCase]
        var pairs: [PairCase]
    }

    @Test func railPodSweepsMatchTheNetworkxReference() throws {
        let topology = try Self.load("rail-pod-32.graphml").topology
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("rail-pod-32.forwarding.json"))
        let reference = try JSONDecoder().decode(Reference.self, from: data)
        let sweeper = FailureSweeper(topology: topology)
        #expect(sweeper.baseline.graph.forwardingReach().connectedPairs == reference.connectedPairs)
        let links = sweeper.sweepSingles(sweepElements(topology, class: .links))
        #expect(links.count == reference.links.count)
        for (outcome, expected) in zip(links, reference.links) {
            #expect(outcome.scenario.links == [Int32(expected.link)])
            #expect(
                outcome.connectivity
                    == ConnectivityImpact(
                        failedAccelerators: expected.failedAccelerators,
                        strandedAccelerators: expected.strandedAccelerators,
                        disconnectedPairs: expected.disconnectedPairs), "link \(expected.link)")
        }
        let devices = sweeper.sweepSingles(sweepElements(topology, class: .devices))
        for outcome in devices {
            let id = topology.devices[Int(outcome.scenario.devices[0])].id
            let expected = try #require(reference.devices.first { $0.device == id })
            #expect(
                outcome.connectivity
                    == ConnectivityImpact(
                        failedAccelerators: expected.failedAccelerators,
                        strandedAccelerators: expected.strandedAccelerators,
                        disconnectedPairs: expected.disconnectedPairs), "device \(id)")
        }
        for pair in reference.pairs {
            let devices = pair.devices.compactMap { topology.deviceIndex(forID: $0) }
            let impact = sweeper.baseline.connectivityImpact(under: FailureScenario(devices: devices).mask(for: sweeper.baseline.graph))
            #expect(
                impact
                    == ConnectivityImpact(
                        failedAccelerators: pair.failedAccelerators, strandedAccelerators: pair.strandedAccelerators,
                        disconnectedPairs: pair.disconnectedPairs), "\(pair.devices)")
        }
        // The two ToRs of issue 23 in miniature: 16 pairs of GPUs that only another GPU could have joined, plus
        // the single-homed GPU's 4 plane-B-only partners.
        #expect(reference.pairs.first?.disconnectedPairs == 20)
    }

    /// Random failure sets (links and devices) on the hand-written pod and on a generated dual-plane design,
    /// against the brute-force forwarding reach (BFS per accelerator through relaying devices only).
    @Test func randomFailuresMatchBruteForce() throws {
        let rail = try Self.load("rail-pod-32.graphml").topology
        let leafSpine = try GraphMLReader.read(file: Fixtures.topologies.appendingPathComponent("leafspine-64.graphml").path).topology
        for (name, topology) in [("rail-pod-32", rail), ("leafspine-64", leafSpine)] {
            let baseline = BlastRadiusBaseline(graph: CSRGraph(topology), topology: topology)
            var random = SplitMix64(seed: 23)
            for _ in 0..<40 {
                var links: Set<Int> = []
                var devices: Set<Int> = []
                for _ in 0..<Int(random.next() % 4) { links.insert(Int(random.next() % UInt64(topology.links.count))) }
                for _ in 0..<Int(random.next() % 3) { devices.insert(Int(random.next() % UInt64(topology.devices.count))) }
                let scenario = FailureScenario(links: links.map(Int32.init), devices: devices.map(Int32.init))
                let engine = baseline.connectivityImpact(under: scenario.mask(for: baseline.graph))
                let brute = BlastBruteForce.connectivity(topology, links: links, devices: devices)
                #expect(engine == brute, "\(name) links \(links.sorted()) devices \(devices.sorted())")
            }
        }
    }

    /// Lost peers per accelerator against the brute-force reach: peers alive after the failure that were reached
    /// before and are not after.
    @Test func lostPeersMatchBruteForce() throws {
        let rail = try Self.load("rail-pod-32.graphml").topology
        let graph = CSRGraph(rail)
        let healthy = BruteForce.forwardingReach(rail, removedLinks: [], removedDevices: [])
        var random = SplitMix64(seed: 29)
        for _ in 0..<30 {
            var links: Set<Int> = []
            var devices: Set<Int> = []
            for _ in 0..<Int(random.next() % 6) { links.insert(Int(random.next() % UInt64(rail.links.count))) }
            for _ in 0..<Int(random.next() % 2) { devices.insert(Int(random.next() % UInt64(rail.devices.count))) }
            let scenario = FailureScenario(links: links.map(Int32.init), devices: devices.map(Int32.init))
            let lost = graph.lostPeers(under: scenario.mask(for: graph))
            let after = BruteForce.forwardingReach(rail, removedLinks: links, removedDevices: devices)
            for a in rail.devices.indices where rail.devices[a].isAccelerator {
                let expected = devices.contains(a) ? 0 : healthy[a].filter { !devices.contains($0) && !after[a].contains($0) }.count
                #expect(Int(lost[a]) == expected, "\(rail.devices[a].id): links \(links.sorted()) devices \(devices.sorted())")
            }
        }
    }
}
