import FabricModel
import Foundation
import Testing

@testable import FabricGraph

/// The Monte-Carlo availability's control variate: its exact mean against brute force, the estimate against closed
/// forms, and the coverage of its intervals.
@Suite struct ReliabilityControlTests {
    /// E[C | a unit down] on the hand-written pod (13 units) against the sum over all 2¹³ subsets.
    @Test func controlMeanEqualsBruteForce() throws {
        let topology = try HandWrittenPod.topology()
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: ReliabilityHandWrittenTests.harsh, options: ReliabilityOptions())
        let context = analyzer.context
        let p0 = analyzer.noFailureProbability
        let control = AvailabilityControl(context: context, noFailure: p0)
        let q = context.units.probability
        var mean = 0.0
        var count = [Int32](repeating: 0, count: context.blockSpares.count)
        var touched: [Int32] = []
        for subset in 1..<(1 << q.count) {
            let failed = q.indices.filter { subset & (1 << $0) != 0 }.map { Int32($0) }
            let p = q.indices.reduce(1.0) { $0 * (subset & (1 << $1) != 0 ? q[$1] : 1 - q[$1]) }
            if control.indicator(failed, count: &count, touched: &touched) { mean += p }
        }
        #expect(abs(control.conditionalMean - mean / (1 - p0)) < 1e-12)
        #expect(count.allSatisfy { $0 == 0 })
    }

    /// n accelerators behind one switch with s spares, only accelerators fail: the availability indicator is the
    /// control itself, so the Monte-Carlo estimate is the binomial closed form Σ_{j≤s} C(n, j) pʲ (1 − p)ⁿ⁻ʲ.
    @Test(arguments: [(8, 1, 0.1), (16, 2, 0.2)])
    func sparesOnlyEstimateIsTheClosedForm(_ n: Int, _ spares: Int, _ p: Double) throws {
        let analyzer = try ReliabilityClosedFormTests.sparesRack(n, spares: spares, p: p)
        let summary = try analyzer.run(ReliabilityOptions(samples: 2000, seed: 5)).summary()
        let closed = ReliabilityClosedFormTests.atMost(spares, of: n, p: p)
        #expect(summary.availability.method == .monteCarlo)
        #expect(abs(summary.availability.value - closed) < 1e-9)
        #expect(summary.availability.ciHigh - summary.availability.ciLow < 0.01)
    }

    /// The controlled 95% intervals cover the exact availability of the hand-written pod for most seeds, and are no
    /// wider on average than the plain Wilson intervals of the same samples.
    @Test func controlledIntervalsCoverTheExactValue() throws {
        let topology = try HandWrittenPod.topology()
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: ReliabilityHandWrittenTests.harsh, options: ReliabilityOptions())
        let exact = try analyzer.run(ReliabilityOptions(exactTolerance: 0)).summary().availability.value
        var covered = 0
        var controlledWidth = 0.0
        var plainWidth = 0.0
        for seed in 0..<40 {
            let run = try analyzer.run(ReliabilityOptions(samples: 500, seed: UInt64(seed)))
            let availability = run.summary().availability
            if availability.ciLow <= exact && exact <= availability.ciHigh { covered += 1 }
            controlledWidth += availability.ciHigh - availability.ciLow
            let (low, high) = wilson(Double(run.tally.shortfall[0] ?? 0), Double(run.tally.total))
            plainWidth += (1 - run.setup.noFailure) * (high - low)
        }
        #expect(covered >= 34)
        #expect(controlledWidth <= plainWidth)
    }

    /// Neighbouring samples are independent: the lag-1 autocorrelation of the number of units down is within 4
    /// standard errors of 0, and the control's sample mean within 4 standard errors of its exact mean (seeding each
    /// sample with seed ^ index·γ replayed the previous sample's draws shifted by one).
    @Test func neighbouringSamplesAreIndependent() {
        let q = [Double](repeating: 0.002, count: 3000) + [Double](repeating: 0.01, count: 500)
        let sampler = ConditionalSampler(probabilities: q)
        let n = 20_000
        var counts: [Double] = []
        var failed: [Int32] = []
        var none = 0
        for index in 0..<n {
            sampler.sample(index, seed: 0, into: &failed)
            counts.append(Double(failed.count))
            if !failed.contains(where: { $0 >= 3000 }) { none += 1 }
        }
        let mean = counts.reduce(0, +) / Double(n)
        var lag = 0.0
        var variance = 0.0
        for index in 0..<n {
            variance += (counts[index] - mean) * (counts[index] - mean)
            if index + 1 < n { lag += (counts[index] - mean) * (counts[index + 1] - mean) }
        }
        #expect(abs(lag / variance) < 4 / Foundation.sqrt(Double(n)))
        // P(none of the last 500 down | at least one unit down) in closed form.
        let p0 = Foundation.pow(0.998, 3000.0) * Foundation.pow(0.99, 500.0)
        let truth = (Foundation.pow(0.99, 500.0) - p0) / (1 - p0)
        let estimate = Double(none) / Double(n)
        #expect(abs(estimate - truth) < 4 * Foundation.sqrt(truth * (1 - truth) / Double(n)))
    }
}
