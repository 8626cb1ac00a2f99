import FabricGraph
import FabricModel
import Testing

@testable import FabricRules

@Suite("Blast radius: SRLG split search")
struct BlastRadiusSearchTests {
    /// Random graph with racks, SRLGs per rack (`rack:R`) and random bundles, some failures splitting it.
    func randomDesign(seed: UInt64) -> Topology {
        var random = Mix64(seed: seed)
        var builder = ExampleBuilder("srlg-\(seed)")
        let count = 12 + random.below(60)
        for index in 0..<count {
            if random.below(3) == 0 { builder.switch("v\(index)", tier: 1) } else { builder.accelerator("v\(index)", rack: "r\(random.below(4))") }
        }
        for _ in 0..<(count + random.below(count)) {
            let a = random.below(count)
            let b = random.below(count)
            guard a != b else { continue }
            var groups: [String] = []
            if random.below(3) == 0 { groups.append("rack:r\(random.below(4))") }
            if random.below(4) == 0 { groups.append("bundle-\(random.below(6))") }
            if random.below(5) == 0 { groups.append("r\(random.below(4))") }
            builder.link("v\(a)", "v\(b)", srlgs: groups)
        }
        return builder.topology
    }

    @Test("matches labelling the whole graph per SRLG on seeded random designs", arguments: Array(UInt64(1)...UInt64(40)))
    func random(_ seed: UInt64) {
        let topology = randomDesign(seed: seed)
        let graph = CSRGraph(topology)
        let connectivity = graph.connectivity()
        let fast = BlastRadiusSurvey(topology: topology, graph: graph, connectivity: connectivity, lossFraction: 0.25)
        let slow = BlastRadiusSurvey(topology: topology, graph: graph, connectivity: connectivity, lossFraction: 0.25, exhaustive: true)
        #expect(fast.impacts.map(\.element) == slow.impacts.map(\.element), "seed \(seed)")
        #expect(fast.impacts.map(\.disconnected) == slow.impacts.map(\.disconnected), "seed \(seed)")
        #expect(fast.impacts.map(\.degraded) == slow.impacts.map(\.degraded), "seed \(seed)")
    }

    @Test("a rack SRLG on a two-rack chain cuts off the far rack, not the failed one")
    func closedForm() {
        var builder = ExampleBuilder("chain")
        builder.switch("s", tier: 1)
        for rack in 0..<2 {
            for index in 0..<3 { builder.accelerator("a\(rack)-\(index)", rack: "r\(rack)") }
            builder.link("a\(rack)-0", "a\(rack)-1", srlgs: ["rack:r\(rack)"])
            builder.link("a\(rack)-1", "a\(rack)-2", srlgs: ["rack:r\(rack)"])
        }
        builder.link("a0-0", "s")
        builder.link("s", "a1-0", srlgs: ["rack:r0"])
        for index in 0..<4 {
            builder.accelerator("h\(index)")
            builder.link("h\(index)", "s")
        }
        let topology = builder.topology
        let graph = CSRGraph(topology)
        let survey = BlastRadiusSurvey(topology: topology, graph: graph, connectivity: graph.connectivity(), lossFraction: 0.25)
        // Failing rack:r0 leaves a0-0 with s and the 4 hosts, strands a0-1 and a0-2 (its own rack: not counted) and
        // all of r1 (3).
        let group = topology.srlgs.firstIndex(of: "rack:r0").map { Int32($0) } ?? -1
        let impact = survey.impacts.first { $0.element == .srlg(group) }
        #expect(impact?.disconnected == 3)
    }
}
