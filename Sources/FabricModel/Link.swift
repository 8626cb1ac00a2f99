/// A link of the fabric: one GraphML `<edge>` (one cable, or `multiplicity` identical cables declared at once).
///
/// The record is compact (72 bytes, pinned by a test) because a 1M-accelerator design has 1.5·10⁷ of them: the
/// optional numbers are stored with a sentinel bit pattern, direction, medium and multiplicity share one word,
/// up to two shared-risk groups are held inline, and the values few links have (latency, a third SRLG, other
/// attributes, a multiplicity of 2²⁴ or more) live in an immutable side record shared copy-on-write. Every
/// property keeps the type it always had; only the storage behind it changed.
public struct Link: Hashable, Sendable {
    /// The GraphML edge id, if the file gave one.
    public var id: String?
    /// Bit pattern of the bandwidth, `Link.absentBits` for nil.
    @usableFromInline var bandwidthBits: UInt64
    /// Latency, SRLGs beyond two, attributes and large multiplicities; nil when the link has none of them.
    @usableFromInline var extras: LinkExtras?
    /// Where the `<edge>` element starts in the file.
    public var position: SourcePosition
    /// Index of the source device in `Topology.devices`.
    public var source: Int32
    /// Index of the target device in `Topology.devices`.
    public var target: Int32
    /// Index of the source port in `Topology.ports`, or -1.
    public var sourcePort: Int32
    /// Index of the target port in `Topology.ports`, or -1.
    public var targetPort: Int32
    /// First inline SRLG index, -1 when none (or when the groups live in `extras`).
    @usableFromInline var srlg0: Int32
    /// Second inline SRLG index, -1 when none.
    @usableFromInline var srlg1: Int32
    /// Index of the `<graph>` the edge was declared in.
    public var graph: Int32
    /// Bits 0–23 multiplicity (`multiplicityInExtras` when it is in `extras`), bit 24 directed, bits 25–26 medium.
    @usableFromInline var packed: UInt32

    /// The bit pattern that stands for an absent number (a NaN no arithmetic produces).
    @usableFromInline static let absentBits: UInt64 = 0x7FF4_0000_DEAD_BEEF
    @usableFromInline static let multiplicityMask: UInt32 = 0x00FF_FFFF
    @usableFromInline static let multiplicityInExtras: UInt32 = 0x00FF_FFFF
    @usableFromInline static let directedBit: UInt32 = 1 << 24
    @usableFromInline static let mediumShift: UInt32 = 25
    @usableFromInline static let mediumMask: UInt32 = 3 << 25

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
        self.bandwidthBits = Self.bits(of: bandwidth)
        self.extras = nil
        self.position = position
        self.source = source
        self.target = target
        self.sourcePort = sourcePort
        self.targetPort = targetPort
        self.srlg0 = -1
        self.srlg1 = -1
        self.graph = graph
        self.packed = (directed ? Self.directedBit : 0) | (Self.mediumCode(medium) << Self.mediumShift)
        if Self.fitsInline(multiplicity) { packed |= UInt32(multiplicity) }
        let inline = Self.fitsInline(srlgs)
        if inline {
            if srlgs.count > 0 { srlg0 = srlgs[0] }
            if srlgs.count > 1 { srlg1 = srlgs[1] }
        }
        if latencyNanoseconds != nil || !inline || !attributes.isEmpty || !Self.fitsInline(multiplicity) {
            packed |= Self.fitsInline(multiplicity) ? 0 : Self.multiplicityInExtras
            extras = LinkExtras(latency: latencyNanoseconds, srlgs: inline ? [] : srlgs, attributes: attributes, multiplicity: multiplicity)
        }
    }

    /// True when both ends are the same device.
    @inlinable public var isSelfLoop: Bool { source == target }

    /// A one-way link carries traffic only from source to target: set by fabcheck's `one_way` / `direction` edge key
    /// or a cabling sheet's `directed` column, never by GraphML's `edgedefault` / `directed`.
    @inlinable public var directed: Bool {
        get { packed & Self.directedBit != 0 }
        set { packed = newValue ? packed | Self.directedBit : packed & ~Self.directedBit }
    }

    /// Capacity in bit/s in each direction the link carries; nil when the file does not say.
    @inlinable public var bandwidth: Double? {
        get { bandwidthBits == Self.absentBits ? nil : Double(bitPattern: bandwidthBits) }
        set { bandwidthBits = Self.bits(of: newValue) }
    }

    /// Electrical or optical, if known.
    @inlinable public var medium: Medium? {
        get {
            switch (packed & Self.mediumMask) >> Self.mediumShift {
            case 1: .electrical
            case 2: .optical
            case 3: .other
            default: nil
            }
        }
        set { packed = (packed & ~Self.mediumMask) | (Self.mediumCode(newValue) << Self.mediumShift) }
    }

    /// How many identical physical cables this element stands for (≥ 1).
    public var multiplicity: Int32 {
        @inlinable get {
            let value = packed & Self.multiplicityMask
            if value == Self.multiplicityInExtras, let extras { return extras.multiplicity }
            return Int32(bitPattern: value)
        }
        set {
            if Self.fitsInline(newValue) {
                let wasInExtras = packed & Self.multiplicityMask == Self.multiplicityInExtras
                packed = (packed & ~Self.multiplicityMask) | UInt32(newValue)
                if wasInExtras { updateExtras { $0.multiplicity = 1 } }
            } else {
                packed = (packed & ~Self.multiplicityMask) | Self.multiplicityInExtras
                updateExtras { $0.multiplicity = newValue }
            }
        }
    }

    /// One-way latency in nanoseconds, if known.
    public var latencyNanoseconds: Double? {
        @inlinable get { extras?.latency }
        set {
            guard newValue != nil || extras?.latency != nil else { return }
            updateExtras { $0.latency = newValue }
        }
    }

    /// Shared-risk link groups this link belongs to: indices into `Topology.srlgs`, ascending.
    public var srlgs: [Int32] {
        @inlinable get {
            if srlg0 >= 0 { return srlg1 >= 0 ? [srlg0, srlg1] : [srlg0] }
            return extras?.srlgs ?? []
        }
        set {
            let hadExtraGroups = !(extras?.srlgs.isEmpty ?? true)
            if Self.fitsInline(newValue) {
                srlg0 = newValue.count > 0 ? newValue[0] : -1
                srlg1 = newValue.count > 1 ? newValue[1] : -1
                if hadExtraGroups { updateExtras { $0.srlgs = [] } }
            } else {
                srlg0 = -1
                srlg1 = -1
                updateExtras { $0.srlgs = newValue }
            }
        }
    }

    /// Whether the link belongs to at least one shared-risk group (no array is built).
    @inlinable public var hasSRLGs: Bool { srlg0 >= 0 || !(extras?.srlgs.isEmpty ?? true) }

    /// Calls `body` with each SRLG index in `srlgs` order, without building an array.
    @inlinable public func forEachSRLG(_ body: (Int32) throws -> Void) rethrows {
        if srlg0 >= 0 {
            try body(srlg0)
            if srlg1 >= 0 { try body(srlg1) }
        } else if let extras {
            for group in extras.srlgs { try body(group) }
        }
    }

    /// Every other GraphML data value of the edge, by key name, with its declared type.
    public var attributes: [String: AttributeValue] {
        @inlinable get { extras?.attributes ?? [:] }
        set {
            guard !newValue.isEmpty || !(extras?.attributes.isEmpty ?? true) else { return }
            updateExtras { $0.attributes = newValue }
        }
    }

    /// Points this link's side record at `other`'s when both hold the same values, so a file whose links repeat the
    /// same latency, groups or attributes stores them once (a memory saving only; values do not change).
    public mutating func shareSideStorage(with other: Link) {
        guard let mine = extras, let theirs = other.extras, mine !== theirs, mine.sameValues(as: theirs) else { return }
        extras = theirs
    }

    /// Applies `change` to a copy of the side record and keeps the copy, or nil when it holds only defaults.
    mutating func updateExtras(_ change: (inout LinkExtras.Values) -> Void) {
        var values = extras?.values ?? LinkExtras.Values()
        change(&values)
        extras = values.isDefault ? nil : LinkExtras(values)
    }

    @inlinable static func bits(of value: Double?) -> UInt64 { value.map(\.bitPattern) ?? absentBits }

    @inlinable static func mediumCode(_ medium: Medium?) -> UInt32 {
        switch medium {
        case .electrical?: 1
        case .optical?: 2
        case .other?: 3
        case nil: 0
        }
    }

    @inlinable static func fitsInline(_ multiplicity: Int32) -> Bool { multiplicity >= 0 && UInt32(multiplicity) < multiplicityInExtras }

    /// Groups fit inline when there are at most two and none is negative (-1 marks an empty slot).
    @usableFromInline static func fitsInline(_ groups: [Int32]) -> Bool { groups.count <= 2 && !groups.contains { $0 < 0 } }

    /// Same values in every property (the storage layout is not compared).
    public static func == (lhs: Link, rhs: Link) -> Bool {
        lhs.source == rhs.source && lhs.target == rhs.target && lhs.sourcePort == rhs.sourcePort && lhs.targetPort == rhs.targetPort
            && lhs.packed & ~multiplicityMask == rhs.packed & ~multiplicityMask && lhs.multiplicity == rhs.multiplicity
            && lhs.bandwidth == rhs.bandwidth && lhs.graph == rhs.graph && lhs.position == rhs.position && lhs.id == rhs.id
            && lhs.srlgs == rhs.srlgs && lhs.latencyNanoseconds == rhs.latencyNanoseconds && lhs.attributes == rhs.attributes
    }

    /// Hashes the same values `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(target)
        hasher.combine(sourcePort)
        hasher.combine(targetPort)
        hasher.combine(directed)
        hasher.combine(medium)
        hasher.combine(multiplicity)
        hasher.combine(bandwidth)
        hasher.combine(graph)
        hasher.combine(position)
        hasher.combine(id)
        hasher.combine(srlgs)
        hasher.combine(latencyNanoseconds)
        hasher.combine(attributes)
    }
}

/// The values of a link that few links have, held out of line and never mutated (copy-on-write by replacement).
@usableFromInline final class LinkExtras: Sendable {
    /// The side values as a plain struct, for building a changed copy.
    struct Values {
        var latency: Double?
        var srlgs: [Int32] = []
        var attributes: [String: AttributeValue] = [:]
        var multiplicity: Int32 = 1

        var isDefault: Bool { latency == nil && srlgs.isEmpty && attributes.isEmpty && Link.fitsInline(multiplicity) }
    }

    @usableFromInline let latency: Double?
    @usableFromInline let srlgs: [Int32]
    @usableFromInline let attributes: [String: AttributeValue]
    @usableFromInline let multiplicity: Int32

    init(latency: Double?, srlgs: [Int32], attributes: [String: AttributeValue], multiplicity: Int32) {
        self.latency = latency
        self.srlgs = srlgs
        self.attributes = attributes
        self.multiplicity = Link.fitsInline(multiplicity) ? 1 : multiplicity
    }

    convenience init(_ values: Values) {
        self.init(latency: values.latency, srlgs: values.srlgs, attributes: values.attributes, multiplicity: values.multiplicity)
    }

    var values: Values {
        Values(latency: latency, srlgs: srlgs, attributes: attributes, multiplicity: multiplicity)
    }

    func sameValues(as other: LinkExtras) -> Bool {
        latency?.bitPattern == other.latency?.bitPattern && srlgs == other.srlgs && multiplicity == other.multiplicity
            && attributes == other.attributes
    }
}
