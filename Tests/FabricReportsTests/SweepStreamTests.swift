import FabricGraph
import FabricGraphML
import FabricModel
import FabricReports
import FabricTestSupport
import Foundation
import Testing

/// The streamed sweep output (`FailureSweeper.stream`, `SweepStream.write`) against the materialized report encoded
/// by `JSONEncoder` (`SweepReport.rendered(as:)`): same bytes in every format.
@Suite struct SweepStreamTests {
    static func expectSameOutput(
        _ sweeper: FailureSweeper, _ options: SweepOptions, traffic: TrafficSweeper? = nil,
        _ context: String
    ) throws {
        let report = sweeper.run(options, designName: "design.graphml", traffic: traffic)
        let stream = sweeper.stream(options, designName: "design.graphml", traffic: traffic)
        #expect(stream.count == report.results.count, "\(context) \(options)")
        #expect(stream.report() == report, "\(context) \(options)")
        for format in SweepFormat.allCases {
            let streamed = Array(try stream.rendered(as: format).utf8)
            let encoded = Array(try report.rendered(as: format).utf8)
            let same = streamed == encoded
            #expect(same, "\(context) \(options) \(format): \(firstDifference(streamed, encoded))")
        }
    }

    /// Where two outputs first differ, with some context of each.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
        let index = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let from = max(0, index - 80)
        return "at byte \(index): streamed ...\(String(decoding: a[from..<min(a.count, index + 40)], as: UTF8.self))... "
            + "encoded ...\(String(decoding: b[from..<min(b.count, index + 40)], as: UTF8.self))..."
    }

    @Test func everyOptionMatchesTheEncodedReport() throws {
        var topology = try SmallDesigns.dualPlane()
        let group = topology.srlgIndex(named: "duct")
        for index in topology.links.indices where index % 2 == 0 { topology.links[index].srlgs.append(group) }
        let sweeper = FailureSweeper(topology: topology)
        let traffic = TrafficSweeper.uniformAllToAll(graph: sweeper.baseline.graph, topology: topology)
        let cases: [SweepOptions] = [
            SweepOptions(elements: .links),
            SweepOptions(elements: .links, metric: .capacity),
            SweepOptions(elements: .links, top: 3),
            SweepOptions(elements: .links, shard: SweepShard(index: 1, count: 3)),
            SweepOptions(elements: .links, metric: .capacity, top: 5, shard: SweepShard(index: 0, count: 2)),
            SweepOptions(elements: .devices, metric: .capacity, top: 4),
            SweepOptions(elements: .links, metric: .traffic),
            SweepOptions(elements: .switches, k: 2),
            SweepOptions(elements: .links, metric: .traffic, k: 2, seed: 9, samples: 25),
            SweepOptions(elements: .srlgs),
            SweepOptions(elements: .planes, metric: .traffic),
        ]
        for options in cases { try Self.expectSameOutput(sweeper, options, traffic: traffic, "dual plane") }
    }

    /// Links without ids (labels `a~b#N` counted over parallel links), self-loops skipped, bridges ranked first.
    @Test func parallelLinksWithoutIds() throws {
        let topology = try SmallDesigns.build(
            [.accelerator, .accelerator, .switch, .switch, .accelerator],
            [(0, 2), (2, 0), (1, 2), (2, 3), (3, 2), (2, 3), (3, 3), (4, 3), (1, 3), (0, 2)]
        )
        let sweeper = FailureSweeper(topology: topology)
        for metric in [SweepMetric.connectivity, .capacity] {
            try Self.expectSameOutput(sweeper, SweepOptions(elements: .links, metric: metric), "parallel")
        }
        let labels = sweeper.stream(SweepOptions(elements: .links), designName: "p").report().results.map(\.failure.label)
        #expect(Set(labels) == Set(sweepElements(topology, class: .links).map(\.label)))
        #expect(labels.contains("d0~d2#3"))
        #expect(sweepElementCount(topology, class: .links) == 9)
    }

    /// The shipped small designs and a few Topology Zoo files, every element class.
    @Test(arguments: [
        "fattree-k4.graphml", "leafspine-64.graphml", "torus-4x4x4.graphml", "zoo:Abilene.graphml",
        "zoo:Geant2012.graphml", "zoo:Kdl.graphml",
    ])
    func shippedDesigns(name: String) throws {
        let url =
            name.hasPrefix("zoo:")
            ? Fixtures.zoo.appendingPathComponent(String(name.dropFirst(4)))
            : Fixtures.topologies.appendingPathComponent(name)
        let topology = try GraphMLReader.read(file: url.path).topology
        let sweeper = FailureSweeper(topology: topology)
        for elements in SweepElementClass.allCases {
            #expect(sweepElementCount(topology, class: elements) == sweepElements(topology, class: elements).count)
            try Self.expectSameOutput(sweeper, SweepOptions(elements: elements), name)
        }
        try Self.expectSameOutput(sweeper, SweepOptions(elements: .links, metric: .capacity, top: 7), name)
    }

    /// Strings that need escaping and doubles of every printed shape, written by hand and by `JSONEncoder`.
    @Test func recordWriterMatchesJSONEncoder() throws {
        let strings = [
            "plain", "quote\"back\\slash/", "tab\tnl\ncr\rbs\u{08}ff\u{0C}", "ctl\u{01}\u{1F}\u{7F}",
            "é 東京 \u{2028} 🙂", "", "a,b", "crlf\r\nx", ",\u{301}combined", "q\"q,\n",
        ]
        let doubles: [Double] = [
            0, -0.0, 1, 0.1, 1.0 / 3, 1e-7, 400e9, 123_456_789_012_345_680, 4e20, 1.5e300,
            .leastNonzeroMagnitude, .greatestFiniteMagnitude, -2.5, 1e14, 1e15, 999_999_999_999_999,
            4_503_599_627_370_496, 9_007_199_254_740_991, 9_007_199_254_740_992, -1e15, 1e16, -7, 1e21,
        ]
        var records: [SweepRecord] = []
        for (index, text) in strings.enumerated() {
            let a = doubles[index % doubles.count]
            let b = doubles[(index * 5 + 3) % doubles.count]
            let capacity = CapacityImpact(
                acceleratorsLosingInjection: index, injectionLostBps: a, worstInjectionLoss: b,
                acceleratorsLosingUplink: -index, uplinkLostBps: b, worstUplinkLoss: a)
            let traffic =
                index % 2 == 0
                ? nil
                : TrafficImpact(
                    maxUtilizationBefore: a, maxUtilizationAfter: b,
                    throughputBefore: b, throughputAfter: a,
                    linksPushedOverCapacity: index, unroutablePairs: 3, acceleratorsInTraffic: index + 2)
            let links = (0..<(index % 3)).map { SweepLinkRecord(id: "\(text)\($0)", source: text, target: "t/\($0)") }
            records.append(
                SweepRecord(
                    scenario: index * 1_000_003, failure: SweepFailureRecord(label: text, devices: Array(strings.prefix(index)), links: links),
                    strandedAccelerators: index, disconnectedPairs: Int.max - index, failedAccelerators: index % 2,
                    critical: index % 3 == 0, classification: text, capacity: capacity, traffic: traffic
                ))
        }
        for (index, value) in doubles.enumerated() {
            let capacity = CapacityImpact(
                acceleratorsLosingInjection: 0, injectionLostBps: value, worstInjectionLoss: -value,
                acceleratorsLosingUplink: 0, uplinkLostBps: value / 7, worstUplinkLoss: value / 3)
            records.append(
                SweepRecord(
                    scenario: index, failure: SweepFailureRecord(label: "d\(index)", devices: [], links: []),
                    strandedAccelerators: 0, disconnectedPairs: 0, failedAccelerators: 0, critical: false,
                    classification: "unaffected", capacity: capacity, traffic: nil))
        }
        let topology = try SmallDesigns.fatTree(k: 4)
        var report = FailureSweeper(topology: topology).run(
            SweepOptions(elements: .links, top: 2, shard: SweepShard(index: 0, count: 2)),
            designName: "a \"quoted\"/design\n")
        report.results = records
        let streamed = Array(try SweepStream(report: report).rendered(as: .json).utf8)
        let encoded = Array(try report.json().utf8)
        let same = streamed == encoded
        #expect(same, "\(Self.firstDifference(streamed, encoded))")
        #expect(try SweepStream(report: report).rendered(as: .csv) == report.rendered(as: .csv))
        report.results = []
        #expect(try SweepStream(report: report).rendered(as: .json) == report.json())
        // Non-finite figures are refused, as the encoder refuses them.
        report.results = [records[0]]
        report.results[0].capacity.injectionLostBps = .infinity
        #expect(throws: EncodingError.self) { try SweepStream(report: report).rendered(as: .json) }
    }
}
