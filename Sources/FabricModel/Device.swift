/// A device of the fabric: one GraphML `<node>` (or the virtual bus of a `<hyperedge>`).
public struct Device: Hashable, Sendable {
    /// The GraphML node id, unique in the topology.
    public var id: String
    /// A human label (GraphML `label`, yEd `NodeLabel`), if any.
    public var label: String?
    /// What the device is; every device of a file without roles is an accelerator (see `Topology.rolesDeclared`).
    public var role: Role
    /// Tier in a switched hierarchy: 0 for endpoints, 1 for leaves/ToRs, 2 for spines/aggregation, 3 for core.
    public var tier: Int?
    /// The pod (scalable unit, segment) the device belongs to.
    public var pod: String?
    /// The rack (or node/board chassis) the device sits in.
    public var rack: String?
    /// The network plane (scale-up plane, HPN plane A/B, rail group).
    public var plane: String?
    /// The rail index of a rail-optimized design.
    public var rail: Int?
    /// The number of ports the device has; links (parallel ones counted) must not exceed it.
    public var radix: Int?
    /// Coordinates in a torus, mesh or full mesh, one per dimension; empty when the device has none.
    public var coordinates: [Int]
    /// Index of the `<graph>` this device was declared in (`Topology.graphs`).
    public var graph: Int32
    /// Every other GraphML data value of the node, by key name, with its declared type.
    public var attributes: [String: AttributeValue]
    /// Where the `<node>` element starts in the file.
    public var position: SourcePosition

    /// Creates a device; everything but the id and role is optional.
    public init(
        id: String,
        label: String? = nil,
        role: Role,
        tier: Int? = nil,
        pod: String? = nil,
        rack: String? = nil,
        plane: String? = nil,
        rail: Int? = nil,
        radix: Int? = nil,
        coordinates: [Int] = [],
        graph: Int32 = 0,
        attributes: [String: AttributeValue] = [:],
        position: SourcePosition = .unknown
    ) {
        self.id = id
        self.label = label
        self.role = role
        self.tier = tier
        self.pod = pod
        self.rack = rack
        self.plane = plane
        self.rail = rail
        self.radix = radix
        self.coordinates = coordinates
        self.graph = graph
        self.attributes = attributes
        self.position = position
    }

    /// True for accelerators, the endpoints of every traffic and connectivity analysis.
    @inlinable public var isAccelerator: Bool { role == .accelerator }
}

/// A named port of a device (GraphML `<port>`, possibly nested: `parent` is the enclosing port).
public struct Port: Hashable, Sendable {
    /// Index of the device in `Topology.devices`.
    public var device: Int32
    /// The port name, unique within its device.
    public var name: String
    /// Index of the enclosing port in `Topology.ports`, or -1 for a top-level port.
    public var parent: Int32
    /// GraphML data values of the port by key name (e.g. a port `speed`).
    public var attributes: [String: AttributeValue]
    /// Where the `<port>` element starts.
    public var position: SourcePosition

    /// Creates a port.
    public init(device: Int32, name: String, parent: Int32 = -1, attributes: [String: AttributeValue] = [:], position: SourcePosition = .unknown) {
        self.device = device
        self.name = name
        self.parent = parent
        self.attributes = attributes
        self.position = position
    }
}

/// A `<graph>` element: the root graph is index 0; nested graphs keep their parent to give the containment path.
public struct Subgraph: Hashable, Sendable {
    /// The graph's `id` attribute (may be empty: GraphML makes it optional).
    public var id: String
    /// Index of the enclosing graph, -1 for a top-level graph.
    public var parent: Int32
    /// Index of the device whose `<node>` contains this graph, -1 for a top-level graph.
    public var ownerDevice: Int32
    /// What the graph's `edgedefault` says (GraphML's convention; it never makes a link one-way: see `Link.directed`).
    public var directedByDefault: Bool
    /// Graph-level data values by key name.
    public var attributes: [String: AttributeValue]
    /// Where the `<graph>` element starts.
    public var position: SourcePosition

    /// Creates a graph record.
    public init(
        id: String, parent: Int32 = -1, ownerDevice: Int32 = -1, directedByDefault: Bool = false,
        attributes: [String: AttributeValue] = [:], position: SourcePosition = .unknown
    ) {
        self.id = id
        self.parent = parent
        self.ownerDevice = ownerDevice
        self.directedByDefault = directedByDefault
        self.attributes = attributes
        self.position = position
    }
}
