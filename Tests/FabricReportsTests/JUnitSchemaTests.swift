import FabricGraphML
import FabricModel
import FabricReports
import FabricRules
import Foundation
import Testing

/// Validates XML text against `Schemas/jenkins-junit.xsd` with libxml2's XML Schema validator; the errors, or none.
private func schemaErrors(_ xml: String) throws -> [String] {
    let schemaPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Schemas/jenkins-junit.xsd").path
    return try XMLSchemaValidation.errors(in: xml, schemaPath: schemaPath)
}

@Suite("JUnit schema")
struct JUnitSchemaTests {
    @Test("the JUnit report passes the strict Jenkins/Ant JUnit schema (failures, notes, escaping, clean suites)")
    func validates() throws {
        for failureSeverity in [Severity.warning, .error] {
            let options = ReportOptions(failureSeverity: failureSeverity)
            let xml = JUnitReporter().render(sampleReport(), options: options)
            #expect(xml.contains("<failure") == (failureSeverity == .warning))
            #expect(try schemaErrors(xml) == [])
        }
        let empty = CheckReport(files: ["empty.graphml"], rules: [], findings: [], suppressed: [], baselined: 0)
        #expect(try schemaErrors(JUnitReporter().render(empty, options: ReportOptions())) == [])
        // A file that could not be read: an errored `import` test case beside the checked files.
        var broken = sampleReport()
        broken.inputErrors = [
            Diagnostic(
                .error, "edge 'e1' refers to undefined node 'ghost'",
                at: SourceLocation(file: "broken & <odd>.graphml", line: 5, column: 5), code: "undefined-node")
        ]
        let xml = JUnitReporter().render(broken, options: ReportOptions())
        #expect(xml.contains("<error "))
        #expect(try schemaErrors(xml) == [])
    }

    @Test("the schema is strict: a file attribute on a testcase (fabcheck's old output) is rejected")
    func rejectsFileAttribute() throws {
        let old = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="fabcheck" tests="1" failures="0" errors="0">
              <testsuite name="a.graphml" tests="1" failures="0" errors="0" skipped="0">
                <testcase classname="fabcheck.consistency" name="self_loop" file="a.graphml"/>
              </testsuite>
            </testsuites>
            """
        let errors = try schemaErrors(old)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("'file'") == true, "\(errors)")
    }
}
