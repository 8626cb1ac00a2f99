import FabricModel

/// The shape of a 2- or 3-tier folded Clos (leaf–spine, leaf–spine–superspine), optionally rail-optimized,
/// multi-plane and oversubscribed, as used by DGX SuperPOD, Alibaba HPN and Meta's RoCE clusters.
///
/// Accelerators are numbered pod by pod; in a rail-optimized design (rails > 1) accelerator `i` of a pod is
/// GPU `i mod rails` of server `i / rails`, and each rail has its own leaves. With `planes` > 1 every
/// accelerator has one link into each plane, and each plane has its own leaves, spines and superspines
/// (dual-homing, HPN's dual-plane). In a 2-tier Clos the spines are shared by all pods (segments); in a
/// 3-tier Clos each pod has its own spines and spine `j` of every pod connects to superspine stripe `j`.
public struct ClosShape: Hashable, Sendable {
    /// 2 or 3.
    public var tiers: Int
    /// Pods (scalable units, segments).
    public var pods: Int
    /// Accelerators per pod.
    public var hostsPerPod: Int
    /// Rails (GPUs per server with one leaf group each); 1 = not rail-optimized.
    public var rails: Int
    /// Planes: each accelerator has one link into each.
    public var planes: Int
    /// Accelerators per leaf.
    public var leafDown: Int
    /// Spines per plane (2-tier) or per pod and plane (3-tier).
    public var spines: Int
    /// Parallel cables between a leaf and each of its spines.
    public var leafSpineLinks: Int
    /// Superspines per plane (3-tier only; a multiple of `spines`).
    public var superspines: Int
    /// Parallel cables between a spine and each superspine of its stripe.
    public var spineSuperLinks: Int
    /// Per-direction bandwidth of accelerator links, bit/s.
    public var hostBandwidth: Double
    /// Per-direction bandwidth of switch-to-switch links, bit/s.
    public var fabricBandwidth: Double
    /// Declared radix of leaves, spines and superspines.
    public var leafRadix: Int
    /// Declared spine radix.
    public var spineRadix: Int
    /// Declared superspine radix.
    public var superRadix: Int
    /// Device-id prefixes of the three switch tiers (`leaf`, `spine`, `super`; HPN: `tor`, `agg`).
    public var tierNames: [String]

    /// Servers per pod.
    public var serversPerPod: Int { hostsPerPod / rails }
    /// Leaves per pod and plane.
    public var leavesPerPod: Int { rails * (serversPerPod / leafDown) }
    /// Leaves of all pods and planes.
    public var leafCount: Int { planes * pods * leavesPerPod }
    /// Spines of all pods and planes.
    public var spineCount: Int { tiers == 2 ? planes * spines : planes * pods * spines }
    /// Superspines of all planes.
    public var superCount: Int { tiers == 3 ? planes * superspines : 0 }
    /// Every switch.
    public var switchCount: Int { leafCount + spineCount + superCount }
    /// Superspines per stripe.
    public var stripeWidth: Int { tiers == 3 ? superspines / spines : 0 }
    /// Accelerator access links.
    public var accessLinks: Int { pods * hostsPerPod * planes }
    /// Leaf–spine cables.
    public var leafSpineCables: Int { leafCount * spines * leafSpineLinks }
    /// Spine–superspine cables.
    public var spineSuperCables: Int { tiers == 3 ? spineCount * stripeWidth * spineSuperLinks : 0 }
    /// Every link.
    public var linkCount: Int { accessLinks + leafSpineCables + spineSuperCables }
    /// Ports used on a leaf.
    public var leafPortsUsed: Int { leafDown + spines * leafSpineLinks }
    /// Ports used on a spine.
    public var spinePortsUsed: Int {
        tiers == 2 ? pods * leavesPerPod * leafSpineLinks : leavesPerPod * leafSpineLinks + stripeWidth * spineSuperLinks
    }
    /// Ports used on a superspine.
    public var superPortsUsed: Int { pods * spineSuperLinks }
    /// Leaf downlink : uplink bandwidth.
    public var leafOversubscription: Double {
        Double(leafDown) * hostBandwidth / (Double(spines * leafSpineLinks) * fabricBandwidth)
    }
    /// Spine downlink : uplink bandwidth (3-tier).
    public var spineOversubscription: Double {
        tiers == 3 ? Double(leavesPerPod * leafSpineLinks) / Double(stripeWidth * spineSuperLinks) : 1
    }
    /// Whether leaves sit in their accelerators' racks (not rail-optimized).
    public var leavesInHostRacks: Bool { rails == 1 }

    /// Checks the shape; the error says what would work.
    public func validate() throws(DesignError) {
        guard tiers == 2 || tiers == 3 else {
            throw .invalidParameter(name: "tiers", value: String(tiers), hint: "expected 2 (leaf–spine) or 3 (leaf–spine–superspine)")
        }
        for (name, value) in [
            ("pods", pods), ("hosts", hostsPerPod), ("rails", rails), ("planes", planes), ("leaf-hosts", leafDown),
            ("spines", spines),
        ] where value < 1 {
            throw .invalidParameter(name: name, value: String(value), hint: "must be at least 1")
        }
        guard hostsPerPod % rails == 0 else {
            throw .invalidParameter(
                name: "hosts", value: String(hostsPerPod), hint: "must be a multiple of rails (\(rails)); try \(hostsPerPod / rails * rails + rails)")
        }
        guard serversPerPod % leafDown == 0 else {
            throw .invalidParameter(
                name: "leaf-hosts", value: String(leafDown),
                hint: "must divide the \(serversPerPod) \(rails > 1 ? "servers" : "accelerators") per pod\(rails > 1 ? " (one leaf group per rail)" : "")")
        }
        guard leafSpineLinks >= 1 else { throw .infeasible("each leaf needs at least one link to each spine") }
        guard pods * hostsPerPod <= 1 << 24 else { throw .infeasible("at most 16,777,216 accelerators are supported") }
        if tiers == 3 {
            guard superspines >= spines, superspines % spines == 0 else {
                throw .invalidParameter(
                    name: "superspines", value: String(superspines),
                    hint: "must be a positive multiple of spines (\(spines)): spine j of each pod connects to stripe j")
            }
            guard spineSuperLinks >= 1 else { throw .infeasible("each spine needs at least one link to each superspine of its stripe") }
        } else if superspines != 0 {
            throw .invalidParameter(name: "superspines", value: String(superspines), hint: "a 2-tier Clos has no superspines; use tiers=3 or superspines=0")
        }
        if leafPortsUsed > leafRadix {
            throw .infeasible(
                "each leaf needs \(leafPortsUsed) ports (\(leafDown) down + \(spines * leafSpineLinks) up) but the radix is \(leafRadix); "
                    + "use a radix of at least \(leafPortsUsed), fewer hosts per leaf, or more oversubscription")
        }
        if spinePortsUsed > spineRadix {
            throw .infeasible(
                "each spine needs \(spinePortsUsed) ports but the radix is \(spineRadix); use a radix of at least \(spinePortsUsed)"
                    + (tiers == 2 ? ", fewer pods or a 3-tier Clos (tiers=3)" : " or more spines per pod"))
        }
        if tiers == 3 && superPortsUsed > superRadix {
            throw .infeasible(
                "each superspine needs \(superPortsUsed) ports (\(pods) pods × \(spineSuperLinks)) but the radix is \(superRadix); "
                    + "use a radix of at least \(superPortsUsed) or more superspines")
        }
    }

    func planeName(_ plane: Int) -> String {
        planes <= 26 ? String(UnicodeScalar(UInt8(65 + plane))) : "P\(plane)"
    }

    func leafID(plane: Int, pod: Int, leaf: Int) -> String {
        let prefix = planes > 1 ? "\(tierNames[0])-\(planeName(plane))" : tierNames[0]
        return pods > 1 ? "\(prefix)-p\(pod)-\(leaf)" : "\(prefix)-\(leaf)"
    }

    func spineID(plane: Int, pod: Int, spine: Int) -> String {
        let prefix = planes > 1 ? "\(tierNames[1])-\(planeName(plane))" : tierNames[1]
        return tiers == 3 && pods > 1 ? "\(prefix)-p\(pod)-\(spine)" : "\(prefix)-\(spine)"
    }

    func superID(plane: Int, index: Int) -> String {
        planes > 1 ? "\(tierNames[2])-\(planeName(plane))-\(index)" : "\(tierNames[2])-\(index)"
    }

    /// The pod-local leaf of accelerator `i`.
    @inline(__always)
    func leafOf(_ local: Int) -> Int {
        (local % rails) * (serversPerPod / leafDown) + (local / rails) / leafDown
    }
}

/// Streams the switches and links of a `ClosShape` above accelerators a compound design already emitted.
struct ClosStreamer {
    let shape: ClosShape
    /// Device index of the first accelerator (accelerators are contiguous, pod by pod).
    let acceleratorBase: Int32
    /// Device index of the first leaf (switches follow in leaf, spine, superspine order).
    let switchBase: Int32
    /// SRLG index of the first plane (planes, then leaf–spine bundles, then spine–super bundles).
    let srlgBase: Int32
    /// Pod labels (`pod-3`, `su-3`, `segment-3`).
    let podLabel: String
    /// Whether leaves sit in their hosts' racks, named `p<pod>-r<leaf>` (`r<leaf>` with one pod).
    let leavesInRacks: Bool

    func leafRack(_ pod: Int, _ leaf: Int) -> String? {
        guard leavesInRacks else { return nil }
        return shape.pods > 1 ? "p\(pod)-r\(leaf)" : "r\(leaf)"
    }

    var leafBase: Int32 { switchBase }
    var spineBase: Int32 { switchBase + Int32(shape.leafCount) }
    var superBase: Int32 { spineBase + Int32(shape.spineCount) }
    var hasPlaneSRLGs: Bool { shape.planes > 1 }
    var planeSRLGCount: Int32 { hasPlaneSRLGs ? Int32(shape.planes) : 0 }
    var leafBundleBase: Int32 { srlgBase + planeSRLGCount }
    var leafBundleCount: Int32 { shape.leafSpineLinks > 1 ? Int32(shape.leafCount * shape.spines) : 0 }
    var superBundleBase: Int32 { leafBundleBase + leafBundleCount }
    var superBundleCount: Int32 { shape.tiers == 3 && shape.spineSuperLinks > 1 ? Int32(shape.spineCount * shape.stripeWidth) : 0 }
    /// SRLGs this streamer declares.
    var srlgCount: Int32 { planeSRLGCount + leafBundleCount + superBundleCount }

    func planeSRLG(_ plane: Int) -> Int32 { hasPlaneSRLGs ? srlgBase + Int32(plane) : -1 }

    func declareSRLGs<Sink: TopologySink>(_ sink: inout Sink) throws(Sink.Failure) {
        if hasPlaneSRLGs {
            for plane in 0..<shape.planes { try sink.declareSRLG("plane:\(shape.planeName(plane))") }
        }
        if leafBundleCount > 0 {
            for plane in 0..<shape.planes {
                for pod in 0..<shape.pods {
                    for leaf in 0..<shape.leavesPerPod {
                        for spine in 0..<shape.spines {
                            try sink.declareSRLG(
                                "bundle:\(shape.leafID(plane: plane, pod: pod, leaf: leaf))~\(shape.spineID(plane: plane, pod: pod, spine: spine))")
                        }
                    }
                }
            }
        }
        if superBundleCount > 0 {
            for plane in 0..<shape.planes {
                for pod in 0..<shape.pods {
                    for spine in 0..<shape.spines {
                        for member in 0..<shape.stripeWidth {
                            let index = spine * shape.stripeWidth + member
                            try sink.declareSRLG("bundle:\(shape.spineID(plane: plane, pod: pod, spine: spine))~\(shape.superID(plane: plane, index: index))")
                        }
                    }
                }
            }
        }
    }

    func emitSwitches<Sink: TopologySink>(_ sink: inout Sink) throws(Sink.Failure) {
        for plane in 0..<shape.planes {
            let planeName = shape.planes > 1 ? shape.planeName(plane) : nil
            for pod in 0..<shape.pods {
                for leaf in 0..<shape.leavesPerPod {
                    let rail = shape.rails > 1 ? leaf / (shape.serversPerPod / shape.leafDown) : nil
                    try sink.device(
                        Device(
                            id: shape.leafID(plane: plane, pod: pod, leaf: leaf), role: .switch, tier: 1,
                            pod: "\(podLabel)-\(pod)", rack: leafRack(pod, leaf), plane: planeName, rail: rail,
                            radix: shape.leafRadix))
                }
            }
        }
        for plane in 0..<shape.planes {
            let planeName = shape.planes > 1 ? shape.planeName(plane) : nil
            for pod in 0..<(shape.tiers == 3 ? shape.pods : 1) {
                for spine in 0..<shape.spines {
                    try sink.device(
                        Device(
                            id: shape.spineID(plane: plane, pod: pod, spine: spine), role: .switch, tier: 2,
                            pod: shape.tiers == 3 ? "\(podLabel)-\(pod)" : nil, plane: planeName, radix: shape.spineRadix))
                }
            }
        }
        if shape.tiers == 3 {
            for plane in 0..<shape.planes {
                let planeName = shape.planes > 1 ? shape.planeName(plane) : nil
                for index in 0..<shape.superspines {
                    try sink.device(
                        Device(
                            id: shape.superID(plane: plane, index: index), role: .switch, tier: 3, plane: planeName,
                            radix: shape.superRadix))
                }
            }
        }
    }

    /// Access links (each accelerator's link into each plane). A single-homed accelerator's link carries its rack
    /// SRLG (`rackSRLG`); a multi-plane accelerator's links carry their plane's SRLG instead (cabled diversely).
    func emitAccessLinks<Sink: TopologySink>(_ sink: inout Sink, rackSRLG: (Int) -> Int32) throws(Sink.Failure) {
        let medium: Medium = shape.leavesInHostRacks ? .electrical : .optical
        for pod in 0..<shape.pods {
            for local in 0..<shape.hostsPerPod {
                let accelerator = pod * shape.hostsPerPod + local
                let leaf = shape.leafOf(local)
                let rack = shape.planes == 1 ? rackSRLG(accelerator) : -1
                for plane in 0..<shape.planes {
                    let target = leafBase + Int32((plane * shape.pods + pod) * shape.leavesPerPod + leaf)
                    try sink.link(
                        StreamedLink(
                            source: acceleratorBase + Int32(accelerator), target: target, bandwidth: shape.hostBandwidth,
                            medium: medium, srlg0: rack, srlg1: planeSRLG(plane)))
                }
            }
        }
    }

    /// Leaf–spine and spine–superspine cables, carrying the cable bundle of their switch pair when it has several.
    func emitFabricLinks<Sink: TopologySink>(_ sink: inout Sink) throws(Sink.Failure) {
        var bundle = leafBundleBase
        for plane in 0..<shape.planes {
            for pod in 0..<shape.pods {
                for leaf in 0..<shape.leavesPerPod {
                    let source = leafBase + Int32((plane * shape.pods + pod) * shape.leavesPerPod + leaf)
                    for spine in 0..<shape.spines {
                        let target =
                            shape.tiers == 2
                            ? spineBase + Int32(plane * shape.spines + spine)
                            : spineBase + Int32((plane * shape.pods + pod) * shape.spines + spine)
                        let bundleIndex: Int32 = shape.leafSpineLinks > 1 ? bundle : -1
                        for _ in 0..<shape.leafSpineLinks {
                            try sink.link(
                                StreamedLink(
                                    source: source, target: target, bandwidth: shape.fabricBandwidth, medium: .optical,
                                    srlg0: bundleIndex))
                        }
                        if shape.leafSpineLinks > 1 { bundle += 1 }
                    }
                }
            }
        }
        guard shape.tiers == 3 else { return }
        bundle = superBundleBase
        for plane in 0..<shape.planes {
            for pod in 0..<shape.pods {
                for spine in 0..<shape.spines {
                    let source = spineBase + Int32((plane * shape.pods + pod) * shape.spines + spine)
                    for member in 0..<shape.stripeWidth {
                        let target = superBase + Int32(plane * shape.superspines + spine * shape.stripeWidth + member)
                        let bundleIndex: Int32 = shape.spineSuperLinks > 1 ? bundle : -1
                        for _ in 0..<shape.spineSuperLinks {
                            try sink.link(
                                StreamedLink(
                                    source: source, target: target, bandwidth: shape.fabricBandwidth, medium: .optical,
                                    srlg0: bundleIndex))
                        }
                        if shape.spineSuperLinks > 1 { bundle += 1 }
                    }
                }
            }
        }
    }
}

/// A parameterized 2- or 3-tier Clos: accelerators, their racks, and a `ClosShape` above them.
public struct ClosDesign: FabricDesign {
    /// The shape.
    public let shape: ClosShape
    /// Graph-level properties.
    public let properties: DesignProperties
    /// Pod label prefix.
    let podLabel: String
    /// Accelerator id prefix (`acc`, `gpu`).
    let hostPrefix: String

    static let specs = [
        ParameterSpec("tiers", "2", "2 (leaf–spine, spines shared by all pods) or 3 (per-pod spines, superspine stripes)"),
        ParameterSpec("pods", "1", "pods (scalable units, segments)"),
        ParameterSpec("hosts", "64", "accelerators per pod"),
        ParameterSpec("rails", "1", "rails: accelerators per server, each rail with its own leaves (1 = not rail-optimized)"),
        ParameterSpec("planes", "1", "planes: each accelerator has one link into each (2 = dual-homed, dual-plane)"),
        ParameterSpec("leaf-hosts", "16", "accelerators (rail-optimized: servers) per leaf"),
        ParameterSpec("spines", "2", "spines per plane (2-tier) or per pod and plane (3-tier)"),
        ParameterSpec("leaf-uplinks", "0", "uplink cables per leaf, a multiple of spines (0 = from leaf-oversubscription)"),
        ParameterSpec("leaf-oversubscription", "1", "leaf downlink : uplink bandwidth (1 = non-blocking)"),
        ParameterSpec("superspines", "0", "superspines per plane (3-tier), a multiple of spines"),
        ParameterSpec("spine-uplinks", "0", "uplink cables per spine (3-tier; 0 = from spine-oversubscription)"),
        ParameterSpec("spine-oversubscription", "1", "spine downlink : uplink bandwidth (3-tier)"),
        ParameterSpec("host-bandwidth", "400Gb/s", "per-direction bandwidth of accelerator links"),
        ParameterSpec("fabric-bandwidth", "400Gb/s", "per-direction bandwidth of switch-to-switch links"),
        ParameterSpec("radix", "64", "ports per switch (every tier)"),
    ]

    /// Creates a Clos design from a validated shape.
    public init(
        shape: ClosShape, name: String? = nil, family: String = "clos", description: String? = nil, podLabel: String = "pod",
        hostPrefix: String = "acc", lossless: Bool? = nil, noSPOF: Bool? = nil, singleHomed: Bool? = nil
    ) throws(DesignError) {
        try shape.validate()
        self.shape = shape
        self.podLabel = podLabel
        self.hostPrefix = hostPrefix
        let total = shape.pods * shape.hostsPerPod
        let parameters: [(String, String)] = [
            ("tiers", String(shape.tiers)), ("pods", String(shape.pods)), ("hosts", String(shape.hostsPerPod)), ("rails", String(shape.rails)),
            ("planes", String(shape.planes)), ("leaf-hosts", String(shape.leafDown)), ("spines", String(shape.spines)),
            ("leaf-spine-links", String(shape.leafSpineLinks)), ("superspines", String(shape.superspines)),
            ("spine-superspine-links", String(shape.spineSuperLinks)),
            ("host-bandwidth", Bandwidth.format(bitsPerSecond: shape.hostBandwidth)),
            ("fabric-bandwidth", Bandwidth.format(bitsPerSecond: shape.fabricBandwidth)),
            ("radix", "\(shape.leafRadix),\(shape.spineRadix),\(shape.superRadix)"),
        ]
        let generic =
            "\(shape.tiers)-tier Clos: \(shape.pods) pod(s) of \(shape.hostsPerPod) accelerators"
            + (shape.rails > 1 ? ", rail-optimized with \(shape.rails) rails" : "")
            + (shape.planes > 1 ? ", \(shape.planes) planes (each accelerator dual-homed, one link per plane)" : "")
            + "; \(shape.leafCount) leaves of \(shape.leafDown) accelerators, \(shape.spineCount) spines"
            + (shape.tiers == 3 ? ", \(shape.superCount) superspines in stripes of \(shape.stripeWidth)" : "")
            + "; leaf oversubscription \(Bandwidth.trimmedNumber(shape.leafOversubscription)):1"
            + (shape.tiers == 3 ? ", spine oversubscription \(Bandwidth.trimmedNumber(shape.spineOversubscription)):1" : "")
            + "; accelerator links \(Bandwidth.format(bitsPerSecond: shape.hostBandwidth)), fabric links "
            + "\(Bandwidth.format(bitsPerSecond: shape.fabricBandwidth)) per direction."
        properties = DesignProperties(
            family: family, name: name ?? family, parameters: parameters, description: description ?? generic,
            accelerators: total, lossless: lossless, noSPOF: noSPOF ?? (shape.planes > 1 ? true : nil),
            singleHomed: singleHomed ?? (shape.planes == 1 ? true : nil))
    }

    init(_ values: ParameterValues, name: String) throws(DesignError) {
        let tiers = try values.int("tiers", in: 2...3)
        let spines = try values.int("spines", in: 1...65536)
        let leafDown = try values.int("leaf-hosts", in: 1...65536)
        let hostBandwidth = try values.bandwidth("host-bandwidth")
        let fabricBandwidth = try values.bandwidth("fabric-bandwidth")
        var leafUplinks = try values.int("leaf-uplinks", in: 0...65536)
        if leafUplinks == 0 {
            let ratio = try values.ratio("leaf-oversubscription")
            leafUplinks = Int((Double(leafDown) * hostBandwidth / (ratio * fabricBandwidth)).rounded(.up))
        }
        guard leafUplinks % spines == 0 else {
            throw .infeasible(
                "each leaf has \(leafUplinks) uplinks, not a multiple of \(spines) spines; use a spine count dividing \(leafUplinks) "
                    + "or set leaf-uplinks to a multiple of \(spines)")
        }
        let pods = try values.int("pods", in: 1...65536)
        let hosts = try values.int("hosts", in: 1...(1 << 24))
        let rails = try values.int("rails", in: 1...1024)
        var shape = try ClosShape(
            tiers: tiers, pods: pods, hostsPerPod: hosts, rails: rails, planes: values.int("planes", in: 1...16),
            leafDown: leafDown, spines: spines, leafSpineLinks: leafUplinks / spines, superspines: 0, spineSuperLinks: 0,
            hostBandwidth: hostBandwidth, fabricBandwidth: fabricBandwidth, leafRadix: 0, spineRadix: 0, superRadix: 0,
            tierNames: ["leaf", "spine", "super"])
        let radix = try values.int("radix", in: 2...65536)
        shape.leafRadix = radix
        shape.spineRadix = radix
        shape.superRadix = radix
        if tiers == 3 {
            let superspines = try values.int("superspines", in: 1...65536)
            shape.superspines = superspines
            guard superspines % spines == 0 else {
                throw .invalidParameter(
                    name: "superspines", value: String(superspines),
                    hint: "must be a multiple of spines (\(spines)); try \(spines * max(1, superspines / spines))")
            }
            var spineUplinks = try values.int("spine-uplinks", in: 0...65536)
            if spineUplinks == 0 {
                var probe = shape
                probe.spineSuperLinks = 1
                probe.spineRadix = Int.max
                probe.superRadix = Int.max
                try probe.validate()
                let ratio = try values.ratio("spine-oversubscription")
                spineUplinks = Int((Double(shape.leavesPerPod * shape.leafSpineLinks) / ratio).rounded(.up))
            }
            let width = superspines / spines
            guard spineUplinks % width == 0 else {
                throw .infeasible(
                    "each spine has \(spineUplinks) uplinks, not a multiple of its stripe of \(width) superspines; "
                        + "set spine-uplinks to a multiple of \(width)")
            }
            shape.spineSuperLinks = spineUplinks / width
        }
        try self.init(shape: shape, name: name)
    }

    public var deviceCount: Int { shape.pods * shape.hostsPerPod + shape.switchCount }
    public var linkCount: Int { shape.linkCount }

    /// Racks per pod: one per leaf (rails == 1) or one per server (rail-optimized).
    var racksPerPod: Int { shape.rails == 1 ? shape.serversPerPod / shape.leafDown : shape.serversPerPod }

    func rackName(pod: Int, rack: Int) -> String { shape.pods > 1 ? "p\(pod)-r\(rack)" : "r\(rack)" }

    public func generate<Sink: TopologySink>(into sink: inout Sink) throws(Sink.Failure) {
        let racksPerPod = racksPerPod
        let shape = shape
        let rackCount = shape.pods * racksPerPod
        let streamer = ClosStreamer(
            shape: shape, acceleratorBase: 0, switchBase: Int32(shape.pods * shape.hostsPerPod),
            srlgBase: Int32(shape.planes == 1 ? rackCount : 0), podLabel: podLabel, leavesInRacks: shape.rails == 1)
        try sink.begin(properties: properties.graphData)
        // Rack SRLGs hold single-homed access links; a multi-plane design's access links carry plane SRLGs.
        if shape.planes == 1 {
            for pod in 0..<shape.pods {
                for rack in 0..<racksPerPod { try sink.declareSRLG("rack:\(rackName(pod: pod, rack: rack))") }
            }
        }
        try streamer.declareSRLGs(&sink)
        for pod in 0..<shape.pods {
            for local in 0..<shape.hostsPerPod {
                let rack = shape.rails == 1 ? local / shape.leafDown : local / shape.rails
                let rail = shape.rails > 1 ? local % shape.rails : nil
                let position = shape.rails > 1 ? "s\(local / shape.rails)-\(local % shape.rails)" : String(local)
                let id = shape.pods > 1 ? "\(hostPrefix)-p\(pod)-\(position)" : "\(hostPrefix)-\(position)"
                try sink.device(
                    Device(
                        id: id, role: .accelerator, tier: 0, pod: "\(podLabel)-\(pod)", rack: rackName(pod: pod, rack: rack),
                        rail: rail, radix: shape.planes))
            }
        }
        try streamer.emitSwitches(&sink)
        try streamer.emitAccessLinks(&sink) { accelerator in
            let local = accelerator % shape.hostsPerPod
            let rack = shape.rails == 1 ? local / shape.leafDown : local / shape.rails
            return Int32(accelerator / shape.hostsPerPod * racksPerPod + rack)
        }
        try streamer.emitFabricLinks(&sink)
        try sink.finish()
    }
}
