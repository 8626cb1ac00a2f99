import FabricModel
import FabricTestSupport
import Testing

@testable import FabricGraph

@Suite("Single-failure survey (the blast_radius rule's engine analysis)")
struct SingleFailureSurveyTests {
    /// A small design built by name, the way the rule examples are (unknown ids ignored, 400 Gb/s links).
    struct Builder {
        var topology = Topology(file: "survey.graphml")

        mutating func device(_ id: String, _ role: Role, rack: String? = nil) {
            _ = try? topology.addDevice(Device(id: id, role: role, tier: role == .accelerator ? 0 : 1, rack: rack))
        }

        mutating func link(_ a: String, _ b: String, multiplicity: Int32 = 1, srlgs: [String] = []) {
            guard let source = topology.deviceIndex(forID: a), let target = topology.deviceIndex(forID: b) else { return }
            let groups = srlgs.map { topology.srlgIndex(named: $0) }.sorted()
            _ = try? topology.addLink(Link(source: source, target: target, bandwidth: 400e9, srlgs: groups, multiplicity: multiplicity))
        }
    }

    /// Random graph with racks, SRLGs per rack (`rack:R`) and random bundles, some failures splitting it.
    static func randomDesign(seed: UInt64) -> Topology {
        var random = SplitMix64(seed: seed)
        var builder = Builder()
        let count = 12 + random.below(60)
        for index in 0..<count {
            if random.below(3) == 0 { builder.device("v\(index)", .switch) } else { builder.device("v\(index)", .accelerator, rack: "r\(random.below(4))") }
        }
        for _ in 0..<(count + random.below(count)) {
            let a = random.below(count)
            let b = random.below(count)
            guard a != b else { continue }
            var groups: [String] = []
            if random.below(3) == 0 { groups.append("rack:r\(random.below(4))") }
            if random.below(4) == 0 { groups.append("bundle-\(random.below(6))") }
            if random.below(5) == 0 { groups.append("r\(random.below(4))") }
            builder.link("v\(a)", "v\(b)", multiplicity: Int32(1 + random.below(2)), srlgs: groups)
        }
        return builder.topology
    }

    @Test("the SRLG search matches labelling the whole graph per SRLG on seeded random designs", arguments: Array(UInt64(1)...UInt64(40)))
    func random(_ seed: UInt64) {
        let topology = Self.randomDesign(seed: seed)
        let graph = CSRGraph(topology)
        let connectivity = graph.connectivity()
        let fast = SingleFailureSurvey(topology: topology, graph: graph, connectivity: connectivity, lossFraction: 0.25)
        let slow = SingleFailureSurvey(topology: topology, graph: graph, connectivity: connectivity, lossFraction: 0.25, exhaustive: true)
        #expect(fast.impacts.map(\.element) == slow.impacts.map(\.element), "seed \(seed)")
        #expect(fast.impacts.map(\.disconnected) == slow.impacts.map(\.disconnected), "seed \(seed)")
        #expect(fast.impacts.map(\.degraded) == slow.impacts.map(\.degraded), "seed \(seed)")
    }

    /// One definition with the failure engine: every link's and switch's disconnected count is the stranded count
    /// `fabcheck sweep` computes for it (with every device relaying, so components are exact), and every
    /// link's degraded count is the number of its accelerator ends losing at least a quarter of their cable capacity,
    /// counted from the topology's links directly.
    @Test("links and switches agree with the sweep's stranded counts and a direct degraded count", arguments: Array(UInt64(1)...UInt64(30)))
    func agreesWithSweep(_ seed: UInt64) {
        // Every device relays, so the sweep's connectivity is the components' (as the survey's).
        var topology = Self.randomDesign(seed: seed)
        topology.properties[ForwardingModel.propertyKey] = .string("all")
        let graph = CSRGraph(topology)
        #expect(!graph.forwardingSplitsComponents)
        let survey = SingleFailureSurvey(topology: topology, graph: graph, connectivity: graph.connectivity(), lossFraction: 0.25)
        let sweeper = FailureSweeper(topology: topology, graph: graph)
        var expected: [SingleFailureSurvey.Element: (Int, Int)] = [:]
        var capacity = [Double](repeating: 0, count: topology.devices.count)
        for link in topology.links where link.source != link.target {
            let value = (link.bandwidth ?? 0) * Double(link.multiplicity)
            capacity[Int(link.source)] += value
            capacity[Int(link.target)] += value
        }
        for outcome in sweeper.sweepSingles(sweepElements(topology, class: .links)) {
            let link = outcome.scenario.links[0]
            let ends = [topology.links[Int(link)].source, topology.links[Int(link)].target]
            let value = (topology.links[Int(link)].bandwidth ?? 0) * Double(topology.links[Int(link)].multiplicity)
            let degraded = ends.filter { topology.devices[Int($0)].role == .accelerator && value / capacity[Int($0)] >= 0.25 }.count
            let stranded = outcome.connectivity.strandedAccelerators
            if stranded > 0 || degraded > 0 { expected[.link(link)] = (stranded, max(stranded, degraded)) }
        }
        for outcome in sweeper.sweepSingles(sweepElements(topology, class: .switches)) where outcome.connectivity.strandedAccelerators > 0 {
            expected[.device(outcome.scenario.devices[0])] = (outcome.connectivity.strandedAccelerators, -1)
        }
        for impact in survey.impacts {
            switch impact.element {
            case .link:
                #expect(expected[impact.element]?.0 == impact.disconnected, "seed \(seed) \(impact.element)")
                #expect(expected[impact.element]?.1 == impact.degraded, "seed \(seed) \(impact.element)")
                expected[impact.element] = nil
            case .device:
                #expect(expected[impact.element]?.0 ?? 0 == impact.disconnected, "seed \(seed) \(impact.element)")
                expected[impact.element] = nil
            case .srlg: break
            }
        }
        #expect(expected.isEmpty, "seed \(seed): the survey misses \(expected.keys.sorted { "\($0)" < "\($1)" })")
    }

    @Test("a rack SRLG on a two-rack chain cuts off the far rack, not the failed one")
    func closedForm() {
        var builder = Builder()
        builder.device("s", .switch)
        for rack in 0..<2 {
            for index in 0..<3 { builder.device("a\(rack)-\(index)", .accelerator, rack: "r\(rack)") }
            builder.link("a\(rack)-0", "a\(rack)-1", srlgs: ["rack:r\(rack)"])
            builder.link("a\(rack)-1", "a\(rack)-2", srlgs: ["rack:r\(rack)"])
        }
        builder.link("a0-0", "s")
        builder.link("s", "a1-0", srlgs: ["rack:r0"])
        for index in 0..<4 {
            builder.device("h\(index)", .accelerator)
            builder.link("h\(index)", "s")
        }
        let topology = builder.topology
        let graph = CSRGraph(topology)
        let survey = SingleFailureSurvey(topology: topology, graph: graph, connectivity: graph.connectivity(), lossFraction: 0.25)
        // Failing rack:r0 leaves a0-0 with s and the 4 hosts, strands a0-1 and a0-2 (its own rack: not counted) and
        // all of r1 (3).
        let group = topology.srlgs.firstIndex(of: "rack:r0").map { Int32($0) } ?? -1
        let impact = survey.impacts.first { $0.element == .srlg(group) }
        #expect(impact?.disconnected == 3)
        // The host links are bridges stranding one accelerator each, which loses all its capacity.
        let host = topology.links.firstIndex { topology.devices[Int($0.source)].id == "h0" }.map { Int32($0) } ?? -1
        #expect(survey.impacts.first { $0.element == .link(host) }.map { [$0.disconnected, $0.degraded] } == [1, 1])
    }
}
