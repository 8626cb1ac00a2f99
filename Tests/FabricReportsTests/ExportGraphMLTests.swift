import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

@Suite("normalized GraphML and CSV round trips")
struct ExportGraphMLTests {
    static func temporaryPath(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-ramps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    /// Topologies compared as designs: positions, the file name and graph records (ids of `<graph>`) aside.
    static func comparable(_ topology: Topology) -> Topology {
        var copy = topology.withoutSourcePositions()
        copy.file = ""
        copy.graphs = []
        for index in copy.devices.indices { copy.updateDevice(at: Int32(index)) { $0.graph = 0 } }
        for index in copy.links.indices { copy.links[index].graph = 0 }
        return copy
    }

    @Test("Zoo files keep every attribute through normalized GraphML", arguments: ["Abilene.graphml", "Kdl.graphml", "Uninett.graphml"])
    func zooRoundTrip(name: String) throws {
        let original = try GraphMLReader.read(file: Fixtures.zoo.appendingPathComponent(name).path).topology
        let path = try Self.temporaryPath("normalized.graphml")
        try GraphMLWriter.write(original, to: path)
        let back = try GraphMLReader.read(file: path)
        #expect(!back.hasErrors, "\(back.diagnostics.prefix(3))")
        #expect(back.topology.devices.count == original.devices.count && back.topology.links.count == original.links.count)
        for (index, device) in original.devices.enumerated() {
            #expect(back.topology.devices[index].attributes == device.attributes, "\(device.id)")
            #expect(back.topology.devices[index].label == device.label)
        }
        for (index, link) in original.links.enumerated() {
            #expect(back.topology.links[index].attributes == link.attributes && back.topology.links[index].bandwidth == link.bandwidth)
        }
    }

    @Test("CSV → GraphML → CSV loses nothing: ports, lengths, SRLGs, ids, counts and extra columns")
    func csvRoundTrip() throws {
        let devices = """
            device,role,pod,rack,radix,asset tag
            gpu-0,gpu,p0,r0,2,A-100
            gpu-1,gpu,p0,r0,2,"A,101"
            leaf-0,leaf,p0,r0,64,
            spine-0,spine,,,64,S-1

            """
        let cables = """
            A-device,A-port,Z-device,Z-port,speed,medium,length,SRLG,cable id,count,vendor
            gpu-0,eth0,leaf-0,Eth1/1,400Gb/s,dac,2,rack-r0,c-1,1,acme
            gpu-1,eth0,leaf-0,Eth1/2,50GB/s,aoc,2.5,"rack-r0;bundle-7",c-2,1,"acme, inc."
            leaf-0,Eth2/1,spine-0,Eth1/1,800Gb/s,fiber,30,bundle-1,c-3,4,

            """
        let imported = CSVCablingImporter.read(cablesText: cables, cablesFile: "c.csv", devicesText: devices, devicesFile: "d.csv")
        #expect(imported.diagnostics.isEmpty, "\(imported.diagnostics)")
        let firstCables = CSVCablingWriter.cables(imported.topology)
        let firstDevices = CSVCablingWriter.devices(imported.topology)
        let path = try Self.temporaryPath("cabling.graphml")
        try GraphMLWriter.write(imported.topology, to: path)
        let back = try GraphMLReader.read(file: path)
        #expect(!back.hasErrors, "\(back.diagnostics)")
        #expect(back.topology.ports.count == 6)
        #expect(CSVCablingWriter.cables(back.topology) == firstCables)
        #expect(CSVCablingWriter.devices(back.topology) == firstDevices)
        #expect(
            firstCables == """
                a_device,a_port,z_device,z_port,speed,medium,length_m,srlg,cable_id,count,vendor
                gpu-0,eth0,leaf-0,Eth1/1,400Gb/s,electrical,2,rack-r0,c-1,1,acme
                gpu-1,eth0,leaf-0,Eth1/2,400Gb/s,optical,2.5,bundle-7;rack-r0,c-2,1,"acme, inc."
                leaf-0,Eth2/1,spine-0,Eth1/1,800Gb/s,optical,30,bundle-1,c-3,4,

                """)
        #expect(
            firstDevices == """
                device,role,tier,pod,rack,radix,asset_tag
                gpu-0,accelerator,0,p0,r0,2,A-100
                gpu-1,accelerator,0,p0,r0,2,"A,101"
                leaf-0,switch,1,p0,r0,64,
                spine-0,switch,2,,,64,S-1

                """)
        // And the sheets written from the GraphML read back to the same design.
        let again = CSVCablingImporter.read(cablesText: firstCables, cablesFile: "c.csv", devicesText: firstDevices, devicesFile: "d.csv")
        #expect(again.diagnostics.isEmpty)
        #expect(Self.comparable(again.topology).links == Self.comparable(imported.topology).links)
        #expect(Self.comparable(again.topology).ports == Self.comparable(imported.topology).ports)
    }
}
