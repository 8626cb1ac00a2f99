import FabricGraphML
import FabricModel
import FabricReports
import FabricTestSupport
import Foundation
import Testing

@Suite("Slurm topology.conf export")
struct ExportSlurmTests {
    @Test("the fat-tree's tree file matches the hand-written one")
    func fatTreeTree() throws {
        let topology = try Designs.topology(named: "fattree-k4")
        #expect(try SlurmTopologyExporter.tree(topology) == ExportTestSupport.expected("slurm-fattree-k4-tree.conf"))
    }

    @Test("scale-up chips stay out of the tree; per-rack nodes; block file per domain")
    func miniDesign() throws {
        let topology = try ExportTestSupport.miniScaleUp()
        #expect(try SlurmTopologyExporter.tree(topology) == ExportTestSupport.expected("slurm-mini-tree.conf"))
        #expect(try SlurmTopologyExporter.tree(topology, nodeAttribute: "rack") == ExportTestSupport.expected("slurm-mini-tree-rack.conf"))
        #expect(try SlurmTopologyExporter.block(topology) == ExportTestSupport.expected("slurm-mini-block.conf"))
        #expect(throws: ExportError.noScaleUpDomains(file: "mini.graphml")) {
            try SlurmTopologyExporter.block(topology, nodeAttribute: "rack")
        }
    }

    @Test("a design without scale-up domains has no block file; one without switches gets a single root")
    func degenerateDesigns() throws {
        let fatTree = try Designs.topology(named: "fattree-k4")
        #expect(throws: ExportError.noScaleUpDomains(file: fatTree.file)) { try SlurmTopologyExporter.block(fatTree) }
        let torus = try Designs.topology(named: "torus-4x4x4")
        let tree = try SlurmTopologyExporter.tree(torus)
        let lines = tree.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("SwitchName=fabcheck-root Nodes=") == true)
        #expect(expand(String(lines.first?.split(separator: "=").last ?? "")).count == 64)
    }

    @Test("NVL72 racks become 8 blocks of 72 GPUs; the scale-out tree covers every GPU once per leaf")
    func nvl72() throws {
        let topology = try Designs.topology(named: "gb200-nvl72-su")
        let block = try SlurmTopologyExporter.block(topology)
        let blocks = block.split(separator: "\n").filter { $0.hasPrefix("BlockName=") }
        #expect(blocks.count == 8)
        for line in blocks {
            let nodes = String(line.split(separator: " ").last?.dropFirst("Nodes=".count) ?? "")
            #expect(expand(nodes).count == 72)
        }
        let tree = try SlurmTopologyExporter.tree(topology)
        var covered = Set<String>()
        for line in tree.split(separator: "\n") where line.contains(" Nodes=") {
            covered.formUnion(expand(String(line.split(separator: " ").first { $0.hasPrefix("Nodes=") }?.dropFirst("Nodes=".count) ?? "")))
        }
        #expect(covered.count == 576)
        #expect(!tree.contains("nvsw-"))
    }

    @Test("dual-plane designs get a synthetic root over the planes")
    func syntheticRoot() throws {
        var topology = try ExportTestSupport.miniScaleUp()
        // A second spine for leaf-1 only: no top switch reaches both leaves.
        let spine = try topology.addDevice(Device(id: "spine-1", role: .switch, tier: 2))
        let links = topology.links
        topology.links = links.filter { !($0.source == topology.deviceIndex(forID: "leaf-1") && $0.target == topology.deviceIndex(forID: "spine-0")) }
        try topology.addLink(Link(source: try #require(topology.deviceIndex(forID: "leaf-1")), target: spine, bandwidth: 400e9))
        let tree = try SlurmTopologyExporter.tree(topology)
        #expect(tree.contains("SwitchName=fabcheck-root Switches=spine-[0-1]\n"))
    }

    @Test("hostlist expressions expand back to the same names", arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func hostlistRoundTrip(seed: UInt64) {
        var random = SplitMix(seed: seed)
        var names = Set<String>()
        let prefixes = ["gpu-", "n", "rack-3-", "x", ""]
        for _ in 0..<(5 + Int(random.next() % 60)) {
            let prefix = prefixes[Int(random.next() % UInt64(prefixes.count))]
            let number = Int(random.next() % 40)
            let padded = random.next() % 4 == 0
            names.insert(prefix + (padded ? (number < 10 ? "0\(number)" : "\(number)") : "\(number)"))
            if random.next() % 7 == 0 { names.insert("plain-name-\(random.next() % 3)x") }
        }
        let expression = SlurmTopologyExporter.hostlist(Array(names))
        #expect(expand(expression) == names, "\(expression)")
    }

    @Test("hostlist folds runs and keeps zero padding apart")
    func hostlistExamples() {
        #expect(SlurmTopologyExporter.hostlist(["a1", "a2", "a3", "a5", "b", "a07", "a08"]) == "a[1-3,5],a[07-08],b")
        #expect(SlurmTopologyExporter.hostlist(["gpu-7"]) == "gpu-7")
        #expect(SlurmTopologyExporter.slurmSafe("leaf 1/2[a]") == "leaf_1_2_a_")
    }

    /// Expands a Slurm hostlist of `prefix[a-b,c]` and plain names (an independent reading of the syntax).
    func expand(_ expression: String) -> Set<String> {
        var result = Set<String>()
        var parts: [String] = []
        var depth = 0
        var current = ""
        for character in expression {
            if character == "[" { depth += 1 }
            if character == "]" { depth -= 1 }
            if character == ",", depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { parts.append(current) }
        for part in parts {
            guard let open = part.firstIndex(of: "["), let close = part.firstIndex(of: "]") else {
                result.insert(part)
                continue
            }
            let prefix = String(part[..<open])
            for range in part[part.index(after: open)..<close].split(separator: ",") {
                let bounds = range.split(separator: "-").map(String.init)
                let width = bounds[0].count
                let low = Int(bounds[0]) ?? 0
                let high = Int(bounds.last ?? bounds[0]) ?? low
                for number in low...high {
                    let text = String(number)
                    result.insert(prefix + String(repeating: "0", count: max(0, width - text.count)) + text)
                }
            }
        }
        return result
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): the fixed-seed generator of the tests.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A hand-written rail pod with a dual-homed GPU, exported and fed to a real slurmctld 22.05.8 by
/// `scripts/slurm-topology-check.sh`; the records hold the topology.conf, the export warnings, slurmctld's topology
/// log lines and `scontrol show topology`.
@Suite("Slurm tree export checked by a real slurmctld")
struct SlurmRealControllerTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Expected/slurm-real")

    /// The lines of a record's `## title` section.
    static func section(_ record: String, _ title: String) -> [String] {
        let lines = record.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("## \(title)") }) else { return [] }
        return Array(lines[(start + 1)...].prefix { !$0.hasPrefix("## ") }).filter { !$0.isEmpty }
    }

    @Test("the export slurmctld accepted is what fabcheck writes today", arguments: [("gpu", nil), ("rack", "rack")] as [(String, String?)])
    func recordedExportIsCurrent(name: String, attribute: String?) throws {
        var topology = try GraphMLReader.read(file: Self.folder.appendingPathComponent("rail-pod.graphml").path).topology
        topology.file = "rail-pod.graphml"
        let record = try String(contentsOf: Self.folder.appendingPathComponent("rail-pod-\(name).txt"), encoding: .utf8)
        let tree = try SlurmTopologyExporter.treeFile(topology, nodeAttribute: attribute)
        #expect(Self.section(record, "topology.conf") == tree.text.split(separator: "\n").map(String.init))
        #expect(tree.warnings.count == 1)
        #expect(tree.warnings.first?.contains("Multiple leaf switches contain nodes") == true)
        // slurmctld logged nothing about the topology and placed every node under exactly one level-0 switch.
        #expect(Self.section(record, "slurmctld log").isEmpty, "\(record)")
        let leaves = Self.section(record, "scontrol show topology").filter { $0.contains(" Level=0 ") }
        #expect(leaves.count == 2)
        #expect(leaves.allSatisfy { $0.contains(" LinkSpeed=400 ") })
        #expect(Self.section(record, "scontrol show topology").contains { $0.hasPrefix("SwitchName=spine-0 Level=1 LinkSpeed=800 ") })
        // The same controller complained about the export before leaf groups.
        let before = try String(contentsOf: Self.folder.appendingPathComponent("rail-pod-\(name)-before-fix.txt"), encoding: .utf8)
        #expect(Self.section(before, "slurmctld log").contains { $0.contains("Multiple leaf switches contain nodes: ") })
    }

    @Test("a single-homed design gets no warning and no group")
    func singleHomed() throws {
        let tree = try SlurmTopologyExporter.treeFile(try Designs.topology(named: "fattree-k4"))
        #expect(tree.warnings.isEmpty)
        #expect(!tree.text.contains("group-"))
    }
}
