internal import CLibXML2

/// XML Schema (XSD) validation with libxml2, for the tests that hold fabcheck's XML outputs (JUnit) to a published
/// schema. Lives here because this module is the one that links libxml2 privately: a module importing both
/// libxml2's headers and Foundation sees two definitions of ICU's `UErrorCode`.
public enum XMLSchemaValidation {
    /// What went wrong before validation could run.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The schema file could not be read or is not an XML Schema.
        case unreadableSchema(path: String)
        /// The document is not well-formed XML.
        case notWellFormed
        public var description: String {
            switch self {
            case .unreadableSchema(let path): "\(path) does not parse as XML Schema"
            case .notWellFormed: "the document is not well-formed XML"
            }
        }
    }

    /// The validation errors of `document` against the XSD at `schemaPath`, each as `line N: message`; empty when
    /// the document is valid.
    /// - Complexity: libxml2's validator, linear in the document for the schemas used here.
    public static func errors(in document: String, schemaPath: String) throws(Failure) -> [String] {
        guard let parser = xmlSchemaNewParserCtxt(schemaPath) else { throw .unreadableSchema(path: schemaPath) }
        defer { xmlSchemaFreeParserCtxt(parser) }
        guard let schema = xmlSchemaParse(parser) else { throw .unreadableSchema(path: schemaPath) }
        defer { xmlSchemaFree(schema) }
        guard let validator = xmlSchemaNewValidCtxt(schema) else { throw .unreadableSchema(path: schemaPath) }
        defer { xmlSchemaFreeValidCtxt(validator) }
        let collected = Collected()
        let box = Unmanaged.passRetained(collected)
        defer { box.release() }
        xmlSchemaSetValidStructuredErrors(
            validator,
            { context, error in
                guard let context, let error else { return }
                let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
                Unmanaged<Collected>.fromOpaque(context).takeUnretainedValue().messages.append("line \(error.pointee.line): \(message)")
            }, box.toOpaque())
        let bytes = Array(document.utf8)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                xmlReadMemory(
                    UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(buffer.count), "document.xml", nil,
                    Int32(XML_PARSE_NONET.rawValue))
            }
        }
        guard let parsed else { throw .notWellFormed }
        defer { xmlFreeDoc(parsed) }
        let status = xmlSchemaValidateDoc(validator, parsed)
        if status != 0, collected.messages.isEmpty { collected.messages.append("libxml2 status \(status)") }
        return collected.messages
    }

    /// Messages gathered by libxml2's error callback during one validation (one thread).
    private final class Collected {
        var messages: [String] = []
    }
}
