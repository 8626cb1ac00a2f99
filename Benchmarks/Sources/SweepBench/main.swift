import BenchSupport
import FabricDesigns
import FabricGraph
import FabricModel
import Foundation

// Failure-sweep benchmark on the shipped designs: connectivity and capacity sweeps over every link and every switch,
// and the traffic-impact sweep over every link, against a baseline measured in the same run (one BFS, and for the
// traffic sweep one uniform all-to-all ECMP routing of the healthy design).
// Usage: SweepBench [design ...] [--no-traffic] [--traffic-only]

let arguments = Array(CommandLine.arguments.dropFirst())
let names = Array(arguments.prefix { !$0.hasPrefix("--") })
let designs = names.isEmpty ? ["hpn-pod-15k", "atlas960-like-15k", "dragonfly-a16-p8-h8", "fattree-k48"] : names
let runTraffic = !arguments.contains("--no-traffic")
let trafficOnly = arguments.contains("--traffic-only")

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
}

print("threads: \(ProcessInfo.processInfo.activeProcessorCount); load average at start: \(loadAverage()); median wall times")
print("| design | accelerators | links | switches | BFS (baseline) | sweeper setup | links: connectivity | links: capacity | switches: connectivity | switches: capacity | links sweep ÷ BFS |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
var trafficRows: [String] = []
for name in designs {
    let topology: Topology
    do {
        topology = try DesignCatalog.topology(of: try DesignCatalog.design(named: name))
    } catch {
        print("\(name): cannot generate: \(error)")
        continue
    }
    let graph = CSRGraph(topology)
    let bfs = Bench.median(repetitions: 5) { _ = graph.hopDistances(from: graph.accelerators[0]) }
    var sweeper: FailureSweeper?
    let setup = Bench.median(repetitions: 3) { sweeper = FailureSweeper(topology: topology, graph: graph) }
    guard let sweeper else { continue }
    let switches = sweepElements(topology, class: .switches).count
    if !trafficOnly {
        var times: [Double] = []
        for elements in [SweepElementClass.links, .switches] {
            for metric in [SweepMetric.connectivity, .capacity] {
                var critical = 0
                times.append(Bench.median(repetitions: 3) {
                    critical = sweeper.run(SweepOptions(elements: elements, metric: metric, top: 20), designName: name).summary.critical
                })
                _ = critical
            }
        }
        print("| \(name) | \(graph.accelerators.count) | \(topology.links.count) | \(switches) | \(Bench.seconds(bfs)) | "
            + "\(Bench.seconds(setup)) | \(Bench.seconds(times[0])) | \(Bench.seconds(times[1])) | \(Bench.seconds(times[2])) | "
            + "\(Bench.seconds(times[3])) | \(String(format: "%.0f×", times[0] / bfs)) |")
    }
    if runTraffic {
        var traffic: TrafficSweeper?
        let routing = Bench.time { traffic = TrafficSweeper.uniformAllToAll(graph: graph, topology: topology) }
        var classes = 0
        let symmetryTime = Bench.time { classes = FailureSymmetry(graph: graph, topology: topology).linkClassCount }
        var report: SweepReport?
        let sweep = Bench.time {
            report = sweeper.run(SweepOptions(elements: .links, metric: .traffic, top: 5), designName: name, traffic: traffic)
        }
        let worst = report?.results.first?.traffic?.maxUtilizationAfter ?? 0
        trafficRows.append("| \(name) | \(topology.links.count) | \(classes) | \(Bench.seconds(routing)) | \(Bench.seconds(symmetryTime)) | "
            + "\(Bench.seconds(sweep)) | \(String(format: "%.1f×", sweep / routing)) | "
            + "\(String(format: "%.3f", traffic?.maxUtilizationBefore ?? 0)) → \(String(format: "%.3f", worst)) |")
    }
}
if runTraffic {
    print("")
    print("| design | links | link classes (verified symmetry) | one all-to-all routing (baseline) | symmetry classes | traffic sweep, every link | sweep ÷ routing | max utilization healthy → worst link failure |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for row in trafficRows { print(row) }
}

if arguments.contains("--profile") {
    for name in designs {
        guard let topology = try? DesignCatalog.topology(of: try DesignCatalog.design(named: name)) else { continue }
        let sweeper = FailureSweeper(topology: topology)
        for elementClass in [SweepElementClass.links, .switches] {
            var elements: [SweepElement] = []
            let enumerate = Bench.time { elements = sweepElements(topology, class: elementClass) }
            var outcomes: [SweepOutcome] = []
            let singles = Bench.time { outcomes = sweeper.sweepSingles(elements) }
            let make = Bench.time {
                _ = SweepReport.make(topology: topology, designName: name, options: SweepOptions(top: 20),
                                     baseline: SweepBaseline(devices: 0, links: 0, accelerators: 0, acceleratorComponents: 0, elementsInClass: 0, maxUtilization: nil),
                                     scenariosEvaluated: outcomes.count, outcomes: outcomes)
            }
            print("profile \(name) \(elementClass): enumerate \(Bench.seconds(enumerate)), singles \(Bench.seconds(singles)), report \(Bench.seconds(make))")
        }
    }
}
