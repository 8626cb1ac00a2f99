import ArgumentParser
import FabricGraph
import FabricModel
import FabricReports
import Foundation

extension SweepElementClass: ExpressibleByArgument {}
extension SweepMetric: ExpressibleByArgument {}
extension SweepFormat: ExpressibleByArgument {}

/// `fabcheck sweep FILE`: every single failure of a class of elements (or pairs with `--k 2`), ranked by impact.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fail every link, device, switch, SRLG or plane in turn and rank the failures by impact.",
        discussion: """
            Exact for every element: connectivity (stranded accelerators, disconnected pairs) in linear time for \
            links and devices; capacity: injection lost (an accelerator's own failed links) and first-hop uplink share \
            lost (for each switch w an accelerator a attaches to: uplink(w) × c(a, w) ÷ capacity of w's links to \
            accelerators, uplink(w) being w's capacity toward higher tiers; one hop up only: a failure between higher \
            tiers shows in traffic, not here); traffic: max utilization under uniform all-to-all ECMP after \
            re-hashing, exact, patching the healthy loads of only the destinations whose shortest-path DAG uses the \
            failed element (single failures and pairs). --k 2 lists every pair of elements that disconnects \
            accelerators although neither does alone (connectivity) or samples --samples pairs with --seed. \
            --shard i/n (0-based i) runs one deterministic part; `fabcheck merge` joins the JSON of all parts into \
            exactly the output of one run. With --state FILE the sweep starts from the current failure state: every \
            scenario is the next failure from now, and every figure is relative to now.
            """
    )

    @Argument(help: "A GraphML file (.graphml or .graphml.gz).")
    var file: String

    @Option(
        help: """
            Elements to fail: links, devices, switches, srlgs, planes, or by:KEY (each value of a device/link attribute \
            such as vendor or power_feed fails as one).
            """)
    var elements: SweepElementClass = .links

    @Option(help: "Failures per scenario: 1 or 2.")
    var k: Int = 1

    @Option(help: "Keep the N highest-impact results (text shows 20 by default, json and csv all).")
    var top: Int?

    @Option(
        help:
            """
            Rank by connectivity (stranded accelerators), capacity (injection and first-hop uplink share lost), traffic (max \
            utilization, all-to-all ECMP) or throughput (certified θ of the healthy design's fixed all-to-all demand; see \
            docs/throughput.md).
            """)
    var metric: SweepMetric = .connectivity

    @Option(help: "Output format: text, json or csv.")
    var format: SweepFormat = .text

    @Option(help: "Run part i of n (0-based, e.g. $SLURM_ARRAY_TASK_ID/$N); merge the JSON parts with `fabcheck merge`.")
    var shard: String?

    @Option(help: "Seed of sampled pairs (--k 2 with capacity or traffic).")
    var seed: UInt64 = 0

    @Option(help: "Pairs sampled for --k 2 with capacity or traffic.")
    var samples: Int = 1000

    @OptionGroup var importOptions: ImportOptions

    @OptionGroup var forwardingOptions: ForwardingOptions

    @OptionGroup var stateOptions: StateOptions

    @Option(
        help: """
            Write each finished part of the sweep (about 1% of it) to FILE as one JSON line; the ranked output still goes \
            to standard output at the end.
            """)
    var stream: String?

    @Option(help: "Continue an interrupted --stream FILE: keep its finished parts, run the others, append them.")
    var resume: String?

    func validate() throws {
        guard k == 1 || k == 2 else { throw ValidationError("--k must be 1 or 2") }
        if stream != nil, resume != nil { throw ValidationError("give --stream FILE for a new run or --resume FILE to continue one, not both") }
        if stream != nil || resume != nil, shard != nil { throw ValidationError("--stream and --resume cut the sweep into parts themselves; drop --shard") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        if let shard, SweepShard(parsing: shard) == nil {
            throw ValidationError("--shard must be i/n with 0 <= i < n, as in 0/4")
        }
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1") }
    }

    func run() throws {
        let design = try forwardingOptions.apply(to: TopologyLoading.load(file, options: importOptions))
        let state = try stateOptions.apply(to: design, importOptions: importOptions)
        let topology = state?.now ?? design
        let options = SweepOptions(
            elements: elements, metric: metric, k: k, top: top,
            shard: shard.flatMap(SweepShard.init(parsing:)), seed: seed, samples: samples)
        let sweeper = FailureSweeper(topology: topology)
        let expected = SweepProgress.expectedScenarios(topology: topology, options: options)
        if metric == .traffic { try ForwardingOptions.requireRoutable(topology, graph: sweeper.baseline.graph) }
        let traffic = metric == .traffic ? TrafficSweeper.uniformAllToAll(graph: sweeper.baseline.graph, topology: topology) : nil
        let throughput = try metric == .throughput ? Self.throughputEvaluator(topology: topology, graph: sweeper.baseline.graph) : nil
        // Under imported tables the text lists the shown rows' dead next hops.
        let tables = topology.forwardingState == nil ? nil : (topology: topology, graph: sweeper.baseline.graph)
        if let path = stream ?? resume {
            try runInParts(
                path: path, sweeper: sweeper, options: options, expected: expected, traffic: traffic, throughput: throughput,
                state: state?.summary, tables: tables)
            return
        }
        let progress = SweepProgress(total: expected, label: "sweep")
        // Streamed: records are described and written a batch at a time (a link sweep at 1M writes 14.7M records).
        var stream = Self.stream(sweeper, options, designName: file, traffic: traffic, throughput: throughput, progress: progress.callback)
        stream.header.baseline.state = state?.summary
        progress.finish()
        let output = FileHandle.standardOutput
        try stream.write(as: format, tables: tables) { try output.write(contentsOf: Data($0)) }
    }

    /// `--stream` / `--resume`: the sweep as consecutive parts (shards i/n), each appended to `path` as one JSON line
    /// when it finishes, then the parts merged into the ranked output of one run.
    private func runInParts(
        path: String, sweeper: FailureSweeper, options: SweepOptions, expected: Int,
        traffic: TrafficSweeper?, throughput: FixedDemandThroughput?, state: FailureStateSummary?,
        tables: (topology: Topology, graph: CSRGraph)?
    ) throws {
        let count = SweepCheckpoint.chunkCount(scenarios: expected)
        var chunks: [SweepReport] = []
        var done = Set<Int>()
        if resume != nil {
            guard let data = FileManager.default.contents(atPath: path) else {
                TopologyLoading.printError("\(path): error: cannot read the sweep to resume")
                throw ExitCode(2)
            }
            let read = SweepCheckpoint.read(data)
            do {
                done = try SweepCheckpoint.finishedChunks(read.chunks, design: file, options: options, state: state, count: count)
            } catch {
                TopologyLoading.printError("\(path): error: cannot resume this sweep: \(error.description)")
                throw ExitCode(2)
            }
            chunks = read.chunks
            if read.completeLength < data.count {
                TopologyLoading.printError("\(path): note: dropping \(data.count - read.completeLength) bytes of an unfinished part")
            }
            try Data(data.prefix(read.completeLength)).write(to: URL(fileURLWithPath: path))
            TopologyLoading.printError("\(path): resuming: \(done.count) of \(count) parts done")
        } else if !FileManager.default.createFile(atPath: path, contents: nil) {
            TopologyLoading.printError("\(path): error: cannot write")
            throw ExitCode(2)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            TopologyLoading.printError("\(path): error: cannot write")
            throw ExitCode(2)
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        let finished = chunks.reduce(0) { $0 + $1.summary.scenarios }
        let progress = SweepProgress(total: expected, label: "sweep", alreadyDone: min(finished, expected))
        for index in 0..<count where !done.contains(index) {
            var part = options
            part.shard = SweepShard(index: index, count: count)
            var chunk = Self.stream(sweeper, part, designName: file, traffic: traffic, throughput: throughput, progress: progress.callback)
                .report()
            chunk.baseline.state = state
            try handle.write(contentsOf: try SweepCheckpoint.line(chunk))
            chunks.append(chunk)
        }
        progress.finish()
        do {
            let merged = try SweepReport.merge(chunks)
            FileHandle.standardOutput.write(Data(try merged.rendered(as: format, tables: tables).utf8))
        } catch let error as SweepMergeError {
            TopologyLoading.printError("\(path): error: \(error.description)")
            throw ExitCode(2)
        }
    }
}

extension Sweep {
    /// The sweep's stream: ranked by the fixed-demand θ when `throughput` is given, else by `options.metric`.
    static func stream(
        _ sweeper: FailureSweeper, _ options: SweepOptions, designName: String, traffic: TrafficSweeper?,
        throughput: FixedDemandThroughput?, progress: (@Sendable (Int) -> Void)?
    ) -> SweepStream {
        if let throughput { return sweeper.throughputStream(options, designName: designName, evaluator: throughput, progress: progress) }
        return sweeper.stream(options, designName: designName, traffic: traffic, progress: progress)
    }

    /// The healthy θ of uniform all-to-all with deterministic solver options; exit code 2 when it has no traffic.
    static func throughputEvaluator(topology: Topology, graph: CSRGraph) throws -> FixedDemandThroughput {
        do {
            return try FixedDemandThroughput(
                topology: topology, graph: graph, options: .deterministic(scheme: RoutingScheme.resolved(topology)))
        } catch {
            TopologyLoading.printError("error: \(error.description)")
            throw ExitCode(2)
        }
    }
}

/// A progress bar on standard error, drawn only when it is a terminal and the work has run for more than a second.
final class SweepProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let label: String
    private let start = Date()
    private let enabled = isatty(2) != 0
    private var done = 0
    private var lastDraw = Date.distantPast
    private var drawn = false

    private let alreadyDone: Int

    init(total: Int, label: String, alreadyDone: Int = 0) {
        self.total = max(total, 1)
        self.label = label
        self.alreadyDone = alreadyDone
        self.done = alreadyDone
    }

    /// Adds finished scenarios; safe from any thread.
    var callback: (@Sendable (Int) -> Void)? {
        guard enabled else { return nil }
        return { [self] count in advance(count) }
    }

    private func advance(_ count: Int) {
        lock.lock()
        defer { lock.unlock() }
        done += count
        let now = Date()
        guard now.timeIntervalSince(start) > 1, now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        drawn = true
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        // ETA from this run's own rate (scenarios finished before a resume do not count toward the rate).
        let elapsed = now.timeIntervalSince(start)
        let rate = Double(done - alreadyDone) / max(elapsed, 1e-9)
        let eta = rate > 0 ? " ETA \(Self.duration(Double(max(0, total - done)) / rate))" : ""
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(Int(fraction * 100))% \(min(done, total))/\(total)\(eta)\u{1B}[K".utf8))
    }

    /// `1h02m`, `4m05s`, `12s`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3600 { return "\(total / 3600)h" + String(format: "%02dm", (total % 3600) / 60) }
        if total >= 60 { return "\(total / 60)m" + String(format: "%02ds", total % 60) }
        return "\(total)s"
    }

    /// Clears the bar if one was drawn.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    /// Scenarios a sweep will report progress for (an estimate for pair sweeps: first elements).
    static func expectedScenarios(topology: Topology, options: SweepOptions) -> Int {
        let count = sweepElementCount(topology, class: options.elements)
        let all = options.k >= 2 && options.metric != .connectivity ? min(options.samples, count * (count - 1) / 2) : count
        return options.shard?.range(of: all).count ?? all
    }
}
