import ArgumentParser
import FabricGraph
import FabricModel
import FabricReports
import Foundation

/// `fabcheck analyze FILE`: connectivity, path diversity, hop distances, link loads and throughput of a design.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyze a design: components, bridges, articulation points, edge connectivity, diameter, link loads and throughput.",
        discussion: """
            Traffic is among the connected accelerators (the largest connected part; any cut off from it are counted, \
            not routed), each injecting at its full bandwidth (the sum of its link capacities), split over its \
            destinations in proportion to the pattern. whatif and sweep give these same figures for the design with the \
            failed elements deleted. Utilization is load ÷ capacity per direction; the \
            throughput 1/ρ is the fraction of injection bandwidth every accelerator sustains before the hottest link \
            saturates. Patterns: all-to-all (default), permutation[:SEED], ring, rail-local, or a CSV demand matrix \
            (FILE.csv with lines 'source,target[,amount]'). Routing: ecmp (shortest paths, equal split per hop), updown \
            (up*/down* by device tier), dor (dimension order by device coordinates), valiant, ugal, detour, or the forwarding \
            tables a subnet manager installed (--forwarding-tables); see docs/routing.md.
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "A GraphML file (.graphml or .graphml.gz).")
    var file: String

    @Option(help: "Traffic pattern: all-to-all, permutation[:SEED], ring, rail-local, or a CSV demand file.")
    var traffic: String = "all-to-all"

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: "How many of the hottest links to list.")
    var top: Int = 10

    @Flag(inversion: .prefixedNo, help: "Bracket the bisection bandwidth too (see 'fabcheck bisection').")
    var bisection: Bool = true

    @OptionGroup var importOptions: ImportOptions

    @OptionGroup var forwardingOptions: ForwardingOptions

    @OptionGroup var stateOptions: StateOptions

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must not be negative") }
        _ = try Self.parsePattern(traffic, loadCSV: false)
    }

    /// Parses `--traffic`; a CSV file is read only when `loadCSV` (validation checks the syntax alone).
    static func parsePattern(_ text: String, loadCSV: Bool, topology: Topology? = nil) throws -> TrafficPattern {
        switch text {
        case "all-to-all", "alltoall", "uniform": return .allToAll
        case "ring", "ring-allreduce", "allreduce": return .ringAllReduce
        case "rail-local", "rail": return .railLocal
        case "permutation": return .permutation(seed: 1)
        default: break
        }
        if text.hasPrefix("permutation:") {
            guard let seed = UInt64(text.dropFirst("permutation:".count)) else {
                throw ValidationError("permutation seed in '\(text)' is not a non-negative integer")
            }
            return .permutation(seed: seed)
        }
        let path = text.hasPrefix("csv:") ? String(text.dropFirst(4)) : text
        guard path.hasSuffix(".csv") || text.hasPrefix("csv:") else {
            throw ValidationError("unknown traffic '\(text)'; expected all-to-all, permutation[:SEED], ring, rail-local or a .csv file")
        }
        guard loadCSV, let topology else { return .matrix([]) }
        guard let data = FileManager.default.contents(atPath: path), let content = String(data: data, encoding: .utf8) else {
            TopologyLoading.printError("\(path): error: cannot read the demand matrix")
            throw ExitCode(2)
        }
        do {
            return .matrix(try TrafficAnalysis.parseDemandCSV(content, file: path, topology: topology))
        } catch {
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
    }

    func run() throws {
        let design = try forwardingOptions.apply(to: TopologyLoading.load(file, options: importOptions))
        if let state = try stateOptions.apply(to: design, importOptions: importOptions) {
            try runWithState(state)
            return
        }
        let topology = design
        let pattern = try Self.parsePattern(traffic, loadCSV: true, topology: topology)
        let scheme = RoutingScheme.resolved(topology)
        let report: AnalyzeReport
        do {
            report = try AnalyzeReport(file: file, topology: topology, pattern: pattern, scheme: scheme, top: top, bisection: bisection)
        } catch {
            TopologyLoading.printError("\(file): \(error.description)")
            throw ExitCode(2)
        }
        switch format {
        case .json: print(try report.json())
        case .text: print(report.text(), terminator: "")
        }
    }

    /// `--state`: the fabric now, with the design's figures where they differ.
    private func runWithState(_ state: AppliedFailureState) throws {
        let scheme = RoutingScheme.resolved(state.now)
        let report: StateAnalyzeReport
        do {
            report = try StateAnalyzeReport(
                file: file, state: state, designPattern: try Self.parsePattern(traffic, loadCSV: true, topology: state.design),
                nowPattern: try Self.parsePattern(traffic, loadCSV: true, topology: state.now), scheme: scheme, top: top, bisection: bisection)
        } catch let error as GraphError {
            TopologyLoading.printError("\(file): \(error.description)")
            throw ExitCode(2)
        }
        switch format {
        case .json: print(try report.json())
        case .text: print(report.text(), terminator: "")
        }
    }
}
