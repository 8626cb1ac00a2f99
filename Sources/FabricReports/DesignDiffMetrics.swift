import FabricGraph
import FabricModel
import FabricRules
import Foundation

/// A finding reduced to what identifies it across two versions of a design (file names and lines differ).
public struct FindingKey: Hashable, Sendable, Codable, Comparable {
    /// The rule id.
    public var rule: String
    /// The severity.
    public var severity: Severity
    /// The subject (`device 'leaf-07'`; `design` for the design as a whole, whose file name differs between versions).
    public var subject: String
    /// The message.
    public var message: String

    /// Creates the key of a finding.
    public init(_ finding: Finding) {
        rule = finding.ruleID
        severity = finding.severity
        subject = finding.subject.kind == .design ? "design" : finding.subject.description
        message = finding.message
    }

    /// Orders by severity (errors first), then rule, subject and message.
    public static func < (lhs: FindingKey, rhs: FindingKey) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        return (lhs.rule, lhs.subject, lhs.message) < (rhs.rule, rhs.subject, rhs.message)
    }

    /// What identifies the issue across versions: rule and subject (the message may carry numbers or an example
    /// that changed, the severity may have changed).
    var issue: String { rule + "\u{1}" + subject }
}

/// The single failure that strands the most accelerators.
public struct WorstFailure: Hashable, Sendable, Codable {
    /// `device 'spine-3'` or `link 'leaf-1'~'spine-3'`.
    public var element: String
    /// Accelerators cut off from the largest accelerator component (the failed one itself not counted).
    public var strandedAccelerators: Int

    /// Creates the record.
    public init(element: String, strandedAccelerators: Int) {
        self.element = element
        self.strandedAccelerators = strandedAccelerators
    }
}

/// The figures `fabcheck diff` compares and `fabcheck report` shows at the top.
public struct DesignMetrics: Hashable, Sendable, Codable {
    /// Accelerators.
    public var accelerators: Int
    /// Devices.
    public var devices: Int
    /// Physical cables (multiplicity counted).
    public var cables: Int
    /// Proven lower bound of the bisection in bit/s; nil when not computed.
    public var bisectionLowerBps: Double?
    /// Best balanced cut found, in bit/s.
    public var bisectionUpperBps: Double?
    /// Full bisection: half the accelerators' injection bandwidth, in bit/s.
    public var fullBisectionBps: Double?
    /// Highest link utilization ρ under uniform all-to-all with ECMP at full injection; nil when not computed.
    public var maxUtilization: Double?
    /// All-to-all rate the connected accelerators sustain together (throughput × their injection bandwidth), bit/s;
    /// nil when not computed. Unlike `maxUtilization` it cannot improve by losing a cable.
    public var sustainedAllToAllBps: Double?
    /// Single links and devices whose failure strands accelerators (graph engine bridges and articulation points).
    public var singlePointsOfFailure: Int
    /// The single link or device failure that strands the most accelerators; nil when none strands any.
    public var worstSingleFailure: WorstFailure?
    /// Rule findings, sorted.
    public var findings: [FindingKey]

    /// Findings of a severity.
    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

    /// lower ÷ full bisection.
    public var bisectionLowerRatio: Double? { ratio(bisectionLowerBps) }
    /// upper ÷ full bisection.
    public var bisectionUpperRatio: Double? { ratio(bisectionUpperBps) }

    private func ratio(_ value: Double?) -> Double? {
        guard let value, let full = fullBisectionBps, full > 0 else { return nil }
        return value / full
    }
}

/// What to compute for the metrics of a design.
public struct DesignAnalysisOptions: Sendable {
    /// Compute the bisection bracket (seconds on a 15k-accelerator design).
    public var bisection: Bool
    /// Route uniform all-to-all with ECMP for the utilizations.
    public var traffic: Bool
    /// Run the rule set.
    public var rules: Bool
    /// Rules configuration.
    public var configuration: RuleConfiguration

    /// Everything on, default rules.
    public init(bisection: Bool = true, traffic: Bool = true, rules: Bool = true, configuration: RuleConfiguration = RuleConfiguration()) {
        self.bisection = bisection
        self.traffic = traffic
        self.rules = rules
        self.configuration = configuration
    }
}

/// The analyses behind `fabcheck diff` and `fabcheck report`, each computed once: the rule set runs on a
/// `CheckContext`, and the figures the rules already needed (graph, connectivity, the bisection bracket built on the
/// context's all-to-all loads) are read back from that context instead of being recomputed. All-to-all ECMP
/// utilization at full injection (`TrafficAnalysis`) is routed alongside the rules on the other core.
public struct DesignAnalysis: Sendable {
    /// The design.
    public let topology: Topology
    /// The CSR graph.
    public let graph: CSRGraph
    /// Counts at a glance.
    public let summary: TopologySummary
    /// Rule findings (before suppressions), sorted for reports.
    public let findings: [Finding]
    /// Rules that ran.
    public let rules: [RuleDescription]
    /// The bisection bracket, when computed.
    public let bisection: BisectionBracket?
    /// All-to-all ECMP traffic, when computed and routable.
    public let traffic: TrafficReport?
    /// Why traffic is missing when it was asked for.
    public let trafficNote: String?
    /// Components, bridges and articulation points of the healthy design.
    public let connectivity: ConnectivityAnalysis
    /// The headline figures.
    public let metrics: DesignMetrics
    /// The rules' context, holding every analysis computed so far (callers may ask it for more).
    public let context: CheckContext

    /// Runs the analyses the options ask for; with `bisectionReference` (the healthy design behind a failure state),
    /// the bisection bracket also takes that design's bound minus the capacity this one lacks.
    /// - Complexity: dominated by the bisection bracket and the all-to-all routing (see their types).
    public init(topology: Topology, options: DesignAnalysisOptions = DesignAnalysisOptions(), bisectionReference: BisectionReferenceSource? = nil) {
        let checker = Checker(configuration: options.configuration)
        self.init(checker: checker, context: checker.context(for: topology, bisectionReference: bisectionReference), options: options)
    }

    /// Runs the analyses on `context`, made by `checker`.
    init(checker: Checker, context: CheckContext, options: DesignAnalysisOptions) {
        let topology = context.topology
        self.context = context
        self.topology = topology
        summary = TopologySummary(topology)
        let wantsBisection = options.bisection && context.graph.accelerators.count >= 2
        let wantsTraffic = options.traffic && context.graph.accelerators.count >= 2
        // Two independent halves, one per core: the rules (with the analyses they prepare, the bisection bracket
        // among them) and the all-to-all routing at full injection.
        let results = AnalysisSlots()
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            if half == 0 {
                if options.rules { results.setFindings(checker.findings(in: context)) }
                if wantsBisection { _ = context.bisection }
                _ = context.connectivity
            } else if wantsTraffic {
                do throws(GraphError) {
                    results.setTraffic(try TrafficAnalysis.analyze(topology: topology, graph: context.graph, hottestCount: 20), note: nil)
                } catch {
                    results.setTraffic(nil, note: error.description)
                }
            }
        }
        let graph = context.graph
        self.graph = graph
        findings = results.findings
        rules = options.rules ? checker.enabledRules.map { type(of: $0).description } : []
        bisection = wantsBisection ? context.bisection : nil
        traffic = results.traffic
        trafficNote = results.trafficNote
        let connectivity = context.connectivity
        self.connectivity = connectivity
        var spofs = 0
        var worst: WorstFailure?
        func consider(_ element: String, _ stranded: Int) {
            guard stranded > 0 else { return }
            spofs += 1
            if let current = worst {
                if current.strandedAccelerators > stranded { return }
                if current.strandedAccelerators == stranded && current.element <= element { return }
            }
            worst = WorstFailure(element: element, strandedAccelerators: stranded)
        }
        for bridge in connectivity.bridges where bridge.singleLink {
            consider("link \(topology.describeLink(bridge.link))", bridge.strandedAccelerators)
        }
        for point in connectivity.articulationPoints {
            consider("device '\(topology.devices[Int(point.vertex)].id)'", point.strandedAccelerators)
        }
        metrics = DesignMetrics(
            accelerators: summary.accelerators, devices: summary.nodes, cables: summary.physicalLinks,
            bisectionLowerBps: bisection?.lower, bisectionUpperBps: bisection?.upper, fullBisectionBps: bisection?.fullBisection,
            maxUtilization: traffic?.maxUtilization, sustainedAllToAllBps: traffic?.sustainedBps, singlePointsOfFailure: spofs, worstSingleFailure: worst,
            findings: findings.map(FindingKey.init).sorted())
    }
}

extension DesignAnalysis {
    /// The analyses of two versions of a design, computed side by side (each on its own share of the cores), for
    /// `fabcheck diff`.
    /// Each version's bisection bracket also takes the other's own lower bound minus the capacity it lacks (the
    /// healthy-minus-failures certificate, `BisectionReference`), so a version with cables removed keeps the bound the
    /// other proved; the rules see the combined bracket.
    public static func both(_ old: Topology, _ new: Topology, options: DesignAnalysisOptions) -> (old: DesignAnalysis, new: DesignAnalysis) {
        let checkers = [Checker(configuration: options.configuration), Checker(configuration: options.configuration)]
        let links = [ContextLink(), ContextLink()]
        let names = ["the old version", "the new version"]
        let contexts = [old, new].enumerated().map { index, topology in
            let other = links[1 - index]
            let name = names[1 - index]
            return checkers[index].context(for: topology, bisectionReference: .deferred { other.context?.bisectionReference(name: name) })
        }
        links[0].context = contexts[0]
        links[1].context = contexts[1]
        let slots = ParallelSlots<DesignAnalysis>(count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            slots.set(index, DesignAnalysis(checker: checkers[index], context: contexts[index], options: options))
        }
        let (first, second) = (slots.get(0), slots.get(1))
        return (
            first ?? DesignAnalysis(checker: checkers[0], context: contexts[0], options: options),
            second ?? DesignAnalysis(checker: checkers[1], context: contexts[1], options: options)
        )
    }
}

/// A weak, lock-guarded pointer to the other version's context (set once both exist; weak so two contexts that
/// reference each other are still freed).
private final class ContextLink: @unchecked Sendable {
    private let lock = NSLock()
    private weak var stored: CheckContext?

    var context: CheckContext? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return stored
        }
        set {
            lock.lock()
            stored = newValue
            lock.unlock()
        }
    }
}

/// Results of the two concurrent halves of `DesignAnalysis`, each written by exactly one worker.
private final class AnalysisSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var storedFindings: [Finding] = []
    private var storedTraffic: TrafficReport?
    private var storedNote: String?

    func setFindings(_ findings: [Finding]) {
        lock.lock()
        storedFindings = findings
        lock.unlock()
    }

    func setTraffic(_ traffic: TrafficReport?, note: String?) {
        lock.lock()
        storedTraffic = traffic
        storedNote = note
        lock.unlock()
    }

    var findings: [Finding] {
        lock.lock()
        defer { lock.unlock() }
        return storedFindings
    }
    var traffic: TrafficReport? {
        lock.lock()
        defer { lock.unlock() }
        return storedTraffic
    }
    var trafficNote: String? {
        lock.lock()
        defer { lock.unlock() }
        return storedNote
    }
}
