import FabricTestSupport
import Foundation
import Testing

/// `sweep --metric throughput`, `whatif --metric throughput` and `export --format netgraph` end to end on the
/// hand-written pod with two uplinks removed (its θ checked against HiGHS in ThroughputUnderFailureTests).
@Suite struct ThroughputFailureCLITests {
    static let pod = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/throughput/sweep-pod.graphml").path

    @Test func sweepAndWhatIfRankByTheFixedDemandTheta() throws {
        let sweep = try CLI.run(["sweep", Self.pod, "--metric", "throughput", "--format", "json"])
        #expect(sweep.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sweep.stdout.utf8)) as? [String: Any])
        let baseline = try #require(object["baseline"] as? [String: Any])
        #expect(abs((baseline["thetaUpper"] as? Double ?? 0) - 7.0 / 13) < 1e-9)
        let results = try #require(object["results"] as? [[String: Any]])
        let uplink = try #require(results.first { ($0["failure"] as? [String: Any])?["label"] as? String == "link:u-L2-S1" })
        let theta = try #require(uplink["throughput"] as? [String: Any])
        #expect(abs((theta["thetaUpperAfter"] as? Double ?? 0) - 0.175) < 1e-9)
        let whatIf = try CLI.run(["whatif", Self.pod, "--fail", "link:u-L2-S1", "--metric", "throughput"])
        #expect(whatIf.status == 0 && whatIf.stdout.contains("before 0.5385 -> after 0.1750"))
        #expect(try CLI.run(["sweep", Self.pod, "--metric", "bandwidth"]).status == 64)
    }

    @Test func netGraphExportAndItsNameError() throws {
        let exported = try CLI.run(["export", Self.pod, "--format", "netgraph"])
        #expect(exported.status == 0 && exported.stdout.contains("  single_link:\n"))
        let design = """
            <?xml version="1.0"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="role" for="node" attr.name="role" attr.type="string"/>
              <graph edgedefault="undirected">
                <node id="gpu[3]"><data key="role">gpu</data></node>
                <node id="sw"><data key="role">switch</data></node>
                <edge source="gpu[3]" target="sw"/>
              </graph>
            </graphml>
            """
        let file = try CLI.temporaryFile(design, name: "brackets.graphml")
        let failed = try CLI.run(["export", file, "--format", "netgraph"])
        #expect(failed.status == 2 && failed.stderr.contains("brackets.graphml:5:") && failed.stderr.contains("device id 'gpu[3]'"))
    }
}
