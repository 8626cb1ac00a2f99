import FabricModel

/// How the accelerators of a full mesh reach beyond it.
public enum MeshUplinks: Hashable, Sendable {
    /// No switched uplinks: the mesh is the whole fabric.
    case none
    /// One switch layer per group of `podsPerGroup` pods: the accelerator with pod-local index `i` has one
    /// uplink to switch `i mod switches` of its group (the Atlas-950-like arrangement).
    case switches(count: Int, podsPerGroup: Int, radix: Int)
    /// Two-tier switched planes: in every rack, one L1 switch per plane takes one uplink from each accelerator
    /// of the rack; every L1 connects to each of its plane's `spines` L2 switches with rackSize/spines cables.
    case planes(count: Int, spines: Int, radix: Int)
}

/// An n-dimensional full mesh (UB-Mesh, Liao et al. 2025): in every dimension, each accelerator links directly
/// to every other accelerator that differs from it only in that coordinate, with per-dimension bandwidth;
/// `pods` copies of the mesh, optionally joined by switched uplinks.
///
/// The first `rackDims` dimensions lie inside a rack (electrical links, the rack's SRLG); links along the
/// other dimensions join racks (optical, both racks' SRLGs plus the cable bundle of that rack pair).
public struct FullMeshDesign: FabricDesign {
    /// Size of each dimension.
    public let dims: [Int]
    /// Per-direction bandwidth of each dimension's links, in bit/s.
    public let bandwidths: [Double]
    /// How many leading dimensions lie inside one rack.
    public let rackDims: Int
    /// Number of mesh copies.
    public let pods: Int
    /// Switched uplinks, if any.
    public let uplinks: MeshUplinks
    /// Per-direction bandwidth of every uplink (and L1–L2 link), in bit/s.
    public let uplinkBandwidth: Double
    /// Graph-level properties.
    public let properties: DesignProperties

    static let specs = [
        ParameterSpec("dims", "8,8,4,4", "size of each dimension (board X, rack Y, row Z, column W), each at least 2"),
        ParameterSpec(
            "bandwidths", "50GB/s,50GB/s,25GB/s,25GB/s",
            "per-direction bandwidth per dimension, or one for all (default: 50GB/s inside a rack, 25GB/s between racks)"),
        ParameterSpec("rack-dims", "2", "how many leading dimensions lie inside one rack"),
        ParameterSpec("pods", "1", "number of copies of the mesh"),
        ParameterSpec("switches", "0", "single-tier switched uplinks: accelerator i of each pod to switch i mod switches (0 = none)"),
        ParameterSpec("planes", "0", "two-tier switched planes: one L1 per rack and plane, `spines` L2 per plane (0 = none)"),
        ParameterSpec("spines", "32", "L2 switches per plane when planes > 0 (must divide the rack size)"),
        ParameterSpec("uplink-bandwidth", "150GB/s", "per-direction bandwidth of every uplink and L1–L2 link"),
        ParameterSpec("switch-radix", "512", "ports per uplink switch (single tier) or per L2 switch (planes)"),
    ]

    /// Accelerators per pod.
    public var podSize: Int { dims.reduce(1, *) }
    /// Accelerators per rack.
    public var rackSize: Int { dims.prefix(rackDims).reduce(1, *) }
    /// Racks per pod.
    public var racksPerPod: Int { podSize / rackSize }

    /// Creates a full-mesh design; throws a usage error naming what would work when a switch would exceed its radix.
    public init(
        dims: [Int], bandwidths: [Double], rackDims: Int, pods: Int = 1, uplinks: MeshUplinks = .none,
        uplinkBandwidth: Double = 1.2e12, name: String? = nil, family: String = "fullmesh", description: String? = nil,
        profile: String? = nil
    ) throws(DesignError) {
        guard (1...8).contains(dims.count), dims.allSatisfy({ (2...1024).contains($0) }) else {
            throw .invalidParameter(
                name: "dims", value: dims.map(String.init).joined(separator: ","),
                hint: "expected 1 to 8 dimensions, each of size 2 to 1024")
        }
        guard bandwidths.count == dims.count else {
            throw .invalidParameter(name: "bandwidths", value: String(bandwidths.count), hint: "expected one bandwidth per dimension (\(dims.count))")
        }
        guard (0...dims.count).contains(rackDims) else {
            throw .invalidParameter(name: "rack-dims", value: String(rackDims), hint: "expected 0 to \(dims.count)")
        }
        guard pods >= 1 else { throw .invalidParameter(name: "pods", value: String(pods), hint: "expected at least 1 pod") }
        let podSize = dims.reduce(1, *)
        let rackSize = dims.prefix(rackDims).reduce(1, *)
        guard podSize * pods <= 1 << 24 else {
            throw .infeasible("\(podSize * pods) accelerators requested; at most 16,777,216 are supported (lower pods or dims)")
        }
        switch uplinks {
        case .none: break
        case .switches(let count, let group, let radix):
            guard count >= 1 else { throw .invalidParameter(name: "switches", value: String(count), hint: "expected at least 1 switch") }
            guard group >= 1, pods % group == 0 else {
                throw .infeasible("\(pods) pods cannot be split into switch groups of \(group) pods")
            }
            let ports = group * ((podSize + count - 1) / count)
            if ports > radix {
                let needed = (group * podSize + radix - 1) / radix
                throw .infeasible(
                    "each of \(count) uplink switches needs \(ports) ports but the switch radix is \(radix); "
                        + "use at least \(needed) switches or a switch radix of at least \(ports)")
            }
        case .planes(let count, let spines, let radix):
            guard count >= 1 else { throw .invalidParameter(name: "planes", value: String(count), hint: "expected at least 1 plane") }
            guard spines >= 1, rackSize % spines == 0 else {
                throw .invalidParameter(
                    name: "spines", value: String(spines),
                    hint: "the rack size \(rackSize) must be a multiple of the L2 count; try a divisor of \(rackSize)")
            }
            let racks = pods * (podSize / rackSize)
            let ports = racks * (rackSize / spines)
            if ports > radix {
                throw .infeasible(
                    "each L2 switch needs \(ports) ports (\(racks) racks × \(rackSize / spines) links) but the switch radix is "
                        + "\(radix); use a radix of at least \(ports) or more spines (each rack's \(rackSize) uplinks spread over them)")
            }
        }
        self.dims = dims
        self.bandwidths = bandwidths
        self.rackDims = rackDims
        self.pods = pods
        self.uplinks = uplinks
        self.uplinkBandwidth = uplinkBandwidth
        let total = podSize * pods
        var parameters: [(String, String)] = [
            ("dims", dims.map(String.init).joined(separator: ",")),
            ("bandwidths", bandwidths.map { Bandwidth.format(bitsPerSecond: $0) }.joined(separator: ",")),
            ("rack-dims", String(rackDims)), ("pods", String(pods)),
        ]
        var uplinkText = ""
        switch uplinks {
        case .none: break
        case .switches(let count, let group, let radix):
            parameters += [
                ("switches", String(count)), ("pods-per-switch-group", String(group)), ("switch-radix", String(radix)),
                ("uplink-bandwidth", Bandwidth.format(bitsPerSecond: uplinkBandwidth)),
            ]
            uplinkText =
                " Every accelerator has one \(Bandwidth.format(bitsPerSecond: uplinkBandwidth)) uplink: pod-local index i to switch "
                + "i mod \(count) of its group of \(group) pods (radix \(radix))."
        case .planes(let count, let spines, let radix):
            parameters += [
                ("planes", String(count)), ("spines", String(spines)), ("switch-radix", String(radix)),
                ("uplink-bandwidth", Bandwidth.format(bitsPerSecond: uplinkBandwidth)),
            ]
            uplinkText =
                " \(count) switched planes: in each rack one L1 switch per plane (radix \(2 * rackSize)) takes one "
                + "\(Bandwidth.format(bitsPerSecond: uplinkBandwidth)) uplink from every accelerator of the rack and connects with "
                + "\(rackSize / spines) cables to each of the plane's \(spines) L2 switches (radix \(radix)), 1:1."
        }
        let shape = dims.map(String.init).joined(separator: "x")
        properties = DesignProperties(
            family: family, name: name ?? family, parameters: parameters,
            description: description
                ?? ("\(dims.count)-dimensional full mesh \(shape) (UB-Mesh, Liao et al. 2025)\(pods > 1 ? " × \(pods) pods" : ""): "
                    + "\(total) accelerators, each linked directly to every accelerator differing in one coordinate; per-dimension bandwidth "
                    + bandwidths.map { Bandwidth.format(bitsPerSecond: $0) }.joined(separator: ", ")
                    + "; the first \(rackDims) dimensions lie inside a rack of \(rackSize)." + uplinkText),
            accelerators: total, profile: profile, lossless: true, noSPOF: true)
    }

    init(_ values: ParameterValues, name: String) throws(DesignError) {
        let dims = try values.intList("dims", in: 2...1024)
        let switches = try values.int("switches", in: 0...65536)
        let planes = try values.int("planes", in: 0...64)
        let radix = try values.int("switch-radix", in: 2...65536)
        let pods = try values.int("pods", in: 1...16384)
        if switches > 0 && planes > 0 {
            throw .infeasible("choose either single-tier switched uplinks (switches) or two-tier planes (planes), not both")
        }
        let uplinks: MeshUplinks =
            switches > 0
            ? .switches(count: switches, podsPerGroup: pods, radix: radix)
            : planes > 0 ? .planes(count: planes, spines: try values.int("spines", in: 1...65536), radix: radix) : .none
        let rackDims = try values.int("rack-dims", in: 0...dims.count)
        // Without explicit bandwidths: 50 GB/s inside a rack, 25 GB/s between racks (the UB-Mesh default).
        let bandwidths =
            values.given["bandwidths"] == nil
            ? dims.indices.map { $0 < rackDims ? 400e9 : 200e9 } : try values.bandwidthList("bandwidths", count: dims.count)
        try self.init(
            dims: dims, bandwidths: bandwidths, rackDims: rackDims, pods: pods,
            uplinks: uplinks, uplinkBandwidth: values.bandwidth("uplink-bandwidth"), name: name)
    }

    /// Links of one pod's mesh.
    public var meshLinksPerPod: Int { dims.reduce(0) { $0 + podSize * ($1 - 1) / 2 } }

    /// Number of switches of the uplink layer.
    public var switchCount: Int {
        switch uplinks {
        case .none: 0
        case .switches(let count, let group, _): pods / group * count
        case .planes(let count, let spines, _): count * (pods * racksPerPod + spines)
        }
    }

    public var deviceCount: Int { pods * podSize + switchCount }

    public var linkCount: Int {
        let mesh = pods * meshLinksPerPod
        switch uplinks {
        case .none: return mesh
        case .switches: return mesh + pods * podSize
        case .planes(let count, _, _): return mesh + 2 * count * pods * podSize
        }
    }

    /// Bundles (rack pairs joined along one inter-rack dimension) per pod.
    var bundlesPerPod: Int { racksPerPod * dims.dropFirst(rackDims).reduce(0) { $0 + $1 - 1 } / 2 }

    /// SRLGs per pod: racks then bundles.
    var srlgsPerPod: Int { racksPerPod + bundlesPerPod }

    /// Bundle index within a pod for (rack, inter-rack dimension offset, other coordinate), built once.
    func bundleTable() -> (table: [Int32], offsets: [Int], names: [String]) {
        let rackDimsSizes = Array(dims.dropFirst(rackDims))
        var offsets: [Int] = [0]
        for size in rackDimsSizes { offsets.append(offsets[offsets.count - 1] + size) }
        let width = offsets[offsets.count - 1]
        var table = [Int32](repeating: -1, count: racksPerPod * width)
        var names: [String] = []
        var rackStrides = [Int](repeating: 1, count: rackDimsSizes.count)
        for dim in rackDimsSizes.indices.dropFirst() { rackStrides[dim] = rackStrides[dim - 1] * rackDimsSizes[dim - 1] }
        for rack in 0..<racksPerPod {
            let coordinates = rackDimsSizes.indices.map { rack / rackStrides[$0] % rackDimsSizes[$0] }
            for dim in rackDimsSizes.indices {
                for other in (coordinates[dim] + 1)..<max(rackDimsSizes[dim], coordinates[dim] + 1) {
                    let otherRack = rack + (other - coordinates[dim]) * rackStrides[dim]
                    let index = Int32(racksPerPod + names.count)
                    var otherCoordinates = coordinates
                    otherCoordinates[dim] = other
                    names.append("\(rackLabel(coordinates))~\(rackLabel(otherCoordinates))")
                    table[rack * width + offsets[dim] + other] = index
                    table[otherRack * width + offsets[dim] + coordinates[dim]] = index
                }
            }
        }
        return (table, offsets, names)
    }

    func rackLabel(_ rackCoordinates: [Int]) -> String {
        rackCoordinates.isEmpty ? "r" : "r" + rackCoordinates.map(String.init).joined(separator: "-")
    }

    func podLabel(_ pod: Int) -> String { "p\(pod)" }

    public func generate<Sink: TopologySink>(into sink: inout Sink) throws(Sink.Failure) {
        try sink.begin(properties: properties.graphData)
        let plan = MeshPlan(design: self)
        try plan.declareSRLGs(&sink)
        try plan.emitDevices(&sink)
        try plan.emitLinks(&sink)
        try sink.finish()
    }
}

/// The index arithmetic of a full-mesh design, shared with compound designs that add layers on top.
struct MeshPlan {
    let design: FullMeshDesign
    let n: Int
    let strides: [Int]
    let bundles: (table: [Int32], offsets: [Int], names: [String])
    let srlgsPerPod: Int
    /// First SRLG index after the pods' racks and bundles.
    let planeSRLGBase: Int32
    /// First SRLG index of the L1–L2 bundles (planes only).
    let switchBundleBase: Int32
    /// Total SRLGs declared.
    let srlgCount: Int32

    init(design: FullMeshDesign) {
        self.design = design
        n = design.dims.count
        var strides = [Int](repeating: 1, count: n)
        for dim in 1..<max(n, 1) where dim < n { strides[dim] = strides[dim - 1] * design.dims[dim - 1] }
        self.strides = strides
        bundles = design.bundleTable()
        srlgsPerPod = design.srlgsPerPod
        planeSRLGBase = Int32(design.pods * srlgsPerPod)
        switch design.uplinks {
        case .planes(let count, let spines, _):
            switchBundleBase = planeSRLGBase + Int32(count)
            srlgCount = switchBundleBase + Int32(count * design.pods * design.racksPerPod * (spines > 0 && design.rackSize / spines > 1 ? spines : 0))
        default:
            switchBundleBase = planeSRLGBase
            srlgCount = planeSRLGBase
        }
    }

    var racksPerPod: Int { design.racksPerPod }

    func rackCoordinates(ofRack rack: Int) -> [Int] {
        var rest = rack
        return design.dims.dropFirst(design.rackDims).map { size in
            defer { rest /= size }
            return rest % size
        }
    }

    func rackName(pod: Int, rack: Int) -> String {
        design.pods == 1
            ? design.rackLabel(rackCoordinates(ofRack: rack))
            : "\(design.podLabel(pod))-\(design.rackLabel(rackCoordinates(ofRack: rack)))"
    }

    func declareSRLGs<Sink: TopologySink>(_ sink: inout Sink) throws(Sink.Failure) {
        for pod in 0..<design.pods {
            for rack in 0..<racksPerPod { try sink.declareSRLG("rack:\(rackName(pod: pod, rack: rack))") }
            let prefix = design.pods == 1 ? "" : "\(design.podLabel(pod))-"
            for name in bundles.names {
                let parts = name.split(separator: "~")
                try sink.declareSRLG("bundle:\(prefix)\(parts[0])~\(prefix)\(parts.count > 1 ? parts[1] : "")")
            }
        }
        if case .planes(let count, let spines, _) = design.uplinks {
            for plane in 0..<count { try sink.declareSRLG("plane:ub\(plane)") }
            if design.rackSize / spines > 1 {
                for plane in 0..<count {
                    for pod in 0..<design.pods {
                        for rack in 0..<racksPerPod {
                            for spine in 0..<spines {
                                try sink.declareSRLG("bundle:l1-ub\(plane)-\(rackName(pod: pod, rack: rack))~l2-ub\(plane)-\(spine)")
                            }
                        }
                    }
                }
            }
        }
    }

    var acceleratorRadix: Int {
        let mesh = design.dims.reduce(0) { $0 + $1 - 1 }
        switch design.uplinks {
        case .none: return mesh
        case .switches: return mesh + 1
        case .planes(let count, _, _): return mesh + count
        }
    }

    func acceleratorID(pod: Int, coordinates: [Int]) -> String {
        let position = coordinates.map(String.init).joined(separator: "-")
        return design.pods == 1 ? "npu-\(position)" : "npu-\(design.podLabel(pod))-\(position)"
    }

    func emitDevices<Sink: TopologySink>(_ sink: inout Sink) throws(Sink.Failure) {
        try emitAccelerators(&sink, extraRadix: 0)
        try emitSwitches(&sink)
    }

    /// Emits the accelerators pod by pod. Coordinates, their id suffixes and rack names repeat in every pod, so
    /// they are built once (one string concatenation per accelerator at 10⁶ accelerators).
    func emitAccelerators<Sink: TopologySink>(_ sink: inout Sink, extraRadix: Int) throws(Sink.Failure) {
        let dims = design.dims
        let radix = acceleratorRadix + extraRadix
        var positions: [[Int]] = []
        positions.reserveCapacity(design.podSize)
        var coordinates = [Int](repeating: 0, count: n)
        for _ in 0..<design.podSize {
            positions.append(coordinates)
            for dim in 0..<n {
                coordinates[dim] += 1
                if coordinates[dim] < dims[dim] { break }
                coordinates[dim] = 0
            }
        }
        let suffixes = positions.map { $0.map(String.init).joined(separator: "-") }
        for pod in 0..<design.pods {
            let prefix = design.pods == 1 ? "npu-" : "npu-\(design.podLabel(pod))-"
            let podName = "pod-\(pod)"
            let racks = (0..<racksPerPod).map { rackName(pod: pod, rack: $0) }
            for local in 0..<design.podSize {
                try sink.device(
                    Device(
                        id: prefix + suffixes[local], role: .accelerator, tier: 0, pod: podName,
                        rack: racks[local / design.rackSize], radix: radix, coordinates: positions[local]))
            }
        }
    }

    func emitSwitches<Sink: TopologySink>(_ sink: inout Sink) throws(Sink.Failure) {
        switch design.uplinks {
        case .none: break
        case .switches(let count, let group, let radix):
            for switchGroup in 0..<(design.pods / group) {
                for index in 0..<count {
                    let id = design.pods == group ? "ubsw-\(index)" : "ubsw-g\(switchGroup)-\(index)"
                    try sink.device(
                        Device(
                            id: id, role: .switch, tier: 1, pod: design.pods == group ? nil : "group-\(switchGroup)",
                            plane: "ub", radix: radix))
                }
            }
        case .planes(let count, let spines, let radix):
            for plane in 0..<count {
                for pod in 0..<design.pods {
                    for rack in 0..<racksPerPod {
                        let name = rackName(pod: pod, rack: rack)
                        try sink.device(
                            Device(
                                id: "l1-ub\(plane)-\(name)", role: .switch, tier: 1, pod: "pod-\(pod)", rack: name,
                                plane: "ub\(plane)", radix: 2 * design.rackSize))
                    }
                }
            }
            for plane in 0..<count {
                for spine in 0..<spines {
                    try sink.device(Device(id: "l2-ub\(plane)-\(spine)", role: .switch, tier: 2, plane: "ub\(plane)", radix: radix))
                }
            }
        }
    }

    func emitLinks<Sink: TopologySink>(_ sink: inout Sink) throws(Sink.Failure) {
        try emitMeshLinks(&sink)
        try emitUplinks(&sink)
    }

    /// Mesh links of every pod, pod by pod, dimension by dimension.
    func emitMeshLinks<Sink: TopologySink>(_ sink: inout Sink) throws(Sink.Failure) {
        let dims = design.dims
        let podSize = design.podSize
        let rackSize = design.rackSize
        let width = bundles.offsets.last ?? 0
        for pod in 0..<design.pods {
            let base = pod * podSize
            let srlgBase = Int32(pod * srlgsPerPod)
            for dim in 0..<n {
                let bandwidth = design.bandwidths[dim]
                let stride = strides[dim]
                let size = dims[dim]
                let insideRack = dim < design.rackDims
                for local in 0..<podSize {
                    let here = local / stride % size
                    let rack = local / rackSize
                    for other in (here + 1)..<max(size, here + 1) {
                        let neighbour = local + (other - here) * stride
                        if insideRack {
                            try sink.link(
                                StreamedLink(
                                    source: Int32(base + local), target: Int32(base + neighbour), bandwidth: bandwidth,
                                    medium: .electrical, srlg0: srlgBase + Int32(rack)))
                        } else {
                            let otherRack = neighbour / rackSize
                            let bundle = bundles.table[rack * width + bundles.offsets[dim - design.rackDims] + other]
                            try sink.link(
                                StreamedLink(
                                    source: Int32(base + local), target: Int32(base + neighbour), bandwidth: bandwidth,
                                    medium: .optical, srlg0: srlgBase + Int32(rack), srlg1: srlgBase + Int32(otherRack),
                                    srlg2: srlgBase + bundle))
                        }
                    }
                }
            }
        }
    }

    /// Accelerator uplinks and switch-to-switch links; switches follow the accelerators in device order.
    func emitUplinks<Sink: TopologySink>(_ sink: inout Sink, switchBase explicitBase: Int32? = nil) throws(Sink.Failure) {
        let podSize = design.podSize
        let rackSize = design.rackSize
        let accelerators = design.pods * podSize
        let switchBase = explicitBase ?? Int32(accelerators)
        let bandwidth = design.uplinkBandwidth
        switch design.uplinks {
        case .none: break
        case .switches(let count, let group, _):
            for pod in 0..<design.pods {
                let groupBase = switchBase + Int32(pod / group * count)
                for local in 0..<podSize {
                    let rack = local / rackSize
                    try sink.link(
                        StreamedLink(
                            source: Int32(pod * podSize + local), target: groupBase + Int32(local % count),
                            bandwidth: bandwidth, medium: .optical, srlg0: Int32(pod * srlgsPerPod + rack)))
                }
            }
        case .planes(let count, let spines, _):
            let racks = design.pods * racksPerPod
            let l2Base = switchBase + Int32(count * racks)
            let perPair = rackSize / spines
            for plane in 0..<count {
                let planeSRLG = planeSRLGBase + Int32(plane)
                for accelerator in 0..<accelerators {
                    let globalRack = accelerator / rackSize
                    try sink.link(
                        StreamedLink(
                            source: Int32(accelerator), target: switchBase + Int32(plane * racks + globalRack),
                            bandwidth: bandwidth, medium: .electrical, srlg0: planeSRLG))
                }
            }
            for plane in 0..<count {
                for globalRack in 0..<racks {
                    for spine in 0..<spines {
                        let bundle = perPair > 1 ? switchBundleBase + Int32((plane * racks + globalRack) * spines + spine) : -1
                        for _ in 0..<perPair {
                            try sink.link(
                                StreamedLink(
                                    source: switchBase + Int32(plane * racks + globalRack),
                                    target: l2Base + Int32(plane * spines + spine), bandwidth: bandwidth,
                                    medium: .optical, srlg0: bundle))
                        }
                    }
                }
            }
        }
    }
}
