import ArgumentParser
import FabricGraphML
import FabricModel
import FabricObserved
import FabricReports
import Foundation

/// `fabcheck export FILE --format dot|slurm|json|graphml|csv`: the design in the formats other tools read.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a design as Graphviz DOT, Slurm topology.conf, node-link JSON (networkx), normalized GraphML or CSV cabling sheets.",
        discussion: """
            dot: every device and link, or with --aggregate pod|tier one box per pod or tier (use it for large designs).
            slurm: topology.conf for the tree plugin (switch hierarchy) or, with --plugin block, the block plugin (scale-up \
            domains); one Slurm node per accelerator, or per value of --slurm-node (e.g. rack for DGX boxes). Leaves that \
            share a node (dual-homed or rail-optimized designs) are written as one leaf group, with a warning; LinkSpeed \
            is in Gb/s.
            json: node-link JSON for networkx.node_link_graph(data, edges="edges").
            graphml: the native schema, with every attribute the import understood and unknown ones preserved.
            csv: the cables sheet (and with --devices-output the devices sheet, with --graph-output the graph data sheet) \
            that import-csv reads; what the sheets cannot carry (graph-level data without the graph sheet, nested graphs, \
            unused ports, port data, nested ports, value types) is named in warnings on standard error.
            ibnetdiscover: the topology text ibnetdiscover prints, which ibsim loads as a net file (ibsim -s FILE): Switch \
            records for switches, Ca for the rest, GUIDs from the design key guid or made up, ports numbered by the number \
            a design port name ends in or the lowest free one, rates as 4xNDR etc.
            netgraph: NetGraph's scenario YAML (pip install ngraph): devices as nodes, links with capacity in Gb/s per \
            direction, count, cost 1, SRLGs as risk groups, single link/node/risk-group failure policies.
            Exit codes: 0 written; 2 the file could not be read or exported as asked; 64 usage error.
            """
    )

    /// Export formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dot, slurm, json, graphml, csv, ibnetdiscover, netgraph
    }

    /// Slurm topology plugins.
    enum Plugin: String, ExpressibleByArgument, CaseIterable {
        case tree, block
    }

    @Argument(help: "A GraphML file (.graphml or .graphml.gz).")
    var file: String

    @Option(help: "Output format: dot, slurm, json, graphml, csv, ibnetdiscover or netgraph.")
    var format: Format

    @Option(help: "dot: draw one box per pod or per tier instead of every device.")
    var aggregate: DeviceGrouping?

    @Option(help: "slurm: tree (switch hierarchy) or block (scale-up domains).")
    var plugin: Plugin = .tree

    @Option(name: .customLong("slurm-node"), help: "slurm: one Slurm node per value of this device attribute (e.g. rack) instead of one per accelerator.")
    var slurmNode: String?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output (graphml: a .gz name compresses).")
    var output: String?

    @Option(name: .customLong("devices-output"), help: "csv: also write the devices sheet to this file.")
    var devicesOutput: String?

    @Option(name: .customLong("graph-output"), help: "csv: also write the graph sheet (design-level data: key,type,value) to this file.")
    var graphOutput: String?

    @OptionGroup var importOptions: ImportOptions

    func validate() throws {
        if aggregate != nil, format != .dot { throw ValidationError("--aggregate applies to --format dot only") }
        if slurmNode != nil || plugin != .tree, format != .slurm { throw ValidationError("--plugin and --slurm-node apply to --format slurm only") }
        if devicesOutput != nil || graphOutput != nil, format != .csv {
            throw ValidationError("--devices-output and --graph-output apply to --format csv only")
        }
    }

    func run() throws {
        let topology = try TopologyLoading.load(file, options: importOptions)
        let text: String
        switch format {
        case .dot:
            if let aggregate {
                text = DOTExporter.render(aggregated: AggregatedDesign(topology, grouping: aggregate), of: topology)
            } else {
                text = DOTExporter.render(topology)
            }
        case .slurm:
            do {
                if plugin == .tree {
                    let tree = try SlurmTopologyExporter.treeFile(topology, nodeAttribute: slurmNode)
                    for warning in tree.warnings { TopologyLoading.printError("\(file): warning: slurm: \(warning)") }
                    text = tree.text
                } else {
                    text = try SlurmTopologyExporter.block(topology, nodeAttribute: slurmNode)
                }
            } catch {
                TopologyLoading.printError(error.description)
                throw ExitCode(2)
            }
        case .json:
            text = NodeLinkExporter.render(topology)
        case .csv:
            // Never drop silently: what the sheets cannot carry is named on standard error.
            for line in CSVCablingWriter.unexpressed(topology, graphSheet: graphOutput != nil) {
                TopologyLoading.printError("\(file): warning: csv: \(line)")
            }
            text = CSVCablingWriter.cables(topology)
            if let devicesOutput { try OutputFile.write(CSVCablingWriter.devices(topology), to: devicesOutput) }
            if let graphOutput { try OutputFile.write(CSVCablingWriter.graphData(topology), to: graphOutput) }
        case .graphml:
            try GraphMLExport.write(topology, to: output)
            return
        case .netgraph:
            do {
                text = try NetGraphExporter.render(topology)
            } catch {
                TopologyLoading.printError(error.description)
                throw ExitCode(2)
            }
        case .ibnetdiscover:
            do {
                text = try IBNetDiscoverWriter().render(topology)
            } catch {
                TopologyLoading.printError("\(file): error: \(error.description)")
                throw ExitCode(2)
            }
        }
        try OutputFile.write(text, to: output)
    }
}

extension DeviceGrouping: ExpressibleByArgument {}

/// Normalized GraphML through the designs engineer's streaming `GraphMLWriter` (native schema, unknown attributes
/// kept under their own declared keys).
enum GraphMLExport {
    /// Writes `topology` to `path` (standard output for nil or `-`, gzip for `.gz`); exit code 2 when it cannot.
    static func write(_ topology: Topology, to path: String?) throws {
        do {
            try GraphMLWriter.write(topology, to: path)
        } catch {
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
    }
}
