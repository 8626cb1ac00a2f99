import FabricModel

/// The k-ary fat-tree of Al-Fares, Loukissas and Vahdat (SIGCOMM 2008): k pods of k/2 edge and k/2 aggregation
/// switches, (k/2)² core switches, k³/4 hosts (the accelerators), every switch of radix k, 3k³/4 links.
///
/// Aggregation switch `a` of every pod connects to the core group `a` (cores `a·k/2 ..< (a+1)·k/2`); that
/// group is the design's plane `a`. Hosts sit in the rack of their edge switch.
public struct FatTreeDesign: FabricDesign {
    /// Switch radix (even, ≥ 2).
    public let k: Int
    /// Per-direction bandwidth of every link in bit/s.
    public let bandwidth: Double
    /// Graph-level properties.
    public let properties: DesignProperties

    static let specs = [
        ParameterSpec("k", "4", "switch radix; even, at least 2 (k³/4 hosts, 5k²/4 switches, 3k³/4 links)"),
        ParameterSpec("bandwidth", "400Gb/s", "per-direction bandwidth of every link"),
    ]

    /// Creates a fat-tree; `k` must be even and at least 2.
    public init(k: Int, bandwidth: Double = 400e9, name: String? = nil) throws(DesignError) {
        guard k >= 2, k % 2 == 0, k <= 256 else {
            throw .invalidParameter(
                name: "k", value: String(k),
                hint: "k must be even and from 2 to 256; try \(max(2, min(256, k + (k % 2 == 0 ? 0 : 1))))")
        }
        self.k = k
        self.bandwidth = bandwidth
        let hosts = k * k * k / 4
        properties = DesignProperties(
            family: "fattree", name: name ?? "fattree",
            parameters: [("k", String(k)), ("bandwidth", Bandwidth.format(bitsPerSecond: bandwidth))],
            description: "k-ary fat-tree (Al-Fares et al., SIGCOMM 2008) with k=\(k): \(k) pods of \(k / 2) edge and \(k / 2) "
                + "aggregation switches, \(k * k / 4) core switches, \(hosts) hosts as accelerators, every switch of radix \(k) and every "
                + "link \(Bandwidth.format(bitsPerSecond: bandwidth)) per direction. Aggregation switch a of each pod connects to core "
                + "group a (plane a). Hosts are single-homed to their edge switch and share its rack.",
            accelerators: hosts, singleHomed: true)
    }

    init(_ values: ParameterValues, name: String) throws(DesignError) {
        try self.init(k: values.evenInt("k", in: 2...256), bandwidth: values.bandwidth("bandwidth"), name: name)
    }

    public var deviceCount: Int { k * k * k / 4 + 5 * k * k / 4 }
    public var linkCount: Int { 3 * k * k * k / 4 }

    public func generate<Sink: TopologySink>(into sink: inout Sink) throws(Sink.Failure) {
        let half = k / 2
        let hosts = Int32(k * k * k / 4)
        let edgeBase = hosts
        let aggBase = edgeBase + Int32(k * half)
        let coreBase = aggBase + Int32(k * half)
        try sink.begin(properties: properties.graphData)
        // SRLGs: one rack per edge switch, then one plane per core group.
        for pod in 0..<k {
            for edge in 0..<half { try sink.declareSRLG("rack:p\(pod)-e\(edge)") }
        }
        let planeBase = Int32(k * half)
        for group in 0..<half { try sink.declareSRLG("plane:\(group)") }
        for pod in 0..<k {
            for edge in 0..<half {
                for host in 0..<half {
                    try sink.device(
                        Device(
                            id: "h-p\(pod)-e\(edge)-\(host)", role: .accelerator, tier: 0, pod: "pod-\(pod)",
                            rack: "p\(pod)-e\(edge)", radix: 1))
                }
            }
        }
        for pod in 0..<k {
            for edge in 0..<half {
                try sink.device(Device(id: "edge-p\(pod)-\(edge)", role: .switch, tier: 1, pod: "pod-\(pod)", rack: "p\(pod)-e\(edge)", radix: k))
            }
        }
        for pod in 0..<k {
            for agg in 0..<half {
                try sink.device(Device(id: "agg-p\(pod)-\(agg)", role: .switch, tier: 2, pod: "pod-\(pod)", plane: "plane-\(agg)", radix: k))
            }
        }
        for core in 0..<(half * half) {
            try sink.device(Device(id: "core-\(core)", role: .switch, tier: 3, plane: "plane-\(core / half)", radix: k))
        }
        for host in 0..<hosts {
            let edge = host / Int32(half)
            try sink.link(StreamedLink(source: host, target: edgeBase + edge, bandwidth: bandwidth, medium: .electrical, srlg0: edge))
        }
        for pod in 0..<k {
            for edge in 0..<half {
                let edgeIndex = Int32(pod * half + edge)
                // Single cables between distinct switch pairs: each is its own risk group.
                for agg in 0..<half {
                    try sink.link(
                        StreamedLink(
                            source: edgeBase + edgeIndex, target: aggBase + Int32(pod * half + agg),
                            bandwidth: bandwidth, medium: .optical))
                }
            }
        }
        for pod in 0..<k {
            for agg in 0..<half {
                for member in 0..<half {
                    try sink.link(
                        StreamedLink(
                            source: aggBase + Int32(pod * half + agg), target: coreBase + Int32(agg * half + member),
                            bandwidth: bandwidth, medium: .optical, srlg0: planeBase + Int32(agg)))
                }
            }
        }
        try sink.finish()
    }
}
