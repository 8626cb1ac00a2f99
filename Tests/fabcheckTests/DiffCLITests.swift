import FabricTestSupport
import Foundation
import Testing

@Suite struct DiffCLITests {
    /// A 2-leaf, 2-spine fabric of 4 GPUs; `spines` spines, and the given radix on leaf-1.
    static func design(spines: Int, leafRadix: Int = 8) -> String {
        var nodes = ""
        var edges = ""
        for gpu in 0..<4 { nodes += "<node id=\"gpu-\(gpu)\"><data key=\"role\">gpu</data><data key=\"tier\">0</data></node>\n" }
        for leaf in 0..<2 {
            nodes +=
                "<node id=\"leaf-\(leaf)\"><data key=\"role\">switch</data><data key=\"tier\">1</data><data key=\"radix\">\(leaf == 1 ? leafRadix : 8)</data></node>\n"
        }
        for spine in 0..<spines { nodes += "<node id=\"spine-\(spine)\"><data key=\"role\">switch</data><data key=\"tier\">2</data></node>\n" }
        for gpu in 0..<4 { edges += "<edge id=\"a\(gpu)\" source=\"gpu-\(gpu)\" target=\"leaf-\(gpu / 2)\"><data key=\"bw\">400Gb/s</data></edge>\n" }
        for leaf in 0..<2 {
            for spine in 0..<spines {
                edges += "<edge id=\"u\(leaf)\(spine)\" source=\"leaf-\(leaf)\" target=\"spine-\(spine)\"><data key=\"bw\">400Gb/s</data></edge>\n"
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
            <key id="role" for="node" attr.name="role" attr.type="string"/>
            <key id="tier" for="node" attr.name="tier" attr.type="int"/>
            <key id="radix" for="node" attr.name="radix" attr.type="int"/>
            <key id="bw" for="edge" attr.name="bandwidth" attr.type="string"/>
            <graph id="G" edgedefault="undirected">
            \(nodes)\(edges)</graph>
            </graphml>
            """
    }

    @Test func selfDiffIsEmptyAndExitsZeroEvenWhenFailingOnRegressions() throws {
        let path = try CLI.temporaryFile(Self.design(spines: 2), name: "fabric.graphml")
        let output = try CLI.run(["diff", path, path, "--fail-on-regression"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "fabcheck diff \(path) → \(path)\nno differences: 8 devices, 8 cables; metrics and findings unchanged\n")
    }

    @Test func losingASpineIsARegressionInEveryFormat() throws {
        let old = try CLI.temporaryFile(Self.design(spines: 2), name: "old.graphml")
        let new = try CLI.temporaryFile(Self.design(spines: 1, leafRadix: 2), name: "new.graphml")
        let text = try CLI.run(["diff", old, new])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("  - device 'spine-1'\n"))
        #expect(text.stdout.contains("  - link 'u01'\n") && text.stdout.contains("  - link 'u11'\n"))
        #expect(text.stdout.contains("  ~ device 'leaf-1': radix 8 → 2\n"))
        #expect(text.stdout.contains("bisection upper ÷ full"))
        #expect(text.stdout.contains("new error radix_exceeded on device 'leaf-1'"))
        let failing = try CLI.run(["diff", old, new, "--fail-on-regression", "--format", "json", "--no-bisection"])
        #expect(failing.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(failing.stdout.utf8)) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 1)
        #expect(json["devicesRemoved"] as? [String] == ["spine-1"])
        #expect(json["linksRemoved"] as? [String] == ["u01", "u11"])
        #expect((json["regressions"] as? [String])?.isEmpty == false)
        let markdown = try CLI.run(["diff", old, new, "--format", "markdown", "--no-traffic"])
        #expect(markdown.stdout.hasPrefix("### fabcheck diff: `\(old)` → `\(new)`\n"))
        #expect(markdown.stdout.contains("| metric | old | new | change |"))
    }

    @Test func unreadableInputExitsTwo() throws {
        let path = try CLI.temporaryFile(Self.design(spines: 1), name: "ok.graphml")
        let output = try CLI.run(["diff", path, path + ".missing"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("cannot open file"))
    }
}
