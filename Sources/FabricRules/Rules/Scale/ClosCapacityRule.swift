import FabricModel

/// More endpoints than a 1:1 Clos of the switches' radix can hold.
public struct ClosCapacityRule: Rule {
    public static let description = RuleDescription(
        identifier: "clos_capacity",
        name: "Clos capacity",
        summary: "a 1:1 2-tier Clos holds at most r²/2 endpoints and a 3-tier at most r³/4 for switch radix r",
        rationale:
            "These are the capacity limits of a non-blocking folded Clos built from radix-r switches (Al-Fares et al., SIGCOMM 2008: k³/4 hosts for a k-ary fat-tree). A design beyond them is oversubscribed or exceeds a radix somewhere.",
        kind: .scale,
        defaultSeverity: .error,
        analyses: [.structure],
        passingExamples: [
            RuleExample("radix 8, 2 tiers, 16 accelerators (limit 32)") {
                ExampleDesigns.leafSpine(leaves: 4, spines: 4, perLeaf: 4, radix: 8).topology
            }
        ],
        failingExamples: [
            RuleExample("radix 6, 2 tiers, 24 accelerators (limit 18)") {
                ExampleDesigns.leafSpine(leaves: 4, spines: 2, perLeaf: 6, radix: 6).topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let structure = context.structure
        let tiers = structure.switchTierCount
        guard tiers == 2 || tiers == 3 else { return [] }
        var radix = 0
        for (index, device) in context.topology.devices.enumerated()
        where device.role == .switch && !structure.isScaleUpSwitch[index] && structure.level[index] > 0 {
            guard let declared = device.radix else { return [] }
            radix = max(radix, declared)
        }
        guard radix > 0 else { return [] }
        let r = Double(radix)
        let limit = tiers == 2 ? r * r / 2 : r * r * r / 4
        let count = context.graph.accelerators.count
        guard Double(count) > limit else { return [] }
        let formula = tiers == 2 ? "r²/2" : "r³/4"
        return [
            finding(
                "\(count) accelerators exceed the \(formatNumber(limit)) a 1:1 \(tiers)-tier Clos of radix-\(radix) switches holds (\(formula))",
                subject: context.designSubject, at: context.designLocation)
        ]
    }
}
