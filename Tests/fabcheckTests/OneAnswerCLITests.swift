import FabricTestSupport
import Foundation
import Testing

/// End to end on the hand-written rail pod: `whatif --fail` and `sweep --metric traffic` print what `analyze` prints
/// for the file with that cable deleted, and `diff` of the two files words each change the way its numbers go.
@Suite struct OneAnswerCLITests {
    static let railPod = Fixtures.packageRoot.appendingPathComponent("Tests/FabricGraphMLTests/Fixtures/rail-pod-irregular.graphml").path

    static func json(_ output: CLI.Output) throws -> [String: Any] {
        #expect(output.status == 0, "\(output.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return false }
        return abs(a - b) <= 1e-8 * max(1, abs(a), abs(b))
    }

    @Test func whatifAndSweepEqualAnalyzeOfTheEditedFile() throws {
        let text = try String(contentsOfFile: Self.railPod, encoding: .utf8)
        let cable = #"<edge source="h3-g1" target="leaf-1b"><data key="bw">800G</data></edge>"#
        #expect(text.contains(cable))
        let edited = try CLI.temporaryFile(text.replacingOccurrences(of: cable, with: ""), name: "edited.graphml")
        let analyzed = try Self.json(try CLI.run(["analyze", edited, "--format", "json", "--no-bisection"]))
        let whatif = try Self.json(try CLI.run(["whatif", Self.railPod, "--fail", "h3-g1~leaf-1b", "--format", "json", "--no-stretch"]))
        let traffic = try #require(whatif["traffic"] as? [String: Any])
        #expect(Self.close(traffic["maxUtilizationAfter"] as? Double, analyzed["maxUtilization"] as? Double), "\(traffic) vs \(analyzed)")
        #expect(Self.close(traffic["throughputAfter"] as? Double, analyzed["throughput"] as? Double))
        #expect(traffic["acceleratorsInTraffic"] as? Int == analyzed["acceleratorsInTraffic"] as? Int)
        let sweep = try Self.json(try CLI.run(["sweep", Self.railPod, "--metric", "traffic", "--format", "json"]))
        let results = try #require(sweep["results"] as? [[String: Any]])
        let record = try #require(results.first { (($0["failure"] as? [String: Any])?["label"] as? String) == "h3-g1~leaf-1b#1" })
        let swept = try #require(record["traffic"] as? [String: Any])
        #expect(Self.close(swept["maxUtilizationAfter"] as? Double, analyzed["maxUtilization"] as? Double))
        #expect(Self.close(swept["throughputAfter"] as? Double, analyzed["throughput"] as? Double))

        // diff: the utilization at full injection falls with the lost injection ("better"), the rate sustained falls
        // ("worse"); every direction word follows its numbers.
        let diff = try Self.json(try CLI.run(["diff", Self.railPod, edited, "--format", "json", "--no-bisection"]))
        let deltas = try #require(diff["deltas"] as? [[String: Any]])
        for delta in deltas {
            guard let old = delta["old"] as? Double, let new = delta["new"] as? Double else { continue }
            let name = delta["name"] as? String ?? ""
            if delta["worse"] as? Bool == true || delta["better"] as? Bool == true {
                let largerIsBetter = ["accelerators", "bisectionLowerRatio", "bisectionUpperRatio", "sustainedAllToAllBps"].contains(name)
                let improved = largerIsBetter ? new > old : new < old
                #expect((delta["better"] as? Bool == true) == improved, "\(name): \(old) -> \(new)")
            }
        }
        let sustained = try #require(deltas.first { $0["name"] as? String == "sustainedAllToAllBps" })
        #expect(sustained["worse"] as? Bool == true)
        let utilization = try #require(deltas.first { $0["name"] as? String == "maxUtilization" })
        #expect(Self.close(utilization["new"] as? Double, analyzed["maxUtilization"] as? Double))
    }

    @Test func strandedGPUKeepsTheThroughputOfTheConnectedOnes() throws {
        let output = try CLI.run(["whatif", Self.railPod, "--fail", "h2-g1~leaf-1a", "--no-stretch"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("connectivity: 1 accelerator stranded"))
        #expect(output.stdout.contains("over 7 connected accelerators (1 stranded not in the traffic)"))
        #expect(!output.stdout.contains("-> 0%"))
    }
}
