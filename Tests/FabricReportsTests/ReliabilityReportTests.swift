import FabricGraph
import FabricModel
import FabricReports
import Foundation
import Testing

/// `fabcheck reliability` reports: shards merge into exactly the unsharded JSON, and the text names the figures.
@Suite struct ReliabilityReportTests {
    /// A leaf–spine of 2 leaves × 4 accelerators and 2 spines, built by hand, racks per leaf.
    static func pod() throws -> Topology {
        var topology = Topology(file: "pod.graphml")
        for spine in 0..<2 { try topology.addDevice(Device(id: "spine\(spine)", role: .switch, tier: 2)) }
        for leaf in 0..<2 {
            try topology.addDevice(Device(id: "leaf\(leaf)", role: .switch, tier: 1))
            let leafIndex = Int32(topology.devices.count - 1)
            for spine in 0..<2 { try topology.addLink(Link(source: leafIndex, target: Int32(spine), bandwidth: 400e9, medium: .optical)) }
            for index in 0..<4 {
                try topology.addDevice(Device(id: "gpu\(leaf)-\(index)", role: .accelerator, rack: "r\(leaf)"))
                try topology.addLink(Link(source: Int32(topology.devices.count - 1), target: leafIndex, bandwidth: 400e9, medium: .electrical))
            }
        }
        return topology
    }

    static func report(_ options: ReliabilityOptions, model: FailureModel = FailureModel(sparesPerBlock: SpareRatio(count: 1, per: 4))) throws
        -> ReliabilityReport
    {
        try ReliabilityReport(file: "pod.graphml", topology: pod(), model: model, options: options)
    }

    @Test(arguments: [ReliabilityMetric.stranded, .capacity, .placement])
    func shardsMergeByteForByte(_ metric: ReliabilityMetric) throws {
        for (samples, shards) in [(Int?.none, 3), (Int?.some(2000), 4)] {
            let whole = try Self.report(ReliabilityOptions(metric: metric, jobSize: 2, samples: samples, seed: 5))
            var parts: [ReliabilityReport] = []
            for index in (0..<shards).reversed() {
                let part = try Self.report(
                    ReliabilityOptions(metric: metric, jobSize: 2, samples: samples, seed: 5, shard: SweepShard(index: index, count: shards)))
                parts.append(try ReliabilityReport.decode(Data(try part.json().utf8)))
            }
            let merged = try ReliabilityReport.merge(parts)
            #expect(try merged.json() == (try whole.json()))
            #expect(whole.method == (samples == nil ? .exact : .monteCarlo))
            #expect(throws: ReliabilityError.self) { try ReliabilityReport.merge(Array(parts.dropFirst())) }
        }
    }

    @Test func jsonCarriesTheDocumentedFields() throws {
        let report = try Self.report(ReliabilityOptions())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let availability = try #require(object["availability"] as? [String: Any])
        #expect(Set(availability.keys) == ["value", "ciLow", "ciHigh", "method"])
        #expect(availability["method"] as? String == "exact")
        #expect(object["schemaVersion"] as? Int == 1 && object["expectedUnusableAccelerators"] != nil)
        let metric = try #require(object["metric"] as? [String: Any])
        #expect(["expected", "p50", "p99", "p999"].allSatisfy { metric[$0] != nil })
        #expect(report.spares == 2 && report.demand == 6)
        let text = report.text()
        #expect(text.contains("availability (no accelerator missing beyond spares)"))
        #expect(text.contains("failure classes by share of unavailability"))
    }

    @Test func oneSparePerRackBuysAvailability() throws {
        let none = try Self.report(ReliabilityOptions(), model: FailureModel())
        let spared = try Self.report(ReliabilityOptions())
        #expect(spared.availability.value > none.availability.value)
        #expect(spared.expectedUnusableAccelerators == none.expectedUnusableAccelerators)
        #expect(spared.expectedShortfall.value < none.expectedShortfall.value)
    }
}
