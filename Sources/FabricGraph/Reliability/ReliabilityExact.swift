import FabricModel
import Foundation

/// The most probable failure sets, enumerated best first until the residual mass bound allows stopping.
///
/// Units that can fail (q > 0) are ordered by odds r = q/(1 − q), largest first; a set's probability is
/// P0 · Π r over its units. Every set is reached once from the empty set by two moves on its sorted positions: append
/// the position after the last, or advance the last by one. Both multiply the probability by a factor ≤ 1 when every
/// r ≤ 1 (q ≤ ½), so a max-heap pops the sets in non-increasing probability: after m pops the enumerated mass is that
/// of the m most probable sets, and the residual is 1 minus it (Lawler 1972's k-best enumeration, specialised to
/// product weights). Enumeration stops when the residual is within the tolerance or the budget is spent; `k` is the
/// largest set size popped.
struct ExactPlan {
    /// Largest set size enumerated.
    let k: Int
    /// Probability mass of the sets not enumerated (plus rounding).
    let residual: Double
    /// Number of sets enumerated.
    let states: Int
    /// The sets, flattened: set i is `members[starts[i] ..< starts[i + 1]]`; probabilities in `weights`.
    let starts: [Int]
    let members: [Int32]
    let weights: [Double]

    /// Enumerates until the residual is at most `tolerance`; nil when some unit fails with probability above ½ or when
    /// the residual left after `budget` sets exceeds `acceptable` (the bound P0 · (1 + budget · r_max) on the mass of
    /// any `budget` sets is checked first, in O(n)).
    /// - Complexity: O(n log n + states · (log states + k)).
    init?(probabilities: [Double], budget: Int, tolerance: Double, acceptable: Double) {
        let order = probabilities.indices.filter { probabilities[$0] > 0 }.sorted {
            let (a, b) = (probabilities[$0], probabilities[$1])
            return a > b || (a == b && $0 < $1)
        }
        guard order.allSatisfy({ probabilities[$0] <= 0.5 }) else { return nil }
        let odds = order.map { probabilities[$0] / (1 - probabilities[$0]) }
        var logP0 = 0.0
        for q in probabilities { logP0 += Foundation.log1p(-q) }
        let p0 = Foundation.exp(logP0)
        guard 1 - p0 * (1 + Double(max(budget - 1, 0)) * (odds.first ?? 0)) <= acceptable else { return nil }
        var search = BestFirstSets(odds: odds, p0: p0)
        var mass = 0.0
        var starts: [Int] = []
        var members: [Int32] = []
        var weights: [Double] = []
        var k = 0
        while starts.count < budget, 1 - mass + Double(starts.count) * 0x1p-52 > tolerance, let (weight, positions) = search.pop() {
            starts.append(members.count)
            for position in positions { members.append(Int32(order[Int(position)])) }
            weights.append(weight)
            mass += weight
            k = max(k, positions.count)
        }
        starts.append(members.count)
        let states = weights.count
        // Exhausted: every subset was enumerated. Otherwise 1 − Σ, with the sum's rounding (≤ states · 2⁻⁵²).
        let unenumerated = search.isEmpty ? 0 : max(0, 1 - mass) + Double(states) * 0x1p-52
        guard unenumerated <= acceptable else { return nil }
        self.k = k
        self.states = states
        self.starts = starts
        self.members = members
        self.weights = weights
        // Weights are rounded down to 2⁻⁶² each: the bound covers that too.
        self.residual = unenumerated + Double(states) * ReliabilityTally.exactUnit
    }
}

/// The heap of `ExactPlan`: nodes are sets stored as (parent, last position); a set's positions are its parent's
/// plus the last.
struct BestFirstSets {
    let odds: [Double]
    /// Per node: parent node (-1: the empty set's child chain starts at the root), last position (-1: empty set).
    var parent: [Int32] = [-1]
    var last: [Int32] = [-1]
    var weight: [Double]
    /// Max-heap of node indices by weight (ties: smaller node index first, so the order is deterministic).
    var heap: [Int32] = [0]

    init(odds: [Double], p0: Double) {
        self.odds = odds
        weight = [p0]
    }

    var isEmpty: Bool { heap.isEmpty }

    /// The most probable set not yet popped (its probability and sorted positions), pushing its two successors.
    mutating func pop() -> (Double, [Int32])? {
        guard let top = heap.first else { return nil }
        let end = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = end
            siftDown(0)
        }
        var positions: [Int32] = []
        var node = top
        while node >= 0, last[Int(node)] >= 0 {
            positions.append(last[Int(node)])
            node = parent[Int(node)]
        }
        positions.reverse()
        let tail = last[Int(top)]
        let next = Int(tail) + 1
        if next < odds.count {
            push(parent: top, last: Int32(next), weight: weight[Int(top)] * odds[next])
            if tail >= 0 { push(parent: parent[Int(top)], last: Int32(next), weight: weight[Int(top)] * odds[next] / odds[Int(tail)]) }
        }
        return (weight[Int(top)], positions)
    }

    mutating func push(parent node: Int32, last position: Int32, weight value: Double) {
        parent.append(node)
        last.append(position)
        weight.append(value)
        heap.append(Int32(weight.count - 1))
        var child = heap.count - 1
        while child > 0 {
            let up = (child - 1) / 2
            guard before(heap[child], heap[up]) else { break }
            heap.swapAt(child, up)
            child = up
        }
    }

    mutating func siftDown(_ start: Int) {
        var index = start
        while true {
            var best = index
            for child in [2 * index + 1, 2 * index + 2] where child < heap.count && before(heap[child], heap[best]) { best = child }
            guard best != index else { return }
            heap.swapAt(index, best)
            index = best
        }
    }

    @inline(__always)
    func before(_ a: Int32, _ b: Int32) -> Bool { weight[Int(a)] > weight[Int(b)] || (weight[Int(a)] == weight[Int(b)] && a < b) }
}

extension ReliabilityAnalyzer {
    /// The most probable failure sets of the plan (of the shard), each weighted by its exact probability
    /// P0 · Π q/(1 − q) in units of 2⁻⁶².
    func runExact(_ plan: ExactPlan, _ options: ReliabilityOptions) -> ReliabilityRun {
        let range = options.shard?.range(of: plan.states) ?? 0..<plan.states
        let tally = parallelTally(range.count) { slot, scratch, tally in
            let index = range.lowerBound + slot
            let failed = Array(plan.members[plan.starts[index]..<plan.starts[index + 1]])
            let outcome = context.evaluate(failed, scratch: &scratch)
            tally.record(outcome, weight: UInt64((plan.weights[index] / ReliabilityTally.exactUnit).rounded(.down)), classes: classes(of: failed))
        }
        return ReliabilityRun(setup: setup(options, method: .exact, k: plan.k, residual: plan.residual, states: plan.states), tally: tally)
    }
}
