import FabricGraph
import FabricModel
import Foundation

/// What `fabcheck throughput` prints: the certified maximum concurrent flow θ of a traffic pattern, the routing's θ
/// and its efficiency. Encoded as JSON with sorted keys.
public struct ThroughputReport: Codable, Equatable, Sendable {
    /// Version of this JSON layout.
    public static let currentSchemaVersion = 1

    /// A cable direction that binds the optimum.
    public struct Binding: Codable, Equatable, Sendable {
        public var link: String
        public var from: String
        public var to: String
        public var utilization: Double
        public var location: String
    }

    /// One demand of a searched pattern.
    public struct Pair: Codable, Equatable, Sendable {
        public var source: String
        public var target: String
    }

    public var schemaVersion: Int
    public var file: String
    /// The forwarding model (one line).
    public var forwarding: String
    /// `bit/s` or `cables`.
    public var unit: String
    public var traffic: String
    public var routing: String
    public var method: String
    /// Proven lower bound on θ (fraction of each accelerator's injection rate).
    public var thetaLower: Double
    /// Proven upper bound on θ.
    public var thetaUpper: Double
    /// 1 − θ_low/θ_high.
    public var gap: Double
    /// θ of the routing (named for ECMP, the default; `routing` says which).
    public var thetaEcmp: Double?
    /// θ_routing / θ_high: the routing achieves at least this share of the optimum.
    public var efficiency: Double?
    /// min(1, θ_routing / θ_low): it achieves at most this share.
    public var efficiencyUpper: Double?
    public var lowerCertificate: String
    public var upperCertificate: String
    public var phases: Int
    public var accelerators: Int
    public var strandedAccelerators: Int
    public var injectionBps: Double
    /// θ_low × injection: the aggregate rate proven deliverable.
    public var sustainedLowerBps: Double
    public var demandPairs: Int
    public var bindingLinks: [Binding]
    /// The searched demand (`worst`): one pair per line of the permutation.
    public var demands: [Pair]?
    /// The same pattern with `--fail` applied (demand recomputed on the surviving fabric, as `whatif` does).
    public var failed: Failed?

    /// θ after failures.
    public struct Failed: Codable, Equatable, Sendable {
        public var failures: [String]
        public var thetaLower: Double
        public var thetaUpper: Double
        public var gap: Double
        public var thetaEcmp: Double?
        public var method: String
        public var accelerators: Int
        public var strandedAccelerators: Int
        public var injectionBps: Double
        public var sustainedLowerBps: Double
        public var sustainedUpperBps: Double

        /// The figures of `result`, computed with `failures` applied.
        public init(failures: [String], result: ThroughputResult) {
            self.failures = failures
            thetaLower = AnalyzeReport.round(result.thetaLower)
            thetaUpper = AnalyzeReport.round(result.thetaUpper)
            gap = AnalyzeReport.round(result.gap)
            thetaEcmp = result.thetaRouting.map(AnalyzeReport.round)
            method = result.method
            accelerators = result.accelerators
            strandedAccelerators = result.stranded
            injectionBps = AnalyzeReport.round(result.injectionBps)
            sustainedLowerBps = AnalyzeReport.round(result.thetaLower * result.injectionBps)
            sustainedUpperBps = AnalyzeReport.round(result.thetaUpper * result.injectionBps)
        }
    }

    /// Builds the report of `result` computed on `topology`'s graph.
    public init(file: String, topology: Topology, graph: CSRGraph, result: ThroughputResult) {
        schemaVersion = Self.currentSchemaVersion
        self.file = file
        forwarding = graph.forwarding.line
        unit = graph.hasBandwidth ? "bit/s" : "cables"
        traffic = result.pattern
        routing = result.routing
        method = result.method
        thetaLower = Self.round(result.thetaLower)
        thetaUpper = Self.round(result.thetaUpper)
        gap = Self.round(result.gap)
        thetaEcmp = result.thetaRouting.map(Self.round)
        if let routed = result.thetaRouting {
            efficiency = result.thetaUpper > 0 ? Self.round(min(1, routed / result.thetaUpper)) : nil
            efficiencyUpper = result.thetaLower > 0 ? Self.round(min(1, routed / result.thetaLower)) : nil
        }
        lowerCertificate = result.lowerCertificate
        upperCertificate = result.upperCertificate
        phases = result.phases
        accelerators = result.accelerators
        strandedAccelerators = result.stranded
        injectionBps = Self.round(result.injectionBps)
        sustainedLowerBps = Self.round(result.thetaLower * result.injectionBps)
        demandPairs = result.demandPairs
        bindingLinks = result.binding.map { arc in
            Binding(
                link: Self.linkName(topology, arc.link), from: topology.devices[Int(arc.from)].id, to: topology.devices[Int(arc.to)].id,
                utilization: Self.round(arc.utilization), location: topology.location(ofLink: arc.link).description)
        }
        demands =
            result.demands.isEmpty
            ? nil
            : result.demands.map {
                Pair(source: topology.devices[Int($0.source)].id, target: topology.devices[Int($0.target)].id)
            }
    }

    /// JSON with sorted keys.
    public func json() throws -> String { try ReportJSON.encode(self) }

    /// The human-readable report.
    public func text() -> String {
        let bps = unit == "bit/s"
        var lines = ["fabcheck throughput \(file)", "  \(forwarding)"]
        lines.append(
            "  traffic: \(traffic) among \(accelerators) accelerators (\(demandPairs) ordered pairs), each injecting the sum of its link capacities"
                + (strandedAccelerators > 0 ? "; \(strandedAccelerators) stranded accelerators excluded" : ""))
        let certificates = "lower: \(lowerCertificate), upper: \(upperCertificate)" + (phases > 0 ? ", \(phases) phases" : "")
        lines.append("  θ (optimal routing): \(Self.fixed(thetaLower)) ≤ θ ≤ \(Self.fixed(thetaUpper))  gap \(Self.percent(gap))  [\(method); \(certificates)]")
        if let thetaEcmp {
            var line = "  θ \(routing): \(Self.fixed(thetaEcmp))"
            if let efficiency, let efficiencyUpper {
                line +=
                    Self.percent(efficiency) == Self.percent(efficiencyUpper)
                    ? "  efficiency \(Self.percent(efficiency))"
                    : "  efficiency \(Self.percent(efficiency)) to \(Self.percent(efficiencyUpper))"
            }
            lines.append(line)
        } else {
            lines.append("  θ \(routing): not routable (some demand has no path under this routing)")
        }
        lines.append(
            "  sustained: at least \(Bandwidth.format(capacity: sustainedLowerBps, inBitsPerSecond: bps)) of "
                + "\(Bandwidth.format(capacity: injectionBps, inBitsPerSecond: bps)) injected")
        if !bindingLinks.isEmpty {
            lines.append("  binding links (saturated by the certified flow):")
            for binding in bindingLinks.prefix(10) {
                lines.append("    \(binding.from) -> \(binding.to)  \(Self.percent(binding.utilization))  (\(binding.location))")
            }
        }
        if let failed {
            let bracket = "\(Self.fixed(failed.thetaLower)) ≤ θ ≤ \(Self.fixed(failed.thetaUpper))"
            let routed = failed.thetaEcmp.map { "  θ \(routing): \(Self.fixed($0))" } ?? ""
            lines.append("  with \(failed.failures.joined(separator: ", ")) failed: \(bracket)  gap \(Self.percent(failed.gap))  [\(failed.method)]\(routed)")
            func rate(_ value: Double) -> String { Bandwidth.format(capacity: value, inBitsPerSecond: bps) }
            let stranded = failed.strandedAccelerators > 0 ? " (\(failed.strandedAccelerators) stranded)" : ""
            lines.append(
                "    sustained: \(rate(failed.sustainedLowerBps)) to \(rate(failed.sustainedUpperBps)) of \(rate(failed.injectionBps)) injected"
                    + " by \(failed.accelerators) accelerators\(stranded)")
        }
        if let demands {
            lines.append(
                "  searched demand: \(demands.count) pairs, first: "
                    + demands.prefix(4).map { "\($0.source) -> \($0.target)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func fixed(_ value: Double) -> String { String(format: "%.4f", value) }

    static func percent(_ value: Double) -> String { String(format: "%.2f%%", value * 100) }

    static func round(_ value: Double) -> Double { AnalyzeReport.round(value) }

    static func linkName(_ topology: Topology, _ link: Int32) -> String { AnalyzeReport.linkName(topology, link) }
}
