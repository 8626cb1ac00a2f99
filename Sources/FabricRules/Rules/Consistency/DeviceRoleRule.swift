import FabricModel

/// A device without a known role in a file that declares roles.
public struct DeviceRoleRule: Rule {
    public static let description = RuleDescription(
        identifier: "device_role",
        name: "Device role",
        summary: "in a file that declares roles, every node has one fabcheck knows",
        rationale:
            "Every analysis is about accelerators and the switches between them; a node whose role is missing or unknown is silently treated as neither, and its links drop out of capacity and redundancy figures.",
        kind: .consistency,
        defaultSeverity: .error,
        passingExamples: [RuleExample("roles on every node") { ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 2).topology }],
        failingExamples: [
            RuleExample("a node with role 'widget'", subjects: ["box-0"]) {
                var builder = ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 2)
                builder.device("box-0", .other, attributes: ["role": .string("widget")])
                builder.link("box-0", "leaf-0")
                return builder.topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let topology = context.topology
        guard topology.rolesDeclared else { return [] }
        var findings: [Finding] = []
        for (index, device) in topology.devices.enumerated() where device.role == .other {
            // `other` given explicitly is a role; `other` with the raw text kept, or nothing, is not.
            let message: String
            switch device.attributes["role"] {
            case .string(let text)? where Role(parsing: text) == nil:
                message = "'\(device.id)' has unknown role '\(text)'"
            case nil where device.attributes["type"] == nil:
                message = "'\(device.id)' has no role"
            default:
                continue
            }
            findings.append(finding(message, subject: context.subject(device: Int32(index)), at: context.location(device: Int32(index))))
        }
        return findings
    }
}
