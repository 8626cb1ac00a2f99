import FabricModel
import Foundation

/// Helpers shared by the export, CSV, diff and HTML report tests.
enum ExportTestSupport {
    /// Output of an external program.
    struct ProcessOutput {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` (searched on PATH) with `arguments`, feeding `input` on standard input.
    static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> ProcessOutput {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-ext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inURL = directory.appendingPathComponent("stdin")
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        try Data((input ?? "").utf8).write(to: inURL)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let inHandle = try FileHandle(forReadingFrom: inURL)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.standardInput = inHandle
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        try inHandle.close()
        return ProcessOutput(
            status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// True when Graphviz `dot` runs.
    static let hasDot: Bool = (try? run("dot", ["-V"]))?.status == 0

    /// True when python3 imports networkx.
    static let hasNetworkx: Bool = (try? run("python3", ["-c", "import networkx"]))?.status == 0

    /// A hand-written expected file beside the tests.
    static func expected(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Expected/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Two 4-GPU scale-up domains (`nodeA`, `nodeB`, one NVSwitch chip each); GPU i of each domain also links to
    /// `leaf-(i mod 2)`, both leaves to `spine-0`. File name `mini.graphml`.
    static func miniScaleUp() throws -> Topology {
        var topology = Topology(file: "mini.graphml")
        topology.graphs = [Subgraph(id: "G")]
        for rack in ["a", "b"] {
            for index in 0..<4 {
                try topology.addDevice(Device(id: "gpu-\(rack)-\(index)", role: .accelerator, tier: 0, rack: "node\(rack.uppercased())"))
            }
        }
        try topology.addDevice(Device(id: "nvsw-a", role: .switch, tier: 1, rack: "nodeA"))
        try topology.addDevice(Device(id: "nvsw-b", role: .switch, tier: 1, rack: "nodeB"))
        try topology.addDevice(Device(id: "leaf-0", role: .switch, tier: 1))
        try topology.addDevice(Device(id: "leaf-1", role: .switch, tier: 1))
        try topology.addDevice(Device(id: "spine-0", role: .switch, tier: 2))
        func index(_ id: String) throws -> Int32 {
            guard let index = topology.deviceIndex(forID: id) else { throw CocoaError(.fileNoSuchFile) }
            return index
        }
        for rack in ["a", "b"] {
            for gpu in 0..<4 {
                try topology.addLink(Link(source: try index("gpu-\(rack)-\(gpu)"), target: try index("nvsw-\(rack)"), bandwidth: 400e9 * 8))
                try topology.addLink(Link(source: try index("gpu-\(rack)-\(gpu)"), target: try index("leaf-\(gpu % 2)"), bandwidth: 400e9))
            }
        }
        try topology.addLink(Link(source: try index("leaf-0"), target: try index("spine-0"), bandwidth: 400e9, multiplicity: 4))
        try topology.addLink(Link(source: try index("leaf-1"), target: try index("spine-0"), bandwidth: 400e9, multiplicity: 4))
        return topology
    }
}

extension ExportTestSupport {
    /// A copy of `topology` without some devices (and their links) and links, ids kept, indices renumbered.
    static func rebuilt(
        _ topology: Topology, droppingDevices: Set<String> = [], droppingLinks: (Link) -> Bool = { _ in false },
        file: String? = nil
    ) throws -> Topology {
        var copy = Topology(file: file ?? topology.file)
        copy.graphs = topology.graphs
        copy.properties = topology.properties
        copy.rolesDeclared = topology.rolesDeclared
        var newIndex = [Int32](repeating: -1, count: topology.devices.count)
        for (index, device) in topology.devices.enumerated() where !droppingDevices.contains(device.id) {
            newIndex[index] = try copy.addDevice(device)
        }
        for link in topology.links where newIndex[Int(link.source)] >= 0 && newIndex[Int(link.target)] >= 0 && !droppingLinks(link) {
            var moved = link
            moved.source = newIndex[Int(link.source)]
            moved.target = newIndex[Int(link.target)]
            moved.srlgs = link.srlgs.map { copy.srlgIndex(named: topology.srlgs[Int($0)]) }.sorted()
            moved.sourcePort = -1
            moved.targetPort = -1
            try copy.addLink(moved)
        }
        return copy
    }
}
