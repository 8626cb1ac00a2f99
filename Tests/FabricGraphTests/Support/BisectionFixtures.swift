import FabricGraph
import FabricModel

/// The engine's SplitMix64 (Steele, Lea, Flood 2014), with fixed seeds.
typealias BisectionTestRandom = SplitMix64

/// Small designs built by hand for the bisection tests (independent of the generators).
enum BisectionFixtures {
    /// A k-ary n-cube torus with wrap links of `bandwidth`, coordinates on every node.
    static func torus(_ sizes: [Int], bandwidth: Double = 1) throws -> Topology {
        var topology = Topology(file: "torus.graphml")
        let count = sizes.reduce(1, *)
        func coordinates(_ index: Int) -> [Int] {
            var rest = index
            return sizes.map { size in
                defer { rest /= size }
                return rest % size
            }
        }
        func index(_ coordinates: [Int]) -> Int32 {
            var value = 0
            for dimension in sizes.indices.reversed() { value = value * sizes[dimension] + coordinates[dimension] }
            return Int32(value)
        }
        for node in 0..<count {
            try topology.addDevice(Device(id: "n\(node)", role: .accelerator, coordinates: coordinates(node)))
        }
        for node in 0..<count {
            for dimension in sizes.indices where sizes[dimension] > 1 {
                var next = coordinates(node)
                next[dimension] = (next[dimension] + 1) % sizes[dimension]
                if sizes[dimension] == 2, coordinates(node)[dimension] == 1 { continue }
                try topology.addLink(Link(source: Int32(node), target: index(next), bandwidth: bandwidth))
            }
        }
        return topology
    }

    /// A full mesh per dimension (every pair differing in one coordinate linked), `bandwidths[j]` per dimension.
    static func fullMesh(_ sizes: [Int], bandwidths: [Double]) throws -> Topology {
        var topology = Topology(file: "mesh.graphml")
        let count = sizes.reduce(1, *)
        var all: [[Int]] = []
        for node in 0..<count {
            var rest = node
            let coordinates = sizes.map { size in
                defer { rest /= size }
                return rest % size
            }
            all.append(coordinates)
            try topology.addDevice(Device(id: "m\(node)", role: .accelerator, coordinates: coordinates))
        }
        for a in 0..<count {
            for b in (a + 1)..<count {
                let differing = sizes.indices.filter { all[a][$0] != all[b][$0] }
                if differing.count == 1 {
                    try topology.addLink(Link(source: Int32(a), target: Int32(b), bandwidth: bandwidths[differing[0]]))
                }
            }
        }
        return topology
    }

    /// A k-ary fat-tree (Al-Fares et al. 2008): k³/4 hosts, 5k²/4 switches, 3k³/4 links of `bandwidth`.
    static func fatTree(_ k: Int, bandwidth: Double = 1) throws -> Topology {
        var topology = Topology(file: "fattree.graphml")
        let half = k / 2
        var hosts: [[[Int32]]] = []
        var edges: [[Int32]] = []
        var aggs: [[Int32]] = []
        for pod in 0..<k {
            var podHosts: [[Int32]] = []
            var podEdges: [Int32] = []
            var podAggs: [Int32] = []
            for edge in 0..<half {
                var edgeHosts: [Int32] = []
                for host in 0..<half {
                    edgeHosts.append(try topology.addDevice(Device(id: "h\(pod)-\(edge)-\(host)", role: .accelerator, tier: 0, pod: "pod\(pod)")))
                }
                podHosts.append(edgeHosts)
                podEdges.append(try topology.addDevice(Device(id: "e\(pod)-\(edge)", role: .switch, tier: 1, pod: "pod\(pod)")))
            }
            for agg in 0..<half {
                podAggs.append(try topology.addDevice(Device(id: "a\(pod)-\(agg)", role: .switch, tier: 2, pod: "pod\(pod)")))
            }
            hosts.append(podHosts)
            edges.append(podEdges)
            aggs.append(podAggs)
        }
        var cores: [Int32] = []
        for core in 0..<(half * half) {
            cores.append(try topology.addDevice(Device(id: "c\(core)", role: .switch, tier: 3)))
        }
        for pod in 0..<k {
            for edge in 0..<half {
                for host in hosts[pod][edge] { try topology.addLink(Link(source: host, target: edges[pod][edge], bandwidth: bandwidth)) }
                for agg in aggs[pod] { try topology.addLink(Link(source: edges[pod][edge], target: agg, bandwidth: bandwidth)) }
            }
            for (index, agg) in aggs[pod].enumerated() {
                for offset in 0..<half { try topology.addLink(Link(source: agg, target: cores[index * half + offset], bandwidth: bandwidth)) }
            }
        }
        return topology
    }

    /// A two-tier 1:1 leaf-spine: `leaves` leaves of `hostsPerLeaf` accelerators, `spines` spines, each leaf–spine
    /// pair joined by `hostsPerLeaf / spines` parallel cables.
    static func leafSpine(leaves: Int, hostsPerLeaf: Int, spines: Int, bandwidth: Double = 1) throws -> Topology {
        var topology = Topology(file: "leafspine.graphml")
        var spineIndices: [Int32] = []
        for spine in 0..<spines { spineIndices.append(try topology.addDevice(Device(id: "s\(spine)", role: .switch, tier: 2))) }
        for leaf in 0..<leaves {
            let leafIndex = try topology.addDevice(Device(id: "l\(leaf)", role: .switch, tier: 1, rack: "r\(leaf)"))
            for host in 0..<hostsPerLeaf {
                let hostIndex = try topology.addDevice(Device(id: "g\(leaf)-\(host)", role: .accelerator, tier: 0, rack: "r\(leaf)"))
                try topology.addLink(Link(source: hostIndex, target: leafIndex, bandwidth: bandwidth))
            }
            for spine in spineIndices {
                try topology.addLink(Link(source: leafIndex, target: spine, bandwidth: bandwidth, multiplicity: Int32(hostsPerLeaf / spines)))
            }
        }
        return topology
    }

    /// A seeded random connected graph: `accelerators` accelerators, `switches` switches, a random spanning tree
    /// plus `extra` random links, capacities from {1, 2, 3}.
    static func random(seed: UInt64, accelerators: Int, switches: Int, extra: Int) throws -> Topology {
        var random = BisectionTestRandom(seed: seed)
        var topology = Topology(file: "random-\(seed).graphml")
        for index in 0..<accelerators { try topology.addDevice(Device(id: "a\(index)", role: .accelerator)) }
        for index in 0..<switches { try topology.addDevice(Device(id: "s\(index)", role: .switch)) }
        let count = accelerators + switches
        for vertex in 1..<count {
            try topology.addLink(Link(source: Int32(vertex), target: Int32(random.below(vertex)), bandwidth: Double(1 + random.below(3))))
        }
        for _ in 0..<extra {
            let a = random.below(count)
            let b = random.below(count)
            if a == b { continue }
            try topology.addLink(Link(source: Int32(a), target: Int32(b), bandwidth: Double(1 + random.below(3))))
        }
        return topology
    }

    /// A seeded random `degree`-regular simple graph of switches (pairing model, retried until simple), each with
    /// `hostsPerSwitch` accelerators; every link 400 Gb/s (a Jellyfish-style design).
    static func randomRegular(switches: Int, degree: Int, hostsPerSwitch: Int, seed: UInt64) throws -> Topology {
        var random = BisectionTestRandom(seed: seed)
        var pairs: [(Int, Int)] = []
        for _ in 0..<1_000 {
            var stubs = (0..<switches).flatMap { Array(repeating: $0, count: degree) }
            for index in stride(from: stubs.count - 1, to: 0, by: -1) { stubs.swapAt(index, random.below(index + 1)) }
            pairs = stride(from: 0, to: stubs.count - 1, by: 2).map { (min(stubs[$0], stubs[$0 + 1]), max(stubs[$0], stubs[$0 + 1])) }
            let simple = pairs.allSatisfy { $0.0 != $0.1 } && Set(pairs.map { $0.0 * switches + $0.1 }).count == pairs.count
            if simple { break }
        }
        var topology = Topology(file: "random-regular-\(seed).graphml")
        for index in 0..<switches { try topology.addDevice(Device(id: "s\(index)", role: .switch)) }
        for (a, b) in pairs { try topology.addLink(Link(source: Int32(a), target: Int32(b), bandwidth: 400e9)) }
        for index in 0..<switches {
            for host in 0..<hostsPerSwitch {
                let vertex = try topology.addDevice(Device(id: "h\(index)-\(host)", role: .accelerator))
                try topology.addLink(Link(source: vertex, target: Int32(index), bandwidth: 400e9))
            }
        }
        return topology
    }

    /// The exact minimum bisection by brute force: every ⌊n/2⌋-subset of accelerators, every placement of the
    /// switches (so keep switches ≤ 6), smaller direction of each split.
    static func exactBisection(_ topology: Topology) -> Double {
        let accelerators = topology.devices.indices.filter { topology.devices[$0].isAccelerator }
        let others = topology.devices.indices.filter { !topology.devices[$0].isAccelerator }
        let n = accelerators.count
        var best = Double.infinity
        var side = [Int](repeating: 1, count: topology.devices.count)
        for mask in 0..<(1 << n) where mask.nonzeroBitCount == n / 2 {
            for (bit, vertex) in accelerators.enumerated() { side[vertex] = (mask >> bit) & 1 == 1 ? 0 : 1 }
            for placement in 0..<(1 << others.count) {
                for (bit, vertex) in others.enumerated() { side[vertex] = (placement >> bit) & 1 == 1 ? 0 : 1 }
                var forward = 0.0
                var backward = 0.0
                for link in topology.links where link.source != link.target {
                    let capacity = (link.bandwidth ?? 1) * Double(link.multiplicity)
                    let s = side[Int(link.source)]
                    let t = side[Int(link.target)]
                    if s == 0, t == 1 {
                        forward += capacity
                        if !link.directed { backward += capacity }
                    }
                    if s == 1, t == 0 {
                        backward += capacity
                        if !link.directed { forward += capacity }
                    }
                }
                best = min(best, min(forward, backward))
            }
        }
        return best
    }
}
