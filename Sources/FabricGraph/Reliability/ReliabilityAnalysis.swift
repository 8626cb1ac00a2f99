import Dispatch
import FabricModel
import Foundation

/// Options of a reliability run.
public struct ReliabilityOptions: Hashable, Sendable {
    /// What each state is measured by.
    public var metric: ReliabilityMetric
    /// Where jobs are placed (placement metric).
    public var placement: PlacementLevel
    /// Accelerators per job (placement metric).
    public var jobSize: Int
    /// Monte-Carlo samples; nil: batches of `batch` until the availability's 95% interval is within ±`precision`.
    public var samples: Int?
    /// Seed of the Monte-Carlo samples (SplitMix64, one stream per sample index).
    public var seed: UInt64
    /// The horizon that expected hours and failure events are given for, hours.
    public var horizonHours: Double
    /// This run's part of the states or samples (nil: all).
    public var shard: SweepShard?
    /// Largest number of failure sets enumerated exactly.
    public var exactStateBudget: Int
    /// Probability mass an exact run may leave unenumerated.
    public var exactTolerance: Double
    /// Half-width of the availability's 95% interval an adaptive Monte-Carlo run stops at.
    public var precision: Double
    /// Most samples an adaptive run draws.
    public var maxSamples: Int

    /// Samples per adaptive batch.
    public static let batch = 20_000

    /// Creates options (year horizon, stranded metric, adaptive sampling to ±0.1%).
    public init(
        metric: ReliabilityMetric = .stranded, placement: PlacementLevel = .domain, jobSize: Int = 8,
        samples: Int? = nil, seed: UInt64 = 0, horizonHours: Double = FailureRate.hoursPerYear,
        shard: SweepShard? = nil, exactStateBudget: Int = 200_000, exactTolerance: Double = 1e-7,
        precision: Double = 0.001, maxSamples: Int = 4_000_000
    ) {
        self.metric = metric
        self.placement = placement
        self.jobSize = jobSize
        self.samples = samples
        self.seed = seed
        self.horizonHours = horizonHours
        self.shard = shard
        self.exactStateBudget = exactStateBudget
        self.exactTolerance = exactTolerance
        self.precision = precision
        self.maxSamples = maxSamples
    }
}

/// How a run's figures were obtained.
public enum ReliabilityMethod: String, Sendable, Codable {
    /// Every failure set of up to `k` units enumerated; the rest of the probability mass is bounded.
    case exact
    /// Monte-Carlo: the no-failure state exactly, the rest sampled conditioned on at least one failure.
    case monteCarlo = "monte-carlo"
}

/// Everything a run's figures depend on besides its tally: what a merge checks and what a summary scales by.
public struct ReliabilitySetup: Hashable, Sendable, Codable {
    /// Exact or Monte-Carlo.
    public var method: ReliabilityMethod
    /// The metric, placement level and job size.
    public var metric: ReliabilityMetric
    public var placement: PlacementLevel
    public var jobSize: Int
    /// Failure classes (names), their unit counts and their summed annual rates.
    public var classes: [String]
    public var classUnits: [Int]
    public var classRatePerYear: [Double]
    /// Probability that no unit is down.
    public var noFailure: Double
    /// Exact: largest failure-set size enumerated and the probability mass beyond it (plus rounding); 0 for Monte-Carlo.
    public var k: Int
    public var residual: Double
    /// States (exact) or samples (Monte-Carlo) of the whole run, seed, and this part's shard.
    public var states: Int
    public var seed: UInt64
    public var shardIndex: Int
    public var shardCount: Int
    /// Accelerators counted (the healthy largest component), accelerators needed (minus spares), spares.
    public var accelerators: Int
    public var demand: Int
    /// Jobs that fit in the healthy design (placement) and the horizon in hours.
    public var healthyJobs: Int
    public var horizonHours: Double
    /// Monte-Carlo: E[C | a unit down] of the availability's control variate (`AvailabilityControl`); nil otherwise.
    public var controlMean: Double?
}

/// A run's setup and its integer tally: the mergeable result of `ReliabilityAnalyzer.run`.
public struct ReliabilityRun: Hashable, Sendable, Codable {
    /// What the tally depends on.
    public var setup: ReliabilitySetup
    /// The weighted states.
    public var tally: ReliabilityTally

    /// Joins the runs of every shard (any order) into the run of one unsharded invocation; throws on mismatched or
    /// missing shards.
    public static func merge(_ parts: [ReliabilityRun]) throws(ReliabilityError) -> ReliabilityRun {
        guard let first = parts.first else { throw .mergeMismatch("no shards given") }
        var reference = first.setup
        reference.shardIndex = 0
        reference.shardCount = 1
        var seen = Set<Int>()
        var tally = ReliabilityTally(classes: first.setup.classes.count)
        for part in parts {
            var setup = part.setup
            guard setup.shardCount == first.setup.shardCount else {
                throw .mergeMismatch("shards of different splits (\(setup.shardCount) and \(first.setup.shardCount) parts)")
            }
            guard seen.insert(setup.shardIndex).inserted else { throw .mergeMismatch("shard \(setup.shardIndex)/\(setup.shardCount) given twice") }
            setup.shardIndex = 0
            setup.shardCount = 1
            guard setup == reference else { throw .mergeMismatch("shard \(part.setup.shardIndex) comes from another design or other options") }
            tally.add(part.tally)
        }
        let missing = (0..<first.setup.shardCount).filter { !seen.contains($0) }
        guard missing.isEmpty else {
            throw .mergeMismatch("missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(first.setup.shardCount)" }.joined(separator: ", "))")
        }
        return ReliabilityRun(setup: reference, tally: tally)
    }
}

/// Steady-state reliability of a design under a failure model: exact enumeration of the most probable failure sets
/// where the residual mass allows it, Monte-Carlo beyond.
public struct ReliabilityAnalyzer: Sendable {
    let context: ReliabilityContext
    let topology: Topology

    /// Prepares a design: the healthy baseline, the failure units and the blocks; throws on bad element data.
    /// - Complexity: O(V + E).
    public init(
        topology: Topology, model: FailureModel, options: ReliabilityOptions,
        baseline: BlastRadiusBaseline? = nil
    ) throws(ReliabilityError) {
        guard options.jobSize >= 1 else { throw .invalidOption("--job-size must be at least 1") }
        let units = try FailureUnits(topology: topology, model: model)
        let base = baseline ?? BlastRadiusBaseline(graph: CSRGraph(topology), topology: topology)
        self.topology = topology
        context = ReliabilityContext(
            topology: topology, baseline: base, units: units, model: model,
            metric: options.metric, placement: options.placement, jobSize: options.jobSize)
    }

    /// The failure units of the design.
    public var units: FailureUnits { context.units }

    /// Runs the analysis: exact (the most probable failure sets, best first, until all but `exactTolerance` of the
    /// probability is enumerated) when at most `exactStateBudget` sets leave a residual below `exactTolerance` or
    /// below the adaptive Monte-Carlo interval width 2 × `precision`; else Monte-Carlo.
    /// - Complexity: exact: O(states × evaluation); Monte-Carlo: O(samples × (failed units + evaluation)); an
    ///   evaluation is local searches, O(V + E) at worst (`ReliabilityContext.evaluate`).
    public func run(_ options: ReliabilityOptions) throws(ReliabilityError) -> ReliabilityRun {
        guard options.samples == nil || context.units.count == 0 else { return try runMonteCarlo(options) }
        // Exact also when the residual is narrower than the interval a Monte-Carlo run would stop at (2 × precision).
        let plan = ExactPlan(
            probabilities: context.units.probability, budget: options.exactStateBudget, tolerance: options.exactTolerance,
            acceptable: max(options.exactTolerance, 2 * options.precision))
        if let plan { return runExact(plan, options) }
        return try runMonteCarlo(options)
    }

    func setup(_ options: ReliabilityOptions, method: ReliabilityMethod, k: Int, residual: Double, states: Int) -> ReliabilitySetup {
        let units = context.units
        var count = [Int](repeating: 0, count: units.classes.count)
        var rate = [Double](repeating: 0, count: units.classes.count)
        for unit in 0..<units.count {
            count[Int(units.classOf[unit])] += 1
            rate[Int(units.classOf[unit])] += units.ratePerYear[unit]
        }
        return ReliabilitySetup(
            method: method, metric: options.metric, placement: options.placement, jobSize: context.jobSize,
            classes: units.classes.map(\.description), classUnits: count, classRatePerYear: rate,
            noFailure: noFailureProbability, k: k, residual: residual, states: states, seed: options.seed,
            shardIndex: options.shard?.index ?? 0, shardCount: options.shard?.count ?? 1,
            accelerators: context.scopeAccelerators, demand: context.demand, healthyJobs: context.healthyJobs,
            horizonHours: options.horizonHours)
    }

    /// Π (1 − q) over the units.
    var noFailureProbability: Double {
        var log = 0.0
        for q in context.units.probability { log += Foundation.log1p(-q) }
        return Foundation.exp(log)
    }

    /// The distinct classes of a set of units, ascending.
    func classes(of failed: [Int32]) -> [Int32] {
        var result: [Int32] = []
        for unit in failed {
            let item = context.units.classOf[Int(unit)]
            if !result.contains(item) { result.append(item) }
        }
        return result.sorted()
    }

    /// Evaluates `count` work items on both cores, each worker with its own scratch and tally, joined in chunk order.
    func parallelTally(_ count: Int, _ body: @Sendable (Int, inout StateScratch, inout ReliabilityTally) -> Void) -> ReliabilityTally {
        let chunkSize = max(64, count / 256)
        let chunks = (count + chunkSize - 1) / chunkSize
        let slots = ParallelSlots<ReliabilityTally>(count: chunks)
        let context = self.context
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var scratch = StateScratch(context: context)
            var tally = ReliabilityTally(classes: context.units.classes.count)
            for index in (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize) { body(index, &scratch, &tally) }
            slots.set(chunk, tally)
        }
        var total = ReliabilityTally(classes: context.units.classes.count)
        for part in slots.setValues { total.add(part) }
        return total
    }
}

extension ReliabilityOptions {
    /// Parses a horizon such as `1y`, `6mo`, `30d`, `720h` or `2w` (a bare number is hours) into hours; nil otherwise.
    public static func horizonHours(parsing text: String) -> Double? {
        let units: [(String, Double)] = [("mo", FailureRate.hoursPerYear / 12), ("y", FailureRate.hoursPerYear), ("w", 168), ("d", 24), ("h", 1)]
        let trimmed = text.trimmingASCIIWhitespace().lowercased()
        for (suffix, hours) in units where trimmed.hasSuffix(suffix) {
            guard let value = Double(trimmed.dropLast(suffix.count)), value > 0, value.isFinite else { return nil }
            return value * hours
        }
        guard let value = Double(trimmed), value > 0, value.isFinite else { return nil }
        return value
    }
}
