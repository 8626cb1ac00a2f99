import FabricGraph
import FabricModel
import FabricTestSupport
import Foundation
import Testing

@testable import FabricReports

/// The report models of `throughput` and `collective`, built and rendered without a process.
@Suite struct ThroughputReportTests {
    /// k=4 fat-tree with unit links: all-to-all θ = 1 (injection-bound), ECMP optimal; the JSON carries the fields
    /// the issue names and the text states the bracket.
    @Test func throughputReportOnAFatTree() throws {
        let topology = try SmallDesigns.fatTree(k: 4)
        let graph = CSRGraph(topology)
        let result = try ThroughputAnalysis.compute(topology: topology, graph: graph, pattern: .allToAll)
        let report = ThroughputReport(file: "fattree-k4", topology: topology, graph: graph, result: result)
        #expect(report.thetaLower == 1 && report.thetaUpper == 1 && report.gap == 0)
        #expect(report.thetaEcmp == 1 && report.efficiency == 1 && report.efficiencyUpper == 1)
        #expect(report.accelerators == 16 && report.demandPairs == 240 && report.unit == "bit/s")
        let json = try report.json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in ["thetaLower", "thetaUpper", "thetaEcmp", "efficiency", "method", "schemaVersion"] { #expect(object[key] != nil, "\(key)") }
        let text = report.text()
        #expect(text.contains("θ (optimal routing): 1.0000 ≤ θ ≤ 1.0000  gap 0.00%"))
        #expect(text.contains("θ ecmp: 1.0000  efficiency 100.00%\n"))
    }

    /// A ring of 4 unit links: ring all-reduce of 1 MiB is 2·3 steps of 256 KiB at 1 b/s; bus bandwidth 1.5 × algbw.
    @Test func collectiveReportOnARing() throws {
        var topology = Topology(file: "ring")
        for index in 0..<4 { try topology.addDevice(Device(id: "a\(index)", role: .accelerator)) }
        for index in 0..<4 { try topology.addLink(Link(source: Int32(index), target: Int32((index + 1) % 4), bandwidth: 1)) }
        let graph = CSRGraph(topology)
        let healthy = CollectiveAnalysis.estimate(
            graph: graph, topology: topology, ranks: graph.accelerators, operation: .allReduce,
            bytes: 1_048_576, algorithms: [.ring, .direct])
        let report = CollectiveReport(
            file: "ring", graph: graph, operation: .allReduce, sizeBytes: 1_048_576, ranks: 4,
            options: CollectiveOptions(), healthy: healthy, failures: [], failed: nil)
        let ring = try #require(report.healthy.estimates.first { $0.algorithm == "ring" })
        #expect(ring.seconds == 6 * 262_144 * 8)
        #expect(abs(ring.busBandwidthBps - 1.5 * ring.algBandwidthBps) < 1e-8 * ring.busBandwidthBps)
        #expect(report.busFactor == 1.5)
        #expect(report.text().contains("all-reduce of 1 MiB over 4 ranks"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any])
        let state = try #require(object["healthy"] as? [String: Any])
        let entries = try #require(state["estimates"] as? [[String: Any]])
        for key in ["algorithm", "seconds", "algBandwidthBps", "busBandwidthBps"] { #expect(entries.allSatisfy { $0[key] != nil }, "\(key)") }
    }

    /// `--fail`: losing core switch 0 of the unit k=4 fat-tree leaves each pod 3 uplinks for 4 hosts × 12/15 of their
    /// traffic leaving the pod, so θ ≤ 3/3.2 = 15/16, which the optimal routing reaches (the LP); ECMP's equal split
    /// over the surviving shortest paths gets less.
    @Test func throughputReportWithAFailure() throws {
        let topology = try SmallDesigns.fatTree(k: 4)
        let graph = CSRGraph(topology)
        let core = try #require(topology.deviceIndex(forID: "core-0"))
        let mask = FailureScenario(devices: [core]).mask(for: graph)
        let healthy = try ThroughputAnalysis.compute(topology: topology, graph: graph, pattern: .allToAll)
        let failed = try ThroughputAnalysis.compute(topology: topology, graph: graph, pattern: .allToAll, mask: mask)
        var report = ThroughputReport(file: "fattree-k4", topology: topology, graph: graph, result: healthy)
        report.failed = ThroughputReport.Failed(failures: ["device:core-0"], result: failed)
        #expect(abs(failed.thetaUpper - 0.9375) < 1e-9 && failed.gap < 1e-5)
        #expect((failed.thetaRouting ?? 1) < failed.thetaLower)
        #expect(report.text().contains("with device:core-0 failed: 0.9375 ≤ θ ≤ 0.9375"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any])
        #expect((object["failed"] as? [String: Any])?["thetaUpper"] as? Double == 0.9375)
    }

    /// The HTML report's throughput section: one chart row and one table row per pattern, θ to four decimals.
    @Test func htmlThroughputSection() throws {
        let topology = try SmallDesigns.fatTree(k: 4)
        let graph = CSRGraph(topology)
        let results = ThroughputAnalysis.reportPatterns(topology: topology, graph: graph)
        #expect(results.map(\.pattern) == ["all-to-all", "permutation:1", "ring", "worst"])
        let html = HTMLReport.throughputSection(results, topology: topology)
        #expect(html.contains("<h2>Throughput θ</h2>"))
        #expect(html.contains("<tr><td>all-to-all</td><td class=\"num\">1.0000 – 1.0000</td><td class=\"num\">0.00%</td>"))
        #expect(html.components(separatedBy: "class=\"proven\"").count == 5)
        #expect(HTMLReport.throughputSection([], topology: topology).isEmpty)
    }
}
