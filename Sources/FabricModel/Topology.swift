/// A fabric design in memory: devices, links, ports, shared-risk groups and graph-level properties.
///
/// Storage is contiguous arrays indexed by `Int32` (device index, link index, port index, SRLG index);
/// the string ids of the file are kept for messages and looked up through one dictionary.
public struct Topology: Sendable {
    /// The file the topology was read from (or a name such as `<generated fattree-k4>`); used in every location.
    public var file: String
    /// Every `<graph>` element; index 0 is the first top-level graph.
    public var graphs: [Subgraph]
    /// All devices, in document order.
    public private(set) var devices: [Device]
    /// All links, in document order.
    public var links: [Link]
    /// All named ports.
    public var ports: [Port]
    /// Names of the shared-risk link groups; a link's `srlgs` index into this array.
    public private(set) var srlgs: [String]
    /// Graph-level data: `<data>` of the `<graphml>` element and of the top-level `<graph>`, by key name.
    public var properties: [String: AttributeValue]
    /// False when the file declared no role for any device: every device is then treated as an accelerator.
    public var rolesDeclared: Bool
    /// Forwarding tables imported for this design (`--forwarding-tables`); routed analyses follow them when set.
    public var forwardingState: ForwardingState?

    private var deviceIndexByID: [String: Int32]
    private var srlgIndexByName: [String: Int32]

    /// Creates an empty topology for a file.
    public init(file: String) {
        self.file = file
        self.graphs = []
        self.devices = []
        self.links = []
        self.ports = []
        self.srlgs = []
        self.properties = [:]
        self.rolesDeclared = true
        self.forwardingState = nil
        self.deviceIndexByID = [:]
        self.srlgIndexByName = [:]
    }

    /// Reserves storage for the expected number of devices and links; `indexingIDs: false` leaves the id index
    /// alone (for a rough upper estimate: a hash table reserved too large is touched all over, so it costs memory).
    public mutating func reserveCapacity(devices deviceCount: Int, links linkCount: Int, indexingIDs: Bool = true) {
        devices.reserveCapacity(deviceCount)
        if indexingIDs { deviceIndexByID.reserveCapacity(deviceCount) }
        links.reserveCapacity(linkCount)
    }

    /// Appends a device without entering its id in the id index, for a reader that already knows the ids are
    /// unique; `deviceIndex(forID:)` misses it until `rebuildDeviceIndex()` runs.
    /// - Complexity: O(1) amortized.
    @discardableResult
    public mutating func appendDeviceDeferringIndex(_ device: Device) -> Int32 {
        devices.append(device)
        return Int32(devices.count - 1)
    }

    /// Rebuilds the id index from `devices`, sized exactly; returns the indices of devices whose id an earlier
    /// device already has (those stay unindexed; empty when ids are unique).
    /// - Complexity: O(devices) expected.
    public mutating func rebuildDeviceIndex() -> [Int32] {
        var index: [String: Int32] = [:]
        index.reserveCapacity(devices.count)
        var repeated: [Int32] = []
        for (offset, device) in devices.enumerated() where index.updateValue(Int32(offset), forKey: device.id) != nil {
            repeated.append(Int32(offset))
        }
        for offset in repeated.reversed() {
            // Restore the first device's entry: scan back to it (repeats are rare; this is the error path).
            if let first = devices.firstIndex(where: { $0.id == devices[Int(offset)].id }) { index[devices[Int(offset)].id] = Int32(first) }
        }
        deviceIndexByID = index
        return repeated
    }

    /// Appends a device and returns its index; throws when the id is taken.
    /// - Complexity: O(1) amortized.
    @discardableResult
    public mutating func addDevice(_ device: Device) throws(ModelError) -> Int32 {
        let index = Int32(devices.count)
        if let existing = deviceIndexByID.updateValue(index, forKey: device.id) {
            deviceIndexByID[device.id] = existing
            throw .duplicateDeviceID(
                device.id,
                first: location(of: devices[Int(existing)]),
                second: SourceLocation(file: file, position: device.position)
            )
        }
        devices.append(device)
        return index
    }

    /// Replaces the device at `index`, keeping its id (the id index is not updated for a changed id).
    public mutating func updateDevice(at index: Int32, _ body: (inout Device) -> Void) {
        let id = devices[Int(index)].id
        body(&devices[Int(index)])
        devices[Int(index)].id = id
    }

    /// Sets the role of every device (used when a file declares no roles).
    public mutating func setRoleOfAllDevices(_ role: Role) {
        for index in devices.indices { devices[index].role = role }
    }

    /// Appends a link and returns its index; throws when an endpoint index is out of range.
    /// - Complexity: O(1) amortized.
    @discardableResult
    public mutating func addLink(_ link: Link) throws(ModelError) -> Int32 {
        let count = devices.count
        guard link.source >= 0, Int(link.source) < count else { throw .deviceIndexOutOfRange(link.source, deviceCount: count) }
        guard link.target >= 0, Int(link.target) < count else { throw .deviceIndexOutOfRange(link.target, deviceCount: count) }
        links.append(link)
        return Int32(links.count - 1)
    }

    /// The index of the device with this id, if any.
    /// - Complexity: O(1) expected.
    @inlinable public func deviceIndex(forID id: String) -> Int32? { lookup(id) }

    @usableFromInline func lookup(_ id: String) -> Int32? { deviceIndexByID[id] }

    /// The index of the SRLG with this name, creating it when new.
    /// - Complexity: O(1) expected.
    public mutating func srlgIndex(named name: String) -> Int32 {
        if let index = srlgIndexByName[name] { return index }
        let index = Int32(srlgs.count)
        srlgs.append(name)
        srlgIndexByName[name] = index
        return index
    }

    /// The index of an existing SRLG, if any.
    public func existingSRLGIndex(named name: String) -> Int32? { srlgIndexByName[name] }

    /// Where a device is declared.
    public func location(of device: Device) -> SourceLocation { SourceLocation(file: file, position: device.position) }

    /// Where a link is declared.
    public func location(of link: Link) -> SourceLocation { SourceLocation(file: file, position: link.position) }

    /// Where the device at `index` is declared.
    public func location(ofDevice index: Int32) -> SourceLocation { location(of: devices[Int(index)]) }

    /// Where the link at `index` is declared.
    public func location(ofLink index: Int32) -> SourceLocation { location(of: links[Int(index)]) }

    /// The containment path of a device: the ids of the graphs (and their owner nodes) from the top down.
    public func containmentPath(ofDevice index: Int32) -> [String] {
        var path: [String] = []
        var graph = devices[Int(index)].graph
        while graph >= 0, Int(graph) < graphs.count {
            let record = graphs[Int(graph)]
            if record.ownerDevice >= 0 {
                path.append(devices[Int(record.ownerDevice)].id)
            } else if !record.id.isEmpty {
                path.append(record.id)
            }
            graph = record.parent
        }
        return path.reversed()
    }

    /// A short name for a link in messages: `'a'~'b'` plus the edge id when it has one.
    public func describeLink(_ index: Int32) -> String {
        let link = links[Int(index)]
        let ends = "'\(devices[Int(link.source)].id)'~'\(devices[Int(link.target)].id)'"
        if let id = link.id { return "'\(id)' (\(ends))" }
        return ends
    }

    /// A copy with every source position cleared: two topologies equal under this are the same design.
    public func withoutSourcePositions() -> Topology {
        var copy = self
        for index in copy.devices.indices { copy.devices[index].position = .unknown }
        for index in copy.links.indices { copy.links[index].position = .unknown }
        for index in copy.ports.indices { copy.ports[index].position = .unknown }
        for index in copy.graphs.indices { copy.graphs[index].position = .unknown }
        return copy
    }
}

extension Topology: Equatable {
    /// Same file name, graphs, devices, links, ports, SRLGs, properties and role declaration.
    public static func == (lhs: Topology, rhs: Topology) -> Bool {
        lhs.file == rhs.file && lhs.graphs == rhs.graphs && lhs.devices == rhs.devices && lhs.links == rhs.links
            && lhs.ports == rhs.ports && lhs.srlgs == rhs.srlgs && lhs.properties == rhs.properties
            && lhs.rolesDeclared == rhs.rolesDeclared
    }
}
