import FabricGraph
import FabricModel

/// One non-accelerator failure (link, switch, SRLG) disconnects or degrades too many accelerators.
public struct BlastRadiusRule: Rule {
    /// The `disconnected` threshold and its default levels.
    public static let disconnected = Threshold("disconnected", "accelerators cut off by one failure", .above, SeverityLevels(warning: 8, error: 72))
    /// The `degraded` threshold and its default levels.
    public static let degraded = Threshold(
        "degraded", "accelerators losing at least `loss_fraction` of their link capacity to one failure", .above, SeverityLevels(warning: 256))
    /// The `loss_fraction` threshold and its default levels.
    public static let lossFraction = Threshold(
        "loss_fraction", "fraction of an accelerator's own link capacity that counts as degraded", .above, SeverityLevels(warning: 0.25))

    public static let description = RuleDescription(
        identifier: "blast_radius",
        name: "Blast radius",
        summary:
            "one link, switch or SRLG failure disconnects at most 8 accelerators (warning) or 72 (error), and removes 25% or more of the own link capacity of at most 256 accelerators",
        rationale:
            "8 accelerators are one server and 72 one NVL72 rack (64+1 one UB-Mesh rack): losing more to a single element turns a part failure into a job-wide event. About one interruption in ten is the network (Llama 3: 8.4% switch or cable, 1.7% NIC).",
        kind: .redundancy,
        defaultSeverity: .warning,
        thresholds: [
            disconnected,
            degraded,
            lossFraction,
        ],
        analyses: [.blastRadius],
        passingExamples: [RuleExample("4 accelerators per leaf") { ExampleDesigns.leafSpine(leaves: 4, spines: 4, perLeaf: 4).topology }],
        failingExamples: [
            RuleExample("12 accelerators behind one leaf", subjects: ["leaf-1"]) {
                ExampleDesigns.leafSpine(leaves: 2, spines: 4, perLeaf: 12).topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let fraction = settings[Self.lossFraction].warning ?? SingleFailureSurvey.defaultLossFraction
        let survey = context.blastRadius(lossFraction: fraction)
        var findings: [Finding] = []
        for impact in survey.impacts {
            let disconnected = grade(Double(impact.disconnected), Self.disconnected)
            let degraded = grade(Double(impact.degraded), Self.degraded)
            guard let severity = [disconnected, degraded].compactMap({ $0 }).max() else { continue }
            let (name, subject, location): (String, FindingSubject, SourceLocation) =
                switch impact.element {
                case .link(let index): ("link \(context.topology.describeLink(index))", context.subject(link: index), context.location(link: index))
                case .device(let index): ("'\(context.id(device: index))'", context.subject(device: index), context.location(device: index))
                case .srlg(let index):
                    (
                        "SRLG '\(context.topology.srlgs[Int(index)])'", FindingSubject(.srlg, context.topology.srlgs[Int(index)]),
                        Self.srlgLocation(context, index)
                    )
                }
            let message: String
            if let disconnected {
                let level = levelText(Self.disconnected, disconnected)
                message = "losing \(name) disconnects \(impact.disconnected) accelerators; \(disconnected) above \(level)"
            } else {
                let level = levelText(Self.degraded, severity)
                message =
                    "losing \(name) removes at least \(formatPercent(fraction)) of the link capacity of \(impact.degraded) accelerators; \(severity) above \(level)"
            }
            findings.append(finding(severity, message, subject: subject, at: location))
        }
        return findings
    }

    /// Where an SRLG is first used: its first link.
    static func srlgLocation(_ context: CheckContext, _ group: Int32) -> SourceLocation {
        if let index = context.topology.links.firstIndex(where: { $0.srlgs.contains(group) }) {
            return context.location(link: Int32(index))
        }
        return context.designLocation
    }
}
