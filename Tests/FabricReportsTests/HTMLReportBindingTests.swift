import FabricGraph
import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

@testable import FabricReports

/// The binding-links layer of the report's diagram on the hand-written pod with two uplinks removed: its exact θ
/// (0.5385) is bound by the 200G cables L2–g5 and L2–g6 (each receives 7 × 0.5385 × its injection ÷ 7 = its capacity).
/// The pod has no pods or tiers, so the diagram groups by role: the bundle between the switches and the GPUs holds
/// them, and nothing inside a group binds.
@Suite struct HTMLReportBindingTests {
    @Test func bindingCablesAreHighlightedOnTheirBundle() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/throughput/sweep-pod.graphml").path
        let topology = try GraphMLReader.read(file: path).topology
        let graph = CSRGraph(topology)
        let result = try ThroughputAnalysis.compute(topology: topology, graph: graph, pattern: .allToAll, options: ThroughputOptions(threads: 1))
        let names = Set(result.binding.map { "\(topology.devices[Int($0.from)].id)>\(topology.devices[Int($0.to)].id)" })
        #expect(names == ["L2>g5", "L2>g6"])
        let design = AggregatedDesign(topology, grouping: .pod)
        let highlights = DiagramHighlights(binding: [result], design: design, topology: topology)
        let switches = try #require(design.groups.firstIndex { $0.name == "switch" })
        let accelerators = try #require(design.groups.firstIndex { $0.name == "accelerator" })
        let key = min(switches, accelerators) * design.groups.count + max(switches, accelerators)
        #expect(highlights.bundles == [key: ["all-to-all"]])
        #expect(highlights.groups.isEmpty)
        let section = HTMLReport.diagramSection(topology, throughput: [result])
        #expect(section.components(separatedBy: "class=\"binding\"").count == 2)
        #expect(section.contains("binds θ: all-to-all"))
        #expect(section.contains("Red dashed"))
        #expect(!HTMLReport.diagramSection(topology).contains("binding"))
    }
}
