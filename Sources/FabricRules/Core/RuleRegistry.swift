/// The default rule set, embedded in the binary.
public enum RuleRegistry {
    /// Every rule fabcheck has, in no particular order (`descriptions` is sorted).
    public static let all: [any Rule.Type] = [
        // consistency
        SelfLoopRule.self, PortSpeedRule.self, PortReuseRule.self, RadixRule.self, LinkBandwidthRule.self,
        LinkLatencyRule.self, DeviceRoleRule.self, IsolatedDeviceRule.self, DeclaredTotalsRule.self, RailAlignmentRule.self,
        // scale
        AcceleratorLimitRule.self, ClosCapacityRule.self, ScaleUpDomainRule.self, DiameterRule.self,
        // redundancy
        DualHomingRule.self, ScaleUpPlanesRule.self, SpineRedundancyRule.self, SharedRiskRule.self, FailureBudgetRule.self,
        SinglePointOfFailureRule.self, EdgeDisjointPathsRule.self, BlastRadiusRule.self, VendorDiversityRule.self,
        // performance
        PodOversubscriptionRule.self, InterPodOversubscriptionRule.self, ScaleOutBandwidthRule.self,
        ECMPPathDiversityRule.self, BisectionRatioRule.self, DeadlockFreedomRule.self,
    ]

    /// Descriptions of every rule, sorted by kind then id.
    public static var descriptions: [RuleDescription] {
        all.map { $0.description }.sorted { ($0.kind, $0.identifier) < ($1.kind, $1.identifier) }
    }

    /// The rule type with this id.
    public static func rule(withID id: String) -> (any Rule.Type)? { all.first { $0.description.identifier == id } }
}
