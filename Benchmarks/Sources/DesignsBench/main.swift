import BenchSupport
import FabricDesigns
import FabricGraphML
import FabricModel
import Foundation

// Generates and writes a named design (default supercluster-1m) as GraphML, timing it and reading the peak RSS;
// baselines measured in the same run: streaming the design into a counting sink (generation alone) and a bare
// buffered write of the same number of bytes (the I/O floor).
//
//   swift run -c release DesignsBench [design] [output-directory]

let arguments = CommandLine.arguments.dropFirst()
let name = arguments.first ?? "supercluster-1m"
let directory = arguments.dropFirst().first ?? FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-designs-bench").path
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
let path = "\(directory)/\(name).graphml"

let design = try DesignCatalog.design(named: name)
print("design \(name): \(design.properties.accelerators) accelerators, \(design.deviceCount) devices, \(design.linkCount) links")

Bench.resetPeakResident()
let baseRSS = Bench.peakResidentBytes()
let writeTime = try Bench.time {
    var writer = try GraphMLWriter(path: path)
    try design.generate(into: &writer)
}
let writePeak = Bench.peakResidentBytes()
let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
print(
    "generate+write: \(Bench.seconds(writeTime)), peak RSS \(Bench.mebibytes(writePeak)) (process before: \(Bench.mebibytes(baseRSS))), "
        + "file \(String(format: "%.1f", Double(bytes) / 1e6)) MB, \(String(format: "%.0f", Double(bytes) / writeTime / 1e6)) MB/s")

/// Receives the stream and discards it: the cost of generation alone.
struct NullSink: TopologySink {
    typealias Failure = Never
    var links = 0
    mutating func begin(properties: [String: AttributeValue]) {}
    mutating func declareSRLG(_ name: String) {}
    mutating func device(_ device: Device) {}
    mutating func link(_ link: StreamedLink) { links += 1 }
    mutating func finish() {}
}

var null = NullSink()
let nullTime = Bench.time { design.generate(into: &null) }
print("generate only (null sink): \(Bench.seconds(nullTime))")
let devNullTime = try Bench.time {
    var writer = try GraphMLWriter(path: "/dev/null")
    try design.generate(into: &writer)
}
print("generate+format to /dev/null: \(Bench.seconds(devNullTime))")

var counter = CountingSink()
let countTime = Bench.time { design.generate(into: &counter) }
precondition(counter.linkCount == design.linkCount && counter.deviceCount == design.deviceCount, "streamed counts disagree")
print("generate only (counting sink): \(Bench.seconds(countTime)); \(counter.deviceCount) devices, \(counter.linkCount) links streamed")

// Baseline: the same number of bytes through a 1 MiB buffer to a file, with no formatting.
let baselinePath = "\(directory)/baseline.bin"
let baselineTime = Bench.time {
    guard let file = fopen(baselinePath, "wb") else { return }
    let chunk = [UInt8](repeating: 0x61, count: 1 << 20)
    var remaining = bytes
    chunk.withUnsafeBufferPointer { buffer in
        while remaining > 0 {
            let count = min(remaining, buffer.count)
            fwrite(buffer.baseAddress, 1, count, file)
            remaining -= count
        }
    }
    fclose(file)
}
print("baseline bare buffered write of \(bytes) bytes: \(Bench.seconds(baselineTime))")
print(String(format: "ratio generate+write / bare write: %.2f", writeTime / baselineTime))
try? FileManager.default.removeItem(atPath: baselinePath)
if ProcessInfo.processInfo.environment["KEEP_OUTPUT"] == nil { try? FileManager.default.removeItem(atPath: path) }
