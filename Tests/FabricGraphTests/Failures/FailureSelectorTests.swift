import FabricGraph
import FabricModel
import Testing

@Suite struct FailureSelectorTests {
    /// Two leaves, two spines, two accelerators per leaf; leaf-1~spine-1 is doubled (two parallel edges).
    static func sample() throws -> Topology {
        var topology = Topology(file: "sample.graphml")
        try topology.addDevice(Device(id: "spine-1", role: .switch, tier: 2, plane: "A"))
        try topology.addDevice(Device(id: "spine-2", role: .switch, tier: 2, plane: "B"))
        try topology.addDevice(Device(id: "leaf-1", role: .switch, tier: 1, pod: "1", plane: "A"))
        try topology.addDevice(
            Device(
                id: "leaf-2", role: .switch, tier: 1, pod: "2", plane: "B",
                attributes: ["vendor": .string("acme")]))
        for index in 0..<4 {
            try topology.addDevice(Device(id: "gpu-\(index)", role: .accelerator, tier: 0, pod: index < 2 ? "1" : "2"))
        }
        topology.ports.append(Port(device: 2, name: "eth1"))
        topology.ports.append(Port(device: 2, name: "eth1/1", parent: 0))
        let red = topology.srlgIndex(named: "duct-red")
        try topology.addLink(Link(id: "e0", source: 2, target: 0, sourcePort: 1, srlgs: [red]))
        try topology.addLink(Link(id: "e1", source: 2, target: 0, srlgs: [red]))
        try topology.addLink(Link(id: "e2", source: 2, target: 1, sourcePort: 0))
        try topology.addLink(Link(id: "e3", source: 3, target: 0))
        try topology.addLink(Link(id: "e4", source: 3, target: 1, srlgs: [red]))
        for index in 0..<4 {
            try topology.addLink(Link(id: "h\(index)", source: Int32(4 + index), target: index < 2 ? 2 : 3))
        }
        return topology
    }

    static func resolve(_ texts: [String], seed: UInt64 = 0) throws -> FailureScenario {
        try FailureSelectorResolver(try sample()).resolve(texts: texts, seed: seed)
    }

    @Test func selectsLinksByIDEndpointsAndPort() throws {
        #expect(try Self.resolve(["link:e3"]).links == [3])
        #expect(try Self.resolve(["e3"]).links == [3])
        #expect(try Self.resolve(["leaf-1~spine-1"]).links == [0, 1])
        #expect(try Self.resolve(["spine-1~leaf-1"]).links == [0, 1])
        #expect(try Self.resolve(["leaf-1~spine-1#2"]).links == [1])
        #expect(try Self.resolve(["link:leaf-1~spine-1#1"]).links == [0])
        #expect(try Self.resolve(["port:leaf-1:eth1/1"]).links == [0])
        #expect(try Self.resolve(["port:leaf-1:eth1"]).links == [0, 2], "a port includes its sub-ports")
    }

    @Test func selectsDevicesSRLGsAndAttributes() throws {
        #expect(try Self.resolve(["device:leaf-2"]).devices == [3])
        #expect(try Self.resolve(["leaf-2"]).devices == [3])
        #expect(try Self.resolve(["srlg:duct-red"]).links == [0, 1, 4])
        #expect(try Self.resolve(["duct-red"]).links == [0, 1, 4])
        #expect(try Self.resolve(["role=switch,tier=2"]).devices == [0, 1])
        #expect(try Self.resolve(["role=spine,tier=2"]).devices == [0, 1], "role synonyms")
        #expect(try Self.resolve(["pod=2"]).devices == [3, 6, 7])
        #expect(try Self.resolve(["plane=B"]).devices == [1, 3])
        #expect(try Self.resolve(["vendor=acme"]).devices == [3])
        #expect(try Self.resolve(["tier=1.0"]).devices == [2, 3], "numbers compare numerically")
    }

    @Test func combinesAndRepeats() throws {
        let scenario = try Self.resolve(["e3", "device:spine-2", "leaf-1~spine-1", "e3", "plane=B"])
        #expect(scenario.links == [0, 1, 3])
        #expect(scenario.devices == [1, 3])
        let mask = scenario.mask(deviceCount: 8, linkCount: 9)
        #expect(mask.links.elements == [0, 1, 3])
        #expect(mask.devices.elements == [1, 3])
    }

    @Test func randomIsSeededAndDistinct() throws {
        let first = try Self.resolve(["random:4"], seed: 7)
        let again = try Self.resolve(["random:4"], seed: 7)
        #expect(first == again)
        #expect(first.links.count == 4)
        #expect(Set(first.links).count == 4)
        let seeds = (0..<20).map { try? Self.resolve(["random:4"], seed: UInt64($0)) }
        #expect(Set(seeds).count > 1, "different seeds draw different sets")
        #expect(try Self.resolve(["random:2:switches"], seed: 1).devices.allSatisfy { $0 < 4 })
        #expect(try Self.resolve(["random:9"]).links == Array(0..<9))
    }

    @Test func unknownIDsSuggestTheClosest() throws {
        func message(_ text: String) -> String {
            do {
                _ = try Self.resolve([text])
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(message("device:leaf-3") == "error: no device 'leaf-3'; did you mean 'leaf-1'?")
        #expect(message("lef-2~spine-1") == "error: no device 'lef-2'; did you mean 'leaf-2'?")
        #expect(message("link:e33") == "error: no link 'e33'; did you mean 'e3'?")
        #expect(message("srlg:duct-rd") == "error: no srlg 'duct-rd'; did you mean 'duct-red'?")
        #expect(message("gpu-9") == "error: no device, link or srlg 'gpu-9'; did you mean 'gpu-0'?")
        #expect(message("port:leaf-1:eth2") == "error: device 'leaf-1' has no port 'eth2'; did you mean 'eth1'?")
        #expect(message("plan=B") == "error: no device has attribute 'plan'; did you mean 'plane'?")
        #expect(message("pod=22") == "error: selector 'pod=22' matches no device; did you mean 'pod=2'?")
        #expect(message("gpu-0~gpu-1") == "error: no link joins 'gpu-0' and 'gpu-1'")
        #expect(message("leaf-1~spine-1#3") == "error: 'leaf-1'~'spine-1' has 2 parallel links; '#3' is out of range")
        #expect(message("random:10") == "error: 'random:10' asks for 10 links but the design has 9")
        #expect(message("zzzzzzzzzz") == "error: no device, link or srlg 'zzzzzzzzzz'")
        #expect(message("a~b~c").hasPrefix("error: invalid failure selector 'a~b~c'"))
        #expect(message("random:x").hasPrefix("error: invalid failure selector"))
    }

    @Test func editDistanceSuggestion() {
        #expect(closestMatch(to: "spine-07", among: ["spine-01", "spine-17", "leaf-07"]) == "spine-01")
        #expect(closestMatch(to: "kitten", among: ["sitting", "mitten"]) == "mitten")
        #expect(closestMatch(to: "abc", among: ["xyz123"]) == nil)
    }
}
