import FabricModel

/// A device with no link to any other device.
public struct IsolatedDeviceRule: Rule {
    public static let description = RuleDescription(
        identifier: "isolated_device",
        name: "Isolated device",
        summary: "every device, and above all every accelerator, has at least one link to another device",
        rationale:
            "An accelerator without a link cannot take part in any job; an isolated switch is capacity that was paid for and not cabled. Both usually mean a missing edge in the layout.",
        kind: .consistency,
        defaultSeverity: .error,
        passingExamples: [RuleExample("every device cabled") { ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 2).topology }],
        failingExamples: [
            RuleExample("an accelerator with no link", subjects: ["acc-spare"]) {
                var builder = ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 2)
                builder.accelerator("acc-spare")
                return builder.topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let topology = context.topology
        var linked = [Bool](repeating: false, count: topology.devices.count)
        for link in topology.links where !link.isSelfLoop {
            linked[Int(link.source)] = true
            linked[Int(link.target)] = true
        }
        var findings: [Finding] = []
        for (index, device) in topology.devices.enumerated() where !linked[index] {
            if device.role == .bus { continue }
            let what = device.isAccelerator ? "accelerator" : device.role.rawValue
            findings.append(
                finding(
                    "\(what) '\(device.id)' has no link to another device",
                    subject: context.subject(device: Int32(index)), at: context.location(device: Int32(index))))
        }
        return findings
    }
}
