import FabricModel

/// A negative or non-finite link latency.
public struct LinkLatencyRule: Rule {
    public static let description = RuleDescription(
        identifier: "link_latency",
        name: "Link latency",
        summary: "a link's latency, when declared, is a finite number at least 0",
        rationale: "Latency feeds path-length and collective-time estimates; a negative value is an export error.",
        kind: .consistency,
        defaultSeverity: .error,
        passingExamples: [
            RuleExample("100 ns links") {
                var b = ExampleBuilder("latency")
                b.switch("leaf-0", tier: 1)
                b.accelerator("acc-0")
                b.accelerator("acc-1")
                b.link("acc-0", "leaf-0", latency: 100)
                b.link("acc-1", "leaf-0", latency: 100)
                return b.topology
            }
        ],
        failingExamples: [
            RuleExample("a -5 ns link", subjects: ["acc-1~leaf-0"]) {
                var b = ExampleBuilder("latency")
                b.switch("leaf-0", tier: 1)
                b.accelerator("acc-0")
                b.accelerator("acc-1")
                b.link("acc-0", "leaf-0", latency: 100)
                b.link("acc-1", "leaf-0", latency: -5)
                return b.topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        for (index, link) in context.topology.links.enumerated() {
            guard let latency = link.latencyNanoseconds, !(latency >= 0) || !latency.isFinite else { continue }
            findings.append(
                finding(
                    "link \(context.topology.describeLink(Int32(index))) has latency \(formatNumber(latency)) ns; it must be at least 0",
                    subject: context.subject(link: Int32(index)), at: context.location(link: Int32(index))))
        }
        return findings
    }
}
