import FabricModel

/// A fully parameterized fabric design that can stream itself into any `TopologySink`.
public protocol FabricDesign: Sendable {
    /// The graph-level properties (family, parameters, generator version, description, accelerators, tags).
    var properties: DesignProperties { get }
    /// The number of devices `generate` emits (for capacity reservation and progress).
    var deviceCount: Int { get }
    /// The number of links `generate` emits.
    var linkCount: Int { get }
    /// Streams the design: `begin`, SRLGs, devices, links, `finish`.
    func generate<Sink: TopologySink>(into sink: inout Sink) throws(Sink.Failure)
}

/// The graph-level data every generated design records.
public struct DesignProperties: Hashable, Sendable {
    /// The generator family (`fattree`, `clos`, `torus`, `fullmesh`, `dragonfly`, or a compound design's family).
    public var family: String
    /// The design name (a reference design's name, or the family name for a parameterized one).
    public var name: String
    /// Parameters in a fixed order, as `(name, value)` pairs.
    public var parameters: [(String, String)]
    /// One paragraph describing what the design models and where it comes from.
    public var description: String
    /// Number of accelerators the design contains.
    public var accelerators: Int
    /// Rule profile name (e.g. `superpod`), if the design belongs to one.
    public var profile: String?
    /// Whether the fabric is lossless (credit-based or PFC), if the design says.
    public var lossless: Bool?
    /// Whether the design promises no single point of failure.
    public var noSPOF: Bool?
    /// Whether accelerators are single-homed on their scale-out network by design.
    public var singleHomed: Bool?
    /// Virtual lanes available for deadlock avoidance, if the design specifies them.
    public var virtualLanes: Int?

    /// Creates the properties of a design.
    public init(
        family: String, name: String, parameters: [(String, String)], description: String, accelerators: Int,
        profile: String? = nil, lossless: Bool? = nil, noSPOF: Bool? = nil, singleHomed: Bool? = nil,
        virtualLanes: Int? = nil
    ) {
        self.family = family
        self.name = name
        self.parameters = parameters
        self.description = description
        self.accelerators = accelerators
        self.profile = profile
        self.lossless = lossless
        self.noSPOF = noSPOF
        self.singleHomed = singleHomed
        self.virtualLanes = virtualLanes
    }

    /// The parameters as `name=value` pairs separated by spaces (the native `parameters` graph key).
    public var parameterText: String {
        parameters.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }

    /// The properties as native-schema graph data, keyed by `NativeSchema.GraphKey` names.
    public var graphData: [String: AttributeValue] {
        var data: [String: AttributeValue] = [
            "family": .string(family),
            "design": .string(name),
            "parameters": .string(parameterText),
            "generator_version": .string(DesignCatalog.generatorVersion),
            "description": .string(description),
            "schema_version": .int(Int64(DesignCatalog.schemaVersion)),
            "accelerators": .int(Int64(accelerators)),
        ]
        if let profile { data["profile"] = .string(profile) }
        if let lossless { data["lossless"] = .bool(lossless) }
        if let noSPOF { data["no_spof"] = .bool(noSPOF) }
        if let singleHomed { data["single_homed"] = .bool(singleHomed) }
        if let virtualLanes { data["virtual_lanes"] = .int(Int64(virtualLanes)) }
        return data
    }

    public static func == (lhs: DesignProperties, rhs: DesignProperties) -> Bool {
        lhs.graphData == rhs.graphData
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(graphData)
    }
}

/// Why a design could not be generated: an unknown name or a parameter that cannot work. Every message says
/// what would work instead (the CLI turns these into usage errors, exit 64).
public enum DesignError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No family or reference design has this name.
    case unknownDesign(String, known: [String])
    /// The family has no parameter of this name.
    case unknownParameter(String, design: String, known: [String])
    /// A parameter value is malformed or out of range; `hint` says what would work.
    case invalidParameter(name: String, value: String, hint: String)
    /// A combination of parameters is impossible (e.g. a switch would need more ports than its radix).
    case infeasible(String)

    public var description: String {
        switch self {
        case .unknownDesign(let name, let known):
            "unknown family or design '\(name)'; known: \(known.joined(separator: ", "))"
        case .unknownParameter(let name, let design, let known):
            "'\(design)' has no parameter '\(name)'; its parameters: \(known.joined(separator: ", "))"
        case .invalidParameter(let name, let value, let hint):
            "invalid value '\(value)' for '\(name)': \(hint)"
        case .infeasible(let message):
            message
        }
    }
}

/// Sequential index bookkeeping for a generator: the sink numbers devices and SRLGs in arrival order.
struct StreamCounter {
    var devices: Int32 = 0
    var srlgs: Int32 = 0
    var links = 0
}

extension TopologySink {
    /// Sends a device and returns the index the sink gives it.
    @inline(__always)
    mutating func emit(_ device: Device, _ counter: inout StreamCounter) throws(Failure) -> Int32 {
        try self.device(device)
        counter.devices += 1
        return counter.devices - 1
    }

    /// Declares an SRLG and returns its index.
    @inline(__always)
    mutating func emitSRLG(_ name: String, _ counter: inout StreamCounter) throws(Failure) -> Int32 {
        try declareSRLG(name)
        counter.srlgs += 1
        return counter.srlgs - 1
    }

    /// Sends a link.
    @inline(__always)
    mutating func emit(_ link: StreamedLink, _ counter: inout StreamCounter) throws(Failure) {
        try self.link(link)
        counter.links += 1
    }
}
