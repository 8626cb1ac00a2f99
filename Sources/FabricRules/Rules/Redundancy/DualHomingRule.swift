import FabricModel

/// In a `no_spof` design, an accelerator whose scale-out links all land on one switch.
public struct DualHomingRule: Rule {
    /// The `switches` threshold and its default levels.
    public static let switches = Threshold("switches", "distinct switches an accelerator's scale-out links land on", .below, SeverityLevels(warning: 2))

    public static let description = RuleDescription(
        identifier: "dual_homing",
        name: "Dual-homing",
        summary: "in a design tagged `no_spof`, each accelerator's scale-out links land on at least 2 switches",
        rationale:
            "A single-homed NIC makes its ToR a single point of failure for the accelerator; Alibaba HPN (SIGCOMM 2024) dual-homes every NIC to two ToRs for exactly this reason.",
        kind: .redundancy,
        defaultSeverity: .warning,
        thresholds: [switches],
        analyses: [.structure],
        passingExamples: [
            RuleExample("dual-homed to a leaf pair") {
                var builder = ExampleDesigns.leafSpine(leaves: 4, spines: 4, perLeaf: 2, dualHomed: true)
                builder.set("no_spof", .bool(true))
                return builder.topology
            }
        ],
        failingExamples: [
            RuleExample("single-homed, tagged no_spof", subjects: ["acc-0-0", "acc-1-1"]) {
                var builder = ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 2)
                builder.set("no_spof", .bool(true))
                return builder.topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        guard context.properties.noSPOF else { return [] }
        let graph = context.graph
        let structure = context.structure
        var findings: [Finding] = []
        var neighbours: [Int32] = []
        for vertex in graph.accelerators {
            neighbours.removeAll(keepingCapacity: true)
            var firstArc: Int32 = -1
            for arc in graph.arcs(from: vertex) where !structure.isScaleUpLink[Int(graph.link[Int(arc)])] {
                let head = graph.head[Int(arc)]
                if graph.isAccelerator[Int(head)] { continue }
                if firstArc < 0 { firstArc = arc }
                if !neighbours.contains(head) { neighbours.append(head) }
            }
            guard firstArc >= 0, let severity = grade(Double(neighbours.count), Self.switches) else { continue }
            let needed = levelText(Self.switches, severity)
            let only = neighbours.first.map { " ('\(context.id(device: $0))')" } ?? ""
            findings.append(
                finding(
                    severity,
                    "'\(context.id(device: vertex))' has scale-out links to \(neighbours.count) switch\(neighbours.count == 1 ? "" : "es")\(only); at least \(needed) required",
                    subject: context.subject(device: vertex), at: context.location(device: vertex),
                    related: [RelatedLocation("scale-out link", context.location(link: graph.link[Int(firstArc)]))]))
        }
        return findings
    }
}
