import FabricGraphML
import FabricModel
import Foundation
import Testing

@testable import FabricObserved

/// Outputs of ibnetdiscover, ibnetdiscover -p and lldpcli recorded by `scripts/verify-real-stacks.sh --record` on ibsim
/// and on lldpd in network namespaces: the same checks the script makes, without the daemons.
@Suite("verify on recorded real-tool output")
struct RealStackTests {
    static func run(_ folder: String, design: String, observed: [String]) throws -> VerifyResult {
        let topology = try GraphMLReader.read(file: ObservedFixtures.path("real-stacks/\(folder)/\(design)")).topology
        let fabric = try ObservedFixtures.read(observed.map { "real-stacks/\(folder)/\($0)" })
        return DesignMatcher().match(design: topology, observed: fabric)
    }

    static func names(_ result: VerifyResult, _ item: Discrepancy) -> Set<String> {
        var names = Set<String>()
        for link in item.designLinks {
            names.insert(result.design.devices[Int(result.design.links[Int(link)].source)].id)
            names.insert(result.design.devices[Int(result.design.links[Int(link)].target)].id)
        }
        for link in item.observedLinks {
            for end in [result.observed.links[Int(link)].a, result.observed.links[Int(link)].b] {
                let mapped = result.designDeviceOfObserved[Int(end.device)]
                names.insert(mapped >= 0 ? result.design.devices[Int(mapped)].id : result.observed.devices[Int(end.device)].name)
            }
        }
        return names
    }

    @Test("fat-tree k=4 on ibsim: faithful is clean in both ibnetdiscover forms", arguments: ["faithful.ibnetdiscover", "faithful.ibnetdiscover-p"])
    func fattreeFaithful(_ file: String) throws {
        let result = try Self.run("fattree-k4-hdr", design: "design.graphml", observed: [file])
        #expect(result.discrepancies.isEmpty)
        #expect(result.okCount == 48)
    }

    @Test("fat-tree k=4 on ibsim: swapped, missing, unexpected, speed and unnamed, each once", arguments: ["mutated.ibnetdiscover", "mutated.ibnetdiscover-p"])
    func fattreeMutated(_ file: String) throws {
        let result = try Self.run("fattree-k4-hdr", design: "design.graphml", observed: [file])
        #expect(VerifyDesigns.kinds(result) == ["swapped": 1, "missing": 1, "unexpected": 1, "speed": 1, "unnamed": 1])
        let byKind = Dictionary(grouping: result.discrepancies, by: \.kind)
        #expect(byKind[.swapped].map { Self.names(result, $0[0]) } == ["h-p0-e0-0", "h-p1-e0-0", "edge-p0-0", "edge-p1-0"])
        #expect(byKind[.missing].map { Self.names(result, $0[0]) } == ["agg-p2-0", "core-0"])
        #expect(byKind[.unexpected].map { Self.names(result, $0[0]) } == ["edge-p3-0", "edge-p3-1"])
        #expect(byKind[.speed].map { result.observed.links[Int($0[0].observedLinks[0])].rateText } == "4xEDR")
        #expect(byKind[.unnamed].map { result.design.devices[Int($0[0].guess)].id } == "h-p2-e1-1")
        #expect(result.okCount == 44)
    }

    @Test("dual-homed pod on ibsim, ports by number: the same five kinds", arguments: ["mutated.ibnetdiscover", "mutated.ibnetdiscover-p"])
    func dualHomedMutated(_ file: String) throws {
        let clean = try Self.run("dual-homed-ib", design: "design.graphml", observed: ["faithful.ibnetdiscover"])
        #expect(clean.discrepancies.isEmpty)
        let result = try Self.run("dual-homed-ib", design: "design.graphml", observed: [file])
        #expect(VerifyDesigns.kinds(result) == ["swapped": 1, "missing": 1, "unexpected": 1, "speed": 1, "unnamed": 1])
        let byKind = Dictionary(grouping: result.discrepancies, by: \.kind)
        #expect(
            byKind[.swapped]?[0].message == "designed 'gpu-1':p1—'leaf-1':1 and 'gpu-2':p1—'leaf-1':2, found 'gpu-1':1—'leaf-1':2 and 'gpu-2':1—'leaf-1':1"
                || byKind[.swapped]?[0].message
                    == "designed 'gpu-1':p1—'leaf-1':1 and 'gpu-2':p1—'leaf-1':2, found 'leaf-1':2—'gpu-1':1 and 'leaf-1':1—'gpu-2':1"
        )
        #expect(byKind[.missing]?[0].message == "designed 'gpu-3':p2—'leaf-2':3, not found")
        #expect(byKind[.unnamed].map { result.design.devices[Int($0[0].guess)].id } == "gpu-4")
    }

    @Test(
        "dual-homed pod on ibsim: a cable moved to another port is miswired; a 2x link is a width mismatch",
        arguments: ["miswired-width.ibnetdiscover", "miswired-width.ibnetdiscover-p"])
    func dualHomedMiswiredWidth(_ file: String) throws {
        let result = try Self.run("dual-homed-ib", design: "design.graphml", observed: [file])
        #expect(VerifyDesigns.kinds(result) == ["miswired": 1, "width": 1])
        let byKind = Dictionary(grouping: result.discrepancies, by: \.kind)
        #expect(byKind[.miswired]?[0].message.hasPrefix("designed 'gpu-3':p1—'leaf-1':3, found ") == true)
        #expect(byKind[.miswired]?[0].message.contains("'leaf-1':8") == true)
        #expect(byKind[.width]?[0].message == "'leaf-1':6—'spine-2':1 designed at 200Gb/s, runs at 2xHDR (100Gb/s)")
    }

    @Test("leaf-spine over LLDP (lldpd in namespaces): clean, then swapped, missing, unexpected, unnamed; a bridge gives a duplicate")
    func lldp() throws {
        let design = "design.graphml"
        let switches = ["leaf-1", "leaf-2", "spine-1", "spine-2"]
        let clean = try Self.run("lldp-leafspine", design: design, observed: switches.map { "\($0).faithful.json" })
        #expect(clean.discrepancies.isEmpty)
        #expect(clean.okCount == 8)
        let result = try Self.run("lldp-leafspine", design: design, observed: switches.map { "\($0).mutated.json" })
        #expect(VerifyDesigns.kinds(result) == ["swapped": 1, "missing": 1, "unexpected": 1, "unnamed": 1])
        let byKind = Dictionary(grouping: result.discrepancies, by: \.kind)
        #expect(byKind[.swapped].map { Self.names(result, $0[0]) } == ["host-1", "host-3", "leaf-1", "leaf-2"])
        #expect(byKind[.missing]?[0].message == "designed 'leaf-2':swp2—'spine-2':swp2, not found")
        #expect(byKind[.unexpected]?[0].message == "found 'leaf-1':swp5—'leaf-2':swp5, not in the design")
        #expect(byKind[.unnamed]?[0].message == "device reported as 'localhost' is not named as designed; by its neighbours it is 'host-4'")
        let bridged = try Self.run("lldp-leafspine", design: design, observed: switches.map { "\($0).duplicate.json" })
        #expect(VerifyDesigns.kinds(bridged) == ["duplicate": 1])
        #expect(bridged.discrepancies.first?.message == "port 'swp6' of 'leaf-1' reports 2 neighbours: 'host-1':eth1, 'host-2':eth1")
    }
}
