import FabricModel
import Foundation
import Testing

@testable import FabricObserved

/// The fixtures of this test target, located from this source file.
enum ObservedFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    static func read(_ names: [String], format: ObservedFormat? = nil, local: String? = nil) throws -> ObservedFabric {
        try ObservedReader(format: format, local: local).read(files: names.map(path))
    }
}

@Suite("ibnetdiscover parser")
struct IBNetDiscoverParserTests {
    @Test("a real 40-switch NDR dump (NVIDIA topograph test data): 622 nodes, 1114 cables each printed from both ends")
    func topographDump() throws {
        let fabric = try ObservedFixtures.read(["topograph-example.ibnetdiscover"])
        #expect(fabric.format == .ibnetdiscover)
        // Counts computed independently with a Python regular-expression reading of the same file.
        #expect(fabric.devices.count == 622)
        #expect(fabric.links.count == 1114)
        #expect(fabric.devices.filter { $0.kind == .switch }.count == 40)
        #expect(fabric.devices.filter { $0.name.hasPrefix("MT4129") }.count == 69)
        #expect(fabric.links.allSatisfy { $0.width == 4 && $0.speed == "NDR" && $0.bandwidth == 400e9 })
        let leaf = try #require(fabric.devices.firstIndex { $0.guid == 0x2c5e_ab03_00b8_7b40 })
        #expect(fabric.devices[leaf].name == "MF0;A09-P1-IBLEAF-04-04:MQM9701/U1")
        #expect(fabric.devices[leaf].lid == 73)
        #expect(fabric.devices[leaf].portCount == 65)
        #expect(fabric.devices[leaf].location.line == 10)
        let first = try #require(fabric.links.first)
        #expect(first.a == ObservedEnd(device: Int32(leaf), port: "1"))
        #expect(fabric.devices[Int(first.b.device)].name == "a08-p1-dgx-04-c01 mlx5_5")
        #expect(fabric.devices[Int(first.b.device)].lid == 647)
        #expect(fabric.warnings.isEmpty)
    }

    @Test("a truncated real dump (topograph's example-bad) reads what is there")
    func truncatedDump() throws {
        let fabric = try ObservedFixtures.read(["topograph-example-bad.ibnetdiscover"])
        #expect(fabric.devices.count == 1)
        #expect(fabric.devices[0].name == "dgx-gb200-n01-c1 HCA-1")
        #expect(fabric.links.isEmpty)
    }

    @Test("garbage in a record is an error at its line and column")
    func malformed() {
        let text = "switchguid=0x10\nSwitch\t8 \"S-10\"\t# \"leaf\" lid 1\n[1]\t\"H-20\"[\n"
        var fabric: ObservedFabric?
        #expect(throws: ObservedError.malformed(SourceLocation(file: "x", line: 3, column: 11), "expected the remote port number such as [1] after \"H-20\"")) {
            try ObservedReader().read(Array(text.utf8), file: "x", into: &fabric)
        }
        let header = "Switch\tmany \"S-10\"\n"
        #expect(throws: ObservedError.self) { try ObservedReader(format: .ibnetdiscover).read(Array(header.utf8), file: "y", into: &fabric) }
    }

    @Test("rates: width and lane speed as ibnetdiscover prints them")
    func rates() {
        #expect(InfiniBandRate.parse("4xNDR")! == (4, "NDR"))
        #expect(InfiniBandRate.parse("2xHDR")! == (2, "HDR"))
        #expect(InfiniBandRate.parse("12xQDR")! == (12, "QDR"))
        #expect(InfiniBandRate.parse("4xWHAT") == nil)
        #expect(InfiniBandRate.speedName(width: 4, bitsPerSecond: 200e9) == "HDR")
        #expect(InfiniBandRate.speedName(width: 4, bitsPerSecond: 56e9) == "FDR")
    }
}

@Suite("lldpcli parser")
struct LLDPParserTests {
    @Test("json with two neighbours: 'interface' is a list of one-key objects; local device from the file name")
    func twoNeighbours() throws {
        let fabric = try ObservedFixtures.read(["host-A.lldpcli-json-two-neighbours.json"])
        #expect(fabric.format == .lldp)
        #expect(fabric.devices.map(\.name) == ["host-A", "host-B", "host-C"])
        #expect(fabric.links.map { "\($0.a.port)-\(fabric.devices[Int($0.b.device)].name):\($0.b.port)" } == ["swp1-host-B:eth0", "swp2-host-C:eth0"])
    }

    @Test("json with one neighbour: 'interface' is an object keyed by the interface name")
    func oneNeighbour() throws {
        let fabric = try ObservedFixtures.read(["host-B.lldpcli-json-one-neighbour.json"])
        #expect(fabric.links.count == 1)
        #expect(fabric.devices[Int(fabric.links[0].b.device)].name == "host-A")
        #expect(fabric.links[0].b.port == "swp1")
    }

    @Test("json0 (lists everywhere) and details: the MAU type gives the speed")
    func json0() throws {
        let fabric = try ObservedFixtures.read(["host-A.lldpcli-json0-details.json"])
        #expect(fabric.links.count == 2)
        #expect(fabric.links.allSatisfy { $0.bandwidth == 10e9 && $0.speed == "10GbaseT" })
        let plain = try ObservedFixtures.read(["host-A.lldpcli-json-details.json"])
        #expect(plain.links.map(\.bandwidth) == fabric.links.map(\.bandwidth))
    }

    @Test("three devices' files together: each cable once, from whichever end reported it")
    func merged() throws {
        let fabric = try ObservedFixtures.read([
            "host-A.lldpcli-json-two-neighbours.json", "host-B.lldpcli-json-one-neighbour.json",
            "host-C.lldpcli-json0-one-neighbour.json",
        ])
        #expect(fabric.links.count == 2)
        #expect(fabric.files.count == 3)
    }

    @Test("--local names the device; truncated JSON is an error at the document's first line")
    func localAndTruncated() throws {
        let fabric = try ObservedFixtures.read(["host-B.lldpcli-json-one-neighbour.json"], local: "leaf-9")
        #expect(fabric.devices[0].name == "leaf-9")
        let text = try String(contentsOfFile: ObservedFixtures.path("host-B.lldpcli-json-one-neighbour.json"), encoding: .utf8)
        var target: ObservedFabric?
        let cut = String(text.prefix(300))
        #expect(
            throws: ObservedError.malformed(
                SourceLocation(file: "t.json", line: 1, column: 1), "JSON document starting here is not closed before the end of the file")
        ) {
            try ObservedReader().read(Array(cut.utf8), file: "t.json", into: &target)
        }
    }
}

@Suite("CSV cabling sheet parser")
struct CSVNeighbourParserTests {
    @Test("header in any order, quotes, comments, bare Gb/s")
    func sheet() throws {
        let text = "# cabling as surveyed\nb_device,b_port,a_device,a_port,speed\nleaf-1,swp1,\"gpu, 0\",eth0,400\n\nleaf-1,swp2,gpu-1,eth0,200G\n"
        var fabric: ObservedFabric?
        try ObservedReader().read(Array(text.utf8), file: "s.csv", into: &fabric)
        let result = try #require(fabric)
        #expect(result.format == .csv)
        #expect(result.devices.map(\.name) == ["gpu, 0", "leaf-1", "gpu-1"])
        #expect(result.links.map(\.bandwidth) == [400e9, 200e9])
        #expect(result.links[1].location.line == 5)
    }

    @Test("a bad speed is an error naming the line")
    func badSpeed() {
        var fabric: ObservedFabric?
        #expect(throws: ObservedError.self) { try ObservedReader(format: .csv).read(Array("a,1,b,1,fast\n".utf8), file: "s.csv", into: &fabric) }
        #expect(throws: ObservedError.malformed(SourceLocation(file: "s.csv", line: 2, column: 1), "the b_device field is empty")) {
            try ObservedReader(format: .csv).read(Array("a,1,b,1\na,2,,1\n".utf8), file: "s.csv", into: &fabric)
        }
    }
}
