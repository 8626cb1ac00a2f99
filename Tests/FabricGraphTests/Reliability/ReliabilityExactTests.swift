import FabricModel
import Foundation
import Testing

@testable import FabricGraph

/// Exact mode: the best-first enumeration of the most probable failure sets against brute force, closed forms with
/// unequal probabilities, and the rule that a run is exact when its residual is narrower than a Monte-Carlo interval.
@Suite struct ReliabilityExactTests {
    /// The probabilities of all 2ⁿ subsets, descending.
    static func allSetProbabilities(_ q: [Double]) -> [Double] {
        (0..<(1 << q.count)).map { subset in
            q.indices.reduce(1.0) { $0 * (subset & (1 << $1) != 0 ? q[$1] : 1 - q[$1]) }
        }.sorted(by: >)
    }

    /// The first m sets popped are the m most probable (by brute force over all subsets), for every m; exhausting
    /// every subset leaves no residual beyond rounding.
    @Test func bestFirstEnumeratesTheMostProbableSets() throws {
        var random = SplitMix64(seed: 18)
        for _ in 0..<20 {
            let n = 3 + random.below(8)
            let q = (0..<n).map { _ in random.below(4) == 0 ? 0 : Double(1 + random.below(500)) / 1000 }
            let positive = q.filter { $0 > 0 }
            let truth = Self.allSetProbabilities(positive)
            for budget in [1, 2, 5, truth.count / 2, truth.count] where budget >= 1 && budget <= truth.count {
                let plan = try #require(ExactPlan(probabilities: q, budget: budget, tolerance: 0, acceptable: 1))
                #expect(plan.states == budget)
                for (index, weight) in plan.weights.enumerated() { #expect(abs(weight - truth[index]) < 1e-12, "q \(q), budget \(budget)") }
                let mass = truth.prefix(budget).reduce(0, +)
                #expect(plan.residual >= 1 - mass - 1e-12)
                #expect(plan.residual <= 1 - mass + 1e-9)
                for index in 0..<plan.states {
                    let set = plan.members[plan.starts[index]..<plan.starts[index + 1]]
                    let product = q.indices.reduce(1.0) { $0 * (set.contains(Int32($1)) ? q[$1] : 1 - q[$1]) }
                    #expect(abs(product - plan.weights[index]) < 1e-12)
                }
            }
            let all = try #require(ExactPlan(probabilities: q, budget: 1 << n, tolerance: 0, acceptable: 0))
            #expect(all.states == truth.count)
            #expect(all.residual < 1e-12)
        }
    }

    /// A leaf with u uplinks of unequal unavailability p₁…p_u is cut off with probability Π pᵢ (series/parallel:
    /// the uplinks in parallel); its accelerator's expected loss is the same product.
    @Test(arguments: [[0.1, 0.02], [0.3, 0.01, 0.2], [0.001, 0.4, 0.05, 0.2]])
    func leafWithUnequalUplinks(_ p: [Double]) throws {
        var topology = Topology(file: "uplinks.graphml")
        try topology.addDevice(Device(id: "a0", role: .accelerator, tier: 0))
        try topology.addDevice(Device(id: "L", role: .switch, tier: 1))
        try topology.addDevice(Device(id: "M", role: .switch, tier: 1))
        for index in 1...3 { try topology.addDevice(Device(id: "b\(index)", role: .accelerator, tier: 0)) }
        for index in p.indices { try topology.addDevice(Device(id: "s\(index)", role: .switch, tier: 2)) }
        try topology.addLink(Link(source: 0, target: 1, bandwidth: 1))
        for index in 3...5 { try topology.addLink(Link(source: Int32(index), target: 2, bandwidth: 1)) }
        for (index, value) in p.enumerated() {
            try topology.addLink(Link(source: 1, target: Int32(6 + index), bandwidth: 1, attributes: ReliabilityClosedFormTests.unreliable(value)))
            try topology.addLink(Link(source: 2, target: Int32(6 + index), bandwidth: 1))
        }
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: ReliabilityClosedFormTests.silent, options: ReliabilityOptions())
        let summary = try analyzer.run(ReliabilityOptions(exactTolerance: 0)).summary()
        let cutOff = p.reduce(1, *)
        #expect(summary.availability.method == .exact)
        #expect(abs(summary.availability.value - (1 - cutOff)) < 1e-12)
        #expect(abs(summary.expectedUnusableAccelerators.value - cutOff) < 1e-12)
    }

    /// With a budget too small for 1e-7, the run is still exact when the residual is below the width of the
    /// interval an adaptive Monte-Carlo run stops at (2 × precision), and its interval holds the full enumeration's
    /// value; when the residual is wider, the run is Monte-Carlo.
    @Test func exactWhenTheResidualIsBelowTheIntervalWidth() throws {
        let topology = try HandWrittenPod.topology()
        let model = ReliabilityHandWrittenTests.harsh
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: model, options: ReliabilityOptions())
        let full = try analyzer.run(ReliabilityOptions(exactTolerance: 0)).summary()
        let truncated = try analyzer.run(ReliabilityOptions(exactStateBudget: 40, precision: 0.01))
        #expect(truncated.setup.method == .exact)
        #expect(truncated.setup.residual > 1e-7 && truncated.setup.residual < 0.02)
        let availability = truncated.summary().availability
        #expect(availability.ciLow <= full.availability.value && full.availability.value <= availability.ciHigh)
        let fallback = try analyzer.run(ReliabilityOptions(samples: nil, exactStateBudget: 3, precision: 0.001, maxSamples: 20_000))
        #expect(fallback.setup.method == .monteCarlo)
    }

    /// Monte-Carlo 95% intervals of the unequal-uplink leaf agree with its exact value for most seeds.
    @Test func monteCarloAgreesWithExactEnumeration() throws {
        let topology = try HandWrittenPod.topology()
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: ReliabilityHandWrittenTests.harsh, options: ReliabilityOptions())
        let exact = try analyzer.run(ReliabilityOptions(exactTolerance: 0)).summary()
        var covered = 0
        for seed in 0..<20 {
            let sampled = try analyzer.run(ReliabilityOptions(samples: 400, seed: UInt64(seed))).summary()
            if sampled.expectedUnusableAccelerators.ciLow <= exact.expectedUnusableAccelerators.value
                && exact.expectedUnusableAccelerators.value <= sampled.expectedUnusableAccelerators.ciHigh
            {
                covered += 1
            }
        }
        // binomial(20, 0.95) falls below 16 with probability under 2%.
        #expect(covered >= 16)
    }
}
