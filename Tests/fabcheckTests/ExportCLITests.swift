import FabricTestSupport
import Foundation
import Testing

@Suite struct ExportCLITests {
    static let small = ["fattree-k4.graphml", "leafspine-64.graphml", "torus-4x4x4.graphml", "dgx-h100-4su.graphml.gz"]

    static func shipped(_ name: String) -> String { Fixtures.topologies.appendingPathComponent(name).path }

    @Test(arguments: small)
    func everyFormatExportsAShippedDesign(name: String) throws {
        for format in ["dot", "slurm", "json", "graphml", "csv"] {
            let output = try CLI.run(["export", Self.shipped(name), "--format", format])
            #expect(output.status == 0, "\(name) \(format): \(output.stderr)")
            #expect(!output.stdout.isEmpty)
        }
        let aggregated = try CLI.run(["export", Self.shipped(name), "--format", "dot", "--aggregate", "pod"])
        #expect(aggregated.stdout.contains("g0 [label=") && aggregated.stdout.hasSuffix("}\n"), "\(name)")
    }

    @Test func slurmTreeOfTheFatTreeAndBlocksOfNVL72() throws {
        let tree = try CLI.run(["export", Self.shipped("fattree-k4.graphml"), "--format", "slurm"])
        #expect(tree.stdout.contains("SwitchName=edge-p0-0 Nodes=h-p0-e0-[0-1] LinkSpeed=400\n"))
        #expect(tree.stdout.contains("SwitchName=core-0 Switches=agg-p0-0,agg-p1-0,agg-p2-0,agg-p3-0 LinkSpeed=400\n"))
        let blocks = try CLI.run(["export", Self.shipped("gb200-nvl72-su.graphml.gz"), "--format", "slurm", "--plugin", "block"])
        #expect(blocks.status == 0)
        #expect(blocks.stdout.split(separator: "\n").filter { $0.hasPrefix("BlockName=") }.count == 8)
        let none = try CLI.run(["export", Self.shipped("fattree-k4.graphml"), "--format", "slurm", "--plugin", "block"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("error: no scale-up domain holds more than one slurm node"))
    }

    @Test func graphMLAndCSVWriteFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let graphml = directory.appendingPathComponent("out.graphml.gz").path
        #expect(try CLI.run(["export", Self.shipped("leafspine-64.graphml"), "--format", "graphml", "-o", graphml]).status == 0)
        let info = try CLI.run(["validate", graphml])
        #expect(info.stdout.contains("ok: 70 nodes, 128 links"), "\(info.stderr)")
        let cables = directory.appendingPathComponent("cables.csv").path
        let devices = directory.appendingPathComponent("devices.csv").path
        #expect(try CLI.run(["export", Self.shipped("leafspine-64.graphml"), "--format", "csv", "-o", cables, "--devices-output", devices]).status == 0)
        let back = directory.appendingPathComponent("back.graphml").path
        let imported = try CLI.run(["import-csv", cables, "--devices", devices, "-o", back])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr == "\(back): 70 devices, 128 links, 0 ports\n")
    }

    @Test func usageErrors() throws {
        let wrong = try CLI.run(["export", Self.shipped("fattree-k4.graphml"), "--format", "slurm", "--aggregate", "pod"])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("--aggregate applies to --format dot only"))
        let unknown = try CLI.run(["export", Self.shipped("fattree-k4.graphml"), "--format", "pdf"])
        #expect(unknown.status == 64)
    }
}

@Suite struct ImportCSVCLITests {
    @Test func badRowsAreReportedWithLineAndColumnAndNothingIsWritten() throws {
        let cables = try CLI.temporaryFile("from,to,speed\nx,y,400G\nx,,400G\nx,y,fast\n", name: "cables.csv")
        let output = cables + ".graphml"
        let result = try CLI.run(["import-csv", cables, "-o", output])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(cables):3:3: error: column 'to' is empty: the cable needs its Z-device"))
        #expect(result.stderr.contains("\(cables):4:5: error: speed: 'fast' is not a bandwidth"))
        #expect(result.stderr.contains("2 errors; nothing written"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func theImportLimitsApplyToTheSheets() throws {
        let devices = try CLI.temporaryFile("device,role\ngpu-0,gpu\ngpu-1,gpu\nleaf-0,leaf\n", name: "devices.csv")
        let cables = try CLI.temporaryFile("A-device,Z-device,speed\ngpu-0,leaf-0,400Gb/s\ngpu-1,leaf-0,400Gb/s\n", name: "cables.csv")
        let output = cables + ".graphml"
        let links = try CLI.run(["import-csv", cables, "--devices", devices, "-o", output, "--max-links", "1"])
        #expect(links.status == 2)
        #expect(links.stderr.contains("\(cables):3:1: error: more than 1 links (raise the limit with --max-links)"), "\(links.stderr)")
        let nodes = try CLI.run(["import-csv", cables, "--devices", devices, "-o", output, "--max-nodes", "2"])
        #expect(nodes.status == 2)
        #expect(nodes.stderr.contains("\(devices):4:1: error: more than 2 nodes (raise the limit with --max-nodes)"), "\(nodes.stderr)")
        let implicit = try CLI.run(["import-csv", cables, "-o", output, "--max-nodes", "2"])
        #expect(implicit.status == 2)
        #expect(implicit.stderr.contains("\(cables):3:1: error: more than 2 nodes"), "\(implicit.stderr)")
        let bytes = try CLI.run(["import-csv", cables, "--devices", devices, "-o", output, "--max-file-bytes", "40"])
        #expect(bytes.status == 2)
        #expect(bytes.stderr.contains("\(cables): error: file is 66 bytes, more than the limit of 40 bytes"), "\(bytes.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
        let usage = try CLI.run(["import-csv", cables, "-o", output, "--max-links", "0"])
        #expect(usage.status == 64)
        let fine = try CLI.run(["import-csv", cables, "--devices", devices, "-o", output, "--max-links", "2", "--max-nodes", "3"])
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test func csvExportNamesWhatTheSheetsCannotCarry() throws {
        let result = try CLI.run(["export", ExportCLITests.shipped("fattree-k4.graphml"), "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: csv: graph data "), "\(result.stderr)")
        #expect(result.stdout.hasPrefix("a_device,a_port,z_device,z_port,speed"))
        let graph = try CLI.temporaryFile("", name: "graph.csv")
        let whole = try CLI.run(["export", ExportCLITests.shipped("fattree-k4.graphml"), "--format", "csv", "--graph-output", graph])
        #expect(whole.status == 0 && whole.stderr.isEmpty, "\(whole.stderr)")
        #expect(try String(contentsOfFile: graph, encoding: .utf8).contains("\nsingle_homed,bool,true\n"))
    }

    @Test func aCleanSheetBecomesGraphMLThatChecks() throws {
        let devices = try CLI.temporaryFile("device,role\ngpu-0,gpu\ngpu-1,gpu\nleaf-0,leaf\n", name: "devices.csv")
        let cables = try CLI.temporaryFile(
            "A-device,A-port,Z-device,Z-port,speed\ngpu-0,p0,leaf-0,1,400Gb/s\ngpu-1,p0,leaf-0,2,400Gb/s\n",
            name: "cables.csv")
        let result = try CLI.run(["import-csv", cables, "--devices", devices, "-o", "-"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("<port name=\"p0\""))
        #expect(result.stdout.contains("sourceport=\"p0\""))
    }
}
