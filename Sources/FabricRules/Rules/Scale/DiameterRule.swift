import FabricGraph
import FabricModel

/// Paths between accelerators longer than the design family allows.
public struct DiameterRule: Rule {
    /// The `switch_hops_pod` threshold and its default levels.
    public static let switchHopsPod = Threshold(
        "switch_hops_pod", "switches on the longest shortest path between accelerators of one pod", .above, SeverityLevels(warning: 3))
    /// The `switch_hops` threshold and its default levels.
    public static let switchHops = Threshold("switch_hops", "switches on the longest shortest path between accelerators", .above, SeverityLevels(error: 5))
    /// The `links` threshold and its default levels.
    public static let links = Threshold(
        "links", "links on the longest shortest path between accelerators of a direct network", .above, SeverityLevels(warning: 32))

    public static let description = RuleDescription(
        identifier: "diameter",
        name: "Diameter",
        summary:
            "switched fabrics: at most 3 switch hops inside a pod (warning) and 5 end to end (error); direct networks (torus, full mesh): at most 32 links (warning)",
        rationale:
            "Every switch hop adds latency (~600 ns for a 51.2T Ethernet switch) and a congestion point to every collective step; a 3-tier Clos has 5 switch hops end to end, so more means an extra tier or a detour. Direct networks trade hops for radix: a 16³ torus has 24.",
        kind: .scale,
        defaultSeverity: .warning,
        thresholds: [
            switchHopsPod,
            switchHops,
            links,
        ],
        analyses: [.structure, .routing],
        passingExamples: [
            RuleExample("leaf–spine: 3 switch hops") { ExampleDesigns.leafSpine(leaves: 4, spines: 2, perLeaf: 2).topology },
            RuleExample("ring of 40: 20 links") { ExampleDesigns.ring(count: 40).topology },
        ],
        failingExamples: [
            RuleExample("ring of 70: 35 links") { ExampleDesigns.ring(count: 70).topology },
            RuleExample("a chain of 6 switches: 6 switch hops", subjects: ["<example chain>"]) {
                var builder = ExampleBuilder("chain")
                for index in 0..<6 { builder.switch("sw-\(index)", tier: 1) }
                for index in 0..<5 { builder.link("sw-\(index)", "sw-\(index + 1)") }
                builder.accelerator("acc-a")
                builder.accelerator("acc-b")
                builder.link("acc-a", "sw-0")
                builder.link("acc-b", "sw-5")
                return builder.topology
            },
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let routing = context.routing
        guard let diameter = routing.diameter else { return [] }
        let switched = context.topology.devices.contains { $0.role == .switch || $0.role == .ocs }
        let direct = !switched
        var findings: [Finding] = []
        if direct {
            if let severity = grade(Double(diameter), Self.links) {
                let level = levelText(Self.links, severity)
                findings.append(
                    finding(
                        severity, "the longest shortest path between accelerators has \(diameter) links; \(severity) above \(level)",
                        subject: context.designSubject, at: context.designLocation))
            }
            return findings
        }
        let hops = diameter - 1
        if let severity = grade(Double(hops), Self.switchHops) {
            let level = levelText(Self.switchHops, severity)
            findings.append(
                finding(
                    severity, "the longest shortest path between accelerators crosses \(hops) switches; \(severity) above \(level)",
                    subject: context.designSubject, at: context.designLocation))
        }
        if let podDiameter = routing.podDiameter, let pod = routing.podDiameterPod, let severity = grade(Double(podDiameter - 1), Self.switchHopsPod) {
            let level = levelText(Self.switchHopsPod, severity)
            findings.append(
                finding(
                    severity,
                    "the longest shortest path inside pod '\(pod)' crosses \(podDiameter - 1) switches; \(severity) above \(level)",
                    subject: FindingSubject(.pod, pod), at: context.designLocation))
        }
        return findings
    }
}
