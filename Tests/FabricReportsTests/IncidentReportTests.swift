import FabricGraph
import FabricGraphML
import FabricModel
import FabricTestSupport
import Testing

@testable import FabricReports

/// The incident side of the reports on the hand-written irregular rail pod: affected work and drain list counted by
/// hand, the incident section's design/now figures, and the headline naming the costliest failure.
@Suite struct IncidentReportTests {
    static func railPod() throws -> Topology {
        let path = Fixtures.packageRoot.appendingPathComponent("Tests/FabricGraphMLTests/Fixtures/rail-pod-irregular.graphml").path
        return try GraphMLReader.read(file: path).topology
    }

    static func applied(_ text: String) throws -> AppliedFailureState {
        try AppliedFailureState(design: try railPod(), state: FailureState(parsing: text, file: "incident.txt"))
    }

    /// leaf-1a down: h2-g1 (only on leaf-1a) is stranded; the other rail-1 GPUs keep leaf-1b and lose injection.
    @Test func affectedWorkByHand() throws {
        let state = try Self.applied("leaf-1a\n")
        let work = try AffectedWork.compute(topology: state.design, scenario: state.scenario, slurmNode: "rack")
        #expect(work.failed.isEmpty)
        #expect(work.stranded == ["h2-g1"])
        #expect(work.degraded.sorted() == ["h0-g1", "h1-g1", "h3-g1"])
        #expect(work.drainNodes == ["h2"])
        #expect(work.byRack.first?.name == "h2" && work.byRack.first?.stranded == 1)
        #expect(work.byRack.count == 4)
        #expect(work.scontrolLines(reason: "INC \"7\"").hasSuffix("scontrol update nodename=h2 state=drain reason=\"INC '7'\"\n"))
        let degradedToo = try AffectedWork.compute(topology: state.design, scenario: state.scenario, slurmNode: "rack", drainDegraded: true)
        #expect(degradedToo.nodeList() == "h[0-3]\n")
    }

    /// h0-g0 left on leaf-0b only, h1-g0 on leaf-0a only, leaf-0b cut from both spines: h0-g0 still reaches h2-g0 and
    /// h3-g0 over leaf-0b (so nothing is stranded) but loses h1-g0 and the four rail-1 GPUs (5 peers); h1-g0 and each
    /// rail-1 GPU lose h0-g0 (1 each). Counted by hand; every cut-off GPU's rack is drained.
    @Test func affectedWorkCutOffFromPeers() throws {
        let state = try Self.applied("h0-g0~leaf-0a\nh1-g0~leaf-0b\nleaf-0b~spine-0\nleaf-0b~spine-1\n")
        let work = try AffectedWork.compute(topology: state.design, scenario: state.scenario, slurmNode: "rack")
        #expect(work.stranded.isEmpty && work.failed.isEmpty)
        let lost = Dictionary(uniqueKeysWithValues: work.cutOff.map { ($0.id, $0.lostPeers) })
        #expect(lost == ["h0-g0": 5, "h1-g0": 1, "h0-g1": 1, "h1-g1": 1, "h2-g1": 1, "h3-g1": 1])
        #expect(work.drainNodes == ["h0", "h1", "h2", "h3"])
        #expect(work.drainCriterion == "failed, stranded or cut off")
        #expect(work.text().contains("(0 failed, 0 stranded, 6 cut off from some peers,"))
        #expect(work.text().contains("cut off: 10 lost peer pairings (each pair counted at both ends); worst 'h0-g0' lost 5"))
        // The pairs the state disconnects, counted at both ends.
        let impact = BlastRadius.analyze(
            topology: state.design, baseline: BlastRadiusBaseline(graph: CSRGraph(state.design), topology: state.design),
            scenario: state.scenario, selectors: [], designName: "rail-pod")
        #expect(impact.disconnectedPairs * 2 == work.cutOff.reduce(0) { $0 + $1.lostPeers })
    }

    /// leaf-1a down and the cable h3-g1~leaf-1b pulled: the diagram of now outlines the group leaf-1a belonged to
    /// ("1 device down") and overlays the accelerators–leaf bundle that lost the cable ("1 cable down"); nothing else.
    @Test func diagramDrawsTheDownElements() throws {
        let state = try Self.applied("leaf-1a\nh3-g1~leaf-1b\n")
        let incident = HTMLIncident(state: state)
        let html = HTMLReport.diagramSection(state.now, incident: incident)
        #expect(html.components(separatedBy: "class=\"failed\"").count - 1 == 2)
        #expect(html.contains("<title>1 cable down</title>"))
        #expect(html.contains("<title>1 device down</title>"))
        #expect(html.contains("Purple</span>: elements down in the state"))
        // The outlined group is the one holding leaf-1a in the design's aggregation, by name.
        let design = AggregatedDesign(state.design, grouping: .pod)
        let leaf = try #require(state.design.deviceIndex(forID: "leaf-1a"))
        let name = design.groups[Int(design.groupOf[Int(leaf)])].name
        let now = AggregatedDesign(state.now, grouping: .pod)
        let layer = DiagramFailures(incident, now: now)
        let outlined = try #require(layer.groups.first)
        #expect(layer.groups.count == 1 && now.groups[outlined.key].name == name && outlined.value.devices == 1)
        #expect(layer.bundles.values.reduce(0, +) == 1 && layer.vanished.isEmpty)
        #expect(HTMLReport.diagramSection(state.now).contains("class=\"failed\"") == false)
    }

    @Test func incidentSectionShowsDesignAndNow() throws {
        let state = try Self.applied("leaf-1a\nh3-g1~leaf-1b\n")
        let incident = HTMLIncident(state: state)
        #expect(incident.impact.strandedAccelerators == 2)
        let analysis = DesignAnalysis(topology: state.now, options: DesignAnalysisOptions(bisection: false, traffic: true))
        let html = HTMLReport.render(analysis, failures: SingleFailureSweep.impacts(of: state.now), incident: incident)
        #expect(html.contains("<h2>Incident: incident.txt</h2>"))
        #expect(html.contains("<td>accelerators stranded</td><td class=\"num\">0</td><td class=\"num bad\">2</td>"))
        #expect(html.contains("link 'h3-g1~leaf-1b'"))
    }

    /// With nothing stranding, the headline names the failure that costs the most capacity, not the one that
    /// degrades the most accelerators a little.
    @Test func headlineNamesTheCostliestFailure() throws {
        // Two accelerators, each cabled to both switches S and T: no single failure strands anything.
        var topology = Topology(file: "dual.graphml")
        topology.graphs = [Subgraph(id: "G")]
        for (id, role) in [("S", Role.switch), ("T", .switch), ("a1", .accelerator), ("a2", .accelerator)] {
            try topology.addDevice(Device(id: id, role: role))
        }
        for (source, target) in [(2, 0), (2, 1), (3, 0), (3, 1)] { try topology.addLink(Link(source: Int32(source), target: Int32(target), bandwidth: 100e9)) }
        let cheapWide = SingleFailureImpact(
            element: "device 'S'", location: topology.location(ofDevice: 0), failedAccelerators: 0,
            strandedAccelerators: 0, degradedAccelerators: 8, worstLoss: 0.1, capacityLostBps: 100e9)
        let costly = SingleFailureImpact(
            element: "device 'T'", location: topology.location(ofDevice: 1), failedAccelerators: 0,
            strandedAccelerators: 0, degradedAccelerators: 4, worstLoss: 0.5, capacityLostBps: 1.6e12)
        let analysis = DesignAnalysis(topology: topology, options: DesignAnalysisOptions(bisection: false, traffic: false))
        #expect(analysis.metrics.worstSingleFailure == nil)
        let html = HTMLReport.render(analysis, failures: [cheapWide, costly])
        #expect(
            html.contains("<div class=\"label\">worst single failure</div><div class=\"value\">50% of an accelerator&#39;s capacity</div>")
                || html.contains("<div class=\"label\">worst single failure</div><div class=\"value\">50% of an accelerator's capacity</div>"))
        #expect(html.contains("device &#39;T&#39;: 1.6 Tb/s lost by 4 accelerators") || html.contains("device 'T': 1.6 Tb/s lost by 4 accelerators"))
    }
}
