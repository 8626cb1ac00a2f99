// EndToEndBench: fabcheck's steps timed on GraphML files (for peers.sh) and the 1M-accelerator end-to-end run.
//
//   swift run -c release EndToEndBench steps [--repetitions R] [--budget SECONDS] FILE.graphml ...
//       TSV `design  fabcheck  step  seconds  note` (median of R) for import, bridges (CSR build + bridges and
//       articulation points), ecmp (uniform all-to-all ECMP loads, as `fabcheck analyze` routes them),
//       bisection (the bracket, fast effort), maxflow (first to last accelerator, links as undirected cables) and
//       sweep (that max flow once per failed link, extrapolated from a prefix of the links past the budget): the
//       fabcheck rows of Benchmarks/peers.sh.
//
//   swift run -c release EndToEndBench import [--repetitions R] FILE.graphml ...
//       A bare xmlTextReader walk against fabcheck's import, interleaved: wall and CPU medians, ratio, peak RSS.
//
//   swift run -c release EndToEndBench import-only FILE.graphml ...
//       fabcheck's import alone, once (to run under a profiler): wall, CPU, peak RSS.
//
//   swift run -c release EndToEndBench e2e --fabcheck PATH [--design NAME] [--dir DIR] [--keep] [--steps LIST]
//       Generates NAME (default supercluster-1m) with `fabcheck generate` into DIR (default /tmp), then measures:
//       a bare libxml2 xmlTextReader walk of the file and fabcheck's import in this process (the import's peak RSS
//       with the counter reset before it), and `fabcheck check`, `fabcheck sweep --elements links|switches` and
//       `fabcheck bisection` as child processes (wall time and the child's peak RSS from wait4). Prints one table
//       with the targets of issue 9 (wall, CPU, peak RSS, load average per step). The generated file is deleted at
//       the end unless --keep. --steps picks a subset of generate,walk,import,check,sweep-links,sweep-links-full,
//       sweep-switches,bisection (without generate, DIR/NAME.graphml must exist); sweep-links-full streams every
//       record of the link sweep to /dev/null.
import BenchSupport
import FabricGraph
import FabricGraphML
import FabricModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("EndToEndBench: \(message)\n".utf8))
    exit(64)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// One TSV row on stdout.
func emit(_ design: String, _ step: String, _ seconds: Double, _ note: String = "") {
    print("\(design)\tfabcheck\t\(step)\t\(String(format: "%.6f", seconds))\t\(note)")
    fflush(nil)
}

// MARK: steps

func runSteps(files: [String], repetitions: Int, budget: Double) throws {
    for file in files {
        let design = URL(fileURLWithPath: file).lastPathComponent.replacingOccurrences(of: ".graphml", with: "")
        var result: ImportResult?
        var times: [Double] = []
        for _ in 0..<repetitions {
            result = nil
            times.append(try Bench.time { result = try GraphMLReader.read(file: file) })
        }
        guard let topology = result?.topology, result?.hasErrors == false else { fail("\(file) does not import cleanly") }
        emit(design, "import", median(times))

        var graph: CSRGraph?
        var bridges = 0
        times = Bench.repeatTimes(repetitions) {
            let built = CSRGraph(topology)
            let analysis = built.connectivity()
            bridges = analysis.bridges.count + analysis.articulationPoints.count
            graph = built
        }
        guard let graph else { fail("no graph") }
        emit(design, "bridges", median(times), "\(bridges) bridges+articulation points; CSR build included")

        var rho = 0.0
        times = try Bench.repeatTimes(repetitions) {
            rho = try TrafficAnalysis.analyze(topology: topology, graph: graph).maxUtilization
        }
        emit(design, "ecmp", median(times), String(format: "max utilization %.4g", rho))

        var bracket: BisectionBracket?
        times = Bench.repeatTimes(max(1, repetitions / 2)) {
            bracket = BisectionBracket.compute(graph: graph, topology: topology)
        }
        let note = bracket.map { String(format: "lower %.6g upper %.6g bit/s", $0.lower, $0.upper) } ?? ""
        emit(design, "bisection", median(times), note)
        runFlowSteps(design: design, graph: graph, repetitions: repetitions, budget: budget)
    }
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// The maxflow and sweep rows: max flow between the first and the last accelerator (the pair the peers use), then
/// the same flow with each link failed in turn (NetGraph's failure sweep), extrapolated past `budget` seconds.
func runFlowSteps(design: String, graph: CSRGraph, repetitions: Int, budget: Double) {
    guard let source = graph.accelerators.first, let target = graph.accelerators.last, source != target else { return }
    var value = 0.0
    let times = Bench.repeatTimes(repetitions) { value = graph.maxFlow(from: source, to: target).value }
    emit(design, "maxflow", median(times), String(format: "%.6g bit/s", value))
    var mask = FailureMask(for: graph)
    var lowest = Double.infinity
    var swept = 0
    let start = monotonicSeconds()
    while swept < graph.linkCount, swept == 0 || monotonicSeconds() - start < budget {
        mask.links.insert(Int(swept))
        lowest = min(lowest, graph.maxFlow(from: source, to: target, under: mask).value)
        mask.links.remove(Int(swept))
        swept += 1
    }
    let elapsed = monotonicSeconds() - start
    let note = String(format: "min %.6g bit/s", lowest)
    if swept < graph.linkCount {
        emit(design, "sweep", elapsed * Double(graph.linkCount) / Double(swept), "extrap \(swept)/\(graph.linkCount) links; " + note)
    } else {
        emit(design, "sweep", elapsed, "\(swept) links; " + note)
    }
}

extension Bench {
    /// Wall times of `count` runs of `body`.
    static func repeatTimes(_ count: Int, _ body: () throws -> Void) rethrows -> [Double] {
        try (0..<max(count, 1)).map { _ in try Bench.time(body) }
    }
}

// MARK: import

/// CPU seconds (user + system) of this process so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Bare xmlTextReader walk against fabcheck's import of the same file, interleaved, with wall and CPU medians (CPU
/// time is the fairer ratio on a loaded machine: both are single-threaded) and the import's peak RSS.
func runImport(file: String, repetitions: Int) throws {
    var walkWall: [Double] = []
    var walkCPU: [Double] = []
    var importWall: [Double] = []
    var importCPU: [Double] = []
    var peak = 0
    var counts = ""
    for _ in 0..<repetitions {
        var cpu = cpuSeconds()
        walkWall.append(Bench.time { precondition(ParserBaseline.readerWalk(file: file) > 0, "reader walk failed") })
        walkCPU.append(cpuSeconds() - cpu)
        Bench.resetPeakResident()
        cpu = cpuSeconds()
        importWall.append(
            try Bench.time {
                let result = try GraphMLReader.read(file: file)
                counts = "\(result.topology.devices.count) devices, \(result.topology.links.count) links"
            })
        importCPU.append(cpuSeconds() - cpu)
        peak = max(peak, Bench.peakResidentBytes())
    }
    print("file \(file): \(counts); MemoryLayout stride: Link \(MemoryLayout<Link>.stride) B, Device \(MemoryLayout<Device>.stride) B")
    print(String(format: "reader walk  wall %.2f s  cpu %.2f s", median(walkWall), median(walkCPU)))
    print(
        String(
            format: "import       wall %.2f s  cpu %.2f s  = %.2f× walk (wall), %.2f× walk (cpu); peak RSS %@",
            median(importWall), median(importCPU), median(importWall) / median(walkWall), median(importCPU) / median(walkCPU), gib(peak)))
}

// MARK: e2e

/// Wall time and peak RSS of a child process, via posix_spawn and wait4.
struct ChildRun {
    var seconds: Double
    /// User + system CPU seconds of the child.
    var cpu: Double
    var peakBytes: Int
    var status: Int32
}

func runChild(_ arguments: [String], stdoutPath: String) -> ChildRun {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { fail("cannot run \(arguments[0])") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    return ChildRun(seconds: seconds, cpu: cpu, peakBytes: Int(usage.ru_maxrss) * 1024, status: exitCode)
}

/// The 1-minute load average, as `uptime` prints it.
func loadAverage() -> String {
    var loads = [Double](repeating: 0, count: 3)
    return getloadavg(&loads, 3) > 0 ? String(format: "%.1f", loads[0]) : "?"
}

func gib(_ bytes: Int) -> String { String(format: "%.2f GiB", Double(bytes) / Double(1 << 30)) }

/// The steps of `e2e`, in order; `--steps` picks a subset (the file must exist when `generate` is left out).
let allSteps = ["generate", "walk", "import", "check", "sweep-links", "sweep-links-full", "sweep-switches", "bisection"]

func runEndToEnd(fabcheck: String, design: String, directory: String, keep: Bool, steps: Set<String>) throws {
    let file = "\(directory)/\(design).graphml"
    var rows: [(step: String, seconds: Double, cpu: Double, peak: Int, note: String)] = []
    func row(_ step: String, _ run: ChildRun, _ note: String = "") {
        rows.append((step, run.seconds, run.cpu, run.peakBytes, note + (run.status == 0 ? "" : " (exit \(run.status))") + "; load \(loadAverage())"))
        print(
            "\(step): \(Bench.seconds(run.seconds)) wall, \(Bench.seconds(run.cpu)) CPU, peak \(gib(run.peakBytes))\(run.status == 0 ? "" : ", exit \(run.status)"); load \(loadAverage())"
        )
        fflush(nil)
    }
    if steps.contains("generate") {
        let generated = runChild([fabcheck, "generate", design, "-o", file], stdoutPath: "/dev/null")
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        row("generate", generated, String(format: "%.0f MB", Double(bytes) / 1e6))
        guard generated.status == 0 else { fail("generate failed") }
    } else if !FileManager.default.fileExists(atPath: file) {
        fail("\(file) does not exist; add generate to --steps")
    }
    if steps.contains("walk") || steps.contains("import") { try measureImport(file: file, row: { rows.append($0) }) }
    let out = "\(directory)/\(design).e2e"
    if steps.contains("check") {
        row(
            "check (default rules)", runChild([fabcheck, "check", file, "--format", "json", "--fail-on", "never"], stdoutPath: out + ".check.json"),
            "target < 180 s, < 8 GiB")
    }
    if steps.contains("sweep-links") {
        // Every link is failed and ranked; the JSON keeps the 1,000 highest-impact records (14.7 M records through
        // JSONEncoder cost more than the sweep itself and gigabytes of output).
        row(
            "sweep --elements links",
            runChild(
                [fabcheck, "sweep", file, "--elements", "links", "--format", "json", "--top", "1000"],
                stdoutPath: out + ".sweep-links.json"), "all links failed; JSON of the top 1,000")
    }
    if steps.contains("sweep-links-full") {
        // Every record (14.7 M at 1M), streamed a batch at a time (issue 9: bounded memory); written to /dev/null, as
        // the JSON is about 11 GB.
        row(
            "sweep --elements links (all records)",
            runChild([fabcheck, "sweep", file, "--elements", "links", "--format", "json"], stdoutPath: "/dev/null"),
            "all links failed; every record streamed to /dev/null; target < 3 GiB")
    }
    if steps.contains("sweep-switches") {
        row(
            "sweep --elements switches",
            runChild(
                [fabcheck, "sweep", file, "--elements", "switches", "--format", "json", "--top", "1000"],
                stdoutPath: out + ".sweep-switches.json"), "all switches failed; JSON of the top 1,000")
    }
    if steps.contains("bisection") {
        row("bisection (fast)", runChild([fabcheck, "bisection", file, "--format", "json"], stdoutPath: out + ".bisection.json"))
    }

    print("\n| step | wall time | CPU time | peak RSS | note |\n| --- | ---: | ---: | ---: | --- |")
    for item in rows {
        print("| \(item.step) | \(Bench.seconds(item.seconds)) | \(Bench.seconds(item.cpu)) | \(item.peak > 0 ? gib(item.peak) : "–") | \(item.note) |")
    }
    if !keep { try? FileManager.default.removeItem(atPath: file) }
}

/// The bare reader walk and the in-process import of `file`, as two table rows.
func measureImport(file: String, row: ((step: String, seconds: Double, cpu: Double, peak: Int, note: String)) -> Void) throws {
    var cpu = cpuSeconds()
    let walk = Bench.time { precondition(ParserBaseline.readerWalk(file: file) > 0, "reader walk failed") }
    let walkCPU = cpuSeconds() - cpu
    row(("bare xmlTextReader walk", walk, walkCPU, 0, "baseline; load \(loadAverage())"))
    print("reader walk: \(Bench.seconds(walk)) wall, \(Bench.seconds(walkCPU)) CPU")
    Bench.resetPeakResident()
    var counts = ""
    cpu = cpuSeconds()
    let imported = try Bench.time {
        let result = try GraphMLReader.read(file: file)
        counts = "\(result.topology.devices.count) devices, \(result.topology.links.count) links"
    }
    let importCPU = cpuSeconds() - cpu
    let importPeak = Bench.peakResidentBytes()
    row(
        (
            "import (in process)", imported, importCPU, importPeak,
            String(
                format: "%.2f× walk wall, %.2f× walk CPU (target ≤ 1.3×, < 2 GiB); Link %d B; ", imported / walk, importCPU / walkCPU,
                MemoryLayout<Link>.stride) + counts + "; load \(loadAverage())"
        ))
    print("import: \(Bench.seconds(imported)) wall, \(Bench.seconds(importCPU)) CPU, peak \(gib(importPeak)), \(counts)")
}

// MARK: arguments

var arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else { fail("usage: EndToEndBench steps|e2e ...") }
arguments.removeFirst()
var repetitions = 3
var budget = 60.0
var fabcheck: String?
var design = "supercluster-1m"
var directory = "/tmp"
var keep = false
var steps = Set(allSteps)
var files: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    func value() -> String {
        guard !arguments.isEmpty else { fail("\(argument) needs a value") }
        return arguments.removeFirst()
    }
    switch argument {
    case "--repetitions": repetitions = Int(value()) ?? repetitions
    case "--budget": budget = Double(value()) ?? budget
    case "--fabcheck": fabcheck = value()
    case "--design": design = value()
    case "--dir": directory = value()
    case "--keep": keep = true
    case "--steps":
        steps = Set(value().split(separator: ",").map(String.init))
        if let unknown = steps.first(where: { !allSteps.contains($0) }) { fail("unknown step '\(unknown)'; steps: \(allSteps.joined(separator: ","))") }
    default:
        if argument.hasPrefix("--") { fail("unknown option '\(argument)'") }
        files.append(argument)
    }
}
switch mode {
case "steps": try runSteps(files: files, repetitions: repetitions, budget: budget)
case "import":
    for file in files { try runImport(file: file, repetitions: repetitions) }
case "import-only":
    // fabcheck's import alone, once per file (for profilers): wall, CPU, peak RSS and record sizes.
    for file in files {
        let cpu = cpuSeconds()
        var counts = ""
        let wall = try Bench.time {
            let result = try GraphMLReader.read(file: file)
            counts = "\(result.topology.devices.count) devices, \(result.topology.links.count) links"
        }
        print(
            String(
                format: "import %@: wall %.2f s  cpu %.2f s  peak RSS %@; Link stride %d B; ", file, wall, cpuSeconds() - cpu,
                gib(Bench.peakResidentBytes()), MemoryLayout<Link>.stride) + counts)
    }
case "e2e":
    guard let fabcheck else { fail("e2e needs --fabcheck PATH (a release build of the fabcheck executable)") }
    try runEndToEnd(fabcheck: fabcheck, design: design, directory: directory, keep: keep, steps: steps)
default: fail("unknown mode '\(mode)'; expected steps or e2e")
}
