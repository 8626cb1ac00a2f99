import FabricTestSupport
import Foundation
import Testing

/// `--state FILE` end to end on the hand-written rail pod: every figure equals `analyze` of the file with the down
/// elements deleted by hand (an independent path: the reader, not the state resolver, builds that fabric).
@Suite struct StateCLITests {
    static let railPod = OneAnswerCLITests.railPod
    static let state = "# incident: leaf-0a down, one cable pulled\nleaf-0a\nh3-g1~leaf-1b   # optics\n"

    /// The rail pod without the lines naming any of `fragments`.
    static func deleting(_ fragments: [String]) throws -> String {
        let text = try String(contentsOfFile: railPod, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in !fragments.contains { line.contains($0) } }.joined(separator: "\n")
    }

    static let stateFragments = ["\"leaf-0a\"", #"source="h3-g1" target="leaf-1b""#]

    @Test func analyzeNowEqualsAnalyzeOfTheEditedFile() throws {
        let stateFile = try CLI.temporaryFile(Self.state, name: "state-analyze.txt")
        let edited = try CLI.temporaryFile(try Self.deleting(Self.stateFragments), name: "state-analyze-edited.graphml")
        let expected = try OneAnswerCLITests.json(try CLI.run(["analyze", edited, "--format", "json", "--no-bisection"]))
        let report = try OneAnswerCLITests.json(try CLI.run(["analyze", Self.railPod, "--state", stateFile, "--format", "json", "--no-bisection"]))
        let now = try #require(report["now"] as? [String: Any])
        for key in ["cables", "devices", "bridges", "maxUtilization", "throughput", "acceleratorsInTraffic", "minCutBps"] {
            #expect("\(now[key] ?? "nil")" == "\(expected[key] ?? "nil")", "\(key)")
        }
        let differences = try #require(report["differences"] as? [[String: Any]])
        #expect(differences.contains { $0["name"] as? String == "cables" && $0["design"] as? String == "23" && $0["now"] as? String == "16" })
    }

    @Test func whatifOnTopOfTheStateEqualsAnalyzeOfTheEditedFile() throws {
        let stateFile = try CLI.temporaryFile(Self.state, name: "state-whatif.txt")
        let edited = try CLI.temporaryFile(try Self.deleting(Self.stateFragments + [#"source="h1-g1" target="leaf-1a""#]), name: "state-whatif-edited.graphml")
        let expected = try OneAnswerCLITests.json(try CLI.run(["analyze", edited, "--format", "json", "--no-bisection"]))
        let report = try OneAnswerCLITests.json(
            try CLI.run([
                "whatif", Self.railPod, "--state", stateFile, "--fail", "h1-g1~leaf-1a",
                "--format", "json", "--no-stretch", "--affected",
            ]))
        let whatIf = try #require(report["whatIf"] as? [String: Any])
        #expect(whatIf["baseline"] as? String == "now")
        let traffic = try #require(whatIf["traffic"] as? [String: Any])
        #expect(OneAnswerCLITests.close(traffic["maxUtilizationAfter"] as? Double, expected["maxUtilization"] as? Double))
        #expect(OneAnswerCLITests.close(traffic["throughputAfter"] as? Double, expected["throughput"] as? Double))
        // The state's own figures: design -> now equals analyze of the state-only edit.
        let stateOnly = try CLI.temporaryFile(try Self.deleting(Self.stateFragments), name: "state-only.graphml")
        let now = try OneAnswerCLITests.json(try CLI.run(["analyze", stateOnly, "--format", "json", "--no-bisection"]))
        let designToNow = try #require(report["designToNow"] as? [String: Any])
        let stateTraffic = try #require(designToNow["traffic"] as? [String: Any])
        #expect(OneAnswerCLITests.close(stateTraffic["maxUtilizationAfter"] as? Double, now["maxUtilization"] as? Double))
        #expect(OneAnswerCLITests.close(traffic["maxUtilizationBefore"] as? Double, now["maxUtilization"] as? Double))
        let affected = try #require(report["whatIfAffected"] as? [String: Any])
        #expect(affected["failed"] as? [String] == [])
    }

    @Test func sweepFromNowEqualsAnalyzeOfTheEditedFile() throws {
        let stateFile = try CLI.temporaryFile(Self.state, name: "state-sweep.txt")
        let sweep = try OneAnswerCLITests.json(try CLI.run(["sweep", Self.railPod, "--state", stateFile, "--metric", "traffic", "--format", "json"]))
        let baseline = try #require(sweep["baseline"] as? [String: Any])
        #expect((baseline["state"] as? [String: Any])?["downDevices"] as? [String] == ["leaf-0a"])
        let results = try #require(sweep["results"] as? [[String: Any]])
        let record = try #require(results.first { (($0["failure"] as? [String: Any])?["label"] as? String) == "h1-g1~leaf-1a#1" })
        let edited = try CLI.temporaryFile(try Self.deleting(Self.stateFragments + [#"source="h1-g1" target="leaf-1a""#]), name: "state-sweep-edited.graphml")
        let expected = try OneAnswerCLITests.json(try CLI.run(["analyze", edited, "--format", "json", "--no-bisection"]))
        let traffic = try #require(record["traffic"] as? [String: Any])
        #expect(OneAnswerCLITests.close(traffic["maxUtilizationAfter"] as? Double, expected["maxUtilization"] as? Double))
        // Critical failures first: leaf-0b is now the only rail-0 leaf.
        let text = try CLI.run(["sweep", Self.railPod, "--state", stateFile, "--elements", "devices"])
        #expect(text.stdout.contains("now: 8 accelerators in 1 component"))
        #expect(!text.stdout.contains("healthy:"))
        #expect(text.stdout.split(separator: "\n").first { $0.contains("   1  ") }?.contains("device:leaf-0b") == true)
    }

    @Test func unknownNamesAreLocatedWithASuggestion() throws {
        let stateFile = try CLI.temporaryFile("leaf-0a\n\n  leaf-9a  # typo\nh3-g1~leaf-1c\n", name: "state-bad.txt")
        let output = try CLI.run(["whatif", Self.railPod, "--state", stateFile])
        #expect(output.status == 2)
        #expect(output.stderr.contains("state-bad.txt:3:3: error: 'leaf-9a': no device, link or srlg 'leaf-9a'; did you mean 'leaf-0a'?"))
        #expect(output.stderr.contains("state-bad.txt:4:1: error: 'h3-g1~leaf-1c': no device 'leaf-1c'; did you mean 'leaf-1a'?"))
    }

    @Test func drainListNamesTheHostsOfStrandedAccelerators() throws {
        // leaf-1a and leaf-1b down: every rail-1 GPU is cut off; h2-g1 has only leaf-1a.
        let stateFile = try CLI.temporaryFile("leaf-1a\n", name: "state-drain.txt")
        let output = try CLI.run([
            "whatif", Self.railPod, "--state", stateFile, "--drain", "scontrol", "--slurm-node", "rack",
            "--drain-reason", "INC-7 leaf-1a",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("scontrol update nodename=h2 state=drain reason=\"INC-7 leaf-1a\""))
        let nodes = try CLI.run(["whatif", Self.railPod, "--state", stateFile, "--fail", "leaf-1b", "--drain", "nodes"])
        #expect(nodes.stdout == "h0-g1,h1-g1,h3-g1\n", "\(nodes.stdout)")
    }
}
