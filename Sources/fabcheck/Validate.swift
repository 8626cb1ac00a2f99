import ArgumentParser
import FabricGraphML

/// `fabcheck validate FILE...`: imports each file and reports problems like a compiler.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that GraphML files import cleanly (warnings allowed).",
        discussion: "Prints FILE:LINE:COL diagnostics to standard error. Exit code 0 when every file imports, 2 otherwise."
    )

    @Argument(help: "GraphML files (.graphml or .graphml.gz), folders (every such file below, sorted) or - for standard input.")
    var files: [String]

    @OptionGroup var importOptions: ImportOptions

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func validate() throws {
        try TopologyLoading.validateInputs(files)
    }

    func run() throws {
        var failed = 0
        let files = try TopologyLoading.expandInputs(self.files)
        for file in files {
            if let result = TopologyLoading.importFile(file, options: importOptions.readerOptions, printWarnings: !quiet) {
                if !quiet {
                    let topology = result.topology
                    print("\(topology.file): ok: \(topology.devices.count) nodes, \(topology.links.count) links")
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
