import FabricGraphML
import FabricModel
import Foundation
import Testing

/// The GraphML features of the importer, one fixture each (`Fixtures/`).
@Suite struct GraphMLFeatureTests {
    func read(_ name: String) throws -> ImportResult {
        try GraphMLReader.read(file: FixtureFiles.path(name))
    }

    func device(_ topology: Topology, _ id: String) throws -> Device {
        let index = try #require(topology.deviceIndex(forID: id))
        return topology.devices[Int(index)]
    }

    func link(_ topology: Topology, _ id: String) throws -> Link {
        try #require(topology.links.first { $0.id == id })
    }

    /// libxml2 hands `&` in attribute values over as `&#38;` without entity substitution; ids must come back as written.
    @Test func ampersandsInAttributeValuesAreDecoded() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <graph edgedefault="undirected">
                <node id="a&amp;b"/>
                <node id="c&#38;d&lt;e&gt;&#38;#38;"/>
                <edge id="x&amp;y" source="a&amp;b" target="c&#38;d&lt;e&gt;&#38;#38;"/>
              </graph>
            </graphml>
            """
        let result = try GraphMLReader.read(string: text, fileName: "amp.graphml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.topology.devices.map(\.id) == ["a&b", "c&d<e>&#38;"])
        #expect(result.topology.links.map(\.id) == ["x&y"])
        #expect(result.topology.links.first.map { [$0.source, $0.target] } == [0, 1])
    }

    @Test func nativeSchemaFieldsAndDefaults() throws {
        let result = try read("native-small.graphml")
        // Only the note on how edges were read: l2 says directed="true", which is GraphML's, not a one-way link.
        #expect(result.diagnostics.map(\.code) == ["graphml.edge-direction"], "\(result.diagnostics)")
        let topology = result.topology
        #expect(topology.rolesDeclared)
        let gpu0 = try device(topology, "gpu0")
        #expect(gpu0.role == .accelerator)  // from the key's <default>
        #expect(gpu0.pod == "p0" && gpu0.rack == "r0" && gpu0.rail == 0)
        #expect(gpu0.coordinates == [0, 1, 2])
        #expect(gpu0.attributes == ["vendor": .string("acme")])
        #expect(gpu0.position == SourcePosition(line: 24, column: 5))
        #expect(try device(topology, "gpu1").role == .accelerator)  // synonym 'gpu'
        let leaf = try device(topology, "leaf0")
        #expect(leaf.role == .switch && leaf.tier == 1 && leaf.radix == 64 && leaf.plane == "A")
        #expect(leaf.attributes.isEmpty)

        #expect(topology.srlgs == ["tray-1", "conduit-7"])
        let l0 = try link(topology, "l0")
        #expect(l0.bandwidth == 400e9)  // the edge key's <default>
        #expect(l0.medium == .optical && l0.srlgs == [0, 1] && l0.latencyNanoseconds == 150.5)
        #expect(!l0.directed)
        #expect(l0.attributes.isEmpty)
        let l1 = try link(topology, "l1")
        #expect(l1.bandwidth == 400e9 && l1.multiplicity == 2 && l1.srlgs == [1])  // 50 GB/s = 400 Gb/s
        let l2 = try link(topology, "l2")
        #expect(!l2.directed && l2.bandwidth == 1.6e12 && l2.medium == .electrical)

        #expect(topology.properties["family"] == .string("test"))
        #expect(topology.properties["schema_version"] == .int(1))
        #expect(topology.properties["lossless"] == .bool(true))
        #expect(topology.graphs.map(\.id) == ["pod"])
        let summary = TopologySummary(topology)
        #expect(summary.physicalLinks == 4 && summary.linksWithBandwidth == 3)
        #expect(summary.linkBandwidthTotalBps == 400e9 + 2 * 400e9 + 1.6e12)
        #expect(summary.accelerators == 2 && summary.switches == 1)
        #expect(summary.minDegree == 2 && summary.maxDegree == 3)
    }

    @Test func gzipAndMemoryInputGiveTheSameTopology() throws {
        let plain = try read("native-small.graphml").topology
        let compressed = try read("native-small.graphml.gz").topology
        #expect(compressed.devices == plain.devices)
        #expect(compressed.links == plain.links)
        let bytes = try [UInt8](Data(contentsOf: FixtureFiles.directory.appendingPathComponent("native-small.graphml")))
        let memory = try GraphMLReader.read(bytes: bytes, fileName: "memory.graphml").topology
        #expect(memory.devices == plain.devices)
        #expect(memory.links == plain.links)
        #expect(memory.file == "memory.graphml")
    }

    @Test func nestedGraphsPortsHyperedgesAndSeveralGraphs() throws {
        let result = try read("nested-ports-hyper.graphml")
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let topology = result.topology
        #expect(topology.devices.map(\.id) == ["rack1", "rack1::board", "npu0", "npu1", "sw", "nvbus", "hyperedge-2", "x", "y"])
        #expect(topology.devices.map(\.role) == [.other, .other, .accelerator, .accelerator, .accelerator, .bus, .bus, .accelerator, .accelerator])
        #expect(!topology.rolesDeclared)
        #expect(topology.graphs.map(\.id) == ["G", "rack1:", "rack1::board:", "second"])
        #expect(topology.graphs.map(\.parent) == [-1, 0, 1, -1])
        #expect(topology.graphs[0].directedByDefault && !topology.graphs[1].directedByDefault)
        let npu0 = try #require(topology.deviceIndex(forID: "npu0"))
        #expect(topology.containmentPath(ofDevice: npu0) == ["G", "rack1", "rack1::board"])

        #expect(topology.ports.map(\.name) == ["uplinks", "p0", "p1", "p0", "down0", "down1"])
        #expect(topology.ports.map(\.parent) == [-1, 0, 0, -1, -1, -1])
        #expect(topology.ports[1].attributes["speed"] == .string("400G"))
        let a = try link(topology, "a")
        #expect(a.sourcePort == 1 && a.targetPort == 4 && !a.directed)  // edgedefault="directed" is not one-way
        let b = try link(topology, "b")
        #expect(b.sourcePort == 3 && b.targetPort == 5 && !b.directed)

        let bus = try device(topology, "nvbus")
        #expect(bus.label == "scale-up bus")
        let busIndex = try #require(topology.deviceIndex(forID: "nvbus"))
        let busLinks = topology.links.filter { $0.source == busIndex || $0.target == busIndex }
        #expect(busLinks.count == 3)
        #expect(busLinks[0].source == npu0 && busLinks[0].sourcePort == 2 && !busLinks[0].directed)
        #expect(busLinks[2].source == busIndex && !busLinks[2].directed)  // type="in": oriented into the node, still a cable

        let summary = TopologySummary(topology)
        #expect(summary.links == 11)
        #expect(summary.selfLoops == 1)
        #expect(summary.parallelLinks == 2)
        #expect(summary.isolatedNodes == 2)  // the two group nodes
        #expect(summary.components == 4)  // rack1, board, {npu0, npu1, sw, buses}, {x, y}
    }

    @Test func yEdDataIsIgnoredButLabelsAreKept() throws {
        let result = try read("yed-labels.graphml")
        #expect(result.diagnostics.map(\.code) == ["graphml.edge-direction"], "\(result.diagnostics)")
        let topology = result.topology
        #expect(try device(topology, "n0").label == "Spine A")
        let n1 = try device(topology, "n1")
        #expect(n1.label == "Leaf α&β")  // character references and a predefined entity
        #expect(n1.attributes["url"] == .string("http://example.com/?a=1&b=<2>"))  // CDATA
        #expect(try link(topology, "e0").attributes["label"] == .string("100 Gbps"))
        #expect(try !link(topology, "e0").directed)  // yEd's edgedefault="directed": a full-duplex cable
        #expect(topology.devices.allSatisfy { $0.role == .accelerator })
    }

    @Test func prefixedNamespace() throws {
        let result = try read("prefixed-namespace.graphml")
        #expect(result.diagnostics.isEmpty)
        #expect(result.topology.devices.map(\.role) == [.switch, .accelerator])
        #expect(result.topology.links.count == 1)
        #expect(result.topology.rolesDeclared)
    }

    @Test func quirksAreWarnings() throws {
        let result = try read("quirks.graphml")
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let codes = result.diagnostics.map(\.code)
        #expect(codes == ["graphml.attr-type", "graphml.duplicate-key", "graphml.key-placement", "graphml.edge-before-node", "graphml.value-quirk"])
        #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
        let a = try device(result.topology, "a")
        #expect(a.attributes["active"] == .bool(true))
        #expect(a.attributes["weight"] == .double(2.5))  // the later declaration of 'k2' wins
        #expect(try device(result.topology, "b").attributes["active"] == .bool(false))
        #expect(try link(result.topology, "early").attributes["note"] == .string("before its nodes"))
        #expect(result.topology.links.count == 1)
    }

    @Test func elementLocationsAreTheStartTag() throws {
        let topology = try read("multiline-tags.graphml").topology
        #expect(
            topology.devices.map(\.position) == [
                SourcePosition(line: 4, column: 7), SourcePosition(line: 6, column: 5), SourcePosition(line: 8, column: 2),
            ])
        #expect(topology.links.first?.position == SourcePosition(line: 9, column: 5))
        #expect(topology.location(ofDevice: 0).description == FixtureFiles.path("multiline-tags.graphml") + ":4:7")
    }

    @Test func locationsStayExactDeepIntoALargeFile() throws {
        // 20,000 node lines push libxml2's buffer through many refills; then several tags share one line.
        var text = "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n<graph edgedefault=\"undirected\">\n"
        for index in 0..<20_000 { text += "  <node id=\"n\(index)\"/>\n" }
        text += "<edge id=\"a\" source=\"n0\" target=\"n1\"/> <edge id=\"b\" source=\"n1\" target=\"n2\"/>\t<edge id=\"c\"\n source=\"n2\" target=\"n3\"/>\n"
        text += "</graph>\n</graphml>\n"
        let topology = try GraphMLReader.read(string: text, fileName: "large.graphml").topology
        #expect(topology.devices[19_999].position == SourcePosition(line: 20_003, column: 3))
        let edgeLine = Int32(20_004)
        #expect(
            topology.links.map(\.position) == [
                SourcePosition(line: edgeLine, column: 1), SourcePosition(line: edgeLine, column: 40), SourcePosition(line: edgeLine, column: 79),
            ])
    }

    @Test func bandwidthUnitsFromKeysAndText() throws {
        let result = try read("bandwidth-units.graphml")
        let bandwidth = Dictionary(uniqueKeysWithValues: result.topology.links.map { ($0.id ?? "", $0.bandwidth) })
        #expect(bandwidth["gbps"] == 400e9)  // bandwidth_gbps: bare number in Gb/s
        #expect(bandwidth["gbytes"] == 400e9)  // bw_GBps: bare number in GB/s
        #expect(bandwidth["text"] == 224e9)  // 28 GB/s
        #expect(bandwidth["bare"] == .some(nil))  // 400 what? an error, not 400 b/s
        #expect(bandwidth["bits"] == 25e9)  // ≥ 1 Mb/s without a unit: bit/s, the documented default
        #expect(result.diagnostics.map(\.code) == ["graphml.bandwidth-unit"])
        #expect(result.diagnostics.first?.severity == .error)
        #expect(result.diagnostics.first?.location?.line == 11)
    }

    @Test func fileWithoutRolesMakesEveryDeviceAnAccelerator() throws {
        let result = try read("no-roles.graphml")
        #expect(!result.topology.rolesDeclared)
        #expect(result.topology.devices.allSatisfy { $0.role == .accelerator })
        // 'label' is declared for graph and node: matched by (domain, attr.name).
        #expect(try device(result.topology, "a").label == "node a")
        #expect(result.topology.properties["label"] == .string("the graph"))
        #expect(result.topology.devices.allSatisfy { $0.attributes.isEmpty })
    }

    @Test func latin1AndUTF16AreDecoded() throws {
        let latin1 = try read("latin1.graphml").topology
        #expect(latin1.devices.map(\.id) == ["zürich"])
        #expect(latin1.devices.first?.label == "Zürich µ")
        let utf16 = try read("utf16-bom.graphml").topology
        #expect(utf16.devices.map(\.id) == ["génève", "b"])
        #expect(utf16.devices.first?.label == "Genève 東京")
        #expect(utf16.devices.first?.position == SourcePosition(line: 5, column: 1))
        #expect(utf16.links.count == 1)
    }

    @Test func missingRoleInARoleFileIsWarned() throws {
        let text = """
            <?xml version="1.0"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="r" for="node" attr.name="role" attr.type="string"/>
              <key id="t" for="node" attr.name="tier" attr.type="int"/>
              <graph edgedefault="undirected">
                <node id="a"><data key="r">npu</data></node>
                <node id="b"><data key="t">2</data></node>
                <node id="c"/>
                <node id="d"><data key="r">toaster</data></node>
              </graph>
            </graphml>
            """
        let result = try GraphMLReader.read(string: text, fileName: "roles.graphml")
        #expect(result.topology.devices.map(\.role) == [.accelerator, .switch, .accelerator, .other])
        #expect(result.diagnostics.map(\.code) == ["graphml.missing-role", "graphml.missing-role", "graphml.unknown-role"])
        #expect(result.diagnostics.first?.description == "roles.graphml:7:5: warning: node 'b' has no role; read as 'switch' from its tier")
    }

    @Test func diagnosticsOfOneKindAreCapped() throws {
        var text = "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"><graph edgedefault=\"undirected\"><node id=\"a\"/>\n"
        for index in 0..<100 { text += "<edge id=\"e\(index)\" source=\"a\" target=\"missing\(index)\"/>\n" }
        text += "</graph></graphml>"
        let result = try GraphMLReader.read(string: text, fileName: "many.graphml", options: ReaderOptions(maxDiagnosticsPerKind: 5))
        #expect(result.diagnostics.filter { $0.severity == .error }.count == 5)
        #expect(result.diagnostics.last?.message == "95 more 'graphml.undefined-node' errors not shown (100 in total)")
        #expect(result.topology.links.isEmpty)
    }
}
