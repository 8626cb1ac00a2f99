import FabricGraph
import FabricModel
import FabricRules
import FabricTestSupport
import Testing

@testable import FabricReports

/// The healthy-minus-failures bound wired into `whatif --bisection`, `diff` and `report --state`: a fat-tree of 128
/// hosts (unit cables) with four aggregation–core cables down, typed as a user would type the state file. The healthy
/// bisection is 64 cables (k³/8), so 60 are proven whatever the detours do to the design's own certificates.
@Suite struct BisectionReferenceWiringTests {
    static let state = """
        # four core optics out
        agg-0-0~core-0
        agg-1-0~core-1
        agg-2-1~core-4
        agg-3-1~core-5
        """

    static func applied() throws -> AppliedFailureState {
        try AppliedFailureState(design: try SmallDesigns.fatTree(k: 8), state: FailureState(parsing: state, file: "state.txt"))
    }

    @Test func whatIfBoundsTheFailureFromTheHealthyBracket() throws {
        let state = try Self.applied()
        let design = state.design
        let report = BlastRadius.analyze(
            topology: design, baseline: BlastRadiusBaseline(graph: CSRGraph(design), topology: design), scenario: state.scenario,
            selectors: ["state.txt"], designName: "fattree-k8", options: BlastRadiusOptions(traffic: false, stretch: false, bisection: true))
        let bisection = try #require(report.bisection)
        #expect(bisection.lowerBeforeBps == 64 && bisection.upperBeforeBps == 64)
        #expect(bisection.lowerAfterBps >= 60)
        #expect(bisection.lowerAfterBps <= bisection.upperAfterBps)
        #expect(report.text().contains("(lower bound after by \(bisection.lowerAfterMethod ?? "?"))"))
        if bisection.lowerAfterBps == 60 { #expect(bisection.lowerAfterMethod == "healthyMinusFailures") }
    }

    @Test func diffBoundsEachVersionFromTheOther() throws {
        let state = try Self.applied()
        let analyses = DesignAnalysis.both(state.design, state.now, options: DesignAnalysisOptions(bisection: true, traffic: false))
        let old = try #require(analyses.old.bisection)
        let new = try #require(analyses.new.bisection)
        #expect(old.lower == 64 && old.upper == 64)
        #expect(new.lower >= 60 && new.lower <= new.upper)
        let certificate = try #require(new.certificates.first { $0.kind == .healthyMinusFailures })
        #expect(certificate.bound == 60)
        #expect(certificate.detail.hasPrefix("the old version's lower bound"))
        #expect(analyses.new.metrics.bisectionLowerBps == new.lower)
        // The rule grades what the combined bracket proves, and names its proof.
        let finding = try #require(analyses.new.findings.first { $0.ruleID == "bisection_ratio" })
        #expect(finding.message.contains("lower bound by \(new.lowerCertificate.kind)"))
        #expect(new.lowerCertificate.bound == new.lower)
    }

    @Test func incidentReportBoundsNowFromTheDesign() throws {
        let state = try Self.applied()
        let analysis = DesignAnalysis(
            topology: state.now, options: DesignAnalysisOptions(bisection: true, traffic: false),
            bisectionReference: .bracketing(state.design, name: "the design"))
        let bisection = try #require(analysis.bisection)
        #expect(bisection.lower >= 60 && bisection.lower <= bisection.upper)
        let certificate = try #require(bisection.certificates.first { $0.kind == .healthyMinusFailures })
        #expect(certificate.bound == 60)
        #expect(certificate.detail.hasPrefix("the design's lower bound"))
        let html = HTMLReport.render(analysis, failures: nil, incident: HTMLIncident(state: state))
        #expect(html.contains(bisection.lowerCertificate.kind.rawValue))
        if bisection.lowerCertificate.kind == .healthyMinusFailures { #expect(html.contains("<p>Lower bound: the design's lower bound")) }
    }
}
