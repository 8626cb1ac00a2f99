import FabricTestSupport
import Foundation
import Testing

/// A 2-leaf, 2-spine design with single-homed accelerators; `extra` is spliced into the graph.
func smallDesign(noSPOF: Bool = false, extra: String = "") -> String {
    var nodes = ""
    var edges = ""
    for leaf in 0..<2 {
        nodes += "    <node id=\"leaf-\(leaf)\"><data key=\"role\">switch</data><data key=\"tier\">1</data></node>\n"
        for index in 0..<2 {
            nodes += "    <node id=\"acc-\(leaf)-\(index)\"><data key=\"role\">accelerator</data></node>\n"
            edges += "    <edge source=\"acc-\(leaf)-\(index)\" target=\"leaf-\(leaf)\"><data key=\"bandwidth\">400Gb/s</data></edge>\n"
        }
    }
    for spine in 0..<2 {
        nodes += "    <node id=\"spine-\(spine)\"><data key=\"role\">switch</data><data key=\"tier\">2</data></node>\n"
        for leaf in 0..<2 {
            edges += "    <edge source=\"leaf-\(leaf)\" target=\"spine-\(spine)\"><data key=\"bandwidth\">400Gb/s</data></edge>\n"
        }
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key id="role" for="node" attr.name="role" attr.type="string"/>
          <key id="tier" for="node" attr.name="tier" attr.type="int"/>
          <key id="bandwidth" for="edge" attr.name="bandwidth" attr.type="string"/>
          <key id="no_spof" for="graph" attr.name="no_spof" attr.type="boolean"/>
          <key id="single_homed" for="graph" attr.name="single_homed" attr.type="boolean"/>
          <graph id="G" edgedefault="undirected">
            <data key="no_spof">\(noSPOF)</data>
            <data key="single_homed">true</data>
        \(nodes)\(edges)\(extra)  </graph>
        </graphml>

        """
}

@Suite struct CheckCLITests {
    @Test func cleanDesignExitsZero() throws {
        let path = try CLI.temporaryFile(smallDesign())
        let output = try CLI.run(["check", path])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("fabcheck: pass:"))
        // Warnings (2 spines per leaf) do not fail by default; --fail-on warning makes them fail.
        #expect(output.stdout.contains("[spine_redundancy]"))
        #expect(try CLI.run(["check", "--fail-on", "warning", path]).status == 1)
    }

    @Test func errorFindingExitsOneWithFileLine() throws {
        let path = try CLI.temporaryFile(smallDesign(extra: "    <node id=\"acc-spare\"><data key=\"role\">accelerator</data></node>\n"))
        let output = try CLI.run(["check", path])
        #expect(output.status == 1)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("acc-spare") }) + 1
        #expect(output.stdout.contains("\(path):\(line):5: error: accelerator 'acc-spare' has no link to another device [isolated_device]"), "\(output.stdout)")
        #expect(try CLI.run(["check", "--fail-on", "never", path]).status == 0)
    }

    @Test func noSPOFTagTriggersDualHoming() throws {
        let path = try CLI.temporaryFile(smallDesign(noSPOF: true))
        let output = try CLI.run(["check", "--format", "json", path])
        #expect(output.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.filter { $0["ruleId"] as? String == "dual_homing" }.count == 4)
    }

    @Test func rulesFileBesideTheTopologyIsUsed() throws {
        let path = try CLI.temporaryFile(smallDesign(noSPOF: true))
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try Data("rules:\n  dual_homing: { severity: error }\n".utf8).write(to: folder.appendingPathComponent("fabcheck.yml"))
        let output = try CLI.run(["check", path])
        #expect(output.status == 1)
        #expect(
            output.stdout.contains(
                "error: 4 devices: '…' has scale-out links to 1 switch ('…'); at least 2 required — acc-0-0, acc-0-1, acc-1-0, acc-1-1 [dual_homing]"))
        let verbose = try CLI.run(["check", "--verbose", path])
        #expect(verbose.stdout.contains("error: 'acc-0-0' has scale-out links to 1 switch ('leaf-0'); at least 2 required [dual_homing]"))
    }

    @Test func badRulesFileExitsTwoWithLocation() throws {
        let path = try CLI.temporaryFile(smallDesign())
        let rules = try CLI.temporaryFile("rules:\n  no_such_rule: false\n", name: "rules.yml")
        let output = try CLI.run(["check", "--rules", rules, path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(rules):2:3: error: unknown rule id 'no_such_rule'"))
    }

    @Test func unreadableInputExitsTwoAndUsageErrorExits64() throws {
        #expect(try CLI.run(["check", "/nonexistent/x.graphml"]).status == 2)
        let path = try CLI.temporaryFile(smallDesign())
        #expect(try CLI.run(["check", "--format", "pdf", path]).status == 64)
        #expect(try CLI.run(["check", "--fail-on", "sometimes", path]).status == 64)
    }

    @Test func sarifAndJUnitAndGitHubToOutputFile() throws {
        let path = try CLI.temporaryFile(smallDesign())
        for format in ["sarif", "junit", "github", "json", "text"] {
            let out = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("report.\(format)")
            let output = try CLI.run(["check", "--format", format, "--output", out.path, path])
            #expect(output.status == 0)
            #expect(output.stdout.isEmpty)
            let text = try String(contentsOf: out, encoding: .utf8)
            #expect(text.contains("spine_redundancy"), "\(format)")
        }
    }

    @Test func colorOnlyWhenAsked() throws {
        let path = try CLI.temporaryFile(smallDesign())
        #expect(!(try CLI.run(["check", path]).stdout.contains("\u{1B}[")))
        #expect(try CLI.run(["check", "--color", "always", path]).stdout.contains("\u{1B}["))
    }

    @Test func rulesCommandPrintsTheCommittedMarkdown() throws {
        let output = try CLI.run(["rules", "--format", "markdown"])
        #expect(output.status == 0)
        let committed = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        #expect(output.stdout == committed)
        #expect(try CLI.run(["rules"]).stdout.contains("dual_homing (warning)"))
    }
}
