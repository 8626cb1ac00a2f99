import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

/// The 12 Topology Zoo files of `Tests/Reference/conformance/zoo/` against their independently computed `expected.json`.
@Suite struct ZooConformanceTests {
    // Field names are the JSON keys the Python reference script writes.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    struct Expected: Decodable {
        struct Speed: Decodable {
            var total_bps: Double
            var edges_with_value: Int
            var edges_without_value: Int
            var min_bps: Double?
            var max_bps: Double?
        }
        var nodes: Int
        var edges: Int
        var self_loops: Int
        var parallel_edges: Int
        var components: Int
        var isolated_nodes: Int
        var link_speed_raw: Speed?
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

    static let names = [
        "Arpanet196912.graphml", "Abilene.graphml", "Globalcenter.graphml", "Spiralight.graphml", "Hibernia.graphml",
        "Bandcon.graphml", "Janetlense.graphml", "Geant2012.graphml", "Garr.graphml", "Uninett.graphml",
        "Interoute.graphml", "Kdl.graphml",
    ]

    @Test func expectedFileCoversAllTwelve() {
        #expect(Self.expected.count == 12)
        #expect(Set(Self.expected.keys) == Set(Self.names))
    }

    @Test(arguments: names)
    func matchesExpected(name: String) throws {
        let expected = try #require(Self.expected[name])
        let path = Fixtures.zoo.appendingPathComponent(name).path
        let result = try GraphMLReader.read(file: path)
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let topology = result.topology
        let summary = TopologySummary(topology)
        #expect(summary.nodes == expected.nodes)
        #expect(summary.links == expected.edges)
        #expect(summary.selfLoops == expected.self_loops)
        #expect(summary.parallelLinks == expected.parallel_edges)
        #expect(summary.components == expected.components)
        #expect(summary.isolatedNodes == expected.isolated_nodes)
        #expect(!topology.rolesDeclared)
        #expect(summary.accelerators == expected.nodes)
        // LinkSpeedRaw: the link bandwidth of every edge carrying it is that value, exactly.
        if let speed = expected.link_speed_raw {
            var total = 0.0
            var with = 0
            var minimum = Double.infinity
            var maximum = -Double.infinity
            for link in topology.links {
                guard let raw = link.attributes["LinkSpeedRaw"]?.doubleValue else { continue }
                #expect(link.bandwidth == raw)
                total += raw
                with += 1
                minimum = min(minimum, raw)
                maximum = max(maximum, raw)
            }
            #expect(total == speed.total_bps)
            #expect(with == speed.edges_with_value)
            #expect(topology.links.count - with == speed.edges_without_value)
            if let min = speed.min_bps { #expect(minimum == min) }
            if let max = speed.max_bps { #expect(maximum == max) }
        } else {
            #expect(topology.links.allSatisfy { $0.attributes["LinkSpeedRaw"] == nil })
        }
    }

    @Test func uninettIntegerTypeIsAWarningPerKey() throws {
        let path = Fixtures.zoo.appendingPathComponent("Uninett.graphml").path
        let result = try GraphMLReader.read(file: path)
        let quirks = result.diagnostics.filter { $0.code == "graphml.attr-type" }
        #expect(quirks.count == 12)
        #expect(quirks.allSatisfy { $0.severity == .warning && $0.location?.line ?? 0 > 1 })
        // Node 'id' data keeps its integer type.
        #expect(result.topology.devices.first?.attributes["id"] == .int(0))
    }

    @Test func garrSpeedsComeFromLinkSpeedAndUnits() throws {
        let path = Fixtures.zoo.appendingPathComponent("Garr.graphml").path
        let topology = try GraphMLReader.read(file: path).topology
        let withBandwidth = topology.links.filter { $0.bandwidth != nil }
        #expect(!withBandwidth.isEmpty)
        for link in withBandwidth {
            if let speed = link.attributes["LinkSpeed"]?.description, let units = link.attributes["LinkSpeedUnits"]?.description {
                #expect(link.bandwidth == (try? Bandwidth.parse(speed + units, bareUnit: nil)))
            }
        }
    }
}
