import FabricGraph
import FabricModel
import Testing

/// Valiant and UGAL in the static load model, against closed forms on full meshes and against a brute-force
/// expansion of every (source, intermediate, destination) triple on small graphs.
@Suite struct NonMinimalRoutingTests {
    @Test("full mesh of n: under a derangement minimal sustains 1/(n−1), Valiant n/(2(n−1)) ≥ 1/2, UGAL as Valiant", arguments: [4, 5, 8])
    func fullMeshPermutation(_ n: Int) throws {
        let topology = try TestFabrics.torus([n], fullMesh: true)
        let graph = CSRGraph(topology)
        // Ring all-reduce sends i → i+1: a permutation without fixed points.
        let minimal = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: .ringAllReduce, scheme: .ecmp)
        let valiant = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: .ringAllReduce, scheme: .valiant)
        let ugal = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: .ringAllReduce, scheme: .ugal)
        #expect(abs(minimal.throughput - 1 / Double(n - 1)) < 1e-12)
        #expect(abs(valiant.throughput - Double(n) / Double(2 * (n - 1))) < 1e-12)
        #expect(valiant.throughput >= 0.5)
        #expect(abs(ugal.throughput - valiant.throughput) < 1e-9)
        // Any permutation: Valiant's peak never exceeds 2(n−1)/n of a cable.
        for seed in UInt64(1)...5 {
            let random = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: .permutation(seed: seed), scheme: .valiant)
            #expect(random.maxUtilization <= 2 * Double(n - 1) / Double(n) + 1e-12)
        }
    }

    @Test("full mesh of n under all-to-all: minimal sustains 1, Valiant n/(2(n−1)), UGAL stays minimal", arguments: [4, 6])
    func fullMeshUniform(_ n: Int) throws {
        let topology = try TestFabrics.torus([n], fullMesh: true)
        let graph = CSRGraph(topology)
        let minimal = try TrafficAnalysis.analyze(topology: topology, graph: graph, scheme: .ecmp)
        let valiant = try TrafficAnalysis.analyze(topology: topology, graph: graph, scheme: .valiant)
        let ugal = try TrafficAnalysis.analyze(topology: topology, graph: graph, scheme: .ugal)
        #expect(abs(minimal.throughput - 1) < 1e-12)
        #expect(abs(valiant.throughput - Double(n) / Double(2 * (n - 1))) < 1e-12)
        #expect(abs(ugal.throughput - 1) < 1e-12)
    }

    @Test("Valiant loads equal the brute-force sum over every intermediate of both minimal legs", arguments: [[6], [3, 3]])
    func bruteForce(_ sizes: [Int]) throws {
        let topology = try TestFabrics.torus(sizes)
        let graph = CSRGraph(topology)
        let report = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: .permutation(seed: 3), scheme: .valiant)
        let demand = try TrafficAnalysis.demand(for: .permutation(seed: 3), topology: topology, graph: graph, mask: nil)
        guard case .explicit(let pairs) = demand else {
            Issue.record("expected explicit demand")
            return
        }
        // Each accelerator injects the capacity of its cables; k intermediates (every node of the torus).
        let nodes = graph.accelerators
        let k = Double(nodes.count)
        var expanded: [Demand] = []
        for pair in pairs {
            let rate = graph.arcs(from: pair.source).map { graph.capacity[Int($0)] }.reduce(0, +)
            for via in nodes {
                expanded.append(Demand(source: pair.source, target: via, amount: rate / k))
                expanded.append(Demand(source: via, target: pair.target, amount: rate / k))
            }
        }
        let reference = graph.route(.explicit(expanded))
        for arc in 0..<graph.arcCount {
            #expect(abs(report.routed.arcLoad[arc] - reference.arcLoad[arc]) < 1e-9 * max(1, reference.arcLoad[arc]))
        }
    }

    @Test("lanes: Valiant and UGAL need one lane set per phase")
    func lanes() {
        #expect(RoutingScheme.valiant.lanesNeeded(minimal: 1) == 2)
        #expect(RoutingScheme.ugal.lanesNeeded(minimal: 2) == 4)
        #expect(RoutingScheme.dor.lanesNeeded(minimal: 2) == 2)
    }
}
