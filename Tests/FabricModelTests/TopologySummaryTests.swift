import FabricModel
import Testing

@Suite struct TopologySummaryTests {
    /// SplitMix64 (Steele, Lea, Flood 2014): a fixed-seed generator for the random multigraphs below.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    func randomTopology(seed: UInt64, nodes: Int, links: Int) throws -> Topology {
        var random = SplitMix64(state: seed)
        var topology = Topology(file: "random")
        for index in 0..<nodes {
            try topology.addDevice(Device(id: "n\(index)", role: index % 5 == 0 ? .switch : .accelerator, tier: index % 5 == 0 ? 1 : nil))
        }
        for _ in 0..<links {
            let source = Int32(random.below(nodes))
            let target = random.below(10) == 0 ? source : Int32(random.below(nodes))
            let bandwidth: Double? = random.below(3) == 0 ? nil : Double(random.below(4) + 1) * 100e9
            try topology.addLink(Link(source: source, target: target, bandwidth: bandwidth, multiplicity: Int32(random.below(3) + 1)))
        }
        return topology
    }

    @Test(arguments: [(1 as UInt64, 30, 20), (2, 40, 80), (3, 12, 60), (4, 50, 10), (5, 1, 3), (6, 0, 0)])
    func matchesBruteForce(seed: UInt64, nodes: Int, links: Int) throws {
        let topology = try randomTopology(seed: seed, nodes: nodes, links: links)
        let summary = TopologySummary(topology)
        // Brute force: adjacency sets and a breadth-first search per unvisited node.
        var neighbours = [Set<Int32>](repeating: [], count: nodes)
        var pairs = Set<[Int32]>()
        var loops = 0
        var degree = [Int](repeating: 0, count: nodes)
        for link in topology.links {
            degree[Int(link.source)] += Int(link.multiplicity)
            degree[Int(link.target)] += Int(link.multiplicity)
            if link.source == link.target {
                loops += 1
                continue
            }
            neighbours[Int(link.source)].insert(link.target)
            neighbours[Int(link.target)].insert(link.source)
            pairs.insert([min(link.source, link.target), max(link.source, link.target)])
        }
        var seen = [Bool](repeating: false, count: nodes)
        var components = 0
        var largest = 0
        for start in 0..<nodes where !seen[start] {
            components += 1
            var queue = [start]
            seen[start] = true
            var head = 0
            while head < queue.count {
                for next in neighbours[queue[head]] where !seen[Int(next)] {
                    seen[Int(next)] = true
                    queue.append(Int(next))
                }
                head += 1
            }
            largest = max(largest, queue.count)
        }
        #expect(summary.nodes == nodes)
        #expect(summary.links == links)
        #expect(summary.selfLoops == loops)
        #expect(summary.parallelLinks == links - loops - pairs.count)
        #expect(summary.components == components)
        #expect(summary.largestComponent == largest)
        #expect(summary.isolatedNodes == neighbours.filter(\.isEmpty).count)
        #expect(summary.physicalLinks == topology.links.reduce(0) { $0 + Int($1.multiplicity) })
        #expect(summary.linksWithBandwidth == topology.links.filter { $0.bandwidth != nil }.count)
        #expect(summary.linkBandwidthTotalBps == topology.links.reduce(0.0) { $0 + ($1.bandwidth ?? 0) * Double($1.multiplicity) })
        #expect(summary.minDegree == (degree.min() ?? 0) && summary.maxDegree == (degree.max() ?? 0))
        #expect(summary.switches == (0..<nodes).filter { $0 % 5 == 0 }.count)
        #expect(summary.accelerators + summary.switches == nodes)
        #expect(summary.devicesByTier["1"] ?? 0 == summary.switches)
    }

    @Test func closedFormOnACycleWithAChord() throws {
        // A 6-cycle plus one doubled chord and a self-loop: 1 component, 1 parallel link, 1 self-loop.
        var topology = Topology(file: "cycle")
        for index in 0..<6 { try topology.addDevice(Device(id: "v\(index)", role: .accelerator)) }
        for index in 0..<6 { try topology.addLink(Link(source: Int32(index), target: Int32((index + 1) % 6))) }
        try topology.addLink(Link(source: 0, target: 3))
        try topology.addLink(Link(source: 3, target: 0))
        try topology.addLink(Link(source: 2, target: 2))
        let summary = TopologySummary(topology)
        #expect(summary.links == 9 && summary.selfLoops == 1 && summary.parallelLinks == 1)
        #expect(summary.components == 1 && summary.isolatedNodes == 0)
        #expect(summary.minDegree == 2 && summary.maxDegree == 4)
    }
}
