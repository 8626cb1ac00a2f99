import FabricModel
import FabricRules
import Foundation
import Testing

@testable import FabricReports

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `sampleReport()` with two files that could not be read: a malformed one (an error with a line and column) and a
/// missing one (no place in the file).
func sampleReportWithInputErrors() -> CheckReport {
    var report = sampleReport()
    report.inputErrors = [
        Diagnostic(
            .error, "malformed XML: opening and ending tag mismatch: node line 6 and graph",
            at: SourceLocation(file: "topologies/broken.graphml", line: 8, column: 11), code: "graphml.malformed-xml"),
        Diagnostic(
            .error, "cannot open file: No such file or directory",
            at: SourceLocation(file: "topologies/missing.graphml", line: 0, column: 0), code: "graphml.cannot-open"),
    ]
    return report
}

@Suite("Every format reports the files it could not read")
struct InputErrorReportTests {
    let options = ReportOptions(toolName: "fabcheck", toolVersion: "0.1.0", color: false, failureSeverity: .warning)

    @Test func sarifMarksTheRunUnsuccessfulAndKeepsTheResults() throws {
        let report = sampleReportWithInputErrors()
        let text = SARIFReporter().render(report, options: options)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [Any])?.count == report.findings.count)
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        let notifications = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
        #expect(notifications.count == 2)
        let location = try #require((notifications[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "topologies/broken.graphml")
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 8)
        #expect((location["region"] as? [String: Any])?["startColumn"] as? Int == 11)
        #expect(notifications[0]["level"] as? String == "error")
        // The unreadable files are artifacts too, so the notifications' indexes point at them.
        let artifacts = try #require(run["artifacts"] as? [[String: Any]])
        #expect(artifacts.count == report.files.count + 2)
        // A run that read everything says so.
        let clean = SARIFReporter().render(sampleReport(), options: options)
        #expect(clean.contains("\"executionSuccessful\" : true"))
        #expect(!clean.contains("toolExecutionNotifications"))
    }

    @Test func junitHasAnErroredCasePerUnreadableFile() throws {
        let report = sampleReportWithInputErrors()
        let document = try XMLDocument(xmlString: JUnitReporter().render(report, options: options))
        let errors = try document.nodes(forXPath: "//testcase[@name='import']/error")
        #expect(errors.count == 2)
        let root = try #require(document.rootElement())
        #expect(root.attribute(forName: "errors")?.stringValue == "2")
        #expect(root.attribute(forName: "tests")?.stringValue == String(report.rules.count * report.files.count + 2))
        let suite = try #require(try document.nodes(forXPath: "//testsuite[@name='topologies/broken.graphml']").first as? XMLElement)
        #expect(suite.attribute(forName: "errors")?.stringValue == "1")
        #expect(errors.first?.stringValue == "topologies/broken.graphml:8:11: error: malformed XML: opening and ending tag mismatch: node line 6 and graph")
    }

    @Test func jsonHasAnErrorsArray() throws {
        let text = JSONReporter().render(sampleReportWithInputErrors(), options: options)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.count == 2)
        #expect(errors[0]["code"] as? String == "graphml.malformed-xml")
        let location = try #require(errors[0]["location"] as? [String: Any])
        #expect(location["file"] as? String == "topologies/broken.graphml")
        #expect(location["line"] as? Int == 8)
        #expect(location["column"] as? Int == 11)
        #expect(((object["findings"] as? [Any])?.count ?? 0) > 0)
        let clean = try #require(try JSONSerialization.jsonObject(with: Data(JSONReporter().render(sampleReport(), options: options).utf8)) as? [String: Any])
        #expect((clean["errors"] as? [Any])?.isEmpty == true)
    }

    @Test func githubAndTextNameTheFileAndLine() {
        let report = sampleReportWithInputErrors()
        let github = GitHubActionsReporter().render(report, options: options)
        #expect(github.hasPrefix("::error file=topologies/broken.graphml,line=8,col=11,title=fabcheck cannot read the file::malformed XML: "))
        #expect(github.contains("::error file=topologies/missing.graphml,title=fabcheck cannot read the file::cannot open file: No such file or directory\n"))
        #expect(github.hasSuffix("; 2 files could not be read\n"))
        let text = TextReporter().render(report, options: options)
        #expect(text.contains("could not check (2 files)\n  topologies/broken.graphml:8:11: error: malformed XML: "))
        #expect(text.contains("fabcheck: fail: "))
    }
}
