import FabricModel

/// The element kinds a GraphML `<key>` can be declared `for`.
enum KeyDomain: UInt8 {
    case graph, node, edge, port, hyperedge, endpoint, graphml, all

    init?(text: String) {
        switch text {
        case "graph": self = .graph
        case "node": self = .node
        case "edge": self = .edge
        case "port": self = .port
        case "hyperedge": self = .hyperedge
        case "endpoint": self = .endpoint
        case "graphml": self = .graphml
        case "all": self = .all
        default: return nil
        }
    }

    /// Whether a key of this domain may be used on an element of `other`'s kind.
    func admits(_ other: KeyDomain) -> Bool { self == .all || self == other }
}

/// A GraphML `attr.type`.
enum ValueType: UInt8 {
    case boolean, int, long, float, double, string

    /// Parses an `attr.type`; `quirk` is set for real-world spellings GraphML does not define (`integer`).
    static func parse(_ text: String) -> (type: ValueType, quirk: Bool)? {
        switch text {
        case "boolean": (.boolean, false)
        case "int": (.int, false)
        case "long": (.long, false)
        case "float": (.float, false)
        case "double": (.double, false)
        case "string": (.string, false)
        case "integer", "Integer", "INT", "Int", "short", "byte": (.int, true)
        case "bool", "Boolean": (.boolean, true)
        case "str", "String", "text": (.string, true)
        case "number", "real", "Double", "Float": (.double, true)
        default: nil
        }
    }
}

/// What a node-domain key means to the model.
enum NodeField: UInt8 {
    case none, role, label, tier, pod, rack, plane, rail, radix, coordinates

    /// Native names (`NativeSchema.NodeKey`) and their synonyms, matched on `attr.name`.
    init(attributeName name: String) {
        switch name {
        case NativeSchema.NodeKey.role, "device_role", "node_role", "Role": self = .role
        case NativeSchema.NodeKey.label, "Label", "name": self = .label
        case NativeSchema.NodeKey.tier, "Tier", "layer_index": self = .tier
        case NativeSchema.NodeKey.pod, "Pod", "scalable_unit", "segment": self = .pod
        case NativeSchema.NodeKey.rack, "Rack": self = .rack
        case NativeSchema.NodeKey.plane, "Plane": self = .plane
        case NativeSchema.NodeKey.rail, "Rail": self = .rail
        case NativeSchema.NodeKey.radix, "Radix", "ports": self = .radix
        case NativeSchema.NodeKey.coordinates, "coordinates", "coord": self = .coordinates
        default: self = .none
        }
    }

    /// True when the value lives in a dedicated `Device` field instead of `attributes`.
    var isModelField: Bool { self != .none }
}

/// What an edge-domain key means to the model.
enum EdgeField: UInt8 {
    case none, bandwidth, linkSpeedRaw, linkSpeed, linkSpeedUnits, linkLabel, latency, medium, srlg, multiplicity, oneWay, direction

    /// Native names (`NativeSchema.EdgeKey`), unit-suffixed synonyms and the Topology Zoo link-speed keys.
    static func parse(attributeName name: String) -> (field: EdgeField, unit: BandwidthUnit?, latencyScale: Double?) {
        switch name {
        case NativeSchema.EdgeKey.bandwidth, "bw", "capacity", "speed", "rate", "link_speed", "Bandwidth", "Capacity":
            return (.bandwidth, nil, 1)
        case "LinkSpeedRaw": return (.linkSpeedRaw, .bps, 1)
        case "LinkSpeed": return (.linkSpeed, nil, 1)
        case "LinkSpeedUnits": return (.linkSpeedUnits, nil, 1)
        case "LinkLabel": return (.linkLabel, nil, 1)
        case NativeSchema.EdgeKey.latency, "latency_nanoseconds": return (.latency, nil, 1)
        case "latency", "Latency": return (.latency, nil, nil)
        case "latency_us": return (.latency, nil, 1e3)
        case "latency_ms": return (.latency, nil, 1e6)
        case NativeSchema.EdgeKey.medium, "Medium", "media": return (.medium, nil, 1)
        case NativeSchema.EdgeKey.srlg, "srlgs", "SRLG", "shared_risk": return (.srlg, nil, 1)
        case NativeSchema.EdgeKey.multiplicity, "Multiplicity", "cables": return (.multiplicity, nil, 1)
        case NativeSchema.EdgeKey.oneWay, "oneway", "one-way", "unidirectional": return (.oneWay, nil, 1)
        case NativeSchema.EdgeKey.direction: return (.direction, nil, 1)
        default:
            if let unit = Bandwidth.unit(forKeyName: name),
                let split = name.lastIndex(where: { $0 == "_" || $0 == "-" || $0 == "." })
            {
                let base = name[..<split].lowercased()
                if ["bandwidth", "bw", "capacity", "speed", "rate", "link_speed", "linkspeed"].contains(base) {
                    return (.bandwidth, unit, 1)
                }
            }
            return (.none, nil, 1)
        }
    }

    /// True when the value lives in a dedicated `Link` field instead of `attributes`.
    var isModelField: Bool {
        switch self {
        case .bandwidth, .latency, .medium, .srlg, .multiplicity, .oneWay, .direction: true
        case .none, .linkSpeedRaw, .linkSpeed, .linkSpeedUnits, .linkLabel: false
        }
    }
}

/// A parsed value remembered per key, so a value repeated on consecutive elements is converted once.
enum CachedMeaning {
    case none
    case role(Role?)
    case bandwidth(Double)
    case latency(Double)
    case medium(Medium?)
    case srlgs([Int32])
    case coordinates([Int])
    case failed(String)
}

/// A `<key>` declaration with its meaning to the model and a one-entry cache of its last value.
struct KeyDeclaration {
    /// The key's `id`.
    var id: String
    /// `attr.name` (the key id when the file gives none); attributes are stored under this name.
    var name: String
    var domain: KeyDomain
    var type: ValueType
    var nodeField: NodeField
    var edgeField: EdgeField
    /// Unit implied by the key name for bare bandwidth numbers.
    var bandwidthUnit: BandwidthUnit?
    /// Nanoseconds per unit of a bare number under a latency key; nil when the key name gives no unit (`latency`).
    var latencyScale: Double?
    /// The key carries yFiles graphics (`yfiles.type`): only labels inside it are read.
    var isYFiles: Bool
    /// `<default>` text, if declared.
    var defaultText: [UInt8]?
    var position: SourcePosition

    /// Last raw value and its conversions.
    var lastBytes = ByteBuffer()
    var lastValue: AttributeValue?
    var lastMeaning: CachedMeaning = .none
    var hasCache = false
    /// Quirk warnings already given for this key.
    var warnedBoolean = false
    var warnedDomain = false

    init(id: String, name: String?, domain: KeyDomain, type: ValueType, isYFiles: Bool, position: SourcePosition) {
        self.id = id
        self.name = name ?? id
        self.domain = domain
        self.type = type
        self.isYFiles = isYFiles
        self.position = position
        let nodeName = name ?? ""
        self.nodeField = (domain == .node || domain == .all || domain == .hyperedge) ? NodeField(attributeName: nodeName) : .none
        if domain == .edge || domain == .all {
            let parsed = EdgeField.parse(attributeName: nodeName)
            self.edgeField = parsed.field
            self.bandwidthUnit = parsed.unit
            self.latencyScale = parsed.latencyScale
        } else {
            self.edgeField = .none
            self.bandwidthUnit = nil
            self.latencyScale = 1
        }
    }
}
