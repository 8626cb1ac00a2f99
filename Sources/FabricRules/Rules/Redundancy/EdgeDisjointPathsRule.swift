import FabricGraph
import FabricModel

/// Fewer than k edge-disjoint paths between some pair of accelerators.
public struct EdgeDisjointPathsRule: Rule {
    /// The `paths` threshold and its default levels.
    public static let paths = Threshold("paths", "fewest edge-disjoint paths between two accelerators", .below, SeverityLevels(error: 2))

    public static let description = RuleDescription(
        identifier: "edge_disjoint_paths",
        name: "Edge-disjoint paths",
        summary:
            "every pair of accelerators is joined by at least 2 edge-disjoint paths (k configurable; in a single-homed design counted from the access switches)",
        rationale:
            "k edge-disjoint paths survive any k−1 cable failures (Menger 1927). Computed exactly as the minimum over pairs of a max-flow with the single-root argument (λ(s,t) ≥ min(λ(s,r), λ(r,t))), with the weakest pair and its cut as witness.",
        kind: .redundancy,
        defaultSeverity: .error,
        thresholds: [paths],
        analyses: [.edgeConnectivity],
        passingExamples: [
            RuleExample("dual-homed leaf–spine") { ExampleDesigns.leafSpine(leaves: 4, spines: 2, perLeaf: 2, dualHomed: true).topology },
            RuleExample("single-homed leaf–spine, declared") {
                var builder = ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 2)
                builder.set("single_homed", .bool(true))
                return builder.topology
            },
        ],
        failingExamples: [
            RuleExample("one leaf with a single uplink", subjects: ["leaf-1"]) {
                var builder = ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 2)
                builder.removeLinks(between: "leaf-1", "spine-1")
                builder.set("single_homed", .bool(true))
                return builder.topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        guard let cut = context.edgeConnectivity, let severity = grade(cut.value, Self.paths) else { return [] }
        let paths = Int(cut.value.rounded())
        let required = levelText(Self.paths, severity)
        // Report on the endpoint the cut touches (the weakly attached one), else on the sink.
        let touches = { (vertex: Int32) in
            cut.cutLinks.contains { context.topology.links[Int($0)].source == vertex || context.topology.links[Int($0)].target == vertex }
        }
        let subject = touches(cut.sink) || !touches(cut.source) ? cut.sink : cut.source
        let other = subject == cut.sink ? cut.source : cut.sink
        let related = cut.cutLinks.prefix(8).map { RelatedLocation("cut link \(context.topology.describeLink($0))", context.location(link: $0)) }
        return [
            finding(
                severity,
                "'\(context.id(device: subject))' and '\(context.id(device: other))' are joined by \(paths) edge-disjoint path\(paths == 1 ? "" : "s"); at least \(required) required",
                subject: context.subject(device: subject), at: context.location(device: subject), related: Array(related))
        ]
    }
}
