import FabricGraph
import FabricModel
import Foundation

/// What `fabcheck collective` prints: α–β estimates per algorithm, before and (with failures) after. Encoded as JSON
/// with sorted keys.
public struct CollectiveReport: Codable, Equatable, Sendable {
    /// Version of this JSON layout.
    public static let currentSchemaVersion = 1

    /// One algorithm's estimate.
    public struct Entry: Codable, Equatable, Sendable {
        public var algorithm: String
        public var seconds: Double
        public var algBandwidthBps: Double
        public var busBandwidthBps: Double
        public var steps: Int
        public var latencySeconds: Double
        public var bottleneckBps: Double
    }

    /// An algorithm not estimated, and why.
    public struct Skip: Codable, Equatable, Sendable {
        public var algorithm: String
        public var reason: String
    }

    /// Estimates of one state of the fabric.
    public struct State: Codable, Equatable, Sendable {
        public var estimates: [Entry]
        public var skipped: [Skip]
    }

    public var schemaVersion: Int
    public var file: String
    public var forwarding: String
    public var operation: String
    public var sizeBytes: Double
    public var ranks: Int
    public var alphaSeconds: Double
    public var routing: String
    /// nccl-tests' bus-bandwidth factor of the operation for these ranks.
    public var busFactor: Double
    public var healthy: State
    /// The failure selectors applied for `failed`.
    public var failures: [String]
    public var failed: State?

    /// Builds the report from the estimates of the healthy design and, with failures, of the failed one.
    public init(
        file: String, graph: CSRGraph, operation: CollectiveOperation, sizeBytes: Double, ranks: Int, options: CollectiveOptions,
        healthy: (estimates: [CollectiveEstimate], skipped: [CollectiveSkip]), failures: [String],
        failed: (estimates: [CollectiveEstimate], skipped: [CollectiveSkip])?
    ) {
        schemaVersion = Self.currentSchemaVersion
        self.file = file
        forwarding = graph.forwarding.line
        self.operation = operation.rawValue
        self.sizeBytes = sizeBytes
        self.ranks = ranks
        alphaSeconds = options.alphaSeconds
        routing = options.scheme.rawValue
        busFactor = ThroughputReport.round(operation.busFactor(ranks: ranks))
        self.healthy = Self.state(healthy)
        self.failures = failures
        self.failed = failed.map(Self.state)
    }

    private static func state(_ value: (estimates: [CollectiveEstimate], skipped: [CollectiveSkip])) -> State {
        State(
            estimates: value.estimates.map { estimate in
                Entry(
                    algorithm: estimate.algorithm.rawValue, seconds: ThroughputReport.round(estimate.seconds),
                    algBandwidthBps: ThroughputReport.round(estimate.algBandwidthBps), busBandwidthBps: ThroughputReport.round(estimate.busBandwidthBps),
                    steps: estimate.steps, latencySeconds: ThroughputReport.round(estimate.latencySeconds),
                    bottleneckBps: ThroughputReport.round(estimate.bottleneckBps))
            }, skipped: value.skipped.map { Skip(algorithm: $0.algorithm.rawValue, reason: $0.reason) })
    }

    /// JSON with sorted keys.
    public func json() throws -> String { try ReportJSON.encode(self) }

    /// The human-readable report: one line per algorithm, healthy then failed.
    public func text() -> String {
        var lines = ["fabcheck collective \(file)", "  \(forwarding)"]
        lines.append(
            "  \(operation) of \(Self.bytes(sizeBytes)) over \(ranks) ranks, routing \(routing), α \(Self.time(alphaSeconds)) per step"
                + " + path latency; bus bandwidth = algorithm bandwidth × \(String(format: "%.4g", busFactor)) (nccl-tests)")
        lines += Self.lines(healthy, title: "healthy")
        if let failed {
            lines += Self.lines(failed, title: "with \(failures.joined(separator: ", ")) failed")
            for entry in failed.estimates {
                if let before = healthy.estimates.first(where: { $0.algorithm == entry.algorithm }), before.seconds > 0 {
                    lines.append("    \(entry.algorithm): \(String(format: "%+.1f%%", (entry.seconds / before.seconds - 1) * 100)) time")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func lines(_ state: State, title: String) -> [String] {
        var lines = ["  \(title):"]
        for entry in state.estimates {
            lines.append(
                "    \(entry.algorithm.padding(toLength: 17, withPad: " ", startingAt: 0)) \(time(entry.seconds))"
                    + "  algbw \(Bandwidth.format(bitsPerSecond: entry.algBandwidthBps, significantDigits: 4))"
                    + "  busbw \(Bandwidth.format(bitsPerSecond: entry.busBandwidthBps, significantDigits: 4))"
                    + "  (\(entry.steps) steps, latency \(time(entry.latencySeconds)), slowest flow \(Bandwidth.format(bitsPerSecond: entry.bottleneckBps, significantDigits: 4)))"
            )
        }
        for skip in state.skipped { lines.append("    \(skip.algorithm): not estimated: \(skip.reason)") }
        return lines
    }

    static func time(_ seconds: Double) -> String {
        if seconds == 0 { return "0 s" }
        if seconds >= 1 { return String(format: "%.4g s", seconds) }
        if seconds >= 1e-3 { return String(format: "%.4g ms", seconds * 1e3) }
        return String(format: "%.4g µs", seconds * 1e6)
    }

    static func bytes(_ value: Double) -> String {
        let units: [(Double, String)] = [(0x1p40, "TiB"), (0x1p30, "GiB"), (0x1p20, "MiB"), (0x1p10, "KiB")]
        for (scale, name) in units where value >= scale { return String(format: "%.4g", value / scale) + " " + name }
        return String(format: "%.0f B", value)
    }
}
