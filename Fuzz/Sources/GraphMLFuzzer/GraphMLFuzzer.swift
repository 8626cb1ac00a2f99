import FabricGraph
import FabricGraphML
import FabricModel

#if canImport(Glibc)
    import Glibc
#endif

/// Small limits keep a single input from asking for gigabytes; the limit paths are fuzzed too.
let fuzzOptions = ReaderOptions(maxNodes: 20_000, maxLinks: 50_000, maxFileBytes: 1 << 20, maxDiagnosticsPerKind: 5)

/// Scratch file for gzip inputs, one per fuzzer process.
let gzipPath = "/tmp/fabcheck-fuzz-\(getpid()).graphml.gz"

/// libFuzzer entry point: imports the bytes as GraphML, then runs what `fabcheck info` and the connectivity
/// analyses run on any file that imports (summary, CSR build, components, bridges, articulation points).
///
/// Inputs starting with the gzip magic go through the file entry point (libxml2 decompresses them, as for shipped
/// `.graphml.gz` designs); all others through the in-memory entry point. Any outcome is fine (a topology,
/// diagnostics or a thrown `GraphMLError`) except a crash, a sanitizer report, a leak, a hang (`-timeout`) or
/// runaway memory (`-rss_limit_mb`).
@_cdecl("LLVMFuzzerTestOneInput")
public func graphMLFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let result: ImportResult
    do {
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B {
            guard let handle = fopen(gzipPath, "wb") else { return 0 }
            _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, handle) }
            fclose(handle)
            defer { unlink(gzipPath) }
            result = try GraphMLReader.read(file: gzipPath, options: fuzzOptions)
        } else {
            result = try GraphMLReader.read(bytes: bytes, fileName: "fuzz.graphml", options: fuzzOptions)
        }
    } catch {
        _ = error.description
        return 0
    }
    for diagnostic in result.diagnostics { _ = diagnostic.description }
    let summary = TopologySummary(result.topology)
    _ = summary.components
    let graph = CSRGraph(result.topology)
    _ = graph.connectivity()
    return 0
}
