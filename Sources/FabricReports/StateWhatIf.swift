import FabricGraph
import FabricModel
import Foundation

/// What `fabcheck whatif` prints: the blast radius of the `--fail` scenario against the baseline (the design, or
/// "now" with `--state`), the state's own impact on the design ("design" -> "now") when there is one, and the
/// affected work when asked for.
public struct StateWhatIfReport: Hashable, Sendable, Codable {
    /// Version of this JSON layout.
    public var schemaVersion: Int
    /// The state applied, when `--state` was given.
    public var state: FailureStateSummary?
    /// The state's impact on the design: figures "design" -> "now".
    public var designToNow: BlastRadiusReport?
    /// The `--fail` scenario on top of the baseline: figures "now" (or the design) -> after.
    public var whatIf: BlastRadiusReport?
    /// The affected work of the state (design -> now), when asked for.
    public var stateAffected: AffectedWork?
    /// The affected work of the `--fail` scenario on top of the baseline, when asked for.
    public var whatIfAffected: AffectedWork?
    /// θ of the baseline's fixed all-to-all demand before and after the `--fail` scenario (`--metric throughput`).
    public var throughput: ThroughputImpact?

    /// The current `schemaVersion`.
    public static let currentSchemaVersion = 1
}

/// The inputs of `StateWhatIfReport.analyze` besides the topologies.
public struct StateWhatIfRequest: Sendable {
    /// The `--fail` selector texts (may be empty with a state).
    public var selectors: [String]
    /// Seed of `random:` selectors.
    public var seed: UInt64
    /// The design file as named on the command line.
    public var designName: String
    /// What the blast radius computes.
    public var options: BlastRadiusOptions
    /// Compute the affected work.
    public var affected: Bool
    /// `--slurm-node`: the attribute naming Slurm nodes.
    public var slurmNode: String?
    /// Drain nodes with a degraded accelerator too.
    public var drainDegraded: Bool
    /// Compute θ of the fixed demand before and after (`--metric throughput`) with these solver options.
    public var throughput: ThroughputOptions?

    /// Creates a request.
    public init(
        selectors: [String], seed: UInt64 = 0, designName: String, options: BlastRadiusOptions = BlastRadiusOptions(),
        affected: Bool = false, slurmNode: String? = nil, drainDegraded: Bool = false
    ) {
        self.selectors = selectors
        self.seed = seed
        self.designName = designName
        self.options = options
        self.affected = affected
        self.slurmNode = slurmNode
        self.drainDegraded = drainDegraded
    }
}

/// Errors of `whatif`: a selector that does not resolve (usage) or a Slurm mapping that cannot be made (input).
public enum StateWhatIfError: Error, Sendable, CustomStringConvertible {
    /// A `--fail` selector does not resolve against the baseline.
    case selector(FailureSelectionError, alreadyDown: Bool)
    /// `--slurm-node` cannot name the nodes.
    case slurm(ExportError)

    public var description: String {
        switch self {
        case .selector(let error, let alreadyDown):
            error.description + (alreadyDown ? " (it is down in the --state file already: name what is up now)" : "")
        case .slurm(let error): error.description
        }
    }
}

extension StateWhatIfReport {
    /// Resolves the selectors against the baseline ("now" when `state` is given, else the design) and computes the
    /// blast radii and affected work asked for.
    /// - Complexity: that of `BlastRadius.analyze`, twice with a state, plus `AffectedWork.compute` per part.
    public static func analyze(
        design: Topology, state: AppliedFailureState?,
        request: StateWhatIfRequest
    ) throws(StateWhatIfError) -> StateWhatIfReport {
        let baseline = state?.now ?? design
        var report = StateWhatIfReport(schemaVersion: currentSchemaVersion)
        if let state {
            report.state = state.summary
            var impact = BlastRadius.analyze(
                topology: design, baseline: BlastRadiusBaseline(graph: CSRGraph(design), topology: design),
                scenario: state.scenario, selectors: ["state:\(state.summary.file)"], designName: request.designName,
                options: request.options)
            impact.baseline = "design"
            impact.state = state.summary
            report.designToNow = impact
            if request.affected { report.stateAffected = try affected(design, state.scenario, request) }
        }
        guard !request.selectors.isEmpty else { return report }
        let scenario: FailureScenario
        do {
            scenario = try FailureSelectorResolver(baseline).resolve(texts: request.selectors, seed: request.seed)
        } catch {
            let downAlready = state != nil && (try? FailureSelectorResolver(design).resolve(texts: request.selectors, seed: request.seed)) != nil
            throw .selector(error, alreadyDown: downAlready)
        }
        var whatIf = BlastRadius.analyze(
            topology: baseline, baseline: BlastRadiusBaseline(graph: CSRGraph(baseline), topology: baseline),
            scenario: scenario, selectors: request.selectors, designName: request.designName, options: request.options)
        if let state {
            whatIf.baseline = "now"
            whatIf.state = state.summary
        }
        report.whatIf = whatIf
        if request.affected { report.whatIfAffected = try affected(baseline, scenario, request) }
        if let options = request.throughput { report.throughput = throughputImpact(baseline, scenario, options: options) }
        return report
    }

    private static func affected(
        _ topology: Topology, _ scenario: FailureScenario,
        _ request: StateWhatIfRequest
    ) throws(StateWhatIfError) -> AffectedWork {
        do {
            return try AffectedWork.compute(
                topology: topology, scenario: scenario, slurmNode: request.slurmNode,
                drainDegraded: request.drainDegraded)
        } catch {
            throw .slurm(error)
        }
    }

    private init(schemaVersion: Int) {
        self.schemaVersion = schemaVersion
    }

    /// JSON with sorted keys, pretty-printed, newline-terminated. Without a state or affected work it is exactly the
    /// what-if's `BlastRadiusReport` JSON (the layout `whatif` always printed).
    public func json() throws -> String {
        if state == nil, stateAffected == nil, whatIfAffected == nil, throughput == nil, let whatIf { return try whatIf.json() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The report for people: the state's impact ("design -> now"), the what-if on top ("now -> after"), then the
    /// affected work.
    public func text() -> String {
        var out = ""
        if let designToNow, let state {
            out += state.headline + "\n"
            out += "design -> now:\n" + indent(designToNow.text())
        }
        if let whatIf {
            if state != nil { out += "\nwhat if on top of now (figures now -> after):\n" + indent(whatIf.text()) } else { out += whatIf.text() }
        }
        if let stateAffected { out += "\nnow (the state):\n" + indent(stateAffected.text()) }
        if let whatIfAffected { out += "\n" + (state != nil ? "the what-if on top of now:\n" : "") + indent(whatIfAffected.text(), by: state != nil ? 2 : 0) }
        if let throughput { out += "\n" + Self.throughputText(throughput, now: state != nil) }
        return out
    }

    private func indent(_ text: String, by width: Int = 2) -> String {
        let pad = String(repeating: " ", count: width)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }
}
