import FabricGraphML
import FabricModel
import FabricReports
import FabricTestSupport
import Foundation
import Testing

@Suite("node-link JSON export")
struct ExportNodeLinkTests {
    /// Reads the export with networkx, checks counts, then writes it back with `node_link_data` and compares every
    /// node and edge record with the input, so nothing is lost or renamed on the way through networkx.
    static let roundTrip = """
        import json, sys
        import networkx as nx
        data = json.load(sys.stdin)
        expected_nodes, expected_edges = int(sys.argv[1]), int(sys.argv[2])
        g = nx.node_link_graph(data, edges="edges")
        assert g.is_multigraph() and not g.is_directed()
        assert g.number_of_nodes() == expected_nodes, (g.number_of_nodes(), expected_nodes)
        assert g.number_of_edges() == expected_edges, (g.number_of_edges(), expected_edges)
        back = nx.node_link_data(g, edges="edges")
        canon = lambda items: sorted(json.dumps(item, sort_keys=True) for item in items)
        assert canon(back["nodes"]) == canon(data["nodes"]), "nodes differ"
        def undirected(edge):
            edge = dict(edge)
            if edge["source"] > edge["target"]:
                edge["source"], edge["target"] = edge["target"], edge["source"]
            return edge
        assert canon(map(undirected, back["edges"])) == canon(map(undirected, data["edges"])), "edges differ"
        assert back["graph"] == data["graph"], "graph data differs"
        total = sum(d["bandwidth_bps"] * d["multiplicity"] for _, _, d in g.edges(data=True) if "bandwidth_bps" in d)
        print("ok", g.number_of_nodes(), g.number_of_edges(), int(total))
        """

    @Test(
        "the JSON round-trips through networkx for generated, Zoo and CSV-imported designs",
        .enabled(if: ExportTestSupport.hasNetworkx, "python3 with networkx is not installed"))
    func networkxRoundTrip() throws {
        var designs = [try Designs.topology(named: "fattree-k4"), try Designs.topology(named: "cloudmatrix384"), try ExportTestSupport.miniScaleUp()]
        designs.append(try GraphMLReader.read(file: Fixtures.zoo.appendingPathComponent("Abilene.graphml").path).topology)
        for topology in designs {
            let json = NodeLinkExporter.render(topology)
            let result = try ExportTestSupport.run(
                "python3", ["-c", Self.roundTrip, String(topology.devices.count), String(topology.links.count)], input: json)
            #expect(result.status == 0, "\(topology.file): \(result.stderr)")
            let capacity = topology.links.reduce(0.0) { $0 + ($1.bandwidth ?? 0) * Double($1.multiplicity) }
            #expect(result.stdout == "ok \(topology.devices.count) \(topology.links.count) \(Int(capacity))\n", "\(topology.file)")
        }
    }

    @Test("nodes and edges carry the model fields; clashing data keys are prefixed")
    func fields() throws {
        var topology = try ExportTestSupport.miniScaleUp()
        topology.updateDevice(at: 0) {
            $0.attributes["id"] = .string("clash")
            $0.attributes["serial"] = .int(7)
        }
        topology.links[0].attributes["key"] = .double(2.5)
        let json = NodeLinkExporter.render(topology)
        #expect(json.contains(#"{"data_id":"clash","id":"gpu-a-0","rack":"nodeA","role":"accelerator","serial":7,"tier":0}"#))
        #expect(json.contains(#"{"bandwidth_bps":3200000000000,"data_key":2.5,"key":0,"multiplicity":1,"source":"gpu-a-0","target":"nvsw-a"}"#))
        #expect(json.contains(#""multigraph": true"#))
    }
}
