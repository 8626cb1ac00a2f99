import ArgumentParser
import FabricGraph
import FabricModel
import FabricReports
import Foundation

/// `fabcheck bisection FILE`: the minimum bisection as a proven lower bound and the best cut found.
struct BisectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bisection",
        abstract: "Bracket the bisection bandwidth: a proven lower bound, the best balanced cut found, and the gap.",
        discussion: """
            The bisection is the least capacity crossing, in one direction, any split of the accelerators into halves \
            (switches may fall on either side). The upper bound is a cut found by structural, multilevel and spectral \
            search; the lower bound is proven by a routing certificate (uniform all-to-all, or an oblivious hose \
            routing through the top tier). See docs/bisection.md.
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    /// Search effort.
    enum Effort: String, ExpressibleByArgument, CaseIterable {
        case fast, thorough
    }

    @Argument(help: "A GraphML file (.graphml or .graphml.gz).")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: "Search effort: fast or thorough.")
    var effort: Effort = .fast

    @Option(help: "Write the witness cut's links, one per line with its file location, to this file ('-' for stdout).")
    var witness: String?

    @OptionGroup var importOptions: ImportOptions

    func run() throws {
        let progress = TerminalProgress("fabcheck bisection", phase: "import")
        let topology = try TopologyLoading.load(file, options: importOptions)
        progress.update("bracket (\(effort.rawValue) search, lower-bound certificate)")
        let graph = CSRGraph(topology)
        let bracket = BisectionBracket.compute(graph: graph, topology: topology, effort: effort == .fast ? .fast : .thorough)
        progress.finish()
        let report = BisectionReport(
            file: file, topology: topology, graph: graph, bracket: bracket, effort: effort.rawValue,
            includeWitness: witness != nil)
        switch format {
        case .json: print(try report.json())
        case .text: print(report.text(), terminator: "")
        }
        if let witness {
            let lines = report.witnessLines(topology: topology, graph: graph, bracket: bracket)
            if witness == "-" {
                print(lines, terminator: "")
            } else {
                do {
                    try Data(lines.utf8).write(to: URL(fileURLWithPath: witness))
                } catch {
                    TopologyLoading.printError("\(witness): error: cannot write the witness cut: \(error.localizedDescription)")
                    throw ExitCode(2)
                }
            }
        }
    }
}
