import FabricModel

/// What the design declares about itself: from graph-level GraphML data, overridden by `fabcheck.yml`.
public struct DesignProperties: Hashable, Sendable {
    /// Rule profile (`superpod` sets an accelerator limit of 15,488).
    public var profile: String?
    /// The fabric is lossless (PFC or credit-based): deadlock freedom is required.
    public var lossless: Bool
    /// The design promises no single point of failure.
    public var noSPOF: Bool
    /// Accelerators are single-homed by design: their own access link or switch is an accepted single point of failure.
    public var singleHomed: Bool
    /// Virtual lanes (or traffic classes) available for deadlock avoidance; 1 when not declared.
    public var virtualLanes: Int
    /// Upper bound on the accelerator count, if any.
    public var acceleratorLimit: Int?
    /// The accelerator count the file declares (graph-level `accelerators`), checked against its content.
    public var declaredAccelerators: Int?

    /// Properties with nothing declared.
    public init(
        profile: String? = nil, lossless: Bool = false, noSPOF: Bool = false, singleHomed: Bool = false,
        virtualLanes: Int = 1, acceleratorLimit: Int? = nil, declaredAccelerators: Int? = nil
    ) {
        self.profile = profile
        self.lossless = lossless
        self.noSPOF = noSPOF
        self.singleHomed = singleHomed
        self.virtualLanes = virtualLanes
        self.acceleratorLimit = acceleratorLimit
        self.declaredAccelerators = declaredAccelerators
    }

    /// Known profiles and the accelerator limit each implies.
    public static let profileLimits: [String: Int] = ["superpod": 15_488]

    /// Reads the graph-level keys of the native schema (`profile`, `lossless`, `no_spof`, `single_homed`,
    /// `virtual_lanes`, `accelerators`, `accelerator_limit`) and `lossless` on any nested graph.
    public init(topology: Topology) {
        self.init()
        let values = topology.properties
        if case .string(let profile)? = values["profile"] { apply(profile: profile) }
        lossless = Self.flag(values["lossless"]) ?? false
        if !lossless { lossless = topology.graphs.contains { Self.flag($0.attributes["lossless"]) == true } }
        noSPOF = Self.flag(values["no_spof"]) ?? false
        singleHomed = Self.flag(values["single_homed"]) ?? false
        if let lanes = values["virtual_lanes"]?.intValue, lanes > 0 { virtualLanes = lanes }
        if let limit = values["accelerator_limit"]?.intValue, limit > 0 { acceleratorLimit = limit }
        declaredAccelerators = values["accelerators"]?.intValue
    }

    /// Sets the profile and the limit it implies (an explicit limit set later wins).
    public mutating func apply(profile name: String) {
        profile = name
        if let limit = Self.profileLimits[name.lowercased()] { acceleratorLimit = limit }
    }

    private static func flag(_ value: AttributeValue?) -> Bool? {
        switch value {
        case .bool(let flag)?: flag
        case .int(let number)?: number != 0
        case .string(let text)?:
            switch text.lowercased() {
            case "true", "yes", "1": true
            case "false", "no", "0": false
            default: nil
            }
        default: nil
        }
    }
}
