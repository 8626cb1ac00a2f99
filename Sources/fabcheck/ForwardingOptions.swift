import ArgumentParser
import FabricGraph
import FabricModel

/// `--forwarding`, on every command that routes or judges connectivity: which devices relay traffic.
struct ForwardingOptions: ParsableArguments {
    @Option(help: """
        Which devices relay traffic: auto (accelerators relay only where cabled to another accelerator: tori, full \
        meshes, UB-Mesh), switches (no accelerator or CPU relays), all (every device relays). Default: the file's \
        'forwarding' graph key, else auto.
        """)
    var forwarding: String?

    func validate() throws {
        if let forwarding, ForwardingModel(name: forwarding) == nil {
            throw ValidationError("unknown forwarding '\(forwarding)'; expected auto, switches or all")
        }
    }

    /// The topology with the command line's model in its `forwarding` graph key (which every graph built from it
    /// reads), unchanged without `--forwarding`.
    func apply(to topology: Topology) -> Topology {
        guard let forwarding, let model = ForwardingModel(name: forwarding) else { return topology }
        var copy = topology
        copy.properties[ForwardingModel.propertyKey] = .string(model.rawValue)
        return copy
    }
}
