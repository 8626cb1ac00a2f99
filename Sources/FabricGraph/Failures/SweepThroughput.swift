import FabricModel

extension SweepRecord {
    /// The throughput metric's order after (stranded, pairs): θ after ascending (upper bound, then lower bound), then
    /// failed accelerators and capacity lost descending; nil when the keys tie.
    static func throughputOrder(_ lhs: SweepRankingKey, _ rhs: SweepRankingKey) -> Bool? {
        if (lhs.stranded, lhs.pairs) != (rhs.stranded, rhs.pairs) { return (lhs.stranded, lhs.pairs) > (rhs.stranded, rhs.pairs) }
        if lhs.thetaUpper != rhs.thetaUpper { return lhs.thetaUpper < rhs.thetaUpper }
        if lhs.thetaLower != rhs.thetaLower { return lhs.thetaLower < rhs.thetaLower }
        if lhs.failed != rhs.failed { return lhs.failed > rhs.failed }
        if lhs.capacityLost != rhs.capacityLost { return lhs.capacityLost > rhs.capacityLost }
        return nil
    }
}

extension FailureSweeper {
    /// The sweep of `options` ranked by θ of the healthy design's fixed demand (`FixedDemandThroughput`): the
    /// connectivity and capacity figures as for the other metrics, then θ of every scenario, computed once per class
    /// of equivalent single failures (`FailureSymmetry`; pairs each on their own), scenarios one after the other
    /// with the evaluator's thread count, so the figures are the same in every shard.
    /// - Complexity: that of `sweepSingles`, plus one `FixedDemandThroughput.impact` per class.
    public func throughputStream(
        _ options: SweepOptions, designName: String, evaluator: FixedDemandThroughput, progress: (@Sendable (Int) -> Void)? = nil
    ) -> SweepStream {
        let elements = sweepElements(topology, class: options.elements)
        var evaluation = evaluate(options, traffic: nil, progress: nil)
        let representative: [Int]
        if options.k == 1 {
            representative = FailureSymmetry(graph: baseline.graph, topology: topology).representatives(of: elements)
        } else {
            representative = []
        }
        var computed: [Int: ThroughputImpact] = [:]
        for index in evaluation.outcomes.indices {
            let outcome = evaluation.outcomes[index]
            let key = options.k == 1 ? representative[outcome.ordinal] : -1
            if key >= 0, let known = computed[key] {
                evaluation.outcomes[index].throughput = known
            } else {
                let scenario = key >= 0 ? elements[key].scenario : outcome.scenario
                let impact = evaluator.impact(of: scenario)
                if key >= 0 { computed[key] = impact }
                evaluation.outcomes[index].throughput = impact
            }
            progress?(1)
        }
        let ranked = SweepReport.rank(evaluation.outcomes, scenariosEvaluated: evaluation.evaluated, options: options)
        var header = SweepReport.header(
            designName: designName, options: options,
            baseline: reportBaseline(options, elementsInClass: evaluation.elementsInClass, traffic: nil),
            summary: ranked.summary)
        header.baseline.thetaLower = evaluator.healthy.thetaLower
        header.baseline.thetaUpper = evaluator.healthy.thetaUpper
        let outcomes = evaluation.outcomes
        let order = ranked.order
        let topology = self.topology
        let ordinals = topology.stableLinkOrdinals()
        return SweepStream(header: header, count: order.count) { range in
            range.map { SweepRecord(outcomes[order[$0]], topology: topology, linkOrdinals: ordinals) }
        }
    }
}
