import Foundation

/// The control variate of the Monte-Carlo availability: C = 1 when no block has more of its accelerators' own device
/// units down than it has spares (links, switches and shared-risk groups ignored). Its mean is known exactly — the
/// units are independent, so E[C] = Π over blocks of P(Poisson-binomial count ≤ spares) — and C agrees with the
/// availability indicator Y = 1{shortfall = 0} in most states, so the regression estimator
/// Ȳ − β (C̄ − E[C]), β = Cov(Y, C) ÷ Var(C), has variance Var(Y)(1 − ρ²)/n instead of Var(Y)/n (Rubinstein and
/// Marcus, *Efficiency of multivariate control variates in Monte Carlo simulation*, Operations Research 1985; Glasserman,
/// *Monte Carlo Methods in Financial Engineering*, 2003, §4.1). Only the sufficient counts ΣC and ΣYC are tallied, so
/// shards still add up exactly.
struct AvailabilityControl: Sendable {
    /// Block of each unit that is exactly one accelerator of the scope (-1 for every other unit).
    let blockOfUnit: [Int32]
    /// Spares per block.
    let spares: [Int32]
    /// E[C | at least one unit down], the mean of C under the conditional sampling law.
    let conditionalMean: Double

    /// - Complexity: O(units + Σ over blocks of block units × (spares + 1)).
    init(context: ReliabilityContext, noFailure p0: Double) {
        let units = context.units
        var blockOfUnit = [Int32](repeating: -1, count: units.count)
        var probabilities = [[Double]](repeating: [], count: context.blockSpares.count)
        for unit in 0..<units.count where units.links(of: unit).isEmpty {
            let devices = units.devices(of: unit)
            guard devices.count == 1, let device = devices.first, context.inScope[Int(device)],
                context.baseline.graph.isAccelerator[Int(device)]
            else { continue }
            let block = context.blockOf[Int(device)]
            guard block >= 0 else { continue }
            blockOfUnit[unit] = block
            probabilities[Int(block)].append(units.probability[unit])
        }
        self.blockOfUnit = blockOfUnit
        spares = context.blockSpares
        var mean = 1.0
        for (block, q) in probabilities.enumerated() where !q.isEmpty {
            mean *= Self.atMost(Int(context.blockSpares[block]), of: q)
        }
        // C = 1 in the no-failure state: E[C | N ≥ 1] = (E[C] − P0) ÷ (1 − P0).
        conditionalMean = p0 < 1 ? min(1, max(0, (mean - p0) / (1 - p0))) : 1
    }

    /// P(at most `limit` of independent Bernoulli(q) events), by the Poisson-binomial recursion truncated at limit + 1.
    static func atMost(_ limit: Int, of q: [Double]) -> Double {
        var distribution = [Double](repeating: 0, count: limit + 1)
        distribution[0] = 1
        for p in q {
            for j in stride(from: limit, through: 1, by: -1) { distribution[j] = distribution[j] * (1 - p) + distribution[j - 1] * p }
            distribution[0] *= 1 - p
        }
        return distribution.reduce(0, +)
    }

    /// C for a set of units down (`count` is per-block scratch, all zero on entry and on return).
    func indicator(_ failed: [Int32], count: inout [Int32], touched: inout [Int32]) -> Bool {
        var within = true
        for unit in failed {
            let block = blockOfUnit[Int(unit)]
            guard block >= 0 else { continue }
            if count[Int(block)] == 0 { touched.append(block) }
            count[Int(block)] += 1
            if count[Int(block)] > spares[Int(block)] { within = false }
        }
        for block in touched { count[Int(block)] = 0 }
        touched.removeAll(keepingCapacity: true)
        return within
    }
}

/// The availability's control-variate estimate from the tally (conditional on a failure): value and 95% half-width,
/// nil when the control does not vary in the samples (then the plain estimate is used).
func controlledAvailability(total: UInt64, available: UInt64, control: UInt64, joint: UInt64, mean: Double) -> (value: Double, half: Double)? {
    let n = Double(total)
    guard n >= 2 else { return nil }
    let y = Double(available) / n
    let c = Double(control) / n
    let varianceC = c * (1 - c)
    guard varianceC > 0 else { return nil }
    let covariance = Double(joint) / n - y * c
    let beta = covariance / varianceC
    // Residual variance of Y − βC, at least that of one discordant sample in n (no discordance seen is not proof of none).
    let residual = max(y * (1 - y) - covariance * covariance / varianceC, 1 / n) * n / (n - 1)
    return (y - beta * (c - mean), 1.959964 * Foundation.sqrt(residual / n))
}
