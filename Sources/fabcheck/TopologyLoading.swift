import ArgumentParser
import FabricGraphML
import FabricModel
import Foundation

/// Import limits shared by every subcommand that reads a GraphML file.
struct ImportOptions: ParsableArguments {
    @Option(name: .customLong("max-nodes"), help: "Refuse files with more nodes than this.")
    var maxNodes: Int = ReaderOptions.defaultMaxNodes

    @Option(name: .customLong("max-links"), help: "Refuse files with more links than this.")
    var maxLinks: Int = ReaderOptions.defaultMaxLinks

    @Option(name: .customLong("max-file-bytes"), help: "Refuse files larger than this many bytes.")
    var maxFileBytes: Int64 = ReaderOptions.defaultMaxFileBytes

    /// The reader options these flags describe.
    var readerOptions: ReaderOptions {
        ReaderOptions(maxNodes: maxNodes, maxLinks: maxLinks, maxFileBytes: maxFileBytes)
    }

    func validate() throws {
        guard maxNodes > 0, maxLinks > 0, maxFileBytes > 0 else {
            throw ValidationError("--max-nodes, --max-links and --max-file-bytes must be positive")
        }
    }
}

/// Loading a topology file for a subcommand: diagnostics go to stderr like a compiler's, and input that cannot be
/// checked ends the run with exit code 2.
enum TopologyLoading {
    /// Imports `path`, printing its diagnostics; nil (after printing why) when the file cannot be checked. Without
    /// `printWarnings` (`-q`) only errors and warnings that change a computed figure are printed; with `strict` every
    /// warning is printed as an error (the caller decides the exit code, see `strictViolations`).
    static func importFile(_ path: String, options: ReaderOptions, printWarnings: Bool = true, strict: Bool = false) -> ImportResult? {
        do {
            let result = try GraphMLReader.read(file: path, options: options)
            for var diagnostic in result.diagnostics where printWarnings || strict || diagnostic.severity == .error || diagnostic.changesFigures {
                if strict, diagnostic.severity == .warning {
                    diagnostic.severity = .error
                    diagnostic.message += " [--strict]"
                }
                printError(diagnostic.description)
            }
            return result.hasErrors ? nil : result
        } catch {
            printError(error.description)
            return nil
        }
    }

    /// Imports `path` or throws `ExitCode(2)` after printing why it cannot be checked.
    static func load(_ path: String, options: ImportOptions, printWarnings: Bool = true) throws -> Topology {
        try loadCountingWarnings(path, options: options, printWarnings: printWarnings, strict: false).topology
    }

    /// Imports `path` or throws `ExitCode(2)`; also returns how many import warnings it had (with `strict` they were
    /// printed as errors, and a gate exits 1 on them).
    static func loadCountingWarnings(_ path: String, options: ImportOptions, printWarnings: Bool,
                                     strict: Bool) throws -> (topology: Topology, warnings: Int) {
        guard let result = importFile(path, options: options.readerOptions, printWarnings: printWarnings, strict: strict) else {
            throw ExitCode(2)
        }
        return (result.topology, result.diagnostics.filter { $0.severity == .warning }.count)
    }

    /// Writes one line to standard error.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
