import FabricGraph
import FabricModel

/// SplitMix64 (Steele, Lea, Flood 2014): the fixed-seed generator of the graph tests.
struct GraphTestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// Tiny hand-built topologies for the graph tests.
enum TestTopology {
    /// A random multigraph: `n` devices (about a third switches), `m` links with random ends (parallel links and
    /// occasional self-loops allowed) and bandwidths from {1, 2, 4} (or none).
    static func random(seed: UInt64, vertices n: Int, links m: Int, bandwidth: Bool = true) throws -> Topology {
        var random = GraphTestRandom(seed: seed)
        var topology = Topology(file: "random-\(seed).graphml")
        for index in 0..<n {
            let role: Role = index % 3 == 2 ? .switch : .accelerator
            try topology.addDevice(Device(id: "v\(index)", role: role))
        }
        for _ in 0..<m {
            let source = Int32(random.below(n))
            let target = Int32(random.below(n))
            let capacity = [1.0, 2.0, 4.0][random.below(3)]
            try topology.addLink(Link(source: source, target: target, bandwidth: bandwidth ? capacity : nil))
        }
        return topology
    }

    /// Devices named by the given ids and roles, links given as index pairs (all 1 unit unless `bandwidths`).
    static func build(_ roles: [Role], _ links: [(Int32, Int32)], bandwidths: [Double]? = nil) throws -> Topology {
        var topology = Topology(file: "test.graphml")
        for (index, role) in roles.enumerated() { try topology.addDevice(Device(id: "d\(index)", role: role)) }
        for (index, pair) in links.enumerated() {
            try topology.addLink(Link(source: pair.0, target: pair.1, bandwidth: bandwidths?[index] ?? 1))
        }
        return topology
    }
}

/// Brute-force references, written for clarity over speed.
enum BruteForce {
    /// Component labels of the graph with the given links removed and devices removed (simple flood fill).
    static func components(_ topology: Topology, removedLinks: Set<Int>, removedDevices: Set<Int>) -> [Int] {
        let n = topology.devices.count
        var adjacency = [[Int]](repeating: [], count: n)
        for (index, link) in topology.links.enumerated() where !removedLinks.contains(index) {
            let s = Int(link.source), t = Int(link.target)
            if removedDevices.contains(s) || removedDevices.contains(t) || s == t { continue }
            adjacency[s].append(t)
            adjacency[t].append(s)
        }
        var label = [Int](repeating: -1, count: n)
        var next = 0
        for start in 0..<n where label[start] < 0 && !removedDevices.contains(start) {
            label[start] = next
            var stack = [start]
            while let v = stack.popLast() {
                for w in adjacency[v] where label[w] < 0 {
                    label[w] = next
                    stack.append(w)
                }
            }
            next += 1
        }
        return label
    }

    /// Accelerators outside the largest accelerator group of the given labelling, counting only accelerators
    /// that were in `component` of the healthy labelling.
    static func separated(_ topology: Topology, labels: [Int], within members: [Int]) -> Int {
        var counts: [Int: Int] = [:]
        var total = 0
        for vertex in members where labels[vertex] >= 0 && topology.devices[vertex].isAccelerator {
            counts[labels[vertex], default: 0] += 1
            total += 1
        }
        return total - (counts.values.max() ?? 0)
    }

    /// Minimum over accelerator pairs of the cut capacity, by enumerating every vertex subset (n ≤ 16).
    static func minimumAcceleratorCut(_ topology: Topology, capacity: (Link) -> Double) -> Double {
        let n = topology.devices.count
        let accelerators = (0..<n).filter { topology.devices[$0].isAccelerator }
        var best = Double.infinity
        for mask in 1..<(1 << n) - 1 {
            let inside = accelerators.contains { mask & (1 << $0) != 0 }
            let outside = accelerators.contains { mask & (1 << $0) == 0 }
            guard inside && outside else { continue }
            var cut = 0.0
            for link in topology.links where link.source != link.target {
                let a = mask & (1 << Int(link.source)) != 0
                let b = mask & (1 << Int(link.target)) != 0
                if a != b { cut += capacity(link) }
            }
            best = min(best, cut)
        }
        return best
    }

    /// Minimum s–t cut by enumerating vertex subsets.
    static func minimumCut(_ topology: Topology, _ s: Int, _ t: Int, capacity: (Link) -> Double) -> Double {
        let n = topology.devices.count
        var best = Double.infinity
        for mask in 0..<(1 << n) where mask & (1 << s) != 0 && mask & (1 << t) == 0 {
            var cut = 0.0
            for link in topology.links where link.source != link.target {
                if (mask & (1 << Int(link.source)) != 0) != (mask & (1 << Int(link.target)) != 0) { cut += capacity(link) }
            }
            best = min(best, cut)
        }
        return best
    }
}
