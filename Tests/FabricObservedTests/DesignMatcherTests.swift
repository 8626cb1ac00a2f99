import FabricGraphML
import FabricModel
import Foundation
import Testing

@testable import FabricObserved

enum VerifyDesigns {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func load(_ relative: String) throws -> Topology {
        try GraphMLReader.read(file: root.appendingPathComponent(relative).path).topology
    }
    static func kinds(_ result: VerifyResult) -> [String: Int] {
        var counts: [String: Int] = [:]
        for item in result.discrepancies { counts[item.kind.rawValue, default: 0] += 1 }
        return counts
    }
}

@Suite("design matching")
struct DesignMatcherTests {
    @Test("a hand-typed survey sheet with mistakes: each mistake named once, the rest ok")
    func handSheet() throws {
        let design = try VerifyDesigns.load("examples/verify/dual-homed-ib.graphml")
        let observed = try ObservedFixtures.read(["hand/dual-homed-survey.csv"])
        let result = DesignMatcher().match(design: design, observed: observed)
        #expect(VerifyDesigns.kinds(result) == ["swapped": 1, "miswired": 1, "missing": 1, "speed": 1, "unexpected": 1, "duplicate": 1, "unnamed": 1])
        #expect(result.okCount == 7)
        #expect(result.designedCables == 12)
        let byKind = Dictionary(grouping: result.discrepancies, by: \.kind)
        #expect(
            byKind[.swapped]?.first?.message
                == "designed 'gpu-1':p1—'leaf-1':1 and 'gpu-2':p1—'leaf-1':2, found 'gpu-1':p1—'leaf-1':2 and 'gpu-2':p1—'leaf-1':1")
        #expect(byKind[.miswired]?.first?.message == "designed 'gpu-3':p2—'leaf-2':3, found 'gpu-3':p2—'leaf-2':6")
        #expect(byKind[.missing]?.first?.message == "designed 'leaf-2':6—'spine-2':2, not found")
        #expect(byKind[.speed]?.first?.message == "'gpu-4':p2—'leaf-2':4 designed at 200Gb/s, runs at 100G (100Gb/s)")
        #expect(byKind[.unnamed]?.first.map { design.devices[Int($0.guess)].id } == "gpu-4")
        #expect(byKind[.duplicate]?.first?.message == "port '5' of 'leaf-1' reports 2 neighbours: 'spine-1':1, 'spine-2':9")
        #expect(byKind[.unexpected]?.first?.message == "found 'leaf-1':7—'spine-1':3, not in the design")
    }

    @Test("ports by alias: swp7 matches a design port 7 and Ethernet7; ambiguous numbers match nothing")
    func aliases() {
        #expect(MatchState.trailingNumber("swp12") == "12")
        #expect(MatchState.trailingNumber("Ethernet1/07") == "7")
        #expect(MatchState.trailingNumber("12") == nil)
        #expect(MatchState.hostPart("MF0;A09-P1-IBLEAF-04-04:MQM9701/U1") == "A09-P1-IBLEAF-04-04")
        #expect(MatchState.hostPart("a08-p1-dgx-04-c01 mlx5_5") == "a08-p1-dgx-04-c01")
        let matcher = DesignMatcher()
        #expect(matcher.isDefaultName("MT4129 ConnectX7   Mellanox Technologies"))
        #expect(matcher.isDefaultName("4a:4d:a1:b9:4d:22"))
        #expect(matcher.isDefaultName(""))
        #expect(!matcher.isDefaultName("leaf-1"))
        #expect(!matcher.isDefaultName("Mellanox Technologies Aggregation Node"))
    }

    @Test("the real topograph dump against itself as a sheet: zero discrepancies, every cable ok")
    func selfConsistency() throws {
        let observed = try ObservedFixtures.read(["topograph-example.ibnetdiscover"])
        // A design written from the dump: devices by GUID key, ports numbered; the 69 unnamed CAs carry a guid key.
        var design = Topology(file: "from-dump.graphml")
        for device in observed.devices where !DesignMatcher.isInternal(device.name) {
            _ = try design.addDevice(
                Device(
                    id: device.key, role: device.kind == .switch ? .switch : .accelerator,
                    attributes: ["guid": .string(IBNetDiscoverParser.guidKey(device.guid))]))
        }
        for link in observed.links {
            guard let a = design.deviceIndex(forID: observed.devices[Int(link.a.device)].key),
                let b = design.deviceIndex(forID: observed.devices[Int(link.b.device)].key)
            else { continue }
            _ = try design.addLink(Link(source: a, target: b, bandwidth: 400e9))
        }
        let result = DesignMatcher().match(design: design, observed: observed)
        #expect(result.discrepancies.isEmpty)
        #expect(result.okCount == design.links.count)
        #expect(design.links.count == 1114 - 40)
    }
}
