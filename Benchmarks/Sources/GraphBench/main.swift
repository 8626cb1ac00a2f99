import BenchSupport
import FabricDesigns
import FabricGraph
import FabricModel
import Foundation

// Graph engine benchmark: CSR build + connectivity, edge connectivity, uniform all-to-all ECMP loads on the shipped
// designs, against a baseline measured in the same run (one BFS over the same graph), plus CSR memory at 1M scale.
// Usage: GraphBench [design ...] [--memory] [--no-shortcut DESIGN]

let arguments = Array(CommandLine.arguments.dropFirst())
let defaultDesigns = [
    "atlas960-like-15k", "hpn-pod-15k", "fattree-k48", "dragonfly-a16-p8-h8", "meta-like-24k", "atlas950-like-8k",
    "tpu-v4-16x16x16", "dgx-h100-4su", "gb200-nvl72-su", "cloudmatrix384", "ubmesh-pod-1k",
]
let names = Array(arguments.prefix { !$0.hasPrefix("--") })
let designs = names.isEmpty ? defaultDesigns : names
let threads = ProcessInfo.processInfo.activeProcessorCount

/// Process CPU time (all threads) in seconds: on a shared machine it shows the work when wall time is inflated.
func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Median wall time and the CPU time of one run.
func measure(_ repetitions: Int, _ body: () -> Void) -> (wall: Double, cpu: Double) {
    let cpuStart = cpuSeconds()
    body()
    let cpu = cpuSeconds() - cpuStart
    let wall = Bench.median(repetitions: repetitions, body)
    return (wall, cpu)
}

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
}

func topology(_ name: String) -> Topology? {
    do {
        return try DesignCatalog.topology(of: try DesignCatalog.design(named: name))
    } catch {
        print("\(name): cannot generate: \(error)")
        return nil
    }
}

print("threads: \(threads); load average at start: \(loadAverage()); times are median wall (CPU of one run)")
print(
    "| design | accelerators | devices | directed arcs | BFS (baseline) | CSR build | connectivity | CSR+conn | edge connectivity (value, time) | ECMP all-to-all loads | passes | ECMP ÷ BFS |"
)
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
func show(_ value: (wall: Double, cpu: Double)) -> String { String(format: "%.1f ms (%.1f)", value.wall * 1000, value.cpu * 1000) }
if !arguments.contains("--memory-only") {
    for name in designs {
        guard let topology = topology(name) else { continue }
        var graph = CSRGraph(topology)
        let build = measure(5) { graph = CSRGraph(topology) }
        var connectivity = graph.connectivity()
        let connect = measure(5) { connectivity = graph.connectivity() }
        let bfs = measure(5) { _ = graph.hopDistances(from: graph.accelerators[0]) }
        var cut: AcceleratorCut?
        let edge = measure(3) { cut = graph.edgeConnectivity() }
        let blocks = TrafficAnalysis.symmetryCandidates(topology: topology)
        let members = graph.accelerators
        var routed: RoutedTraffic?
        let grid = TrafficAnalysis.coordinates(topology: topology)
        let ecmp = measure(3) {
            routed = graph.route(
                .uniform(groups: [members]), symmetryCandidates: blocks, coordinates: grid?.values,
                dimensions: grid?.dimensions ?? 0, workLimit: .infinity)
        }
        let both = (wall: build.wall + connect.wall, cpu: build.cpu + connect.cpu)
        print(
            "| \(name) | \(members.count) | \(graph.vertexCount) | \(graph.arcCount) | \(show(bfs)) | \(show(build)) | \(show(connect)) | \(show(both)) | \(Int(cut?.value ?? 0)), \(show(edge)) | \(show(ecmp)) | \(routed?.destinationPasses ?? 0) | \(String(format: "%.0f", ecmp.wall / bfs.wall))× |"
        )
        _ = connectivity.bridges.count
    }
}

if let index = arguments.firstIndex(of: "--no-shortcut"), index + 1 < arguments.count, let topology = topology(arguments[index + 1]) {
    // The same loads with every destination routed on its own (no symmetry grouping): the shortcut's speedup.
    let graph = CSRGraph(topology)
    let members = graph.accelerators
    var plain: RoutedTraffic?
    var grouped: RoutedTraffic?
    let withShortcut = Bench.time {
        grouped = graph.route(.uniform(groups: [members]), symmetryCandidates: TrafficAnalysis.symmetryCandidates(topology: topology), workLimit: .infinity)
    }
    let noShortcut = Bench.time {
        plain = graph.route(.explicit(members.flatMap { d in members.compactMap { $0 == d ? nil : Demand(source: $0, target: d, amount: 1) } }))
    }
    var worst = 0.0
    if let plain, let grouped {
        for arc in 0..<graph.arcCount { worst = max(worst, abs(plain.arcLoad[arc] - grouped.arcLoad[arc]) / max(1, plain.arcLoad[arc])) }
    }
    print(
        "\n\(arguments[index + 1]): ECMP with symmetry shortcut \(Bench.seconds(withShortcut)) (\(grouped?.destinationPasses ?? 0) passes), every destination separately \(Bench.seconds(noShortcut)) (\(plain?.destinationPasses ?? 0) passes); speedup \(String(format: "%.1f", noShortcut / withShortcut))×; max relative difference \(worst)"
    )
}

if arguments.contains("--memory") || arguments.contains("--memory-only") {
    guard let topology = topology("supercluster-1m") else { exit(1) }
    Bench.resetPeakResident()
    let before = Bench.peakResidentBytes()
    let start = DispatchTime.now().uptimeNanoseconds
    let graph = CSRGraph(topology)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let after = Bench.peakResidentBytes()
    let arrays = graph.arcCount * (4 + 8 + 4 + 4) + (graph.vertexCount + 1) * 4 + graph.vertexCount + graph.accelerators.count * 4
    print("\nsupercluster-1m: \(graph.accelerators.count) accelerators, \(graph.vertexCount) devices, \(graph.arcCount) directed arcs")
    print(
        "CSR build \(Bench.seconds(seconds)); CSR arrays \(Bench.mebibytes(arrays)) = \(String(format: "%.1f", Double(arrays) / Double(graph.arcCount))) bytes per directed arc; peak RSS growth during build \(Bench.mebibytes(after - before)) = \(String(format: "%.1f", Double(after - before) / Double(graph.arcCount))) bytes per directed arc"
    )
    var connectivity: ConnectivityAnalysis?
    let connect = Bench.time { connectivity = graph.connectivity() }
    print(
        "connectivity at 1M: \(Bench.seconds(connect)), \(connectivity?.bridges.count ?? 0) bridges, \(connectivity?.articulationPoints.count ?? 0) articulation points"
    )
}
