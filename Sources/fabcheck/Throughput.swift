import ArgumentParser
import FabricGraph
import FabricModel
import FabricReports

/// `fabcheck throughput FILE`: the maximum concurrent flow θ of a traffic pattern, certified from both sides.
struct ThroughputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Certify the throughput θ of a traffic pattern under optimal routing, and what the routing achieves.",
        discussion: """
            θ is the largest fraction of the demand every accelerator can send at once with the best possible routing \
            (the maximum concurrent flow); the demand is analyze's: each accelerator injects the sum of its link \
            capacities, split over its destinations by the pattern, and traffic passes through accelerators only where \
            the forwarding model lets them relay. θ is reported as a proven bracket: a feasible flow (lower) and a dual \
            solution (upper). Small designs are solved exactly by linear programming (COIN-OR CLP), larger ones by the \
            Garg-Könemann approximation until the gap target, with cut and volume bounds throughout. θ of the routing \
            (--routing, ECMP by default, or --forwarding-tables) over θ is its efficiency. --traffic worst searches a \
            near-worst permutation (longest matching). --fail adds the bracket with elements failed. See docs/throughput.md.
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "A GraphML file (.graphml or .graphml.gz).")
    var file: String

    @Option(help: "Traffic: all-to-all, permutation[:SEED], ring, rail-local, worst, or a CSV demand file.")
    var traffic: String = "all-to-all"

    @Option(help: "Solvers: auto, exact (LP), approximate (Garg-Könemann) or bounds (no optimisation).")
    var method: String = "auto"

    @Option(help: "Stop once the proven relative gap is at most this (e.g. 0.02).")
    var gap: Double = 0.02

    @Option(help: "Time budget of the LP and of the approximation, in seconds each.")
    var seconds: Double = 50

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .customLong("fail"), help: "Also compute θ with these elements failed (repeatable; whatif's selectors).")
    var selectors: [String] = []

    @Option(help: "Seed of random: selectors.")
    var seed: UInt64 = 0

    @OptionGroup var importOptions: ImportOptions

    @OptionGroup var forwardingOptions: ForwardingOptions

    func validate() throws {
        guard ThroughputMethod(rawValue: method) != nil else {
            throw ValidationError("unknown method '\(method)'; expected auto, exact, approximate or bounds")
        }
        guard gap >= 0, gap < 1 else { throw ValidationError("--gap must be in [0, 1)") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
        if traffic != "worst" { _ = try Analyze.parsePattern(traffic, loadCSV: false) }
        for selector in selectors {
            do { _ = try FailureSelector(parsing: selector) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let topology = try forwardingOptions.apply(to: TopologyLoading.load(file, options: importOptions))
        let graph = CSRGraph(topology)
        let pattern: TrafficPattern =
            traffic == "worst"
            ? .matrix(ThroughputAnalysis.longestMatching(graph: graph))
            : try Analyze.parsePattern(traffic, loadCSV: true, topology: topology)
        let options = ThroughputOptions(
            gapTarget: gap, seconds: seconds, method: ThroughputMethod(rawValue: method) ?? .auto,
            scheme: RoutingScheme.resolved(topology))
        var mask: FailureMask?
        if !selectors.isEmpty {
            do {
                mask = try FailureSelectorResolver(topology).resolve(texts: selectors, seed: seed).mask(for: graph)
            } catch {
                TopologyLoading.printError(error.description)
                throw ExitCode(64)
            }
        }
        let result: ThroughputResult
        var failed: ThroughputResult?
        do {
            result = try ThroughputAnalysis.compute(topology: topology, graph: graph, pattern: pattern, options: options)
            if let mask { failed = try ThroughputAnalysis.compute(topology: topology, graph: graph, pattern: pattern, mask: mask, options: options) }
        } catch {
            TopologyLoading.printError("\(file): \(error.description)")
            throw ExitCode(2)
        }
        var report = ThroughputReport(file: file, topology: topology, graph: graph, result: result)
        report.failed = failed.map { ThroughputReport.Failed(failures: selectors, result: $0) }
        if traffic == "worst" { report.traffic = "worst (longest matching)" }
        switch format {
        case .json: print(try report.json())
        case .text: print(report.text(), terminator: "")
        }
    }
}
