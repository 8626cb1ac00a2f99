import FabricGraph
import FabricModel
import Testing

/// `minimumAcceleratorCut` (two-hop certificates, local flows, exact flows) against the minimum over every
/// accelerator pair of a plain max flow, on graphs larger than the cut enumeration of `FlowTests` can reach.
@Suite struct EdgeConnectivityPairsTests {
    /// The minimum over all accelerator pairs of the s–t max flow under `capacities`.
    static func pairwiseMinimum(_ graph: CSRGraph, capacities: [Double]) -> Double {
        let accelerators = graph.accelerators
        var best = Double.infinity
        var solver = FlowSolver(graph: graph, capacity: capacities)
        for (index, s) in accelerators.enumerated() {
            for t in accelerators[(index + 1)...] { best = min(best, solver.maxFlow(from: s, to: t).value) }
        }
        return best
    }

    static func expectMatches(_ graph: CSRGraph, _ context: String) throws {
        for (unit, simple) in [(true, false), (true, true), (false, false)] {
            let capacities = graph.undirectedCapacities(under: nil, unit: unit, simple: simple)
            let cut = try #require(graph.minimumAcceleratorCut(capacities: capacities), "\(context)")
            let expected = pairwiseMinimum(graph, capacities: capacities)
            #expect(abs(cut.value - expected) < 1e-9, "\(context) unit \(unit) simple \(simple)")
            // The witness: its arcs' capacities add up to the value and its links separate the two accelerators
            // (in the simple view a witness names one cable per device pair, so only the multigraph views here).
            if cut.value > 0 && !simple {
                let total = cut.cutArcs.reduce(0.0) { $0 + capacities[Int($1)] }
                #expect(abs(total - cut.value) < 1e-9, "\(context) witness")
                var mask = FailureMask(for: graph)
                for link in cut.cutLinks { mask.failLink(link) }
                var solver = FlowSolver(graph: graph, capacity: graph.undirectedCapacities(under: mask, unit: true))
                #expect(solver.maxFlow(from: cut.source, to: cut.sink).value == 0, "\(context) witness separates")
            }
        }
    }

    @Test(arguments: 0..<16)
    func randomMultigraphs(seed: Int) throws {
        var random = GraphTestRandom(seed: UInt64(seed) &+ 4242)
        let n = 12 + random.below(16)
        // Dense enough that most vertices are certified by the two-hop bound, sparse enough for weak spots.
        let topology = try TestTopology.random(seed: UInt64(seed) &+ 31, vertices: n, links: 2 * n + random.below(4 * n))
        try Self.expectMatches(CSRGraph(topology), "random \(seed)")
    }

    @Test func structuredFabrics() throws {
        for topology in [
            try TestFabrics.fatTree(k: 4), try TestFabrics.torus([4, 3, 2]),
            try TestFabrics.torus([4, 4], fullMesh: true), try BlastDesigns.dualPlane(),
        ] {
            try Self.expectMatches(CSRGraph(topology), topology.file)
        }
    }
}
