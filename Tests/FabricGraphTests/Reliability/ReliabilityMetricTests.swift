import FabricModel
import Testing

@testable import FabricGraph

/// The bisection and traffic metrics of a failure state (evaluated from the failed elements only) against
/// recomputation on the whole masked graph: `BisectionBracket.monotoneBound` and brute-force minimum bisection for the
/// one, rerouting uniform all-to-all from scratch for the other.
@Suite struct ReliabilityMetricTests {
    /// Random failure sets of 1...4 units, with the mask they give.
    static func failureSets(_ context: ReliabilityContext, count: Int, seed: UInt64) -> [([Int32], FailureMask)] {
        var random = SplitMix64(seed: seed)
        let all = (0..<Int32(context.units.count)).map { $0 }
        return (0..<count).map { _ in
            let failed = random.sample(min(1 + random.below(4), all.count), from: all)
            var mask = FailureMask(for: context.baseline.graph)
            for unit in failed {
                for device in context.units.devices(of: Int(unit)) { mask.failDevice(device) }
                for link in context.units.links(of: Int(unit)) { mask.failLink(link) }
            }
            return (failed, mask)
        }
    }

    /// Minimum over balanced splits of the live accelerators (switches on either side) of the capacity from the side
    /// with ⌊n/2⌋ accelerators to the other, by enumerating every side assignment (small designs only).
    static func bruteForceBisection(_ graph: CSRGraph, mask: FailureMask) -> Double {
        let live = (0..<graph.vertexCount).filter { !mask.devices[$0] }
        let accelerators = live.filter { graph.isAccelerator[$0] }.count
        var best = Double.infinity
        for assignment in 0..<(1 << live.count) {
            var side = [Bool](repeating: false, count: graph.vertexCount)
            var count = 0
            for (bit, vertex) in live.enumerated() where assignment & (1 << bit) != 0 {
                side[vertex] = true
                if graph.isAccelerator[vertex] { count += 1 }
            }
            guard count == accelerators / 2 else { continue }
            var cut = 0.0
            for vertex in live where side[vertex] {
                for arc in graph.arcs(from: Int32(vertex)) where graph.isUsable(arc: arc, tail: Int32(vertex), under: mask) {
                    if !side[Int(graph.head[Int(arc)])] { cut += graph.capacity[Int(arc)] }
                }
            }
            best = min(best, cut)
        }
        return best
    }

    @Test func bisectionLossEqualsTheRecomputedCertificate() throws {
        let randoms = try (0..<6).map { seed in try TestTopology.random(seed: UInt64(seed), vertices: 12, links: 20) }
        let designs = [try HandWrittenPod.topology(), try TestFabrics.fatTree(k: 4)] + randoms
        for (index, topology) in designs.enumerated() {
            let analyzer = try ReliabilityAnalyzer(topology: topology, model: FailureModel(), options: ReliabilityOptions(metric: .bisection))
            let context = analyzer.context
            let bisection = try #require(context.bisection)
            var scratch = StateScratch(context: context)
            for (failed, mask) in Self.failureSets(context, count: 40, seed: UInt64(index)) {
                let value = context.evaluate(failed, scratch: &scratch).metric
                let certificate = BisectionBracket.monotoneBound(graph: context.baseline.graph, mask: mask, healthyLower: bisection.lower)
                let expected = bisection.lossPPM(lost: bisection.lower - certificate.bound)
                #expect(abs(value - expected) <= 1, "design \(index), units \(failed): \(value) vs \(expected)")
            }
        }
    }

    /// On the hand-written pod (10 devices) the certified bound never exceeds the true minimum bisection of the
    /// failed fabric, found by enumerating every split.
    @Test func bisectionBoundHoldsAgainstBruteForce() throws {
        let topology = try HandWrittenPod.topology()
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: FailureModel(), options: ReliabilityOptions(metric: .bisection))
        let context = analyzer.context
        let bisection = try #require(context.bisection)
        let graph = context.baseline.graph
        let healthy = Self.bruteForceBisection(graph, mask: FailureMask(for: graph))
        #expect(bisection.lower <= healthy + 1e-9)
        #expect(bisection.lower > 0)
        var scratch = StateScratch(context: context)
        for (failed, mask) in Self.failureSets(context, count: 60, seed: 7) {
            let loss = Double(context.evaluate(failed, scratch: &scratch).metric) * 1e-6
            let truth = Self.bruteForceBisection(graph, mask: mask)
            #expect(bisection.lower * (1 - loss) <= truth + 1e-6 * bisection.lower, "units \(failed)")
        }
    }

    @Test func trafficLossEqualsRerouting() throws {
        let designs = [try HandWrittenPod.topology(), try TestFabrics.fatTree(k: 4)]
        for (index, topology) in designs.enumerated() {
            let analyzer = try ReliabilityAnalyzer(topology: topology, model: FailureModel(), options: ReliabilityOptions(metric: .traffic))
            let context = analyzer.context
            let traffic = try #require(context.traffic)
            #expect(traffic.isIncremental)
            var scratch = StateScratch(context: context)
            for (failed, mask) in Self.failureSets(context, count: 60, seed: UInt64(index)) {
                let value = context.evaluate(failed, scratch: &scratch).metric
                let rerouted = traffic.impact(under: mask)
                let expected = ReliabilityContext.throughputLossPPM(before: rerouted.throughputBefore, after: rerouted.throughputAfter)
                #expect(abs(value - expected) <= 1, "design \(index), units \(failed): \(value) vs \(expected)")
            }
        }
    }

    /// The exact run on the hand-written pod (13 units, every subset enumerated) against the brute-force expectation
    /// Σ over all 2¹³ subsets of P(subset) × the loss recomputed on the masked graph.
    @Test(arguments: [ReliabilityMetric.bisection, .traffic])
    func exactExpectationEqualsBruteForce(_ metric: ReliabilityMetric) throws {
        let topology = try HandWrittenPod.topology()
        let options = ReliabilityOptions(metric: metric, exactTolerance: 0)
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: ReliabilityHandWrittenTests.harsh, options: options)
        #expect(analyzer.units.count == 13)
        let context = analyzer.context
        let q = context.units.probability
        var expected = 0.0
        for subset in 0..<(1 << q.count) {
            var probability = 1.0
            var mask = FailureMask(for: context.baseline.graph)
            for unit in q.indices {
                guard subset & (1 << unit) != 0 else {
                    probability *= 1 - q[unit]
                    continue
                }
                probability *= q[unit]
                for device in context.units.devices(of: unit) { mask.failDevice(device) }
                for link in context.units.links(of: unit) { mask.failLink(link) }
            }
            let loss: Int64
            if let traffic = context.traffic {
                let impact = traffic.impact(under: mask)
                loss = ReliabilityContext.throughputLossPPM(before: impact.throughputBefore, after: impact.throughputAfter)
            } else {
                let bisection = try #require(context.bisection)
                let bound = BisectionBracket.monotoneBound(graph: context.baseline.graph, mask: mask, healthyLower: bisection.lower).bound
                loss = bisection.lossPPM(lost: bisection.lower - bound)
            }
            expected += probability * Double(loss) * 1e-4
        }
        let summary = try analyzer.run(options).summary()
        #expect(summary.expected.method == .exact)
        #expect(abs(summary.expected.value - expected) < 1e-6 * max(1, expected), "\(metric): \(summary.expected.value) vs \(expected)")
        #expect(summary.expected.value > 0)
    }
}
