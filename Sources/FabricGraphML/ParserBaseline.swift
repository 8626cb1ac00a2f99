internal import CLibXML2

/// What libxml2 alone costs on a file, with the importer's parse options: the baselines the import benchmark
/// (`Benchmarks/Sources/ImportBench`) divides by. Not used by the import itself.
public enum ParserBaseline {
    /// Walks the file with `xmlTextReader` (`xmlTextReaderRead` until the end) and returns the number of nodes
    /// visited, or -1 on a parse error.
    /// - Complexity: O(file size).
    public static func readerWalk(file path: String) -> Int {
        guard let reader = xmlReaderForFile(path, nil, GraphMLReader.parseOptions) else { return -1 }
        defer { xmlFreeTextReader(reader) }
        var count = 0
        var status = xmlTextReaderRead(reader)
        while status == 1 {
            count += 1
            status = xmlTextReaderRead(reader)
        }
        return status == 0 ? count : -1
    }

    /// Walks the file with SAX2 (empty element and character callbacks) and returns the number of start tags,
    /// or -1 on a parse error.
    /// - Complexity: O(file size).
    public static func saxWalk(file path: String) -> Int {
        guard let context = xmlCreateURLParserCtxt(path, GraphMLReader.parseOptions) else { return -1 }
        defer { xmlFreeParserCtxt(context) }
        let counter = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        counter.initialize(to: 0)
        defer { counter.deallocate() }
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, _, _, _, _, _, _, _, _ in
            context?.assumingMemoryBound(to: Int.self).pointee += 1
        }
        handler.endElementNs = { _, _, _, _ in }
        handler.characters = { _, _, _ in }
        guard let sax = context.pointee.sax else { return -1 }
        sax.pointee = handler
        context.pointee.userData = UnsafeMutableRawPointer(counter)
        let status = xmlParseDocument(context)
        return status == 0 && context.pointee.wellFormed != 0 ? counter.pointee : -1
    }
}
