import ArgumentParser
import FabricGraph
import FabricModel
import FabricReports
import FabricRules
import Foundation

extension ReliabilityMetric: ExpressibleByArgument {}
extension PlacementLevel: ExpressibleByArgument {}

/// `fabcheck reliability FILE`: how often the design is short of accelerators under a failure model.
struct ReliabilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reliability",
        abstract: "Steady-state availability under a failure model: exact where it can, Monte-Carlo with intervals beyond.",
        discussion: """
            Every device, link, SRLG and value of a risk-group key fails independently at its class's annual rate and is \
            repaired after its MTTR (defaults, or `failure_model:` in fabcheck.yml / --rules; node and edge data \
            `failure_rate_per_year` and `mttr_hours` override one element, 0 = never fails). Spares (`spare` accelerators \
            or spares_per_block) absorb failures within their block. Exact when every failure set up to some size k \
            holds all but 1e-7 of the probability within --exact-states sets; otherwise Monte-Carlo conditioned on a \
            failure, to ±0.1% (95%) unless --samples is given. --shard i/n (with --samples) runs one part; \
            `fabcheck merge` joins the JSON parts into exactly the output of one run. See docs/reliability.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "A GraphML file (.graphml or .graphml.gz).")
    var file: String

    @Option(help: "Horizon for expected hours and failures: 1y, 6mo, 30d, 720h.")
    var horizon: String = "1y"

    @Option(help: "Monte-Carlo samples (default: until availability is within ±0.1% at 95%).")
    var samples: Int?

    @Option(help: "Seed of the Monte-Carlo samples.")
    var seed: UInt64 = 0

    @Option(
        help: """
            Metric: stranded (accelerators missing beyond spares), capacity (% lost), placement (jobs lost), bisection \
            (% of the healthy proven bisection bound the state may cost) or traffic (% of all-to-all ECMP throughput lost).
            """)
    var metric: ReliabilityMetric = .stranded

    @Option(help: "Placement groups: domain (the spare block key, rack by default), leaf or pod.")
    var placement: PlacementLevel = .domain

    @Option(help: "Accelerators per job for the placement metric.")
    var jobSize: Int = 8

    @Option(help: "Spares per block accelerators, as in 1/64 (overrides the rules file).")
    var sparesPerBlock: String?

    @Option(help: "Device key whose values are the spare blocks (default rack).")
    var spareBlock: String?

    @Option(help: "Largest number of failure sets enumerated exactly.")
    var exactStates: Int = 200_000

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: "Run part i of n (0-based; needs --samples unless the run is exact); merge with `fabcheck merge`.")
    var shard: String?

    @Option(name: .customLong("rules"), help: "Rules configuration (YAML) with a failure_model section. Default: fabcheck.yml beside the file.")
    var rulesFile: String?

    @OptionGroup var importOptions: ImportOptions

    func validate() throws {
        guard ReliabilityOptions.horizonHours(parsing: horizon) != nil else {
            throw ValidationError("--horizon must be a positive duration such as 1y, 30d or 720h")
        }
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1") }
        guard jobSize >= 1 else { throw ValidationError("--job-size must be at least 1") }
        guard exactStates >= 1 else { throw ValidationError("--exact-states must be at least 1") }
        if let shard, SweepShard(parsing: shard) == nil { throw ValidationError("--shard must be i/n with 0 <= i < n, as in 0/4") }
        if let sparesPerBlock, SpareRatio(parsing: sparesPerBlock) == nil {
            throw ValidationError("--spares-per-block must be spares/accelerators, as in 1/64")
        }
    }

    func run() throws {
        let topology = try TopologyLoading.load(file, options: importOptions)
        var model: FailureModel
        do {
            model = try loadConfiguration().failureModel ?? FailureModel()
        } catch {
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
        if let sparesPerBlock { model.sparesPerBlock = SpareRatio(parsing: sparesPerBlock) }
        if let spareBlock { model.blockKey = spareBlock }
        let options = ReliabilityOptions(
            metric: metric, placement: placement, jobSize: jobSize, samples: samples, seed: seed,
            horizonHours: ReliabilityOptions.horizonHours(parsing: horizon) ?? FailureRate.hoursPerYear,
            shard: shard.flatMap(SweepShard.init(parsing:)), exactStateBudget: exactStates)
        let report: ReliabilityReport
        do {
            report = try ReliabilityReport(file: file, topology: topology, model: model, options: options)
        } catch {
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
        switch format {
        case .json: print(try report.json())
        case .text: print(report.text(), terminator: "")
        }
    }

    /// `--rules`, else `fabcheck.yml` in the design's folder, else the defaults.
    private func loadConfiguration() throws(RulesError) -> RuleConfiguration {
        if let rulesFile { return try RuleConfiguration.load(path: rulesFile) }
        let candidate = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("fabcheck.yml").path
        guard FileManager.default.fileExists(atPath: candidate) else { return RuleConfiguration() }
        return try RuleConfiguration.load(path: candidate)
    }
}
