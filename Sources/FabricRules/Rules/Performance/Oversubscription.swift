import FabricModel

/// Downlink ÷ uplink capacity of scale-out switches, split into those inside a pod and those whose uplinks leave it.
struct OversubscriptionSurvey {
    /// A switch's ratio.
    struct Entry {
        var vertex: Int32
        var ratio: Double
        var down: Double
        var up: Double
    }

    /// Leaves, and switches whose uplinks stay inside their pod.
    var insidePod: [Entry] = []
    /// Switches with a pod whose every uplink goes to a device of another pod or of none.
    var betweenPods: [Entry] = []

    /// - Complexity: O(V + E).
    init(_ context: CheckContext) {
        let graph = context.graph
        let structure = context.structure
        let devices = context.topology.devices
        for index in devices.indices where devices[index].role == .switch && !structure.isScaleUpSwitch[index] {
            let level = structure.level[index]
            let down = structure.downCapacity[index]
            let up = structure.upCapacity[index]
            guard level >= 1, down > 0, up > 0 else { continue }
            let entry = Entry(vertex: Int32(index), ratio: down / up, down: down, up: up)
            var exits = false
            if let pod = devices[index].pod {
                exits = true
                for arc in graph.arcs(from: Int32(index)) where !structure.isScaleUpLink[Int(graph.link[Int(arc)])] {
                    let head = Int(graph.head[Int(arc)])
                    if structure.level[head] > level, devices[head].pod == pod {
                        exits = false
                        break
                    }
                }
            }
            if exits { betweenPods.append(entry) }
            if level == 1 || !exits { insidePod.append(entry) }
        }
    }
}

/// Shared logic of the two oversubscription rules.
protocol OversubscriptionRule: Rule {
    /// The entries the rule judges.
    static func entries(_ survey: OversubscriptionSurvey) -> [OversubscriptionSurvey.Entry]
    /// `inside a pod`, `between pods`.
    static var scope: String { get }
    /// The rule's oversubscription threshold.
    static var ratio: Threshold { get }
}

extension OversubscriptionRule {
    public func check(_ context: CheckContext) -> [Finding] {
        let entries = Self.entries(OversubscriptionSurvey(context))
        guard !entries.isEmpty else { return [] }
        let levels = settings[Self.ratio]
        var findings: [Finding] = []
        for entry in entries {
            guard let severity = grade(entry.ratio, Self.ratio) else { continue }
            let level = levels.level(for: severity).map(formatRatio) ?? "?"
            findings.append(
                finding(
                    severity,
                    "'\(context.id(device: entry.vertex))' is oversubscribed \(formatRatio(entry.ratio)) \(Self.scope) (\(Bandwidth.format(bitsPerSecond: entry.down)) down, \(Bandwidth.format(bitsPerSecond: entry.up)) up); \(severity) above \(level)",
                    subject: context.subject(device: entry.vertex), at: context.location(device: entry.vertex)))
        }
        if findings.isEmpty, let worst = entries.max(by: { ($0.ratio, $1.vertex) < ($1.ratio, $0.vertex) }) {
            let limit = levels.warning.map { "; warning above \(formatRatio($0))" } ?? ""
            findings.append(
                finding(
                    .note,
                    "largest oversubscription \(Self.scope) is \(formatRatio(worst.ratio)) at '\(context.id(device: worst.vertex))'\(limit)",
                    subject: context.designSubject, at: context.designLocation,
                    related: [RelatedLocation("switch '\(context.id(device: worst.vertex))'", context.location(device: worst.vertex))]))
        }
        return findings
    }
}

/// Oversubscription of leaves and of switches inside a pod or scalable unit.
public struct PodOversubscriptionRule: OversubscriptionRule {
    /// The `ratio` threshold and its default levels.
    public static let ratio = Threshold("ratio", "downlink ÷ uplink capacity of a switch", .above, SeverityLevels(warning: 1.07, error: 1.25))

    public static let description = RuleDescription(
        identifier: "pod_oversubscription",
        name: "Oversubscription inside a pod",
        summary: "downlink ÷ uplink capacity of leaves and in-pod switches is at most 1.07:1 (warning) and 1.25:1 (error)",
        rationale:
            "Training collectives inside a scalable unit expect a non-blocking fabric; Alibaba HPN's ToR runs 1.067:1 (128 × 200G down, 60 × 400G up), the practical ceiling.",
        kind: .performance,
        defaultSeverity: .warning,
        thresholds: [ratio],
        analyses: [.structure],
        passingExamples: [RuleExample("1:1 leaves") { ExampleDesigns.leafSpine(leaves: 4, spines: 4, perLeaf: 4).topology }],
        failingExamples: [RuleExample("2:1 leaves", subjects: ["leaf-0"]) { ExampleDesigns.leafSpine(leaves: 4, spines: 2, perLeaf: 4).topology }]
    )

    static func entries(_ survey: OversubscriptionSurvey) -> [OversubscriptionSurvey.Entry] { survey.insidePod }
    static var scope: String { "inside its pod" }

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }
}

/// Oversubscription of the switches whose uplinks leave their pod.
public struct InterPodOversubscriptionRule: OversubscriptionRule {
    /// The `ratio` threshold and its default levels.
    public static let ratio = Threshold("ratio", "downlink ÷ uplink capacity of a pod's exit switch", .above, SeverityLevels(warning: 8, error: 16))

    public static let description = RuleDescription(
        identifier: "inter_pod_oversubscription",
        name: "Oversubscription between pods",
        summary: "downlink ÷ uplink capacity of switches whose uplinks leave their pod is at most 8:1 (warning) and 16:1 (error)",
        rationale:
            "Data-parallel traffic between pods tolerates oversubscription; Meta's 24k-GPU RoCE clusters (SIGCOMM 2024) run about 7:1 between AI zones. Beyond 8:1 cross-pod collectives dominate step time.",
        kind: .performance,
        defaultSeverity: .warning,
        thresholds: [ratio],
        analyses: [.structure],
        passingExamples: [
            RuleExample("2 pods, 2:1 at the leaves") {
                ExampleDesigns.leafSpine(leaves: 4, spines: 2, perLeaf: 4, pods: 2).topology
            }
        ],
        failingExamples: [
            RuleExample("2 pods, 10:1 at the leaves", subjects: ["leaf-1"]) {
                ExampleDesigns.leafSpine(leaves: 4, spines: 1, perLeaf: 10, pods: 2).topology
            }
        ]
    )

    static func entries(_ survey: OversubscriptionSurvey) -> [OversubscriptionSurvey.Entry] { survey.betweenPods }
    static var scope: String { "between pods" }

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }
}
