import FabricGraph
import FabricModel
import FabricReports
import FabricTestSupport
import Foundation
import Testing

@Suite("HTML report")
struct HTMLReportTests {
    /// Single failures from the graph engine's bridges and articulation points (stranded), plus every other link
    /// with a made-up degradation so the table and the curves have something to rank.
    static func failures(_ analysis: DesignAnalysis) -> [SingleFailureImpact] {
        let topology = analysis.topology
        var result: [SingleFailureImpact] = []
        var bridged = Set<Int32>()
        for bridge in analysis.connectivity.bridges where bridge.singleLink {
            bridged.insert(bridge.link)
            result.append(
                SingleFailureImpact(
                    element: "link \(topology.describeLink(bridge.link))", location: topology.location(ofLink: bridge.link),
                    failedAccelerators: 0, strandedAccelerators: bridge.strandedAccelerators, degradedAccelerators: 0))
        }
        for index in topology.links.indices where !bridged.contains(Int32(index)) {
            result.append(
                SingleFailureImpact(
                    element: "link \(topology.describeLink(Int32(index)))", location: topology.location(ofLink: Int32(index)),
                    failedAccelerators: 0, strandedAccelerators: 0, degradedAccelerators: 2))
        }
        return result
    }

    @Test("the fat-tree report holds its numbers, charts and diagram, and nothing that loads or runs")
    func fatTree() throws {
        let topology = try Designs.topology(named: "fattree-k4")
        let analysis = DesignAnalysis(topology: topology)
        let failures = Self.failures(analysis)
        let html = HTMLReport.render(analysis, failures: failures, toolVersion: "9.9")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script") && !html.contains("http:") && !html.contains("https:") && !html.contains("@import") && !html.contains("url(http"))
        #expect(html == HTMLReport.render(analysis, failures: failures, toolVersion: "9.9"))
        // Summary and bisection: k=4 fat-tree, 16 hosts at 400 Gb/s, bisection 8 links = 3.2 Tb/s, full bisection the same.
        #expect(html.contains("<div class=\"label\">accelerators</div><div class=\"value\">16</div>"))
        let bisection = try #require(analysis.bisection)
        #expect(bisection.upper == 8 * 400e9)
        #expect(html.contains("at most <b>3.2 Tb/s</b>"))
        #expect(html.contains("full bisection 3.2 Tb/s"))
        #expect(!html.contains("B/s"), "one unit convention: no byte rates in the report")
        #expect(html.contains(">\(percent(bisection.lowerRatio))–\(percent(bisection.upperRatio))<"))
        // Traffic: one histogram per tier pair with its arc count.
        let traffic = try #require(analysis.traffic)
        #expect(traffic.tiers.count == 3)
        for tier in traffic.tiers {
            #expect(html.contains("tier \(tier.lowerTier) – tier \(tier.upperTier): \(tier.arcs) link directions"))
        }
        #expect(html.contains("can sustain <b>\(percent(traffic.throughput))</b>"))
        // Failures: 20 rows, the worst (a host link stranding one host) first, and both CDF curves.
        let table = try #require(html.range(of: "<table class=\"failures\">").map { String(html[$0.lowerBound...]) })
        let body = String(table[..<(table.range(of: "</table>")?.lowerBound ?? table.endIndex)])
        #expect(body.components(separatedBy: "<tr><td class=\"num\">").count - 1 == 20)
        #expect(body.contains("<td class=\"num\">1</td><td>link 'h-p0-e0-0'~'edge-p0-0'</td>"))
        #expect(html.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(html.contains("\(failures.count) scenarios; 16 strand accelerators"))
        // Diagram by pod.
        for name in ["pod-0", "pod-3", "plane-0 tier 3", "plane-1 tier 3"] { #expect(html.contains(">\(name)<")) }
        // Findings table lists every finding.
        #expect(html.contains("all \(analysis.findings.count) findings"))
    }

    @Test("names are escaped; large pod counts fall back to tiers")
    func escapingAndFallback() throws {
        var topology = try Designs.topology(named: "torus-4x4x4")
        topology.updateDevice(at: 0) { $0.pod = "<script>alert(1)</script>" }
        for index in 1..<topology.devices.count { topology.updateDevice(at: Int32(index)) { $0.pod = "p\(index)" } }
        let analysis = DesignAnalysis(topology: topology, options: DesignAnalysisOptions(bisection: false, traffic: false))
        let html = HTMLReport.render(analysis, failures: nil)
        #expect(!html.contains("<script"))
        #expect(html.contains("by tier (64 pods are too many to draw one by one)"))
        #expect(!html.contains("<h2>Single failures</h2>"))
        #expect(!html.contains("<h2>Bisection bandwidth</h2>"))
    }
}

@Suite("single-failure sweep for the report")
struct HTMLReportFailureTests {
    @Test("the sweep's stranded counts match the graph engine's bridges and articulation points on the fat-tree")
    func fatTreeSweep() throws {
        let topology = try Designs.topology(named: "fattree-k4")
        let impacts = SingleFailureSweep.impacts(of: topology)
        #expect(impacts.count == topology.links.count + topology.devices.count)
        // Host links strand their host; edge switches strand their 2 hosts; hosts fail themselves.
        #expect(impacts.filter { $0.element.hasPrefix("link 'h-") }.allSatisfy { $0.strandedAccelerators == 1 })
        #expect(impacts.filter { $0.element.hasPrefix("device 'edge-") }.allSatisfy { $0.strandedAccelerators == 2 })
        #expect(impacts.filter { $0.element.hasPrefix("device 'h-") }.allSatisfy { $0.failedAccelerators == 1 && $0.strandedAccelerators == 0 })
        // An aggregation switch takes half the first-hop uplink of its pod's 4 hosts; a core switch none.
        #expect(impacts.filter { $0.element.hasPrefix("device 'agg-") }.allSatisfy { $0.strandedAccelerators == 0 && $0.degradedAccelerators == 4 })
        #expect(impacts.filter { $0.element.hasPrefix("device 'core-") }.allSatisfy { $0.strandedAccelerators == 0 && $0.degradedAccelerators == 0 })
        let worst = impacts.sorted(by: SingleFailureImpact.worstFirst)
        #expect(worst.first?.element == "device 'edge-p0-0'")
    }
}
