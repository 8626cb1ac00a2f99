import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

@testable import FabricGraph

@Suite struct ThroughputUnderFailureTests {
    static let pod = "Tests/Fixtures/throughput/sweep-pod.graphml"

    static func load(_ file: String) throws -> Topology {
        try GraphMLReader.read(file: Fixtures.packageRoot.appendingPathComponent(file).path).topology
    }

    static func link(_ topology: Topology, _ id: String) -> Int32? {
        topology.links.firstIndex { $0.id == id }.map { Int32($0) }
    }

    /// Every single-link failure of the hand-written pod with two uplinks removed: fabcheck's fixed-demand bracket
    /// contains the θ HiGHS computes with a destination-grouped LP (scripts/throughput-lp-check.py --sweep, recorded
    /// in Tests/Fixtures/throughput/sweep-lp-reference.json), and θ never rises when no accelerator leaves.
    @Test func fixedDemandMatchesHiGHS() throws {
        struct Case: Decodable {
            let fail: String
            let theta: Double
        }
        struct Reference: Decodable {
            let healthy: Double
            let cases: [Case]
        }
        let url = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/throughput/sweep-lp-reference.json")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        #expect(reference.cases.count == 16)
        let topology = try Self.load(Self.pod)
        let evaluator = try FixedDemandThroughput(topology: topology, graph: CSRGraph(topology), options: .deterministic(scheme: .ecmp))
        #expect(evaluator.healthy.thetaLower <= reference.healthy * (1 + 1e-6))
        #expect(evaluator.healthy.thetaUpper >= reference.healthy * (1 - 1e-6))
        for item in reference.cases {
            let link = try #require(Self.link(topology, item.fail))
            let impact = evaluator.impact(of: FailureScenario(links: [link]))
            #expect(impact.thetaLowerAfter <= item.theta * (1 + 1e-6), "\(item.fail)")
            #expect(impact.thetaUpperAfter >= item.theta * (1 - 1e-6), "\(item.fail)")
            #expect(impact.thetaUpperAfter - impact.thetaLowerAfter <= 1e-5, "\(item.fail)")
            if impact.acceleratorsLeft == 0 { #expect(impact.thetaUpperAfter <= impact.thetaUpperBefore, "\(item.fail)") }
        }
    }

    /// Reuse: a failure outside the support of a healthy certified flow keeps that flow (scale 1), so θ after is at
    /// least the flow's θ without solving anything; a failure of an accelerator's only cable scales every flow to 0
    /// (they all used it). The healthy upper bound stays an upper bound.
    @Test func healthyFlowSurvivesFailuresOutsideItsSupport() throws {
        var topology = try Self.load(Self.pod)
        // A spine-to-spine cable no shortest path uses (added to the hand-written pod): ECMP's flow does not touch it.
        try topology.addLink(Link(source: 0, target: 1, bandwidth: 400e9))
        let graph = CSRGraph(topology)
        let evaluator = try FixedDemandThroughput(topology: topology, graph: graph, options: .deterministic(scheme: .ecmp))
        let spare = Int32(topology.links.count - 1)
        let scale = evaluator.flowScale(under: FailureScenario(links: [spare]).mask(for: graph))
        let routing = try #require(evaluator.flows.firstIndex { $0.name == "routing-flow" })
        #expect(scale[routing] == 1)
        let impact = evaluator.impact(of: FailureScenario(links: [spare]))
        #expect(impact.thetaLowerAfter >= evaluator.flows[routing].theta)
        #expect(impact.thetaUpperAfter <= evaluator.healthy.thetaUpper)
        let access = try #require(Self.link(topology, "a-g0"))
        #expect(evaluator.flowScale(under: FailureScenario(links: [access]).mask(for: graph)).allSatisfy { $0 == 0 })
    }
}
