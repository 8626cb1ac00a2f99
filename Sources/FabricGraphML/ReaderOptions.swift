import FabricModel

/// Limits and switches of a GraphML import.
public struct ReaderOptions: Sendable, Equatable {
    /// Refuse files with more nodes than this (hyperedge bus devices included). Default 50,000,000.
    public var maxNodes: Int
    /// Refuse files with more links than this (`<edge>` elements plus hyperedge endpoints). Default 200,000,000.
    public var maxLinks: Int
    /// Refuse files larger than this many bytes: the size on disk, and for a gzip-compressed file also the
    /// decompressed bytes (the parse stops when they pass the limit). Default 16 GiB.
    public var maxFileBytes: Int64
    /// At most this many diagnostics of one kind are reported; the rest are summarised in one note. Default 20.
    public var maxDiagnosticsPerKind: Int
    /// Chunks parsed in parallel: 0 (default) picks from the file size (one per 8 MiB; files under 8 MiB are read
    /// serially), 1 reads serially, n ≥ 2 cuts n chunks where the file allows. Results are the same either way.
    public var chunks: Int

    /// Default limit on nodes.
    public static let defaultMaxNodes = 50_000_000
    /// Default limit on links.
    public static let defaultMaxLinks = 200_000_000
    /// Default limit on the file size (16 GiB).
    public static let defaultMaxFileBytes: Int64 = 16 << 30

    /// Creates options; every limit has a documented default.
    public init(
        maxNodes: Int = ReaderOptions.defaultMaxNodes,
        maxLinks: Int = ReaderOptions.defaultMaxLinks,
        maxFileBytes: Int64 = ReaderOptions.defaultMaxFileBytes,
        maxDiagnosticsPerKind: Int = 20,
        chunks: Int = 0
    ) {
        self.maxNodes = maxNodes
        self.maxLinks = maxLinks
        self.maxFileBytes = maxFileBytes
        self.maxDiagnosticsPerKind = maxDiagnosticsPerKind
        self.chunks = chunks
    }

    /// The default limits.
    public static let `default` = ReaderOptions()
}

/// The outcome of an import: the topology plus the recoverable problems found on the way.
public struct ImportResult: Sendable {
    /// The imported design (incomplete where `diagnostics` holds errors).
    public var topology: Topology
    /// Warnings and errors about the input, in document order.
    public var diagnostics: [Diagnostic]
    /// How many chunks were parsed in parallel: 1 when the serial reader read the file.
    public var parallelChunks = 1

    /// Creates a result.
    public init(topology: Topology, diagnostics: [Diagnostic]) {
        self.topology = topology
        self.diagnostics = diagnostics
    }

    /// True when at least one diagnostic is an error: the input cannot be checked as given.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
