import FabricModel

/// A declared total (graph-level `accelerators`, `switches`, `links`) differs from what the file contains.
public struct DeclaredTotalsRule: Rule {
    public static let description = RuleDescription(
        identifier: "declared_totals",
        name: "Declared totals",
        summary: "graph-level totals (`accelerators`, `switches`, `links`) match what the file contains",
        rationale: "A layout that says 15,488 NPUs and contains 15,424 lost a rack somewhere between the planning sheet and the export.",
        kind: .consistency,
        defaultSeverity: .error,
        passingExamples: [
            RuleExample("8 declared, 8 present") {
                var builder = ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 4)
                builder.set("accelerators", .int(8))
                return builder.topology
            }
        ],
        failingExamples: [
            RuleExample("9 declared, 8 present") {
                var builder = ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 4)
                builder.set("accelerators", .int(9))
                return builder.topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let topology = context.topology
        let accelerators = topology.devices.reduce(0) { $0 + ($1.isAccelerator ? 1 : 0) }
        let switches = topology.devices.reduce(0) { $0 + ($1.role == .switch ? 1 : 0) }
        var totals: [(key: String, declared: Int, actual: Int)] = []
        if let declared = context.properties.declaredAccelerators { totals.append(("accelerators", declared, accelerators)) }
        if let declared = topology.properties["switches"]?.intValue { totals.append(("switches", declared, switches)) }
        if let declared = topology.properties["links"]?.intValue { totals.append(("links", declared, topology.links.count)) }
        return totals.compactMap { total in
            guard total.declared != total.actual else { return nil }
            return finding(
                "the design declares \(total.declared) \(total.key) but contains \(total.actual)",
                subject: FindingSubject(.design, "\(context.designSubject.id)#\(total.key)"), at: context.designLocation)
        }
    }
}
