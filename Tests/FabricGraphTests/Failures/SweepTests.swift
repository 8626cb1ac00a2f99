import FabricGraph
import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

@Suite struct SweepTests {
    static let zooFiles = [
        "Arpanet196912.graphml", "Abilene.graphml", "Globalcenter.graphml", "Spiralight.graphml", "Hibernia.graphml",
        "Bandcon.graphml", "Janetlense.graphml", "Geant2012.graphml", "Garr.graphml", "Uninett.graphml",
        "Interoute.graphml", "Kdl.graphml",
    ]

    // Field names are the JSON keys the Python reference script writes.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    struct ZooExpected: Decodable {
        var bridges_multigraph: Int
        var articulation_points: Int
    }

    struct ZooFile: Decodable { var files: [String: ZooExpected] }

    static let zooExpected: [String: ZooExpected] = {
        let url = Fixtures.zoo.appendingPathComponent("expected.json")
        guard let data = try? Data(contentsOf: url), let decoded = try? JSONDecoder().decode(ZooFile.self, from: data) else { return [:] }
        return decoded.files
    }()

    /// Single link failures that disconnect something are exactly the multigraph bridges of expected.json; every
    /// link's figures equal brute force (remove the link, flood fill, enumerate pairs) on the smaller files.
    @Test(arguments: zooFiles) func zooBridgesAndBruteForce(name: String) throws {
        let expected = try #require(Self.zooExpected[name])
        let topology = try GraphMLReader.read(file: Fixtures.zoo.appendingPathComponent(name).path).topology
        let sweeper = FailureSweeper(topology: topology)
        let report = sweeper.run(SweepOptions(elements: .links), designName: name)
        #expect(report.summary.critical == expected.bridges_multigraph, "\(name)")
        // Every device is an accelerator in a file without roles, so a device failure is always critical; the ones
        // that also strand others are the articulation points.
        let devices = sweeper.run(SweepOptions(elements: .devices), designName: name)
        #expect(devices.results.filter { $0.disconnectedPairs > 0 }.count == expected.articulation_points, "\(name)")
        guard topology.devices.count <= 80 else { return }
        let elements = sweepElements(topology, class: .links)
        for (element, outcome) in zip(elements, sweeper.sweepSingles(elements)) {
            let brute = BlastBruteForce.connectivity(topology, links: Set(element.scenario.links.map(Int.init)), devices: [])
            #expect(outcome.connectivity == brute, "\(name) \(element.label)")
        }
    }

    /// Sharded sweeps merged equal the single run byte for byte, for every metric, k and format.
    @Test func shardsMergeToTheSingleRun() throws {
        var topology = try BlastDesigns.dualPlane()
        let group = topology.srlgIndex(named: "duct")
        for index in topology.links.indices where index % 2 == 0 { topology.links[index].srlgs.append(group) }
        let sweeper = FailureSweeper(topology: topology)
        let traffic = TrafficSweeper.uniformAllToAll(graph: sweeper.baseline.graph, topology: topology)
        let cases: [SweepOptions] = [
            SweepOptions(elements: .links),
            SweepOptions(elements: .devices, metric: .capacity, top: 4),
            SweepOptions(elements: .links, metric: .traffic),
            SweepOptions(elements: .switches, k: 2),
            SweepOptions(elements: .links, metric: .traffic, k: 2, seed: 9, samples: 25),
            SweepOptions(elements: .srlgs),
            SweepOptions(elements: .planes, metric: .traffic),
        ]
        for options in cases {
            let single = sweeper.run(options, designName: "dual.graphml", traffic: traffic)
            // Under the forwarding model every plane-A switch is critical alone (gpu-lonely and the hub's GPUs reach
            // the others only through plane A), and no two harmless switches part a pair: the pair sweep is empty.
            #expect(!single.results.isEmpty || (options.k == 2 && options.elements == .switches), "\(options.elements) k \(options.k)")
            for count in [1, 2, 3, 7] {
                var shards: [SweepReport] = []
                for index in (0..<count).reversed() {
                    var part = options
                    part.shard = SweepShard(index: index, count: count)
                    let report = sweeper.run(part, designName: "dual.graphml", traffic: traffic)
                    // Through JSON, as the shards travel between machines (the rendered bytes of every format are
                    // compared in FabricReportsTests.SweepStreamTests).
                    shards.append(try JSONDecoder().decode(SweepReport.self, from: try JSONEncoder().encode(report)))
                }
                let merged = try SweepReport.merge(shards)
                #expect(merged == single, "\(options) \(count) shards")
            }
        }
    }

    @Test func mergeRejectsIncompleteOrMixedShards() throws {
        let topology = try BlastDesigns.fatTree(k: 4)
        let sweeper = FailureSweeper(topology: topology)
        func shard(_ index: Int, _ count: Int, metric: SweepMetric = .connectivity) -> SweepReport {
            sweeper.run(SweepOptions(metric: metric, shard: SweepShard(index: index, count: count)), designName: "ft")
        }
        #expect(throws: SweepMergeError.incompleteShards("missing shard 2/3")) { try SweepReport.merge([shard(0, 3), shard(1, 3)]) }
        #expect(throws: SweepMergeError.incompleteShards("shard 0/2 given twice")) { try SweepReport.merge([shard(0, 2), shard(0, 2)]) }
        #expect(throws: SweepMergeError.self) { try SweepReport.merge([shard(0, 2), shard(1, 2, metric: .capacity)]) }
        #expect(throws: SweepMergeError.self) { try SweepReport.merge([sweeper.run(SweepOptions(), designName: "ft")]) }
        #expect(SweepShard(parsing: "3/4")?.range(of: 10) == 7..<10)
        #expect(SweepShard(parsing: "4/4") == nil)
        let ranges = (0..<4).compactMap { SweepShard(index: $0, count: 4)?.range(of: 10) }
        #expect(ranges.map(\.count).reduce(0, +) == 10 && zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    }

    /// Failures grouped by symmetry get exactly the figures they get when routed one by one.
    @Test func symmetryClassesMatchDirectRouting() throws {
        for topology in [
            try BlastDesigns.fatTree(k: 4), try BlastDesigns.dualPlane(), try Self.racks(),
            try TestFabrics.torus([4, 3, 2]), try TestFabrics.torus([4, 3], fullMesh: true),
        ] {
            let graph = CSRGraph(topology)
            let symmetry = FailureSymmetry(graph: graph, topology: topology)
            let traffic = TrafficSweeper.uniformAllToAll(graph: graph, topology: topology)
            for elementClass in [SweepElementClass.links, .devices] {
                let elements = sweepElements(topology, class: elementClass)
                let representative = symmetry.representatives(of: elements)
                #expect(Set(representative).count < elements.count, "\(topology.file) \(elementClass) has symmetric elements")
                let grouped = traffic.impacts(of: elements.map(\.scenario), representative: representative)
                let direct = traffic.impacts(of: elements.map(\.scenario))
                for index in elements.indices {
                    let a = grouped[index]
                    let b = direct[index]
                    #expect(
                        abs(a.maxUtilizationAfter - b.maxUtilizationAfter) <= 1e-9 * max(1, b.maxUtilizationAfter),
                        "\(topology.file) \(elements[index].label)")
                    #expect(a.linksPushedOverCapacity == b.linksPushedOverCapacity && a.unroutablePairs == b.unroutablePairs)
                }
                // Connectivity figures are invariant too: a cheap second check of every class.
                let singles = FailureSweeper(topology: topology).sweepSingles(elements)
                for index in elements.indices { #expect(singles[index].connectivity == singles[representative[index]].connectivity) }
            }
        }
    }

    /// Racks of a full mesh each uplinked to the same two switches (multiplicity-2 cables in one rack: not merged).
    static func racks() throws -> Topology {
        var topology = Topology(file: "racks")
        let switches = [
            try topology.addDevice(Device(id: "sw-0", role: .switch, tier: 1)),
            try topology.addDevice(Device(id: "sw-1", role: .switch, tier: 1)),
        ]
        for rack in 0..<3 {
            var members: [Int32] = []
            for index in 0..<3 {
                members.append(try topology.addDevice(Device(id: "r\(rack)-n\(index)", role: .accelerator, tier: 0, rack: "\(rack)")))
            }
            for i in 0..<3 { for j in (i + 1)..<3 { try topology.addLink(Link(source: members[i], target: members[j], bandwidth: 2)) } }
            for (index, member) in members.enumerated() {
                if rack == 2 && index == 0 {
                    try topology.addLink(Link(source: member, target: switches[index % 2], bandwidth: 1, multiplicity: 2))
                } else {
                    try topology.addLink(Link(source: member, target: switches[index % 2], bandwidth: 1))
                    try topology.addLink(Link(source: member, target: switches[index % 2], bandwidth: 1))
                }
            }
        }
        return topology
    }

    /// Hop stretch against all-pairs breadth-first search on the topology with the elements removed.
    @Test func stretchMatchesBruteForce() throws {
        for topology in try BlastDesigns.all().prefix(8) {
            let baseline = BlastRadiusBaseline(graph: CSRGraph(topology), topology: topology)
            for element in sweepElements(topology, class: .links) + sweepElements(topology, class: .switches) {
                let mask = element.scenario.mask(for: baseline.graph)
                let stretch = baseline.stretchImpact(under: mask)
                let before = Self.distances(topology, links: [], devices: [])
                let after = Self.distances(
                    topology, links: Set(element.scenario.links.map(Int.init)),
                    devices: Set(element.scenario.devices.map(Int.init)))
                let accelerators = topology.devices.indices.filter {
                    topology.devices[$0].isAccelerator && !element.scenario.devices.contains(Int32($0))
                }
                var longer = 0
                var extra = 0
                var maxExtra = 0
                for a in accelerators {
                    for b in accelerators where a != b {
                        let d0 = before[a][b]
                        let d1 = after[a][b]
                        if d0 > 0, d1 > d0 {
                            longer += 1
                            extra += d1 - d0
                            maxExtra = max(maxExtra, d1 - d0)
                        }
                    }
                }
                #expect(stretch.longerPairs == longer / 2, "\(topology.file) \(element.label)")
                #expect(stretch.maxExtraHops == maxExtra)
                #expect(abs(stretch.meanExtraHops - (longer > 0 ? Double(extra) / Double(longer) : 0)) < 1e-9)
            }
        }
    }

    /// Directed BFS over cables with positive capacity in their direction, from every device, passing only through
    /// devices that relay traffic (the forwarding model, `BruteForce.relays`).
    static func distances(_ topology: Topology, links: Set<Int>, devices: Set<Int>) -> [[Int]] {
        let n = topology.devices.count
        let relay = BruteForce.relays(topology)
        var adjacency = [[Int]](repeating: [], count: n)
        for (index, link) in topology.links.enumerated() where !links.contains(index) && !link.isSelfLoop {
            let s = Int(link.source)
            let t = Int(link.target)
            if devices.contains(s) || devices.contains(t) { continue }
            let capacity = link.bandwidth ?? 1
            if capacity > 0 { adjacency[s].append(t) }
            if capacity > 0 && !link.directed { adjacency[t].append(s) }
        }
        return (0..<n).map { source in
            var distance = [Int](repeating: -1, count: n)
            guard !devices.contains(source) else { return distance }
            distance[source] = 0
            var queue = [source]
            var read = 0
            while read < queue.count {
                let v = queue[read]
                read += 1
                if v != source && !relay[v] { continue }
                for w in adjacency[v] where distance[w] < 0 {
                    distance[w] = distance[v] + 1
                    queue.append(w)
                }
            }
            return distance
        }
    }

    @Test func sampledPairsAreSeededAndDistinct() throws {
        let topology = try BlastDesigns.fatTree(k: 4)
        let sweeper = FailureSweeper(topology: topology)
        let elements = sweepElements(topology, class: .links)
        let first = sweeper.samplePairs(elements, count: 50, seed: 3)
        #expect(first == sweeper.samplePairs(elements, count: 50, seed: 3))
        #expect(first != sweeper.samplePairs(elements, count: 50, seed: 4))
        #expect(Set(first.map(\.ordinal)).count == 50)
        for pair in first {
            let parts = pair.label.components(separatedBy: " + ")
            #expect(parts.count == 2)
            #expect(pair.scenario.links.count == 2)
        }
        #expect(sweeper.samplePairs(elements, count: 5000, seed: 0).count == elements.count * (elements.count - 1) / 2)
    }
}

/// Every link and every device of every small shipped design: the sweep's shortcuts against recomputation.
///
/// The reference removes the element and searches again on the topology (not the CSR): a breadth-first search from
/// one end of the link (or one neighbour of the device) that stops once the other end (all other neighbours) is
/// reached proves that nothing is disconnected; otherwise a full flood fill labels the parts and the pairs and
/// stranded accelerators are counted from the labels.
@Suite struct SweepDesignTests {
    struct Reference {
        let topology: Topology
        let adjacency: [[(vertex: Int, link: Int)]]
        let healthy: [Int]

        init(_ topology: Topology) {
            self.topology = topology
            var adjacency = [[(vertex: Int, link: Int)]](repeating: [], count: topology.devices.count)
            for (index, link) in topology.links.enumerated() where !link.isSelfLoop {
                adjacency[Int(link.source)].append((Int(link.target), index))
                adjacency[Int(link.target)].append((Int(link.source), index))
            }
            self.adjacency = adjacency
            self.healthy = BruteForce.components(topology, removedLinks: [], removedDevices: [])
        }

        /// True when every vertex of `targets` is reachable from `start` without `link` and `device`.
        func reaches(_ start: Int, _ targets: Set<Int>, link: Int, device: Int) -> Bool {
            var isTarget = [Bool](repeating: false, count: adjacency.count)
            for target in targets where target != start { isTarget[target] = true }
            var remaining = targets.subtracting([start]).count
            var seen = [Bool](repeating: false, count: adjacency.count)
            seen[start] = true
            var queue = [start]
            var read = 0
            while read < queue.count && remaining > 0 {
                let v = queue[read]
                read += 1
                for (w, l) in adjacency[v] where l != link && w != device && !seen[w] {
                    seen[w] = true
                    if isTarget[w] { remaining -= 1 }
                    queue.append(w)
                }
            }
            return remaining == 0
        }

        func impact(link: Int?, device: Int?) -> ConnectivityImpact {
            let failed = device.map { topology.devices[$0].isAccelerator ? 1 : 0 } ?? 0
            if let link {
                let ends = topology.links[link]
                if reaches(Int(ends.source), [Int(ends.target)], link: link, device: -1) { return ConnectivityImpact() }
            }
            if let device {
                let neighbours = Set(adjacency[device].map(\.vertex)).subtracting([device])
                if let first = neighbours.first, reaches(first, neighbours, link: -1, device: device) {
                    return ConnectivityImpact(failedAccelerators: failed)
                }
                if neighbours.isEmpty { return ConnectivityImpact(failedAccelerators: failed) }
            }
            return BlastBruteForce.connectivity(topology, links: link.map { [$0] } ?? [], devices: device.map { [$0] } ?? [])
        }
    }

    /// Groups of links (the SRLG path: local searches from the links' ends, recomputation only where they do not
    /// meet) against flood-fill brute force: random groups, and every link of a random device (which cuts it off).
    /// (dgx-h100-4su and gb200-nvl72-su left out: under the forwarding model their groups are recomputed through
    /// relays, which takes minutes in a debug build; ForwardingTests covers that path against brute force.)
    @Test(arguments: ["fattree-k4", "leafspine-64", "torus-4x4x4"])
    func linkGroupsMatchRecomputation(name: String) throws {
        var topology = try Designs.topology(named: name)
        var random = SplitMix64(seed: 0x5EED_0005)
        let linkCount = topology.links.count
        for group in 0..<48 {
            let index = topology.srlgIndex(named: "test-group-\(group)")
            if group % 3 == 2 {
                let device = Int32(random.below(topology.devices.count))
                for link in topology.links.indices where topology.links[link].source == device || topology.links[link].target == device {
                    topology.links[link].srlgs.append(index)
                }
            } else {
                for _ in 0..<(2 + random.below(5)) { topology.links[random.below(linkCount)].srlgs.append(index) }
            }
        }
        let elements = sweepElements(topology, class: .srlgs)
        #expect(elements.count >= 40)
        let outcomes = FailureSweeper(topology: topology).sweepSingles(elements)
        var mismatches: [String] = []
        var splits = 0
        for (element, outcome) in zip(elements, outcomes) {
            let expected = BlastBruteForce.connectivity(topology, links: Set(element.scenario.links.map(Int.init)), devices: [])
            if expected.critical { splits += 1 }
            if outcome.connectivity != expected { mismatches.append("\(element.label): \(outcome.connectivity) != \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(name): \(mismatches.prefix(3))")
        #expect(splits > 0, "\(name): some groups must disconnect accelerators")
    }

    @Test(arguments: Designs.small) func everyElementMatchesRecomputation(name: String) throws {
        let topology = try Designs.topology(named: name)
        let reference = Reference(topology)
        let sweeper = FailureSweeper(topology: topology)
        // Where components do not tell reach (GPUs on NVSwitches and a leaf: dgx, NVL72), the shortcuts are checked
        // against the engine's recomputation on a seeded sample (ForwardingTests checks recomputation against
        // brute force and networkx); elsewhere every element against the component reference.
        let forwarding = sweeper.baseline.graph.forwardingSplitsComponents
        var random = SplitMix64(seed: 14)
        for elementClass in [SweepElementClass.links, .devices] {
            let elements = sweepElements(topology, class: elementClass)
            let outcomes = sweeper.sweepSingles(elements)
            var mismatches: [String] = []
            for (element, outcome) in zip(elements, outcomes) {
                if forwarding {
                    guard random.below(max(elements.count / 150, 1)) == 0 else { continue }
                    let expected = sweeper.baseline.connectivityImpact(under: element.scenario.mask(for: sweeper.baseline.graph))
                    if outcome.connectivity != expected { mismatches.append("\(element.label): \(outcome.connectivity) != \(expected)") }
                    continue
                }
                let expected = reference.impact(
                    link: element.scenario.links.first.map(Int.init),
                    device: element.scenario.devices.first.map(Int.init))
                if outcome.connectivity != expected { mismatches.append("\(element.label): \(outcome.connectivity) != \(expected)") }
            }
            #expect(mismatches.isEmpty, "\(name) \(elementClass): \(mismatches.prefix(3))")
        }
    }
}
