import FabricTestSupport
import Foundation
import Testing

/// "Over 100%" on a baseline that is already overloaded (issue 23): a failure that makes overloaded links worse is
/// counted as pushing them further, not as 0.
@Suite struct OverloadedBaselineCLITests {
    /// Written by hand: two switches joined by two 50G trunks, two 100G accelerators on each. All-to-all sends each
    /// accelerator's 100G over the 3 others, 2/3 of it across: 2 × 66.7G = 133.3G per direction on 100G of trunk
    /// (133.3%). Without trunk-1 the 133.3G cross one 50G trunk: 266.7%, so both its directions, already over 100%,
    /// are pushed further and none is pushed over.
    static let design = """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key id="role" for="node" attr.name="role" attr.type="string"/>
          <key id="bw" for="edge" attr.name="bandwidth" attr.type="string"/>
          <graph id="thin" edgedefault="directed">
            <node id="sw-a"><data key="role">switch</data></node>
            <node id="sw-b"><data key="role">switch</data></node>
            <node id="gpu-a1"><data key="role">accelerator</data></node>
            <node id="gpu-a2"><data key="role">accelerator</data></node>
            <node id="gpu-b1"><data key="role">accelerator</data></node>
            <node id="gpu-b2"><data key="role">accelerator</data></node>
            <edge id="a1" source="gpu-a1" target="sw-a"><data key="bw">100G</data></edge>
            <edge id="a2" source="gpu-a2" target="sw-a"><data key="bw">100G</data></edge>
            <edge id="b1" source="gpu-b1" target="sw-b"><data key="bw">100G</data></edge>
            <edge id="b2" source="gpu-b2" target="sw-b"><data key="bw">100G</data></edge>
            <edge id="trunk-1" source="sw-a" target="sw-b"><data key="bw">50G</data></edge>
            <edge id="trunk-2" source="sw-a" target="sw-b"><data key="bw">50G</data></edge>
          </graph>
        </graphml>
        """

    @Test func failureOnAnOverloadedBaselineCountsLinksPushedFurther() throws {
        let file = try CLI.temporaryFile(Self.design, name: "thin-trunks.graphml")
        let whatif = try CLI.run(["whatif", file, "--fail", "trunk-1", "--no-stretch", "--format", "json"])
        #expect(whatif.status == 0, "\(whatif.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(whatif.stdout.utf8)) as? [String: Any])
        let traffic = try #require(report["traffic"] as? [String: Any])
        #expect(abs((traffic["maxUtilizationBefore"] as? Double ?? 0) - 4.0 / 3) < 1e-9)
        #expect(abs((traffic["maxUtilizationAfter"] as? Double ?? 0) - 8.0 / 3) < 1e-9)
        #expect(traffic["linksPushedOverCapacity"] as? Int == 0)
        #expect(traffic["linksOverloadedFurther"] as? Int == 2)
        let text = try CLI.run(["whatif", file, "--fail", "trunk-1", "--no-stretch"]).stdout
        #expect(text.contains("0 link directions pushed over 100% (2 already over 100% pushed further)"))
        let sweep = try CLI.run(["sweep", file, "--metric", "traffic"]).stdout
        let row = try #require(sweep.split(separator: "\n").first { $0.contains("link:trunk-1") })
        #expect(row.contains("266.667%  0 (+2 further)  degrading"), "\(row)")
    }

    @Test func sweepJSONNamesLinksWithoutIdByStableIdentity() throws {
        // The hand-written rail pod has no edge ids: sweep JSON names each failed link as whatif does (ends, ports, #n),
        // never by its position in the file; the streamed link sweep and the traffic sweep alike.
        for extra in [[String](), ["--metric", "traffic"]] {
            let output = try CLI.run(["sweep", OneAnswerCLITests.railPod, "--format", "json"] + extra)
            #expect(output.status == 0, "\(output.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
            let results = try #require(report["results"] as? [[String: Any]])
            #expect(results.count == 23)
            for result in results {
                let failure = try #require(result["failure"] as? [String: Any])
                let link = try #require((failure["links"] as? [[String: Any]])?.first)
                let id = try #require(link["id"] as? String)
                #expect(!id.hasPrefix("#"), "\(id)")
                let whatif = try CLI.run(["whatif", OneAnswerCLITests.railPod, "--fail", id, "--format", "json", "--no-stretch"])
                #expect(whatif.status == 0, "\(id): \(whatif.stderr)")
            }
        }
    }
}
