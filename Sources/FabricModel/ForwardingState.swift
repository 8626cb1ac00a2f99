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
