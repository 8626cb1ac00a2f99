/// Counts that describe a topology at a glance: devices by role and tier, links, multigraph structure,
/// components, capacity totals and the degree range. Used by `fabcheck info` and the conformance tests.
public struct TopologySummary: Sendable, Equatable, Codable {
    /// Number of devices (GraphML nodes, hyperedge bus devices included).
    public var nodes: Int
    /// Number of links: every `<edge>` (parallel ones and self-loops included) plus hyperedge endpoints.
    public var links: Int
    /// Links whose two ends are the same device.
    public var selfLoops: Int
    /// Links beyond the first between the same unordered pair of distinct devices.
    public var parallelLinks: Int
    /// Connected components of the undirected view (weak components when directed); isolated devices count.
    public var components: Int
    /// Devices of the largest component.
    public var largestComponent: Int
    /// Devices without any link to another device (self-loops do not count).
    public var isolatedNodes: Int
    /// Links counted with their multiplicity (physical cables).
    public var physicalLinks: Int
    /// Devices by role name.
    public var devicesByRole: [String: Int]
    /// Devices by tier (`"none"` for devices without a tier).
    public var devicesByTier: [String: Int]
    /// Accelerators.
    public var accelerators: Int
    /// Switches.
    public var switches: Int
    /// Sum over links with a bandwidth of bandwidth × multiplicity, in bit/s per direction.
    public var linkBandwidthTotalBps: Double
    /// Links that carry a bandwidth.
    public var linksWithBandwidth: Int
    /// Smallest and largest device degree (cables ending at the device, multiplicity counted, a self-loop counts twice).
    public var minDegree: Int
    /// Largest device degree.
    public var maxDegree: Int

    /// Computes the summary.
    /// - Complexity: O(n + m log m): union-find with path halving and union by size (Tarjan 1975) for components,
    ///   a sort of the unordered endpoint pairs for parallel links.
    public init(_ topology: Topology) {
        let count = topology.devices.count
        nodes = count
        links = topology.links.count
        var parent = [Int32](repeating: 0, count: count)
        var size = [Int32](repeating: 1, count: count)
        for index in 0..<count { parent[index] = Int32(index) }
        func find(_ start: Int32) -> Int32 {
            var node = start
            while parent[Int(node)] != node {
                parent[Int(node)] = parent[Int(parent[Int(node)])]
                node = parent[Int(node)]
            }
            return node
        }
        var degree = [Int](repeating: 0, count: count)
        var touched = [Bool](repeating: false, count: count)
        var pairs: [UInt64] = []
        pairs.reserveCapacity(topology.links.count)
        var loops = 0
        var physical = 0
        var bandwidthTotal = 0.0
        var withBandwidth = 0
        var componentCount = count
        for link in topology.links {
            let multiplicity = Int(max(link.multiplicity, 1))
            physical += multiplicity
            degree[Int(link.source)] += multiplicity
            degree[Int(link.target)] += multiplicity
            if let bandwidth = link.bandwidth {
                withBandwidth += 1
                bandwidthTotal += bandwidth * Double(multiplicity)
            }
            if link.source == link.target {
                loops += 1
                continue
            }
            touched[Int(link.source)] = true
            touched[Int(link.target)] = true
            let low = UInt64(UInt32(min(link.source, link.target)))
            let high = UInt64(UInt32(max(link.source, link.target)))
            pairs.append(low << 32 | high)
            var left = find(link.source)
            var right = find(link.target)
            if left != right {
                if size[Int(left)] < size[Int(right)] { swap(&left, &right) }
                parent[Int(right)] = left
                size[Int(left)] += size[Int(right)]
                componentCount -= 1
            }
        }
        pairs.sort()
        var distinct = 0
        var previous: UInt64?
        for pair in pairs where pair != previous {
            distinct += 1
            previous = pair
        }
        selfLoops = loops
        parallelLinks = pairs.count - distinct
        components = componentCount
        var largest = 0
        for index in 0..<count where parent[index] == Int32(index) { largest = max(largest, Int(size[index])) }
        largestComponent = largest
        isolatedNodes = touched.lazy.filter { !$0 }.count
        physicalLinks = physical
        linkBandwidthTotalBps = bandwidthTotal
        linksWithBandwidth = withBandwidth
        minDegree = degree.min() ?? 0
        maxDegree = degree.max() ?? 0
        var byRole: [String: Int] = [:]
        var byTier: [String: Int] = [:]
        var acceleratorCount = 0
        var switchCount = 0
        for device in topology.devices {
            byRole[device.role.rawValue, default: 0] += 1
            byTier[device.tier.map(String.init) ?? "none", default: 0] += 1
            if device.role == .accelerator { acceleratorCount += 1 }
            if device.role == .switch { switchCount += 1 }
        }
        devicesByRole = byRole
        devicesByTier = byTier
        accelerators = acceleratorCount
        switches = switchCount
    }
}
