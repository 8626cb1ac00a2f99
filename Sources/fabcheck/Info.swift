import ArgumentParser
import FabricModel
import FabricReports
import Foundation

/// `fabcheck info FILE`: a summary of a design (devices by role and tier, links, capacity, degrees, components).
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarise a GraphML design: devices by role and tier, links, capacity, degree range, components."
    )

    /// Output formats of `info`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "GraphML files (.graphml or .graphml.gz), folders (every such file below, sorted) or - for standard input.")
    var files: [String]

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var importOptions: ImportOptions

    func validate() throws {
        try TopologyLoading.validateInputs(files)
    }

    /// One design file argument prints one summary (a JSON object); folders or several files print one per design
    /// (text summaries one after the other, a JSON array).
    func run() throws {
        let paths = try TopologyLoading.expandInputs(files)
        let reports = try paths.map { path in
            let topology = try TopologyLoading.load(path, options: importOptions)
            return InfoReport(file: topology.file, topology: topology)
        }
        let single = files.count == 1 && paths == files
        switch format {
        case .json: print(single ? try reports[0].json() : try InfoReport.json(reports))
        case .text: print(reports.map { $0.text() }.joined(), terminator: "")
        }
    }
}
