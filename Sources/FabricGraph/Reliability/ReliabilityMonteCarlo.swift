import FabricModel
import Foundation

/// Draws failure states conditioned on at least one unit being down, exactly.
///
/// Units with equal probability form a bucket; the first down unit is drawn from its exact conditional law (the
/// bucket by inverse CDF, the position by a truncated geometric), the units after it independently by geometric
/// skips (Devroye, *Non-Uniform Random Variate Generation*, 1986, §X.2), so a state costs O(buckets + units down),
/// not O(units). The no-failure state's probability P0 is exact; the estimator P0·f(∅) + (1 − P0)·mean f over
/// conditional samples is unbiased with variance reduced by (1 − P0)² (importance sampling of the rare states).
struct ConditionalSampler: Sendable {
    let buckets: [(q: Double, logUp: Double, units: [Int32])]
    /// P(first down unit lies in buckets 0...b | at least one down).
    let firstCDF: [Double]
    /// P(no unit of bucket b down).
    let bucketUp: [Double]

    init(probabilities: [Double]) {
        var byQ: [Double: [Int32]] = [:]
        for (unit, q) in probabilities.enumerated() where q > 0 { byQ[q, default: []].append(Int32(unit)) }
        buckets = byQ.keys.sorted().map { q in (q, Foundation.log1p(-q), byQ[q] ?? []) }
        bucketUp = buckets.map { Foundation.exp(Double($0.units.count) * $0.logUp) }
        var before = 1.0
        var cumulative: [Double] = []
        var sum = 0.0
        for up in bucketUp {
            sum += before * (1 - up)
            cumulative.append(sum)
            before *= up
        }
        firstCDF = cumulative.map { sum > 0 ? $0 / sum : 1 }
    }

    /// A uniform variate in (0, 1].
    @inline(__always)
    static func uniform(_ random: inout SplitMix64) -> Double { (Double(random.next() >> 11) + 1) * 0x1p-53 }

    /// The units down in sample `index` of a run seeded `seed` (one SplitMix64 stream per sample, split from (seed, index)
    /// by one mixing step: shards agree, neighbouring samples are independent).
    func sample(_ index: Int, seed: UInt64, into failed: inout [Int32]) {
        failed.removeAll(keepingCapacity: true)
        guard !buckets.isEmpty else { return }
        // The stream's start is the mixed (seed, index): seeding with seed ^ index·γ directly would make sample i + 1
        // replay sample i's draws shifted by one (SplitMix64 steps its state by γ), correlating neighbouring samples.
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
        var random = SplitMix64(seed: mixer.next())
        let u = Self.uniform(&random)
        var first = firstCDF.firstIndex { $0 >= u } ?? (buckets.count - 1)
        while bucketUp[first] >= 1 && first + 1 < buckets.count { first += 1 }
        let bucket = buckets[first]
        let n = bucket.units.count
        // Truncated geometric: P(position = j) ∝ (1 − q)^j q, j < n.
        let v = Self.uniform(&random)
        var position = Int(Foundation.log(1 - v * (1 - bucketUp[first])) / bucket.logUp)
        position = min(max(position, 0), n - 1)
        failed.append(bucket.units[position])
        skip(bucket, from: position + 1, random: &random, into: &failed)
        for later in (first + 1)..<buckets.count { skip(buckets[later], from: 0, random: &random, into: &failed) }
    }

    /// Independent Bernoulli(q) units of a bucket from `start` on, by geometric skips.
    @inline(__always)
    func skip(_ bucket: (q: Double, logUp: Double, units: [Int32]), from start: Int, random: inout SplitMix64, into failed: inout [Int32]) {
        var position = start
        let n = bucket.units.count
        while position < n {
            let gap = Foundation.log(Self.uniform(&random)) / bucket.logUp
            guard gap < Double(n - position) else { return }
            position += Int(gap)
            failed.append(bucket.units[position])
            position += 1
        }
    }
}

extension ReliabilityAnalyzer {
    /// Conditional Monte-Carlo: samples of the shard (or batches until the availability is within ±precision).
    func runMonteCarlo(_ options: ReliabilityOptions) throws(ReliabilityError) -> ReliabilityRun {
        let sampler = ConditionalSampler(probabilities: context.units.probability)
        let p0 = noFailureProbability
        let control = AvailabilityControl(context: context, noFailure: p0)
        var tally = ReliabilityTally(classes: context.units.classes.count)
        var done = 0
        if let samples = options.samples {
            guard samples >= 1 else { throw .invalidOption("--samples must be at least 1") }
            let range = options.shard?.range(of: samples) ?? 0..<samples
            tally = sampleRange(range, sampler: sampler, control: control, seed: options.seed)
            done = samples
        } else {
            guard options.shard == nil else { throw .invalidOption("--shard needs --samples for a Monte-Carlo run (every shard must draw the same samples)") }
            while done < options.maxSamples {
                let next = min(options.maxSamples, done + ReliabilityOptions.batch)
                tally.add(sampleRange(done..<next, sampler: sampler, control: control, seed: options.seed))
                done = next
                if (1 - p0) * availabilityHalfWidth(tally, controlMean: control.conditionalMean) <= options.precision { break }
            }
        }
        var setup = setup(options, method: .monteCarlo, k: 0, residual: 0, states: done)
        setup.controlMean = control.conditionalMean
        return ReliabilityRun(setup: setup, tally: tally)
    }

    /// Half-width of the conditional availability's 95% interval: the control-variate estimate's, else Wilson's.
    func availabilityHalfWidth(_ tally: ReliabilityTally, controlMean: Double) -> Double {
        let available = tally.shortfall[0] ?? 0
        if let controlled = controlledAvailability(
            total: tally.total, available: available, control: tally.controlWithin, joint: tally.controlAvailable, mean: controlMean)
        {
            return controlled.half
        }
        let (low, high) = wilson(Double(available), Double(tally.total))
        return (high - low) / 2
    }

    func sampleRange(_ range: Range<Int>, sampler: ConditionalSampler, control: AvailabilityControl, seed: UInt64) -> ReliabilityTally {
        parallelTally(range.count) { slot, scratch, tally in
            var failed: [Int32] = []
            sampler.sample(range.lowerBound + slot, seed: seed, into: &failed)
            let outcome = context.evaluate(failed, scratch: &scratch)
            tally.record(outcome, weight: 1, classes: classes(of: failed))
            let within = control.indicator(failed, count: &scratch.blockCount, touched: &scratch.touchedBlocks)
            tally.recordControl(within: within, available: outcome.shortfall == 0, weight: 1)
        }
    }
}

/// The 95% Wilson score interval of a proportion `successes / trials` (Wilson 1927); (0, 1) for no trials.
public func wilson(_ successes: Double, _ trials: Double, z: Double = 1.959964) -> (low: Double, high: Double) {
    guard trials > 0 else { return (0, 1) }
    let p = successes / trials
    let z2 = z * z
    let center = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    let half = z * Foundation.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    return (max(0, center - half), min(1, center + half))
}
