import FabricGraph
import FabricModel
import Testing

@Suite struct TrafficAnalysisTests {
    @Test func fatTreeAllToAllSaturatesHostLinksExactly() throws {
        let topology = try TestFabrics.fatTree(k: 4)
        let graph = CSRGraph(topology)
        let report = try TrafficAnalysis.analyze(topology: topology, graph: graph)
        // Each host injects 100 over 15 destinations; its own link carries all of it: ρ = 1.
        #expect(abs(report.maxUtilization - 1) < 1e-12)
        #expect(abs(report.throughput - 1) < 1e-12)
        let edgeAgg = try #require(report.tiers.first { $0.lowerTier == 1 && $0.upperTier == 2 })
        #expect(abs(edgeAgg.maxUtilization - 14.0 / 15.0) < 1e-12)
        let aggCore = try #require(report.tiers.first { $0.lowerTier == 2 && $0.upperTier == 3 })
        #expect(abs(aggCore.maxUtilization - 12.0 / 15.0) < 1e-12)
        #expect(report.routed.diameter == 6)
        #expect(report.routed.routedPairs == 16 * 15)
        #expect(report.hottest.count == 10)
        #expect(report.hottest.allSatisfy { abs($0.utilization - 1) < 1e-12 })
    }

    @Test func ringAllReduceOnARing() throws {
        let topology = try TestFabrics.torus([6])
        let graph = CSRGraph(topology)
        let report = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: .ringAllReduce)
        // Each accelerator injects 2 × 50 toward its successor over one 50 link: ρ = 2.
        #expect(abs(report.maxUtilization - 2) < 1e-12)
        #expect(abs(report.throughput - 0.5) < 1e-12)
        #expect(report.routed.routedPairs == 6)
        #expect(report.routed.hopHistogram == [0, 6])
    }

    @Test func permutationIsSeededAndValid() throws {
        let topology = try TestFabrics.fatTree(k: 4)
        let graph = CSRGraph(topology)
        let first = try TrafficAnalysis.demand(for: .permutation(seed: 7), topology: topology, graph: graph, mask: nil)
        let again = try TrafficAnalysis.demand(for: .permutation(seed: 7), topology: topology, graph: graph, mask: nil)
        let other = try TrafficAnalysis.demand(for: .permutation(seed: 8), topology: topology, graph: graph, mask: nil)
        #expect(first == again)
        #expect(first != other)
        guard case .explicit(let demands) = first else {
            Issue.record("permutation is explicit")
            return
        }
        #expect(Set(demands.map(\.source)).count == demands.count)
        #expect(Set(demands.map(\.target)).count == demands.count)
        #expect(demands.allSatisfy { $0.source != $0.target && graph.isAccelerator[Int($0.target)] })
    }

    @Test func railLocalStaysWithinRails() throws {
        let topology = try TestFabrics.fatTree(k: 4)
        let graph = CSRGraph(topology)
        let report = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: .railLocal)
        // Two rails of 8 hosts: 2 · 8 · 7 ordered pairs, none between hosts of one edge switch (different rails).
        #expect(report.routed.routedPairs == 112)
        #expect(report.routed.hopHistogram[2] == 0)
        let torus = try TestFabrics.torus([3, 3])
        #expect(throws: GraphError.self) {
            _ = try TrafficAnalysis.analyze(topology: torus, graph: CSRGraph(torus), pattern: .railLocal)
        }
    }

    @Test func dimensionOrderNeedsCoordinates() throws {
        let topology = try TestFabrics.fatTree(k: 4)
        #expect(throws: GraphError.self) {
            _ = try TrafficAnalysis.analyze(topology: topology, graph: CSRGraph(topology), scheme: .dor)
        }
        let torus = try TestFabrics.torus([4, 4])
        let report = try TrafficAnalysis.analyze(topology: torus, graph: CSRGraph(torus), scheme: .dor)
        #expect(report.routed.unroutedPairs == 0)
        #expect(report.routed.diameter == 4)
    }

    @Test func demandCSV() throws {
        let topology = try TestFabrics.torus([3])
        let text = "source,target,amount\n# comment\nn0,n1,2.5\n\nn2, n0\n"
        let demands = try TrafficAnalysis.parseDemandCSV(text, file: "d.csv", topology: topology)
        #expect(demands == [Demand(source: 0, target: 1, amount: 2.5), Demand(source: 2, target: 0, amount: 1)])
        #expect(throws: GraphError.unknownDevice("nx", location: SourceLocation(file: "d.csv", line: 2, column: 4))) {
            _ = try TrafficAnalysis.parseDemandCSV("n0,n1,1\nn1,nx,1\n", file: "d.csv", topology: topology)
        }
        #expect(throws: GraphError.self) {
            _ = try TrafficAnalysis.parseDemandCSV("n0,n1,1\nn1,n2,abc\n", file: "d.csv", topology: topology)
        }
        let graph = CSRGraph(topology)
        let report = try TrafficAnalysis.analyze(topology: topology, graph: graph, pattern: .matrix(demands))
        #expect(report.routed.routedPairs == 2)
    }
}
