import FabricModel

/// Both ends of a link declare a port speed and the speeds differ.
public struct PortSpeedRule: Rule {
    public static let description = RuleDescription(
        identifier: "port_speed_mismatch",
        name: "Port speed mismatch",
        summary: "a link's two ports agree on speed where both declare one",
        rationale: "A 400G port cabled to a 200G port negotiates down (or does not come up); the capacity every analysis assumes is then wrong.",
        kind: .consistency,
        defaultSeverity: .error,
        passingExamples: [RuleExample("two 400G ports") { PortSpeedRule.example(400, 400) }],
        failingExamples: [RuleExample("400G cabled to 200G", subjects: ["acc-0~leaf-0"]) { PortSpeedRule.example(400, 200) }]
    )

    static func example(_ a: Double, _ b: Double) -> Topology {
        var builder = ExampleBuilder("ports")
        builder.switch("leaf-0", tier: 1)
        builder.accelerator("acc-0")
        let p = builder.port("acc-0", "nic0", attributes: ["speed": .string("\(Int(a))Gb/s")])
        let q = builder.port("leaf-0", "eth1", attributes: ["speed": .string("\(Int(b))Gb/s")])
        builder.link("acc-0", "leaf-0", sourcePort: p, targetPort: q)
        return builder.topology
    }

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    /// The speed a port declares (`speed` or `bandwidth`, with a unit or in the key's unit, bare numbers in Gb/s).
    static func speed(of port: Port) -> Double? {
        for key in port.attributes.keys.sorted() where key == "speed" || key == "bandwidth" || key.hasPrefix("speed_") || key.hasPrefix("bandwidth_") {
            guard let value = port.attributes[key] else { continue }
            let unit = Bandwidth.unit(forKeyName: key) ?? .gbps
            switch value {
            case .string(let text): if let parsed = try? Bandwidth.parse(text, bareUnit: unit) { return parsed }
            default: if let number = value.doubleValue { return number * unit.bitsPerSecond }
            }
        }
        return nil
    }

    public func check(_ context: CheckContext) -> [Finding] {
        let topology = context.topology
        var findings: [Finding] = []
        for (index, link) in topology.links.enumerated() where link.sourcePort >= 0 && link.targetPort >= 0 {
            guard Int(link.sourcePort) < topology.ports.count, Int(link.targetPort) < topology.ports.count else { continue }
            let a = topology.ports[Int(link.sourcePort)]
            let b = topology.ports[Int(link.targetPort)]
            guard let speedA = Self.speed(of: a), let speedB = Self.speed(of: b), speedA != speedB else { continue }
            let nameA = "\(topology.devices[Int(a.device)].id):\(a.name)"
            let nameB = "\(topology.devices[Int(b.device)].id):\(b.name)"
            findings.append(
                finding(
                    "link \(topology.describeLink(Int32(index))) joins '\(nameA)' at \(Bandwidth.format(bitsPerSecond: speedA)) and '\(nameB)' at \(Bandwidth.format(bitsPerSecond: speedB))",
                    subject: context.subject(link: Int32(index)), at: context.location(link: Int32(index)),
                    related: [
                        RelatedLocation("port '\(nameA)'", SourceLocation(file: topology.file, position: a.position)),
                        RelatedLocation("port '\(nameB)'", SourceLocation(file: topology.file, position: b.position)),
                    ]))
        }
        return findings
    }
}
