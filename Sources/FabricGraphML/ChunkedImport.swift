internal import CLibXML2
import Dispatch
import FabricModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The GraphML import on every core, for large plain files whose body is a flat run of `<node>` and `<edge>`
/// elements (what `fabcheck generate`, `export` and most tools write).
///
/// The file is cut at line starts that open a `<node` or `<edge` tag: the header (everything before the first such
/// line) is parsed by a libxml2 push parser into the document's `GraphMLBuilder`; every chunk is parsed by its own
/// pull parser inside a one-line wrapper repeating the root and graph start tags with their namespace declarations,
/// into a builder copied from the header's state. The chunks are then absorbed in document order: chunk-local node
/// ids, SRLG texts and lines are mapped to the document's, and `finish()` runs as in the serial reader.
///
/// The fast path returns nil (the caller then reads the file serially) whenever it cannot prove that its result is
/// the serial reader's: a header the push parser did not read to its end, a chunk that is not well-formed inside its
/// wrapper (so a cut fell inside a comment, CDATA section, value or nested element), any diagnostic or fatal error
/// in a chunk, ports, hyperedges, nested graphs,
/// keys or graph data after the first node, a node id declared in two chunks, an encoding other than UTF-8, a
/// carriage return without a line feed, or more nodes or links than the limits allow. Diagnostics of the header and
/// of `finish()` (undefined nodes, edges before their nodes, bandwidth slips) come from the same code as in the
/// serial reader, with the same locations.
enum ChunkedImport {
    /// Files smaller than this are read serially unless `ReaderOptions.chunks` asks for chunks.
    static let automaticMinimumBytes: Int64 = 8 << 20
    /// The automatic chunk size: small enough to share the work between cores that other processes also use, and to
    /// keep the links of the chunks parsed but not yet absorbed a small part of the model (about 3 MiB per chunk).
    static let automaticChunkBytes: Int64 = 8 << 20
    /// At most this many chunks per core are parsed or waiting to be absorbed at any time (bounds the memory the
    /// chunks hold beyond the model).
    static let chunksInFlightPerCore = 2
    /// How far past a planned cut the next `<node`/`<edge` line is looked for before the cut is dropped.
    static let cutSearchBytes = 1 << 20

    /// The number of chunks for a file of `bytes` bytes under `options` (1: read serially).
    static func chunkCount(bytes: Int64, options: ReaderOptions) -> Int {
        if options.chunks > 0 { return options.chunks }
        guard bytes >= automaticMinimumBytes else { return 1 }
        return Int(min(4096, max(2, bytes / automaticChunkBytes)))
    }

    /// The number of cores the chunks are spread over.
    static var cores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Imports the document from `source` on every core; nil when the serial reader must read it.
    /// - Complexity: O(file size + nodes + links) work, spread over the cores; the merge is O(nodes + links).
    static func read(source: ChunkSource, fileName: String, options: ReaderOptions, chunks: Int) -> ImportResult? {
        guard chunks >= 2, let cuts = findCuts(source: source, chunks: chunks) else { return nil }
        guard let header = parseHeader(source: source, length: cuts[0], fileName: fileName, options: options) else { return nil }
        let jobs = ChunkJobs(source: source, template: header.builder, wrapper: header.wrapper, cuts: cuts)
        // The chunks are parsed on every core while this thread absorbs each one as soon as it and those before it
        // are done: only the last chunk's absorption and `finish()` come after the parallel part. A window of
        // `chunksInFlightPerCore` chunks per core runs ahead of the absorption, so at most that many chunk results
        // are held at once whatever the file size.
        let window = max(2, chunksInFlightPerCore * cores)
        for index in 0..<min(window, jobs.count) { jobs.start(index) }
        defer {
            jobs.cancel()
            jobs.waitForStarted()
            jobs.release()
        }
        var builder = header.builder
        builder.reserve(forFileBytes: Int64(source.count))
        var newlines = header.newlines
        for index in 0..<jobs.count {
            guard let chunk = jobs.waitAndTake(index) else { return nil }
            if index + window < jobs.count { jobs.start(index + window) }
            // The chunk's body starts on its line 2 (after the wrapper) and on line `newlines + 1` of the file.
            guard builder.absorb(chunk.builder, lineShift: Int32(clamping: newlines - 1)) else { return nil }
            newlines += chunk.newlines
        }
        guard builder.topology.devices.count <= options.maxNodes, builder.links.count <= options.maxLinks else { return nil }
        builder.closeDocumentAfterChunks()
        do {
            var result = try builder.finish()
            result.parallelChunks = jobs.count
            return result
        } catch {
            return nil
        }
    }

    // MARK: - Cuts

    /// Offsets of the header's end and of every chunk's start (each the start of a line opening `<node` or `<edge`),
    /// ending with the file size; nil when the header's end is not found.
    static func findCuts(source: ChunkSource, chunks: Int) -> [Int]? {
        let size = source.count
        guard let header = nextBodyLine(source: source, from: 0, limit: min(size, 64 << 20)) else { return nil }
        var cuts = [header]
        for index in 1..<chunks {
            let planned = header + Int((Int64(size - header) * Int64(index)) / Int64(chunks))
            guard let last = cuts.last, planned > last else { continue }
            if let cut = nextBodyLine(source: source, from: planned, limit: cutSearchBytes), cut > last, cut < size { cuts.append(cut) }
        }
        cuts.append(size)
        return cuts.count >= 2 ? cuts : nil
    }

    /// The offset of the first line at or after `from` (a line start: after a line feed) whose first non-blank bytes
    /// open a `<node` or `<edge` tag, looking at most `limit` bytes ahead (read 64 KiB at a time).
    static func nextBodyLine(source: ChunkSource, from: Int, limit: Int) -> Int? {
        let step = 64 << 10
        var start = max(0, from - 1)
        let stop = min(source.count, start + limit)
        var window = [UInt8](repeating: 0, count: step + 16)
        while start < stop {
            let length = window.withUnsafeMutableBytes { source.read(into: $0, at: start) }
            guard length > 0 else { return nil }
            // Lines are examined from line feeds in the first `step` bytes; the 16 after them only finish a tag name.
            let scanned = min(length, step)
            var index = 0
            while index < scanned {
                if window[index] == 0x0A {
                    var tag = index + 1
                    while tag < length, window[tag] == 0x20 || window[tag] == 0x09 { tag += 1 }
                    if tag < length, window[tag] == UInt8(ascii: "<"), opensBodyElement(window, at: tag + 1, count: length) { return start + index + 1 }
                }
                index += 1
            }
            start += scanned
        }
        return nil
    }

    private static let node = Array("node".utf8)
    private static let edge = Array("edge".utf8)

    /// Whether `bytes[at...]` is `node` or `edge` followed by a blank, `/` or `>`.
    private static func opensBodyElement(_ bytes: [UInt8], at: Int, count: Int) -> Bool {
        guard at + 5 <= count else { return false }
        let name = Array(bytes[at..<at + 4])
        guard name == node || name == edge else { return false }
        switch bytes[at + 4] {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "/"), UInt8(ascii: ">"): return true
        default: return false
        }
    }

    // MARK: - Header

    struct Header {
        var builder: GraphMLBuilder
        /// The wrapper every chunk starts with: root and graph start tags on one line, then a line feed.
        var wrapper: [UInt8]
        /// Line feeds in the header.
        var newlines: Int
    }

    /// Parses the header (the file's first `length` bytes) with a push parser left open after the last byte;
    /// nil unless it ends inside exactly the top-level graph, without errors, in UTF-8.
    static func parseHeader(source: ChunkSource, length: Int, fileName: String, options: ReaderOptions) -> Header? {
        var bytes = [UInt8](repeating: 0, count: length)
        guard bytes.withUnsafeMutableBytes({ source.read(into: $0, at: 0) }) == length, length >= 4 else { return nil }
        xmlInitParser()
        guard let context = xmlCreatePushParserCtxt(nil, nil, nil, 0, fileName) else { return nil }
        defer { xmlFreeParserCtxt(context) }
        _ = xmlCtxtUseOptions(context, GraphMLReader.parseOptions)
        let session = UnsafeMutablePointer<SAXSession>.allocate(capacity: 1)
        session.initialize(to: SAXSession(builder: GraphMLBuilder(file: fileName, options: options), context: context))
        defer {
            session.deinitialize(count: 1)
            session.deallocate()
        }
        session.pointee.mode = .header
        guard let sax = context.pointee.sax else { return nil }
        sax.pointee = SAXSession.makeHandler()
        context.pointee.userData = UnsafeMutableRawPointer(session)
        xmlSetStructuredErrorFunc(UnsafeMutableRawPointer(session), SAXSession.onError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { xmlParseChunk(context, UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), Int32(clamping: length), 0) } ?? -1
        }
        let builder = session.pointee.builder
        guard status == 0, context.pointee.wellFormed != 0, onlyBlanksPending(context), builder.fatal == nil, !builder.chunkUnsafe, builder.sawRoot,
            builder.frames.map(\.kind) == [.graphml, .graph], builder.graphStack.count == 1, !builder.nodeOpen, !builder.inEdge,
            isUTF8(context)
        else { return nil }
        var wrapper = Array("<graphml".utf8) + session.pointee.rootNamespaces + Array("><graph".utf8)
        wrapper += session.pointee.graphNamespaces + Array(">\n".utf8)
        return Header(builder: builder, wrapper: wrapper, newlines: bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
    }

    /// True when the push parser left nothing but blanks of the header unparsed. It holds back what it cannot prove
    /// complete (a start tag whose quote is never closed, e.g. `<graph edgedef"/>`): the serial reader reports that
    /// as malformed, so the header must have been read to its end (a differential fuzzing finding).
    private static func onlyBlanksPending(_ context: xmlParserCtxtPtr) -> Bool {
        guard let input = context.pointee.input, var cursor = input.pointee.cur, let end = input.pointee.end else { return false }
        while cursor < end {
            switch cursor.pointee {
            case 0x20, 0x09, 0x0A, 0x0D: cursor += 1
            default: return false
            }
        }
        return true
    }

    /// True when the document declared no encoding or UTF-8, and XML 1.0 (whose line ends the chunks count).
    private static func isUTF8(_ context: xmlParserCtxtPtr) -> Bool {
        if let version = context.pointee.version, String(cString: version) != "1.0" { return false }
        guard let encoding = context.pointee.encoding else { return true }
        let name = String(cString: encoding).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}

/// Where the bytes of a document come from: a file read with `pread` (no mapping, so the resident size stays that of
/// the serial reader) or a buffer in memory. Read-only once created, so the chunks read it concurrently.
final class ChunkSource: @unchecked Sendable {
    let descriptor: Int32
    let memory: UnsafeRawBufferPointer?
    /// The document's size in bytes.
    let count: Int

    /// Opens a file; nil when it cannot be opened.
    init?(path: String, size: Int) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        self.memory = nil
        self.count = size
    }

    /// Reads from memory the caller keeps alive and unchanged while the source is used.
    init(memory: UnsafeRawBufferPointer) {
        self.descriptor = -1
        self.memory = memory
        self.count = memory.count
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Copies up to `buffer.count` bytes from `offset` into `buffer`; returns the number copied (short only at the end
    /// or on a read error).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        let wanted = max(0, min(buffer.count, count - offset))
        guard wanted > 0, let target = buffer.baseAddress else { return 0 }
        if let memory, let base = memory.baseAddress {
            target.copyMemory(from: base + offset, byteCount: wanted)
            return wanted
        }
        var done = 0
        while done < wanted {
            let got = pread(descriptor, target + done, wanted - done, off_t(offset + done))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { break }
            done += got
        }
        return done
    }
}
