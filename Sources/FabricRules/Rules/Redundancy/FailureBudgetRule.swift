import FabricModel

/// The expected rate of job interruptions for a design of this size (report only).
public struct FailureBudgetRule: Rule {
    /// The `interruptions_per_day` threshold and its default levels.
    public static let interruptionsPerDay = Threshold("interruptions_per_day", "expected interruptions per day", .above, SeverityLevels())

    public static let description = RuleDescription(
        identifier: "failure_budget",
        name: "Failure budget",
        summary: "reports the expected interruptions per day (≈ accelerators × 4.7e-4, about 10% of them network)",
        rationale:
            "Llama 3 training (Meta, 2024) saw 419 unexpected interruptions in 54 days on 16,384 GPUs: 4.7e-4 per accelerator per day, 8.4% switch or cable and 1.7% NIC. Checkpoint intervals and spare capacity should be sized for it.",
        kind: .redundancy,
        defaultSeverity: .note,
        thresholds: [interruptionsPerDay],
        passingExamples: [RuleExample("8 accelerators (a note only)") { ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 4).topology }],
        failingExamples: [RuleExample("reports the budget of 16 accelerators") { ExampleDesigns.leafSpine(leaves: 4, spines: 4, perLeaf: 4).topology }]
    )

    /// Interruptions per accelerator per day (419 / 54 / 16,384).
    public static let ratePerAcceleratorDay = 4.7e-4
    /// Fraction of interruptions caused by the network (switch, cable, NIC).
    public static let networkFraction = 0.1

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let count = context.topology.devices.reduce(0) { $0 + ($1.isAccelerator ? 1 : 0) }
        guard count > 0 else { return [] }
        let perDay = Double(count) * Self.ratePerAcceleratorDay
        let severity = grade(perDay, Self.interruptionsPerDay) ?? .note
        let network = perDay * Self.networkFraction
        let mtbf = 24 / perDay
        return [
            finding(
                severity,
                "\(count) accelerators: expect about \(formatSignificant(perDay)) interruptions per day (one every \(formatSignificant(mtbf)) h), \(formatSignificant(network)) of them network",
                subject: context.designSubject, at: context.designLocation)
        ]
    }
}
