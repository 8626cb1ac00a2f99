import FabricTestSupport
import Foundation
import Testing

@Suite struct ReportCLITests {
    @Test func writesOneSelfContainedPage() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("report.html").path
        let result = try CLI.run(["report", Fixtures.topologies.appendingPathComponent("fattree-k4.graphml").path, "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(html.contains("<div class=\"value\">16</div>"))
        #expect(html.contains("<h2>Single failures</h2>") && html.contains("84 scenarios; 24 strand accelerators"))
        #expect(!html.contains("<script") && !html.contains("http"))
        #expect(result.stderr.hasPrefix("\(output): \(html.utf8.count) bytes;"))
    }
}
