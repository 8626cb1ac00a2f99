import FabricModel

/// A link whose two ends are the same device.
public struct SelfLoopRule: Rule {
    public static let description = RuleDescription(
        identifier: "self_loop",
        name: "Self-loop",
        summary: "a link's two endpoints are distinct devices",
        rationale:
            "A cable from a device back to itself carries no traffic between devices; in a generated or exported layout it is almost always a typo in an endpoint id.",
        kind: .consistency,
        defaultSeverity: .warning,
        passingExamples: [
            RuleExample("two accelerators on a leaf") {
                var b = ExampleBuilder("no-loop")
                b.switch("leaf-0", tier: 1)
                b.accelerator("acc-0")
                b.accelerator("acc-1")
                b.link("acc-0", "leaf-0")
                b.link("acc-1", "leaf-0")
                return b.topology
            }
        ],
        failingExamples: [
            RuleExample("a leaf cabled to itself", subjects: ["leaf-0~leaf-0"]) {
                var b = ExampleBuilder("loop")
                b.switch("leaf-0", tier: 1)
                b.accelerator("acc-0")
                b.accelerator("acc-1")
                b.link("acc-0", "leaf-0")
                b.link("acc-1", "leaf-0")
                b.link("leaf-0", "leaf-0")
                return b.topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        for (index, link) in context.topology.links.enumerated() where link.isSelfLoop {
            let id = context.id(device: link.source)
            findings.append(
                finding(
                    "link \(context.topology.describeLink(Int32(index))) connects '\(id)' to itself",
                    subject: context.subject(link: Int32(index)), at: context.location(link: Int32(index))))
        }
        return findings
    }
}
