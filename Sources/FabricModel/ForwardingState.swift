/// Forwarding tables installed in a fabric (an InfiniBand subnet manager's linear forwarding tables), mapped onto a
/// design: per switch and destination address, the design link the switch forwards on.
///
/// Columns are destination addresses (LIDs); rows are the devices that have a table (switches). Storage is one
/// contiguous row-major array of link indices, so a 2k-host fat-tree's tables (≈200 rows × 2.2k columns) take 2 MB.
public struct ForwardingState: Sendable, Equatable {
    /// No entry for this destination (a black hole).
    public static let noEntry: Int32 = -1
    /// The destination is the switch itself (port 0).
    public static let local: Int32 = -2
    /// The entry names a port with no cable of the design (the route leaves the design).
    public static let outsideDesign: Int32 = -3

    /// Devices of the design the state was mapped onto (a guard against using it with another design).
    public let deviceCount: Int
    /// Links of the design the state was mapped onto.
    public let linkCount: Int
    /// Per column, the destination device.
    public let destinations: [Int32]
    /// Per column, the address (LID) as the tables name it.
    public let addresses: [Int32]
    /// Per device, its row, -1 for a device without a table (an endpoint).
    public let rowOf: [Int32]
    /// Row-major `rows × columns`: the design link forwarded on, or `noEntry`, `local`, `outsideDesign`.
    public let nextLink: [Int32]
    /// Per row, the source location of the table (for messages).
    public let rowLocations: [SourceLocation]
    /// One line saying where the tables came from (files, engine when known).
    public let summary: String
    /// The routes' service levels and the switches' SL-to-VL tables, when given (nil: one lane).
    public var lanes: ForwardingLanes?

    /// Creates a state; `nextLink.count` must be rows × columns.
    public init(
        deviceCount: Int, linkCount: Int, destinations: [Int32], addresses: [Int32], rowOf: [Int32],
        nextLink: [Int32], rowLocations: [SourceLocation], summary: String
    ) {
        assert(destinations.count == addresses.count && rowOf.count == deviceCount)
        assert(nextLink.count == rowLocations.count * destinations.count)
        self.deviceCount = deviceCount
        self.linkCount = linkCount
        self.destinations = destinations
        self.addresses = addresses
        self.rowOf = rowOf
        self.nextLink = nextLink
        self.rowLocations = rowLocations
        self.summary = summary
    }

    /// Number of destination columns.
    public var columns: Int { destinations.count }
    /// Number of tables.
    public var rows: Int { rowLocations.count }

    /// Whether the state was built for a design of this size.
    public func fits(_ topology: Topology) -> Bool {
        deviceCount == topology.devices.count && linkCount == topology.links.count
    }
}

/// The virtual lanes of imported routes: each route's service level (SL, from the subnet manager's path records)
/// and each switch's SL-to-VL table (the lane a packet of an SL takes from one port to another). LASH and DFSSSP break
/// credit loops by these lanes; without them every route is in one lane.
public struct ForwardingLanes: Sendable, Equatable {
    /// One hop's key in the SL-to-VL tables: at `device`, from `inLink` (-1: the switch itself) to `outLink`.
    public struct Hop: Sendable, Equatable, Comparable {
        /// The switch.
        public let device: Int32
        /// The design link the packet arrives on, -1 for port 0.
        public let inLink: Int32
        /// The design link it leaves on.
        public let outLink: Int32

        /// Creates a key.
        public init(device: Int32, inLink: Int32, outLink: Int32) {
            self.device = device
            self.inLink = inLink
            self.outLink = outLink
        }

        /// Orders by device, then in-link, then out-link.
        public static func < (a: Hop, b: Hop) -> Bool {
            (a.device, a.inLink, a.outLink) < (b.device, b.inLink, b.outLink)
        }
    }

    /// Per device, its row in `serviceLevels` (a source endpoint with path records), -1 otherwise.
    public let sourceRow: [Int32]
    /// Row-major `source rows × columns` of `ForwardingState`: bit `s` set when a route from the row's device toward
    /// the column uses SL `s`; 0 when no path record names the pair (SL 0 is then assumed).
    public let serviceLevels: [UInt16]
    /// Sorted hop keys of the SL-to-VL tables given (empty: every switch maps SL s to VL s).
    public let hops: [Hop]
    /// 16 lanes per hop key, SL 0 first.
    public let hopLanes: [UInt8]

    /// Creates the lanes; `hops` must be sorted and `hopLanes.count` 16 × `hops.count`.
    public init(sourceRow: [Int32], serviceLevels: [UInt16], hops: [Hop], hopLanes: [UInt8]) {
        assert(hopLanes.count == 16 * hops.count && zip(hops, hops.dropFirst()).allSatisfy { $0 < $1 })
        self.sourceRow = sourceRow
        self.serviceLevels = serviceLevels
        self.hops = hops
        self.hopLanes = hopLanes
    }

    /// The SL bit mask of the routes from `source` toward `column` of a state with `columns` columns (0: unknown).
    public func serviceLevels(from source: Int, column: Int, columns: Int) -> UInt16 {
        let row = sourceRow[source]
        return row < 0 ? 0 : serviceLevels[Int(row) * columns + column]
    }

    /// The lane of SL `sl` at `device` from `inLink` to `outLink`: its SL-to-VL entry, else `sl` (identity mapping,
    /// SL 15 to VL 15: the management lane, which OpenSM never assigns to data).
    /// - Complexity: O(log hops).
    public func lane(device: Int32, inLink: Int32, outLink: Int32, sl: Int) -> Int {
        let key = Hop(device: device, inLink: inLink, outLink: outLink)
        var low = 0
        var high = hops.count
        while low < high {
            let middle = (low + high) / 2
            if hops[middle] < key { low = middle + 1 } else { high = middle }
        }
        guard low < hops.count, hops[low] == key else { return sl }
        return Int(hopLanes[16 * low + sl])
    }
}
