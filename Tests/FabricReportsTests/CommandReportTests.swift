import FabricGraph
import FabricGraphML
import FabricModel
import Testing

@testable import FabricReports

/// The report models of `info`, `analyze` and `bisection`, built without a process on a design written by hand (a
/// yEd-style file: `edgedefault="directed"`, edges drawn one way) and checked against figures worked out by hand.
@Suite struct CommandReportTests {
    /// Four GPUs, each cabled to both leaves at 100G; `dropped` leaves out the cable g0-leaf1.
    static func design(dropped: Bool) -> String {
        var edges = ""
        for gpu in 0..<4 {
            for leaf in 0..<2 where !(dropped && gpu == 0 && leaf == 1) {
                edges += "    <edge source=\"g\(gpu)\" target=\"leaf\(leaf)\"><data key=\"bw\">100G</data></edge>\n"
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="role" for="node" attr.name="role" attr.type="string"/>
              <key id="bw" for="edge" attr.name="bandwidth" attr.type="string"/>
              <graph id="pod" edgedefault="directed">
                <node id="g0"><data key="role">accelerator</data></node>
                <node id="g1"><data key="role">accelerator</data></node>
                <node id="g2"><data key="role">accelerator</data></node>
                <node id="g3"><data key="role">accelerator</data></node>
                <node id="leaf0"><data key="role">switch</data></node>
                <node id="leaf1"><data key="role">switch</data></node>
            \(edges)  </graph>
            </graphml>
            """
    }

    static func topology(dropped: Bool) throws -> Topology {
        try GraphMLReader.read(string: design(dropped: dropped), fileName: "pod.graphml").topology
    }

    @Test func infoCountsTheDrawing() throws {
        let report = InfoReport(file: "pod.graphml", topology: try Self.topology(dropped: true))
        #expect(report.nodes == 6)
        #expect(report.links == 7)
        #expect(report.accelerators == 4)
        #expect(report.switches == 2)
        #expect(report.linkBandwidthTotalBps == 700e9)
        #expect(report.minDegree == 1)
        #expect(report.maxDegree == 4)
        #expect(report.text().contains("  links:       7 (7 physical, 0 self-loops, 0 parallel)"))
        #expect(try report.json().contains("\"schemaVersion\" : 1"))
    }

    /// Healthy: every GPU sends its 200G over two 100G cables (utilization 1, throughput 1), two cables per GPU,
    /// bisection 4 × 100G = half the injection. Dropped g0-leaf1: g0 injects 100G; leaf0 -> g0 carries a third of
    /// each other GPU's 200G (3 × 200G / 3 = 200G on a 100G cable): utilization 2, throughput 1/2.
    @Test func analyzeMatchesHandFigures() throws {
        let healthy = try AnalyzeReport(
            file: "pod.graphml", topology: try Self.topology(dropped: false), pattern: .allToAll,
            scheme: .ecmp, top: 3, bisection: true)
        #expect(healthy.cables == 8)
        #expect(healthy.edgeConnectivity == 2)
        #expect(healthy.minCutBps == 200e9)
        #expect(healthy.diameter == AnalyzeReport.Diameter(exact: true, lower: 2, upper: 2))
        #expect(healthy.routedPairs == 12)
        #expect(healthy.maxUtilization == 1)
        #expect(healthy.throughput == 1)
        #expect(healthy.bisectionLowerBps == 400e9)
        #expect(healthy.bisectionUpperBps == 400e9)

        let degraded = try AnalyzeReport(
            file: "pod.graphml", topology: try Self.topology(dropped: true), pattern: .allToAll,
            scheme: .ecmp, top: 1, bisection: false)
        #expect(degraded.edgeConnectivity == 1)
        #expect(degraded.bridges == 1)
        #expect(degraded.maxUtilization == 2)
        #expect(degraded.throughput == 0.5)
        #expect(degraded.hottestLinks.map { "\($0.from)->\($0.to)" } == ["leaf0->g0"])
        #expect(degraded.bisectionLowerBps == nil)
        #expect(degraded.text().contains("max utilization ρ: 2.0 at full injection; throughput 1/ρ: 0.5 of injection bandwidth"))
    }

    /// The bisection report of the healthy drawing: exact 400G, half the injection, a 4-link witness.
    @Test func bisectionReportIsExactOnTheDrawing() throws {
        let topology = try Self.topology(dropped: false)
        let graph = CSRGraph(topology)
        let bracket = BisectionBracket.compute(graph: graph, topology: topology)
        let report = BisectionReport(
            file: "pod.graphml", topology: topology, graph: graph, bracket: bracket, effort: "fast",
            includeWitness: true)
        #expect(report.lowerBps == 400e9)
        #expect(report.upperBps == 400e9)
        #expect(report.cutLinks == 4)
        #expect(report.witness?.count == 4)
        #expect(report.witnessLines(topology: topology, graph: graph, bracket: bracket).split(separator: "\n").count == 4)
    }
}
