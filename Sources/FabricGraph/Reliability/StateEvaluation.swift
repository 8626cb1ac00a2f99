import FabricModel

/// What a reliability analysis measures in each failure state (always as a loss against the healthy design).
public enum ReliabilityMetric: String, Sendable, Codable, CaseIterable {
    /// Accelerators the jobs lack: failed or stranded accelerators beyond the spares of their block.
    case stranded
    /// Injection plus first-hop uplink capacity lost by surviving accelerators, as a fraction of the healthy total
    /// (the sweep's capacity metric), in parts per million.
    case capacity
    /// Jobs of `jobSize` accelerators that no longer fit in one placement group (scale-up domain, leaf or pod).
    case placement
    /// Minimum bisection the state may cost, in parts per million of the healthy design's proven lower bound: the
    /// healthy-minus-failures certificate (an upper bound of the loss; the failed fabric keeps at least the rest).
    case bisection
    /// Fall of uniform all-to-all ECMP throughput (1 ÷ highest link utilization) against the healthy design, in
    /// parts per million of the healthy throughput.
    case traffic
}

/// The groups jobs are placed in for the placement metric (Slurm's block and segment questions).
public enum PlacementLevel: String, Sendable, Codable, CaseIterable {
    /// One scale-up domain: the accelerators sharing the model's block key (`rack` by default).
    case domain
    /// The accelerators under one leaf: sharing their first switch (lowest index among their switch neighbours).
    case leaf
    /// One pod: the accelerators sharing the `pod` attribute.
    case pod
}

/// One failure state's figures.
struct StateOutcome {
    /// Failed or stranded accelerators of the healthy largest accelerator component.
    var unusable: Int
    /// Accelerators missing beyond the spares: Σ over blocks of max(0, unusable in block − spares of block).
    var shortfall: Int
    /// The chosen metric's loss, quantized (accelerators, ppm of capacity, or jobs).
    var metric: Int64
}

/// The design-wide data every state evaluation reads: the healthy baseline, the units, blocks and groups.
struct ReliabilityContext: Sendable {
    let baseline: BlastRadiusBaseline
    let units: FailureUnits
    let metric: ReliabilityMetric
    /// Whether each vertex lies in the healthy largest accelerator component (the accelerators counted).
    let inScope: [Bool]
    /// Accelerators in scope.
    let scopeAccelerators: Int
    /// Spare block of each accelerator in scope (-1 otherwise), spares per block.
    let blockOf: [Int32]
    let blockSpares: [Int32]
    /// Accelerators the jobs need: in scope minus every block's spares.
    let demand: Int
    /// Placement group of each accelerator in scope (-1 otherwise), group sizes and the job size.
    let groupOf: [Int32]
    let groupSize: [Int32]
    let jobSize: Int
    /// Jobs that fit in the healthy design (placement metric).
    let healthyJobs: Int
    /// Healthy injection plus uplink share of the accelerators in scope (capacity metric denominator).
    let healthyCapacity: Double
    /// The healthy bisection bound and per-link capacities (bisection metric only).
    let bisection: BisectionMetric?
    /// Healthy uniform all-to-all loads and the incremental ECMP engine (traffic metric only).
    let traffic: TrafficSweeper?

    /// - Complexity: O(V + E).
    init(
        topology: Topology, baseline: BlastRadiusBaseline, units: FailureUnits, model: FailureModel,
        metric: ReliabilityMetric, placement: PlacementLevel, jobSize: Int
    ) {
        self.baseline = baseline
        self.units = units
        self.metric = metric
        let graph = baseline.graph
        let healthy = baseline.connectivity
        var scope = [Bool](repeating: false, count: graph.vertexCount)
        let largest = healthy.largestAcceleratorComponent
        for v in 0..<graph.vertexCount where largest >= 0 && healthy.componentOf[v] == largest { scope[v] = true }
        inScope = scope
        let accelerators = graph.accelerators.filter { scope[Int($0)] }
        scopeAccelerators = accelerators.count
        let blocks = Self.groups(accelerators, topology: topology, count: graph.vertexCount) { device in
            model.blockKey == "rack" ? device.rack : FailureSelectorResolver.value(of: model.blockKey, in: device)
        }
        blockOf = blocks.of
        var spares = [Int32](repeating: 0, count: blocks.size.count)
        var marked = [Int32](repeating: 0, count: blocks.size.count)
        for a in accelerators where blocks.of[Int(a)] >= 0 && Self.isSpare(topology.devices[Int(a)]) { marked[Int(blocks.of[Int(a)])] += 1 }
        for b in spares.indices {
            spares[b] = marked[b] > 0 ? marked[b] : Int32(model.sparesPerBlock?.spares(inBlockOf: Int(blocks.size[b])) ?? 0)
        }
        blockSpares = spares
        demand = scopeAccelerators - Int(spares.reduce(0, +))
        let groups: (of: [Int32], size: [Int32])
        switch placement {
        case .domain: groups = blocks
        case .pod: groups = Self.groups(accelerators, topology: topology, count: graph.vertexCount) { $0.pod }
        case .leaf:
            var leafOf = [String?](repeating: nil, count: graph.vertexCount)
            for a in accelerators {
                let first = graph.arcs(from: a).map { graph.head[Int($0)] }.filter { !graph.isAccelerator[Int($0)] }.min()
                leafOf[Int(a)] = first.map { topology.devices[Int($0)].id }
            }
            groups = Self.groups(accelerators, topology: topology, count: graph.vertexCount) { device in
                topology.deviceIndex(forID: device.id).flatMap { leafOf[Int($0)] }
            }
        }
        groupOf = groups.of
        groupSize = groups.size
        self.jobSize = max(jobSize, 1)
        healthyJobs = groups.size.reduce(0) { $0 + Int($1) / max(jobSize, 1) }
        healthyCapacity = accelerators.reduce(0.0) { $0 + baseline.injection[Int($1)] + baseline.uplinkShare[Int($1)] }
        bisection = metric == .bisection ? BisectionMetric(graph: graph, topology: topology) : nil
        traffic = metric == .traffic ? TrafficSweeper.uniformAllToAll(graph: graph, topology: topology) : nil
    }

    /// Whether a device's `spare` data is true.
    static func isSpare(_ device: Device) -> Bool {
        switch device.attributes[FailureModel.spareKey] {
        case .bool(let value)?: value
        case .int(let value)?: value != 0
        case .string(let text)?: ["true", "yes", "1"].contains(text.lowercased())
        default: false
        }
    }

    /// Groups accelerators by a key (each accelerator without a value alone), numbered in order of first member.
    static func groups(
        _ accelerators: [Int32], topology: Topology, count: Int,
        key: (Device) -> String?
    ) -> (of: [Int32], size: [Int32]) {
        var of = [Int32](repeating: -1, count: count)
        var size: [Int32] = []
        var index: [String: Int32] = [:]
        for a in accelerators {
            let group: Int32
            if let value = key(topology.devices[Int(a)]) {
                if let known = index[value] {
                    group = known
                } else {
                    group = Int32(size.count)
                    index[value] = group
                    size.append(0)
                }
            } else {
                group = Int32(size.count)
                size.append(0)
            }
            of[Int(a)] = group
            size[Int(group)] += 1
        }
        return (of, size)
    }
}

/// Per-worker buffers of state evaluation, reset in time proportional to what a state touched.
struct StateScratch {
    var mask: FailureMask
    var failedDevices: [Int32] = []
    var failedLinks: [Int32] = []
    var unusable: [Int32] = []
    var unusableStamp: [Int32]
    var stamp: Int32 = 0
    var search = InterleavedSearchScratch()
    var label: [Int32]
    var blockCount: [Int32]
    var groupCount: [Int32]
    var touchedBlocks: [Int32] = []
    var touchedGroups: [Int32] = []
    var capacity: CapacityScratch
    var linkStamp: [Int32]
    var trafficWork: IncrementalWorkspace?

    init(context: ReliabilityContext) {
        let graph = context.baseline.graph
        mask = FailureMask(for: graph)
        unusableStamp = [Int32](repeating: -1, count: graph.vertexCount)
        label = [Int32](repeating: -1, count: graph.vertexCount)
        blockCount = [Int32](repeating: 0, count: context.blockSpares.count)
        groupCount = [Int32](repeating: 0, count: context.groupSize.count)
        capacity = CapacityScratch(vertexCount: context.metric == .capacity ? graph.vertexCount : 0)
        linkStamp = [Int32](repeating: -1, count: context.metric == .bisection ? graph.linkCount : 0)
    }
}

extension ReliabilityContext {
    /// The figures of the state where exactly the units `failed` are down.
    ///
    /// Stranded accelerators come from searches grown from the surviving ends of every failed element (the mask-diff
    /// idea of the sweeps: `linksKeepComponents` generalised to devices, and keeping the parts a search closes);
    /// when the searches do not settle within one graph's worth of arcs, or a closed part is not smaller than the
    /// rest, connectivity is recomputed on the masked graph. Designs whose components do not tell reach (the
    /// forwarding model) use `forwardingStranded` for every state.
    /// - Complexity: O(Σ degrees of the failed elements + arcs the searches scan), O(V + E) at worst.
    func evaluate(_ failed: [Int32], scratch: inout StateScratch) -> StateOutcome {
        let graph = baseline.graph
        scratch.stamp &+= 1
        if scratch.stamp < 0 { scratch.stamp = 0 }
        scratch.failedDevices.removeAll(keepingCapacity: true)
        scratch.failedLinks.removeAll(keepingCapacity: true)
        scratch.unusable.removeAll(keepingCapacity: true)
        for unit in failed {
            for device in units.devices(of: Int(unit)) where !scratch.mask.devices[Int(device)] {
                scratch.mask.failDevice(device)
                scratch.failedDevices.append(device)
            }
            for link in units.links(of: Int(unit)) where !scratch.mask.links[Int(link)] {
                scratch.mask.failLink(link)
                scratch.failedLinks.append(link)
            }
        }
        defer {
            for device in scratch.failedDevices { scratch.mask.devices.remove(Int(device)) }
            for link in scratch.failedLinks { scratch.mask.links.remove(Int(link)) }
        }
        for device in scratch.failedDevices where graph.isAccelerator[Int(device)] && inScope[Int(device)] {
            markUnusable(device, &scratch)
        }
        if baseline.forwarding != nil {
            for accelerator in baseline.forwardingStranded(under: scratch.mask) ?? [] where inScope[Int(accelerator)] {
                markUnusable(accelerator, &scratch)
            }
        } else if !searchStranded(&scratch) {
            recomputeStranded(&scratch)
        }
        return outcome(&scratch)
    }

    @inline(__always)
    func markUnusable(_ accelerator: Int32, _ scratch: inout StateScratch) {
        guard scratch.unusableStamp[Int(accelerator)] != scratch.stamp else { return }
        scratch.unusableStamp[Int(accelerator)] = scratch.stamp
        scratch.unusable.append(accelerator)
    }

    /// Shortfall by block and the chosen metric from the unusable accelerators.
    func outcome(_ scratch: inout StateScratch) -> StateOutcome {
        var shortfall = 0
        for a in scratch.unusable {
            let block = Int(blockOf[Int(a)])
            if scratch.blockCount[block] == 0 { scratch.touchedBlocks.append(Int32(block)) }
            scratch.blockCount[block] += 1
        }
        for block in scratch.touchedBlocks {
            shortfall += max(0, Int(scratch.blockCount[Int(block)] - blockSpares[Int(block)]))
            scratch.blockCount[Int(block)] = 0
        }
        scratch.touchedBlocks.removeAll(keepingCapacity: true)
        var value = Int64(shortfall)
        switch metric {
        case .stranded: break
        case .capacity:
            let impact = baseline.incrementalCapacityImpact(
                links: scratch.failedLinks, devices: scratch.failedDevices,
                under: scratch.mask, scratch: &scratch.capacity, stamp: scratch.stamp)
            value = healthyCapacity > 0 ? Int64((impact.totalLostBps / healthyCapacity * 1e6).rounded()) : 0
        case .placement:
            var lost = 0
            for a in scratch.unusable {
                let group = Int(groupOf[Int(a)])
                if scratch.groupCount[group] == 0 { scratch.touchedGroups.append(Int32(group)) }
                scratch.groupCount[group] += 1
            }
            for group in scratch.touchedGroups {
                let size = Int(groupSize[Int(group)])
                lost += size / jobSize - (size - Int(scratch.groupCount[Int(group)])) / jobSize
                scratch.groupCount[Int(group)] = 0
            }
            scratch.touchedGroups.removeAll(keepingCapacity: true)
            value = Int64(lost)
        case .bisection: value = bisectionLoss(&scratch)
        case .traffic: value = trafficLoss(&scratch)
        }
        return StateOutcome(unusable: scratch.unusable.count, shortfall: shortfall, metric: value)
    }

    /// Connectivity of the masked graph from scratch: the surviving accelerators in scope outside the part holding
    /// most of them (ties: the part of the lowest-index accelerator) are unusable.
    /// - Complexity: O(V + E).
    func recomputeStranded(_ scratch: inout StateScratch) {
        let graph = baseline.graph
        var count: [Int] = []
        var stack: [Int32] = []
        for start in graph.accelerators where inScope[Int(start)] && !scratch.mask.devices[Int(start)] && scratch.label[Int(start)] < 0 {
            let part = Int32(count.count)
            count.append(0)
            scratch.label[Int(start)] = part
            stack.append(start)
            while let v = stack.popLast() {
                if graph.isAccelerator[Int(v)] { count[Int(part)] += 1 }
                for arc in graph.arcs(from: v) where graph.isUsable(arc: arc, tail: v, under: scratch.mask) {
                    let w = graph.head[Int(arc)]
                    if scratch.label[Int(w)] < 0 {
                        scratch.label[Int(w)] = part
                        stack.append(w)
                    }
                }
            }
        }
        var best = 0
        for part in count.indices where count[part] > count[best] { best = part }
        for a in graph.accelerators where inScope[Int(a)] && !scratch.mask.devices[Int(a)] && scratch.label[Int(a)] != Int32(best) {
            markUnusable(a, &scratch)
        }
        for v in 0..<scratch.label.count { scratch.label[v] = -1 }
    }
}
