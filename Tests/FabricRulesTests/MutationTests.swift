import FabricDesigns
import FabricGraphML
import FabricModel
import FabricRules
import FabricTestSupport
import Foundation
import Testing

/// A copy of `topology` without the named devices (and their links) and without links matching `dropLink`,
/// keeping every source position, property and SRLG name.
func mutated(_ topology: Topology, removingDevices removed: Set<String> = [], removingLinks dropLink: (Link, Topology) -> Bool = { _, _ in false }) -> Topology
{
    var copy = Topology(file: topology.file)
    copy.graphs = topology.graphs
    copy.properties = topology.properties
    copy.rolesDeclared = topology.rolesDeclared
    for name in topology.srlgs { _ = copy.srlgIndex(named: name) }
    var newIndex = [Int32](repeating: -1, count: topology.devices.count)
    for (index, device) in topology.devices.enumerated() where !removed.contains(device.id) {
        newIndex[index] = (try? copy.addDevice(device)) ?? -1
    }
    for link in topology.links where newIndex[Int(link.source)] >= 0 && newIndex[Int(link.target)] >= 0 && !dropLink(link, topology) {
        var moved = link
        moved.source = newIndex[Int(link.source)]
        moved.target = newIndex[Int(link.target)]
        moved.sourcePort = -1
        moved.targetPort = -1
        _ = try? copy.addLink(moved)
    }
    return copy
}

func load(_ name: String) throws -> Topology {
    try GraphMLReader.read(file: Fixtures.topologies.appendingPathComponent(name).path).topology
}

func line(of id: String, in topology: Topology) -> Int {
    topology.deviceIndex(forID: id).map { Int(topology.devices[Int($0)].position.line) } ?? -1
}

@Suite("Mutation tests: break a clean design, the right rule fires on the right element and line")
struct MutationTests {
    @Test("deleting one uplink of a fat-tree edge switch")
    func deleteUplink() throws {
        let original = try load("fattree-k4.graphml")
        let before = Checker().check([original]).findings
        #expect(!before.contains { $0.subject.id == "edge-p0-0" && $0.ruleID == "pod_oversubscription" })
        #expect(!before.contains { $0.ruleID == "single_point_of_failure" })
        let broken = mutated(
            original,
            removingLinks: { link, topology in
                topology.devices[Int(link.source)].id == "edge-p0-0" && topology.devices[Int(link.target)].id == "agg-p0-1"
            })
        let findings = Checker().check([broken]).findings
        let edgeLine = line(of: "edge-p0-0", in: original)
        #expect(edgeLine > 0)
        let oversubscribed = try #require(findings.first { $0.ruleID == "pod_oversubscription" && $0.severity == .error })
        #expect(oversubscribed.subject.id == "edge-p0-0")
        #expect(oversubscribed.location.line == edgeLine)
        #expect(oversubscribed.message.contains("2:1"))
        // The remaining uplink is now a bridge cutting the edge switch's 2 hosts off (line 90 of the file), and the
        // aggregation switch it lands on an articulation point.
        let spof = try #require(findings.first { $0.ruleID == "single_point_of_failure" && $0.subject.kind == .link })
        #expect(spof.subject.id == "edge-p0-0~agg-p0-0")
        #expect(spof.location.line == 90)
        #expect(spof.message.contains("cuts 2 accelerators off"))
        let point = try #require(findings.first { $0.ruleID == "single_point_of_failure" && $0.subject.kind == .device })
        #expect(point.subject.id == "agg-p0-0")
        #expect(point.location.line == line(of: "agg-p0-0", in: original))
        #expect(findings.contains { $0.ruleID == "edge_disjoint_paths" && $0.severity == .error })
        #expect(findings.contains { $0.ruleID == "spine_redundancy" && $0.subject.id == "edge-p0-0" && $0.message.contains("has 1 spine") })
    }

    @Test("deleting one spine of a 2-spine leaf–spine")
    func deleteSpine() throws {
        let original = try load("leafspine-64.graphml")
        #expect(!Checker().check([original]).findings.contains { $0.ruleID == "single_point_of_failure" })
        let broken = mutated(original, removingDevices: ["spine-1"])
        let findings = Checker().check([broken]).findings
        let spof = try #require(findings.first { $0.ruleID == "single_point_of_failure" && $0.subject.id == "spine-0" })
        #expect(spof.severity == .error)
        #expect(spof.location.line == line(of: "spine-0", in: original))
        #expect(spof.message == "'spine-0' is a single point of failure: losing it cuts 48 accelerators off")
        #expect(findings.contains { $0.ruleID == "blast_radius" && $0.subject.id == "spine-0" && $0.severity == .warning })
    }

    @Test("deleting one plane of a dual-plane design")
    func deletePlane() throws {
        let design = try DesignCatalog.design(named: "clos", parameters: ["planes": "2", "hosts": "32", "leaf-hosts": "8", "spines": "4"])
        let generated = try DesignCatalog.topology(of: design)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-dual-plane-\(UUID().uuidString).graphml").path
        try GraphMLWriter.write(generated, to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = try GraphMLReader.read(file: path).topology
        #expect(DesignProperties(topology: original).noSPOF)
        let clean = Checker().check([original]).findings
        #expect(!clean.contains { $0.ruleID == "dual_homing" }, "\(clean.filter { $0.ruleID == "dual_homing" }.prefix(2).map(\.message))")
        let planes = Set(original.devices.compactMap(\.plane)).sorted()
        #expect(planes.count == 2)
        let secondPlane = Set(original.devices.filter { $0.plane == planes[1] }.map(\.id))
        let broken = mutated(original, removingDevices: secondPlane)
        let findings = Checker().check([broken]).findings.filter { $0.ruleID == "dual_homing" }
        let accelerators = original.devices.filter(\.isAccelerator)
        #expect(findings.count == accelerators.count)
        for accelerator in accelerators.prefix(4) {
            let finding = try #require(findings.first { $0.subject.id == accelerator.id })
            #expect(finding.location.line == Int(accelerator.position.line))
            #expect(finding.message.hasPrefix("'\(accelerator.id)' has scale-out links to 1 switch"))
        }
    }
}
