import BenchSupport
import FabricDesigns
import FabricGraph
import FabricModel
import Foundation

// Failure-sweep benchmark on the shipped designs: connectivity and capacity sweeps over every link and every switch,
// and the traffic-impact sweep over every link, against a baseline measured in the same run (one BFS, and for the
// traffic sweep one uniform all-to-all ECMP routing of the healthy design).
// Usage: SweepBench [design ...] [--no-traffic] [--traffic-only] [--verify N] [--sample N] [--k2] [--profile]
// (--verify N reroutes N evenly spaced link classes from scratch and compares the patched figures; --sample N
// times N evenly spaced link classes only and extrapolates the sweep, for designs too slow to sweep whole.)

let arguments = Array(CommandLine.arguments.dropFirst())
let names = Array(arguments.prefix { !$0.hasPrefix("--") })
let designs = names.isEmpty ? ["hpn-pod-15k", "atlas960-like-15k", "dragonfly-a16-p8-h8", "fattree-k48"] : names
let runTraffic = !arguments.contains("--no-traffic")
let trafficOnly = arguments.contains("--traffic-only")
let sampleCount = arguments.firstIndex(of: "--sample").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? 0
let verifyCount = arguments.firstIndex(of: "--verify").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? 0

/// Process CPU time (all threads) in seconds: on a shared machine it shows the work when wall time is inflated.
func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Median wall time of `repetitions` runs and the CPU time of one more.
func measure(_ repetitions: Int, _ body: () -> Void) -> (wall: Double, cpu: Double) {
    let cpuStart = cpuSeconds()
    body()
    let cpu = cpuSeconds() - cpuStart
    return (Bench.median(repetitions: repetitions, body), cpu)
}

/// Wall and CPU time of a single run.
func once(_ body: () -> Void) -> (wall: Double, cpu: Double) {
    let cpuStart = cpuSeconds()
    let wall = Bench.time(body)
    return (wall, cpuSeconds() - cpuStart)
}

func show(_ value: (wall: Double, cpu: Double)) -> String { "\(Bench.seconds(value.wall)) (\(Bench.seconds(value.cpu)))" }

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
}

print("threads: \(ProcessInfo.processInfo.activeProcessorCount); load average at start: \(loadAverage()); median wall time (CPU time of one run, all threads)")
print(
    "| design | accelerators | links | switches | BFS (baseline) | sweeper setup | links: connectivity | links: capacity | switches: connectivity | switches: capacity | links sweep ÷ BFS |"
)
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
    let bfs = measure(5) { _ = graph.hopDistances(from: graph.accelerators[0]) }
    var sweeper: FailureSweeper?
    let setup = measure(3) { sweeper = FailureSweeper(topology: topology, graph: graph) }
    guard let sweeper else { continue }
    let switches = sweepElements(topology, class: .switches).count
    if !trafficOnly {
        var times: [(wall: Double, cpu: Double)] = []
        for elements in [SweepElementClass.links, .switches] {
            for metric in [SweepMetric.connectivity, .capacity] {
                var critical = 0
                times.append(
                    measure(3) {
                        critical = sweeper.run(SweepOptions(elements: elements, metric: metric, top: 20), designName: name).summary.critical
                    })
                _ = critical
            }
        }
        print(
            "| \(name) | \(graph.accelerators.count) | \(topology.links.count) | \(switches) | \(show(bfs)) | "
                + "\(show(setup)) | \(show(times[0])) | \(show(times[1])) | \(show(times[2])) | "
                + "\(show(times[3])) | \(String(format: "%.0f×", times[0].wall / bfs.wall)) |")
    }
    if runTraffic {
        let routing = once { _ = TrafficSweeper.uniformAllToAll(graph: graph, topology: topology, incremental: false) }
        var traffic: TrafficSweeper?
        let setup = once { traffic = TrafficSweeper.uniformAllToAll(graph: graph, topology: topology) }
        var symmetry: FailureSymmetry?
        let symmetryTime = once { symmetry = FailureSymmetry(graph: graph, topology: topology) }
        guard let traffic, let symmetry else { continue }
        let load = loadAverage()
        let elements = sweepElements(topology, class: .links)
        let representative = symmetry.representatives(of: elements)
        var scenarios = elements.indices.filter { representative[$0] == $0 }.map { elements[$0].scenario }
        let classCount = scenarios.count
        var report: SweepReport?
        var sweep: (wall: Double, cpu: Double)
        var sampleNote = ""
        if sampleCount > 0 && sampleCount < scenarios.count {
            // Too slow to sweep whole here: time evenly spaced classes and extrapolate.
            let step = scenarios.count / sampleCount
            scenarios = stride(from: 0, to: scenarios.count, by: step).prefix(sampleCount).map { scenarios[$0] }
            let part = once { _ = traffic.impacts(of: scenarios) }
            let factor = Double(classCount) / Double(scenarios.count)
            sweep = (part.wall * factor, part.cpu * factor)
            sampleNote = " (extrapolated from \(scenarios.count) classes: \(show(part)))"
        } else {
            sweep = once {
                report = sweeper.run(SweepOptions(elements: .links, metric: .traffic, top: 5), designName: name, traffic: traffic)
            }
        }
        let worst = report?.results.first?.traffic?.maxUtilizationAfter ?? .nan
        // Work figures: the class representatives again, with statistics.
        let (impacts, statistics) = traffic.impactsWithStatistics(of: scenarios)
        // Verification against rerouting from scratch on evenly spaced representatives.
        var verified = 0
        var largestError = 0.0
        if verifyCount > 0 {
            let step = max(1, scenarios.count / verifyCount)
            for index in stride(from: 0, to: scenarios.count, by: step).prefix(verifyCount) {
                let direct = traffic.impact(under: scenarios[index].mask(for: graph), threads: ProcessInfo.processInfo.activeProcessorCount)
                let error = abs(direct.maxUtilizationAfter - impacts[index].maxUtilizationAfter) / max(1, direct.maxUtilizationAfter)
                largestError = max(largestError, error)
                if error > 1e-9 || direct.linksPushedOverCapacity != impacts[index].linksPushedOverCapacity
                    || direct.unroutablePairs != impacts[index].unroutablePairs
                {
                    print("MISMATCH \(name) scenario \(scenarios[index]): patched \(impacts[index]) rerouted \(direct)")
                } else {
                    verified += 1
                }
            }
        }
        trafficRows.append(
            "| \(name) | \(topology.links.count) | \(classCount) | \(show(routing)) | \(show(setup)) | \(show(symmetryTime)) | "
                + "\(show(sweep))\(sampleNote) | \(String(format: "%.1f×", sweep.wall / max(routing.wall, 1e-9))) | "
                + "\(statistics.destinationChanges) / \(statistics.affectedDestinations) | "
                + "\(String(format: "%.3f", traffic.maxUtilizationBefore)) → \(String(format: "%.3f", worst)) | "
                + "\(verifyCount > 0 ? "\(verified)/\(min(verifyCount, scenarios.count)) (max rel. error \(String(format: "%.1e", largestError)))" : "–") | \(load) |"
        )
    }
}
if runTraffic {
    print("")
    print(
        "| design | links | link classes (scenarios evaluated) | one all-to-all routing (baseline) | sweeper setup (routing + DAG data) | finding the classes | traffic sweep, every link | sweep ÷ routing (wall) | destination changes computed / destinations affected | max utilization healthy → worst link failure | checked against rerouting | load avg |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |")
    for row in trafficRows { print(row) }
}

if arguments.contains("--k2") {
    // Pairs of link failures that strand accelerators (--k 2, connectivity): candidates from cycle-space labels.
    // The previous algorithm ran one connectivity pass per harmless link; its cost is estimated from one timed pass.
    print("")
    print(
        "| design | links | harmless links | critical pairs | --k 2 links sweep | one connectivity pass | previous algorithm (estimate: harmless × pass) | load avg |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in designs {
        guard let topology = try? DesignCatalog.topology(of: try DesignCatalog.design(named: name)) else { continue }
        let graph = CSRGraph(topology)
        let sweeper = FailureSweeper(topology: topology, graph: graph)
        let load = loadAverage()
        var report: SweepReport?
        let pairs = once { report = sweeper.run(SweepOptions(elements: .links, k: 2, top: 20), designName: name) }
        let singles = sweeper.sweepSingles(sweepElements(topology, class: .links))
        let harmless = singles.filter { !$0.connectivity.critical }.count
        var mask = FailureMask(for: graph)
        mask.failLink(0)
        let pass = measure(3) { _ = sweeper.baseline.connectivityImpact(under: mask) }
        print(
            "| \(name) | \(topology.links.count) | \(harmless) | \(report?.summary.critical ?? 0) | \(show(pairs)) | \(show(pass)) | "
                + "\(Bench.seconds(pass.wall * Double(harmless))) | \(load) |")
    }
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
                _ = SweepReport.make(
                    topology: topology, designName: name, options: SweepOptions(top: 20),
                    baseline: SweepBaseline(devices: 0, links: 0, accelerators: 0, acceleratorComponents: 0, elementsInClass: 0, maxUtilization: nil),
                    scenariosEvaluated: outcomes.count, outcomes: outcomes)
            }
            print("profile \(name) \(elementClass): enumerate \(Bench.seconds(enumerate)), singles \(Bench.seconds(singles)), report \(Bench.seconds(make))")
        }
    }
}
