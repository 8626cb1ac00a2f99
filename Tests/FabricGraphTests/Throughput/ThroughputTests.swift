import FabricGraph
import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

@Suite struct ThroughputTests {
    /// The values HiGHS computed with a destination-grouped LP (scripts/throughput-lp-check.py, recorded in
    /// Tests/Fixtures/throughput/lp-reference.json): two hand-written pods (one irregular, one with uplinks removed),
    /// a fat-tree with four cables removed, and the shipped k=4 fat-tree. The 4×4×4 torus cases are checked by the
    /// script only (the LP takes seconds in a debug build).
    @Test func exactLPMatchesHiGHS() throws {
        struct Case: Decodable {
            let file: String
            let traffic: String
            let theta: Double
        }
        struct Reference: Decodable { let cases: [Case] }
        let url = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/throughput/lp-reference.json")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        let cases = reference.cases.filter { !$0.file.contains("torus") }
        #expect(cases.count == 12)
        for item in cases {
            let topology = try GraphMLReader.read(file: Fixtures.packageRoot.appendingPathComponent(item.file).path).topology
            let graph = CSRGraph(topology)
            let pattern: TrafficPattern =
                item.traffic == "ring"
                ? .ringAllReduce
                : item.traffic == "all-to-all" ? .allToAll : .permutation(seed: 1)
            let result = try ThroughputAnalysis.compute(
                topology: topology, graph: graph, pattern: pattern,
                options: ThroughputOptions(method: .exact, threads: 1))
            #expect(result.thetaLower <= item.theta * (1 + 1e-6), "\(item.file) \(item.traffic)")
            #expect(result.thetaUpper >= item.theta * (1 - 1e-6), "\(item.file) \(item.traffic)")
            #expect(result.gap < 1e-5, "\(item.file) \(item.traffic)")
            if let routed = result.thetaRouting { #expect(routed <= result.thetaUpper * (1 + 1e-9)) }
        }
    }

    /// The approximation's proven bracket contains the LP optimum and closes to the asked gap.
    @Test func approximationBracketsTheOptimum() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/throughput/irregular-pod.graphml").path
        let topology = try GraphMLReader.read(file: path).topology
        let graph = CSRGraph(topology)
        let result = try ThroughputAnalysis.compute(
            topology: topology, graph: graph, pattern: .allToAll,
            options: ThroughputOptions(gapTarget: 0.05, method: .approximate, threads: 1))
        let optimum = 0.244444444
        #expect(result.method == "garg-konemann")
        #expect(result.thetaLower <= optimum * (1 + 1e-9) && optimum <= result.thetaUpper * (1 + 1e-9))
        #expect(result.gap <= 0.05)
    }

    /// Closed forms: uniform all-to-all on a full-bisection fat-tree carries every injection (θ = 1); on the k-ary
    /// n-cube with minimal routing the volume bound is tight: θ = (links·2) / Σ hops, 63/192 for 4×4×4.
    @Test func closedForms() throws {
        let fatTree = try TestFabrics.fatTree(k: 4)
        let tree = try ThroughputAnalysis.compute(topology: fatTree, graph: CSRGraph(fatTree), pattern: .allToAll)
        #expect(tree.thetaLower == 1 && tree.thetaUpper == 1 && tree.method == "bounds")
        let torus = try TestFabrics.torus([4, 4, 4])
        let cube = try ThroughputAnalysis.compute(topology: torus, graph: CSRGraph(torus), pattern: .allToAll)
        #expect(abs(cube.thetaLower - 63.0 / 192) < 1e-12 && abs(cube.thetaUpper - 63.0 / 192) < 1e-12)
        #expect(cube.upperCertificate == "volume")
    }

    /// Flows respect the forwarding model: GPU x is dual-homed to leaves A and B (400G each), joined otherwise only
    /// through a 100G spine path. a → b and b → a at 400G injection get θ = 100/400 when x may not relay (auto: x has
    /// no accelerator neighbour), θ = 1 when every device relays (the 400G detour through x opens).
    @Test func acceleratorsRelayOnlyPerForwardingModel() throws {
        // d0 = a, d1 = b, d2 = x, d3 = A, d4 = B, d5 = spine.
        var topology = try TestTopology.build(
            [.accelerator, .accelerator, .accelerator, .switch, .switch, .switch],
            [(0, 3), (1, 4), (2, 3), (2, 4), (3, 5), (4, 5)],
            bandwidths: [400, 400, 400, 400, 100, 100])
        let pattern = TrafficPattern.matrix([Demand(source: 0, target: 1, amount: 1), Demand(source: 1, target: 0, amount: 1)])
        let auto = try ThroughputAnalysis.compute(
            topology: topology, graph: CSRGraph(topology), pattern: pattern,
            options: ThroughputOptions(method: .exact, threads: 1))
        #expect(abs(auto.thetaLower - 0.25) < 1e-6 && abs(auto.thetaUpper - 0.25) < 1e-9)
        topology.properties[ForwardingModel.propertyKey] = .string("all")
        let all = try ThroughputAnalysis.compute(
            topology: topology, graph: CSRGraph(topology), pattern: pattern,
            options: ThroughputOptions(method: .exact, threads: 1))
        #expect(abs(all.thetaLower - 1) < 2e-6 && abs(all.thetaUpper - 1) < 1e-9)
    }

    /// The longest matching pairs every accelerator of a fat-tree with one in another pod (6 hops).
    @Test func worstCaseCrossesTheCore() throws {
        let topology = try TestFabrics.fatTree(k: 4)
        let graph = CSRGraph(topology)
        let demands = ThroughputAnalysis.longestMatching(graph: graph)
        #expect(demands.count == 16)
        #expect(Set(demands.map(\.target)).count == 16)
        for demand in demands { #expect(graph.hopDistances(from: demand.source)[Int(demand.target)] == 6) }
        let result = try ThroughputAnalysis.compute(topology: topology, graph: graph, pattern: .matrix(demands))
        #expect(result.thetaUpper <= 1 && result.thetaLower > 0)
    }
}
