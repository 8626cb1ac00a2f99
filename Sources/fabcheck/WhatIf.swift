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
            (with --seed), or a bare device, link or SRLG id. Exit code 0, 2 when the file cannot be read, 64 for an \
            unknown selector.
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

    @Option(help: "Longest lists of stranded accelerators and capacity losses.")
    var list: Int = 10

    @OptionGroup var importOptions: ImportOptions

    @OptionGroup var forwardingOptions: ForwardingOptions

    func validate() throws {
        if selectors.isEmpty { throw ValidationError("give at least one --fail SELECTOR") }
        for selector in selectors {
            do {
                _ = try FailureSelector(parsing: selector)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        let topology = try forwardingOptions.apply(to: TopologyLoading.load(file, options: importOptions))
        let scenario: FailureScenario
        do {
            scenario = try FailureSelectorResolver(topology).resolve(texts: selectors, seed: seed)
        } catch {
            TopologyLoading.printError(error.description)
            throw ExitCode(64)
        }
        let baseline = BlastRadiusBaseline(graph: CSRGraph(topology), topology: topology)
        let report = BlastRadius.analyze(
            topology: topology, baseline: baseline, scenario: scenario, selectors: selectors, designName: file,
            options: BlastRadiusOptions(traffic: traffic, stretch: stretch, bisection: bisection, listLimit: list)
        )
        switch format {
        case .json: print(try report.json(), terminator: "")
        case .text: print(report.text(), terminator: "")
        }
    }
}
