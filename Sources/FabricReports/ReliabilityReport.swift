import FabricGraph
import FabricModel
import Foundation

/// The figures `fabcheck reliability` prints; encoded as JSON with sorted keys. Carries its run (setup and integer
/// tally) so that `fabcheck merge` can join shards into exactly the report of one run.
public struct ReliabilityReport: Codable, Equatable, Sendable {
    /// Version of this JSON layout.
    static let currentSchemaVersion = 1

    /// The chosen metric's figures, in `unit`.
    public struct MetricFigures: Codable, Equatable, Sendable {
        public var name: String
        public var unit: String
        public var expected: ReliabilityEstimate
        public var p50: ReliabilityEstimate
        public var p99: ReliabilityEstimate
        public var p999: ReliabilityEstimate
        public var distribution: [ReliabilityPoint]
    }

    public var schemaVersion: Int
    /// Always `reliability` (tells a merge which report it holds).
    public var kind: String
    public var file: String
    public var method: ReliabilityMethod
    /// Accelerators counted (healthy largest component), needed (minus spares), and spares.
    public var accelerators: Int
    public var demand: Int
    public var spares: Int
    public var failureUnits: Int
    public var horizonHours: Double
    /// P(no accelerator missing beyond the spares).
    public var availability: ReliabilityEstimate
    public var atLeast: [ReliabilityThreshold]
    public var expectedUnusableAccelerators: ReliabilityEstimate
    public var expectedShortfall: ReliabilityEstimate
    public var hoursShort: ReliabilityEstimate
    public var metric: MetricFigures
    public var stateClasses: [ReliabilityStateClass]
    public var contributions: [ReliabilityContribution]
    /// The mergeable run.
    public var run: ReliabilityRun

    /// Builds the report of a run.
    public init(file: String, run: ReliabilityRun, failureUnits: Int) {
        let summary = run.summary()
        schemaVersion = Self.currentSchemaVersion
        kind = "reliability"
        self.file = file
        method = run.setup.method
        accelerators = run.setup.accelerators
        demand = run.setup.demand
        spares = run.setup.accelerators - run.setup.demand
        self.failureUnits = failureUnits
        horizonHours = run.setup.horizonHours
        availability = summary.availability
        atLeast = summary.atLeast
        expectedUnusableAccelerators = summary.expectedUnusableAccelerators
        expectedShortfall = summary.expectedShortfall
        hoursShort = summary.hoursShort
        let unit =
            switch run.setup.metric {
            case .stranded: "accelerators"
            case .capacity: "% of capacity"
            case .bisection: "% of the healthy bisection lower bound, at most"
            case .traffic: "% of all-to-all ECMP throughput"
            case .placement: "jobs of \(run.setup.jobSize) per \(run.setup.placement.rawValue)"
            }
        metric = MetricFigures(
            name: run.setup.metric.rawValue, unit: unit, expected: summary.expected, p50: summary.p50,
            p99: summary.p99, p999: summary.p999, distribution: summary.distribution)
        stateClasses = summary.stateClasses
        contributions = summary.contributions
        self.run = run
    }

    /// Runs the analysis of a design under a model and builds its report (the one call of `fabcheck reliability`).
    public init(file: String, topology: Topology, model: FailureModel, options: ReliabilityOptions) throws(ReliabilityError) {
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: model, options: options)
        self.init(file: file, run: try analyzer.run(options), failureUnits: analyzer.units.count)
    }

    /// The report as JSON.
    public func json() throws -> String { try ReportJSON.encode(self) }

    /// Reads a report written by `json()`.
    public static func decode(_ data: Data) throws -> ReliabilityReport { try JSONDecoder().decode(ReliabilityReport.self, from: data) }

    /// Whether JSON data is a reliability report (rather than a sweep's).
    public static func isReliabilityReport(_ data: Data) -> Bool {
        struct Kind: Decodable { var kind: String? }
        return (try? JSONDecoder().decode(Kind.self, from: data))?.kind == "reliability"
    }

    /// Joins the reports of every shard into the report of one run (byte for byte).
    public static func merge(_ parts: [ReliabilityReport]) throws(ReliabilityError) -> ReliabilityReport {
        guard let first = parts.first else { throw .mergeMismatch("no shards given") }
        for part in parts where part.file != first.file || part.failureUnits != first.failureUnits {
            throw .mergeMismatch("'\(part.file)' and '\(first.file)' are different designs")
        }
        return ReliabilityReport(file: first.file, run: try ReliabilityRun.merge(parts.map(\.run)), failureUnits: first.failureUnits)
    }
}

extension ReliabilityReport {
    /// The report as text.
    public func text(top: Int = 10) -> String {
        var out = "reliability of \(file): \(accelerators) accelerators"
        out += spares > 0 ? " (\(spares) spares, \(demand) needed)" : ""
        out += ", \(failureUnits) failure units, \(method.rawValue)"
        if method == .exact {
            out += " (the \(run.setup.states) most probable failure sets, up to \(run.setup.k) units down"
            out += ", residual ≤ \(Self.probability(run.setup.residual)))\n"
        } else {
            let shard = run.setup.shardCount > 1 ? ", shard \(run.setup.shardIndex)/\(run.setup.shardCount)" : ""
            out += " (\(run.setup.states) samples conditioned on a failure, seed \(run.setup.seed)\(shard))\n"
        }
        out += "availability (no accelerator missing beyond spares): \(Self.estimate(availability, percent: true))\n"
        for threshold in atLeast.dropFirst() {
            out += "  at least \(Self.percent(threshold.fraction)) usable: \(Self.estimate(threshold.probability, percent: true))\n"
        }
        out += "expected unusable accelerators: \(Self.estimate(expectedUnusableAccelerators, percent: false))"
        out += "; missing beyond spares: \(Self.estimate(expectedShortfall, percent: false))\n"
        out += "hours short over \(Self.number(horizonHours / FailureRate.hoursPerYear)) y: \(Self.estimate(hoursShort, percent: false))\n"
        out += "\(metric.name) (\(metric.unit)): expected \(Self.estimate(metric.expected, percent: false)), "
        out +=
            "p50 \(Self.number(metric.p50.value)), p99 \(Self.number(metric.p99.value)) [\(Self.number(metric.p99.ciLow)), \(Self.number(metric.p99.ciHigh))], "
        out += "p99.9 \(Self.number(metric.p999.value)) [\(Self.number(metric.p999.ciLow)), \(Self.number(metric.p999.ciHigh))]\n"
        out += "state classes:\n"
        for item in stateClasses {
            out += "  \(item.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(Self.estimate(item.probability, percent: true))\n"
        }
        out += "failure classes by share of unavailability:\n"
        for item in contributions.prefix(top) {
            out += "  \(item.failureClass.padding(toLength: 16, withPad: " ", startingAt: 0)) \(Self.estimate(item.unavailability, percent: true))"
            out += "  (\(item.units) units, \(Self.number(item.expectedFailures)) failures expected)\n"
        }
        return out
    }

    static func estimate(_ value: ReliabilityEstimate, percent: Bool) -> String {
        let format: (Double) -> String = percent ? { probability($0) } : { number($0) }
        return "\(format(value.value)) [\(format(value.ciLow)), \(format(value.ciHigh))]"
    }

    static func probability(_ value: Double) -> String {
        if value != 0 && abs(value) < 1e-6 { return String(format: "%.2e%%", value * 100) }
        return String(format: "%.4f%%", value * 100)
    }

    static func percent(_ fraction: Double) -> String { String(format: "%g%%", fraction * 100) }

    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e12 { return String(Int64(value)) }
        if abs(value) < 1e-3 { return String(format: "%.3e", value) }
        return String(format: "%.4g", value)
    }
}
