internal import CLibXML2
import Dispatch
import FabricModel
import Synchronization

/// A parsed chunk: its builder and the line feeds of its body.
struct ParsedChunk {
    var builder: GraphMLBuilder
    var newlines: Int
}

/// The chunks of one parallel import and their results.
///
/// `@unchecked Sendable`: while the chunks are parsed the template, wrapper, cuts and source are only read (each
/// worker copies the template with `GraphMLBuilder(chunkOf:)`, which shares none of its reference-typed buffers),
/// worker `i` alone writes result slot `i` and then signals `ready[i]`; the reader takes slot `i` only after
/// waiting for that signal.
final class ChunkJobs: @unchecked Sendable {
    let source: ChunkSource
    let template: GraphMLBuilder
    let wrapper: [UInt8]
    let cuts: [Int]
    private let results: UnsafeMutableBufferPointer<ParsedChunk?>
    private let ready: [DispatchSemaphore]
    /// Set when the reader gave up (a chunk was not clean): chunks not started yet are skipped.
    private let cancelled = Atomic<Bool>(false)
    /// The chunks started so far (`start`), waited for by `waitForStarted`.
    private let started = DispatchGroup()

    /// Number of chunks.
    var count: Int { cuts.count - 1 }

    init(source: ChunkSource, template: GraphMLBuilder, wrapper: [UInt8], cuts: [Int]) {
        self.source = source
        self.template = template
        self.wrapper = wrapper
        self.cuts = cuts
        results = .allocate(capacity: cuts.count - 1)
        results.initialize(repeating: nil)
        ready = (1..<cuts.count).map { _ in DispatchSemaphore(value: 0) }
    }

    /// Skips the chunks not started yet.
    func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Parses chunk `index` on a global queue (whose threads number the cores).
    func start(_ index: Int) {
        DispatchQueue.global().async(group: started) { self.run(index) }
    }

    /// Waits until every started chunk has finished (or skipped) its parse.
    func waitForStarted() { started.wait() }

    /// Waits until chunk `index` is parsed, then takes its result (nil when it is not clean).
    func waitAndTake(_ index: Int) -> ParsedChunk? {
        ready[index].wait()
        return take(index)
    }

    /// Frees the result slots.
    func release() {
        results.deinitialize()
        results.deallocate()
    }

    /// Takes chunk `index`'s result (nil when it is not clean), freeing its slot.
    private func take(_ index: Int) -> ParsedChunk? {
        defer { results[index] = nil }
        return results[index]
    }

    /// Parses chunk `index` into its slot (left nil when the chunk is not clean or the import was given up).
    func run(_ index: Int) {
        defer { ready[index].signal() }
        guard !cancelled.load(ordering: .relaxed) else { return }
        let last = index == count - 1
        let stream = ChunkStream(
            source: source, prefix: wrapper, start: cuts[index], end: cuts[index + 1], suffix: last ? [] : Array("</graph></graphml>\n".utf8))
        let unmanaged = Unmanaged.passRetained(stream)
        guard
            let context = xmlCreateIOParserCtxt(
                nil, nil, ChunkStream.onRead, ChunkStream.onClose, unmanaged.toOpaque(), XML_CHAR_ENCODING_UTF8)
        else { return }
        defer { xmlFreeParserCtxt(context) }
        _ = xmlCtxtUseOptions(context, GraphMLReader.parseOptions)
        var builder = GraphMLBuilder(chunkOf: template)
        builder.reserve(forFileBytes: Int64(cuts[index + 1] - cuts[index]))
        let session = UnsafeMutablePointer<SAXSession>.allocate(capacity: 1)
        session.initialize(to: SAXSession(builder: builder, context: context))
        defer {
            session.deinitialize(count: 1)
            session.deallocate()
        }
        session.pointee.mode = .chunk
        guard let sax = context.pointee.sax else { return }
        sax.pointee = SAXSession.makeHandler()
        context.pointee.userData = UnsafeMutableRawPointer(session)
        xmlSetStructuredErrorFunc(UnsafeMutableRawPointer(session), SAXSession.onError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        _ = xmlParseDocument(context)
        guard context.pointee.wellFormed != 0, session.pointee.builder.chunkIsClean, stream.clean, stream.finished else { return }
        results[index] = ParsedChunk(builder: session.pointee.builder, newlines: stream.newlines)
    }
}

/// The byte stream of one chunk, handed to libxml2 through its I/O callbacks: the wrapper, the chunk's bytes of
/// the document, then closing tags (except for the last chunk, which holds the document's own). Counts the line
/// feeds of the chunk's bytes and notices carriage returns that are not followed by a line feed.
final class ChunkStream {
    let source: ChunkSource
    let prefix: [UInt8]
    let suffix: [UInt8]
    let start: Int
    let end: Int
    /// Bytes handed out so far, wrapper and closing tags included.
    var position = 0
    var newlines = 0
    /// False once a carriage return without a line feed was read (libxml2 and the line count would disagree).
    var clean = true
    var pendingReturn = false

    init(source: ChunkSource, prefix: [UInt8], start: Int, end: Int, suffix: [UInt8]) {
        self.source = source
        self.prefix = prefix
        self.start = start
        self.end = end
        self.suffix = suffix
    }

    /// Whether every byte was handed out (libxml2 read to the end).
    var finished: Bool { position == prefix.count + (end - start) + suffix.count }

    /// Fills `buffer` with the next bytes; 0 at the end.
    func next(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        let bodyEnd = prefix.count + (end - start)
        if position < prefix.count {
            return copy(prefix, from: position, into: buffer)
        }
        if position < bodyEnd {
            let want = min(buffer.count, bodyEnd - position)
            let got = source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: start + position - prefix.count)
            count(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            position += got
            return got
        }
        return copy(suffix, from: position - bodyEnd, into: buffer)
    }

    private func copy(_ bytes: [UInt8], from offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let length = min(buffer.count, bytes.count - offset)
        guard length > 0 else { return 0 }
        bytes.withUnsafeBytes { stored in
            guard let from = stored.baseAddress else { return }
            buffer.baseAddress?.copyMemory(from: from + offset, byteCount: length)
        }
        position += length
        return length
    }

    /// Counts line feeds and checks carriage returns in the next bytes of the body.
    private func count(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if pendingReturn, bytes[0] != 0x0A { clean = false }
        pendingReturn = false
        var pointer = base
        let end = base + bytes.count
        while let found = memchr(pointer, 0x0A, end - pointer) {
            newlines += 1
            pointer = UnsafeRawPointer(found) + 1
        }
        var scan = base
        while let found = memchr(scan, 0x0D, end - scan) {
            let next = UnsafeRawPointer(found) + 1
            if next == end {
                pendingReturn = true
            } else if next.load(as: UInt8.self) != 0x0A {
                clean = false
            }
            scan = next
        }
    }

    static let onRead: xmlInputReadCallback = { context, buffer, length in
        guard let context, let buffer, length > 0 else { return -1 }
        let stream = Unmanaged<ChunkStream>.fromOpaque(context).takeUnretainedValue()
        return Int32(stream.next(UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
    }

    static let onClose: xmlInputCloseCallback = { context in
        guard let context else { return -1 }
        Unmanaged<ChunkStream>.fromOpaque(context).release()
        return 0
    }
}
