import FabricModel

/// A link that carries traffic has no positive bandwidth.
public struct LinkBandwidthRule: Rule {
    public static let description = RuleDescription(
        identifier: "link_bandwidth",
        name: "Link bandwidth",
        summary: "every link between two devices has a bandwidth above zero",
        rationale:
            "A zero-capacity link silently removes a path from every capacity analysis; a design where some links declare a bandwidth and others do not mixes bit/s with cable counts.",
        kind: .consistency,
        defaultSeverity: .error,
        passingExamples: [RuleExample("400G everywhere") { ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 2).topology }],
        failingExamples: [
            RuleExample("a 0 Gb/s uplink", subjects: ["leaf-0~spine-1"]) {
                var builder = ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 2)
                builder.removeLinks(between: "leaf-0", "spine-1")
                builder.link("leaf-0", "spine-1", gbps: 0)
                return builder.topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let links = context.topology.links
        let declared = links.contains { $0.bandwidth != nil && !$0.isSelfLoop }
        var findings: [Finding] = []
        // Names and subjects are built only for links that fail: at a million accelerators there are 14.7M links.
        for (index, link) in links.enumerated() where !link.isSelfLoop {
            let message: String
            if let bandwidth = link.bandwidth {
                guard !(bandwidth > 0) || !bandwidth.isFinite else { continue }
                message = "link \(context.topology.describeLink(Int32(index))) has bandwidth \(formatNumber(bandwidth)) b/s; it must be above 0"
            } else if declared {
                message =
                    "link \(context.topology.describeLink(Int32(index))) declares no bandwidth while other links do; it is excluded from every bit/s figure"
            } else {
                continue
            }
            findings.append(finding(message, subject: context.subject(link: Int32(index)), at: context.location(link: Int32(index))))
        }
        return findings
    }
}
