import FabricModel

/// A scale-up (NVLink-class, UB) domain larger than the threshold.
public struct ScaleUpDomainRule: Rule {
    /// The `accelerators` threshold and its default levels.
    public static let accelerators = Threshold("accelerators", "accelerators in one scale-up domain", .above, SeverityLevels(warning: 576))

    public static let description = RuleDescription(
        identifier: "scale_up_domain_size",
        name: "Scale-up domain size",
        summary: "a scale-up domain (NVLink-class, UB, ICI) has at most 576 accelerators",
        rationale:
            "576 GPUs is the largest NVLink domain NVIDIA ships (NVL576); larger memory-semantic domains (UB-Mesh, TPU ICI) exist but need their own failure and routing analysis, so fabcheck flags them for review.",
        kind: .scale,
        defaultSeverity: .warning,
        thresholds: [accelerators],
        analyses: [.structure],
        passingExamples: [RuleExample("a ring of 8") { ExampleDesigns.ring(count: 8).topology }],
        failingExamples: [RuleExample("a ring of 600", subjects: ["acc-0"]) { ExampleDesigns.ring(count: 600).topology }]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let structure = context.structure
        var findings: [Finding] = []
        let limit = settings[Self.accelerators]
        for vertex in context.graph.accelerators where structure.scaleUpDomain[Int(vertex)] == vertex {
            let size = Double(structure.scaleUpDomainSize[Int(vertex)])
            guard let severity = grade(size, Self.accelerators) else { continue }
            let level = limit.level(for: severity).map(formatNumber) ?? "?"
            findings.append(
                finding(
                    severity,
                    "the scale-up domain of '\(context.id(device: vertex))' has \(Int(size)) accelerators; \(severity) above \(level)",
                    subject: context.subject(device: vertex), at: context.location(device: vertex)))
        }
        return findings
    }
}
