import FabricModel
import Foundation

/// The size k up to which every failure set is enumerated, chosen by the residual mass bound.
///
/// The number of units down is Poisson-binomial; its distribution up to k + 1 comes from the usual dynamic programme
/// over units (each unit either up, 1 − q, or down, q). k is the smallest size whose tail P(N > k) is within the
/// tolerance, provided the Σ_{j≤k} C(n, j) sets fit the budget.
struct ExactPlan {
    /// Largest set size enumerated.
    let k: Int
    /// P(more than k units down).
    let residual: Double
    /// Number of sets of at most k units.
    let states: Int

    /// - Complexity: O(n · k_max) for n units, k_max the largest size the budget allows.
    init?(probabilities: [Double], budget: Int, tolerance: Double) {
        let n = probabilities.count
        var sizes: [Double] = [1]
        var binomial = 1.0
        while sizes.count <= n {
            let j = Double(sizes.count)
            binomial = binomial * (Double(n) - j + 1) / j
            guard (sizes.last ?? 0) + binomial <= Double(budget) else { break }
            sizes.append((sizes.last ?? 0) + binomial)
        }
        let kMax = sizes.count - 1
        var distribution = [Double](repeating: 0, count: kMax + 2)
        distribution[0] = 1
        for q in probabilities {
            for j in stride(from: kMax + 1, through: 1, by: -1) {
                distribution[j] = distribution[j] * (1 - q) + distribution[j - 1] * q
            }
            distribution[0] *= 1 - q
        }
        var mass = 0.0
        for k in 0...kMax {
            mass += distribution[k]
            let tail = k == n ? 0 : max(0, 1 - mass)
            if tail <= tolerance {
                self.k = k
                self.states = Int(sizes[k])
                // Weights are rounded down to 2⁻⁶² each: the bound covers that too.
                self.residual = tail + Double(states) * ReliabilityTally.exactUnit
                return
            }
        }
        return nil
    }
}

/// Visits every set of at most `k` of `n` units, by size, then in lexicographic order.
func forEachFailureSet(units n: Int, upTo k: Int, _ body: ([Int32]) -> Void) {
    var set: [Int32] = []
    body(set)
    guard n > 0 else { return }
    for size in 1...max(1, min(k, n)) where size <= k {
        set = (0..<Int32(size)).map { $0 }
        while true {
            body(set)
            var position = size - 1
            while position >= 0 && Int(set[position]) == n - size + position { position -= 1 }
            if position < 0 { break }
            set[position] += 1
            for next in (position + 1)..<size { set[next] = set[next - 1] + 1 }
        }
    }
}

extension ReliabilityAnalyzer {
    /// Every failure set of at most `plan.k` units (of the shard), each weighted by its exact probability
    /// P0 · Π q/(1 − q) in units of 2⁻⁶².
    func runExact(_ plan: ExactPlan, _ options: ReliabilityOptions) -> ReliabilityRun {
        var starts: [Int] = []
        var flat: [Int32] = []
        forEachFailureSet(units: context.units.count, upTo: plan.k) { set in
            starts.append(flat.count)
            flat += set
        }
        starts.append(flat.count)
        assert(starts.count - 1 == plan.states, "the plan counts the sets it enumerates")
        let range = options.shard?.range(of: plan.states) ?? 0..<plan.states
        let p0 = noFailureProbability
        let probability = context.units.probability
        let offsets = starts
        let members = flat
        let tally = parallelTally(range.count) { slot, scratch, tally in
            let index = range.lowerBound + slot
            let failed = Array(members[offsets[index]..<offsets[index + 1]])
            var weight = p0
            for unit in failed { weight *= probability[Int(unit)] / (1 - probability[Int(unit)]) }
            let outcome = context.evaluate(failed, scratch: &scratch)
            tally.record(outcome, weight: UInt64((weight / ReliabilityTally.exactUnit).rounded(.down)), classes: classes(of: failed))
        }
        return ReliabilityRun(setup: setup(options, method: .exact, k: plan.k, residual: plan.residual, states: plan.states), tally: tally)
    }
}
