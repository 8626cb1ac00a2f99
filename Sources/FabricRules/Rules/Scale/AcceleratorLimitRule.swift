import FabricModel

/// More accelerators than the design's declared limit.
public struct AcceleratorLimitRule: Rule {
    public static let description = RuleDescription(
        identifier: "accelerator_limit",
        name: "Accelerator limit",
        summary: "the accelerator count is at most the declared limit (none by default; 15,488 for the `superpod` profile)",
        rationale:
            "A pod is sized for its power, cooling and scheduler domain; the `superpod` profile caps it at 15,488 accelerators (242 racks of 64, the Atlas 960 SuperPoD class).",
        kind: .scale,
        defaultSeverity: .error,
        passingExamples: [
            RuleExample("8 accelerators, limit 8") {
                var builder = ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 4)
                builder.set("accelerator_limit", .int(8))
                return builder.topology
            }
        ],
        failingExamples: [
            RuleExample("8 accelerators, limit 6") {
                var builder = ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 4)
                builder.set("accelerator_limit", .int(6))
                return builder.topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        guard let limit = context.properties.acceleratorLimit else { return [] }
        let count = context.graph.accelerators.count
        guard count > limit else { return [] }
        let source = context.properties.profile.map { " of profile '\($0)'" } ?? ""
        return [
            finding(
                "the design has \(count) accelerators; the limit\(source) is \(limit)",
                subject: context.designSubject, at: context.designLocation)
        ]
    }
}
