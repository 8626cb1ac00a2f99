import FabricGraphML
import FabricModel
import FabricTestSupport
import Testing

@Suite("CSV cabling import")
struct CSVImportTests {
    static let devices = """
        device,role,pod,rack,radix,asset tag
        gpu-0,gpu,p0,r0,2,A-100
        gpu-1,gpu,p0,r0,2,A-101
        leaf-0,leaf,p0,r0,64,
        leaf-1,leaf,p0,r0,64,
        spine-0,spine,,,64,S-1

        """

    static let cables = """
        A-device,A-port,Z-device,Z-port,speed,medium,length,SRLG,vendor
        gpu-0,eth0,leaf-0,Eth1/1,400Gb/s,dac,2,rack-r0,acme
        gpu-1,eth0,leaf-0,Eth1/2,400G,copper,2.5m,rack-r0,acme
        gpu-0,eth1,leaf-1,Eth1/1,50GB/s,aoc,3,"rack-r0;bundle-7","acme, inc."
        gpu-1,eth1,leaf-1,Eth1/2,400Gb/s,optical,,,
        leaf-0,Eth2/1,spine-0,Eth1/1,800Gb/s,fiber,30,bundle-1,"multi
        line"
        leaf-1,Eth2/1,spine-0,Eth1/2,800Gb/s,fiber,30,bundle-1,

        """

    @Test("a clean sheet: devices, roles, tiers, ports, speeds, media, lengths, SRLGs and extra columns")
    func cleanSheet() throws {
        let result = CSVCablingImporter.read(cablesText: Self.cables, cablesFile: "cables.csv", devicesText: Self.devices, devicesFile: "devices.csv")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let topology = result.topology
        #expect(topology.devices.count == 5)
        #expect(topology.links.count == 6)
        #expect(topology.ports.count == 12)
        #expect(topology.rolesDeclared)
        #expect(topology.devices.map(\.role) == [.accelerator, .accelerator, .switch, .switch, .switch])
        #expect(topology.devices.map(\.tier) == [0, 0, 1, 1, 2])
        #expect(topology.devices[0].attributes["asset_tag"] == .string("A-100"))
        #expect(topology.devices[2].attributes["asset_tag"] == nil)
        #expect(topology.devices[0].position == SourcePosition(line: 2, column: 1))
        #expect(topology.links.map(\.bandwidth) == [400e9, 400e9, 400e9, 400e9, 800e9, 800e9])
        #expect(topology.links.map(\.medium) == [.electrical, .electrical, .optical, .optical, .optical, .optical])
        #expect(topology.links[1].attributes["length_m"] == .double(2.5))
        #expect(topology.links[3].attributes["length_m"] == nil)
        #expect(topology.links[2].srlgs.map { topology.srlgs[Int($0)] }.sorted() == ["bundle-7", "rack-r0"])
        #expect(topology.links[2].attributes["vendor"] == .string("acme, inc."))
        #expect(topology.links[4].attributes["vendor"] == .string("multi\nline"))
        #expect(topology.links[5].position.line == 8)
        #expect(topology.ports[Int(topology.links[0].targetPort)].name == "Eth1/1")
    }

    /// Each bad row with the line, column and message fragment it must be reported with.
    static let badRows: [(row: String, column: Int, fragment: String)] = [
        (",eth9,leaf-0,Eth9/9,400Gb/s", 1, "the cable needs its A-device"),
        ("gpu-0,eth9,leaf-9,Eth9/9,400Gb/s", 12, "Z-device 'leaf-9' is not in the devices sheet; did you mean 'leaf-0'?"),
        ("gpu-0,eth9,leaf-0,Eth9/9,400", 26, "has no unit"),
        ("gpu-0,eth9,leaf-0,Eth9/9,fast", 26, "'fast' is not a bandwidth"),
        ("gpu-0,eth9,leaf-0,Eth9/9,", 26, "needs a speed"),
        ("gpu-0,eth9,gpu-0,eth8,400Gb/s", 12, "cable from 'gpu-0' to itself"),
        ("gpu-0,eth0,leaf-1,Eth9/9,400Gb/s", 7, "port 'eth0' of 'gpu-0' already has the cable on line 2"),
        ("gpu-0,eth9,leaf-0,Eth9/9", 25, "row has 4 fields but the header has 5: 'speed' is missing"),
        ("gpu-0,eth9,leaf-0,Eth9/9,400Gb/s,extra", 34, "field 6 has no column"),
    ]

    @Test("every bad row is reported at its line and column, and only good rows become links")
    func badRows() throws {
        let header = "A-device,A-port,Z-device,Z-port,speed\n"
        let good = "gpu-0,eth0,leaf-0,Eth1/1,400Gb/s\n"
        let text = header + good + Self.badRows.map(\.row).joined(separator: "\n") + "\n" + "gpu-1,eth0,leaf-1,Eth1/1,400Gb/s\n"
        let result = CSVCablingImporter.read(cablesText: text, cablesFile: "c.csv", devicesText: Self.devices, devicesFile: "d.csv")
        #expect(result.topology.links.count == 2)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == Self.badRows.count, "\(errors)")
        for (offset, bad) in Self.badRows.enumerated() {
            let line = offset + 3
            let match = errors.first { $0.location?.line == line }
            #expect(match?.location?.column == bad.column, "line \(line): \(String(describing: match))")
            #expect(match?.message.contains(bad.fragment) == true, "line \(line): \(String(describing: match?.message))")
            #expect(match?.location?.file == "c.csv")
        }
    }

    @Test("bad values in the optional columns and the devices sheet")
    func badValues() throws {
        let devices = "device,role,tier,radix\nx,gpu,0,1\ny,router,1,4\nv,router,1,many\nz,toaster,1,4\nx,switch,1,4\nw,switch,-1,4\n,switch,1,4\n"
        let cables =
            "a,b,speed (Gb/s),medium,length,count,cable id\nx,y,400,dac,2,1,c1\nx,y,400,laser,2,1,c2\nx,y,400,dac,-3,1,c3\n"
            + "x,y,400,dac,3,zero,c4\nx,y,400,dac,3,2,c1\n"
        let result = CSVCablingImporter.read(cablesText: cables, cablesFile: "c.csv", devicesText: devices, devicesFile: "d.csv")
        let messages = result.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(messages.contains("d.csv:4:12: error: radix 'many' of 'v' is not a whole number ≥ 0"))
        #expect(messages.contains { $0.hasPrefix("d.csv:5:3: error: unknown role 'toaster' of 'z' (use accelerator") })
        #expect(messages.contains("d.csv:6:1: error: device 'x' is listed twice (first on line 2)"))
        #expect(messages.contains("d.csv:7:10: error: tier '-1' of 'w' is not a whole number ≥ 0"))
        #expect(messages.contains("d.csv:8:1: error: column 'device' is empty: every device needs a name"))
        #expect(messages.contains("c.csv:3:9: error: medium 'laser' is unknown (use electrical, copper, dac, optical, fiber or aoc)"))
        #expect(messages.contains("c.csv:4:13: error: length '-3' is not a length in metres ≥ 0"))
        #expect(messages.contains("c.csv:5:15: error: count 'zero' is not a whole number ≥ 1"))
        #expect(messages.contains("c.csv:6:17: error: cable id 'c1' is used twice (first on line 2)"))
        #expect(messages.count == 9, "\(messages)")
        #expect(result.topology.links.count == 1)
        #expect(result.topology.links.first?.bandwidth == 400e9)
        let clean = CSVCablingImporter.read(cablesText: "a,b,speed (GB/s)\nx,y,50\n", cablesFile: "c.csv", devicesText: "device,role\nx,gpu\ny,gpu\n")
        #expect(clean.topology.links.first?.bandwidth == 400e9)
        let suffix = CSVCablingImporter.read(cablesText: "a;b;speed_gbps\nx;y;400\n", cablesFile: "c.csv")
        #expect(suffix.topology.links.first?.bandwidth == 400e9)
    }

    @Test("header problems and CSV syntax errors")
    func headerAndSyntax() {
        let missing = CSVCablingImporter.read(cablesText: "A-device,A-port,Z-port,speed\nx,1,2,400G\n", cablesFile: "c.csv")
        #expect(
            missing.diagnostics.first?.description
                == "c.csv:1:1: error: the cables sheet header lacks the column 'z_device' (found 'A-device', 'A-port', 'Z-port', 'speed')")
        let twice = CSVCablingImporter.read(cablesText: "from,to,speed,bandwidth\nx,y,400G,400G\n", cablesFile: "c.csv")
        #expect(
            twice.diagnostics.first?.description
                == "c.csv:1:15: error: columns 'speed' and 'bandwidth' both give the speed of the cables sheet; keep one")
        let open = CSVCablingImporter.read(cablesText: "from,to,speed\nx,\"y,400G\n", cablesFile: "c.csv")
        #expect(open.diagnostics.contains { $0.description == "c.csv:2:3: error: a quoted field is not closed before the end of the file" })
        let junk = CSVCablingImporter.read(cablesText: "from,to,speed\nx,\"y\"z,400G\n", cablesFile: "c.csv")
        #expect(junk.diagnostics.contains { $0.description == "c.csv:2:6: error: text after the closing quote of a field" })
        let empty = CSVCablingImporter.read(cablesText: "\n\n", cablesFile: "c.csv")
        #expect(empty.diagnostics.map(\.description) == ["c.csv:1:1: error: the sheet is empty: expected a header row"])
        let noRoles = CSVCablingImporter.read(cablesText: "from,to,speed\r\nx,y,400G\r\n", cablesFile: "c.csv")
        #expect(noRoles.diagnostics.map(\.code) == ["csv.no-roles"])
        #expect(!noRoles.topology.rolesDeclared)
        #expect(noRoles.topology.devices.allSatisfy { $0.role == .accelerator })
    }

    @Test("RFC 4180: quotes, doubled quotes, CRLF, line breaks in fields, BOM, positions")
    func rfc4180() {
        let parsed = RFC4180.parse("\u{FEFF}a,\"b,\"\"c\"\"\"\r\n\"x\ny\",z\n")
        #expect(parsed.errors.isEmpty)
        #expect(parsed.records.map { $0.fields.map(\.text) } == [["a", "b,\"c\""], ["x\ny", "z"]])
        #expect(parsed.records[1].fields[1].line == 3)
        #expect(parsed.records[1].fields[1].column == 4)
        #expect(RFC4180.escape("a,b") == "\"a,b\"")
        #expect(RFC4180.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(RFC4180.escape("plain") == "plain")
    }

    @Test("sheets written from a shipped design read back to the same design", arguments: ["fattree-k4", "dgx-h100-4su", "torus-4x4x4", "cloudmatrix384"])
    func designRoundTrip(name: String) throws {
        let design = try Designs.topology(named: name)
        let cables = CSVCablingWriter.cables(design)
        let devices = CSVCablingWriter.devices(design)
        let result = CSVCablingImporter.read(cablesText: cables, cablesFile: "c.csv", devicesText: devices, devicesFile: "d.csv")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.prefix(3))")
        let back = result.topology
        #expect(back.devices.count == design.devices.count)
        #expect(back.links.count == design.links.count)
        for (index, device) in design.devices.enumerated() {
            let other = back.devices[index]
            #expect(
                other.id == device.id && other.role == device.role && other.tier == device.tier && other.pod == device.pod
                    && other.rack == device.rack && other.plane == device.plane && other.rail == device.rail && other.radix == device.radix
                    && other.coordinates == device.coordinates && other.label == device.label && other.attributes == device.attributes,
                "\(device.id)")
        }
        for (index, link) in design.links.enumerated() {
            let other = back.links[index]
            #expect(back.devices[Int(other.source)].id == design.devices[Int(link.source)].id)
            #expect(back.devices[Int(other.target)].id == design.devices[Int(link.target)].id)
            #expect(
                other.bandwidth == link.bandwidth && other.medium == link.medium && other.multiplicity == link.multiplicity
                    && other.id == link.id && other.latencyNanoseconds == link.latencyNanoseconds)
            #expect(other.srlgs.map { back.srlgs[Int($0)] }.sorted() == link.srlgs.map { design.srlgs[Int($0)] }.sorted())
        }
        #expect(CSVCablingWriter.cables(back) == cables)
        #expect(CSVCablingWriter.devices(back) == devices)
    }
    @Test("directed links travel in the directed column; bad flags are reported")
    func directedColumn() throws {
        var design = try Designs.topology(named: "fattree-k4")
        design.links[3].directed = true
        let cables = CSVCablingWriter.cables(design)
        #expect(cables.hasPrefix("a_device,a_port,z_device,z_port,speed,medium,srlg,directed"), "\(cables.prefix(80))")
        let back = CSVCablingImporter.read(cablesText: cables, cablesFile: "c.csv", devicesText: CSVCablingWriter.devices(design), devicesFile: "d.csv")
        #expect(back.diagnostics.isEmpty, "\(back.diagnostics.prefix(3))")
        #expect(back.topology.links.map(\.directed) == design.links.map(\.directed))
        #expect(CSVCablingWriter.cables(back.topology) == cables)
        let bad = CSVCablingImporter.read(cablesText: "from,to,speed,one-way\na,b,1G,sideways\n", cablesFile: "c.csv")
        #expect(bad.diagnostics.contains { $0.description == "c.csv:2:8: error: directed 'sideways' is not true or false" }, "\(bad.diagnostics)")
    }

    @Test("what the sheets cannot carry is named, and nothing for a design they carry whole")
    func unexpressed() throws {
        var design = try Designs.topology(named: "fattree-k4")
        let lines = CSVCablingWriter.unexpressed(design)
        #expect(lines.count == 1 && lines[0].hasPrefix("graph data 'accelerators', "), "\(lines)")
        design.properties = [:]
        #expect(CSVCablingWriter.unexpressed(design).isEmpty)
        design.ports.append(Port(device: 0, name: "spare", attributes: ["speed": .string("400G")]))
        design.ports.append(Port(device: 0, name: "spare/1", parent: Int32(design.ports.count - 1)))
        design.updateDevice(at: 1) { $0.attributes["weight"] = .int(3) }
        design.graphs.append(Subgraph(id: "inner", parent: 0))
        #expect(
            CSVCablingWriter.unexpressed(design) == [
                "1 nested graph flattened: devices and cables are written, not the graph they belong to",
                "2 ports no cable uses not written: a port exists in the sheets only as a cable end",
                "data 'speed' of 1 port not written: the sheets have no port columns",
                "1 nested port written by name only: the port hierarchy is lost",
                "data 'node:weight' written as text: import-csv reads columns it does not know as strings",
            ])
        // A sheet read back is carried whole.
        let sheet = CSVCablingImporter.read(cablesText: Self.cables, cablesFile: "cables.csv", devicesText: Self.devices, devicesFile: "devices.csv")
        #expect(CSVCablingWriter.unexpressed(sheet.topology).isEmpty)
    }

    @Test("limits: file size, devices and links, each reported where it is passed")
    func limits() throws {
        let options = ReaderOptions(maxNodes: 4, maxLinks: 3, maxFileBytes: 1000)
        #expect(throws: GraphMLError.limitExceeded(what: "links", limit: 3, location: SourceLocation(file: "cables.csv", line: 5, column: 1))) {
            try CSVCablingImporter.read(
                cablesText: Self.cables, cablesFile: "cables.csv", devicesText: Self.devices, devicesFile: "devices.csv",
                options: ReaderOptions(maxNodes: 10, maxLinks: 3))
        }
        #expect(throws: GraphMLError.limitExceeded(what: "nodes", limit: 4, location: SourceLocation(file: "devices.csv", line: 6, column: 1))) {
            try CSVCablingImporter.read(
                cablesText: Self.cables, cablesFile: "cables.csv", devicesText: Self.devices, devicesFile: "devices.csv", options: options)
        }
        #expect(throws: GraphMLError.fileTooLarge(path: "cables.csv", bytes: Int64(Self.cables.utf8.count), limit: 100)) {
            try CSVCablingImporter.read(
                cablesText: Self.cables, cablesFile: "cables.csv", devicesText: nil, devicesFile: nil,
                options: ReaderOptions(maxFileBytes: 100))
        }
        let fine = try CSVCablingImporter.read(
            cablesText: Self.cables, cablesFile: "cables.csv", devicesText: Self.devices, devicesFile: "devices.csv",
            options: ReaderOptions(maxNodes: 5, maxLinks: 6))
        #expect(fine.topology.links.count == 6 && fine.diagnostics.isEmpty)
    }
    @Test("the graph sheet carries design-level data with its types, so a shipped design survives CSV whole")
    func graphSheet() throws {
        let design = try Designs.topology(named: "fattree-k4")
        let graph = CSVCablingWriter.graphData(design)
        #expect(graph.hasPrefix("key,type,value\naccelerators,int,16\n"), "\(graph)")
        #expect(CSVCablingWriter.unexpressed(design, graphSheet: true).isEmpty)
        let back = try CSVCablingImporter.read(
            cablesText: CSVCablingWriter.cables(design), cablesFile: "c.csv",
            devicesText: CSVCablingWriter.devices(design), devicesFile: "d.csv",
            graphText: graph, graphFile: "g.csv", options: .default)
        #expect(back.diagnostics.isEmpty, "\(back.diagnostics.prefix(3))")
        #expect(back.topology.properties == design.properties)
        #expect(CSVCablingWriter.graphData(back.topology) == graph)
        let bad = try CSVCablingImporter.read(
            cablesText: "from,to,speed\na,b,1G\n", cablesFile: "c.csv", devicesText: nil, devicesFile: nil,
            graphText: "key,value,type,extra\nlossless,maybe,bool,\n,1,int,\nlanes,two,int,\nlanes,2,int,\nx,1,complex,\n",
            graphFile: "g.csv", options: .default)
        let messages = bad.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(
            messages == [
                "g.csv:1:16: error: column 'extra' of the graph sheet is not key, value or type",
                "g.csv:2:10: error: value 'maybe' of 'lossless' is not of type 'bool'",
                "g.csv:3:1: error: column 'key' is empty: every row names a graph data key",
                "g.csv:4:7: error: value 'two' of 'lanes' is not of type 'int'",
                "g.csv:6:5: error: type 'complex' of 'x' is unknown (use bool, int, double or string)",
            ], "\(messages)")
    }
}
