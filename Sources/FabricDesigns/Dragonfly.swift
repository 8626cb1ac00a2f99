import FabricModel

/// The dragonfly of Kim, Dally, Scott and Abts (ISCA 2008): g = a·h + 1 groups of `a` routers, each router
/// with `p` hosts (the accelerators), a full mesh of local links inside a group and `h` global links, exactly
/// one global link between every pair of groups.
///
/// Global-port arrangement ("consecutive"): group `i` numbers its a·h global ports `q = router·h + port`;
/// port `q` of group `i` connects to group `(i + q + 1) mod g`, arriving there on port `g − 2 − q`. Every
/// ordered pair of distinct groups is covered exactly once in each direction, so each unordered pair gets one link.
public struct DragonflyDesign: FabricDesign {
    /// Routers per group.
    public let a: Int
    /// Hosts per router.
    public let p: Int
    /// Global links per router.
    public let h: Int
    /// Per-direction bandwidth of every link in bit/s.
    public let bandwidth: Double
    /// Graph-level properties.
    public let properties: DesignProperties

    static let specs = [
        ParameterSpec("a", "4", "routers per group, at least 2 (balanced: a = 2p = 2h)"),
        ParameterSpec("p", "2", "hosts (accelerators) per router, at least 1"),
        ParameterSpec("h", "2", "global links per router, at least 1 (g = a·h + 1 groups)"),
        ParameterSpec("bandwidth", "400Gb/s", "per-direction bandwidth of every link"),
    ]

    /// Number of groups.
    public var groups: Int { a * h + 1 }

    /// Creates a dragonfly.
    public init(a: Int, p: Int, h: Int, bandwidth: Double = 400e9, name: String? = nil) throws(DesignError) {
        guard a >= 2, a <= 1024 else { throw .invalidParameter(name: "a", value: String(a), hint: "expected 2 to 1024 routers per group") }
        guard p >= 1, p <= 1024 else { throw .invalidParameter(name: "p", value: String(p), hint: "expected 1 to 1024 hosts per router") }
        guard h >= 1, h <= 1024 else { throw .invalidParameter(name: "h", value: String(h), hint: "expected 1 to 1024 global links per router") }
        let groups = a * h + 1
        guard groups * a * p <= 1 << 24 else {
            throw .infeasible("dragonfly a=\(a) p=\(p) h=\(h) has \(groups * a * p) hosts; at most 16,777,216 are supported (lower a or h)")
        }
        self.a = a
        self.p = p
        self.h = h
        self.bandwidth = bandwidth
        let hosts = groups * a * p
        properties = DesignProperties(
            family: "dragonfly", name: name ?? "dragonfly",
            parameters: [("a", String(a)), ("p", String(p)), ("h", String(h)), ("bandwidth", Bandwidth.format(bitsPerSecond: bandwidth))],
            description: "Dragonfly (Kim, Dally, Scott, Abts, ISCA 2008) with a=\(a) routers per group, p=\(p) hosts per router and h=\(h) "
                + "global links per router: g=a·h+1=\(groups) groups, \(hosts) accelerators, \(groups * a) routers of radix "
                + "\(p + a - 1 + h), every link \(Bandwidth.format(bitsPerSecond: bandwidth)) per direction. Routers of a group form a full "
                + "mesh of electrical local links; each pair of groups is joined by exactly one optical global link. Global-port "
                + "arrangement: port q = router·h + port of group i connects to group (i+q+1) mod g, arriving on its port g-2-q.",
            accelerators: hosts, lossless: true, singleHomed: true, virtualLanes: 2)
    }

    init(_ values: ParameterValues, name: String) throws(DesignError) {
        try self.init(
            a: values.int("a", in: 2...1024), p: values.int("p", in: 1...1024), h: values.int("h", in: 1...1024),
            bandwidth: values.bandwidth("bandwidth"), name: name)
    }

    public var deviceCount: Int { groups * a * (p + 1) }
    public var linkCount: Int { groups * a * p + groups * a * (a - 1) / 2 + groups * (groups - 1) / 2 }

    public func generate<Sink: TopologySink>(into sink: inout Sink) throws(Sink.Failure) {
        let g = groups
        let hosts = Int32(g * a * p)
        try sink.begin(properties: properties.graphData)
        // SRLGs: one rack per router (its hosts' access links). Local and global links are single cables between
        // distinct router pairs, so each is its own risk group.
        for group in 0..<g {
            for router in 0..<a { try sink.declareSRLG("rack:g\(group)-r\(router)") }
        }
        for group in 0..<g {
            for router in 0..<a {
                for host in 0..<p {
                    try sink.device(
                        Device(
                            id: "h-g\(group)-r\(router)-\(host)", role: .accelerator, tier: 0, pod: "group-\(group)",
                            rack: "g\(group)-r\(router)", radix: 1))
                }
            }
        }
        for group in 0..<g {
            for router in 0..<a {
                try sink.device(
                    Device(
                        id: "rt-g\(group)-\(router)", role: .switch, tier: 1, pod: "group-\(group)",
                        rack: "g\(group)-r\(router)", radix: p + a - 1 + h))
            }
        }
        for host in 0..<hosts {
            let router = host / Int32(p)
            try sink.link(StreamedLink(source: host, target: hosts + router, bandwidth: bandwidth, medium: .electrical, srlg0: router))
        }
        for group in 0..<g {
            for first in 0..<a {
                for second in (first + 1)..<a {
                    try sink.link(
                        StreamedLink(
                            source: hosts + Int32(group * a + first), target: hosts + Int32(group * a + second),
                            bandwidth: bandwidth, medium: .electrical))
                }
            }
        }
        for group in 0..<g {
            for port in 0..<(a * h) {
                let other = (group + port + 1) % g
                guard group < other else { continue }
                let arrival = g - 2 - port
                try sink.link(
                    StreamedLink(
                        source: hosts + Int32(group * a + port / h), target: hosts + Int32(other * a + arrival / h),
                        bandwidth: bandwidth, medium: .optical))
            }
        }
        try sink.finish()
    }
}
