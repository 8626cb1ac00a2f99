import FabricModel

/// One port is an endpoint of two or more links.
public struct PortReuseRule: Rule {
    public static let description = RuleDescription(
        identifier: "port_reuse",
        name: "Port used twice",
        summary: "no port is the endpoint of two links",
        rationale: "A physical port takes one cable; two links on one port mean a cabling-plan error and double-counted capacity.",
        kind: .consistency,
        defaultSeverity: .error,
        passingExamples: [RuleExample("one link per port") { PortReuseRule.example(reuse: false) }],
        failingExamples: [RuleExample("two links on leaf-0:eth1", subjects: ["leaf-0:eth1"]) { PortReuseRule.example(reuse: true) }]
    )

    static func example(reuse: Bool) -> Topology {
        var builder = ExampleBuilder("port-reuse")
        builder.switch("leaf-0", tier: 1)
        builder.accelerator("acc-0")
        builder.accelerator("acc-1")
        let p1 = builder.port("leaf-0", "eth1")
        let p2 = builder.port("leaf-0", "eth2")
        builder.link("acc-0", "leaf-0", targetPort: p1)
        builder.link("acc-1", "leaf-0", targetPort: reuse ? p1 : p2)
        return builder.topology
    }

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let topology = context.topology
        guard !topology.ports.isEmpty else { return [] }
        var users = [[Int32]](repeating: [], count: topology.ports.count)
        for (index, link) in topology.links.enumerated() {
            for port in [link.sourcePort, link.targetPort] where port >= 0 && Int(port) < users.count {
                if users[Int(port)].last != Int32(index) { users[Int(port)].append(Int32(index)) }
            }
        }
        var findings: [Finding] = []
        for (portIndex, links) in users.enumerated() where links.count > 1 {
            let port = topology.ports[portIndex]
            let name = "\(topology.devices[Int(port.device)].id):\(port.name)"
            findings.append(
                finding(
                    "port '\(name)' is used by \(links.count) links; a port takes 1",
                    subject: FindingSubject(.port, name), at: context.location(link: links[1]),
                    related: links.map { RelatedLocation("link \(topology.describeLink($0))", context.location(link: $0)) }))
        }
        return findings
    }
}
