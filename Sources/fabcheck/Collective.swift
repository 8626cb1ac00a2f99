import ArgumentParser
import FabricGraph
import FabricModel
import FabricReports
import Foundation

/// `fabcheck collective FILE`: α–β estimates of a collective with routed contention, before and after failures.
struct CollectiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collective",
        abstract: "Estimate a collective's time, algorithm bandwidth and bus bandwidth per algorithm (α–β with routed contention).",
        discussion: """
            Each step of an algorithm's schedule is routed (ECMP by default) with its flows sharing the bottleneck cable \
            equally; a step moving m bytes per flow costs α + 8m/r, α being --alpha plus the step's longest path in hops \
            times the design's largest link latency. Bus bandwidth follows nccl-tests (all-reduce 2(n-1)/n; all-gather, \
            reduce-scatter, all-to-all (n-1)/n; broadcast 1). --fail SELECTOR (repeatable, as whatif) adds the estimates \
            with those elements failed. See docs/throughput.md for the model and its limits.
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "A GraphML file (.graphml or .graphml.gz).")
    var file: String

    @Option(help: "Operation: all-reduce, all-gather, reduce-scatter, all-to-all or broadcast.")
    var op: String = "all-reduce"

    @Option(help: "Buffer size (nccl-tests' size): e.g. 1GiB, 256MiB, 4MB, 1048576.")
    var size: String = "1GiB"

    @Option(help: "Ranks: all, KEY=VALUE[,KEY=VALUE] (e.g. pod=3), or a file of device ids, one per line.")
    var ranks: String = "all"

    @Option(name: .customLong("algorithm"), help: "Algorithm (repeatable): ring, tree, halving-doubling, direct, hierarchical. Default: all.")
    var algorithms: [String] = []

    @Option(help: "Software latency per step, e.g. 5us (added to the path latency).")
    var alpha: String = "0s"

    @Option(name: .customLong("fail"), help: "What fails for the 'after' estimates (repeatable; whatif's selectors).")
    var selectors: [String] = []

    @Option(help: "Seed of random: selectors.")
    var seed: UInt64 = 0

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var importOptions: ImportOptions

    @OptionGroup var forwardingOptions: ForwardingOptions

    func validate() throws {
        guard CollectiveOperation(rawValue: op) != nil else {
            throw ValidationError("unknown operation '\(op)'; expected all-reduce, all-gather, reduce-scatter, all-to-all or broadcast")
        }
        for name in algorithms where CollectiveAlgorithm(rawValue: name) == nil {
            throw ValidationError("unknown algorithm '\(name)'; expected ring, tree, halving-doubling, direct or hierarchical")
        }
        guard Self.parseSize(size) != nil else { throw ValidationError("size '\(size)' is not a byte count such as 1GiB, 512MiB, 4MB or 65536") }
        do {
            _ = try Latency.parse(alpha, bareScale: nil)
        } catch {
            throw ValidationError("--alpha: \(error.description)")
        }
        for selector in selectors {
            do { _ = try FailureSelector(parsing: selector) } catch { throw ValidationError(error.description) }
        }
    }

    /// Bytes of a size text: a number with an optional B, KB/MB/GB/TB (powers of 1000) or KiB/MiB/GiB/TiB suffix.
    static func parseSize(_ text: String) -> Double? {
        let units: [(String, Double)] = [
            ("TiB", 0x1p40), ("GiB", 0x1p30), ("MiB", 0x1p20), ("KiB", 0x1p10), ("TB", 1e12), ("GB", 1e9),
            ("MB", 1e6), ("KB", 1e3), ("kB", 1e3), ("B", 1),
        ]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            guard let value = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value > 0, value.isFinite else { return nil }
            return value * scale
        }
        guard let value = Double(trimmed), value > 0, value.isFinite else { return nil }
        return value
    }

    func run() throws {
        let topology = try forwardingOptions.apply(to: TopologyLoading.load(file, options: importOptions))
        let graph = CSRGraph(topology)
        var listText: String?
        let isList = !ranks.contains("=") && ranks != "all"
        if isList {
            guard let data = FileManager.default.contents(atPath: ranks), let text = String(data: data, encoding: .utf8) else {
                TopologyLoading.printError("\(ranks): error: cannot read the rank list")
                throw ExitCode(2)
            }
            listText = text
        }
        let operation = CollectiveOperation(rawValue: op) ?? .allReduce
        let chosen = algorithms.isEmpty ? CollectiveAlgorithm.allCases : algorithms.compactMap(CollectiveAlgorithm.init(rawValue:))
        let options = CollectiveOptions(
            alphaSeconds: ((try? Latency.parse(alpha, bareScale: nil)) ?? 0) * 1e-9,
            scheme: RoutingScheme.resolved(topology))
        let bytes = Self.parseSize(size) ?? 0
        let rankList: [Int32]
        do {
            rankList = try CollectiveAnalysis.ranks(ranks, topology: topology, graph: graph, listText: listText, file: ranks)
        } catch {
            TopologyLoading.printError(isList ? error.description : "\(file): \(error.description)")
            throw ExitCode(2)
        }
        let healthy = CollectiveAnalysis.estimate(
            graph: graph, topology: topology, ranks: rankList, operation: operation, bytes: bytes,
            algorithms: chosen, options: options)
        var failed: (estimates: [CollectiveEstimate], skipped: [CollectiveSkip])?
        if !selectors.isEmpty {
            let scenario: FailureScenario
            do {
                scenario = try FailureSelectorResolver(topology).resolve(texts: selectors, seed: seed)
            } catch {
                TopologyLoading.printError(error.description)
                throw ExitCode(64)
            }
            failed = CollectiveAnalysis.estimate(
                graph: graph, topology: topology, ranks: rankList, operation: operation, bytes: bytes,
                algorithms: chosen, mask: scenario.mask(for: graph), options: options)
        }
        let report = CollectiveReport(
            file: file, graph: graph, operation: operation, sizeBytes: bytes, ranks: rankList.count, options: options,
            healthy: healthy, failures: selectors, failed: failed)
        switch format {
        case .json: print(try report.json())
        case .text: print(report.text(), terminator: "")
        }
    }
}
