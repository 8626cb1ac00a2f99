import ArgumentParser
import FabricGraph
import FabricGraphML
import FabricModel
import Foundation

/// `--state FILE`, on every command that analyses a fabric: what is down now, as the baseline.
struct StateOptions: ParsableArguments {
    @Option(
        help: """
            The current failure state: a list of what is down (device ids, link ids, A~B, A:PORT~B:PORT, A~B#n, one per \
            line, # comments) or the as-built GraphML of `verify --write-as-built`. The fabric with those elements deleted \
            ("now") is the baseline of the command.
            """)
    var state: String?

    /// The state applied to `design`, nil without `--state`; prints located errors and throws `ExitCode(2)` when the
    /// state cannot be read or names what the design does not have.
    func apply(to design: Topology, importOptions: ImportOptions) throws -> AppliedFailureState? {
        guard let state else { return nil }
        if GraphMLInputs.isDesignFile(state) {
            let asBuilt = try TopologyLoading.load(state, options: importOptions, printWarnings: false)
            return AppliedFailureState(design: design, asBuilt: asBuilt, file: state)
        }
        let text: String
        do {
            text = try String(contentsOfFile: state, encoding: .utf8)
        } catch {
            TopologyLoading.printError(FailureStateError.unreadable(state, reason: error.localizedDescription).description)
            throw ExitCode(2)
        }
        do {
            return try AppliedFailureState(design: design, state: FailureState(parsing: text, file: state))
        } catch {
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
    }

    /// The topology a command analyses: "now" with `--state` (printing the state's headline on standard error
    /// unless `quiet`), else the design.
    func baseline(of design: Topology, importOptions: ImportOptions, quiet: Bool = false) throws -> Topology {
        guard let applied = try apply(to: design, importOptions: importOptions) else { return design }
        if !quiet { TopologyLoading.printError("note: \(applied.summary.headline); analysing the fabric now") }
        return applied.now
    }
}
