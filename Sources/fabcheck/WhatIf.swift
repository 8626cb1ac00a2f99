import ArgumentParser
import FabricGraph
import FabricModel
import FabricReports
import Foundation

/// `fabcheck whatif FILE --fail SELECTOR...`: the blast radius of one failure scenario against the healthy design.
struct WhatIf: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Fail links, devices, SRLGs or planes and print what changes: stranded accelerators, capacity, traffic, path length.",
        discussion: """
            Selectors (repeat --fail to combine): link:ID, A~B (all parallel links) or A~B#n, port:DEVICE:PORT, \
            device:ID, srlg:NAME, KEY=VALUE[,KEY=VALUE] (role=switch,tier=2; pod=3; plane=B), random:K[:links|devices|switches] \
            (with --seed), or a bare device, link or SRLG id. With --state the scenario is applied on top of the \
            current failure state (figures now -> after), and the state's own impact is printed as design -> now; \
            --affected rolls the affected accelerators up by host, rack and pod, --drain prints the Slurm drain list \
            only. Exit code 0, 2 when a file cannot be read, 64 for an unknown selector.
            """
    )

    /// Output formats of `whatif`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "A GraphML file (.graphml or .graphml.gz).")
    var file: String

    @Option(name: .customLong("fail"), help: "What fails (repeatable).")
    var selectors: [String] = []

    @Option(help: "Seed of random: selectors.")
    var seed: UInt64 = 0

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Flag(inversion: .prefixedNo, help: "Route uniform all-to-all ECMP before and after.")
    var traffic = true

    @Flag(inversion: .prefixedNo, help: "Compare hop distances between accelerators before and after.")
    var stretch = true

    @Flag(help: "Compute the bisection bracket before and after (slower).")
    var bisection = false

    @Option(help: "Longest lists of stranded accelerators and capacity losses (text: 10; json: every element).")
    var list: Int?

    @Flag(help: "Roll the affected accelerators (failed, stranded, degraded) up by host, rack and pod.")
    var affected = false

    @Option(help: "Print only the Slurm drain list: scontrol (scontrol update lines) or nodes (a hostlist).")
    var drain: DrainFormat?

    @Option(name: .customLong("drain-reason"), help: "The reason of the scontrol drain lines.")
    var drainReason: String = "fabcheck: fabric failure"

    @Flag(name: .customLong("drain-degraded"), help: "Drain nodes whose accelerators only lose capacity too.")
    var drainDegraded = false

    @Option(name: .customLong("slurm-node"), help: "One Slurm node per value of this device attribute (e.g. rack), as in export --format slurm.")
    var slurmNode: String?

    @OptionGroup var stateOptions: StateOptions

    @OptionGroup var importOptions: ImportOptions

    @OptionGroup var forwardingOptions: ForwardingOptions

    /// Extra metrics of `whatif`.
    enum Metric: String, ExpressibleByArgument, CaseIterable {
        case throughput
    }

    @Option(
        help: """
            Also compute a metric: throughput (certified θ of the healthy design's fixed all-to-all demand before and after; \
            see docs/throughput.md).
            """)
    var metric: Metric?

    /// Forms of the drain list.
    enum DrainFormat: String, ExpressibleByArgument, CaseIterable {
        case scontrol, nodes
    }

    func validate() throws {
        if selectors.isEmpty, stateOptions.state == nil { throw ValidationError("give at least one --fail SELECTOR (or a --state FILE)") }
        if let list, list < 0 { throw ValidationError("--list must not be negative") }
        for selector in selectors {
            do {
                _ = try FailureSelector(parsing: selector)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        let design = try forwardingOptions.apply(to: TopologyLoading.load(file, options: importOptions))
        let state = try stateOptions.apply(to: design, importOptions: importOptions)
        if traffic, drain == nil, RoutingScheme.resolved(design) != .ecmp {
            try ForwardingOptions.requireRoutable(state?.now ?? design, graph: CSRGraph(state?.now ?? design))
        }
        let limit = list ?? (format == .json ? Int.max : 10)
        var request = StateWhatIfRequest(
            selectors: selectors, seed: seed, designName: file,
            // The drain list needs connectivity and capacity only: no routing, stretch or bisection.
            options: BlastRadiusOptions(
                traffic: traffic && drain == nil, stretch: stretch && drain == nil,
                bisection: bisection && drain == nil, listLimit: limit),
            affected: affected || drain != nil, slurmNode: slurmNode, drainDegraded: drainDegraded)
        if metric == .throughput, drain == nil {
            request.throughput = ThroughputOptions(seconds: 20, scheme: RoutingScheme.resolved(state?.now ?? design))
        }
        let report: StateWhatIfReport
        do {
            report = try StateWhatIfReport.analyze(design: design, state: state, request: request)
        } catch {
            TopologyLoading.printError(error.description)
            if case .slurm = error { throw ExitCode(2) }
            throw ExitCode(64)
        }
        if let drain, let work = report.whatIfAffected ?? report.stateAffected {
            print(drain == .nodes ? work.nodeList() : work.scontrolLines(reason: drainReason), terminator: "")
            return
        }
        switch format {
        case .json: print(try report.json(), terminator: "")
        case .text: print(report.text(), terminator: "")
        }
    }
}
