import BenchSupport
import FabricGraphML
import FabricModel
import Foundation

// Import benchmark: fabcheck's GraphML import against bare libxml2 walks of the same file in the same run.
//
//   swift run -c release ImportBench [--accelerators N] [--file PATH] [--repetitions R] [--only reader|sax|import]
//
// Generates the file (native schema, see Generator.swift) when PATH does not exist yet, then measures, interleaved,
// R times each: a bare xmlTextReader walk, a bare SAX2 walk, GraphMLReader.read into the full model on one core
// (`chunks: 1`, the serial reader) and with the default options (chunks parsed on every core when the file allows).

var accelerators = 15_360
var path: String?
var repetitions = 5
var only: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--accelerators": accelerators = Int(arguments.popFirst() ?? "") ?? accelerators
    case "--file": path = arguments.popFirst()
    case "--repetitions": repetitions = Int(arguments.popFirst() ?? "") ?? repetitions
    case "--only": only = arguments.popFirst()
    default:
        FileHandle.standardError.write(Data("unknown argument '\(argument)'\n".utf8))
        exit(64)
    }
}
let file = path ?? FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-importbench-\(accelerators).graphml").path
if !FileManager.default.fileExists(atPath: file) {
    let generator = ClosFileGenerator(accelerators: accelerators)
    var counts = (nodes: 0, links: 0)
    let seconds = try Bench.time { counts = try generator.write(to: file) }
    print("generated \(file): \(counts.nodes) nodes, \(counts.links) links in \(Bench.seconds(seconds))")
}
let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
print("file: \(file) (\(String(format: "%.1f", Double(bytes) / 1e6)) MB)")

/// CPU time (user + system) of this process in seconds: on a shared machine it is steadier than wall time.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Runs `body` and returns (wall seconds, CPU seconds).
func measure(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    let cpu = cpuSeconds()
    let wall = try Bench.time(body)
    return (wall, cpuSeconds() - cpu)
}

if let only {
    // For profilers (`perf stat`, `perf record`): one run of one phase, nothing else.
    let run = try measure {
        switch only {
        case "reader": _ = ParserBaseline.readerWalk(file: file)
        case "sax": _ = ParserBaseline.saxWalk(file: file)
        case "serial": _ = try GraphMLReader.read(file: file, options: ReaderOptions(chunks: 1))
        default: _ = try GraphMLReader.read(file: file)
        }
    }
    print("\(only) only: \(Bench.seconds(run.wall)) [\(Bench.seconds(run.cpu))], peak RSS \(Bench.mebibytes(Bench.peakResidentBytes()))")
    exit(0)
}

var readerCPU: [Double] = []
var saxCPU: [Double] = []
var importCPU: [Double] = []
var readerTimes: [Double] = []
var saxTimes: [Double] = []
var importTimes: [Double] = []
var serialCPU: [Double] = []
var serialTimes: [Double] = []
var importPeak = 0
var serialPeak = 0
var chunksUsed = 0
var summary: TopologySummary?
for round in 0..<repetitions {
    var visited = 0
    let readerRun = measure { visited = ParserBaseline.readerWalk(file: file) }
    precondition(visited > 0, "xmlTextReader walk failed")
    let saxRun = measure { visited = ParserBaseline.saxWalk(file: file) }
    precondition(visited > 0, "SAX2 walk failed")
    readerTimes.append(readerRun.wall)
    readerCPU.append(readerRun.cpu)
    saxTimes.append(saxRun.wall)
    saxCPU.append(saxRun.cpu)
    Bench.resetPeakResident()
    var serialResult: ImportResult?
    let serialRun = try measure { serialResult = try GraphMLReader.read(file: file, options: ReaderOptions(chunks: 1)) }
    serialTimes.append(serialRun.wall)
    serialCPU.append(serialRun.cpu)
    serialPeak = max(serialPeak, Bench.peakResidentBytes())
    Bench.resetPeakResident()
    let before = Bench.peakResidentBytes()
    var result: ImportResult?
    let importRun = try measure { result = try GraphMLReader.read(file: file) }
    importTimes.append(importRun.wall)
    importCPU.append(importRun.cpu)
    importPeak = max(importPeak, Bench.peakResidentBytes())
    if round == 0, let result {
        precondition(!result.hasErrors, "import reported errors: \(result.diagnostics.prefix(3))")
        // The chunked import must give the serial reader's model and diagnostics (positions included).
        precondition(serialResult?.topology == result.topology, "chunked and serial models differ")
        precondition(serialResult?.diagnostics == result.diagnostics, "chunked and serial diagnostics differ")
        precondition(
            serialResult?.topology.devices.map(\.position) == result.topology.devices.map(\.position)
                && serialResult?.topology.links.map(\.position) == result.topology.links.map(\.position), "positions differ")
        chunksUsed = result.parallelChunks
        summary = TopologySummary(result.topology)
        print(
            "imported: \(result.topology.devices.count) devices, \(result.topology.links.count) links, \(result.diagnostics.count) diagnostics; baseline RSS before import \(Bench.mebibytes(before))"
        )
    }
    result = nil
    serialResult = nil
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
let reader = median(readerTimes)
let sax = median(saxTimes)
let imported = median(importTimes)
let serial = median(serialTimes)
let serialC = median(serialCPU)
print("median of \(repetitions) interleaved runs (wall time; CPU time in brackets):")
let readerC = median(readerCPU)
let saxC = median(saxCPU)
let importedC = median(importCPU)
func ratio(_ value: Double) -> String { String(format: "%.2f×", value) }
print("  xmlTextReader walk  \(Bench.seconds(reader)) [\(Bench.seconds(readerC))]")
print("  SAX2 walk           \(Bench.seconds(sax)) [\(Bench.seconds(saxC))]")
print("  import, serial      \(Bench.seconds(serial)) [\(Bench.seconds(serialC))], peak RSS \(Bench.mebibytes(serialPeak))")
print("  fabcheck import     \(Bench.seconds(imported)) [\(Bench.seconds(importedC))] (\(chunksUsed) chunks; 1 = serial)")
print("  serial / reader walk: \(ratio(serial / reader)) wall, \(ratio(serialC / readerC)) CPU")
var loads = [Double](repeating: 0, count: 3)
if getloadavg(&loads, 3) > 0 { print(String(format: "  load average after the run: %.1f %.1f %.1f", loads[0], loads[1], loads[2])) }
print("  import / reader walk: \(ratio(imported / reader)) wall, \(ratio(importedC / readerC)) CPU (target ≤ 0.6× wall)")
print("  import / SAX2 walk:   \(ratio(imported / sax)) wall, \(ratio(importedC / saxC)) CPU (target ≤ 2.5×)")
print("  peak RSS during import \(Bench.mebibytes(importPeak)) (target < 1024 MiB for the 1M file)")
if let summary {
    print("  accelerators \(summary.accelerators), switches \(summary.switches), links \(summary.links), components \(summary.components)")
}
