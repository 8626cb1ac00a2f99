import FabricGraphML
import FabricModel

#if canImport(Glibc)
    import Glibc
#endif

/// Small limits keep a single input from asking for gigabytes; the limit paths are fuzzed too (as in GraphMLFuzzer).
let serialOptions = ReaderOptions(maxNodes: 20_000, maxLinks: 50_000, maxFileBytes: 1 << 20, maxDiagnosticsPerKind: 5, chunks: 1)

/// The same limits, the body cut into three chunks wherever the file has lines opening `<node`/`<edge`.
let chunkedOptions = ReaderOptions(maxNodes: 20_000, maxLinks: 50_000, maxFileBytes: 1 << 20, maxDiagnosticsPerKind: 5, chunks: 3)

/// What one import produced, as compared between the two readers: the model, every device's and link's position,
/// the diagnostics' text, or the thrown error's text.
struct Outcome: Equatable {
    var topology: Topology?
    var devicePositions: [SourcePosition] = []
    var linkPositions: [SourcePosition] = []
    var diagnostics: [String] = []
    var error: String?
    var chunks = 0

    init(_ bytes: [UInt8], _ options: ReaderOptions) {
        do {
            let result = try GraphMLReader.read(bytes: bytes, fileName: "fuzz.graphml", options: options)
            topology = result.topology
            devicePositions = result.topology.devices.map(\.position)
            linkPositions = result.topology.links.map(\.position)
            diagnostics = result.diagnostics.map(\.description)
            chunks = result.parallelChunks
        } catch {
            self.error = error.description
        }
    }

    /// Equal results; the number of chunks used is not part of the result.
    static func == (lhs: Outcome, rhs: Outcome) -> Bool {
        lhs.topology == rhs.topology && lhs.devicePositions == rhs.devicePositions && lhs.linkPositions == rhs.linkPositions
            && lhs.diagnostics == rhs.diagnostics && lhs.error == rhs.error
    }

    /// A short account for the crash log.
    var summary: String {
        if let error { return "error: \(error)" }
        let model = topology.map { "\($0.devices.count) devices, \($0.links.count) links" } ?? "no model"
        return "\(chunks) chunk(s), \(model), diagnostics:\n  " + diagnostics.joined(separator: "\n  ")
    }
}

/// libFuzzer entry point, differential: imports the bytes with the serial reader (`chunks: 1`) and with the
/// parallel import (`chunks: 3`, which falls back to the serial reader whenever it cannot prove the same result)
/// and stops the process (a finding) when the two outcomes differ in any way: model, positions, diagnostics or
/// error text. Crashes, sanitizer reports, leaks, hangs and runaway memory are findings as in GraphMLFuzzer.
@_cdecl("LLVMFuzzerTestOneInput")
public func graphMLChunkFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let serial = Outcome(bytes, serialOptions)
    let chunked = Outcome(bytes, chunkedOptions)
    guard serial != chunked else { return 0 }
    let message = "GraphMLChunkFuzzer: serial and chunked imports differ\nserial: \(serial.summary)\nchunked: \(chunked.summary)\n"
    _ = message.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}
