import Foundation

/// A probability or expectation with its 95% interval (exact runs: the bounds the unenumerated mass allows).
public struct ReliabilityEstimate: Hashable, Sendable, Codable {
    /// The point value.
    public var value: Double
    /// Lower end of the interval.
    public var ciLow: Double
    /// Upper end of the interval.
    public var ciHigh: Double
    /// `exact` or `monte-carlo`.
    public var method: ReliabilityMethod
}

/// One failure class's part in the unavailability.
public struct ReliabilityContribution: Hashable, Sendable, Codable {
    /// The class name (`accelerator`, `link-optical`, `group:power_feed`).
    public var failureClass: String
    /// Units of the class.
    public var units: Int
    /// Expected failures of the class's units over the horizon.
    public var expectedFailures: Double
    /// Probability that some accelerator is missing beyond the spares while a unit of the class is down.
    public var unavailability: ReliabilityEstimate
    /// Probability that a unit of the class is down.
    public var down: Double
}

/// The figures of a reliability run: availability, state classes, metric quantiles, ranked failure classes.
public struct ReliabilitySummary: Hashable, Sendable, Codable {
    /// P(no accelerator missing beyond the spares).
    public var availability: ReliabilityEstimate
    /// P(at least `fraction` of the needed accelerators usable), for 100%, 99.9%, 99%, 95%, 90%.
    public var atLeast: [ReliabilityThreshold]
    /// Expected failed or stranded accelerators (spares not counted).
    public var expectedUnusableAccelerators: ReliabilityEstimate
    /// Expected accelerators missing beyond the spares.
    public var expectedShortfall: ReliabilityEstimate
    /// Expected hours over the horizon with an accelerator missing beyond the spares.
    public var hoursShort: ReliabilityEstimate
    /// The metric's expectation and quantiles, in its unit (accelerators, % of capacity, jobs).
    public var expected: ReliabilityEstimate
    public var p50: ReliabilityEstimate
    public var p99: ReliabilityEstimate
    public var p999: ReliabilityEstimate
    /// Probability of each state class: healthy (nothing down), absorbed (units down, nothing missing beyond
    /// spares), degraded (missing ≤ 1% of the needed accelerators), impaired (more).
    public var stateClasses: [ReliabilityStateClass]
    /// Failure classes ranked by their part in the unavailability.
    public var contributions: [ReliabilityContribution]
    /// The metric's distribution: value (in its unit) and probability, ascending (Monte-Carlo: estimated).
    public var distribution: [ReliabilityPoint]
}

/// Availability at a usable fraction.
public struct ReliabilityThreshold: Hashable, Sendable, Codable {
    /// The fraction of the needed accelerators that must be usable.
    public var fraction: Double
    /// The probability that it is.
    public var probability: ReliabilityEstimate
}

/// A state class and its steady-state probability.
public struct ReliabilityStateClass: Hashable, Sendable, Codable {
    /// `healthy`, `absorbed`, `degraded` or `impaired`.
    public var name: String
    /// Its probability.
    public var probability: ReliabilityEstimate
}

/// One point of a distribution.
public struct ReliabilityPoint: Hashable, Sendable, Codable {
    /// The metric value.
    public var value: Double
    /// Its probability.
    public var probability: Double
}

/// Turns a run's integer tally into estimates.
struct TallyReader {
    let setup: ReliabilitySetup
    let tally: ReliabilityTally
    var exact: Bool { setup.method == .exact }
    /// Probability of one unit of weight.
    var unit: Double { exact ? ReliabilityTally.exactUnit : (1 - setup.noFailure) / Double(max(tally.total, 1)) }

    /// P(event): `weight` of the tally in the event, `empty` whether the no-failure state is in it.
    func probability(_ weight: UInt64, empty: Bool) -> ReliabilityEstimate {
        if exact {
            let value = Double(weight) * unit
            return ReliabilityEstimate(value: value, ciLow: value, ciHigh: min(1, value + setup.residual), method: .exact)
        }
        let p0 = empty ? setup.noFailure : 0
        let scale = 1 - setup.noFailure
        let n = Double(tally.total)
        let (low, high) = wilson(Double(weight), n)
        let value = p0 + scale * (n > 0 ? Double(weight) / n : 0)
        return ReliabilityEstimate(value: value, ciLow: p0 + scale * low, ciHigh: p0 + scale * high, method: .monteCarlo)
    }

    /// E[f] over a histogram (the no-failure state has f = 0), `maximum` bounding f for the exact residual.
    func expectation(_ histogram: [Int64: UInt64], scale: Double, maximum: Double) -> ReliabilityEstimate {
        var sum = 0.0
        var squares = 0.0
        for (key, weight) in histogram.sorted(by: { $0.key < $1.key }) {
            let x = Double(key) * scale
            sum += x * Double(weight)
            squares += x * x * Double(weight)
        }
        if exact {
            let value = sum * unit
            return ReliabilityEstimate(value: value, ciLow: value, ciHigh: value + setup.residual * maximum, method: .exact)
        }
        let n = Double(max(tally.total, 1))
        let mean = sum / n
        let variance = max(0, squares / n - mean * mean) * n / max(n - 1, 1)
        let half = 1.959964 * Foundation.sqrt(variance / n)
        let s = 1 - setup.noFailure
        return ReliabilityEstimate(value: s * mean, ciLow: max(0, s * (mean - half)), ciHigh: s * (mean + half), method: .monteCarlo)
    }

    /// The p-quantile of a histogram; Monte-Carlo intervals from the binomial ranks of the order statistics.
    func quantile(_ histogram: [Int64: UInt64], _ p: Double, scale: Double, maximum: Double) -> ReliabilityEstimate {
        let keys = histogram.keys.sorted()
        func value(atWeight target: Double, extraAtZero: Double) -> Double {
            var cumulative = extraAtZero
            if cumulative >= target { return 0 }
            for key in keys {
                cumulative += Double(histogram[key] ?? 0)
                if cumulative >= target { return Double(key) * scale }
            }
            return maximum
        }
        if exact {
            let total = 1 / unit
            let optimistic = value(atWeight: p * total, extraAtZero: setup.residual * total)
            let pessimistic = value(atWeight: p * total, extraAtZero: 0)
            return ReliabilityEstimate(value: pessimistic, ciLow: optimistic, ciHigh: pessimistic, method: .exact)
        }
        let p0 = setup.noFailure
        let conditional = (p - p0) / (1 - p0)
        guard conditional > 0 else { return ReliabilityEstimate(value: 0, ciLow: 0, ciHigh: 0, method: .monteCarlo) }
        let n = Double(tally.total)
        let spread = 1.959964 * Foundation.sqrt(n * conditional * (1 - conditional))
        let rank = (conditional * n).rounded(.up)
        return ReliabilityEstimate(
            value: value(atWeight: rank, extraAtZero: 0),
            ciLow: value(atWeight: max(1, (conditional * n - spread).rounded(.down)), extraAtZero: 0),
            ciHigh: value(atWeight: min(n, (conditional * n + spread).rounded(.up)), extraAtZero: 0),
            method: .monteCarlo)
    }

    /// Weight of a histogram's keys satisfying a condition.
    func weight(_ histogram: [Int64: UInt64], where keep: (Int64) -> Bool) -> UInt64 {
        histogram.reduce(0) { keep($1.key) ? $0 &+ $1.value : $0 }
    }
}

extension ReliabilityRun {
    /// The unit of the metric's quantized values: accelerators, % of capacity (from ppm), jobs.
    public var metricScale: Double { [.capacity, .bisection, .traffic].contains(setup.metric) ? 1e-4 : 1 }

    /// The figures of this run.
    public func summary() -> ReliabilitySummary {
        let reader = TallyReader(setup: setup, tally: tally)
        let demand = setup.demand
        let available = reader.weight(tally.shortfall) { $0 == 0 }
        let availability = controlledAvailability() ?? reader.probability(available, empty: true)
        let atLeast = [1.0, 0.999, 0.99, 0.95, 0.9].map { fraction in
            let allowed = Int64((Double(demand) * (1 - fraction)).rounded(.down))
            let probability = fraction == 1 ? availability : reader.probability(reader.weight(tally.shortfall) { $0 <= allowed }, empty: true)
            return ReliabilityThreshold(fraction: fraction, probability: probability)
        }
        let onePercent = Int64((Double(demand) * 0.01).rounded(.down))
        var absorbed = reader.probability(available, empty: false)
        if reader.exact {
            absorbed.value = max(0, absorbed.value - setup.noFailure)
            absorbed.ciLow = max(0, absorbed.ciLow - setup.noFailure)
            absorbed.ciHigh = max(0, absorbed.ciHigh - setup.noFailure)
        }
        let stateClasses = [
            ReliabilityStateClass(
                name: "healthy",
                probability: ReliabilityEstimate(
                    value: setup.noFailure, ciLow: setup.noFailure,
                    ciHigh: setup.noFailure, method: setup.method)),
            ReliabilityStateClass(name: "absorbed", probability: absorbed),
            ReliabilityStateClass(
                name: "degraded", probability: reader.probability(reader.weight(tally.shortfall) { $0 > 0 && $0 <= onePercent }, empty: false)),
            ReliabilityStateClass(name: "impaired", probability: reader.probability(reader.weight(tally.shortfall) { $0 > onePercent }, empty: false)),
        ]
        let maximum: Double =
            switch setup.metric {
            case .stranded: Double(setup.accelerators)
            case .capacity, .bisection, .traffic: 100
            case .placement: Double(setup.healthyJobs)
            }
        let years = setup.horizonHours / FailureRate.hoursPerYear
        var contributions: [ReliabilityContribution] = setup.classes.indices.map { index in
            ReliabilityContribution(
                failureClass: setup.classes[index], units: setup.classUnits[index],
                expectedFailures: setup.classRatePerYear[index] * years,
                unavailability: reader.probability(tally.classShort[index], empty: false),
                down: reader.probability(tally.classDown[index], empty: false).value)
        }
        contributions.sort { ($0.unavailability.value, $1.failureClass) > ($1.unavailability.value, $0.failureClass) }
        let unavailable = ReliabilityEstimate(
            value: (1 - availability.value) * setup.horizonHours,
            ciLow: (1 - availability.ciHigh) * setup.horizonHours,
            ciHigh: (1 - availability.ciLow) * setup.horizonHours, method: setup.method)
        return ReliabilitySummary(
            availability: availability, atLeast: atLeast,
            expectedUnusableAccelerators: reader.expectation(tally.unusable, scale: 1, maximum: Double(setup.accelerators)),
            expectedShortfall: reader.expectation(tally.shortfall, scale: 1, maximum: Double(setup.accelerators)),
            hoursShort: unavailable,
            expected: reader.expectation(tally.metric, scale: metricScale, maximum: maximum),
            p50: reader.quantile(tally.metric, 0.5, scale: metricScale, maximum: maximum),
            p99: reader.quantile(tally.metric, 0.99, scale: metricScale, maximum: maximum),
            p999: reader.quantile(tally.metric, 0.999, scale: metricScale, maximum: maximum),
            stateClasses: stateClasses, contributions: contributions, distribution: distribution(reader))
    }

    /// The Monte-Carlo availability by its control variate (`AvailabilityControl`), nil when the run has none.
    func controlledAvailability() -> ReliabilityEstimate? {
        guard setup.method == .monteCarlo, let mean = setup.controlMean,
            let (value, half) = FabricGraph.controlledAvailability(
                total: tally.total, available: tally.shortfall[0] ?? 0, control: tally.controlWithin,
                joint: tally.controlAvailable, mean: mean)
        else { return nil }
        let (p0, scale) = (setup.noFailure, 1 - setup.noFailure)
        return ReliabilityEstimate(
            value: min(1, max(0, p0 + scale * value)), ciLow: min(1, max(0, p0 + scale * (value - half))),
            ciHigh: min(1, max(0, p0 + scale * (value + half))), method: .monteCarlo)
    }

    func distribution(_ reader: TallyReader) -> [ReliabilityPoint] {
        var points: [ReliabilityPoint] = []
        let emptyMass = reader.exact ? 0 : setup.noFailure
        for key in tally.metric.keys.sorted() {
            let mass = Double(tally.metric[key] ?? 0) * reader.unit + (key == 0 ? emptyMass : 0)
            points.append(ReliabilityPoint(value: Double(key) * metricScale, probability: mass))
        }
        if !reader.exact, tally.metric[0] == nil, emptyMass > 0 { points.insert(ReliabilityPoint(value: 0, probability: emptyMass), at: 0) }
        return points
    }
}
