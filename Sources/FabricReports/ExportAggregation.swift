import FabricModel

/// How devices are grouped when a design is drawn or exported aggregated (`--aggregate pod|tier`).
public enum DeviceGrouping: String, Sendable, CaseIterable {
    /// One group per pod; devices without a pod are grouped by plane and tier (core planes), then by tier, then role.
    case pod
    /// One group per tier and role (`tier 0 accelerator`, `tier 1 switch`); devices without a tier by role.
    case tier

    /// The name of the group `device` belongs to.
    public func groupName(of device: Device) -> String {
        switch self {
        case .pod:
            if let pod = device.pod, !pod.isEmpty { return pod }
            if let plane = device.plane, !plane.isEmpty {
                if let tier = device.tier { return "\(plane) tier \(tier)" }
                return "\(plane) \(device.role.rawValue)"
            }
            if let tier = device.tier { return "tier \(tier) \(device.role.rawValue)" }
            return device.role.rawValue
        case .tier:
            if let tier = device.tier { return "tier \(tier) \(device.role.rawValue)" }
            return device.role.rawValue
        }
    }
}

/// A design collapsed to groups of devices (pods, planes, tiers) and the cable bundles between them: what a
/// diagram of a 15k-accelerator fabric can show without drawing 15k dots.
public struct AggregatedDesign: Sendable, Equatable {
    /// A group of devices.
    public struct Group: Sendable, Equatable {
        /// The group's name (`pod-3`, `plane-A tier 2`, `tier 1 switch`).
        public var name: String
        /// Devices in the group.
        public var devices: Int
        /// Devices by role, in `Role` order.
        public var roles: [(role: Role, count: Int)]
        /// Lowest tier of any device in the group (nil when none has a tier); used to rank groups bottom-up.
        public var lowestTier: Int?
        /// Cables with both ends in the group (multiplicity counted).
        public var internalCables: Int
        /// Bandwidth of those cables in bit/s per direction.
        public var internalBandwidth: Double

        /// Accelerators in the group.
        public var accelerators: Int { roles.first { $0.role == .accelerator }?.count ?? 0 }

        /// `4 accelerators, 2 switches`.
        public var roleSummary: String {
            roles.map { "\($0.count) \(roleNoun($0.role, count: $0.count))" }.joined(separator: ", ")
        }

        public static func == (lhs: Group, rhs: Group) -> Bool {
            lhs.name == rhs.name && lhs.devices == rhs.devices && lhs.lowestTier == rhs.lowestTier
                && lhs.internalCables == rhs.internalCables && lhs.internalBandwidth == rhs.internalBandwidth
                && lhs.roles.map(\.role) == rhs.roles.map(\.role) && lhs.roles.map(\.count) == rhs.roles.map(\.count)
        }
    }

    /// The cables between two different groups.
    public struct Bundle: Sendable, Equatable {
        /// Index of the first group (the smaller index).
        public var first: Int
        /// Index of the second group.
        public var second: Int
        /// Cables between them (multiplicity counted).
        public var cables: Int
        /// Their bandwidth in bit/s per direction (cables without a bandwidth add nothing).
        public var bandwidth: Double
    }

    /// How the groups were formed.
    public let grouping: DeviceGrouping
    /// The groups, ordered by lowest tier (untiered last), then naturally by name.
    public let groups: [Group]
    /// The bundles, ordered by (first, second).
    public let bundles: [Bundle]
    /// Group index of each device.
    public let groupOf: [Int32]

    /// Groups the devices of `topology` and sums the cables within and between groups.
    /// - Complexity: O(V log V + E) (a sort of the group names, one pass over the links with a dictionary of group pairs).
    public init(_ topology: Topology, grouping: DeviceGrouping) {
        self.grouping = grouping
        var indexByName: [String: Int] = [:]
        var names: [String] = []
        var rawGroup = [Int](repeating: 0, count: topology.devices.count)
        for (index, device) in topology.devices.enumerated() {
            let name = grouping.groupName(of: device)
            if let existing = indexByName[name] {
                rawGroup[index] = existing
            } else {
                indexByName[name] = names.count
                rawGroup[index] = names.count
                names.append(name)
            }
        }
        var lowest = [Int?](repeating: nil, count: names.count)
        var roleCounts = [[Int]](repeating: [Int](repeating: 0, count: Role.allCases.count), count: names.count)
        let roleIndex = Dictionary(uniqueKeysWithValues: Role.allCases.enumerated().map { ($0.element, $0.offset) })
        for (index, device) in topology.devices.enumerated() {
            let group = rawGroup[index]
            roleCounts[group][roleIndex[device.role] ?? 0] += 1
            if let tier = device.tier { lowest[group] = min(lowest[group] ?? tier, tier) }
        }
        let order = names.indices.sorted { lhs, rhs in
            switch (lowest[lhs], lowest[rhs]) {
            case (let left?, let right?) where left != right: return left < right
            case (nil, _?): return false
            case (_?, nil): return true
            default: return naturalLess(names[lhs], names[rhs])
            }
        }
        var rank = [Int](repeating: 0, count: names.count)
        for (position, raw) in order.enumerated() { rank[raw] = position }
        var groups = order.map { raw in
            Group(
                name: names[raw], devices: roleCounts[raw].reduce(0, +),
                roles: Role.allCases.enumerated().compactMap { roleCounts[raw][$0.offset] > 0 ? ($0.element, roleCounts[raw][$0.offset]) : nil },
                lowestTier: lowest[raw], internalCables: 0, internalBandwidth: 0)
        }
        groupOf = rawGroup.map { Int32(rank[$0]) }
        var pairs: [Int: (cables: Int, bandwidth: Double)] = [:]
        let count = groups.count
        for link in topology.links {
            let cables = Int(max(link.multiplicity, 1))
            let bandwidth = (link.bandwidth ?? 0) * Double(cables)
            let a = Int(groupOf[Int(link.source)])
            let b = Int(groupOf[Int(link.target)])
            if a == b {
                groups[a].internalCables += cables
                groups[a].internalBandwidth += bandwidth
            } else {
                let key = min(a, b) * count + max(a, b)
                let old = pairs[key] ?? (0, 0)
                pairs[key] = (old.cables + cables, old.bandwidth + bandwidth)
            }
        }
        self.groups = groups
        bundles = pairs.keys.sorted().map { key in
            let value = pairs[key] ?? (0, 0)
            return Bundle(first: key / count, second: key % count, cables: value.cables, bandwidth: value.bandwidth)
        }
    }
}

/// `accelerator`/`accelerators`, `switch`/`switches`, `CPU`/`CPUs`: a role as a noun for a count.
public func roleNoun(_ role: Role, count: Int) -> String {
    let suffix = count == 1 ? "" : "s"
    switch role {
    case .switch, .bus: return role.rawValue + (count == 1 ? "" : "es")
    case .cpu, .nic, .ocs: return role.rawValue.uppercased() + suffix
    default: return role.rawValue + suffix
    }
}
