import FabricModel

/// A device uses more ports than its declared radix.
public struct RadixRule: Rule {
    public static let description = RuleDescription(
        identifier: "radix_exceeded",
        name: "Radix exceeded",
        summary: "a switch uses at most its declared radix ports (parallel links count)",
        rationale: "A switch ASIC has a fixed number of ports (64 for a 51.2T chip at 800G); a plan that cables more cannot be built.",
        kind: .consistency,
        defaultSeverity: .error,
        passingExamples: [RuleExample("radix 8, 8 links") { ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 4, linksPerPair: 2, radix: 8).topology }],
        failingExamples: [
            RuleExample("radix 8, 9 links on each leaf", subjects: ["leaf-0", "leaf-1"]) {
                ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 5, linksPerPair: 2, radix: 8).topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let topology = context.topology
        var used = [Int](repeating: 0, count: topology.devices.count)
        for link in topology.links {
            let cables = Int(max(link.multiplicity, 1))
            used[Int(link.source)] += cables
            used[Int(link.target)] += cables
        }
        var findings: [Finding] = []
        for (index, device) in topology.devices.enumerated() {
            guard let radix = device.radix, used[index] > radix else { continue }
            findings.append(
                finding(
                    "'\(device.id)' uses \(used[index]) ports; its radix is \(radix)",
                    subject: context.subject(device: Int32(index)), at: context.location(device: Int32(index))))
        }
        return findings
    }
}
