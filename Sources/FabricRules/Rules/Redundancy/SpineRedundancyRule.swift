import FabricModel

/// A leaf with too few spines, or whose uplink capacity depends too much on one spine.
public struct SpineRedundancyRule: Rule {
    /// The `spines` threshold and its default levels.
    public static let spines = Threshold("spines", "distinct higher-tier switches of a leaf", .below, SeverityLevels(warning: 4))
    /// The `loss` threshold and its default levels.
    public static let loss = Threshold("loss", "fraction of a leaf's uplink capacity lost with its busiest spine", .above, SeverityLevels(warning: 0.25))

    public static let description = RuleDescription(
        identifier: "spine_redundancy",
        name: "Spine N+1",
        summary: "each leaf reaches at least 4 spines, and losing one spine removes at most 25% of its uplink capacity",
        rationale:
            "With N spines a spine failure or upgrade removes 1/N of every leaf's uplinks; below 4 that is a third or more, which turns a routine drain into a training slowdown (DGX SuperPOD uses 16+ spines per scalable unit).",
        kind: .redundancy,
        defaultSeverity: .warning,
        thresholds: [
            spines,
            loss,
        ],
        analyses: [.structure],
        passingExamples: [RuleExample("4 spines, 1 link each") { ExampleDesigns.leafSpine(leaves: 4, spines: 4, perLeaf: 4).topology }],
        failingExamples: [RuleExample("2 spines", subjects: ["leaf-0", "leaf-3"]) { ExampleDesigns.leafSpine(leaves: 4, spines: 2, perLeaf: 2).topology }]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let graph = context.graph
        let structure = context.structure
        var findings: [Finding] = []
        var spines: [Int32] = []
        var capacity: [Double] = []
        for (index, device) in context.topology.devices.enumerated()
        where device.role == .switch && structure.level[index] == 1 && !structure.isScaleUpSwitch[index] && structure.upCapacity[index] > 0 {
            let leaf = Int32(index)
            spines.removeAll(keepingCapacity: true)
            capacity.removeAll(keepingCapacity: true)
            for arc in graph.arcs(from: leaf) where !structure.isScaleUpLink[Int(graph.link[Int(arc)])] {
                let head = graph.head[Int(arc)]
                guard structure.level[Int(head)] > 1 else { continue }
                let value = max(graph.capacity[Int(arc)], graph.capacity[Int(graph.reverse[Int(arc)])])
                if let slot = spines.firstIndex(of: head) {
                    capacity[slot] += value
                } else {
                    spines.append(head)
                    capacity.append(value)
                }
            }
            let total = capacity.reduce(0, +)
            guard total > 0 else { continue }
            let top = capacity.indices.max { capacity[$0] < capacity[$1] || (capacity[$0] == capacity[$1] && spines[$0] > spines[$1]) } ?? 0
            let loss = capacity[top] / total
            let countSeverity = grade(Double(spines.count), Self.spines)
            let lossSeverity = grade(loss, Self.loss)
            guard let severity = [countSeverity, lossSeverity].compactMap({ $0 }).max() else { continue }
            let lossText = "losing '\(context.id(device: spines[top]))' removes \(formatPercent(loss)) of its uplink capacity"
            let message: String
            if let countSeverity {
                let needed = levelText(Self.spines, countSeverity)
                message = "'\(device.id)' has \(spines.count) spine\(spines.count == 1 ? "" : "s"); at least \(needed) required (\(lossText))"
            } else {
                message = "'\(device.id)': \(lossText); at most \(levelText(Self.loss, severity, formatPercent)) allowed"
            }
            findings.append(
                finding(
                    severity, message, subject: context.subject(device: leaf), at: context.location(device: leaf),
                    related: [RelatedLocation("spine '\(context.id(device: spines[top]))'", context.location(device: spines[top]))]))
        }
        return findings
    }
}
