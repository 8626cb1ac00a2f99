import FabricModel

/// Which devices may relay traffic between two other devices (the forwarding model).
///
/// Switches, optical switches, NICs, buses and other devices always relay. Accelerators and host CPUs are traffic
/// endpoints: in an indirect network (leaf–spine, rails, NVSwitch domains) they never carry other devices' traffic;
/// in a direct network (torus, full mesh, UB-Mesh) the accelerators are the routers.
public enum ForwardingModel: String, Sendable, CaseIterable {
    /// Decided per accelerator: an accelerator relays when it has a cable to another accelerator (it belongs to a
    /// direct network: torus, full mesh, UB-Mesh, the accelerator-to-accelerator links of a scale-up domain).
    case auto
    /// Only non-endpoint devices relay: no accelerator or CPU carries traffic between two other devices.
    case switches
    /// Every device relays, accelerators and CPUs included (a direct network declared as such).
    case all

    /// Parses a model name as written in a file's `forwarding` graph key or `--forwarding`: `auto`, `switches`
    /// (also `indirect`, `switch`, `none`), `all` (also `direct`, `accelerators`); nil for anything else.
    public init?(name: String) {
        switch String(name.lowercased().filter { $0 != " " && $0 != "\t" }) {
        case "auto", "": self = .auto
        case "switches", "switch", "indirect", "none", "switches-only": self = .switches
        case "all", "direct", "accelerators", "everything": self = .all
        default: return nil
        }
    }

    /// The graph-level key of a file that declares its forwarding model.
    public static let propertyKey = "forwarding"
}

/// The forwarding model a graph was built with, resolved per device, and how it was chosen.
public struct ForwardingSummary: Sendable, Equatable {
    /// The model asked for (the file's `forwarding` key or `--forwarding`, else `auto`).
    public let model: ForwardingModel
    /// True when the file or the command line chose the model, false when it is the `auto` default.
    public let declared: Bool
    /// Accelerators that relay other devices' traffic under the model.
    public let relayingEndpoints: Int
    /// Accelerators in the design.
    public let endpoints: Int
    /// A value of the `forwarding` key that is not a model name (then `auto` is used).
    public let unknownDeclaration: String?

    /// One line naming the model and what it means for this design, for every command that routes.
    public var line: String {
        let source = declared ? "declared" : "auto-detected"
        if relayingEndpoints == 0 {
            return "forwarding: \(model.rawValue) (\(source)): accelerators do not relay traffic; paths run through switches"
        }
        if relayingEndpoints == endpoints {
            return "forwarding: \(model.rawValue) (\(source)): every accelerator relays traffic (direct network)"
        }
        return "forwarding: \(model.rawValue) (\(source)): \(relayingEndpoints) of \(endpoints) accelerators relay traffic "
            + "(those cabled to another accelerator); the others only send and receive"
    }
}

extension ForwardingModel {
    /// Whether a device of `role` is a traffic endpoint (an accelerator or a host CPU) rather than a relay.
    @inlinable static func isEndpoint(_ role: Role) -> Bool { role == .accelerator || role == .cpu }

    /// Resolves the model on a topology: per device, whether it may relay traffic between two other devices.
    /// - Complexity: O(V + E).
    static func resolve(_ topology: Topology) -> (relays: [Bool], summary: ForwardingSummary) {
        var model = ForwardingModel.auto
        var declared = false
        var unknown: String?
        if let value = topology.properties[propertyKey] {
            let text: String
            switch value {
            case .string(let string): text = string
            default: text = "\(value)"
            }
            if let parsed = ForwardingModel(name: text) {
                model = parsed
                declared = true
            } else {
                unknown = text
            }
        }
        let count = topology.devices.count
        var relays = [Bool](repeating: true, count: count)
        var endpoint = [Bool](repeating: false, count: count)
        topology.devices.withUnsafeBufferPointer { devices in
            for index in 0..<count where isEndpoint(devices[index].role) {
                endpoint[index] = true
            }
        }
        switch model {
        case .all:
            break
        case .switches:
            for index in 0..<count where endpoint[index] { relays[index] = false }
        case .auto:
            var acceleratorNeighbour = [Bool](repeating: false, count: count)
            topology.devices.withUnsafeBufferPointer { devices in
                topology.links.withUnsafeBufferPointer { links in
                    for link in links where link.source != link.target {
                        let s = Int(link.source)
                        let t = Int(link.target)
                        if devices[s].role == .accelerator && devices[t].role == .accelerator {
                            acceleratorNeighbour[s] = true
                            acceleratorNeighbour[t] = true
                        }
                    }
                }
            }
            for index in 0..<count where endpoint[index] { relays[index] = acceleratorNeighbour[index] }
        }
        var relaying = 0
        var accelerators = 0
        topology.devices.withUnsafeBufferPointer { devices in
            for index in 0..<count where devices[index].role == .accelerator {
                accelerators += 1
                if relays[index] { relaying += 1 }
            }
        }
        return (
            relays,
            ForwardingSummary(
                model: model, declared: declared, relayingEndpoints: relaying, endpoints: accelerators,
                unknownDeclaration: unknown)
        )
    }
}
