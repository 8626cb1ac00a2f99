import FabricGraph
import FabricGraphML
import FabricModel
import FabricReports
import FabricTestSupport
import Foundation
import Testing

/// `export --format netgraph` and the NetGraph cross-check (scripts/netgraph-check.py, recorded fixture).
@Suite struct ExportNetGraphTests {
    static func pod() throws -> Topology {
        let path = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/throughput/sweep-pod.graphml").path
        return try GraphMLReader.read(file: path).topology
    }

    /// The scenario names every device and link of the hand-written pod, sums a 2-cable link's capacity, anchors
    /// selectors and escapes regex characters; a device id NetGraph would expand is an error naming it.
    @Test func scenarioOfTheHandWrittenPod() throws {
        let yaml = try NetGraphExporter.render(Self.pod())
        #expect(yaml.contains("    \"g7\": {attrs: {role: \"accelerator\", rack: \"r1\"}}\n"))
        #expect(yaml.contains("    - {source: \"^L0$\", target: \"^S0$\", capacity: 400, cost: 1, attrs: {edge_id: \"u-L0-S0\", cables: 2}}\n"))
        #expect(yaml.components(separatedBy: "    - {source:").count - 1 == 16)
        #expect(yaml.contains("  single_link:\n") && yaml.contains("  single_node:\n") && !yaml.contains("single_risk_group"))
        var odd = Topology(file: "odd.graphml")
        try odd.addDevice(Device(id: "a.b", role: .accelerator))
        try odd.addDevice(Device(id: "sw(1)", role: .switch))
        try odd.addLink(Link(source: 0, target: 1, bandwidth: 100e9))
        #expect(try NetGraphExporter.render(odd).contains("{source: \"^a\\\\.b$\", target: \"^sw\\\\(1\\\\)$\", capacity: 100, cost: 1}"))
        try odd.addDevice(Device(id: "gpu[3]", role: .accelerator))
        #expect(throws: ExportError.self) { try NetGraphExporter.render(odd) }
    }

    /// NetGraph 0.24.1's max flow L0 → L2 on the pod under every single link and node failure (its Monte-Carlo
    /// failure policies over the exported scenario, recorded by scripts/netgraph-check.py) equals fabcheck's max flow
    /// (Dinic, `CSRGraph.maxFlow`) under the same failure, exactly.
    @Test func maxFlowPerFailureMatchesNetGraph() throws {
        struct Record: Decodable {
            let source: String
            let target: String
            let baseline: Double
            let links: [String: Double]
            let nodes: [String: Double]
        }
        let url = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/netgraph/sweep-pod-maxflow.json")
        let record = try JSONDecoder().decode(Record.self, from: Data(contentsOf: url))
        let topology = try Self.pod()
        let graph = CSRGraph(topology)
        func index(_ id: String) throws -> Int32 { Int32(try #require(topology.devices.firstIndex { $0.id == id })) }
        let source = try index(record.source)
        let target = try index(record.target)
        #expect(graph.maxFlow(from: source, to: target).value / 1e9 == record.baseline)
        #expect(record.links.count == 16 && record.nodes.count == 14)
        for (id, value) in record.links {
            let link = Int32(try #require(topology.links.firstIndex { $0.id == id }))
            let flow = graph.maxFlow(from: source, to: target, under: FailureScenario(links: [link]).mask(for: graph))
            #expect(flow.value / 1e9 == value, "link \(id)")
        }
        for (id, value) in record.nodes {
            let device = try index(id)
            let flow =
                device == source || device == target
                ? 0 : graph.maxFlow(from: source, to: target, under: FailureScenario(devices: [device]).mask(for: graph)).value
            #expect(flow / 1e9 == value, "node \(id)")
        }
    }
}
