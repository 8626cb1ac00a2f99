import FabricGraphML
import FabricModel
import FabricTestSupport
import Testing

@testable import FabricGraph

/// Detour routing of nD full meshes in the static load model, against closed forms (a full mesh of n under a
/// derangement; an X shift on a hand-written 2D full mesh) and against a brute force that picks each pair's
/// intermediates from the coordinates (a node of a row the pair crosses, at neither end's coordinate).
@Suite struct DetourRoutingTests {
    static func handWritten() throws -> Topology {
        try GraphMLReader.read(file: Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/routing/fullmesh-3x4.graphml").path).topology
    }

    /// Each node to its X neighbour (x + 1 mod 4) in its own row.
    static func xShift(_ topology: Topology) -> TrafficPattern {
        .matrix(
            topology.devices.indices.map { index in
                let c = topology.devices[index].coordinates
                let target = topology.devices.firstIndex { $0.coordinates == [(c[0] + 1) % 4, c[1]] } ?? index
                return Demand(source: Int32(index), target: Int32(target), amount: 1)
            })
    }

    @Test("full mesh of n under a derangement: detour sustains n/(2(n−1)) (split (n−2)/n), minimal 1/(n−1)", arguments: [4, 5, 8])
    func fullMeshPermutation(_ n: Int) throws {
        let topology = try TestFabrics.torus([n], fullMesh: true)
        let graph = CSRGraph(topology)
        let minimal = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: .ringAllReduce, scheme: .ecmp)
        let detour = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: .ringAllReduce, scheme: .detour)
        #expect(abs(minimal.throughput - 1 / Double(n - 1)) < 1e-12)
        #expect(abs(detour.throughput - Double(n) / Double(2 * (n - 1))) < 1e-6)
        // All-to-all: the minimal routes are already balanced; detour keeps them (α = 0).
        let uniform = try TrafficAnalysis.analyze(topology: topology, graph: graph, scheme: .detour)
        #expect(abs(uniform.throughput - 1) < 1e-12)
    }

    @Test("hand-written 2D full mesh 3x4, X shift: minimal 1/5, detour 2/5 (the row's closed form with 5 cables of injection)")
    func handWrittenShift() throws {
        let topology = try Self.handWritten()
        let graph = CSRGraph(topology)
        let pattern = Self.xShift(topology)
        let minimal = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: pattern, scheme: .ecmp)
        let detour = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: pattern, scheme: .detour)
        #expect(abs(minimal.throughput - 0.2) < 1e-12)
        #expect(abs(detour.throughput - 0.4) < 1e-6)
    }

    @Test("detour demands = brute force from coordinates; the mix's peak = the best split on a grid", arguments: [0, 1, 2])
    func bruteForce(_ seed: Int) throws {
        let topology = try Self.handWritten()
        let graph = CSRGraph(topology)
        let coordinates = topology.devices.map(\.coordinates)
        let pattern: TrafficPattern = seed == 0 ? .allToAll : .permutation(seed: UInt64(seed))
        let demand = try TrafficAnalysis.demand(for: pattern, topology: topology, graph: graph, mask: nil)
        let weights = [Double](repeating: 1, count: graph.vertexCount)
        var reference: [Demand] = []
        DetourRouting.forEachDestination(demand, weights: weights) { target, senders in
            for (source, amount) in senders {
                let s = coordinates[Int(source)]
                let d = coordinates[Int(target)]
                // Neighbours of s in a dimension s and d differ in, at a coordinate that is neither s's nor d's.
                let via = coordinates.indices.filter { m in
                    let moved = s.indices.filter { coordinates[m][$0] != s[$0] }
                    return moved.count == 1 && s[moved[0]] != d[moved[0]] && coordinates[m][moved[0]] != d[moved[0]]
                }
                #expect(!via.isEmpty)
                for m in via {
                    reference.append(Demand(source: source, target: Int32(m), amount: amount / Double(via.count)))
                    reference.append(Demand(source: Int32(m), target: target, amount: amount / Double(via.count)))
                }
            }
        }
        let built = try #require(DetourRouting.demands(graph: graph, demand: demand, weights: weights, members: graph.accelerators, mask: nil))
        let detourLoads = graph.route(.explicit(built)).arcLoad
        let referenceLoads = graph.route(.explicit(reference)).arcLoad
        for arc in 0..<graph.arcCount { #expect(abs(detourLoads[arc] - referenceLoads[arc]) < 1e-9) }
        // The reported peak is the lowest over splits α (a grid of 1,000 steps gets within 1e-3 of it).
        let report = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: pattern, scheme: .detour)
        let minimal = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: pattern, scheme: .ecmp)
        let scale = report.injectionBps / Double(graph.accelerators.count)  // every node injects the same
        var best = Double.infinity
        for step in 0...1000 {
            let alpha = Double(step) / 1000
            var peak = 0.0
            for arc in 0..<graph.arcCount {
                peak = max(peak, ((1 - alpha) * minimal.routed.arcLoad[arc] + alpha * scale * referenceLoads[arc]) / graph.capacity[arc])
            }
            best = min(best, peak)
        }
        #expect(report.maxUtilization <= best + 1e-9)
        #expect(report.maxUtilization >= best * (1 - 1e-3))
    }

    @Test("detour needs accelerators that relay: a fat-tree is refused with a message")
    func switchedFabric() throws {
        let topology = try TestFabrics.fatTree(k: 4)
        let graph = CSRGraph(topology)
        #expect(throws: GraphError.self) { try TrafficAnalysis.analyze(topology: topology, graph: graph, scheme: .detour) }
        #expect(RoutingScheme.detour.lanesNeeded(minimal: 1) == 2)
    }
}
