import FabricGraph
import FabricModel

extension StateWhatIfReport {
    /// θ of `baseline`'s fixed all-to-all demand before and after `scenario`; nil when the baseline has no traffic.
    /// - Complexity: that of `FixedDemandThroughput`, twice (healthy, then the scenario with the healthy certificates).
    static func throughputImpact(_ baseline: Topology, _ scenario: FailureScenario, options: ThroughputOptions) -> ThroughputImpact? {
        let graph = CSRGraph(baseline)
        guard let evaluator = try? FixedDemandThroughput(topology: baseline, graph: graph, options: options) else { return nil }
        return evaluator.impact(of: scenario)
    }

    /// The throughput section of the text report.
    static func throughputText(_ impact: ThroughputImpact, now: Bool) -> String {
        let before = SweepReport.thetaBracket(impact.thetaLowerBefore, impact.thetaUpperBefore)
        let after = SweepReport.thetaBracket(impact.thetaLowerAfter, impact.thetaUpperAfter)
        var lines = [
            "throughput θ (\(impact.pattern), the \(now ? "current" : "healthy") fixed demand; fraction of each accelerator's injection):",
            "  \(now ? "now" : "before") \(before) -> after \(after)  [\(impact.method): \(impact.lowerCertificate) / \(impact.upperCertificate)]",
        ]
        if let routing = impact.thetaRoutingAfter { lines.append("  routing after: θ \(SweepReport.fixed4(routing))") }
        if impact.acceleratorsLeft > 0 {
            lines.append(
                "  \(impact.acceleratorsLeft) accelerator\(impact.acceleratorsLeft == 1 ? "" : "s") left the traffic (failed or cut off): "
                    + "their pairs are not in the demand after")
        } else if impact.degraded {
            lines.append("  θ dropped (proven: the bracket after lies below the one before)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
