import FabricGraph
import FabricModel
import Testing

@Suite struct ConnectivityTests {
    /// Triangle 0-1-2, pendant 3 on 2 by one cable, pendant 4 on 3 by two parallel cables, isolated 5.
    @Test func handBuiltBridgesAndCutVertices() throws {
        let topology = try TestTopology.build(
            [.accelerator, .accelerator, .switch, .accelerator, .accelerator, .accelerator],
            [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 3)]
        )
        let graph = CSRGraph(topology)
        let result = graph.connectivity()
        #expect(result.componentCount == 2)
        #expect(result.componentSizes == [5, 1])
        #expect(result.componentAccelerators == [4, 1])
        #expect(result.largestAcceleratorComponent == 0)
        let pairs = result.bridges.map { [min($0.parent, $0.child), max($0.parent, $0.child)] }
        #expect(pairs == [[2, 3], [3, 4]])
        #expect(result.bridges.map(\.cables) == [1, 2])
        #expect(result.multigraphBridges.count == 1)
        // Cutting 2-3 leaves {0,1} and {3,4}: 2 accelerators on each side, 2 separated.
        #expect(result.bridges[0].separatedAccelerators == 2)
        #expect(result.articulationPoints.map(\.vertex) == [2, 3])
        // Failing switch 2 separates {3,4} from {0,1}; failing accelerator 3 strands 4.
        #expect(result.articulationPoints.map(\.separatedAccelerators) == [2, 1])
        #expect(result.twoEdgeComponentCount == 3)
        #expect(result.twoEdgeComponentOf[3] == result.twoEdgeComponentOf[4])
        #expect(result.twoEdgeComponentOf[0] == result.twoEdgeComponentOf[2])
    }

    /// A path long enough to overflow a recursive DFS.
    @Test func longPathIsIterative() throws {
        let n = 200_000
        var topology = Topology(file: "path")
        topology.reserveCapacity(devices: n, links: n)
        for index in 0..<n { try topology.addDevice(Device(id: "p\(index)", role: .accelerator)) }
        for index in 1..<n { try topology.addLink(Link(source: Int32(index - 1), target: Int32(index))) }
        let result = CSRGraph(topology).connectivity()
        #expect(result.bridges.count == n - 1)
        #expect(result.articulationPoints.count == n - 2)
        #expect(result.bridges.map(\.separatedAccelerators).max() == n / 2)
    }

    @Test(arguments: 0..<60)
    func matchesBruteForceOnRandomGraphs(seed: Int) throws {
        var random = GraphTestRandom(seed: UInt64(seed) &* 7919)
        let n = 5 + random.below(10)
        let m = n - 2 + random.below(n + 3)
        let topology = try TestTopology.random(seed: UInt64(seed), vertices: n, links: m)
        let graph = CSRGraph(topology)
        var mask = FailureMask(for: graph)
        var removedLinks: Set<Int> = []
        var removedDevices: Set<Int> = []
        if seed % 3 == 1 {
            let link = random.below(m)
            mask.failLink(Int32(link))
            removedLinks.insert(link)
            let device = random.below(n)
            mask.failDevice(Int32(device))
            removedDevices.insert(device)
        }
        let result = graph.connectivity(under: seed % 3 == 1 ? mask : nil)
        let base = BruteForce.components(topology, removedLinks: removedLinks, removedDevices: removedDevices)
        #expect(result.componentOf.map(Int.init) == base)
        let baseCount = Set(base.filter { $0 >= 0 }).count
        let largest = Int(result.largestAcceleratorComponent)

        // Bridges of the simple view: remove every link between a pair.
        var pairLinks: [[Int]: [Int]] = [:]
        for (index, link) in topology.links.enumerated() where !link.isSelfLoop && !removedLinks.contains(index) {
            if removedDevices.contains(Int(link.source)) || removedDevices.contains(Int(link.target)) { continue }
            pairLinks[[Int(min(link.source, link.target)), Int(max(link.source, link.target))], default: []].append(index)
        }
        var expectedBridges: [[Int]: (cables: Int, separated: Int)] = [:]
        for (pair, links) in pairLinks {
            let labels = BruteForce.components(topology, removedLinks: removedLinks.union(links), removedDevices: removedDevices)
            if Set(labels.filter { $0 >= 0 }).count > baseCount {
                let members = (0..<n).filter { base[$0] == base[pair[0]] }
                expectedBridges[pair] = (links.count, BruteForce.separated(topology, labels: labels, within: members))
            }
        }
        #expect(result.bridges.count == expectedBridges.count)
        for bridge in result.bridges {
            let pair = [Int(min(bridge.parent, bridge.child)), Int(max(bridge.parent, bridge.child))]
            let expected = expectedBridges[pair]
            #expect(expected?.cables == bridge.cables)
            #expect(expected?.separated == bridge.separatedAccelerators)
            #expect(bridge.strandedAccelerators == (base[pair[0]] == largest ? bridge.separatedAccelerators : 0))
            #expect(Set(pairLinks[pair] ?? []).contains(Int(bridge.link)))
        }

        // Articulation points: remove each device.
        var expectedPoints: [Int: (parts: Int, separated: Int)] = [:]
        for vertex in 0..<n where !removedDevices.contains(vertex) {
            let labels = BruteForce.components(topology, removedLinks: removedLinks, removedDevices: removedDevices.union([vertex]))
            let members = (0..<n).filter { base[$0] == base[vertex] && $0 != vertex }
            let parts = Set(members.map { labels[$0] }).count
            if parts > 1 {
                expectedPoints[vertex] = (parts, BruteForce.separated(topology, labels: labels, within: members))
            }
        }
        #expect(result.articulationPoints.map { Int($0.vertex) } == expectedPoints.keys.sorted())
        for point in result.articulationPoints {
            #expect(expectedPoints[Int(point.vertex)]?.parts == point.parts)
            #expect(expectedPoints[Int(point.vertex)]?.separated == point.separatedAccelerators)
        }

        // 2-edge-connected: same class iff connected after removing any single link.
        for u in 0..<n where base[u] >= 0 {
            for v in (u + 1)..<n where base[v] == base[u] {
                var together = true
                for index in topology.links.indices where !removedLinks.contains(index) {
                    let labels = BruteForce.components(topology, removedLinks: removedLinks.union([index]), removedDevices: removedDevices)
                    if labels[u] != labels[v] {
                        together = false
                        break
                    }
                }
                #expect((result.twoEdgeComponentOf[u] == result.twoEdgeComponentOf[v]) == together)
            }
        }
    }
}
