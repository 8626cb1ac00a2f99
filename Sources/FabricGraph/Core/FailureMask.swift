import FabricModel

/// A failure scenario applied to a `CSRGraph` without rebuilding it: failed links and failed devices.
///
/// An arc is usable when its link is not failed and neither endpoint device is failed. A failed device
/// also stops being a source or sink of traffic.
public struct FailureMask: Hashable, Sendable {
    /// Failed links, by index in `Topology.links` (every cable of a multi-cable link fails together).
    public var links: BitSet
    /// Failed devices, by index in `Topology.devices`.
    public var devices: BitSet

    /// A mask with nothing failed for a graph of this size.
    public init(deviceCount: Int, linkCount: Int) {
        self.links = BitSet(capacity: linkCount)
        self.devices = BitSet(capacity: deviceCount)
    }

    /// A mask with nothing failed for `graph`.
    public init(for graph: CSRGraph) {
        self.init(deviceCount: graph.vertexCount, linkCount: graph.linkCount)
    }

    /// True when nothing is failed.
    public var isEmpty: Bool { links.isEmpty && devices.isEmpty }

    /// Marks the link at `index` failed.
    public mutating func failLink(_ index: Int32) { links.insert(Int(index)) }

    /// Marks the device at `index` failed.
    public mutating func failDevice(_ index: Int32) { devices.insert(Int(index)) }
}
