internal import CLibXML2
import FabricModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streaming GraphML import on libxml2's SAX2 interface (no DOM): files of a million devices in one pass.
///
/// Parsing uses `XML_PARSE_NONET | XML_PARSE_BIG_LINES` and never substitutes entities, loads DTDs, follows XInclude
/// or recovers from errors. A DOCTYPE stops the parse before its internal subset is read, so entity expansion
/// (billion laughs, quadratic blow-up) and external entities (XXE) cannot happen. `.graphml.gz` files are read
/// directly (libxml2 decompresses files it opens itself).
public enum GraphMLReader {
    /// Reads a GraphML file (plain or gzip-compressed).
    /// - Complexity: O(file size + nodes + links), one pass; memory is the model plus a small parser buffer.
    public static func read(file path: String, options: ReaderOptions = .default) throws(GraphMLError) -> ImportResult {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .cannotOpen(path: path, reason: "is a directory") }
        let size = Int64(info.st_size)
        if size > options.maxFileBytes { throw .fileTooLarge(path: path, bytes: size, limit: options.maxFileBytes) }
        guard access(path, R_OK) == 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        xmlInitParser()
        if isGzip(path: path) {
            // libxml2 decompresses while it reads; count the decompressed bytes so a small file that inflates to
            // terabytes (a gzip bomb) stops at the same limit as a large plain file.
            let input = try CountingInput(path: path, limit: options.maxFileBytes)
            let unmanaged = Unmanaged.passRetained(input)
            guard
                let context = xmlCreateIOParserCtxt(
                    nil, nil, CountingInput.onRead, CountingInput.onClose,
                    unmanaged.toOpaque(), XML_CHAR_ENCODING_NONE)
            else {
                // libxml2 has called `onClose`, which released the input.
                throw .cannotOpen(path: path, reason: "libxml2 could not create a parser")
            }
            _ = xmlCtxtUseOptions(context, parseOptions)
            return try parse(context: context, fileName: path, options: options, sizeHint: size, counting: input)
        }
        let chunks = ChunkedImport.chunkCount(bytes: size, options: options)
        if chunks >= 2, let source = ChunkSource(path: path, size: Int(size)),
            let result = ChunkedImport.read(source: source, fileName: path, options: options, chunks: chunks)
        {
            return result
        }
        guard let context = xmlCreateURLParserCtxt(path, parseOptions) else {
            throw .cannotOpen(path: path, reason: "libxml2 could not open it")
        }
        return try parse(context: context, fileName: path, options: options, sizeHint: size)
    }

    /// Whether the file starts with the gzip magic bytes (libxml2 decompresses by content, not by name).
    static func isGzip(path: String) -> Bool {
        guard let file = fopen(path, "rb") else { return false }
        defer { fclose(file) }
        var magic: [UInt8] = [0, 0]
        return fread(&magic, 1, 2, file) == 2 && magic == [0x1F, 0x8B]
    }

    /// Reads GraphML from memory; `fileName` is used in locations.
    /// - Complexity: O(byte count + nodes + links).
    public static func read(bytes: [UInt8], fileName: String, options: ReaderOptions = .default) throws(GraphMLError) -> ImportResult {
        if Int64(bytes.count) > options.maxFileBytes {
            throw .fileTooLarge(path: fileName, bytes: Int64(bytes.count), limit: options.maxFileBytes)
        }
        xmlInitParser()
        let result: Result<ImportResult, GraphMLError> = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                return .failure(.malformedXML(message: "document is empty", location: SourceLocation(file: fileName, line: 1, column: 1)))
            }
            let chunks = ChunkedImport.chunkCount(bytes: Int64(buffer.count), options: options)
            if chunks >= 2,
                let result = ChunkedImport.read(
                    source: ChunkSource(memory: UnsafeRawBufferPointer(buffer)), fileName: fileName, options: options, chunks: chunks)
            {
                return .success(result)
            }
            let raw = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            guard let context = xmlCreateMemoryParserCtxt(raw, Int32(clamping: buffer.count)) else {
                return .failure(.cannotOpen(path: fileName, reason: "libxml2 could not create a parser"))
            }
            _ = xmlCtxtUseOptions(context, parseOptions)
            do throws(GraphMLError) {
                return .success(try parse(context: context, fileName: fileName, options: options, sizeHint: Int64(buffer.count)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Reads GraphML text from memory.
    public static func read(string: String, fileName: String, options: ReaderOptions = .default) throws(GraphMLError) -> ImportResult {
        try read(bytes: Array(string.utf8), fileName: fileName, options: options)
    }

    /// `XML_PARSE_NONET | XML_PARSE_BIG_LINES`, and nothing that expands entities, loads DTDs or recovers.
    static let parseOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)

    static func parse(
        context: xmlParserCtxtPtr, fileName: String, options: ReaderOptions, sizeHint: Int64,
        counting: CountingInput? = nil
    ) throws(GraphMLError) -> ImportResult {
        defer { xmlFreeParserCtxt(context) }
        // The session lives behind a raw pointer handed to libxml2 as its user data: callbacks reach it without
        // reference counting or exclusivity bookkeeping.
        let session = UnsafeMutablePointer<SAXSession>.allocate(capacity: 1)
        session.initialize(to: SAXSession(builder: GraphMLBuilder(file: fileName, options: options), context: context))
        defer {
            session.deinitialize(count: 1)
            session.deallocate()
        }
        session.pointee.builder.reserve(forFileBytes: sizeHint)
        guard let sax = context.pointee.sax else {
            throw .cannotOpen(path: fileName, reason: "libxml2 parser has no SAX handler")
        }
        sax.pointee = SAXSession.makeHandler()
        context.pointee.userData = UnsafeMutableRawPointer(session)
        // Errors that libxml2 raises outside the parser context (I/O, encoding conversion) go to the thread's handler.
        xmlSetStructuredErrorFunc(UnsafeMutableRawPointer(session), SAXSession.onError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        _ = xmlParseDocument(context)
        if let counting, counting.exceeded {
            // The read callback refused to go on; libxml2 reports that as an I/O or truncation error.
            throw .decompressedTooLarge(path: fileName, limit: counting.limit)
        }
        let wellFormed = context.pointee.wellFormed != 0
        if session.pointee.builder.fatal == nil, !wellFormed {
            session.pointee.builder.fatal = .malformedXML(
                message: "the document is not well-formed", location: SourceLocation(file: fileName, line: 0, column: 0)
            )
        }
        if session.pointee.builder.fatal == nil, !session.pointee.builder.sawRoot {
            session.pointee.builder.fatal = .malformedXML(
                message: "the document has no root element", location: SourceLocation(file: fileName, line: 1, column: 1)
            )
        }
        return try session.pointee.builder.finish()
    }
}

/// A gzip-compressed file read through libxml2's own decompressing input, counting the decompressed bytes.
final class CountingInput {
    let inner: xmlParserInputBufferPtr
    let limit: Int64
    var count: Int64 = 0
    var exceeded = false

    init(path: String, limit: Int64) throws(GraphMLError) {
        guard let inner = xmlParserInputBufferCreateFilename(path, XML_CHAR_ENCODING_NONE) else {
            throw .cannotOpen(path: path, reason: "libxml2 could not open it")
        }
        self.inner = inner
        self.limit = limit
    }

    deinit { xmlFreeParserInputBuffer(inner) }

    /// Reads decompressed bytes through the inner buffer's callback; fails once the total passes the limit.
    static let onRead: xmlInputReadCallback = { context, buffer, length in
        guard let context, let buffer else { return -1 }
        let input = Unmanaged<CountingInput>.fromOpaque(context).takeUnretainedValue()
        guard !input.exceeded, let read = input.inner.pointee.readcallback else { return -1 }
        let count = read(input.inner.pointee.context, buffer, length)
        if count > 0 {
            input.count += Int64(count)
            if input.count > input.limit {
                input.exceeded = true
                return -1
            }
        }
        return count
    }

    /// Releases the reference handed to libxml2 (the inner buffer closes when the input is freed).
    static let onClose: xmlInputCloseCallback = { context in
        guard let context else { return -1 }
        Unmanaged<CountingInput>.fromOpaque(context).release()
        return 0
    }
}

/// The libxml2 side of one parse: owns the builder and translates SAX2 callbacks into builder events.
struct SAXSession {
    var builder: GraphMLBuilder
    let context: xmlParserCtxtPtr
    let names: ElementNames
    /// Whether `characters`/`cdataBlock` are set in the SAX handler right now.
    var charactersInstalled = true
    /// What this parse reads: a whole document, or the header or one chunk of the parallel import.
    var mode = SessionMode.document
    /// Open elements as libxml2 reports them (kept in the header and chunk modes only).
    var depth = 0
    /// Header mode: the namespace declarations of the root and of the open top-level graph, as attribute text.
    var rootNamespaces: [UInt8] = []
    var graphNamespaces: [UInt8] = []
    /// Chunk mode: start tags of the wrapper seen so far.
    var wrapperStarts = 0

    init(builder: GraphMLBuilder, context: xmlParserCtxtPtr) {
        self.builder = builder
        self.context = context
        self.names = ElementNames(dictionary: context.pointee.dict)
    }

    /// Stops the parser (from inside a SAX callback, where libxml2 allows it).
    func stop() { xmlStopParser(context) }

    @inline(__always)
    static func session(_ pointer: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<SAXSession>? {
        pointer?.assumingMemoryBound(to: SAXSession.self)
    }

    /// The SAX2 handler: element, character and DOCTYPE callbacks plus the structured error handler.
    static func makeHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = onStartElement
        handler.endElementNs = onEndElement
        handler.characters = onCharacters
        handler.cdataBlock = onCharacters
        handler.internalSubset = onDoctype
        handler.entityDecl = onEntityDeclaration
        handler.serror = onError
        return handler
    }

    static let onStartElement: startElementNsSAX2Func = { context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, _, attributes in
        guard let session = session(context), let localName else { return }
        if session.pointee.mode != .document,
            !session.pointee.enterStructured(prefix: prefix, namespaces: namespaces, count: Int(namespaceCount))
        {
            return
        }
        session.pointee.startElement(localName: localName, uri: uri, count: Int(attributeCount), attributes: attributes)
    }

    static let onEndElement: endElementNsSAX2Func = { context, _, _, _ in
        guard let session = session(context) else { return }
        if session.pointee.mode != .document {
            session.pointee.depth -= 1
            // A chunk's wrapper and the document's closing tags: the builder closes the graph after the merge.
            if session.pointee.mode == .chunk, session.pointee.depth < 2 { return }
        }
        session.pointee.builder.endElement()
        session.pointee.syncCharacterCallback()
    }

    static let onCharacters: charactersSAXFunc = { context, characters, length in
        guard let session = session(context), session.pointee.builder.capturing, let characters, length > 0 else { return }
        let bytes = UnsafeBufferPointer(start: characters, count: Int(length))
        if !session.pointee.builder.characters(bytes, position: session.pointee.cursorPosition()) { session.pointee.stop() }
    }

    static let onDoctype: internalSubsetSAXFunc = { context, name, _, _ in
        guard let session = session(context) else { return }
        let text = name.map { String(cString: $0) } ?? ""
        if session.pointee.builder.fatal == nil {
            let position = session.pointee.currentPosition()
            session.pointee.builder.fatal = .doctypeForbidden(name: text, location: session.pointee.builder.location(position))
        }
        session.pointee.stop()
    }

    static let onEntityDeclaration: entityDeclSAXFunc = { context, name, _, _, _, _ in
        guard let session = session(context) else { return }
        if session.pointee.builder.fatal == nil {
            session.pointee.builder.fatal = .entityForbidden(
                name: name.map { String(cString: $0) } ?? "", location: session.pointee.currentLocation(atTagStart: false))
        }
        session.pointee.stop()
    }

    static let onError: xmlStructuredErrorFunc = { context, error in
        guard let session = session(context), let error else { return }
        session.pointee.record(error.pointee)
    }

    /// Records a libxml2 error: the first fatal one stops the import; others become diagnostics.
    mutating func record(_ error: xmlError) {
        var message = error.message.map { String(cString: $0) } ?? "unknown XML error"
        while message.last == "\n" || message.last == " " { message.removeLast() }
        message = message.split(separator: "\n").map { String($0).trimmingASCIIWhitespace() }.joined(separator: "; ")
        if let first = message.first, message.dropFirst().first?.isUppercase != true {
            message = first.lowercased() + message.dropFirst()
        }
        let line = Int(error.line)
        let column = Int(error.int2)
        let location = SourceLocation(file: builder.file, line: line, column: column)
        let position = SourcePosition(line: Int32(clamping: line), column: Int32(clamping: column))
        switch error.level {
        case XML_ERR_FATAL:
            guard builder.fatal == nil else { return }
            if error.code == Int32(XML_ERR_UNDECLARED_ENTITY.rawValue) || error.code == Int32(XML_WAR_UNDECLARED_ENTITY.rawValue) {
                let name = error.str1.map { String(cString: $0) } ?? ""
                builder.fatal = .entityForbidden(name: name, location: location)
            } else {
                if atEndOfInput { message += " (the file ends before the document is complete: truncated?)" }
                builder.fatal = .malformedXML(message: message, location: location)
            }
        case XML_ERR_ERROR:
            if error.domain == Int32(XML_FROM_NAMESPACE.rawValue) {
                builder.sink.add(.warning, message, at: position, code: "xml.namespace")
            } else {
                builder.sink.add(.error, message, at: position, code: "xml.error")
            }
        default:
            builder.sink.add(.warning, message, at: position, code: "xml.warning")
        }
    }

    /// True when libxml2 has consumed all of its input (an error there means the file stops early).
    var atEndOfInput: Bool {
        guard let input = context.pointee.input, let cur = input.pointee.cur, let end = input.pointee.end else { return false }
        return cur >= end
    }

    /// libxml2's SAX2 parser without entity substitution hands over every `&` of an attribute value (from `&amp;`
    /// or `&#38;`) as the text `&#38;`, so the tree builder can re-parse it; this turns those back into `&`.
    /// No other reference survives into attribute values (DOCTYPE, hence any other entity, is refused).
    /// - Complexity: O(length of the value).
    static func decodingAmpersandReferences(_ value: UnsafeBufferPointer<UInt8>) -> UnsafeMutableBufferPointer<UInt8> {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: value.count)
        let reference: [UInt8] = Array("&#38;".utf8)
        var read = 0
        var written = 0
        while read < value.count {
            if value[read] == UInt8(ascii: "&"), read + reference.count <= value.count,
                (0..<reference.count).allSatisfy({ value[read + $0] == reference[$0] })
            {
                buffer[written] = UInt8(ascii: "&")
                read += reference.count
            } else {
                buffer[written] = value[read]
                read += 1
            }
            written += 1
        }
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<written])
    }

    /// Handles a start tag: classifies the element by interned name and collects the GraphML attributes.
    @inline(__always)
    mutating func startElement(
        localName: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?, count: Int,
        attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    ) {
        let kind = classify(localName: localName, uri: uri)
        if mode == .chunk, !Self.chunkAdmits(kind, depth: depth) {
            builder.chunkUnsafe = true
            stop()
            return
        }
        var tag = TagAttributes()
        var decoded: [UnsafeMutableBufferPointer<UInt8>] = []
        defer { for buffer in decoded { buffer.deallocate() } }
        if let attributes, count > 0, kind != nil || !builder.sawRoot {
            for index in 0..<count {
                let base = index * 5
                guard attributes[base + 2] == nil, let name = attributes[base], let start = attributes[base + 3],
                    let end = attributes[base + 4]
                else { continue }
                var value = UnsafeBufferPointer(start: start, count: end - start)
                if value.contains(UInt8(ascii: "&")) {
                    let buffer = Self.decodingAmpersandReferences(value)
                    decoded.append(buffer)
                    value = UnsafeBufferPointer(buffer)
                }
                names.assign(name, value, to: &tag)
            }
        }
        let position = currentPosition()
        let name = builder.sawRoot ? "" : String(cString: localName)
        if !builder.startElement(kind, localName: name, attributes: tag, position: position) {
            stop()
            return
        }
        syncCharacterCallback()
    }

    /// Installs the character callbacks only while text is collected (inside `<data>`, `<default>` and labels), so
    /// the whitespace between elements costs no callback.
    @inline(__always)
    mutating func syncCharacterCallback() {
        let capturing = builder.capturing
        guard capturing != charactersInstalled, let sax = context.pointee.sax else { return }
        charactersInstalled = capturing
        sax.pointee.characters = capturing ? Self.onCharacters : nil
        sax.pointee.cdataBlock = capturing ? Self.onCharacters : nil
    }

    /// The GraphML kind of an element; nil for elements outside the GraphML namespace (yEd's `y:` and others)
    /// and for GraphML elements fabcheck ignores (`desc`, `locator`), except yEd labels, which are `.label`.
    @inline(__always)
    mutating func classify(localName: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?) -> FrameKind? {
        if let uri, uri != names.namespace, !names.isGraphMLNamespace(uri) {
            if localName == names.nodeLabel || localName == names.edgeLabel { return .label }
            return nil
        }
        if let kind = names.kind(of: localName) { return kind }
        if localName == names.locator {
            builder.sink.add(
                .warning, "'locator' elements are not followed (fabcheck reads only the given file)",
                at: currentPosition(), code: "graphml.locator")
        }
        return nil
    }

    /// Tracks the depth of a header or chunk parse; false for a chunk's wrapper elements (not given to the builder)
    /// and, with the chunk marked unsafe, for any other element outside the top-level graph.
    mutating func enterStructured(prefix: UnsafePointer<UInt8>?, namespaces: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int) -> Bool {
        depth += 1
        switch mode {
        case .document:
            return true
        case .header:
            if depth <= 2 {
                // The chunks' wrapper repeats these declarations, all on one line.
                if prefix != nil { builder.chunkUnsafe = true }
                var text: [UInt8] = []
                for index in 0..<count {
                    guard let uri = namespaces?[2 * index + 1] else { continue }
                    text += Array(" xmlns".utf8)
                    if let name = namespaces?[2 * index] { text += [UInt8(ascii: ":")] + Array(String(cString: name).utf8) }
                    let value = Array(String(cString: uri).utf8)
                    if value.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "\"") }) {
                        builder.chunkUnsafe = true
                    }
                    text += Array("=\"".utf8) + value + [UInt8(ascii: "\"")]
                }
                if depth == 1 { rootNamespaces = text } else { graphNamespaces = text }
            }
            return true
        case .chunk:
            if depth <= 2 {
                wrapperStarts += 1
                if wrapperStarts <= 2 { return false }
                builder.chunkUnsafe = true
                stop()
                return false
            }
            return true
        }
    }

    /// Whether a chunk may hold an element of this kind at this depth (3: a child of the top-level graph).
    static func chunkAdmits(_ kind: FrameKind?, depth: Int) -> Bool {
        switch kind {
        case .graph?, .graphml?, .port?, .hyperedge?, .endpoint?, .key?: return false
        case .node?, .edge?: return true
        default: return depth > 3
        }
    }

    /// The position of the start tag being reported.
    ///
    /// libxml2 calls `startElementNs` with its cursor at the end of the start tag; the tag's own line and column are
    /// found by scanning back to its `<` (which cannot occur inside attribute values) and counting the newlines
    /// crossed; the column is libxml2's cursor column minus the tag's characters (or, for a start tag spanning lines,
    /// counted from the start of its first line). Columns count characters from 1. When the buffer no longer holds the
    /// tag start, the line of the tag's end is reported with column 0 (unknown).
    @inline(__always)
    func currentPosition() -> SourcePosition {
        guard let input = context.pointee.input, let cur = input.pointee.cur, let base = input.pointee.base, cur > base else {
            return .unknown
        }
        let line = input.pointee.line
        guard let found = fabcheck_memrchr(base, Int32(UInt8(ascii: "<")), cur - base) else {
            return SourcePosition(line: line, column: 0)
        }
        let tag = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self))
        var tagLine = line
        var scan = tag
        while let newline = memchr(scan, 0x0A, cur - scan) {
            tagLine -= 1
            scan = UnsafePointer<UInt8>(newline.assumingMemoryBound(to: UInt8.self)) + 1
        }
        var column: Int32
        if tagLine == line {
            // libxml2 keeps the column of its cursor (in characters); step back over the tag itself.
            column = input.pointee.col - Self.characterCount(from: tag, to: cur)
        } else {
            let lineStart: UnsafePointer<UInt8>
            if let newline = fabcheck_memrchr(base, 0x0A, tag - base) {
                lineStart = UnsafePointer<UInt8>(newline.assumingMemoryBound(to: UInt8.self)) + 1
            } else {
                lineStart = base
            }
            column = 1 + Self.characterCount(from: lineStart, to: tag)
        }
        if column < 1 { column = 0 }
        return SourcePosition(line: tagLine, column: column)
    }

    /// libxml2's cursor (line and column), for problems found inside character data.
    func cursorPosition() -> SourcePosition {
        guard let input = context.pointee.input else { return .unknown }
        return SourcePosition(line: input.pointee.line, column: input.pointee.col)
    }

    /// UTF-8 characters in `[start, end)` (bytes that are not continuation bytes).
    @inline(__always)
    static func characterCount(from start: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>) -> Int32 {
        var count = 0
        var pointer = start
        // Eight bytes at a time: a continuation byte has bit 7 set and bit 6 clear.
        while end - pointer >= 8 {
            let word = UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
            let continuation = (word & ~(word << 1) & 0x8080_8080_8080_8080) >> 7
            // Sum of the eight 0/1 bytes, without a popcount instruction (x86-64 baseline has none).
            count += 8 - Int((continuation &* 0x0101_0101_0101_0101) >> 56)
            pointer += 8
        }
        while pointer < end {
            if pointer.pointee & 0xC0 != 0x80 { count += 1 }
            pointer += 1
        }
        return Int32(truncatingIfNeeded: count)
    }

    /// The parser's current position (for DOCTYPE and entity declarations).
    func currentLocation(atTagStart: Bool) -> SourceLocation {
        guard let input = context.pointee.input else { return SourceLocation(file: builder.file, line: 0, column: 0) }
        return SourceLocation(file: builder.file, line: Int(input.pointee.line), column: Int(input.pointee.col))
    }
}

/// What a SAX session reads.
enum SessionMode {
    /// A whole document (the serial reader).
    case document
    /// The header of a document the parallel import splits: everything before the first top-level node or edge.
    case header
    /// One chunk of top-level nodes and edges, inside a wrapper repeating the root and graph elements.
    case chunk
}

/// Element and attribute names interned in the parser's dictionary, so names compare by pointer.
struct ElementNames {
    let namespace: UnsafePointer<UInt8>?
    let graphml, graph, node, edge, port, hyperedge, endpoint, key, defaultValue, data, locator: UnsafePointer<UInt8>?
    let nodeLabel, edgeLabel: UnsafePointer<UInt8>?
    let id, source, target, sourcePort, targetPort, directed, edgeDefault, name, forDomain, attrName, attrType: UnsafePointer<UInt8>?
    let keyAttribute, nodeAttribute, portAttribute, type, yfilesType: UnsafePointer<UInt8>?

    init(dictionary: xmlDictPtr?) {
        func intern(_ text: String) -> UnsafePointer<UInt8>? {
            guard let dictionary else { return nil }
            return text.withCString { xmlDictLookup(dictionary, UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), -1) }
        }
        namespace = intern(NativeSchema.namespace)
        graphml = intern("graphml")
        graph = intern("graph")
        node = intern("node")
        edge = intern("edge")
        port = intern("port")
        hyperedge = intern("hyperedge")
        endpoint = intern("endpoint")
        key = intern("key")
        defaultValue = intern("default")
        data = intern("data")
        locator = intern("locator")
        nodeLabel = intern("NodeLabel")
        edgeLabel = intern("EdgeLabel")
        id = intern("id")
        source = intern("source")
        target = intern("target")
        sourcePort = intern("sourceport")
        targetPort = intern("targetport")
        directed = intern("directed")
        edgeDefault = intern("edgedefault")
        name = intern("name")
        forDomain = intern("for")
        attrName = intern("attr.name")
        attrType = intern("attr.type")
        keyAttribute = intern("key")
        nodeAttribute = intern("node")
        portAttribute = intern("port")
        type = intern("type")
        yfilesType = intern("yfiles.type")
    }

    /// True for the GraphML namespace URI when it was not interned in the dictionary.
    func isGraphMLNamespace(_ uri: UnsafePointer<UInt8>) -> Bool {
        NativeSchema.namespace.withCString { strcmp($0, UnsafeRawPointer(uri).assumingMemoryBound(to: CChar.self)) == 0 }
    }

    @inline(__always)
    func kind(of name: UnsafePointer<UInt8>) -> FrameKind? {
        if name == data { return .data }
        if name == edge { return .edge }
        if name == node { return .node }
        if name == key { return .key }
        if name == port { return .port }
        if name == graph { return .graph }
        if name == graphml { return .graphml }
        if name == defaultValue { return .keyDefault }
        if name == hyperedge { return .hyperedge }
        if name == endpoint { return .endpoint }
        if name == nodeLabel || name == edgeLabel { return .label }
        return nil
    }

    @inline(__always)
    func assign(_ attribute: UnsafePointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>, to tag: inout TagAttributes) {
        if attribute == id {
            tag.id = value
        } else if attribute == source {
            tag.source = value
        } else if attribute == target {
            tag.target = value
        } else if attribute == keyAttribute {
            tag.key = value
        } else if attribute == directed {
            tag.directed = value
        } else if attribute == sourcePort {
            tag.sourcePort = value
        } else if attribute == targetPort {
            tag.targetPort = value
        } else if attribute == edgeDefault {
            tag.edgeDefault = value
        } else if attribute == name {
            tag.name = value
        } else if attribute == forDomain {
            tag.forDomain = value
        } else if attribute == attrName {
            tag.attrName = value
        } else if attribute == attrType {
            tag.attrType = value
        } else if attribute == nodeAttribute {
            tag.node = value
        } else if attribute == portAttribute {
            tag.port = value
        } else if attribute == type {
            tag.type = value
        } else if attribute == yfilesType {
            tag.yfilesType = value
        }
    }
}
