import FabricGraph
import FabricGraphML
import FabricModel

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry point: imports the bytes as GraphML from memory, then runs what `fabcheck info` and the
/// connectivity analyses run on any file that imports (summary, CSR build, components, bridges, articulation points).
///
/// Any outcome is fine (a topology, diagnostics or a thrown `GraphMLError`) except a crash, a sanitizer report,
/// a leak, a hang (`-timeout`) or runaway memory (`-rss_limit_mb`).
@_cdecl("LLVMFuzzerTestOneInput")
public func graphMLFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // Small limits keep a single input from asking for gigabytes; the limit paths are fuzzed too.
    let options = ReaderOptions(maxNodes: 20_000, maxLinks: 50_000, maxFileBytes: 1 << 20, maxDiagnosticsPerKind: 5)
    let result: ImportResult
    do {
        result = try GraphMLReader.read(bytes: bytes, fileName: "fuzz.graphml", options: options)
    } catch {
        _ = error.description
        return 0
    }
    for diagnostic in result.diagnostics { _ = diagnostic.description }
    let summary = TopologySummary(result.topology)
    _ = summary.components
    let graph = CSRGraph(result.topology)
    let analysis = graph.connectivity()
    _ = analysis
    return 0
}
