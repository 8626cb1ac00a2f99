/// A link of the fabric: one GraphML `<edge>` (one cable, or `multiplicity` identical cables declared at once).
public struct Link: Hashable, Sendable {
    /// The GraphML edge id, if the file gave one.
    public var id: String?
    /// Index of the source device in `Topology.devices`.
    public var source: Int32
    /// Index of the target device in `Topology.devices`.
    public var target: Int32
    /// Index of the source port in `Topology.ports`, or -1.
    public var sourcePort: Int32
    /// Index of the target port in `Topology.ports`, or -1.
    public var targetPort: Int32
    /// A directed link carries traffic only from source to target.
    public var directed: Bool
    /// Capacity in bit/s in each direction the link carries; nil when the file does not say.
    public var bandwidth: Double?
    /// One-way latency in nanoseconds, if known.
    public var latencyNanoseconds: Double?
    /// Electrical or optical, if known.
    public var medium: Medium?
    /// Shared-risk link groups this link belongs to: indices into `Topology.srlgs`, ascending.
    public var srlgs: [Int32]
    /// How many identical physical cables this element stands for (≥ 1).
    public var multiplicity: Int32
    /// Index of the `<graph>` the edge was declared in.
    public var graph: Int32
    /// Every other GraphML data value of the edge, by key name, with its declared type.
    public var attributes: [String: AttributeValue]
    /// Where the `<edge>` element starts in the file.
    public var position: SourcePosition

    /// Creates a link between two device indices.
    public init(
        id: String? = nil,
        source: Int32,
        target: Int32,
        sourcePort: Int32 = -1,
        targetPort: Int32 = -1,
        directed: Bool = false,
        bandwidth: Double? = nil,
        latencyNanoseconds: Double? = nil,
        medium: Medium? = nil,
        srlgs: [Int32] = [],
        multiplicity: Int32 = 1,
        graph: Int32 = 0,
        attributes: [String: AttributeValue] = [:],
        position: SourcePosition = .unknown
    ) {
        self.id = id
        self.source = source
        self.target = target
        self.sourcePort = sourcePort
        self.targetPort = targetPort
        self.directed = directed
        self.bandwidth = bandwidth
        self.latencyNanoseconds = latencyNanoseconds
        self.medium = medium
        self.srlgs = srlgs
        self.multiplicity = multiplicity
        self.graph = graph
        self.attributes = attributes
        self.position = position
    }

    /// True when both ends are the same device.
    @inlinable public var isSelfLoop: Bool { source == target }
}
