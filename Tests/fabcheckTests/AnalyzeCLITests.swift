import FabricTestSupport
import Foundation
import Testing

@Suite struct AnalyzeCLITests {
    struct Report: Decodable {
        var schemaVersion: Int
        var components: Int
        var bridges: Int
        var articulationPoints: Int
        var edgeConnectivity: Int
        var diameter: Diameter
        var maxUtilization: Double
        var throughput: Double
        struct Diameter: Decodable {
            var exact: Bool
            var upper: Int
        }
    }

    @Test func analyzesAFatTree() throws {
        let path = try CLI.temporaryFile(BisectionCLITests.fatTreeK4())
        let output = try CLI.run(["analyze", path, "--format", "json", "--no-bisection"])
        #expect(output.status == 0, "\(output.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(output.stdout.utf8))
        #expect(report.schemaVersion == 1)
        #expect(report.components == 1)
        // Every host hangs on one cable: 16 bridges, 8 edge switches are articulation points.
        #expect(report.bridges == 16)
        #expect(report.articulationPoints == 8)
        #expect(report.edgeConnectivity == 1)
        #expect(report.diameter.exact && report.diameter.upper == 6)
        #expect(abs(report.maxUtilization - 1) < 1e-9)
        #expect(abs(report.throughput - 1) < 1e-9)
        let text = try CLI.run(["analyze", path, "--routing", "updown", "--traffic", "permutation:3"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("traffic permutation:3, routing updown"))
    }

    @Test func rejectsUnknownRoutingAndMissingCoordinates() throws {
        let path = try CLI.temporaryFile(BisectionCLITests.fatTreeK4())
        #expect(try CLI.run(["analyze", path, "--routing", "xy"]).status == 64)
        let dor = try CLI.run(["analyze", path, "--routing", "dor", "--no-bisection"])
        #expect(dor.status == 2)
        #expect(dor.stderr.contains("coordinates"))
    }
}
