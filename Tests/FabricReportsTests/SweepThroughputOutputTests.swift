import FabricGraph
import FabricGraphML
import FabricModel
import FabricReports
import FabricTestSupport
import Foundation
import Testing

/// `sweep --metric throughput` on the hand-written pod with two uplinks removed: the streamed writers match the
/// encoded report byte for byte, shards merge into the unsharded report, and the text shows θ.
@Suite struct SweepThroughputOutputTests {
    static func pod() throws -> (Topology, FailureSweeper, FixedDemandThroughput) {
        let path = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/throughput/sweep-pod.graphml").path
        let topology = try GraphMLReader.read(file: path).topology
        let sweeper = FailureSweeper(topology: topology)
        let evaluator = try FixedDemandThroughput(topology: topology, graph: sweeper.baseline.graph, options: .deterministic(scheme: .ecmp))
        return (topology, sweeper, evaluator)
    }

    @Test func streamedOutputMatchesTheEncodedReport() throws {
        let (_, sweeper, evaluator) = try Self.pod()
        let options = SweepOptions(elements: .links, metric: .throughput)
        let stream = sweeper.throughputStream(options, designName: "pod.graphml", evaluator: evaluator)
        let report = stream.report()
        #expect(report.results.count == 16)
        #expect(report.results.allSatisfy { $0.throughput != nil })
        for format in SweepFormat.allCases {
            let streamed = Array(try stream.rendered(as: format).utf8)
            let encoded = Array(try report.rendered(as: format).utf8)
            #expect(streamed == encoded, "\(format): \(SweepStreamTests.firstDifference(streamed, encoded))")
        }
        // Stranding failures first, then the lowest θ: the L2-S1 uplink leaves L2 with 100G toward the rest.
        let first = try #require(report.results.first { $0.strandedAccelerators == 0 })
        #expect(first.failure.label == "link:u-L2-S1")
        #expect(abs((first.throughput?.thetaUpperAfter ?? 0) - 0.175) < 1e-9)
        let text = report.text()
        #expect(text.contains("θ 0.5385 (all-to-all)"))
        #expect(text.contains("0.1750"))
        let header = try #require(report.csv().split(separator: "\n").first)
        #expect(header.hasSuffix("theta_routing_after,throughput_method,lower_certificate,upper_certificate,accelerators_left"))
    }

    @Test func shardsMergeIntoTheWholeSweep() throws {
        let (_, sweeper, evaluator) = try Self.pod()
        let whole = sweeper.throughputStream(SweepOptions(elements: .links, metric: .throughput), designName: "pod.graphml", evaluator: evaluator)
        let parts = try (0..<3).map { index in
            let options = SweepOptions(elements: .links, metric: .throughput, shard: SweepShard(index: index, count: 3))
            let json = try sweeper.throughputStream(options, designName: "pod.graphml", evaluator: evaluator).rendered(as: .json)
            return try SweepReport.decode(Data(json.utf8))
        }
        let merged = try SweepReport.merge(parts)
        #expect(try merged.rendered(as: .json) == whole.rendered(as: .json))
    }
}
