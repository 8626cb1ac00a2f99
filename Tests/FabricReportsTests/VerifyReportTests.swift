import FabricGraphML
import FabricModel
import FabricObserved
import FabricReports
import FabricRules
import FabricTestSupport
import Foundation
import Testing

@Suite("verify report: as-built fabric, impact, rendering")
struct VerifyReportTests {
    static func observed(_ csv: String) throws -> ObservedFabric {
        var fabric: ObservedFabric?
        try ObservedReader(format: .csv).read(Array(csv.utf8), file: "survey.csv", into: &fabric)
        return try #require(fabric)
    }

    static let railDesign = """
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key id="role" for="node" attr.name="role" attr.type="string"/>
          <key id="rail" for="node" attr.name="rail" attr.type="int"/>
          <graph edgedefault="undirected">
            <node id="spine"><data key="role">switch</data></node>
            <node id="leaf-r0"><data key="role">switch</data><data key="rail">0</data></node>
            <node id="leaf-r1"><data key="role">switch</data><data key="rail">1</data></node>
            <node id="g0"><data key="role">gpu</data><data key="rail">0</data></node>
            <node id="g1"><data key="role">gpu</data><data key="rail">1</data></node>
            <node id="g2"><data key="role">gpu</data><data key="rail">0</data></node>
            <edge source="g0" target="leaf-r0"/>
            <edge source="g1" target="leaf-r1"/>
            <edge source="g2" target="leaf-r0"/>
            <edge source="leaf-r0" target="spine"/>
            <edge source="leaf-r1" target="spine"/>
          </graph>
        </graphml>
        """

    @Test("a swap across rails breaks rail alignment twice; a lost cable strands its accelerator")
    func railAndStranding() throws {
        let design = try GraphMLReader.read(string: Self.railDesign, fileName: "rails.graphml").topology
        let observed = try Self.observed("a_device,a_port,b_device,b_port\ng0,,leaf-r1,\ng1,,leaf-r0,\nleaf-r0,,spine,\nleaf-r1,,spine,\n")
        let report = VerifyReport.verify(design: design, observed: observed, options: .init(runRules: false))
        let kinds = report.result.discrepancies.map(\.kind)
        #expect(kinds.sorted() == [.missing, .swapped])
        let swapped = try #require(report.result.discrepancies.firstIndex { $0.kind == .swapped })
        #expect(report.impacts[swapped].railBreaks.sorted() == ["'g0' (rail 0) on 'leaf-r1' (rail 1)", "'g1' (rail 1) on 'leaf-r0' (rail 0)"])
        let missing = try #require(report.result.discrepancies.firstIndex { $0.kind == .missing })
        #expect(report.impacts[missing].strandedAccelerators == ["g2"])
        // Stranding ranks first.
        #expect(report.ranking.first == missing)
        #expect(report.asBuilt.links.count == 4)
    }

    @Test("the recorded ibsim run of the dual-homed pod: the removed HCA cable breaks gpu-3's dual-homing")
    func dualHoming() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("Tests/FabricObservedTests/Fixtures/real-stacks/dual-homed-ib")
        let design = try GraphMLReader.read(file: folder.appendingPathComponent("design.graphml").path).topology
        let observed = try ObservedReader().read(files: [folder.appendingPathComponent("mutated.ibnetdiscover").path])
        let report = VerifyReport.verify(design: design, observed: observed)
        let missing = try #require(report.result.discrepancies.firstIndex { $0.kind == .missing })
        #expect(report.impacts[missing].lostDualHoming == ["gpu-3"])
        #expect(report.impacts[missing].findings.contains { $0.ruleID == "dual_homing" })
        let unnamed = try #require(report.result.discrepancies.firstIndex { $0.kind == .unnamed })
        #expect(report.impacts[unnamed].score == 0)
        // JSON: summary per kind, the design side of the missing cable with its GraphML line.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.renderJSON().utf8)) as? [String: Any])
        let summary = try #require(json["summary"] as? [String: Int])
        #expect(summary == ["ok": 8, "missing": 1, "unexpected": 1, "miswired": 0, "swapped": 1, "speed": 1, "width": 0, "unnamed": 1, "duplicate": 0])
        let items = try #require(json["discrepancies"] as? [[String: Any]])
        let first = try #require(items.first)
        #expect(first["kind"] as? String == "missing")
        #expect(first["source"] as? String == "gpu-3")
        #expect(first["sourcePort"] as? String == "p2")
        #expect(first["line"] as? Int == 27)
        // SARIF/JUnit/GitHub get the discrepancies as findings at the design's line.
        let findings = report.checkReport().findings
        let missingFinding = try #require(findings.first { $0.ruleID == "verify_missing" })
        #expect(missingFinding.location.line == 27)
        #expect(missingFinding.severity == .error)
    }

    @Test("a clean observation renders a one-line summary and no discrepancies")
    func clean() throws {
        let design = try GraphMLReader.read(string: Self.railDesign, fileName: "rails.graphml").topology
        let observed = try Self.observed("a_device,a_port,b_device,b_port\ng0,,leaf-r0,\ng1,,leaf-r1,\ng2,,leaf-r0,\nleaf-r0,,spine,\nleaf-r1,,spine,\n")
        let report = VerifyReport.verify(design: design, observed: observed)
        #expect(report.result.discrepancies.isEmpty)
        #expect(report.renderText() == "verify rails.graphml against survey.csv (csv)\n5 designed cables, 5 observed: 5 ok\n")
    }
}
