import Foundation
import Testing

/// A design with cable ids and ports, and the as-built cabling sheet of it that a field team typed: no cable ids,
/// rows in rack order, some cables written from the switch end, and one real change (gpu-3 landed on leaf-1 port 4
/// instead of leaf-0 port 4). Diffing the two once gave `links: +12 -12` and false regressions.
@Suite struct DiffWithoutIdsCLITests {
    static let design = """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key id="role" for="node" attr.name="role" attr.type="string"/>
          <key id="tier" for="node" attr.name="tier" attr.type="int"/>
          <key id="bw" for="edge" attr.name="bandwidth" attr.type="string"/>
          <graph id="pod" edgedefault="undirected">
            <node id="gpu-0"><port name="eth0"/><data key="role">accelerator</data><data key="tier">0</data></node>
            <node id="gpu-1"><port name="eth0"/><data key="role">accelerator</data><data key="tier">0</data></node>
            <node id="gpu-2"><port name="eth0"/><data key="role">accelerator</data><data key="tier">0</data></node>
            <node id="gpu-3"><port name="eth0"/><data key="role">accelerator</data><data key="tier">0</data></node>
            <node id="leaf-0"><port name="p1"/><port name="p2"/><port name="p4"/><port name="p31"/><port name="p32"/><port name="p33"/><port name="p34"/><data key="role">switch</data><data key="tier">1</data></node>
            <node id="leaf-1"><port name="p1"/><port name="p2"/><port name="p4"/><port name="p31"/><port name="p32"/><port name="p33"/><port name="p34"/><data key="role">switch</data><data key="tier">1</data></node>
            <node id="spine-0"><port name="p1"/><port name="p2"/><port name="p3"/><port name="p4"/><data key="role">switch</data><data key="tier">2</data></node>
            <node id="spine-1"><port name="p1"/><port name="p2"/><port name="p3"/><port name="p4"/><data key="role">switch</data><data key="tier">2</data></node>
            <edge id="c-101" source="gpu-0" target="leaf-0" sourceport="eth0" targetport="p1"><data key="bw">400G</data></edge>
            <edge id="c-102" source="gpu-1" target="leaf-0" sourceport="eth0" targetport="p2"><data key="bw">400G</data></edge>
            <edge id="c-103" source="gpu-2" target="leaf-1" sourceport="eth0" targetport="p1"><data key="bw">400G</data></edge>
            <edge id="c-104" source="gpu-3" target="leaf-1" sourceport="eth0" targetport="p2"><data key="bw">400G</data></edge>
            <edge id="c-201" source="leaf-0" target="spine-0" sourceport="p31" targetport="p1"><data key="bw">400G</data></edge>
            <edge id="c-202" source="leaf-0" target="spine-0" sourceport="p32" targetport="p2"><data key="bw">400G</data></edge>
            <edge id="c-203" source="leaf-0" target="spine-1" sourceport="p33" targetport="p1"><data key="bw">400G</data></edge>
            <edge id="c-204" source="leaf-0" target="spine-1" sourceport="p34" targetport="p2"><data key="bw">400G</data></edge>
            <edge id="c-205" source="leaf-1" target="spine-0" sourceport="p31" targetport="p3"><data key="bw">400G</data></edge>
            <edge id="c-206" source="leaf-1" target="spine-0" sourceport="p32" targetport="p4"><data key="bw">400G</data></edge>
            <edge id="c-207" source="leaf-1" target="spine-1" sourceport="p33" targetport="p3"><data key="bw">400G</data></edge>
            <edge id="c-208" source="leaf-1" target="spine-1" sourceport="p34" targetport="p4"><data key="bw">400G</data></edge>
          </graph>
        </graphml>

        """

    /// The as-built sheet: the two parallel leaf-0–spine-0 cables listed in swapped order, their ports telling them apart.
    static func sheet(gpu3Leaf: String, gpu3Port: String) -> String {
        """
        A device,A port,Z device,Z port,Speed
        spine-0,p2,leaf-0,p32,400Gb/s
        leaf-0,p31,spine-0,p1,400Gb/s
        leaf-0,p33,spine-1,p1,400Gb/s
        leaf-0,p34,spine-1,p2,400Gb/s
        leaf-0,p1,gpu-0,eth0,400Gb/s
        leaf-0,p2,gpu-1,eth0,400Gb/s
        leaf-1,p1,gpu-2,eth0,400Gb/s
        \(gpu3Leaf),\(gpu3Port),gpu-3,eth0,400Gb/s
        leaf-1,p31,spine-0,p3,400Gb/s
        leaf-1,p32,spine-0,p4,400Gb/s
        leaf-1,p33,spine-1,p3,400Gb/s
        leaf-1,p34,spine-1,p4,400Gb/s

        """
    }

    /// The devices sheet that goes with it.
    static let devices = """
        device,role,tier
        gpu-0,accelerator,0
        gpu-1,accelerator,0
        gpu-2,accelerator,0
        gpu-3,accelerator,0
        leaf-0,switch,1
        leaf-1,switch,1
        spine-0,switch,2
        spine-1,switch,2

        """

    /// The sheets converted with `import-csv`, next to the design.
    static func asBuilt(_ sheet: String, beside design: String) throws -> String {
        let folder = URL(fileURLWithPath: design).deletingLastPathComponent()
        let csv = folder.appendingPathComponent("as-built.csv")
        try Data(sheet.utf8).write(to: csv)
        let devicesCSV = folder.appendingPathComponent("devices.csv")
        try Data(devices.utf8).write(to: devicesCSV)
        let graphml = folder.appendingPathComponent("as-built.graphml").path
        let converted = try CLI.run(["import-csv", csv.path, "--devices", devicesCSV.path, "-o", graphml, "-q"])
        #expect(converted.status == 0, "\(converted.stderr)")
        return graphml
    }

    @Test func aSheetWithoutIdsMatchesItsDesignCableForCable() throws {
        let design = try CLI.temporaryFile(Self.design, name: "design.graphml")
        let built = try Self.asBuilt(Self.sheet(gpu3Leaf: "leaf-1", gpu3Port: "p2"), beside: design)
        let output = try CLI.run(["diff", design, built, "--format", "json", "--fail-on-regression", "--no-bisection", "--no-traffic"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect((object["linksAdded"] as? [String]) == [])
        #expect((object["linksRemoved"] as? [String]) == [])
        #expect((object["linksChanged"] as? [Any])?.isEmpty == true, "\(output.stdout)")
        #expect((object["findingsNew"] as? [Any])?.isEmpty == true, "\(output.stdout)")
        #expect((object["findingsResolved"] as? [Any])?.isEmpty == true, "\(output.stdout)")
        #expect((object["regressions"] as? [Any])?.isEmpty == true)
    }

    @Test func theOneMovedCableIsTheOnlyChange() throws {
        let design = try CLI.temporaryFile(Self.design, name: "design.graphml")
        let built = try Self.asBuilt(Self.sheet(gpu3Leaf: "leaf-0", gpu3Port: "p4"), beside: design)
        let output = try CLI.run(["diff", design, built, "--no-bisection", "--no-traffic"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("links: +1 -1 ~0"), "\(output.stdout)")
        #expect(output.stdout.contains("+ link 'gpu-3~leaf-0#1'"), "\(output.stdout)")
        #expect(output.stdout.contains("- link 'c-104'"), "\(output.stdout)")
    }
}
