import FabricTestSupport
import Foundation
import Testing

@Suite struct BisectionCLITests {
    /// A k=4 fat-tree (16 hosts, 20 switches, 48 links of 400 Gb/s) as native GraphML.
    static func fatTreeK4() -> String {
        var nodes: [String] = []
        var edges: [String] = []
        func node(_ id: String, _ role: String, _ tier: Int, pod: Int?) {
            let podData = pod.map { "<data key=\"pod\">pod\($0)</data>" } ?? ""
            nodes.append("    <node id=\"\(id)\"><data key=\"role\">\(role)</data><data key=\"tier\">\(tier)</data>\(podData)</node>")
        }
        func edge(_ a: String, _ b: String) {
            edges.append("    <edge id=\"l\(edges.count)\" source=\"\(a)\" target=\"\(b)\"><data key=\"bandwidth\">400Gb/s</data></edge>")
        }
        for core in 0..<4 { node("c\(core)", "switch", 3, pod: nil) }
        for pod in 0..<4 {
            for agg in 0..<2 {
                node("a\(pod)\(agg)", "switch", 2, pod: pod)
                for offset in 0..<2 { edge("a\(pod)\(agg)", "c\(agg * 2 + offset)") }
            }
            for leaf in 0..<2 {
                node("e\(pod)\(leaf)", "switch", 1, pod: pod)
                for agg in 0..<2 { edge("e\(pod)\(leaf)", "a\(pod)\(agg)") }
                for host in 0..<2 {
                    node("h\(pod)\(leaf)\(host)", "accelerator", 0, pod: pod)
                    edge("h\(pod)\(leaf)\(host)", "e\(pod)\(leaf)")
                }
            }
        }
        return """
            <?xml version="1.0"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="role" for="node" attr.name="role" attr.type="string"/>
              <key id="tier" for="node" attr.name="tier" attr.type="int"/>
              <key id="pod" for="node" attr.name="pod" attr.type="string"/>
              <key id="bandwidth" for="edge" attr.name="bandwidth" attr.type="string"/>
              <graph edgedefault="undirected">
            \(nodes.joined(separator: "\n"))
            \(edges.joined(separator: "\n"))
              </graph>
            </graphml>
            """
    }

    @Test func jsonHasTheBracketFields() throws {
        let path = try CLI.temporaryFile(Self.fatTreeK4())
        let output = try CLI.run(["bisection", "--format", "json", path])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        // k³/8 = 8 links of 400 Gb/s; full bisection = 16 hosts × 400 Gb/s / 2.
        #expect(object["lowerBps"] as? Double == 3.2e12)
        #expect(object["upperBps"] as? Double == 3.2e12)
        #expect(object["fullBisectionBps"] as? Double == 3.2e12)
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["lowerMethod"] as? String == "hose")
        #expect(object["sideAccelerators"] as? [Int] == [8, 8])
        #expect(object["cutLinks"] as? Int == 8)
        #expect(try CLI.run(["bisection", "--format", "json", path]).stdout == output.stdout)
    }

    @Test func textAndWitnessFile() throws {
        let path = try CLI.temporaryFile(Self.fatTreeK4())
        let witness = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("cut.txt").path
        let output = try CLI.run(["bisection", "--effort", "thorough", "--witness", witness, path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("lower bound:     3.2 Tb/s (proven by hose; 100% of full bisection)"))
        #expect(output.stdout.contains("gap:             0%"))
        let lines = try String(contentsOfFile: witness, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 8)
        for line in lines {
            #expect(line.hasPrefix("\(path):"))
            #expect(line.hasSuffix("400 Gb/s"))
        }
    }

    @Test func handWrittenRailPodNamesTheExactSearch() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/bisection/rail-pod-2x16.graphml").path
        let output = try CLI.run(["bisection", "--format", "json", path])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["lowerBoundMethod"] as? String == "exact")
        #expect(object["gap"] as? Double == 0)
        #expect(object["lowerBps"] as? Double == 5.6e12)
        #expect(object["strandedAccelerators"] as? Int == 0)
        let text = try CLI.run(["bisection", path])
        #expect(text.stdout.contains("lower bound:     5.6 Tb/s (proven by exact search;"), "\(text.stdout)")
    }

    @Test func strandedAcceleratorIsReported() throws {
        // The k=4 fat-tree with host h000's only link removed: 1 stranded, the rest still bracketed.
        let design = Self.fatTreeK4().replacingOccurrences(
            of: "<edge id=\"l6\" source=\"h000\" target=\"e00\"><data key=\"bandwidth\">400Gb/s</data></edge>", with: "")
        #expect(design != Self.fatTreeK4())
        let output = try CLI.run(["bisection", "--format", "json", try CLI.temporaryFile(design)])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["strandedAccelerators"] as? Int == 1)
        let lower = try #require(object["lowerBps"] as? Double)
        #expect(lower > 0)
        #expect(lower == object["upperBps"] as? Double)
    }

    @Test func missingFileExitsWith2() throws {
        let output = try CLI.run(["bisection", "/nonexistent/fabric.graphml"])
        #expect(output.status == 2)
    }
}
