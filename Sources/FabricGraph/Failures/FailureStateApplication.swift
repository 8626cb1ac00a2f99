import FabricModel

/// What a `--state` file put down, for the outputs ("design" and "now" figures).
public struct FailureStateSummary: Hashable, Sendable, Codable {
    /// The state file as named on the command line.
    public var file: String
    /// Links listed as down, by stable identity (`Topology.stableLinkIDs`), in design order.
    public var downLinks: [String]
    /// Devices listed as down, by id, in design order.
    public var downDevices: [String]
    /// Links down because one of their devices is down (not listed in `downLinks`).
    public var linksDownWithDevices: Int
    /// Accelerators in the design.
    public var designAccelerators: Int
    /// Accelerators up now (not down themselves).
    public var nowAccelerators: Int
    /// For an as-built GraphML state: cables in it that the design does not have (not part of the state).
    public var asBuiltExtraLinks: Int?

    /// One line for people: `state 'FILE': 40 links and 1 device down (32 more links down with the devices)`.
    public var headline: String {
        var parts: [String] = []
        parts.append("\(downLinks.count) link\(downLinks.count == 1 ? "" : "s")")
        parts.append("\(downDevices.count) device\(downDevices.count == 1 ? "" : "s")")
        var line = "state '\(file)': " + parts.joined(separator: " and ") + " down"
        if linksDownWithDevices > 0 { line += " (\(linksDownWithDevices) more link\(linksDownWithDevices == 1 ? "" : "s") down with the devices)" }
        if let extra = asBuiltExtraLinks, extra > 0 {
            line += "; \(extra) as-built cable\(extra == 1 ? "" : "s") not in the design left out"
        }
        return line
    }
}

/// A design with its current failure state applied: the "now" fabric every command analyses, which equals the design
/// file with the down elements deleted.
public struct AppliedFailureState: Sendable {
    /// The design as drawn.
    public let design: Topology
    /// What is down, in design indices.
    public let scenario: FailureScenario
    /// The design without the down elements, and the index maps between the two.
    public let removal: TopologyRemoval
    /// What the state put down, for outputs.
    public let summary: FailureStateSummary

    /// The fabric now: the design without the down elements (its `file` is the design's, whose lines it keeps).
    public var now: Topology { removal.topology }

    /// Applies the links and devices of `scenario` (design indices) as the state read from `file`.
    /// - Complexity: O(V + E + P).
    public init(design: Topology, scenario: FailureScenario, file: String, asBuiltExtraLinks: Int? = nil) {
        self.design = design
        self.scenario = scenario
        self.removal = design.removing(links: scenario.links, devices: scenario.devices)
        let names = design.stableLinkIDs()
        var withDevices = 0
        let listed = Set(scenario.links)
        for (index, kept) in removal.linkIndex.enumerated() where kept < 0 && !listed.contains(Int32(index)) { withDevices += 1 }
        let accelerators = design.devices.filter(\.isAccelerator).count
        let downAccelerators = scenario.devices.filter { design.devices[Int($0)].isAccelerator }.count
        self.summary = FailureStateSummary(
            file: file, downLinks: scenario.links.map { names[Int($0)] },
            downDevices: scenario.devices.map { design.devices[Int($0)].id }, linksDownWithDevices: withDevices,
            designAccelerators: accelerators, nowAccelerators: accelerators - downAccelerators,
            asBuiltExtraLinks: asBuiltExtraLinks
        )
    }

    /// Resolves a state file's names against the design and applies them.
    public init(design: Topology, state: FailureState) throws(FailureStateError) {
        self.init(design: design, scenario: try state.resolve(against: design), file: state.file)
    }

    /// The state an as-built fabric (the GraphML `fabcheck verify --write-as-built` writes) stands for: the design's
    /// devices it lacks and the design's cables it lacks, cables matched by their two (device id, port name) ends in
    /// either orientation, parallel cables counted. Cables the as-built fabric adds are counted, not applied.
    /// - Complexity: O(V + E) expected.
    public init(design: Topology, asBuilt: Topology, file: String) {
        var devices: [Int32] = []
        for (index, device) in design.devices.enumerated() where asBuilt.deviceIndex(forID: device.id) == nil {
            devices.append(Int32(index))
        }
        var available: [String: Int] = [:]
        for link in asBuilt.links { available[Self.endsKey(link, in: asBuilt), default: 0] += 1 }
        var links: [Int32] = []
        for (index, link) in design.links.enumerated() {
            let key = Self.endsKey(link, in: design)
            if let count = available[key], count > 0 {
                available[key] = count - 1
            } else if asBuilt.deviceIndex(forID: design.devices[Int(link.source)].id) != nil,
                asBuilt.deviceIndex(forID: design.devices[Int(link.target)].id) != nil
            {
                links.append(Int32(index))
            }
        }
        let extra = available.values.reduce(0, +)
        self.init(design: design, scenario: FailureScenario(links: links, devices: devices), file: file, asBuiltExtraLinks: extra)
    }

    /// The ends of a link by device id and port name, orientation-free.
    private static func endsKey(_ link: Link, in topology: Topology) -> String {
        func end(_ device: Int32, _ port: Int32) -> String {
            topology.devices[Int(device)].id + (port >= 0 && Int(port) < topology.ports.count ? ":" + topology.ports[Int(port)].name : "")
        }
        let a = end(link.source, link.sourcePort)
        let b = end(link.target, link.targetPort)
        return a <= b ? a + "\u{1F}" + b : b + "\u{1F}" + a
    }

    /// A scenario of the "now" fabric (its indices) in design indices.
    public func designScenario(_ nowScenario: FailureScenario) -> FailureScenario {
        var deviceOrigin = [Int32](repeating: -1, count: now.devices.count)
        for (original, index) in removal.deviceIndex.enumerated() where index >= 0 { deviceOrigin[Int(index)] = Int32(original) }
        return FailureScenario(
            links: nowScenario.links.map { removal.linkOrigin[Int($0)] },
            devices: nowScenario.devices.map { deviceOrigin[Int($0)] })
    }
}
