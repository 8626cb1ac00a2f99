import FabricGraphML
import FabricModel
import FabricRules
import Foundation
import Testing

@testable import FabricGraph
@testable import FabricReports

/// The report's reliability section, without a process: shown only with a failure model, its availability against a
/// closed form on a hand-written pod, its chart and its ranked failure classes.
@Suite struct HTMLReportReliabilityTests {
    /// A small irregular pod written by hand: two leaves (one with three GPUs, one with two), one spine with a single
    /// uplink from each leaf; two GPUs carry failure rates, gpu3 has 1 failure/year repaired in 876 h.
    static let pod = """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key id="r" for="node" attr.name="role" attr.type="string"/>
          <key id="k" for="node" attr.name="rack" attr.type="string"/>
          <key id="f" for="node" attr.name="failure_rate_per_year" attr.type="double"/>
          <key id="m" for="node" attr.name="mttr_hours" attr.type="double"/>
          <key id="b" for="edge" attr.name="bandwidth" attr.type="string"/>
          <graph id="pod" edgedefault="directed">
            <node id="spine"><data key="r">spine</data></node>
            <node id="leaf1"><data key="r">leaf</data></node>
            <node id="leaf2"><data key="r">leaf</data></node>
            <node id="gpu1"><data key="r">gpu</data><data key="k">r1</data><data key="f">2</data><data key="m">219</data></node>
            <node id="gpu2"><data key="r">gpu</data><data key="k">r1</data></node>
            <node id="gpu3"><data key="r">gpu</data><data key="k">r1</data><data key="f">1</data><data key="m">876</data></node>
            <node id="gpu4"><data key="r">gpu</data><data key="k">r2</data></node>
            <node id="gpu5"><data key="r">gpu</data><data key="k">r2</data></node>
            <edge source="leaf1" target="spine"><data key="b">400G</data></edge>
            <edge source="leaf2" target="spine"><data key="b">400G</data></edge>
            <edge source="gpu1" target="leaf1"><data key="b">200G</data></edge>
            <edge source="gpu2" target="leaf1"><data key="b">200G</data></edge>
            <edge source="gpu3" target="leaf1"><data key="b">200G</data></edge>
            <edge source="gpu4" target="leaf2"><data key="b">200G</data></edge>
            <edge source="gpu5" target="leaf2"><data key="b">200G</data></edge>
          </graph>
        </graphml>
        """

    /// Only the element data fails: every class rate 0.
    static func configuration() throws -> RuleConfiguration {
        let classes = FailureClass.fixedNames.map { "  \($0): { failure_rate_per_year: 0 }" }.joined(separator: "\n")
        return try RuleConfiguration.parse(yaml: "failure_model:\n\(classes)\n", file: "fabcheck.yml")
    }

    @Test func sectionHoldsTheClosedFormAvailabilityAndRanksTheClasses() throws {
        let topology = try GraphMLReader.read(string: Self.pod, fileName: "pod.graphml").topology
        let report = try #require(try ReliabilityReport.forReport(file: "pod.graphml", topology: topology, configuration: Self.configuration()))
        // q = λr / (8760 + λr): gpu1 2 × 219 = 438 h → 438/9198; gpu3 876 h → 876/9636. Available while both are up.
        let q1 = 438.0 / 9198
        let q3 = 876.0 / 9636
        #expect(report.method == .exact)
        #expect(abs(report.availability.value - (1 - q1) * (1 - q3)) < 1e-12)
        #expect(abs(report.expectedUnusableAccelerators.value - (q1 + q3)) < 1e-12)
        let html = HTMLReport.reliabilitySection(report)
        #expect(html.contains("<h2>Reliability</h2>"))
        #expect(html.contains(ReliabilityReport.probability(report.availability.value)))
        // One bar per value of the distribution: 0, 1 and 2 accelerators missing.
        #expect(report.metric.distribution.map(\.value) == [0, 1, 2])
        #expect(html.components(separatedBy: "<rect ").count - 1 == 3)
        #expect(html.contains("<title>2 missing, 3 usable: \(ReliabilityReport.probability(q1 * q3))</title>"))
        // The only class that fails is the accelerator one, ranked first.
        let first = try #require(report.contributions.first)
        #expect(first.failureClass == "accelerator")
        #expect(html.range(of: "<td>accelerator</td>") != nil)
        #expect(!html.contains("<script"))
    }

    @Test func noFailureModelNoSection() throws {
        let plain = Self.pod.replacingOccurrences(of: "<data key=\"f\">2</data><data key=\"m\">219</data>", with: "")
            .replacingOccurrences(of: "<data key=\"f\">1</data><data key=\"m\">876</data>", with: "")
        let topology = try GraphMLReader.read(string: plain, fileName: "pod.graphml").topology
        #expect(try ReliabilityReport.forReport(file: "pod.graphml", topology: topology, configuration: RuleConfiguration()) == nil)
        let analysis = DesignAnalysis(topology: topology, options: DesignAnalysisOptions(bisection: false, traffic: false, rules: false))
        #expect(!HTMLReport.render(analysis, failures: nil).contains("<h2>Reliability</h2>"))
        let withData = try GraphMLReader.read(string: Self.pod, fileName: "pod.graphml").topology
        let report = try ReliabilityReport.forReport(file: "pod.graphml", topology: withData, configuration: Self.configuration())
        let html = HTMLReport.render(analysis, failures: nil, reliability: report)
        #expect(html.contains("<h2>Reliability</h2>"))
    }

    /// Many distinct values are merged into at most `maxProbabilityBars` ranges without losing probability.
    @Test func manyValuesAreBinned() {
        let points = (0..<500).map { ReliabilityPoint(value: Double($0), probability: 1.0 / 500) }
        let bins = SVG.probabilityBins(points)
        #expect(bins.count == SVG.maxProbabilityBars)
        #expect(abs(bins.reduce(0) { $0 + $1.probability } - 1) < 1e-12)
        #expect(bins.first?.low == 0 && bins.last?.high == 499)
        #expect(SVG.probabilityBins(Array(points.prefix(5))).count == 5)
    }
}
