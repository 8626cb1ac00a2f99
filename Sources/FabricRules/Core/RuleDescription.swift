import FabricModel

/// The family a rule belongs to; also the order of sections in `fabcheck rules` and `docs/rules.md`.
public enum RuleKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// The file describes a well-formed fabric.
    case consistency
    /// The design stays within what its building blocks can hold.
    case scale
    /// No single failure takes out more than the design allows.
    case redundancy
    /// Capacity, oversubscription, paths and deadlock freedom.
    case performance

    public static func < (lhs: RuleKind, rhs: RuleKind) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// An analysis a rule needs; `CheckContext` computes each one once, only when a running rule asks for it.
public enum Analysis: String, Sendable, Codable, CaseIterable, Comparable {
    /// The CSR graph of the topology.
    case graph
    /// Tiers, pods, scale-up and scale-out classification of links (`FabricStructure`).
    case structure
    /// Components, bridges and articulation points with separated-accelerator counts.
    case connectivity
    /// Edge-disjoint paths between accelerators.
    case edgeConnectivity
    /// Shortest paths, ECMP path counts and the diameter.
    case routing
    /// The bisection bracket.
    case bisection
    /// Single-failure blast radius of links, switches and SRLGs.
    case blastRadius
    /// The channel-dependency graph of the routing in use.
    case channelDependency

    public static func < (lhs: Analysis, rhs: Analysis) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// A small topology built in code that shows a rule passing or failing; every example runs as a test.
public struct RuleExample: Sendable {
    /// A short description (`two spines per leaf`).
    public var name: String
    /// Subjects (element ids) the rule must report on the failing example; empty means "at least one finding".
    public var expectedSubjects: [String]
    /// Builds the topology.
    public var build: @Sendable () -> Topology

    /// Creates an example.
    public init(_ name: String, subjects: [String] = [], _ build: @escaping @Sendable () -> Topology) {
        self.name = name
        self.expectedSubjects = subjects
        self.build = build
    }
}

/// Everything about a rule except its logic (SwiftLint `RuleDescription`): drives `fabcheck rules`, `docs/rules.md`,
/// SARIF `tool.driver.rules[]` and the example tests.
public struct RuleDescription: Sendable {
    /// Snake_case, stable forever, without a `_rule` suffix.
    public var identifier: String
    /// Human name (`Spine N+1`).
    public var name: String
    /// One line: what the rule checks.
    public var summary: String
    /// Why it matters, with the source of its numbers.
    public var rationale: String
    /// The family of the rule.
    public var kind: RuleKind
    /// The severity of a finding when the rule has no thresholds or a finding is not graded by one.
    public var defaultSeverity: Severity
    /// Configurable thresholds with their default levels.
    public var thresholds: [Threshold]
    /// The analyses the rule reads from the context.
    public var analyses: [Analysis]
    /// Designs on which the rule reports nothing at warning or error.
    public var passingExamples: [RuleExample]
    /// Designs on which the rule reports at least one warning or error.
    public var failingExamples: [RuleExample]

    /// Creates a description.
    public init(
        identifier: String, name: String, summary: String, rationale: String, kind: RuleKind,
        defaultSeverity: Severity, thresholds: [Threshold] = [], analyses: [Analysis] = [],
        passingExamples: [RuleExample] = [], failingExamples: [RuleExample] = []
    ) {
        self.identifier = identifier
        self.name = name
        self.summary = summary
        self.rationale = rationale
        self.kind = kind
        self.defaultSeverity = defaultSeverity
        self.thresholds = thresholds
        self.analyses = analyses
        self.passingExamples = passingExamples
        self.failingExamples = failingExamples
    }

    /// The threshold with this name, if the rule has one.
    public func threshold(named name: String) -> Threshold? { thresholds.first { $0.name == name } }
}

/// Effective settings of one rule for one run: its default severity and threshold levels after configuration.
public struct RuleSettings: Hashable, Sendable {
    /// Severity for ungraded findings; a configured severity also replaces the graded severities of warnings and errors.
    public var severity: Severity
    /// Whether `severity` was set by the configuration (then it overrides every non-note finding).
    public var severityOverridden: Bool
    /// Levels by threshold name.
    public var levels: [String: SeverityLevels]

    /// The defaults of a description.
    public init(_ description: RuleDescription) {
        self.severity = description.defaultSeverity
        self.severityOverridden = false
        self.levels = Dictionary(uniqueKeysWithValues: description.thresholds.map { ($0.name, $0.levels) })
    }

    /// The configured levels of one of the rule's thresholds (its `static let`, so a misspelt key cannot compile).
    public subscript(_ threshold: Threshold) -> SeverityLevels {
        assert(levels[threshold.name] != nil, "threshold '\(threshold.name)' is not in the rule's description")
        return levels[threshold.name] ?? threshold.levels
    }
}

/// A check over a topology. Rules are values: their description is static, their settings come from configuration.
public protocol Rule: Sendable {
    /// The rule's identity, documentation, thresholds, needed analyses and examples.
    static var description: RuleDescription { get }
    /// Creates the rule with effective settings.
    init(settings: RuleSettings)
    /// The settings the rule runs with.
    var settings: RuleSettings { get }
    /// Runs the rule; findings need not be sorted.
    func check(_ context: CheckContext) -> [Finding]
}

extension Rule {
    /// The rule's stable id.
    public static var identifier: String { description.identifier }

    /// A finding of this rule about a subject at a location.
    public func finding(
        _ severity: Severity, _ message: String, subject: FindingSubject, at location: SourceLocation,
        related: [RelatedLocation] = []
    ) -> Finding {
        Finding(
            ruleID: Self.description.identifier, severity: severity, message: message, subject: subject,
            location: location, related: related)
    }

    /// A finding at the rule's default (or configured) severity.
    public func finding(
        _ message: String, subject: FindingSubject, at location: SourceLocation,
        related: [RelatedLocation] = []
    ) -> Finding {
        finding(settings.severity, message, subject: subject, at: location, related: related)
    }

    /// The level a graded severity was measured against, as message text (`formatNumber` unless `format` is given).
    public func levelText(_ threshold: Threshold, _ severity: Severity, _ format: (Double) -> String = formatNumber) -> String {
        (settings[threshold].level(for: severity) ?? threshold.levels.level(for: severity)).map(format) ?? "?"
    }

    /// The graded severity of `value` for a threshold, or nil when within its levels.
    public func grade(_ value: Double, _ threshold: Threshold) -> Severity? {
        settings[threshold].severity(of: value, threshold.direction)
    }
}
