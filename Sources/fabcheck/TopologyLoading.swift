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
    /// Imports `path`, printing its diagnostics; nil (after printing why) when the file cannot be checked.
    static func importFile(_ path: String, options: ReaderOptions, printWarnings: Bool = true, strict: Bool = false) -> ImportResult? {
        importOrErrors(path, options: options, printWarnings: printWarnings, strict: strict).result
    }

    /// Imports `path`, printing its diagnostics: the result, or (after printing them) the errors that keep the file
    /// from being checked, each located in the file (line 0 when the error has no place in it). Without `printWarnings`
    /// (`-q`) only errors and the warnings that change a computed figure are printed; with `strict` (`--strict`) every
    /// warning is printed as an error, and the caller exits 1 on them.
    static func importOrErrors(
        _ path: String, options: ReaderOptions, printWarnings: Bool = true,
        strict: Bool = false
    ) -> (result: ImportResult?, errors: [Diagnostic]) {
        do {
            let result =
                try path == GraphMLInputs.standardInputArgument
                ? GraphMLReader.readStandardInput(options: options)
                : GraphMLReader.read(file: path, options: options)
            for var diagnostic in result.diagnostics where printWarnings || strict || diagnostic.severity == .error || diagnostic.changesFigures {
                if strict, diagnostic.severity == .warning {
                    diagnostic.severity = .error
                    diagnostic.message += " [--strict]"
                }
                printError(diagnostic.description)
            }
            guard result.hasErrors else { return (result, []) }
            let errors = result.diagnostics.filter { $0.severity == .error }.map { error in
                var located = error
                if located.location == nil { located.location = SourceLocation(file: path, line: 0, column: 0) }
                return located
            }
            return (nil, errors)
        } catch {
            printError(error.description)
            return (nil, [error.diagnostic])
        }
    }

    /// Imports `path` or throws `ExitCode(2)` after printing why it cannot be checked.
    static func load(_ path: String, options: ImportOptions, printWarnings: Bool = true) throws -> Topology {
        guard let result = importFile(path, options: options.readerOptions, printWarnings: printWarnings) else {
            throw ExitCode(2)
        }
        return result.topology
    }

    /// A usage error when `-` (standard input) is given more than once or no input at all.
    static func validateInputs(_ arguments: [String]) throws {
        if arguments.isEmpty { throw ValidationError("give at least one GraphML file or folder (or - for standard input)") }
        if arguments.filter({ $0 == GraphMLInputs.standardInputArgument }).count > 1 {
            throw ValidationError("standard input ('-') can be read only once")
        }
    }

    /// The files named by the arguments (folders expanded to the designs below them, sorted), or `ExitCode(2)` after
    /// printing why a folder holds no design.
    static func expandInputs(_ arguments: [String]) throws -> [String] {
        do {
            return try GraphMLInputs.expand(arguments)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    /// The files named by the arguments, folders expanded; a folder with no design is printed and returned as an
    /// input error (so `check` still reports the other inputs).
    static func expandInputsKeepingErrors(_ arguments: [String]) -> (files: [String], errors: [Diagnostic]) {
        var files: [String] = []
        var errors: [Diagnostic] = []
        for argument in arguments {
            do {
                files += try GraphMLInputs.expand([argument])
            } catch {
                printError(error.description)
                errors.append(error.diagnostic)
            }
        }
        return (files, errors)
    }

    /// Writes one line to standard error.
    static func printError(_ line: String) {
        TerminalProgress.eraseForMessage()
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
