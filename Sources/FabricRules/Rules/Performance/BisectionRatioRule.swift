import FabricGraph
import FabricModel

/// The certified bisection bracket as a fraction of full bisection; a threshold is opt-in.
public struct BisectionRatioRule: Rule {
    /// The `ratio` threshold and its default levels.
    public static let ratio = Threshold("ratio", "proven lower bound of bisection ÷ half the injection bandwidth", .below, SeverityLevels())

    public static let description = RuleDescription(
        identifier: "bisection_ratio",
        name: "Bisection ratio",
        summary: "reports bisection ÷ half the injection bandwidth as a certified bracket; a minimum is opt-in (`ratio: { warning: 0.5 }`)",
        rationale:
            "Bisection bandwidth bounds all-to-all and expert-parallel traffic. Exact minimum bisection is NP-hard, so fabcheck reports a proven lower bound (routing or hose certificate) and the best cut found; a threshold is judged on the lower bound.",
        kind: .performance,
        defaultSeverity: .note,
        thresholds: [ratio],
        analyses: [.bisection],
        passingExamples: [RuleExample("1:1 leaf–spine (a note only)") { ExampleDesigns.leafSpine(leaves: 4, spines: 4, perLeaf: 4).topology }],
        failingExamples: [RuleExample("reports the bracket of a 2:1 leaf–spine") { ExampleDesigns.leafSpine(leaves: 4, spines: 2, perLeaf: 4).topology }]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        guard context.graph.accelerators.count >= 2 else { return [] }
        // Accelerators that cannot reach each other (paths through relaying devices only) or a zero bisection make
        // every traffic figure meaningless: an error, whatever the thresholds.
        let reach = context.graph.forwardingReach()
        if reach.disconnectedPairs > 0 {
            return [
                finding(
                    .error,
                    "accelerators cannot reach each other: \(formatNumber(Double(reach.disconnectedPairs))) of "
                        + "\(formatNumber(Double(reach.accelerators * (reach.accelerators - 1) / 2))) pairs have no path through "
                        + "devices that relay traffic (\(context.graph.forwarding.line))",
                    subject: context.designSubject, at: context.designLocation)
            ]
        }
        let bracket = context.bisection
        guard bracket.fullBisection > 0 else { return [] }
        if bracket.upper <= 0 {
            return [
                finding(
                    .error, "bisection bandwidth is 0: no traffic can cross between the two halves of the accelerators",
                    subject: context.designSubject, at: context.designLocation,
                    related: bracket.cut.links.prefix(4).map { RelatedLocation("cut link \(context.topology.describeLink($0))", context.location(link: $0)) })
            ]
        }
        let severity = grade(bracket.lowerRatio, Self.ratio) ?? .note
        let inBits = context.graph.hasBandwidth
        let unit = { (value: Double) in Bandwidth.format(capacity: value, inBitsPerSecond: inBits) }
        let range =
            bracket.lower >= bracket.upper * (1 - 1e-9)
            ? "\(unit(bracket.upper)) (exact, \(formatPercent(bracket.upperRatio)) of full bisection)"
            : "between \(unit(bracket.lower)) and \(unit(bracket.upper)) (\(formatPercent(bracket.lowerRatio))–\(formatPercent(bracket.upperRatio)) of full bisection)"
        var message = "bisection bandwidth is \(range); lower bound by \(bracket.lowerCertificate.kind)"
        if severity > .note, let level = settings[Self.ratio].level(for: severity) {
            message += "; at least \(formatPercent(level)) required"
        }
        return [
            finding(
                severity, message, subject: context.designSubject, at: context.designLocation,
                related: bracket.cut.links.prefix(4).map { RelatedLocation("cut link \(context.topology.describeLink($0))", context.location(link: $0)) })
        ]
    }
}
