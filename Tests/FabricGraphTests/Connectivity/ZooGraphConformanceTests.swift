import FabricGraph
import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

/// Graph metrics of the 12 Topology Zoo files against `Tests/Reference/conformance/zoo/expected.json`.
@Suite struct ZooGraphConformanceTests {
    // Field names are the JSON keys the Python reference script writes.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    struct Expected: Decodable {
        var components: Int
        var largest_component_nodes: Int
        var bridges: Int
        var bridges_multigraph: Int
        var articulation_points: Int
        var edge_connectivity: Int?
        var edge_connectivity_multigraph: Int?
        var node_connectivity: Int?
        var diameter_largest_component: Int
    }

    struct ExpectedFile: Decodable {
        var files: [String: Expected]
    }

    static let expected: [String: Expected] = {
        let url = Fixtures.zoo.appendingPathComponent("expected.json")
        guard let data = try? Data(contentsOf: url), let decoded = try? JSONDecoder().decode(ExpectedFile.self, from: data) else {
            return [:]
        }
        return decoded.files
    }()

    @Test func expectedValuesAreAvailable() {
        #expect(Self.expected.count == 12)
    }

    @Test(arguments: [
        "Arpanet196912.graphml", "Abilene.graphml", "Globalcenter.graphml", "Spiralight.graphml", "Hibernia.graphml",
        "Bandcon.graphml", "Janetlense.graphml", "Geant2012.graphml", "Garr.graphml", "Uninett.graphml",
        "Interoute.graphml", "Kdl.graphml",
    ])
    func matchesExpected(name: String) throws {
        let expected = try #require(Self.expected[name])
        let topology = try GraphMLReader.read(file: Fixtures.zoo.appendingPathComponent(name).path).topology
        let graph = CSRGraph(topology)
        #expect(graph.accelerators.count == topology.devices.count, "a file without roles makes every device an accelerator")
        let connectivity = graph.connectivity()
        #expect(connectivity.componentCount == expected.components)
        #expect(connectivity.componentSizes.max() == expected.largest_component_nodes)
        #expect(connectivity.bridges.count == expected.bridges)
        #expect(connectivity.multigraphBridges.count == expected.bridges_multigraph)
        #expect(connectivity.articulationPoints.count == expected.articulation_points)
        let simple = try #require(graph.edgeConnectivity(simple: true))
        let multi = try #require(graph.edgeConnectivity())
        #expect(simple.value == Double(expected.edge_connectivity ?? 0))
        #expect(multi.value == Double(expected.edge_connectivity_multigraph ?? 0))
        if let nodeConnectivity = expected.node_connectivity {
            #expect(graph.nodeConnectivity() == nodeConnectivity)
        }
        // Diameter of the largest component: the hop histogram of all-pairs routing inside it.
        let largest = connectivity.largestAcceleratorComponent
        let members = graph.accelerators.filter { connectivity.componentOf[Int($0)] == largest }
        let routed = graph.route(.uniform(groups: [members]))
        #expect(routed.diameter == expected.diameter_largest_component)
        #expect(routed.unroutedPairs == 0)
    }
}
