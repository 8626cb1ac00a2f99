import FabricTestSupport
import Foundation
import Testing

/// `fabcheck throughput` and `fabcheck collective` end to end: options parse together with the shared forwarding
/// and routing options, JSON carries the fields, bad input exits 2 or 64 with a located message.
@Suite struct ThroughputCLITests {
    static let pod = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/throughput/irregular-pod.graphml").path

    @Test func throughputJSONOnTheHandWrittenPod() throws {
        let output = try CLI.run(["throughput", Self.pod, "--traffic", "permutation:1", "--method", "exact", "--format", "json"])
        #expect(output.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        // HiGHS (scripts/throughput-lp-check.py): 1/6.
        #expect(abs((object["thetaUpper"] as? Double ?? 0) - 1.0 / 6) < 1e-6)
        for key in ["thetaLower", "thetaEcmp", "efficiency", "method", "schemaVersion"] { #expect(object[key] != nil, "\(key)") }
        let routed = try CLI.run(["throughput", Self.pod, "--routing", "updown", "--fail", "L2~S1"])
        #expect(routed.status == 0 && routed.stdout.contains("θ updown:") && routed.stdout.contains("with L2~S1 failed:"))
    }

    @Test func collectiveJSONAndErrors() throws {
        let output = try CLI.run(["collective", Self.pod, "--op", "all-gather", "--size", "64MiB", "--ranks", "rack=r0", "--format", "json"])
        #expect(output.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["ranks"] as? Int == 4)
        let list = try CLI.temporaryFile("g0\ng1\n# comment\ngpu-9\n", name: "ranks.txt")
        let unknown = try CLI.run(["collective", Self.pod, "--ranks", list])
        #expect(unknown.status == 2 && unknown.stderr.contains("ranks.txt:4:1: error: unknown device 'gpu-9'"))
        #expect(try CLI.run(["collective", Self.pod, "--size", "lots"]).status == 64)
        #expect(try CLI.run(["throughput", Self.pod, "--traffic", "everything"]).status == 64)
    }
}
