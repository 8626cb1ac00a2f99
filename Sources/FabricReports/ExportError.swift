import FabricModel

/// Why an export, a report or a design diff could not be produced from a topology (the design itself imported fine).
public enum ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The design has no accelerator, so there is nothing to schedule or measure.
    case noAccelerators(file: String)
    /// An accelerator lacks the attribute that names its Slurm node.
    case missingNodeAttribute(attribute: String, device: String, location: SourceLocation)
    /// Two devices map to the same Slurm name after replacing characters Slurm does not accept.
    case nameCollision(name: String, first: String, second: String)
    /// The design has no scale-up domain of more than one Slurm node (block plugin).
    case noScaleUpDomains(file: String)
    /// A Slurm node's accelerators fall into different scale-up domains (block plugin).
    case nodeSpansBlocks(node: String, first: String, second: String)
    /// A device id holds a character NetGraph's DSL expands in names (`[ ] { } $`).
    case netGraphName(device: String, location: SourceLocation)

    public var description: String {
        switch self {
        case .noAccelerators(let file):
            "\(file): error: the design has no accelerator"
        case .missingNodeAttribute(let attribute, let device, let location):
            "\(location): error: accelerator '\(device)' has no '\(attribute)' to name its slurm node"
        case .nameCollision(let name, let first, let second):
            "error: '\(first)' and '\(second)' both become slurm name '\(name)'; rename one of them"
        case .noScaleUpDomains(let file):
            "\(file): error: no scale-up domain holds more than one slurm node (accelerators share no switch chip or direct link); "
                + "use '--format slurm --plugin tree'"
        case .nodeSpansBlocks(let node, let first, let second):
            "error: slurm node '\(node)' has accelerators in two scale-up domains ('\(first)' and '\(second)'); choose another --slurm-node attribute"
        case .netGraphName(let device, let location):
            "\(location): error: netgraph: device id '\(device)' holds a character NetGraph expands in names ([ ] { } $); rename the device"
        }
    }
}
