import ArgumentParser
import FabricModel
import FabricReports
import FabricRules
import Foundation

/// `fabcheck diff OLD NEW`: what changed between two versions of a design, and whether it got worse.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two versions of a design: devices and links added, removed and changed, metric deltas, findings new and resolved.",
        discussion: """
            Devices are matched by id. Links are matched by id, then by endpoints and the ports at both ends, then by \
            endpoints alone (parallel links in file order), so a cabling sheet without cable ids matches its design; a \
            link field only one version records (ports missing from a sheet) is not a change. Findings are matched by \
            rule and subject, not message text. Metrics: accelerators, bisection bracket (and its ratio to full bisection), max link utilization \
            under all-to-all ECMP, single points of failure, the worst single failure, and rule findings. \
            With --state FILE (the current failure state): `diff DESIGN --state FILE` compares the design with the fabric \
            now; `diff OLD NEW --state FILE` compares a change with the state applied to both. \
            Exit codes: 0 done (or no regression); 1 with --fail-on-regression when a metric got worse or a new error \
            finding appeared; 2 an input could not be read; 64 usage error.
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @Argument(help: "The old version (GraphML).")
    var old: String

    @Argument(help: "The new version (GraphML); with --state and no NEW, OLD is compared with itself under the state (design -> now).")
    var new: String?

    @Option(help: "Output format: text, json or markdown (for a pull-request comment).")
    var format: Format = .text

    @Flag(name: .customLong("fail-on-regression"), help: "Exit 1 when a metric got worse or a new error finding appeared.")
    var failOnRegression = false

    @Option(name: .customLong("rules"), help: "Rules configuration (YAML) for the findings of both versions.")
    var rulesFile: String?

    @Flag(name: .customLong("no-bisection"), help: "Skip the bisection bracket (the slowest metric).")
    var noBisection = false

    @Flag(name: .customLong("no-traffic"), help: "Skip the all-to-all utilization.")
    var noTraffic = false

    @Option(help: "Text and Markdown: list at most this many elements per kind of change.")
    var limit: Int = 20

    @Option(name: .shortAndLong, help: "Write the diff to this file instead of standard output.")
    var output: String?

    @OptionGroup var importOptions: ImportOptions

    @OptionGroup var forwardingOptions: ForwardingOptions

    @OptionGroup var stateOptions: StateOptions

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must be at least 0") }
        if new == nil, stateOptions.state == nil { throw ValidationError("give the NEW version (or --state FILE to compare the design with now)") }
    }

    func run() throws {
        let progress = TerminalProgress("fabcheck diff", phase: "import")
        defer { progress.finish() }
        var oldTopology = try forwardingOptions.apply(to: TopologyLoading.load(old, options: importOptions, printWarnings: false))
        var newTopology = oldTopology
        if let new { newTopology = try forwardingOptions.apply(to: TopologyLoading.load(new, options: importOptions, printWarnings: false)) }
        // With a state: the design against now (no NEW), or a change made on top of the failure state (both versions).
        if new == nil {
            newTopology = try stateOptions.baseline(of: oldTopology, importOptions: importOptions)
        } else if stateOptions.state != nil {
            oldTopology = try stateOptions.baseline(of: oldTopology, importOptions: importOptions)
            newTopology = try stateOptions.baseline(of: newTopology, importOptions: importOptions, quiet: true)
        }
        var configuration = RuleConfiguration()
        if let rulesFile {
            do {
                configuration = try RuleConfiguration.load(path: rulesFile)
            } catch {
                TopologyLoading.printError(error.description)
                throw ExitCode(2)
            }
        }
        let options = DesignAnalysisOptions(bisection: !noBisection, traffic: !noTraffic, rules: true, configuration: configuration)
        progress.update("rules, bisection and utilization of both versions")
        let analyses = DesignAnalysis.both(oldTopology, newTopology, options: options)
        let diff = DesignDiff(old: analyses.old, new: analyses.new)
        let rendered: DesignDiffFormat =
            switch format {
            case .text: .text
            case .json: .json
            case .markdown: .markdown
            }
        let text = diff.render(rendered, limit: limit)
        progress.finish()
        try OutputFile.write(text, to: output)
        if failOnRegression, !diff.regressions.isEmpty { throw ExitCode(1) }
    }
}

/// Writing a command's result to a file or standard output.
enum OutputFile {
    /// Writes `text` to `path`, or to standard output when `path` is nil or `-`; exit code 2 when it cannot.
    static func write(_ text: String, to path: String?) throws {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            TopologyLoading.printError("\(path): error: cannot write: \((error as NSError).localizedDescription)")
            throw ExitCode(2)
        }
    }
}
