import FabricGraph
import FabricModel
import FabricTestSupport
import Testing

@testable import FabricReports

@Suite("report: degraded accelerators and the CDF axis")
struct ReportFailureCountsTests {
    /// Two top switches S and T, one leaf L under both; accelerator a1 on S and T, accelerator a2 on L.
    static func twoSets() throws -> Topology {
        var topology = Topology(file: "two-sets.graphml")
        topology.graphs = [Subgraph(id: "G")]
        for (id, role, tier) in [("S", Role.switch, 2), ("T", .switch, 2), ("L", .switch, 1), ("a1", .accelerator, 0), ("a2", .accelerator, 0)] {
            var device = Device(id: id, role: role)
            device.tier = tier
            try topology.addDevice(device)
        }
        for (source, target) in [("a1", "S"), ("a1", "T"), ("a2", "L"), ("L", "S"), ("L", "T")] {
            var link = Link(source: try #require(topology.deviceIndex(forID: source)), target: try #require(topology.deviceIndex(forID: target)))
            link.bandwidth = 100e9
            try topology.addLink(link)
        }
        return topology
    }

    @Test("a failure that costs one accelerator injection and another uplink degrades both (the union, not the larger set)")
    func unionOfInjectionAndUplinkLosers() throws {
        let topology = try Self.twoSets()
        let impacts = SingleFailureSweep.impacts(of: topology)
        let spine = try #require(impacts.first { $0.element == "device 'S'" })
        // a1 loses its cable to S (injection), a2 loses half of L's uplink (uplink share): two accelerators.
        #expect(spine.degradedAccelerators == 2)
        #expect(spine.strandedAccelerators == 0)
        // a1 keeps its cable to T (half its injection), a2's leaf keeps its link to T (half its uplink share).
        #expect(spine.worstLoss == 0.5)
        let html = HTMLReport.render(DesignAnalysis(topology: topology), failures: impacts)
        #expect(html.contains("<td>device 'S'</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">2</td><td class=\"num\">50%</td>"))
        // The sweep's capacity record counts one of each: the old max() said 1.
        let sweeper = FailureSweeper(topology: topology)
        let outcome = try #require(sweeper.sweepSingles(sweepElements(topology, class: .devices)).first { $0.label == "device:S" })
        #expect(outcome.capacity.acceleratorsLosingInjection == 1 && outcome.capacity.acceleratorsLosingUplink == 1)
    }

    /// Designs small enough to recompute every scenario from scratch in a debug build.
    static func smallDesigns() throws -> [(String, Topology)] {
        var untiered = try Designs.topology(named: "fattree-k4")
        for index in untiered.devices.indices { untiered.updateDevice(at: Int32(index)) { $0.tier = nil } }
        var parallel = try Designs.topology(named: "fattree-k4")
        let copies = Array(parallel.links.prefix(6))
        for var link in copies {
            link.id = nil
            link.bandwidth = (link.bandwidth ?? 1) / 2
            try parallel.addLink(link)
        }
        return [
            ("fattree-k4", try Designs.topology(named: "fattree-k4")), ("leafspine-64", try Designs.topology(named: "leafspine-64")),
            ("torus-4x4x4", try Designs.topology(named: "torus-4x4x4")), ("fattree-k4 without tiers", untiered),
            ("fattree-k4 with parallel links", parallel), ("two sets", try Self.twoSets()),
        ]
    }

    @Test("every single link and device failure: degraded equals the failure engine's per-accelerator losses recomputed from scratch")
    func matchesRecomputationFromScratch() throws {
        for (name, topology) in try Self.smallDesigns() {
            let impacts = SingleFailureSweep.impacts(of: topology)
            let baseline = FailureSweeper(topology: topology).baseline
            var index = 0
            var checked = 0
            for elementClass in [SweepElementClass.links, .devices] {
                for element in sweepElements(topology, class: elementClass) {
                    var mask = FailureMask(for: baseline.graph)
                    for link in element.scenario.links { mask.failLink(link) }
                    for device in element.scenario.devices { mask.failDevice(device) }
                    let expected = baseline.capacityLosses(under: mask).count
                    #expect(impacts[index].degradedAccelerators == expected, "\(name): \(impacts[index].element)")
                    index += 1
                    checked += 1
                }
            }
            #expect(checked == topology.links.count + topology.devices.count, "\(name)")
        }
    }

    @Test("the CDF axis ends at the 1-2-5 value just above the largest sample, not at the next power of ten")
    func cdfAxisEnd() {
        #expect(SVG.cdfTicks(largest: 0) == ([0, 1], 1))
        #expect(SVG.cdfTicks(largest: 1) == ([0, 1], 1))
        #expect(SVG.cdfTicks(largest: 2) == ([0, 1, 2], 2))
        #expect(SVG.cdfTicks(largest: 16) == ([0, 1, 10, 20], 20))
        #expect(SVG.cdfTicks(largest: 128) == ([0, 1, 10, 100, 200], 200))
        #expect(SVG.cdfTicks(largest: 1000) == ([0, 1, 10, 100, 1000], 1000))
        #expect(SVG.cdfTicks(largest: 1001) == ([0, 1, 10, 100, 1000, 2000], 2000))
        #expect(SVG.cdfTicks(largest: 4100) == ([0, 1, 10, 100, 1000, 5000], 5000))
        // The curves reach the right edge of the plot within a factor 2.5 of the axis end.
        for largest in [3.0, 7, 55, 128, 999, 1001, 15360] {
            let end = SVG.cdfTicks(largest: largest).end
            #expect(end >= largest && end <= 2.5 * largest, "\(largest)")
        }
        let svg = SVG.cdf([("stranded", "c1", [0, 0, 3, 128])], title: "t", xLabel: "accelerators")
        #expect(svg.contains(">200</text>") && !svg.contains(">1k</text>"))
    }
}
