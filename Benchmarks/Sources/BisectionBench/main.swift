// BisectionBench: the bisection bracket on every shipped reference design (release build).
//
//   swift run -c release BisectionBench [--effort fast|thorough] [--export-metis DIR] [--peers FILE] [DESIGN ...]
//
// For each design: generate it, build the CSR (baseline time), compute the bracket, and print lower, upper, the
// reference value of REFERENCE-DESIGNS.md, the gap and the time. `--export-metis DIR` also writes each design as a
// METIS graph (vertex weight 1 for accelerators, 0 otherwise; edge weight = capacity in Mb/s) for
// `bisection-peers.sh`, whose TSV `--peers FILE` reads back to print METIS's and KaHIP's cuts side by side.
import BenchSupport
import FabricDesigns
import FabricGraph
import FabricModel
import Foundation

/// Reference values (bit/s) of REFERENCE-DESIGNS.md: exact for the closed-form families, else the best known cut.
let references: [String: (value: Double, exact: Bool)] = [
    "fattree-k4": (8 * 400e9, true),
    "fattree-k48": (13_824 * 400e9, true),
    "leafspine-64": (32 * 400e9, true),
    "torus-4x4x4": (32 * 400e9, true),
    "tpu-v4-16x16x16": (512 * 400e9, true),
    "ubmesh-pod-1k": (1_024 * 200e9, true),
    "atlas950-like-8k": (4_096 * 1_200e9, false),
    "cloudmatrix384": (75.3e12 * 8, false),
    "dgx-h100-4su": (512 * 400e9, false),
    "gb200-nvl72-su": (288 * 400e9, false),
    "dragonfly-a16-p8-h8": (4_160 * 400e9, false),
    "meta-like-24k": (1_792 * 400e9, false),
]

var arguments = Array(CommandLine.arguments.dropFirst())
var effort = BisectionEffort.fast
var exportDirectory: String?
var peersFile: String?
var showBreakdown = false
var showHot = false
var verbose = false
var names: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--effort": effort = BisectionEffort(rawValue: arguments.isEmpty ? "" : arguments.removeFirst()) ?? .fast
    case "--export-metis": exportDirectory = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--peers": peersFile = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--breakdown": showBreakdown = true
    case "--hot": showHot = true
    case "--verbose": verbose = true
    default: names.append(argument)
    }
}
if names.isEmpty { names = DesignCatalog.designs.filter { !$0.generateOnly }.map(\.name) }

/// METIS/KaHIP results from `bisection-peers.sh`: design → (tool → (cut bit/s, milliseconds, sides)).
var peers: [String: [String: (cut: Double, milliseconds: Double, sides: String)]] = [:]
if let peersFile, let text = try? String(contentsOfFile: peersFile, encoding: .utf8) {
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let fields = line.split(separator: "\t").map(String.init)
        guard fields.count >= 5, let cut = Double(fields[2]), let milliseconds = Double(fields[3]) else { continue }
        peers[fields[0], default: [:]][fields[1]] = (cut, milliseconds, fields[4])
    }
}

/// CPU time of this process (all threads), in seconds: the wall time is inflated when other jobs share the 2 cores.
func processCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func tb(_ bits: Double) -> String { String(format: "%.1f TB/s", bits / 8e12) }

/// Writes the METIS graph format: `n m 011`, then per vertex its weight and (neighbour, weight) pairs, 1-based.
func exportMETIS(_ graph: CSRGraph, to path: String) throws {
    var lines: [String] = []
    var edges = 0
    var rows: [String] = []
    rows.reserveCapacity(graph.vertexCount)
    for vertex in 0..<graph.vertexCount {
        var merged: [Int32: Double] = [:]
        for arc in graph.arcs(from: Int32(vertex)) { merged[graph.head[Int(arc)], default: 0] += graph.capacity[Int(arc)] }
        edges += merged.count
        var row = graph.isAccelerator[vertex] ? "1" : "0"
        for (neighbour, capacity) in merged.sorted(by: { $0.key < $1.key }) {
            row += " \(neighbour + 1) \(Int((capacity / 1e6).rounded()))"
        }
        rows.append(row)
    }
    lines.append("\(graph.vertexCount) \(edges / 2) 011")
    lines.append(contentsOf: rows)
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
}

print(
    "| design | accelerators | lower | upper | reference | gap | lower by | upper by | CSR | bracket wall (CPU, 2 threads) | METIS cut (time) | KaHIP strong cut (time) |"
)
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for name in names {
    do {
        let design = try DesignCatalog.design(named: name)
        let topology = try DesignCatalog.topology(of: design)
        var graph: CSRGraph?
        let csrTime = Bench.time { graph = CSRGraph(topology) }
        guard let graph else { continue }
        if let exportDirectory {
            try FileManager.default.createDirectory(atPath: exportDirectory, withIntermediateDirectories: true)
            try exportMETIS(graph, to: "\(exportDirectory)/\(name).metis")
        }
        if showHot {
            print(hottest(graph: graph, topology: topology))
            continue
        }
        if showBreakdown {
            print(breakdown(name, graph: graph, topology: topology, effort: effort))
            continue
        }
        var result: BisectionBracket?
        let cpuStart = processCPUSeconds()
        let time = Bench.time { result = BisectionBracket.compute(graph: graph, topology: topology, effort: effort) }
        let cpu = processCPUSeconds() - cpuStart
        guard let bracket = result else { continue }
        let reference = references[name].map { "\(tb($0.value))\($0.exact ? " (exact)" : "")" } ?? "–"
        let upperMethod = bracket.cut.method.replacingOccurrences(of: ", refined by FM", with: "+FM")
        func peer(_ tool: String) -> String {
            guard let found = peers[name]?[tool] else { return "–" }
            return "\(tb(found.cut)) (\(String(format: "%.0f", found.milliseconds)) ms, sides \(found.sides))"
        }
        print(
            "| \(name) | \(bracket.acceleratorCount) | \(tb(bracket.lower)) | \(tb(bracket.upper)) | \(reference) | "
                + String(format: "%.2f%%", bracket.gap * 100) + " | \(bracket.lowerCertificate.kind.rawValue) | \(upperMethod) | "
                + "\(Bench.seconds(csrTime)) | \(Bench.seconds(time)) (CPU \(Bench.seconds(cpu))) | \(peer("metis")) | \(peer("kahip")) |")
        if verbose {
            for certificate in bracket.certificates { print("    \(certificate.kind.rawValue): \(tb(certificate.bound)); \(certificate.detail)") }
        }
    } catch {
        print("| \(name) | error: \(error) |")
    }
}
print("\npeak RSS \(Bench.mebibytes(Bench.peakResidentBytes())); effort \(effort.rawValue); 1 TB/s = 8 Tb/s")
