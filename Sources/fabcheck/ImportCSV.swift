import ArgumentParser
import FabricGraphML
import FabricModel
import Foundation

/// `fabcheck import-csv CABLES.csv [--devices DEVICES.csv] -o FILE.graphml`: a planner's cabling sheet as GraphML.
struct ImportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-csv",
        abstract: "Convert a point-to-point cabling sheet (CSV) and an optional devices sheet into native GraphML.",
        discussion: """
            Cables sheet columns (header row required, any order, case and separators ignored): A-device, A-port, \
            Z-device, Z-port, speed (e.g. 400Gb/s; a unit in the header such as 'speed (Gb/s)' applies to bare numbers), \
            and optionally medium, length (m), SRLG (several separated by ';'), cable id, count, latency (ns, or with its unit: 25ns, 1.2 us). \
            Devices sheet: device, role, and optionally tier, pod, rack, plane, rail, radix, label, coords. \
            Graph sheet (--graph): key, value and optionally type (bool, int, double, string), as `export --format csv \
            --graph-output` writes it. Other columns are kept as GraphML data. Every bad row is reported as FILE:LINE:COL with its column; \
            nothing is written when any row is bad. --max-file-bytes applies to each sheet, --max-nodes to the devices and \
            --max-links to the cables, as for GraphML files. Exit codes: 0 written; 2 a sheet could not be read or has bad rows; 64 usage.
            """
    )

    @Argument(help: "The cables sheet (CSV, comma-, semicolon- or tab-separated, UTF-8).")
    var cables: String

    @Option(help: "The devices sheet (CSV) with at least device and role columns.")
    var devices: String?

    @Option(help: "The graph sheet (CSV: key, value, optionally type) with design-level data such as lossless or description.")
    var graph: String?

    @Option(name: .shortAndLong, help: "The GraphML file to write ('-' for standard output; a .gz name compresses).")
    var output: String

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @OptionGroup var importOptions: ImportOptions

    func run() throws {
        let result: ImportResult
        do {
            result = try CSVCablingImporter.read(cables: cables, devices: devices, graph: graph, options: importOptions.readerOptions)
        } catch {
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
        for diagnostic in result.diagnostics where !quiet || diagnostic.severity == .error || diagnostic.changesFigures {
            TopologyLoading.printError(diagnostic.description)
        }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        if errors > 0 {
            TopologyLoading.printError("\(errors) error\(errors == 1 ? "" : "s"); nothing written")
            throw ExitCode(2)
        }
        try GraphMLExport.write(result.topology, to: output == "-" ? nil : output)
        if !quiet, output != "-" {
            let topology = result.topology
            TopologyLoading.printError("\(output): \(topology.devices.count) devices, \(topology.links.count) links, \(topology.ports.count) ports")
        }
    }
}
