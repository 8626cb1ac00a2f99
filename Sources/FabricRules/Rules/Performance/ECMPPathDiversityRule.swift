import FabricGraph
import FabricModel

/// Accelerators in different pods joined by too few equal-cost paths.
public struct ECMPPathDiversityRule: Rule {
    /// The `paths` threshold and its default levels.
    public static let paths = Threshold("paths", "fewest equal-cost paths between accelerators of different pods", .below, SeverityLevels(warning: 2))

    public static let description = RuleDescription(
        identifier: "ecmp_path_diversity",
        name: "ECMP path diversity",
        summary: "accelerators in different pods are joined by at least 2 equal-cost shortest paths (sampled: up to 8 accelerators per pod)",
        rationale:
            "ECMP spreads flows over equal-cost paths; with a single path between pods one congested or failed link stalls every cross-pod collective, and hashing has nothing to balance.",
        kind: .performance,
        defaultSeverity: .warning,
        thresholds: [paths],
        analyses: [.routing],
        passingExamples: [RuleExample("2 pods over 2 spines") { ExampleDesigns.leafSpine(leaves: 4, spines: 2, perLeaf: 2, pods: 2).topology }],
        failingExamples: [
            RuleExample("2 pods over 1 spine", subjects: ["acc-0-0"]) {
                ExampleDesigns.leafSpine(leaves: 4, spines: 1, perLeaf: 2, pods: 2).topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        for entry in context.pathDiversity.entries {
            guard let severity = grade(entry.paths, Self.paths) else { continue }
            let level = levelText(Self.paths, severity)
            let id = context.id(device: entry.destination)
            let pod = context.topology.devices[Int(entry.destination)].pod ?? "?"
            findings.append(
                finding(
                    severity,
                    "'\(id)' (pod '\(pod)') is reached from another pod over \(formatNumber(entry.paths)) equal-cost path\(entry.paths == 1 ? "" : "s"); at least \(level) recommended",
                    subject: context.subject(device: entry.destination), at: context.location(device: entry.destination)))
        }
        return findings
    }
}
