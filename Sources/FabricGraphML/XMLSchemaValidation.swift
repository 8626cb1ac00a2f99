internal import CLibXML2
import FabricModel

/// XML Schema (XSD 1.0) validation with libxml2, for holding fabcheck's XML output (the JUnit report) to the
/// published schema its consumers use. The document is parsed with the reader's safe options (no network, no DTD
/// loading, no entity substitution).
public enum XMLSchemaValidation {
    /// The schema violations of `document` against the XSD file at `schemaPath`, each located at `documentName:LINE`;
    /// empty when the document is valid.
    /// - Throws: `GraphMLError.cannotOpen` when the schema cannot be read or parsed, `.malformedXML` when the document is
    ///   not well-formed.
    /// - Complexity: O(document size) after the schema is compiled (libxml2 compiles content models to automata).
    public static func violations(of document: String, documentName: String, schemaPath: String) throws(GraphMLError) -> [Diagnostic] {
        xmlInitParser()
        guard let parser = xmlSchemaNewParserCtxt(schemaPath) else {
            throw .cannotOpen(path: schemaPath, reason: "libxml2 could not read the schema")
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        guard let schema = xmlSchemaParse(parser) else {
            throw .cannotOpen(path: schemaPath, reason: "not a valid XML Schema")
        }
        defer { xmlSchemaFree(schema) }
        guard let validator = xmlSchemaNewValidCtxt(schema) else {
            throw .cannotOpen(path: schemaPath, reason: "libxml2 could not create a validator")
        }
        defer { xmlSchemaFreeValidCtxt(validator) }
        let collected = Collected(documentName: documentName)
        let box = Unmanaged.passRetained(collected)
        defer { box.release() }
        xmlSchemaSetValidStructuredErrors(validator, Collected.onError, box.toOpaque())
        let bytes = Array(document.utf8)
        let parsed: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                xmlReadMemory(UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(clamping: buffer.count),
                              documentName, nil, GraphMLReader.parseOptions | Int32(XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
            }
        }
        guard let parsed else {
            throw .malformedXML(message: "the document is not well-formed", location: SourceLocation(file: documentName, line: 0, column: 0))
        }
        defer { xmlFreeDoc(parsed) }
        let status = xmlSchemaValidateDoc(validator, parsed)
        if status != 0, collected.diagnostics.isEmpty {
            collected.diagnostics.append(Diagnostic(.error, "libxml2 reported status \(status) without a message",
                                                    at: SourceLocation(file: documentName, line: 0, column: 0), code: "xsd"))
        }
        return collected.diagnostics
    }

    /// The errors of one validation, filled from libxml2's structured error callback.
    private final class Collected {
        let documentName: String
        var diagnostics: [Diagnostic] = []

        init(documentName: String) { self.documentName = documentName }

        static let onError: xmlStructuredErrorFunc = { context, error in
            guard let context, let error else { return }
            let collected = Unmanaged<Collected>.fromOpaque(context).takeUnretainedValue()
            var message = error.pointee.message.map { String(cString: $0) } ?? "schema violation"
            while message.hasSuffix("\n") { message.removeLast() }
            collected.diagnostics.append(Diagnostic(.error, message, at: SourceLocation(
                file: collected.documentName, line: Int(error.pointee.line), column: 0), code: "xsd"))
        }
    }
}
