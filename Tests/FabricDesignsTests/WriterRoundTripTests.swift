import FabricDesigns
import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

/// A unique scratch path under the system temporary directory.
func scratchPath(_ name: String) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-designs-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name).path
}

/// Streams a design into a GraphML file.
func writeDesign(_ design: any FabricDesign, to path: String) throws {
    var writer = try GraphMLWriter(path: path)
    try design.generate(into: &writer)
}

@Suite struct WriterRoundTripTests {
    static let cases: [(String, [String: String])] = [
        ("fattree", ["k": "4"]), ("clos", [:]),
        (
            "clos",
            [
                "tiers": "3", "pods": "2", "hosts": "32", "rails": "4", "planes": "2", "leaf-hosts": "4",
                "spines": "2", "superspines": "4", "radix": "32",
            ]
        ),
        ("torus", ["k": "4", "n": "2", "cube": "2"]), ("mesh", ["k": "3", "n": "3"]), ("fullmesh", ["dims": "4,4,2", "pods": "2", "switches": "4"]),
        ("fullmesh", ["dims": "4,4", "pods": "3", "planes": "2", "spines": "4"]), ("dragonfly", [:]),
        ("cloudmatrix384", [:]), ("dgx-h100-4su", [:]), ("gb200-nvl72-su", [:]), ("leafspine-64", [:]), ("torus-4x4x4", [:]),
    ]

    @Test(arguments: cases.indices)
    func writeThenImportGivesTheSameModel(_ index: Int) throws {
        let (name, parameters) = Self.cases[index]
        let design = try DesignCatalog.design(named: name, parameters: parameters)
        let built = try DesignCatalog.topology(of: design)
        let path = scratchPath("roundtrip-\(index).graphml")
        try writeDesign(design, to: path)
        let imported = try GraphMLReader.read(file: path)
        #expect(imported.diagnostics.isEmpty, "\(imported.diagnostics.prefix(3))")
        var expected = built
        expected.file = path
        let actual = imported.topology.withoutSourcePositions()
        #expect(actual.devices == expected.devices)
        #expect(actual.srlgs == expected.srlgs)
        #expect(actual.links == expected.links)
        #expect(actual.properties == expected.properties)
        #expect(actual == expected)
        // Writing the model in memory gives the same bytes as streaming.
        let again = scratchPath("roundtrip-\(index)-model.graphml")
        try GraphMLWriter.write(built, to: again)
        #expect(FileManager.default.contents(atPath: again) == FileManager.default.contents(atPath: path))
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: again)
    }

    @Test func sameDesignGivesTheSameBytesPlainAndGzip() throws {
        let design = try DesignCatalog.design(named: "fattree-k4")
        let first = scratchPath("det-a.graphml.gz")
        let second = scratchPath("det-b.graphml.gz")
        try writeDesign(design, to: first)
        try writeDesign(design, to: second)
        let bytes = try #require(FileManager.default.contents(atPath: first))
        #expect(bytes == FileManager.default.contents(atPath: second))
        #expect(bytes.prefix(2) == Data([0x1f, 0x8b]), "gzip magic")
        #expect(bytes[4..<8] == Data([0, 0, 0, 0]), "gzip mtime is 0")
        let imported = try GraphMLReader.read(file: first)
        var expected = try DesignCatalog.topology(of: design)
        expected.file = first
        #expect(imported.topology.withoutSourcePositions() == expected)
    }

    @Test func everyKeyIsDeclaredAndTyped() throws {
        let path = scratchPath("keys.graphml")
        try writeDesign(try DesignCatalog.design(named: "dgx-h100-4su"), to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let declared = Set(
            text.split(separator: "\n").filter { $0.hasPrefix("<key ") }.compactMap { line -> Substring? in
                guard let start = line.range(of: "id=\"")?.upperBound, let end = line[start...].firstIndex(of: "\"") else { return nil }
                #expect(line.contains("attr.type=\""))
                return line[start..<end]
            })
        var used: Set<Substring> = []
        var rest = text[...]
        while let range = rest.range(of: "<data key=\"") {
            let tail = rest[range.upperBound...]
            if let end = tail.firstIndex(of: "\"") { used.insert(tail[..<end]) }
            rest = tail
        }
        #expect(!used.isEmpty)
        #expect(used.isSubset(of: declared))
        try? FileManager.default.removeItem(atPath: path)
    }

    @Test func writesExtraAttributesPortsAndDirectedLinks() throws {
        var topology = Topology(file: "extras")
        topology.properties = ["family": .string("hand"), "owner": .string("lab <7> & co")]
        topology.graphs = [Subgraph(id: "G", attributes: topology.properties)]
        try topology.addDevice(Device(id: "a&b/c", label: "A \"one\"", role: .switch, radix: 4, attributes: ["weight": .double(2.5), "spare": .bool(true)]))
        try topology.addDevice(Device(id: "c", role: .accelerator, coordinates: [1, 2], attributes: ["weight": .int(3)]))
        topology.ports = [Port(device: 0, name: "p1", attributes: ["speed": .string("400G")]), Port(device: 1, name: "eth0")]
        let srlg = topology.srlgIndex(named: "duct:1")
        try topology.addLink(
            Link(
                id: "e1", source: 0, target: 1, sourcePort: 0, targetPort: 1, directed: true, bandwidth: 28e9 * 8,
                latencyNanoseconds: 120.5, medium: .optical, srlgs: [srlg], multiplicity: 3, attributes: ["color": .string("red")]))
        let path = scratchPath("extras.graphml")
        try GraphMLWriter.write(topology, to: path)
        let imported = try GraphMLReader.read(file: path)
        // The one-way link is written with the `one_way` key: only the note on how edges were read.
        #expect(imported.diagnostics.map(\.code) == ["graphml.edge-direction"], "\(imported.diagnostics)")
        let back = imported.topology
        #expect(back.devices[0].id == "a&b/c")
        #expect(back.devices[0].label == "A \"one\"")
        #expect(back.devices[0].attributes["spare"] == .bool(true))
        // Mixed types of one key are written as strings.
        #expect(back.devices[1].attributes["weight"] == .string("3"))
        #expect(back.devices[1].coordinates == [1, 2])
        #expect(back.properties["owner"] == .string("lab <7> & co"))
        let link = try #require(back.links.first)
        #expect(link.id == "e1" && link.directed && link.multiplicity == 3 && link.bandwidth == 224e9 && link.latencyNanoseconds == 120.5)
        #expect(link.sourcePort >= 0 && back.ports[Int(link.sourcePort)].name == "p1")
        #expect(back.ports[Int(link.sourcePort)].attributes["speed"] == .string("400G"))
        #expect(link.attributes["color"] == .string("red"))
        #expect(back.srlgs == ["duct:1"])
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A link longer than the writer's 1 MiB buffer takes the buffered slow path and still round-trips.
    @Test func linkLongerThanTheBufferRoundTrips() throws {
        let path = scratchPath("long-link.graphml")
        let longName = "duct:" + String(repeating: "x", count: 1 << 20)
        var writer = try GraphMLWriter(path: path)
        try writer.begin(properties: ["family": .string("long")])
        try writer.declareSRLG("rack:a")
        try writer.declareSRLG(longName)
        try writer.device(Device(id: "a", role: .accelerator))
        try writer.device(Device(id: "b", role: .accelerator))
        try writer.link(StreamedLink(source: 0, target: 1, bandwidth: 400e9, medium: .optical, srlg0: 1, srlg1: 0, srlg2: 1))
        try writer.link(StreamedLink(source: 1, target: 0, bandwidth: 400e9, medium: .electrical, srlg0: 0))
        try writer.finish()
        let imported = try GraphMLReader.read(file: path, options: ReaderOptions.default)
        #expect(imported.diagnostics.isEmpty)
        #expect(imported.topology.srlgs == ["rack:a", longName])
        #expect(imported.topology.links.map(\.srlgs) == [[0, 1], [0]])
        try? FileManager.default.removeItem(atPath: path)
    }

    @Test func unwritablePathIsAnError() {
        #expect(throws: GraphMLError.self) {
            var writer = try GraphMLWriter(path: "/nonexistent-dir-fabcheck/x.graphml")
            try writer.begin(properties: [:])
            try writer.finish()
        }
    }
}
