import ArgumentParser
import FabricGraph
import FabricModel
import FabricObserved

/// `--forwarding`, `--routing` and `--forwarding-tables`, on every command that routes or judges connectivity: which
/// devices relay traffic and how traffic picks its paths.
struct ForwardingOptions: ParsableArguments {
    @Option(
        help: """
            Which devices relay traffic: auto (accelerators relay only where cabled to another accelerator: tori, full \
            meshes, UB-Mesh), switches (no accelerator or CPU relays), all (every device relays). Default: the file's \
            'forwarding' graph key, else auto.
            """)
    var forwarding: String?

    @Option(
        help: """
            Routing: ecmp (shortest paths, equal split per hop), updown (up*/down* by device tier), dor (dimension order \
            by device coordinates), valiant (via a random intermediate, each leg minimal), ugal (the split between \
            minimal and valiant with the lowest peak utilization), detour (nD full meshes: minimal, or via one \
            intermediate one hop away). Default: the file's 'routing' graph key, else ecmp; \
            tables with --forwarding-tables.
            """)
    var routing: String?

    @Option(
        name: .customLong("forwarding-tables"),
        help: ArgumentHelp(
            """
            Route by the forwarding tables a subnet manager installed: dump_lfts, ibroute or opensm-lfts.dump output \
            together with the ibnetdiscover output of the same fabric (repeatable; files are told apart by content).
            """, valueName: "file"))
    var forwardingTables: [String] = []

    func validate() throws {
        if let forwarding, ForwardingModel(name: forwarding) == nil {
            throw ValidationError("unknown forwarding '\(forwarding)'; expected auto, switches or all")
        }
        if let routing {
            guard let scheme = RoutingScheme(rawValue: routing), scheme != .tables else {
                throw ValidationError("unknown routing '\(routing)'; expected ecmp, updown, dor, valiant, ugal or detour (or give --forwarding-tables)")
            }
            if !forwardingTables.isEmpty {
                throw ValidationError("--routing \(routing) and --forwarding-tables exclude each other: the tables are the routing")
            }
        }
    }

    /// The topology with the command line's forwarding model and routing in its graph keys (which every graph and
    /// routed analysis built from it reads) and the imported tables attached; unchanged without these options.
    /// Problems of the tables (switches or LIDs outside the design, black holes, loops) are printed as errors; the
    /// analyses count the pairs they cut off as unrouted.
    /// - Throws: `ExitCode(2)` when a tables file cannot be read or parsed.
    func apply(to topology: Topology) throws -> Topology {
        var copy = topology
        if let forwarding, let model = ForwardingModel(name: forwarding) {
            copy.properties[ForwardingModel.propertyKey] = .string(model.rawValue)
        }
        if let routing { copy.properties[RoutingScheme.propertyKey] = .string(routing) }
        guard !forwardingTables.isEmpty else { return copy }
        let imported: ForwardingImport
        do {
            imported = try ForwardingImport.read(files: forwardingTables, design: copy)
        } catch {
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
        copy.forwardingState = imported.state
        let graph = CSRGraph(copy)
        var messages = imported.diagnostics.map(\.description)
        if let plan = try? ForwardingPlan(state: imported.state, graph: graph) {
            messages += graph.forwardingProblems(plan: plan).filter { $0.kind != .leavesDesign }.map { $0.message(topology: copy) }
        }
        for message in messages.prefix(Self.shownProblems) { TopologyLoading.printError(message) }
        if messages.count > Self.shownProblems {
            TopologyLoading.printError("\(topology.file): error: \(messages.count - Self.shownProblems) more problems of the forwarding tables not shown")
        }
        return copy
    }

    /// Problems of the tables printed before the rest are counted.
    static let shownProblems = 20

    /// Exit code 2 with the routing's own message when the topology's routing cannot route its traffic (dimension order
    /// without coordinates, detour without accelerators that relay), as analyze does, instead of a report without the
    /// traffic figures. Routes all-to-all once, and only for those schemes.
    static func requireRoutable(_ topology: Topology, graph: CSRGraph) throws {
        let scheme = RoutingScheme.resolved(topology)
        guard scheme == .dor || scheme.isNonMinimal else { return }
        do {
            _ = try TrafficAnalysis.analyze(topology: topology, graph: graph, hottestCount: 0)
        } catch {
            TopologyLoading.printError("\(topology.file): \(error.description)")
            throw ExitCode(2)
        }
    }
}
