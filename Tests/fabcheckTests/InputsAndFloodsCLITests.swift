import FabricTestSupport
import Foundation
import Testing

/// A pod drawn by hand as yEd saves it (directed edges drawn host to leaf to spine, labels): two spines,
/// three leaves with 5, 4 and 3 single-homed hosts, and `no_spof` declared, so dual_homing floods (12 hosts).
private let handDrawnPod = """
    <?xml version="1.0" encoding="UTF-8" standalone="no"?>
    <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
      <key id="d0" for="node" attr.name="role" attr.type="string"/>
      <key id="d1" for="node" attr.name="tier" attr.type="int"/>
      <key id="d2" for="edge" attr.name="bandwidth" attr.type="string"/>
      <key id="d3" for="graph" attr.name="no_spof" attr.type="boolean"/>
      <key id="d6" for="node" yfiles.type="nodegraphics"/>
      <graph id="G" edgedefault="directed">
        <data key="d3">true</data>
        <node id="spine1"><data key="d0">switch</data><data key="d1">2</data><data key="d6"><y:ShapeNode><y:NodeLabel>spine1</y:NodeLabel></y:ShapeNode></data></node>
        <node id="spine2"><data key="d0">switch</data><data key="d1">2</data></node>
        <node id="leafA"><data key="d0">switch</data><data key="d1">1</data></node>
        <node id="leafB"><data key="d0">switch</data><data key="d1">1</data></node>
        <node id="leafC"><data key="d0">switch</data><data key="d1">1</data></node>
        <node id="gpu01"><data key="d0">accelerator</data></node>
        <node id="gpu02"><data key="d0">accelerator</data></node>
        <node id="gpu03"><data key="d0">accelerator</data></node>
        <node id="gpu04"><data key="d0">accelerator</data></node>
        <node id="gpu05"><data key="d0">accelerator</data></node>
        <node id="gpu11"><data key="d0">accelerator</data></node>
        <node id="gpu12"><data key="d0">accelerator</data></node>
        <node id="gpu13"><data key="d0">accelerator</data></node>
        <node id="gpu14"><data key="d0">accelerator</data></node>
        <node id="gpu21"><data key="d0">accelerator</data></node>
        <node id="gpu22"><data key="d0">accelerator</data></node>
        <node id="gpu23"><data key="d0">accelerator</data></node>
        <edge id="e1" source="gpu01" target="leafA"><data key="d2">400 Gb/s</data></edge>
        <edge id="e2" source="gpu02" target="leafA"><data key="d2">400 Gb/s</data></edge>
        <edge id="e3" source="gpu03" target="leafA"><data key="d2">400 Gb/s</data></edge>
        <edge id="e4" source="gpu04" target="leafA"><data key="d2">400 Gb/s</data></edge>
        <edge id="e5" source="gpu05" target="leafA"><data key="d2">400 Gb/s</data></edge>
        <edge id="e6" source="gpu11" target="leafB"><data key="d2">400 Gb/s</data></edge>
        <edge id="e7" source="gpu12" target="leafB"><data key="d2">400 Gb/s</data></edge>
        <edge id="e8" source="gpu13" target="leafB"><data key="d2">400 Gb/s</data></edge>
        <edge id="e9" source="gpu14" target="leafB"><data key="d2">400 Gb/s</data></edge>
        <edge id="e10" source="gpu21" target="leafC"><data key="d2">400 Gb/s</data></edge>
        <edge id="e11" source="gpu22" target="leafC"><data key="d2">400 Gb/s</data></edge>
        <edge id="e12" source="gpu23" target="leafC"><data key="d2">400 Gb/s</data></edge>
        <edge id="e13" source="leafA" target="spine1"><data key="d2">800 Gb/s</data></edge>
        <edge id="e14" source="leafA" target="spine2"><data key="d2">800 Gb/s</data></edge>
        <edge id="e15" source="leafB" target="spine1"><data key="d2">800 Gb/s</data></edge>
        <edge id="e16" source="leafB" target="spine2"><data key="d2">800 Gb/s</data></edge>
        <edge id="e17" source="leafC" target="spine1"><data key="d2">800 Gb/s</data></edge>
        <edge id="e18" source="leafC" target="spine2"><data key="d2">800 Gb/s</data></edge>
      </graph>
    </graphml>

    """

/// Runs `fabcheck` with standard input read from `input`.
private func run(_ arguments: [String], standardInput input: String) throws -> CLI.Output {
    let process = Process()
    process.executableURL = CLI.executable
    process.arguments = arguments
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes while the process runs so neither fills up.
    nonisolated(unsafe) var errorData = Data()
    let reader = Thread { errorData = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let outputData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !reader.isFinished { usleep(1000) }
    return CLI.Output(
        status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
        stderr: String(decoding: errorData, as: UTF8.self))
}

/// A folder of designs as a user keeps them: nested, compressed, with other files and a hidden folder.
private func designFolder() throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-folder-\(UUID().uuidString)")
    for folder in ["pods/b", "pods/a", "pods/.git", "pods/empty"] {
        try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    for file in ["pods/b/pod.graphml", "pods/a/zz.graphml", "pods/top.graphml", "pods/.git/ignored.graphml"] {
        try Data(handDrawnPod.utf8).write(to: root.appendingPathComponent(file))
    }
    try Data("not a design".utf8).write(to: root.appendingPathComponent("pods/notes.txt"))
    try Data(handDrawnPod.utf8).write(to: root.appendingPathComponent("pods/a/old.graphml.bak"))
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    gzip.arguments = ["gzip", "-k", root.appendingPathComponent("pods/b/pod.graphml").path]
    try gzip.run()
    gzip.waitUntilExit()
    try FileManager.default.moveItem(
        at: root.appendingPathComponent("pods/b/pod.graphml.gz"),
        to: root.appendingPathComponent("pods/a/c.graphml.gz"))
    return root
}

@Suite struct InputsAndFloodsCLITests {
    @Test("a folder is every .graphml and .graphml.gz below it, sorted by path, hidden folders and other files skipped")
    func folders() throws {
        let root = try designFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("pods").path
        let validate = try CLI.run(["validate", folder])
        #expect(validate.status == 0, "\(validate.stderr)")
        let files = validate.stdout.split(separator: "\n").map { String($0.prefix { $0 != ":" }) }
        #expect(files == ["a/c.graphml.gz", "a/zz.graphml", "b/pod.graphml", "top.graphml"].map { "\(folder)/\($0)" })
        #expect(validate.stdout.contains("\(folder)/a/c.graphml.gz: ok: 17 nodes, 18 links"))

        let info = try CLI.run(["info", "--format", "json", folder])
        #expect(info.status == 0, "\(info.stderr)")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [[String: Any]])
        #expect(objects.map { $0["file"] as? String } == files)
        #expect(objects.allSatisfy { $0["accelerators"] as? Int == 12 && $0["switches"] as? Int == 5 })

        let check = try CLI.run(["check", "--format", "json", folder])
        #expect(check.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(report["files"] as? [String] == files)

        let empty = try CLI.run(["check", root.appendingPathComponent("pods/empty").path])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("pods/empty: error: cannot open file: is a folder with no .graphml or .graphml.gz file below it"))
    }

    @Test("- reads the design from standard input, plain or gzip-compressed, named <stdin> in findings")
    func standardInput() throws {
        let root = try designFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        for file in ["pods/top.graphml", "pods/a/c.graphml.gz"] {
            let path = root.appendingPathComponent(file).path
            let check = try run(["check", "--verbose", "-"], standardInput: path)
            #expect(check.status == 1, "\(check.stderr)")
            let line =
                try #require(
                    handDrawnPod.split(separator: "\n", omittingEmptySubsequences: false)
                        .firstIndex { $0.contains("<node id=\"gpu01\">") }) + 1
            #expect(
                check.stdout.contains("<stdin>:\(line):5: warning: 'gpu01' has scale-out links to 1 switch ('leafA'); at least 2 required [dual_homing]"),
                "\(check.stdout)")
            let validate = try run(["validate", "-"], standardInput: path)
            #expect(validate.stdout == "<stdin>: ok: 17 nodes, 18 links\n")
        }
        let twice = try CLI.run(["validate", "-", "-"])
        #expect(twice.status == 64)
        #expect(twice.stderr.contains("standard input ('-') can be read only once"))
        let garbage = try run(["validate", "-"], standardInput: root.appendingPathComponent("pods/notes.txt").path)
        #expect(garbage.status == 2)
        #expect(garbage.stderr.hasPrefix("<stdin>:1:1: error: malformed XML"), "\(garbage.stderr)")
    }

    @Test("a flood is one line per rule and shape; --verbose and JSON keep every finding")
    func floods() throws {
        let path = try CLI.temporaryFile(handDrawnPod, name: "pod.graphml")
        let grouped = try CLI.run(["check", path])
        #expect(grouped.status == 1)
        let floodLines = grouped.stdout.split(separator: "\n").filter { $0.contains("[dual_homing]") }
        #expect(floodLines.count == 1)
        #expect(
            floodLines.first?.hasSuffix(
                "warning: 12 devices: '…' has scale-out links to 1 switch ('…'); at least 2 required — gpu01, gpu02, gpu03, … (9 more) [dual_homing]"
            ) == true, "\(grouped.stdout)")
        let verbose = try CLI.run(["check", "--verbose", path])
        #expect(verbose.stdout.split(separator: "\n").filter { $0.contains("[dual_homing]") }.count == 12)
        let json = try CLI.run(["check", "--format", "json", path])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.filter { $0["ruleId"] as? String == "dual_homing" }.count == 12)
        let github = try CLI.run(["check", "--format", "github", path])
        #expect(github.stdout.split(separator: "\n").filter { $0.contains("title=fabcheck dual_homing::12 devices:") }.count == 1)
        #expect(
            try CLI.run(["check", "--format", "github", "--verbose", path]).stdout
                .split(separator: "\n").filter { $0.contains("title=fabcheck dual_homing::") }.count == 12)
        // Progress goes to a terminal only: redirected standard error has no carriage returns.
        #expect(!grouped.stderr.contains("\r"))
    }

    @Test("--version prints the version and the commit it was built from")
    func version() throws {
        let output = try CLI.run(["--version"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("0.1.0 (commit "), "\(output.stdout)")
    }
}
