import Foundation
import Testing

/// A hand-written rail pod: 4 servers of 2 GPUs (GPU r of each server on rail r), one leaf per rail, 2 spines.
/// `gpu-s3-0` (rail 0) is cabled to the rail-1 leaf; no rule caught it before `rail_alignment`.
@Suite struct RailAlignmentCLITests {
    static func pod(leafRails: Bool, gpuRails: Bool = true) -> String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">",
            "  <key id=\"role\" for=\"node\" attr.name=\"role\" attr.type=\"string\"/>",
            "  <key id=\"rail\" for=\"node\" attr.name=\"rail\" attr.type=\"int\"/>",
            "  <key id=\"bw\" for=\"edge\" attr.name=\"bandwidth\" attr.type=\"string\"/>",
            "  <graph id=\"rail-pod\" edgedefault=\"undirected\">",
        ]
        for rail in 0..<2 {
            let data = leafRails ? "<data key=\"rail\">\(rail)</data>" : ""
            lines.append("    <node id=\"leaf-r\(rail)\"><data key=\"role\">switch</data>\(data)</node>")
        }
        for spine in 0..<2 { lines.append("    <node id=\"spine-\(spine)\"><data key=\"role\">switch</data></node>") }
        for server in 0..<4 {
            for rail in 0..<2 {
                let data = gpuRails ? "<data key=\"rail\">\(rail)</data>" : ""
                lines.append("    <node id=\"gpu-s\(server)-\(rail)\"><data key=\"role\">gpu</data>\(data)</node>")
            }
        }
        for server in 0..<4 {
            for rail in 0..<2 {
                let leaf = server == 3 && rail == 0 ? 1 : rail
                lines.append("    <edge source=\"gpu-s\(server)-\(rail)\" target=\"leaf-r\(leaf)\"><data key=\"bw\">400G</data></edge>")
            }
        }
        for rail in 0..<2 {
            for spine in 0..<2 {
                lines.append("    <edge source=\"leaf-r\(rail)\" target=\"spine-\(spine)\"><data key=\"bw\">400G</data></edge>")
                lines.append("    <edge source=\"leaf-r\(rail)\" target=\"spine-\(spine)\"><data key=\"bw\">400G</data></edge>")
            }
        }
        lines += ["  </graph>", "</graphml>", ""]
        return lines.joined(separator: "\n")
    }

    /// The 1-based line of the edge from `gpu-s3-0`.
    static func misplugLine(_ text: String) throws -> Int {
        try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("source=\"gpu-s3-0\"") }) + 1
    }

    @Test(arguments: [true, false])
    func aRail0GPUOnTheRail1LeafIsAnErrorAtItsCable(leafRails: Bool) throws {
        let text = Self.pod(leafRails: leafRails)
        let path = try CLI.temporaryFile(text, name: "rail-pod.graphml")
        let output = try CLI.run(["check", path, "--fail-on", "error"])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        let line = try Self.misplugLine(text)
        let message =
            leafRails
            ? "'gpu-s3-0' (rail 0) is cabled to 'leaf-r1' of rail 1 [rail_alignment]"
            : "'gpu-s3-0' (rail 0) is cabled to 'leaf-r1', whose other accelerators are on rail 1 (4 of 5) [rail_alignment]"
        #expect(output.stdout.contains("\(path):\(line):5: error: \(message)"), "\(output.stdout)")
        #expect(output.stdout.components(separatedBy: "[rail_alignment]").count == 2, "exactly one rail finding")
    }

    @Test func withoutRailDataTheRuleIsSkippedWithANote() throws {
        let path = try CLI.temporaryFile(Self.pod(leafRails: false, gpuRails: false), name: "no-rails.graphml")
        let output = try CLI.run(["check", path, "--format", "json", "--fail-on", "never"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]]).filter { $0["ruleId"] as? String == "rail_alignment" }
        #expect(findings.count == 1)
        #expect(findings.first?["severity"] as? String == "note")
        #expect(findings.first?["message"] as? String == "no accelerator declares a rail or a plane: rail alignment not checked")
    }
}
