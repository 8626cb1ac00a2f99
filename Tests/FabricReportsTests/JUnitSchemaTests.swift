import CLibXML2
import FabricModel
import FabricReports
import FabricRules
import Foundation
import Testing

/// Validates XML text against `Schemas/jenkins-junit.xsd` with libxml2's XML Schema validator; the errors, or none.
private func schemaErrors(_ xml: String) throws -> [String] {
    final class Collected { var messages: [String] = [] }
    let schemaPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Schemas/jenkins-junit.xsd").path
    let parser = try #require(xmlSchemaNewParserCtxt(schemaPath))
    defer { xmlSchemaFreeParserCtxt(parser) }
    let schema = try #require(xmlSchemaParse(parser), "\(schemaPath) does not parse as XML Schema")
    defer { xmlSchemaFree(schema) }
    let validator = try #require(xmlSchemaNewValidCtxt(schema))
    defer { xmlSchemaFreeValidCtxt(validator) }
    let collected = Collected()
    let box = Unmanaged.passRetained(collected)
    defer { box.release() }
    xmlSchemaSetValidStructuredErrors(validator, { context, error in
        guard let context, let error else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        Unmanaged<Collected>.fromOpaque(context).takeUnretainedValue().messages.append("line \(error.pointee.line): \(message)")
    }, box.toOpaque())
    let bytes = Array(xml.utf8)
    let document = try #require(bytes.withUnsafeBufferPointer { buffer in
        buffer.baseAddress.flatMap { base in
            xmlReadMemory(UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(buffer.count), "report.junit.xml", nil,
                          Int32(XML_PARSE_NONET.rawValue))
        }
    }, "not well-formed XML")
    defer { xmlFreeDoc(document) }
    let status = xmlSchemaValidateDoc(validator, document)
    if status != 0, collected.messages.isEmpty { collected.messages.append("libxml2 status \(status)") }
    return collected.messages
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
        broken.inputErrors = [Diagnostic(.error, "edge 'e1' refers to undefined node 'ghost'",
                                         at: SourceLocation(file: "broken & <odd>.graphml", line: 5, column: 5), code: "undefined-node")]
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
