import ArgumentParser
import FabricGraph
import FabricModel
import FabricReports
import FabricRules
import Foundation

/// `fabcheck report FILE [-o report.html]`: one self-contained HTML page about a design.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a self-contained HTML report: summary, findings, bisection, utilization, single failures, diagram.",
        discussion: """
            One file with inline CSS and SVG, no scripts and no network access, readable offline and attachable to a \
            review. Sections: design summary; rule findings; the bisection bracket against full bisection; link \
            utilization per tier under all-to-all ECMP; the 20 worst single failures and the distribution of stranded \
            and degraded accelerators over every single link and device failure; the design aggregated to pods, planes \
            and tiers. With --state FILE the report is an incident report: what is down, the design's figures beside the \
            figures now, the affected pods and racks, then every section for the fabric now. Exit codes: 0 written; 2 the \
            file could not be read or the report not written; 64 usage error.
            """
    )

    @Argument(help: "A GraphML file (.graphml or .graphml.gz).")
    var file: String

    @Option(name: .shortAndLong, help: "The HTML file to write (default: report.html; '-' for standard output).")
    var output: String = "report.html"

    @Option(name: .customLong("rules"), help: "Rules configuration (YAML) for the findings.")
    var rulesFile: String?

    @Flag(name: .customLong("no-bisection"), help: "Skip the bisection bracket.")
    var noBisection = false

    @Flag(name: .customLong("no-traffic"), help: "Skip the all-to-all utilization.")
    var noTraffic = false

    @Flag(name: .customLong("no-failures"), help: "Skip the single-failure sweep.")
    var noFailures = false

    @Flag(name: .customLong("no-throughput"), help: "Skip θ per traffic pattern (see 'fabcheck throughput').")
    var noThroughput = false

    @Flag(name: .customLong("no-reliability"), help: "Skip the reliability section (shown when the design has a failure model).")
    var noReliability = false

    @Flag(name: .shortAndLong, help: "Do not print import warnings or the summary line.")
    var quiet = false

    @OptionGroup var importOptions: ImportOptions

    @OptionGroup var forwardingOptions: ForwardingOptions

    @OptionGroup var stateOptions: StateOptions

    func run() throws {
        let progress = TerminalProgress("fabcheck report", phase: "import")
        defer { progress.finish() }
        let design = try forwardingOptions.apply(to: TopologyLoading.load(file, options: importOptions, printWarnings: !quiet))
        let state = try stateOptions.apply(to: design, importOptions: importOptions)
        let topology = state?.now ?? design
        var configuration = RuleConfiguration()
        if let rulesFile {
            do {
                configuration = try RuleConfiguration.load(path: rulesFile)
            } catch {
                TopologyLoading.printError(error.description)
                throw ExitCode(2)
            }
        }
        progress.update("rules, bisection and utilization")
        // With a state, the bisection of now is also bounded by the design's minus what is down.
        let analysis = DesignAnalysis(
            topology: topology,
            options: DesignAnalysisOptions(
                bisection: !noBisection, traffic: !noTraffic, rules: true, configuration: configuration),
            bisectionReference: noBisection ? nil : state.map { .bracketing($0.design, name: "the design") })
        progress.update("single-failure sweep")
        let failures = noFailures ? nil : SingleFailureSweep.impacts(of: topology, graph: analysis.graph)
        progress.update("throughput per traffic pattern")
        let throughput = noThroughput ? [] : ThroughputAnalysis.reportPatterns(topology: topology, graph: analysis.graph)
        progress.update("reliability")
        let reliability: ReliabilityReport?
        do {
            reliability = noReliability ? nil : try ReliabilityReport.forReport(file: file, topology: topology, configuration: configuration)
        } catch {
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
        let html = HTMLReport.render(
            analysis, failures: failures, throughput: throughput, toolVersion: Fabcheck.versionNumber,
            incident: state.map(HTMLIncident.init(state:)), reliability: reliability)
        progress.finish()
        try OutputFile.write(html, to: output)
        if !quiet, output != "-" {
            let metrics = analysis.metrics
            TopologyLoading.printError("\(output): \(html.utf8.count) bytes; \(metrics.count(.error)) errors, \(metrics.count(.warning)) warnings")
        }
    }
}
