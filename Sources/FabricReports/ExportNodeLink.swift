import FabricModel

/// A JSON value written with sorted keys and shortest round-trip numbers, so the same input gives the same bytes.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A GraphML attribute value as JSON (booleans, integers, doubles and strings keep their type).
    public init(_ value: AttributeValue) {
        switch value {
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        }
    }

    /// Compact JSON text (no spaces), keys sorted.
    public var compact: String {
        var out = ""
        write(into: &out)
        return out
    }

    /// Appends the compact text to `out`.
    public func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .double(let number): out += JSONValue.number(number)
        case .string(let text): JSONValue.appendQuoted(text, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                JSONValue.appendQuoted(key, to: &out)
                out += ":"
                members[key]?.write(into: &out)
            }
            out += "}"
        }
    }

    /// A finite double as JSON (integral values without a fraction, others in Swift's shortest round-trip form);
    /// NaN and infinities, which JSON cannot hold, as `null`.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 9e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Appends `text` as a JSON string literal, escaping quotes, backslashes and control characters.
    public static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// Node-link JSON as networkx reads it (`networkx.node_link_graph(data, edges="edges")`, networkx ≥ 3.4; older
/// versions read the same data after renaming `edges` to `links`): a multigraph, one node per device with its
/// model fields and GraphML data, one edge per link keyed by its link index, with `bandwidth_bps` per direction.
/// Graph data holds the topology's graph-level properties. Node and edge data that would clash with the format's
/// own names (`id`, `source`, `target`, `key`) get a `data_` prefix.
public enum NodeLinkExporter {
    /// The JSON text: one line per node and per edge inside a pretty top level, keys sorted.
    /// - Complexity: O(V + E) output size.
    public static func render(_ topology: Topology) -> String {
        var graph: [String: JSONValue] = [:]
        for (key, value) in topology.properties { graph[key] = JSONValue(value) }
        graph["name"] = .string(designName(of: topology))
        if !topology.srlgs.isEmpty { graph["srlgs"] = .array(topology.srlgs.map { .string($0) }) }
        var out = "{\n"
        out += "  \"directed\": false,\n"
        out += "  \"multigraph\": true,\n"
        out += "  \"graph\": \(JSONValue.object(graph).compact),\n"
        out += "  \"nodes\": [\n"
        for (index, device) in topology.devices.enumerated() {
            out += "    " + node(device, topology: topology).compact + (index + 1 < topology.devices.count ? ",\n" : "\n")
        }
        out += "  ],\n"
        out += "  \"edges\": [\n"
        for (index, link) in topology.links.enumerated() {
            out += "    " + edge(link, index: index, topology: topology).compact + (index + 1 < topology.links.count ? ",\n" : "\n")
        }
        out += "  ]\n"
        out += "}\n"
        return out
    }

    static let reserved: Set<String> = ["id", "source", "target", "key"]

    static func node(_ device: Device, topology: Topology) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (key, value) in device.attributes {
            members[reserved.contains(key) || modelNodeFields.contains(key) ? "data_" + key : key] = JSONValue(value)
        }
        members["id"] = .string(device.id)
        members["role"] = .string(device.role.rawValue)
        if let label = device.label { members["label"] = .string(label) }
        if let tier = device.tier { members["tier"] = .int(Int64(tier)) }
        if let pod = device.pod { members["pod"] = .string(pod) }
        if let rack = device.rack { members["rack"] = .string(rack) }
        if let plane = device.plane { members["plane"] = .string(plane) }
        if let rail = device.rail { members["rail"] = .int(Int64(rail)) }
        if let radix = device.radix { members["radix"] = .int(Int64(radix)) }
        if !device.coordinates.isEmpty { members["coords"] = .array(device.coordinates.map { .int(Int64($0)) }) }
        return .object(members)
    }

    static let modelNodeFields: Set<String> = ["role", "label", "tier", "pod", "rack", "plane", "rail", "radix", "coords"]
    static let modelEdgeFields: Set<String> = [
        "link_id", "bandwidth_bps", "multiplicity", "medium", "latency_ns", "srlg", "source_port", "target_port", "directed",
    ]

    static func edge(_ link: Link, index: Int, topology: Topology) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (key, value) in link.attributes {
            members[reserved.contains(key) || modelEdgeFields.contains(key) ? "data_" + key : key] = JSONValue(value)
        }
        members["source"] = .string(topology.devices[Int(link.source)].id)
        members["target"] = .string(topology.devices[Int(link.target)].id)
        members["key"] = .int(Int64(index))
        if let id = link.id { members["link_id"] = .string(id) }
        if let bandwidth = link.bandwidth { members["bandwidth_bps"] = .double(bandwidth) }
        members["multiplicity"] = .int(Int64(link.multiplicity))
        if let medium = link.medium { members["medium"] = .string(medium.rawValue) }
        if let latency = link.latencyNanoseconds { members["latency_ns"] = .double(latency) }
        if !link.srlgs.isEmpty { members["srlg"] = .array(link.srlgs.map { .string(topology.srlgs[Int($0)]) }) }
        if link.sourcePort >= 0 { members["source_port"] = .string(topology.ports[Int(link.sourcePort)].name) }
        if link.targetPort >= 0 { members["target_port"] = .string(topology.ports[Int(link.targetPort)].name) }
        if link.directed { members["directed"] = .bool(true) }
        return .object(members)
    }
}
