import FabricTestSupport
import Foundation
import Testing

@Suite struct ValidateInfoCLITests {
    static let zooFiles: [String] =
        (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.zoo.path))?
        .filter { $0.hasSuffix(".graphml") }.sorted() ?? []

    @Test func validateAcceptsEveryZooFile() throws {
        #expect(Self.zooFiles.count == 12)
        let paths = Self.zooFiles.map { Fixtures.zoo.appendingPathComponent($0).path }
        let output = try CLI.run(["validate"] + paths)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.split(separator: "\n").count == 12)
        #expect(output.stdout.contains("Kdl.graphml: ok: 754 nodes, 899 links"))
        // Uninett's 12 attr.type="integer" keys are warnings with their lines, not failures.
        let warnings = output.stderr.split(separator: "\n").filter { $0.contains("Uninett.graphml:") && $0.contains(": warning: ") }
        #expect(warnings.count == 12)
    }

    @Test func validateFailsWithExitCode2AndCompilerStyleError() throws {
        let path = try CLI.temporaryFile(
            """
            <?xml version="1.0"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <graph edgedefault="undirected">
                <node id="a"/>
                <edge id="e1" source="a" target="ghost"/>
              </graph>
            </graphml>
            """)
        let output = try CLI.run(["validate", path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(path):5:5: error: edge 'e1' refers to undefined node 'ghost'"))
    }

    @Test func infoJSONHasTheDocumentedFields() throws {
        let path = Fixtures.zoo.appendingPathComponent("Interoute.graphml").path
        let output = try CLI.run(["info", "--format", "json", path])
        #expect(output.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        for field in [
            "nodes", "links", "selfLoops", "parallelLinks", "components", "isolatedNodes", "physicalLinks",
            "accelerators", "switches", "linkBandwidthTotalBps", "linksWithBandwidth", "schemaVersion",
        ] {
            #expect(object[field] != nil, "missing \(field)")
        }
        #expect(object["nodes"] as? Int == 110)
        #expect(object["links"] as? Int == 158)
        #expect(object["selfLoops"] as? Int == 2)
        #expect(object["parallelLinks"] as? Int == 10)
        // Deterministic: the same bytes twice.
        #expect(try CLI.run(["info", "--format", "json", path]).stdout == output.stdout)
    }

    @Test func infoTextSummarises() throws {
        let path = Fixtures.zoo.appendingPathComponent("Bandcon.graphml").path
        let output = try CLI.run(["info", path])
        #expect(output.status == 0)
        #expect(output.stdout.contains("devices:     22 (accelerator 22)"))
        #expect(output.stdout.contains("components:  2"))
    }

    @Test func infoOnMissingFileExits2() throws {
        let output = try CLI.run(["info", "/nonexistent/file.graphml"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("/nonexistent/file.graphml: error: cannot open file"))
    }
}
