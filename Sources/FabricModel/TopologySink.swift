/// A link as a generator streams it: endpoints by device index, per-direction bandwidth, medium and up to
/// three shared-risk groups held inline (no allocation per link, which matters at 10⁷ links).
public struct StreamedLink: Hashable, Sendable {
    /// Index of the source device (the order in which the sink received devices).
    public var source: Int32
    /// Index of the target device.
    public var target: Int32
    /// Capacity in bit/s in each direction.
    public var bandwidth: Double
    /// Electrical or optical.
    public var medium: Medium
    /// First shared-risk group index, or -1.
    public var srlg0: Int32
    /// Second shared-risk group index, or -1.
    public var srlg1: Int32
    /// Third shared-risk group index, or -1.
    public var srlg2: Int32

    /// Creates a streamed link; pass -1 (the default) for unused SRLG slots.
    @inlinable
    public init(
        source: Int32, target: Int32, bandwidth: Double, medium: Medium,
        srlg0: Int32 = -1, srlg1: Int32 = -1, srlg2: Int32 = -1
    ) {
        self.source = source
        self.target = target
        self.bandwidth = bandwidth
        self.medium = medium
        self.srlg0 = srlg0
        self.srlg1 = srlg1
        self.srlg2 = srlg2
    }

    /// The SRLG indices that are set, ascending and without duplicates (the order `Link.srlgs` uses).
    public var srlgs: [Int32] {
        var result: [Int32] = []
        for value in [srlg0, srlg1, srlg2] where value >= 0 && !result.contains(value) { result.append(value) }
        result.sort()
        return result
    }
}

/// Receives a design as a stream, so a generator can build a model, count, or write a file without ever
/// holding a 10⁷-link design in memory.
///
/// Contract: `begin` first; then SRLG declarations, devices and links in any interleaving, where a link only
/// names devices and SRLGs already received; then `finish`. Devices and SRLGs are numbered from 0 in the order
/// the sink receives them, so a generator computes indices arithmetically instead of looking them up.
public protocol TopologySink {
    /// What the sink throws (`Never` for sinks that cannot fail).
    associatedtype Failure: Error

    /// Starts the design with its graph-level properties (family, parameters, description, tags).
    mutating func begin(properties: [String: AttributeValue]) throws(Failure)
    /// Declares a shared-risk link group; its index is the number of groups declared before it.
    mutating func declareSRLG(_ name: String) throws(Failure)
    /// Receives the next device; its index is the number of devices received before it.
    mutating func device(_ device: Device) throws(Failure)
    /// Receives a link between two devices already received.
    mutating func link(_ link: StreamedLink) throws(Failure)
    /// Ends the design.
    mutating func finish() throws(Failure)
}

/// The sink that builds a `FabricModel.Topology` in memory (for tests, analyses and `check` on generated designs).
///
/// SRLGs enter the topology in order of first use by a link (each link's groups taken in ascending stream
/// order), and groups no link uses are dropped: exactly what the GraphML reader rebuilds from the written file,
/// so a written-then-read design equals the built one.
public struct TopologyBuilder: TopologySink {
    /// The topology built so far.
    public private(set) var topology: Topology
    private var declaredSRLGs: [String] = []
    private var srlgIndexOfDeclared: [Int32] = []

    /// Starts an empty topology named after `file` (e.g. `<generated fattree-k4>` or the output path).
    public init(file: String) {
        topology = Topology(file: file)
    }

    /// Reserves storage for the expected counts.
    public mutating func reserveCapacity(devices: Int, links: Int) {
        topology.reserveCapacity(devices: devices, links: links)
    }

    public mutating func begin(properties: [String: AttributeValue]) throws(ModelError) {
        topology.properties = properties
        topology.graphs = [Subgraph(id: "G", attributes: properties)]
        topology.rolesDeclared = true
    }

    public mutating func declareSRLG(_ name: String) throws(ModelError) {
        declaredSRLGs.append(name)
        srlgIndexOfDeclared.append(-1)
    }

    public mutating func device(_ device: Device) throws(ModelError) {
        try topology.addDevice(device)
    }

    public mutating func link(_ link: StreamedLink) throws(ModelError) {
        var groups: [Int32] = []
        for declared in link.srlgs where Int(declared) < declaredSRLGs.count {
            var index = srlgIndexOfDeclared[Int(declared)]
            if index < 0 {
                index = topology.srlgIndex(named: declaredSRLGs[Int(declared)])
                srlgIndexOfDeclared[Int(declared)] = index
            }
            groups.append(index)
        }
        groups.sort()
        try topology.addLink(Link(source: link.source, target: link.target, bandwidth: link.bandwidth, medium: link.medium, srlgs: groups))
    }

    public mutating func finish() throws(ModelError) {}
}

/// A sink that only counts: devices by role and tier, links, ports used per device, and link totals by
/// medium. Cheap enough to run the 1M-accelerator design in a debug build.
public struct CountingSink: TopologySink {
    public typealias Failure = Never
    /// Graph-level properties received by `begin`.
    public private(set) var properties: [String: AttributeValue] = [:]
    /// Number of devices per role.
    public private(set) var devicesByRole: [Role: Int] = [:]
    /// Number of devices per tier (devices without a tier are not counted here).
    public private(set) var devicesByTier: [Int: Int] = [:]
    /// Number of links.
    public private(set) var linkCount = 0
    /// Number of links per medium.
    public private(set) var linksByMedium: [Medium: Int] = [:]
    /// Number of links per (bandwidth in bit/s).
    public private(set) var linksByBandwidth: [Double: Int] = [:]
    /// Number of SRLGs declared.
    public private(set) var srlgCount = 0
    /// Ports in use per device (links incident to it), by device index.
    public private(set) var portsUsed: [Int32] = []
    /// Declared radix per device, by device index (-1 when none).
    public private(set) var radix: [Int32] = []
    /// Role per device, by device index.
    public private(set) var roles: [Role] = []
    /// Links whose endpoint or SRLG index was not yet received (a stream-contract violation; 0 when correct).
    public private(set) var danglingReferences = 0
    /// Number of `finish` calls (1 when the stream is complete).
    public private(set) var finished = 0

    /// Creates an empty counter.
    public init() {}

    /// Total number of devices.
    public var deviceCount: Int { roles.count }

    public mutating func begin(properties: [String: AttributeValue]) {
        self.properties = properties
    }

    public mutating func declareSRLG(_ name: String) {
        srlgCount += 1
    }

    public mutating func device(_ device: Device) {
        devicesByRole[device.role, default: 0] += 1
        if let tier = device.tier { devicesByTier[tier, default: 0] += 1 }
        portsUsed.append(0)
        radix.append(Int32(device.radix ?? -1))
        roles.append(device.role)
    }

    public mutating func link(_ link: StreamedLink) {
        linkCount += 1
        linksByMedium[link.medium, default: 0] += 1
        linksByBandwidth[link.bandwidth, default: 0] += 1
        let count = Int32(portsUsed.count)
        guard link.source >= 0, link.source < count, link.target >= 0, link.target < count,
            link.srlg0 < Int32(srlgCount), link.srlg1 < Int32(srlgCount), link.srlg2 < Int32(srlgCount)
        else {
            danglingReferences += 1
            return
        }
        portsUsed[Int(link.source)] += 1
        portsUsed[Int(link.target)] += 1
    }

    public mutating func finish() {
        finished += 1
    }

    /// Indices of devices that use more ports than their declared radix.
    public var devicesOverRadix: [Int] {
        portsUsed.indices.filter { radix[$0] >= 0 && portsUsed[$0] > radix[$0] }
    }
}
