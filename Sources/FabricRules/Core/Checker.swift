import FabricModel
import Foundation

/// The outcome of checking one or more designs: kept findings in report order, plus what was filtered out.
public struct CheckReport: Sendable {
    /// The files checked, in the order given.
    public var files: [String]
    /// Descriptions of the rules that ran, sorted by kind then id.
    public var rules: [RuleDescription]
    /// Findings after suppressions and the baseline, sorted by `Finding.reportOrder`.
    public var findings: [Finding]
    /// Findings a suppression accepted, with its reason.
    public var suppressed: [(finding: Finding, reason: String)]
    /// Number of findings the baseline accepted.
    public var baselined: Int
    /// Errors that kept an input file from being checked, in the order the files were given; each names its file
    /// in `location.file` (line and column 0 when the error has no place in the file). Those files are not in `files`.
    public var inputErrors: [Diagnostic]

    /// Creates a report.
    public init(
        files: [String], rules: [RuleDescription], findings: [Finding],
        suppressed: [(finding: Finding, reason: String)] = [], baselined: Int = 0, inputErrors: [Diagnostic] = []
    ) {
        assert(inputErrors.allSatisfy { $0.location != nil }, "an input error names its file")
        self.files = files
        self.rules = rules
        self.findings = findings
        self.suppressed = suppressed
        self.baselined = baselined
        self.inputErrors = inputErrors
    }

    /// The files that could not be checked, in the order given, each once.
    public var unreadableFiles: [String] {
        var seen = Set<String>()
        return inputErrors.compactMap { $0.location?.file }.filter { seen.insert($0).inserted }
    }

    /// Number of kept findings of a severity.
    public func count(_ severity: Severity) -> Int { findings.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) } }

    /// Whether any kept finding is at or above `threshold`.
    public func hasFindings(atOrAbove threshold: Severity) -> Bool { findings.contains { $0.severity >= threshold } }
}

/// Runs rules over designs.
public struct Checker: Sendable {
    /// The rule types available (the default rule set unless a test narrows it).
    public var ruleTypes: [any Rule.Type]
    /// The configuration in force.
    public var configuration: RuleConfiguration
    /// Accepted findings.
    public var baseline: Baseline?
    /// Where per-analysis and per-rule times are recorded (`--timings`); nil records nothing.
    public var timings: CheckTimings?

    /// A checker with the default rules.
    public init(
        configuration: RuleConfiguration = RuleConfiguration(), baseline: Baseline? = nil,
        ruleTypes: [any Rule.Type] = RuleRegistry.all
    ) {
        self.configuration = configuration
        self.baseline = baseline
        self.ruleTypes = ruleTypes
    }

    /// The rules enabled by the configuration, with their settings, sorted by kind then id.
    public var enabledRules: [any Rule] {
        ruleTypes
            .sorted { ($0.description.kind, $0.description.identifier) < ($1.description.kind, $1.description.identifier) }
            .compactMap { type in configuration.settings(for: type.description).map { type.init(settings: $0) } }
    }

    /// Every finding of the enabled rules on one design, one per (rule, subject), before suppressions.
    public func findings(in topology: Topology) -> [Finding] {
        findings(in: context(for: topology))
    }

    /// The context the checker would create for `topology` (configuration applied, timings recorded), to share its
    /// analyses with the caller; `bisectionReference` as in `CheckContext.init`.
    public func context(for topology: Topology, bisectionReference: BisectionReferenceSource? = nil) -> CheckContext {
        CheckContext(
            topology: topology, properties: configuration.applied(to: DesignProperties(topology: topology)), timings: timings,
            bisectionReference: bisectionReference)
    }

    /// Every finding of the enabled rules, computing the analyses they need in `context` (kept there for reuse).
    public func findings(in context: CheckContext) -> [Finding] {
        let rules = enabledRules
        context.prepare(Set(rules.flatMap { type(of: $0).description.analyses }))
        let results = ParallelSlots<[Finding]>(count: rules.count)
        DispatchQueue.concurrentPerform(iterations: rules.count) { index in
            let rule = rules[index]
            let identifier = type(of: rule).description.identifier
            var found = timings.map { $0.measure("rule \(identifier)") { rule.check(context) } } ?? rule.check(context)
            if rule.settings.severityOverridden {
                for slot in found.indices where found[slot].severity != .note { found[slot].severity = rule.settings.severity }
            }
            results.set(index, found)
        }
        var best: [String: Finding] = [:]
        for finding in results.values.map { $0 ?? [] }.joined() {
            let key = "\(finding.ruleID)\u{1}\(finding.subject.kind.rawValue)\u{1}\(finding.subject.id)"
            if let existing = best[key], !Finding.reportOrder(finding, existing) { continue }
            best[key] = finding
        }
        return best.values.sorted(by: Finding.reportOrder)
    }

    /// Checks designs and applies suppressions and the baseline.
    public func check(_ topologies: [Topology]) -> CheckReport {
        var kept: [Finding] = []
        var suppressed: [(finding: Finding, reason: String)] = []
        var baselined = 0
        for topology in topologies {
            for finding in findings(in: topology) {
                if let suppression = configuration.suppressions.first(where: { $0.matches(finding) }) {
                    suppressed.append((finding, suppression.reason))
                } else if let baseline, baseline.contains(finding) {
                    baselined += 1
                } else {
                    kept.append(finding)
                }
            }
        }
        kept.sort(by: Finding.reportOrder)
        return CheckReport(
            files: topologies.map(\.file), rules: enabledRules.map { type(of: $0).description },
            findings: kept, suppressed: suppressed, baselined: baselined)
    }
}
