import FabricModel

/// Errors of the graph engine: inputs an analysis cannot work with (the run for that analysis cannot continue).
public enum GraphError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A demand file names a device the topology does not have.
    case unknownDevice(String, location: SourceLocation)
    /// A demand file line could not be read.
    case malformedDemand(String, location: SourceLocation)
    /// The routing needs data the design does not have (tiers for up*/down*, coordinates for dimension order).
    case routingUnavailable(String)

    /// The message in the house style: lowercase, names quoted, location first when known.
    public var description: String {
        switch self {
        case .unknownDevice(let id, let location):
            return "\(location): error: unknown device '\(id)'"
        case .malformedDemand(let detail, let location):
            return "\(location): error: \(detail)"
        case .routingUnavailable(let detail):
            return "error: \(detail)"
        }
    }
}
