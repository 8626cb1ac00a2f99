import ArgumentParser
import FabricGraphML

/// `fabcheck validate FILE...`: imports each file and reports problems like a compiler.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that GraphML files import cleanly (warnings allowed).",
        discussion: """
            Prints FILE:LINE:COL diagnostics to standard error. Exit code 0 when every file imports, 2 when one cannot be \
            imported, 1 when --strict and a file has import warnings.
            """
    )

    @Argument(help: "GraphML files (.graphml or .graphml.gz), folders (every such file below, sorted) or - for standard input.")
    var files: [String]

    @OptionGroup var importOptions: ImportOptions

    @Flag(name: .shortAndLong, help: "Print only errors and the warnings that change a computed figure.")
    var quiet = false

    @Flag(help: "Treat import warnings as errors: print them as errors and exit 1 (for gates that want clean files).")
    var strict = false

    func validate() throws {
        try TopologyLoading.validateInputs(files)
    }

    func run() throws {
        var failed = 0
        var warned = 0
        let files = try TopologyLoading.expandInputs(self.files)
        for file in files {
            if let result = TopologyLoading.importFile(file, options: importOptions.readerOptions, printWarnings: !quiet, strict: strict) {
                if strict, result.diagnostics.contains(where: { $0.severity == .warning }) {
                    warned += 1
                    continue
                }
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
        if warned > 0 {
            TopologyLoading.printError("\(warned) of \(files.count) file\(files.count == 1 ? "" : "s") had import warnings (errors under --strict)")
            throw ExitCode(1)
        }
    }
}
