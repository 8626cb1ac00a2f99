import ArgumentParser
import FabricGraphML

/// `fabcheck validate FILE...`: imports each file and reports problems like a compiler.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that GraphML files import cleanly (warnings allowed).",
        discussion: "Prints FILE:LINE:COL diagnostics to standard error. Exit code 0 when every file imports, 2 otherwise."
    )

    @Argument(help: "GraphML files (.graphml or .graphml.gz).")
    var files: [String]

    @OptionGroup var importOptions: ImportOptions

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one GraphML file") }
    }

    func run() throws {
        var failed = 0
        for file in files {
            if let result = TopologyLoading.importFile(file, options: importOptions.readerOptions, printWarnings: !quiet) {
                if !quiet {
                    let topology = result.topology
                    print("\(file): ok: \(topology.devices.count) nodes, \(topology.links.count) links")
                }
            } else {
                failed += 1
            }
        }
        if failed > 0 {
            TopologyLoading.printError("\(failed) of \(files.count) file\(files.count == 1 ? "" : "s") could not be imported")
            throw ExitCode(2)
        }
    }
}
