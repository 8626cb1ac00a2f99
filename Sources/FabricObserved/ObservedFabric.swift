import FabricModel

/// The formats of neighbour data `fabcheck verify` reads.
public enum ObservedFormat: String, Sendable, CaseIterable, Codable {
    /// `ibnetdiscover` topology text (`Switch`/`Ca` records with `[port]` lines).
    case ibnetdiscover
    /// `ibnetdiscover -p` (`--ports`): one line per port.
    case ibnetdiscoverPorts = "ibnetdiscover-ports"
    /// `lldpcli -f json|json0 show neighbors [details]`, one or several documents.
    case lldp
    /// A plain sheet: `a_device,a_port,b_device,b_port[,speed]`.
    case csv
}

/// What kind of node the fabric reported.
public enum ObservedNodeKind: String, Sendable, Codable {
    case `switch`
    case channelAdapter = "ca"
    case router
    case unknown
}

/// A device the fabric reported: one ibnetdiscover node (by GUID) or one LLDP chassis (by system name or chassis id).
public struct ObservedDevice: Hashable, Sendable {
    /// The name the device reports (node description, LLDP system name); empty when it reports none.
    public var name: String
    /// The identity the tool keyed it by (`S-…`/`H-…` id, GUID, LLDP chassis id or name, CSV name).
    public var key: String
    /// The node GUID, 0 when unknown.
    public var guid: UInt64
    /// Switch, channel adapter, router or unknown.
    public var kind: ObservedNodeKind
    /// The LID the tool printed for the node (switch base LID or CA port LID), -1 when none.
    public var lid: Int32
    /// The number of ports the tool printed, -1 when unknown.
    public var portCount: Int32
    /// Where the device was first seen.
    public var location: SourceLocation

    /// Creates a device record.
    public init(
        name: String, key: String, guid: UInt64 = 0, kind: ObservedNodeKind = .unknown, lid: Int32 = -1,
        portCount: Int32 = -1, location: SourceLocation
    ) {
        self.name = name
        self.key = key
        self.guid = guid
        self.kind = kind
        self.lid = lid
        self.portCount = portCount
        self.location = location
    }
}

/// One end of an observed cable: a device index and its port name (a decimal number for InfiniBand).
public struct ObservedEnd: Hashable, Sendable, Comparable {
    /// Index into `ObservedFabric.devices`.
    public var device: Int32
    /// The port as the tool names it (`1`, `swp3`, `eth0`); empty when the source gives none.
    public var port: String

    /// Creates an end.
    public init(device: Int32, port: String) {
        self.device = device
        self.port = port
    }

    /// Orders by device, then port in natural order.
    public static func < (lhs: ObservedEnd, rhs: ObservedEnd) -> Bool {
        if lhs.device != rhs.device { return lhs.device < rhs.device }
        return naturalLess(lhs.port, rhs.port)
    }
}

/// One cable the fabric reported, whichever end reported it (a cable reported by both ends is one link).
public struct ObservedLink: Hashable, Sendable {
    /// The first end (the reporting end of the first record that showed the cable).
    public var a: ObservedEnd
    /// The other end.
    public var b: ObservedEnd
    /// The rate in bit/s per direction (width × lane rate for InfiniBand), nil when unknown.
    public var bandwidth: Double?
    /// The lane count (`4` of `4xNDR`), 0 when unknown.
    public var width: Int32
    /// The speed name as printed (`NDR`, `10GbaseT`, `400G`), empty when unknown.
    public var speed: String
    /// Where the link was first reported.
    public var location: SourceLocation

    /// Creates a link record.
    public init(
        a: ObservedEnd, b: ObservedEnd, bandwidth: Double? = nil, width: Int32 = 0, speed: String = "",
        location: SourceLocation
    ) {
        self.a = a
        self.b = b
        self.bandwidth = bandwidth
        self.width = width
        self.speed = speed
        self.location = location
    }

    /// `4xNDR`, `10GbaseT` or the rate in Gb/s; empty when nothing is known.
    public var rateText: String {
        if width > 0, !speed.isEmpty { return "\(width)x\(speed)" }
        if !speed.isEmpty { return speed }
        if let bandwidth { return Self.gigabits(bandwidth) }
        return ""
    }

    /// `400Gb/s` for 4e11.
    static func gigabits(_ value: Double) -> String {
        let gb = value / 1e9
        if gb == gb.rounded() { return "\(Int(gb))Gb/s" }
        return "\(gb)Gb/s"
    }
}

/// What the fabric reported: devices and cables, from one or more files of one format.
public struct ObservedFabric: Sendable {
    /// The files read, in order.
    public var files: [String]
    /// The format they were read as.
    public var format: ObservedFormat
    /// Every device seen, in first-seen order.
    public var devices: [ObservedDevice]
    /// Every cable seen once, in first-seen order.
    public var links: [ObservedLink]
    /// Non-fatal remarks about the input (a port reported from both ends with different neighbours, …).
    public var warnings: [Diagnostic]

    /// Creates an empty fabric for a format.
    public init(format: ObservedFormat, files: [String] = []) {
        self.files = files
        self.format = format
        self.devices = []
        self.links = []
        self.warnings = []
    }
}

/// Why observed data could not be read: always with the file, line and element.
public enum ObservedError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text does not follow the format at this place.
    case malformed(SourceLocation, String)
    /// The file could not be read.
    case unreadable(String, String)
    /// No format could be recognised.
    case unknownFormat(String)
    /// The input exceeds a limit (lines, bytes, nesting) meant to keep hostile input from hanging the reader.
    case tooLarge(SourceLocation, String)

    public var description: String {
        switch self {
        case .malformed(let location, let message): "\(location): error: \(message)"
        case .unreadable(let file, let reason): "\(file): error: cannot read: \(reason)"
        case .unknownFormat(let file):
            "\(file): error: not ibnetdiscover, ibnetdiscover -p, lldpcli JSON or a CSV of a_device,a_port,b_device,b_port[,speed] (use --observed-format)"
        case .tooLarge(let location, let message): "\(location): error: \(message)"
        }
    }
}
