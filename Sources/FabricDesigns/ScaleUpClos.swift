import FabricModel

/// Scale-up domains (NVLink nodes or racks: accelerators fully connected through the domain's switch chips)
/// joined by a scale-out Clos: the DGX SuperPOD and GB200 NVL72 SuperPOD pattern.
///
/// Each accelerator links to every switch chip of its domain with `linksPerChip[chip]` cables (DGX H100:
/// 5/4/4/5 NVLinks to its node's four NVSwitch chips; NVL72: one to each of the rack's 18 chips). Chip `c`
/// of every domain forms scale-up plane `nvl<c>`. The domain is the rack SRLG of its links and access links.
public struct ScaleUpClosDesign: FabricDesign {
    /// Number of scale-up domains.
    public let domains: Int
    /// Accelerators per domain.
    public let acceleratorsPerDomain: Int
    /// Cables from each accelerator to each switch chip of its domain (one entry per chip).
    public let linksPerChip: [Int]
    /// Per-direction bandwidth of a scale-up cable, bit/s.
    public let scaleUpBandwidth: Double
    /// Declared radix of a scale-up switch chip.
    public let chipRadix: Int
    /// The scale-out Clos above the accelerators (`pods · hostsPerPod` must equal the accelerator count).
    public let shape: ClosShape
    /// Graph-level properties.
    public let properties: DesignProperties
    /// Domain names: `su<s>-n<n>` style prefix per domain.
    let domainName: @Sendable (Int) -> String
    /// Pod label of a domain's accelerators.
    let podOfDomain: @Sendable (Int) -> String?
    /// Pod label prefix of the scale-out Clos.
    let closPodLabel: String

    /// Creates the design; the scale-out shape must cover exactly the accelerators.
    init(
        domains: Int, acceleratorsPerDomain: Int, linksPerChip: [Int], scaleUpBandwidth: Double, chipRadix: Int, shape: ClosShape,
        properties: DesignProperties, closPodLabel: String, domainName: @escaping @Sendable (Int) -> String,
        podOfDomain: @escaping @Sendable (Int) -> String?
    ) throws(DesignError) {
        try shape.validate()
        guard shape.pods * shape.hostsPerPod == domains * acceleratorsPerDomain else {
            throw .infeasible(
                "the scale-out Clos covers \(shape.pods * shape.hostsPerPod) accelerators but the domains hold \(domains * acceleratorsPerDomain)")
        }
        let chipPorts = acceleratorsPerDomain * (linksPerChip.max() ?? 0)
        guard chipPorts <= chipRadix else {
            throw .infeasible("a scale-up switch chip needs \(chipPorts) ports but its radix is \(chipRadix)")
        }
        self.domains = domains
        self.acceleratorsPerDomain = acceleratorsPerDomain
        self.linksPerChip = linksPerChip
        self.scaleUpBandwidth = scaleUpBandwidth
        self.chipRadix = chipRadix
        self.shape = shape
        self.properties = properties
        self.domainName = domainName
        self.podOfDomain = podOfDomain
        self.closPodLabel = closPodLabel
    }

    var accelerators: Int { domains * acceleratorsPerDomain }
    var chips: Int { linksPerChip.count }
    var scaleUpLinks: Int { accelerators * linksPerChip.reduce(0, +) }

    public var deviceCount: Int { accelerators + domains * chips + shape.switchCount }
    public var linkCount: Int { scaleUpLinks + shape.linkCount }

    public func generate<Sink: TopologySink>(into sink: inout Sink) throws(Sink.Failure) {
        let chipBase = Int32(accelerators)
        let streamer = ClosStreamer(
            shape: shape, acceleratorBase: 0, switchBase: chipBase + Int32(domains * chips),
            srlgBase: Int32(domains), podLabel: closPodLabel, leavesInRacks: false)
        try sink.begin(properties: properties.graphData)
        for domain in 0..<domains { try sink.declareSRLG("rack:\(domainName(domain))") }
        try streamer.declareSRLGs(&sink)
        let perAccelerator = linksPerChip.reduce(0, +) + shape.planes
        for domain in 0..<domains {
            let name = domainName(domain)
            for local in 0..<acceleratorsPerDomain {
                let global = domain * acceleratorsPerDomain + local
                let podLocal = global % shape.hostsPerPod
                let rail = shape.rails > 1 ? podLocal % shape.rails : nil
                try sink.device(
                    Device(
                        id: "gpu-\(name)-\(local)", role: .accelerator, tier: 0, pod: podOfDomain(domain), rack: name,
                        rail: rail, radix: perAccelerator))
            }
        }
        for domain in 0..<domains {
            let name = domainName(domain)
            for chip in 0..<chips {
                try sink.device(
                    Device(
                        id: "nvsw-\(name)-\(chip)", role: .switch, tier: 1, pod: podOfDomain(domain), rack: name,
                        plane: "nvl\(chip)", radix: chipRadix))
            }
        }
        try streamer.emitSwitches(&sink)
        for domain in 0..<domains {
            for local in 0..<acceleratorsPerDomain {
                let accelerator = Int32(domain * acceleratorsPerDomain + local)
                for (chip, count) in linksPerChip.enumerated() {
                    let target = chipBase + Int32(domain * chips + chip)
                    for _ in 0..<count {
                        try sink.link(
                            StreamedLink(
                                source: accelerator, target: target, bandwidth: scaleUpBandwidth, medium: .electrical,
                                srlg0: Int32(domain)))
                    }
                }
            }
        }
        let perDomain = acceleratorsPerDomain
        try streamer.emitAccessLinks(&sink) { accelerator in Int32(accelerator / perDomain) }
        try streamer.emitFabricLinks(&sink)
        try sink.finish()
    }
}

/// Huawei CloudMatrix384 (Zuo et al. 2025): 48 nodes of 8 NPUs, 4 CPUs and 7 L1 UB switches; 7 planes of 16 L2
/// switches. Each NPU has 2 links to each of its node's 7 L1 switches, each CPU one; L1 `i` of every node
/// connects to all 16 L2 switches of plane `i`.
public struct CloudMatrixDesign: FabricDesign {
    /// Nodes.
    public let nodes: Int
    /// Graph-level properties.
    public let properties: DesignProperties
    let npusPerNode = 8
    let cpusPerNode = 4
    let planes = 7
    let l2PerPlane = 16
    let npuL1Links = 2
    let bandwidth = 224e9

    /// Creates the 48-node CloudMatrix384 (or a smaller one with fewer nodes, at most 48 for 48-port L2 switches).
    public init(nodes: Int = 48, name: String = "cloudmatrix384") throws(DesignError) {
        guard (1...48).contains(nodes) else {
            throw .infeasible("CloudMatrix L2 switches have 48 ports, one per node: use 1 to 48 nodes")
        }
        self.nodes = nodes
        properties = DesignProperties(
            family: "cloudmatrix", name: name, parameters: [("nodes", String(nodes))],
            description: "Huawei CloudMatrix384 supernode (Zuo et al., 'Serving Large Language Models on Huawei CloudMatrix384', 2025): "
                + "\(nodes) nodes of 8 Ascend 910C NPUs, 4 Kunpeng CPUs and 7 L1 UB switches; 7 UB planes of 16 L2 switches of 48 ports. "
                + "Each NPU has 2 links of 28 GB/s per direction to each of its node's 7 L1 switches (392 GB/s), each CPU one link to each; "
                + "L1 switch i of every node connects to all 16 L2 switches of plane i with one 28 GB/s link, so the UB fabric is "
                + "non-blocking. Racks are modelled per node.",
            accelerators: nodes * 8, profile: "superpod", lossless: true, noSPOF: true)
    }

    public var deviceCount: Int { nodes * (npusPerNode + cpusPerNode + planes) + planes * l2PerPlane }
    public var linkCount: Int { nodes * npusPerNode * planes * npuL1Links + nodes * planes * l2PerPlane + nodes * cpusPerNode * planes }

    public func generate<Sink: TopologySink>(into sink: inout Sink) throws(Sink.Failure) {
        let npus = Int32(nodes * npusPerNode)
        let cpuBase = npus
        let l1Base = cpuBase + Int32(nodes * cpusPerNode)
        let l2Base = l1Base + Int32(nodes * planes)
        try sink.begin(properties: properties.graphData)
        // Every NPU and CPU is attached to all 7 planes, so their links carry plane SRLGs (one per plane's
        // cabling); L1–L2 links are single cables between distinct switch pairs, each its own risk group.
        let planeBase: Int32 = 0
        for plane in 0..<planes { try sink.declareSRLG("plane:ub\(plane)") }
        for node in 0..<nodes {
            for npu in 0..<npusPerNode {
                try sink.device(Device(id: "npu-n\(node)-\(npu)", role: .accelerator, tier: 0, rack: "node-\(node)", radix: planes * npuL1Links))
            }
        }
        for node in 0..<nodes {
            for cpu in 0..<cpusPerNode {
                try sink.device(Device(id: "cpu-n\(node)-\(cpu)", role: .cpu, tier: 0, rack: "node-\(node)", radix: planes))
            }
        }
        for node in 0..<nodes {
            for plane in 0..<planes {
                try sink.device(Device(id: "l1-n\(node)-\(plane)", role: .switch, tier: 1, rack: "node-\(node)", plane: "ub\(plane)", radix: 48))
            }
        }
        for plane in 0..<planes {
            for index in 0..<l2PerPlane {
                try sink.device(Device(id: "l2-ub\(plane)-\(index)", role: .switch, tier: 2, plane: "ub\(plane)", radix: 48))
            }
        }
        for npu in 0..<npus {
            let node = Int(npu) / npusPerNode
            for plane in 0..<planes {
                for _ in 0..<npuL1Links {
                    try sink.link(
                        StreamedLink(
                            source: npu, target: l1Base + Int32(node * planes + plane), bandwidth: bandwidth, medium: .electrical,
                            srlg0: planeBase + Int32(plane)))
                }
            }
        }
        for node in 0..<nodes {
            for plane in 0..<planes {
                for index in 0..<l2PerPlane {
                    try sink.link(
                        StreamedLink(
                            source: l1Base + Int32(node * planes + plane), target: l2Base + Int32(plane * l2PerPlane + index),
                            bandwidth: bandwidth, medium: .optical))
                }
            }
        }
        for cpu in 0..<Int32(nodes * cpusPerNode) {
            let node = Int(cpu) / cpusPerNode
            for plane in 0..<planes {
                try sink.link(
                    StreamedLink(
                        source: cpuBase + cpu, target: l1Base + Int32(node * planes + plane), bandwidth: bandwidth,
                        medium: .electrical, srlg0: planeBase + Int32(plane)))
            }
        }
        try sink.finish()
    }
}

/// The SuperCluster recipe: `superpods` copies of the Atlas-950-like 8k SuperPoD (8 UB-Mesh pods of 1,024 NPUs
/// with 16 UB switches) joined by a 3-tier scale-out Clos, one 400 Gb/s NIC per NPU (UBoE/RoCE).
public struct SuperclusterDesign: FabricDesign {
    /// Number of 8k SuperPoDs.
    public let superpods: Int
    /// The UB part (mesh and UB switches of every SuperPoD).
    public let mesh: FullMeshDesign
    /// The scale-out Clos.
    public let shape: ClosShape
    /// Graph-level properties.
    public let properties: DesignProperties

    static let specs = [ParameterSpec("superpods", "2", "number of 8k SuperPoDs, a power of two from 2 to 256 (8,192 NPUs each)")]

    /// Creates a supercluster of `superpods` 8k SuperPoDs (a power of two from 2 to 256).
    public init(superpods: Int, name: String) throws(DesignError) {
        guard superpods >= 2, superpods <= 256, superpods & (superpods - 1) == 0 else {
            throw .invalidParameter(
                name: "superpods", value: String(superpods), hint: "expected a power of two from 2 to 256 (64 gives 524,288 NPUs, 128 gives 1,048,576)")
        }
        self.superpods = superpods
        mesh = try FullMeshDesign(
            dims: [8, 8, 4, 4], bandwidths: [400e9, 400e9, 200e9, 200e9], rackDims: 2, pods: superpods * 8,
            uplinks: .switches(count: 16, podsPerGroup: 8, radix: 512), uplinkBandwidth: 1.2e12)
        shape = ClosShape(
            tiers: 3, pods: superpods, hostsPerPod: 8192, rails: 1, planes: 1, leafDown: 64, spines: 64, leafSpineLinks: 1,
            superspines: 64 * (superpods / 2), spineSuperLinks: 256 / superpods, hostBandwidth: 400e9, fabricBandwidth: 400e9,
            leafRadix: 128, spineRadix: 256, superRadix: 256, tierNames: ["leaf", "spine", "super"])
        try shape.validate()
        let npus = superpods * 8192
        properties = DesignProperties(
            family: "supercluster", name: name, parameters: [("superpods", String(superpods))],
            description: "SuperCluster of \(superpods) Atlas-950-like SuperPoDs (\(npus) NPUs; the Atlas 960 SuperCluster class): each SuperPoD is "
                + "8 UB-Mesh pods of 1,024 NPUs (4D full mesh 8x8x4x4, X/Y 50 GB/s, Z/W 25 GB/s) whose NPUs uplink at 150 GB/s to 16 UB "
                + "switches of radix 512 (pod-local index i to switch i mod 16). Scale-out: one 400 Gb/s NIC per NPU into a 3-tier Clos "
                + "(UBoE/RoCE): 128 leaves of radix 128 per SuperPoD (one per 64-NPU rack, 64 up), 64 spines of radix 256 per SuperPoD, and "
                + "64 stripes of \(superpods / 2) superspines (radix 256), spine j of every SuperPoD to each superspine of stripe j with "
                + "\(256 / superpods) links; non-blocking at every tier. Hypothetical wiring: Huawei has not published it.",
            accelerators: npus, lossless: true, noSPOF: nil, singleHomed: true)
    }

    public var deviceCount: Int { mesh.deviceCount + shape.switchCount }
    public var linkCount: Int { mesh.linkCount + shape.linkCount }

    public func generate<Sink: TopologySink>(into sink: inout Sink) throws(Sink.Failure) {
        let plan = MeshPlan(design: mesh)
        let streamer = ClosStreamer(
            shape: shape, acceleratorBase: 0, switchBase: Int32(mesh.deviceCount), srlgBase: plan.srlgCount,
            podLabel: "superpod", leavesInRacks: false)
        try sink.begin(properties: properties.graphData)
        try plan.declareSRLGs(&sink)
        try streamer.declareSRLGs(&sink)
        try plan.emitAccelerators(&sink, extraRadix: 1)
        try plan.emitSwitches(&sink)
        try streamer.emitSwitches(&sink)
        try plan.emitLinks(&sink)
        // The NIC link is the NPU's second switched path (besides its UB uplink): cabled apart, no shared rack group.
        try streamer.emitAccessLinks(&sink) { _ in -1 }
        try streamer.emitFabricLinks(&sink)
        try sink.finish()
    }
}
