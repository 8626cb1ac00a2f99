import FabricModel

/// Small designs built in code, shared by the test targets (graph engine tests and the report tests that render
/// their results).
public enum SmallDesigns {
    /// A k-ary fat-tree with tiers (hosts 0, edge 1, aggregation 2, core 3); unit bandwidth.
    public static func fatTree(k: Int) throws -> Topology {
        var topology = Topology(file: "fattree-k\(k)")
        let half = k / 2
        var cores: [Int32] = []
        for index in 0..<(half * half) { cores.append(try topology.addDevice(Device(id: "core-\(index)", role: .switch, tier: 3))) }
        for pod in 0..<k {
            var aggs: [Int32] = []
            for index in 0..<half {
                let agg = try topology.addDevice(Device(id: "agg-\(pod)-\(index)", role: .switch, tier: 2, pod: "\(pod)"))
                aggs.append(agg)
                for j in 0..<half { try topology.addLink(Link(source: agg, target: cores[index * half + j], bandwidth: 1)) }
            }
            for index in 0..<half {
                let edge = try topology.addDevice(Device(id: "edge-\(pod)-\(index)", role: .switch, tier: 1, pod: "\(pod)"))
                for agg in aggs { try topology.addLink(Link(source: edge, target: agg, bandwidth: 1)) }
                for host in 0..<half {
                    let id = try topology.addDevice(Device(id: "host-\(pod)-\(index)-\(host)", role: .accelerator, tier: 0, pod: "\(pod)"))
                    try topology.addLink(Link(source: id, target: edge, bandwidth: 1))
                }
            }
        }
        return topology
    }

    /// Dual-plane leaf-spine: every accelerator has one link to its leaf in plane A and one in plane B; one spine per
    /// plane with doubled leaf uplinks; plus a single-homed accelerator and a chain hanging off leaf A0.
    public static func dualPlane() throws -> Topology {
        var topology = Topology(file: "dual-plane")
        let spineA = try topology.addDevice(Device(id: "spine-a", role: .switch, tier: 2, plane: "A"))
        let spineB = try topology.addDevice(Device(id: "spine-b", role: .switch, tier: 2, plane: "B"))
        var leaves: [(Int32, Int32)] = []
        for index in 0..<3 {
            let a = try topology.addDevice(Device(id: "leaf-a\(index)", role: .switch, tier: 1, plane: "A"))
            let b = try topology.addDevice(Device(id: "leaf-b\(index)", role: .switch, tier: 1, plane: "B"))
            try topology.addLink(Link(source: a, target: spineA, bandwidth: 400, multiplicity: 2))
            try topology.addLink(Link(source: b, target: spineB, bandwidth: 400))
            try topology.addLink(Link(source: b, target: spineB, bandwidth: 400))
            leaves.append((a, b))
        }
        for (index, leaf) in leaves.enumerated() {
            for gpu in 0..<2 {
                let id = try topology.addDevice(Device(id: "gpu-\(index)-\(gpu)", role: .accelerator, tier: 0))
                try topology.addLink(Link(source: id, target: leaf.0, bandwidth: 200))
                try topology.addLink(Link(source: id, target: leaf.1, bandwidth: 200))
            }
        }
        let lonely = try topology.addDevice(Device(id: "gpu-lonely", role: .accelerator, tier: 0))
        try topology.addLink(Link(source: lonely, target: leaves[0].0, bandwidth: 200))
        let hub = try topology.addDevice(Device(id: "hub", role: .switch, tier: 1))
        try topology.addLink(Link(source: hub, target: leaves[0].0, bandwidth: 100))
        for index in 0..<3 {
            let id = try topology.addDevice(Device(id: "gpu-hub-\(index)", role: .accelerator, tier: 0))
            try topology.addLink(Link(source: id, target: hub, bandwidth: 100))
        }
        let isolated = try topology.addDevice(Device(id: "gpu-island", role: .accelerator, tier: 0))
        let islandSwitch = try topology.addDevice(Device(id: "island-switch", role: .switch, tier: 1))
        try topology.addLink(Link(source: isolated, target: islandSwitch, bandwidth: 100))
        return topology
    }

    /// Devices named `d0`, `d1`, … with the given roles, links given as index pairs (all 1 unit unless `bandwidths`).
    public static func build(_ roles: [Role], _ links: [(Int32, Int32)], bandwidths: [Double]? = nil) throws -> Topology {
        var topology = Topology(file: "test.graphml")
        for (index, role) in roles.enumerated() { try topology.addDevice(Device(id: "d\(index)", role: role)) }
        for (index, pair) in links.enumerated() {
            try topology.addLink(Link(source: pair.0, target: pair.1, bandwidth: bandwidths?[index] ?? 1))
        }
        return topology
    }
}
