import FabricGraph
import FabricModel
import FabricTestSupport

/// The engine's SplitMix64 (Steele, Lea, Flood 2014) is the fixed-seed generator of the graph tests.
typealias GraphTestRandom = SplitMix64

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

    /// Devices named `d0`, `d1`, … with the given roles, links given as index pairs (`SmallDesigns.build`).
    static func build(_ roles: [Role], _ links: [(Int32, Int32)], bandwidths: [Double]? = nil) throws -> Topology {
        try SmallDesigns.build(roles, links, bandwidths: bandwidths)
    }
}

/// Brute-force references, written for clarity over speed.
enum BruteForce {
    /// Component labels of the graph with the given links removed and devices removed (simple flood fill).
    static func components(_ topology: Topology, removedLinks: Set<Int>, removedDevices: Set<Int>) -> [Int] {
        let n = topology.devices.count
        var adjacency = [[Int]](repeating: [], count: n)
        for (index, link) in topology.links.enumerated() where !removedLinks.contains(index) {
            let s = Int(link.source)
            let t = Int(link.target)
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

    /// Whether each device relays traffic under the default forwarding model, from roles and cables alone:
    /// every device except accelerators and CPUs; an accelerator when it has a cable to another accelerator.
    static func relays(_ topology: Topology) -> [Bool] {
        var relay = topology.devices.map { $0.role != .accelerator && $0.role != .cpu }
        for link in topology.links where link.source != link.target {
            let s = Int(link.source)
            let t = Int(link.target)
            if topology.devices[s].isAccelerator && topology.devices[t].isAccelerator {
                relay[s] = true
                relay[t] = true
            }
        }
        return relay
    }

    /// For every live accelerator, the live accelerators it reaches through relaying devices only (a breadth-first
    /// search from it that expands only relaying vertices), links read as cables in both directions.
    static func forwardingReach(_ topology: Topology, removedLinks: Set<Int>, removedDevices: Set<Int>) -> [Set<Int>] {
        let n = topology.devices.count
        let relay = relays(topology)
        var adjacency = [[Int]](repeating: [], count: n)
        for (index, link) in topology.links.enumerated() where !removedLinks.contains(index) {
            let s = Int(link.source)
            let t = Int(link.target)
            if removedDevices.contains(s) || removedDevices.contains(t) || s == t { continue }
            adjacency[s].append(t)
            adjacency[t].append(s)
        }
        var result = [Set<Int>](repeating: [], count: n)
        for a in 0..<n where topology.devices[a].isAccelerator && !removedDevices.contains(a) {
            var seen: Set<Int> = [a]
            var queue = [a]
            var read = 0
            while read < queue.count {
                let v = queue[read]
                read += 1
                if v != a && !relay[v] { continue }
                for w in adjacency[v] where seen.insert(w).inserted { queue.append(w) }
            }
            result[a] = Set(seen.filter { $0 != a && topology.devices[$0].isAccelerator })
        }
        return result
    }

    /// Labels of the classes of the transitive closure of `reach` over `members` (label = lowest member).
    static func closureParts(_ members: [Int], reach: [Set<Int>]) -> [Int: Int] {
        var label: [Int: Int] = [:]
        for start in members.sorted() where label[start] == nil {
            label[start] = start
            var stack = [start]
            while let v = stack.popLast() {
                for w in reach[v] where label[w] == nil {
                    label[w] = start
                    stack.append(w)
                }
            }
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

/// Trivial builders of regular test topologies (the shipped generators live in FabricDesigns).
enum TestFabrics {
    /// A k-ary fat-tree (Al-Fares et al. 2008): k pods of k/2 edge and k/2 aggregation switches, (k/2)² cores,
    /// k/2 hosts per edge switch; tiers 0 (hosts), 1 (edge), 2 (aggregation), 3 (core); racks = one edge switch
    /// with its hosts.
    static func fatTree(k: Int) throws -> Topology {
        var topology = Topology(file: "fattree-k\(k)")
        let half = k / 2
        var cores: [Int32] = []
        for index in 0..<half * half {
            cores.append(try topology.addDevice(Device(id: "core-\(index)", role: .switch, tier: 3)))
        }
        for pod in 0..<k {
            var aggs: [Int32] = []
            for index in 0..<half {
                let agg = try topology.addDevice(Device(id: "agg-\(pod)-\(index)", role: .switch, tier: 2, pod: "\(pod)"))
                aggs.append(agg)
                for coreIndex in 0..<half {
                    try topology.addLink(Link(source: agg, target: cores[index * half + coreIndex], bandwidth: 100))
                }
            }
            for index in 0..<half {
                let rack = "r-\(pod)-\(index)"
                let edge = try topology.addDevice(Device(id: "edge-\(pod)-\(index)", role: .switch, tier: 1, pod: "\(pod)", rack: rack))
                for agg in aggs { try topology.addLink(Link(source: edge, target: agg, bandwidth: 100)) }
                for host in 0..<half {
                    let device = try topology.addDevice(
                        Device(id: "h-\(pod)-\(index)-\(host)", role: .accelerator, tier: 0, pod: "\(pod)", rack: rack, rail: host))
                    try topology.addLink(Link(source: device, target: edge, bandwidth: 100))
                }
            }
        }
        return topology
    }

    /// A torus (`wrap`) or mesh of accelerators with the given dimension sizes and coordinates.
    static func torus(_ sizes: [Int], wrap: Bool = true, fullMesh: Bool = false) throws -> Topology {
        var topology = Topology(file: "grid")
        let count = sizes.reduce(1, *)
        func coordinates(_ index: Int) -> [Int] {
            var rest = index
            return sizes.map { size in
                defer { rest /= size }
                return rest % size
            }
        }
        func index(_ coordinates: [Int]) -> Int32 {
            var result = 0
            for (j, size) in sizes.enumerated().reversed() { result = result * size + coordinates[j] }
            return Int32(result)
        }
        for vertex in 0..<count {
            try topology.addDevice(Device(id: "n\(vertex)", role: .accelerator, coordinates: coordinates(vertex)))
        }
        for vertex in 0..<count {
            let here = coordinates(vertex)
            for (j, size) in sizes.enumerated() {
                if fullMesh {
                    for value in (here[j] + 1)..<max(size, here[j] + 1) {
                        var there = here
                        there[j] = value
                        try topology.addLink(Link(source: Int32(vertex), target: index(there), bandwidth: 50))
                    }
                    continue
                }
                if here[j] + 1 < size || (wrap && size > 2) {
                    var there = here
                    there[j] = (here[j] + 1) % size
                    try topology.addLink(Link(source: Int32(vertex), target: index(there), bandwidth: 50))
                }
            }
        }
        return topology
    }
}
