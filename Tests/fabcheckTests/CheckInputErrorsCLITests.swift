import Foundation
import Testing

/// A yEd-style drawing whose `<node>` for the leaf is never closed (line 8, column 11 is where libxml2 notices).
let brokenDrawing = """
    <?xml version="1.0" encoding="UTF-8"?>
    <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
      <key id="role" for="node" attr.name="role" attr.type="string"/>
      <graph id="G" edgedefault="directed">
        <node id="gpu-0"><data key="role">accelerator</data></node>
        <node id="leaf-0"><data key="role">switch</data>
        <edge source="gpu-0" target="leaf-0"/>
      </graph>
    </graphml>

    """

/// `check good.graphml bad.graphml --format F -o x --fail-on never` once exited 2 and wrote nothing: the README's CI
/// workflow lost every annotation when one file of the glob was broken.
@Suite struct CheckInputErrorsCLITests {
    @Test(arguments: ["sarif", "junit", "github", "json", "text"])
    func aBrokenFileBesideAGoodOneIsReportedInEveryFormat(format: String) throws {
        let good = try CLI.temporaryFile(smallDesign(), name: "good.graphml")
        let folder = URL(fileURLWithPath: good).deletingLastPathComponent()
        let bad = folder.appendingPathComponent("bad.graphml").path
        try Data(brokenDrawing.utf8).write(to: URL(fileURLWithPath: bad))
        let out = folder.appendingPathComponent("report.\(format)").path
        let output = try CLI.run(["check", good, bad, "--format", format, "-o", out, "--fail-on", "never"])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("\(bad):8:11: error: malformed XML"), "\(output.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        // The good file's findings are all there.
        #expect(text.contains("spine_redundancy"), "\(text)")
        switch format {
        case "sarif":
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let run = try #require((object["runs"] as? [[String: Any]])?.first)
            let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
            #expect(invocation["executionSuccessful"] as? Bool == false)
            let notification = try #require((invocation["toolExecutionNotifications"] as? [[String: Any]])?.first)
            let physical = try #require((notification["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "file://" + bad)
            #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 8)
            #expect((physical["region"] as? [String: Any])?["startColumn"] as? Int == 11)
        case "junit":
            #expect(text.contains("<testsuite name=\"\(bad)\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">"), "\(text)")
            #expect(text.contains("<error type=\"graphml.malformed-xml\""))
        case "github":
            #expect(text.hasPrefix("::error file=\(bad),line=8,col=11,title=fabcheck cannot read the file::malformed XML"), "\(text)")
        case "json":
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let errors = try #require(object["errors"] as? [[String: Any]])
            #expect(errors.count == 1)
            #expect((errors.first?["location"] as? [String: Any])?["line"] as? Int == 8)
            #expect(object["files"] as? [String] == [good])
        default:
            #expect(text.contains("could not check (1 file)\n  \(bad):8:11: error: malformed XML"), "\(text)")
            #expect(text.contains("fabcheck: fail: "))
        }
    }

    @Test func onlyBrokenFilesStillGiveAReport() throws {
        let bad = try CLI.temporaryFile(brokenDrawing, name: "bad.graphml")
        let output = try CLI.run(["check", bad, "/nonexistent/missing.graphml", "--format", "github"])
        #expect(output.status == 2)
        #expect(output.stdout.contains("::error file=\(bad),line=8,col=11,"))
        #expect(output.stdout.contains("::error file=/nonexistent/missing.graphml,title=fabcheck cannot read the file::cannot open file"))
        #expect(output.stdout.hasSuffix("0 errors, 0 warnings, 0 notes in 0 files (0 rules; 0 suppressed, 0 baselined); 2 files could not be read\n"))
    }
}
