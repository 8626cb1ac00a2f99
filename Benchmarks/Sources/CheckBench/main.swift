import BenchSupport
import FabricDesigns
import FabricGraph
import FabricGraphML
import FabricModel
import FabricRules
import Foundation

// CheckBench: `fabcheck check` with the default rules, end to end.
//   swift run -c release CheckBench [--rules] [NAME-or-FILE ...]
// A NAME is a reference design generated in memory (import not timed); a FILE (.graphml/.graphml.gz) is imported
// and the import is timed. Baseline of the same run: building the CSR graph plus one connectivity pass.
// --rules also times each rule alone on a fresh context (the analyses it needs included). Every design also lists
// its analyses slower than 50 ms (wall clock, both cores; `fabcheck check --timings` prints the same).

var arguments = Array(CommandLine.arguments.dropFirst())
let perRule = arguments.contains("--rules")
arguments.removeAll { $0 == "--rules" }
let targets = arguments.isEmpty ? DesignCatalog.designs.filter { !$0.generateOnly }.map(\.name) : arguments

/// User plus system CPU seconds of this process so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

print("design | accelerators | links | import | check | check CPU | baseline (CSR+connectivity) | check ÷ baseline | errors | warnings | notes | peak RSS")
print("--- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | ---")
var verdicts: [String] = []
for target in targets {
    var topology: Topology
    var importSeconds: Double?
    if target.hasSuffix(".graphml") || target.hasSuffix(".gz") {
        var loaded: Topology?
        importSeconds = try Bench.time {
            loaded = try GraphMLReader.read(file: target, options: ReaderOptions()).topology
        }
        guard let loaded else { continue }
        topology = loaded
    } else {
        let design = try DesignCatalog.design(named: target)
        topology = try DesignCatalog.topology(of: design, file: target)
    }
    let baseline = Bench.median(repetitions: 3) {
        let graph = CSRGraph(topology)
        _ = graph.connectivity()
    }
    var report: CheckReport?
    let timings = CheckTimings()
    var checker = Checker()
    checker.timings = timings
    let cpuBefore = cpuSeconds()
    let check = Bench.time { report = checker.check([topology]) }
    let cpu = cpuSeconds() - cpuBefore
    guard let report else { continue }
    let accelerators = topology.devices.reduce(0) { $0 + ($1.isAccelerator ? 1 : 0) }
    let importText = importSeconds.map(Bench.seconds) ?? "(generated)"
    print(
        "\(target) | \(accelerators) | \(topology.links.count) | \(importText) | \(Bench.seconds(check)) | \(Bench.seconds(cpu)) | \(Bench.seconds(baseline)) | \(String(format: "%.1f", check / baseline))× | \(report.count(.error)) | \(report.count(.warning)) | \(report.count(.note)) | \(Bench.mebibytes(Bench.peakResidentBytes()))"
    )
    for entry in timings.entries.sorted(by: { $0.seconds > $1.seconds }) where entry.seconds >= 0.05 && entry.name.hasPrefix("analysis") {
        verdicts.append("\(target): \(entry.name): \(Bench.seconds(entry.seconds))")
    }
    var counts: [String: [Severity: Int]] = [:]
    var example: [String: String] = [:]
    for finding in report.findings {
        counts[finding.ruleID, default: [:]][finding.severity, default: 0] += 1
        if example[finding.ruleID] == nil { example[finding.ruleID] = finding.message }
    }
    for (rule, bySeverity) in counts.sorted(by: { $0.key < $1.key }) {
        let text = Severity.allCases.reversed().compactMap { severity in bySeverity[severity].map { "\($0) \(severity)" } }.joined(separator: ", ")
        verdicts.append("\(target): \(rule): \(text) — e.g. \(example[rule] ?? "")")
    }
    if perRule {
        for type in RuleRegistry.all {
            let seconds = Bench.time { _ = Checker(ruleTypes: [type]).findings(in: topology) }
            if seconds > 0.05 { verdicts.append("\(target): time \(type.description.identifier) alone: \(Bench.seconds(seconds))") }
        }
    }
}
print("")
for line in verdicts { print(line) }
