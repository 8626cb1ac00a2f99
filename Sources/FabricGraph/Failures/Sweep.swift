import Dispatch
import FabricModel

/// The class of elements a sweep fails one at a time (or two at a time with `k = 2`).
public enum SweepElementClass: Hashable, Sendable, Codable, CaseIterable, RawRepresentable {
    /// Every link between distinct devices (all cables of a multi-cable link together).
    case links
    /// Every device.
    case devices
    /// Every switch and optical circuit switch.
    case switches
    /// Every shared-risk link group (all its links at once).
    case srlgs
    /// Every network plane (all devices of the plane at once).
    case planes
    /// `by:KEY`: every value of a device or link attribute (`vendor`, `power_feed`, `rack`) as one correlated failure
    /// of all the devices and links carrying it.
    case attribute(String)

    /// The fixed classes (`by:KEY` takes any key).
    public static var allCases: [SweepElementClass] { [.links, .devices, .switches, .srlgs, .planes] }

    /// Parses `links`, `devices`, `switches`, `srlgs`, `planes` or `by:KEY`.
    public init?(rawValue: String) {
        if rawValue.hasPrefix("by:") {
            let key = String(rawValue.dropFirst(3))
            guard !key.isEmpty else { return nil }
            self = .attribute(key)
            return
        }
        guard let fixed = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = fixed
    }

    /// The class as written on the command line.
    public var rawValue: String {
        switch self {
        case .links: "links"
        case .devices: "devices"
        case .switches: "switches"
        case .srlgs: "srlgs"
        case .planes: "planes"
        case .attribute(let key): "by:\(key)"
        }
    }
}

/// What a sweep ranks scenarios by.
public enum SweepMetric: String, Sendable, Codable, CaseIterable {
    /// Stranded accelerators and disconnected pairs (exact, linear time for single links and devices).
    case connectivity
    /// Injection capacity lost (an accelerator's own failed links) and first-hop uplink share lost (its proportional
    /// share of the upward capacity of the switches it attaches to; one hop up only, see `CapacityImpact`).
    case capacity
    /// Maximum link utilization under uniform all-to-all ECMP traffic after re-hashing.
    case traffic
    /// θ of the healthy design's fixed all-to-all demand after the failure, certified (`ThroughputImpact`); run by
    /// `FailureSweeper.throughputStream`.
    case throughput
}

/// One element (or group) a sweep fails: its canonical position in the class and what it takes down.
public struct SweepElement: Hashable, Sendable {
    /// Position in the canonical enumeration of the class (links and devices by index, SRLGs by index, planes by name).
    public var ordinal: Int
    /// A selector naming it (`link:e12`, `leaf-3~spine-7#2`, `device:leaf-3`, `srlg:duct-4`, `plane=B`).
    public var label: String
    /// What fails.
    public var scenario: FailureScenario
}

/// A deterministic `i/n` split of a sweep's failure set: shard `index` takes a contiguous block of elements.
public struct SweepShard: Hashable, Sendable, Codable {
    /// 0-based shard index, below `count`.
    public var index: Int
    /// Number of shards.
    public var count: Int

    /// Creates a shard; nil unless 0 ≤ index < count.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `i/n` (0-based i, as `$SLURM_ARRAY_TASK_ID` and `$JOB_COMPLETION_INDEX` count).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// The elements `0..<total` this shard owns: the `index`-th of `count` near-equal contiguous blocks.
    public func range(of total: Int) -> Range<Int> {
        (total * index / count)..<(total * (index + 1) / count)
    }
}

/// The elements of a class, in canonical order.
/// - Complexity: O(V + E + S) for S SRLG memberships.
public func sweepElements(_ topology: Topology, class elementClass: SweepElementClass) -> [SweepElement] {
    switch elementClass {
    case .links:
        var elements: [SweepElement] = []
        var seenPairs: [DevicePair: Int] = [:]
        for (index, link) in topology.links.enumerated() where !link.isSelfLoop {
            let pair = DevicePair(link.source, link.target)
            let ordinalAmongParallel = (seenPairs[pair] ?? 0) + 1
            seenPairs[pair] = ordinalAmongParallel
            let label: String
            if let id = link.id {
                label = "link:\(id)"
            } else {
                label = "\(topology.devices[Int(link.source)].id)~\(topology.devices[Int(link.target)].id)#\(ordinalAmongParallel)"
            }
            elements.append(SweepElement(ordinal: elements.count, label: label, scenario: FailureScenario(links: [Int32(index)])))
        }
        return elements
    case .devices, .switches:
        var elements: [SweepElement] = []
        for (index, device) in topology.devices.enumerated() {
            if elementClass == .switches && device.role != .switch && device.role != .ocs { continue }
            elements.append(SweepElement(ordinal: elements.count, label: "device:\(device.id)", scenario: FailureScenario(devices: [Int32(index)])))
        }
        return elements
    case .srlgs:
        var members = [[Int32]](repeating: [], count: topology.srlgs.count)
        for (index, link) in topology.links.enumerated() {
            for group in link.srlgs where Int(group) < members.count { members[Int(group)].append(Int32(index)) }
        }
        var elements: [SweepElement] = []
        for (group, name) in topology.srlgs.enumerated() where !members[group].isEmpty {
            elements.append(SweepElement(ordinal: elements.count, label: "srlg:\(name)", scenario: FailureScenario(links: members[group])))
        }
        return elements
    case .planes:
        var byPlane: [String: [Int32]] = [:]
        for (index, device) in topology.devices.enumerated() {
            if let plane = device.plane { byPlane[plane, default: []].append(Int32(index)) }
        }
        return byPlane.keys.sorted().enumerated().map { ordinal, plane in
            SweepElement(ordinal: ordinal, label: "plane=\(plane)", scenario: FailureScenario(devices: byPlane[plane] ?? []))
        }
    case .attribute(let key):
        return attributeGroups(topology, key: key).enumerated().map { ordinal, group in
            SweepElement(ordinal: ordinal, label: "\(key)=\(group.value)", scenario: FailureScenario(links: group.links, devices: group.devices))
        }
    }
}

/// The number of elements `sweepElements(_:class:)` lists, without building them (no labels, no dictionary of
/// parallel links: a million-accelerator design has 14.7M links).
/// - Complexity: O(V + E + S) for S SRLG memberships.
public func sweepElementCount(_ topology: Topology, class elementClass: SweepElementClass) -> Int {
    switch elementClass {
    case .links:
        return topology.links.withUnsafeBufferPointer { links in links.reduce(0) { $0 + ($1.isSelfLoop ? 0 : 1) } }
    case .devices:
        return topology.devices.count
    case .switches:
        return topology.devices.reduce(0) { $0 + ($1.role == .switch || $1.role == .ocs ? 1 : 0) }
    case .srlgs:
        var used = [Bool](repeating: false, count: topology.srlgs.count)
        for link in topology.links { for group in link.srlgs where Int(group) < used.count { used[Int(group)] = true } }
        return used.reduce(0) { $0 + ($1 ? 1 : 0) }
    case .planes:
        return Set(topology.devices.compactMap(\.plane)).count
    case .attribute(let key):
        return attributeGroups(topology, key: key).count
    }
}

/// Options of a failure sweep.
public struct SweepOptions: Hashable, Sendable {
    /// The class of elements to fail.
    public var elements: SweepElementClass
    /// What to rank by.
    public var metric: SweepMetric
    /// 1: every single failure; 2: pairs of failures (exhaustive for connectivity, sampled for the other metrics).
    public var k: Int
    /// Keep the `top` highest-impact results (nil: all).
    public var top: Int?
    /// This run's part of the failure set (nil: all of it).
    public var shard: SweepShard?
    /// Seed of sampled pairs (`k = 2` with capacity or traffic).
    public var seed: UInt64
    /// Number of sampled pairs for `k = 2` with capacity or traffic.
    public var samples: Int

    /// Creates sweep options.
    public init(
        elements: SweepElementClass = .links, metric: SweepMetric = .connectivity, k: Int = 1, top: Int? = nil,
        shard: SweepShard? = nil, seed: UInt64 = 0, samples: Int = 1000
    ) {
        self.elements = elements
        self.metric = metric
        self.k = k
        self.top = top
        self.shard = shard
        self.seed = seed
        self.samples = samples
    }
}

/// The measured impact of one scenario of a sweep.
public struct SweepOutcome: Hashable, Sendable {
    /// Ordinal of the scenario in the sweep's canonical enumeration (pairs: position in the pair order).
    public var ordinal: Int
    /// The failed elements' labels, joined by ` + `.
    public var label: String
    /// What failed.
    public var scenario: FailureScenario
    /// Connectivity diff.
    public var connectivity: ConnectivityImpact
    /// Capacity diff.
    public var capacity: CapacityImpact
    /// Traffic diff (traffic metric only).
    public var traffic: TrafficImpact?
    /// θ of the fixed demand before and after (throughput metric only).
    public var throughput: ThroughputImpact? = nil
}

/// Runs failure sweeps over one design: the healthy baseline is computed once and every scenario is a mask.
public struct FailureSweeper: Sendable {
    /// The healthy design.
    public let baseline: BlastRadiusBaseline
    /// The design.
    public let topology: Topology

    /// Prepares sweeps of a topology.
    /// - Complexity: O(V + E).
    public init(topology: Topology, graph: CSRGraph? = nil) {
        self.topology = topology
        self.baseline = BlastRadiusBaseline(graph: graph ?? CSRGraph(topology), topology: topology)
    }

    /// Single failures of every element of `elements` (in the shard), connectivity and capacity only, using the
    /// linear-time shortcuts for links and devices and per-scenario recomputation for groups.
    ///
    /// Shortcuts (each checked against recomputation from scratch in the tests):
    /// - a link disconnects something only when it alone carries a bridge of the healthy graph; the bridge's
    ///   accelerator counts give the stranded accelerators and the pairs (child side × rest of the component);
    /// - a device disconnects surviving accelerators only when it is an articulation point; the graph engine's
    ///   articulation analysis gives the stranded count and the pairs;
    /// - capacity changes only for accelerators at the failed element or attached to a switch that lost a cable;
    /// - a group of links (SRLG, plane) disconnects nothing when searches from its links' ends all meet
    ///   (`linksKeepComponents`); only the groups where they do not are recomputed from scratch.
    /// - Complexity: O(V + E + Σ over elements of the degrees they touch) for links and devices; for SRLGs and
    ///   planes, the local searches plus O(V + E) per group that disconnects something (both cores).
    public func sweepSingles(_ elements: [SweepElement], progress: (@Sendable (Int) -> Void)? = nil) -> [SweepOutcome] {
        let graph = baseline.graph
        let healthy = baseline.connectivity
        let linkImpact = singleLinkImpacts()
        var deviceStranded = [Int](repeating: 0, count: graph.vertexCount)
        for point in healthy.articulationPoints { deviceStranded[Int(point.vertex)] = point.strandedAccelerators }
        let linkImpacts = linkImpact
        let strandedByDevice = deviceStranded
        let baseline = self.baseline
        return parallelMap(elements.count, progress: progress) { index, mask, scratch, stamp in
            let element = elements[index]
            let scenario = element.scenario
            for link in scenario.links { mask.failLink(link) }
            for device in scenario.devices { mask.failDevice(device) }
            defer {
                for link in scenario.links { mask.links.remove(Int(link)) }
                for device in scenario.devices { mask.devices.remove(Int(device)) }
            }
            let connectivity: ConnectivityImpact
            if scenario.devices.isEmpty && scenario.links.count == 1 {
                connectivity = linkImpacts[scenario.links[0]] ?? ConnectivityImpact()
            } else if baseline.forwarding != nil {
                connectivity =
                    baseline.forwardingSingleImpact(links: scenario.links, devices: scenario.devices, under: mask)
                    ?? baseline.forwardingImpact(under: mask)
            } else if scenario.links.isEmpty && scenario.devices.count == 1 {
                let device = Int(scenario.devices[0])
                connectivity = ConnectivityImpact(
                    failedAccelerators: graph.isAccelerator[device] ? 1 : 0,
                    strandedAccelerators: strandedByDevice[device],
                    disconnectedPairs: baseline.devicePairs[device]
                )
            } else if scenario.devices.isEmpty, baseline.forwarding == nil,
                baseline.linksKeepComponents(scenario.links, under: mask, scratch: &scratch.linkSearch)
            {
                connectivity = ConnectivityImpact()
            } else {
                connectivity = baseline.connectivityImpact(under: mask)
            }
            let capacity = baseline.incrementalCapacityImpact(
                links: scenario.links, devices: scenario.devices, under: mask,
                scratch: &scratch, stamp: stamp)
            return SweepOutcome(
                ordinal: element.ordinal, label: element.label, scenario: scenario,
                connectivity: connectivity, capacity: capacity, traffic: nil)
        }
    }

    /// The connectivity impact of failing each single link that disconnects something (the bridges that carry
    /// accelerators on their child side); every other link's impact is zero.
    /// - Complexity: O(bridges).
    func singleLinkImpacts() -> [Int32: ConnectivityImpact] {
        let healthy = baseline.connectivity
        var linkImpact: [Int32: ConnectivityImpact] = [:]
        if baseline.forwarding != nil {
            // Under the forwarding model a link that is no bridge can still part accelerators (a GPU's cable into one
            // of two planes): every link is judged, by the exact shortcuts or by recomputation.
            var mask = FailureMask(for: baseline.graph)
            for index in 0..<Int32(baseline.graph.linkCount) where baseline.linkSource[Int(index)] != baseline.linkTarget[Int(index)] {
                mask.failLink(index)
                let impact =
                    baseline.forwardingSingleImpact(links: [index], devices: [], under: mask)
                    ?? baseline.forwardingImpact(under: mask)
                mask.links.remove(Int(index))
                if impact.critical { linkImpact[index] = impact }
            }
            return linkImpact
        }
        for bridge in healthy.bridges where bridge.singleLink && bridge.separatedAccelerators > 0 {
            let total = healthy.componentAccelerators[Int(healthy.componentOf[Int(bridge.child)])]
            let child = bridge.childSideAccelerators
            linkImpact[bridge.link] = ConnectivityImpact(
                strandedAccelerators: bridge.strandedAccelerators, disconnectedPairs: child * (total - child)
            )
        }
        return linkImpact
    }

    /// Every pair of elements whose joint failure disconnects accelerators although neither does alone, exactly.
    ///
    /// For each element x that is harmless alone, the graph engine's connectivity of the graph without x gives the
    /// bridges (for links) or articulation points (for devices) y of what remains; {x, y} is such a pair exactly
    /// when y is harmless alone and is a bridge or articulation point that separates accelerators in G − x. Each
    /// pair is found from both ends and kept once (from its smaller ordinal); its impact is then recomputed from
    /// scratch. Groups (SRLGs, planes) are checked pair by pair.
    /// - Parameter firstElements: the ordinals (positions in `elements`) whose pairs this run owns (a shard).
    /// - Complexity: O(n × (V + E)) for links and devices, O(n² × (V + E)) for groups (both cores).
    public func sweepCriticalPairs(
        _ elements: [SweepElement], firstElements: Range<Int>,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> (outcomes: [SweepOutcome], pairsConsidered: Int) {
        let singles = sweepSingles(elements)
        let harmless = singles.map { !$0.connectivity.critical }
        let graph = baseline.graph
        let baseline = self.baseline
        let count = elements.count
        var positionOfLink = [Int32](repeating: -1, count: graph.linkCount)
        var positionOfDevice = [Int32](repeating: -1, count: graph.vertexCount)
        for (position, element) in elements.enumerated() {
            if element.scenario.devices.isEmpty, element.scenario.links.count == 1 { positionOfLink[Int(element.scenario.links[0])] = Int32(position) }
            if element.scenario.links.isEmpty, element.scenario.devices.count == 1 { positionOfDevice[Int(element.scenario.devices[0])] = Int32(position) }
        }
        let linkPositions = positionOfLink
        let devicePositions = positionOfDevice
        let firsts = Array(firstElements)
        // Under the forwarding model two failures can part accelerators that components keep together (a GPU's
        // plane-A cable and another GPU's plane-B cable): every pair of harmless elements is recomputed while that
        // stays within `forwardingPairWork`; beyond it only the component candidates below are (see the note of
        // `forwardingPairWork`).
        let harmlessCount = harmless.filter { $0 }.count
        let exhaustive =
            baseline.forwarding != nil
            && Double(harmlessCount) * Double(harmlessCount) / 2 * Double(graph.vertexCount + graph.arcCount) <= Self.forwardingPairWork
        let labelPartners = exhaustive ? nil : cutPairCandidates(elements, harmless: harmless, firstElements: firstElements)
        // Pair stamps for the incremental capacity scratch: negative, distinct within a chunk of first elements.
        let pairStamps = count < (1 << 30) / 4096
        let perFirst: [[SweepOutcome]] = parallelMap(firsts.count, progress: progress) { slot, mask, scratch, _ in
            let x = firsts[slot]
            guard harmless[x] else { return [] }
            let first = elements[x].scenario
            var partners: [Int] = []
            let isSingleLink = first.devices.isEmpty && first.links.count == 1
            let isSingleDevice = first.links.isEmpty && first.devices.count == 1
            if exhaustive {
                partners = Array((x + 1)..<count).filter { harmless[$0] }
            } else if let labelPartners {
                partners = labelPartners[x - firstElements.lowerBound]
            } else if isSingleLink || isSingleDevice {
                let after = graph.connectivity(under: first.mask(for: graph))
                if isSingleLink {
                    for bridge in after.bridges where bridge.singleLink && bridge.separatedAccelerators > 0 {
                        let y = Int(linkPositions[Int(bridge.link)])
                        if y > x && harmless[y] { partners.append(y) }
                    }
                } else {
                    for point in after.articulationPoints where point.separatedAccelerators > 0 {
                        let y = Int(devicePositions[Int(point.vertex)])
                        if y > x && harmless[y] { partners.append(y) }
                    }
                }
            } else {
                partners = Array((x + 1)..<count).filter { harmless[$0] }
            }
            var found: [SweepOutcome] = []
            for y in partners.sorted() {
                let scenario = first.union(elements[y].scenario)
                for link in scenario.links { mask.failLink(link) }
                for device in scenario.devices { mask.failDevice(device) }
                let connectivity: ConnectivityImpact
                if labelPartners != nil && baseline.forwarding == nil {
                    connectivity = baseline.linkPairImpact(scenario.links, under: mask)
                } else {
                    connectivity = baseline.connectivityImpact(under: mask)
                }
                let capacity: CapacityImpact
                if !connectivity.critical {
                    capacity = .none
                } else if pairStamps {
                    let ordinal = pairOrdinal(x, y, count: count)
                    capacity = baseline.incrementalCapacityImpact(
                        links: scenario.links, devices: scenario.devices, under: mask, scratch: &scratch,
                        stamp: -2 - Int32(truncatingIfNeeded: ordinal & 0x3FFF_FFFF)
                    )
                } else {
                    capacity = baseline.capacityImpact(under: mask)
                }
                mask.links.removeAll()
                mask.devices.removeAll()
                guard connectivity.critical else { continue }
                found.append(
                    SweepOutcome(
                        ordinal: pairOrdinal(x, y, count: count), label: "\(elements[x].label) + \(elements[y].label)",
                        scenario: scenario, connectivity: connectivity, capacity: capacity, traffic: nil
                    ))
            }
            return found
        }
        var considered = 0
        var harmlessAfter = harmless.filter { $0 }.count
        for x in 0..<min(firstElements.upperBound, count) {
            if harmless[x] { harmlessAfter -= 1 }
            if firstElements.contains(x) && harmless[x] { considered += harmlessAfter }
        }
        return (perFirst.flatMap { $0 }, considered)
    }

    /// Work (pairs × (V + E)) up to which a pair sweep of a design whose components do not tell reach
    /// (`CSRGraph.forwardingSplitsComponents`) recomputes every pair of harmless elements. Above it the pairs are the
    /// component candidates (bridges and cut vertices after the first failure), which miss pairs that part
    /// accelerators only under the forwarding model.
    static let forwardingPairWork = 4e9

    /// Candidate partners y > x of every first element x for a link sweep, from the links' cycle-space labels
    /// (`CSRGraph.linkCutLabels`): a pair of links disconnects something although neither does alone exactly when
    /// both are non-bridges with equal labels (two harmless bridges never strand accelerators together: of the three
    /// parts they leave, at most one holds accelerators). Nil when the elements are not single links or when the
    /// candidate pairs would outnumber the per-element recomputations they replace.
    /// - Complexity: O(V + E + n log n) for n elements.
    func cutPairCandidates(_ elements: [SweepElement], harmless: [Bool], firstElements: Range<Int>) -> [[Int]]? {
        guard elements.allSatisfy({ $0.scenario.devices.isEmpty && $0.scenario.links.count == 1 }) else { return nil }
        let labels = baseline.graph.linkCutLabels()
        var keyed: [(label: UInt64, position: Int)] = []
        for (position, element) in elements.enumerated() where harmless[position] {
            let label = labels[Int(element.scenario.links[0])]
            if label != 0 { keyed.append((label, position)) }
        }
        keyed.sort { $0.label != $1.label ? $0.label < $1.label : $0.position < $1.position }
        var groups: [Range<Int>] = []
        var start = 0
        for index in 1..<(keyed.count + 1) where index == keyed.count || keyed[index].label != keyed[start].label {
            if index - start >= 2 { groups.append(start..<index) }
            start = index
        }
        let recomputations = firstElements.filter { $0 < harmless.count && harmless[$0] }.count
        var pairs = 0
        for group in groups { pairs += group.count * (group.count - 1) / 2 }
        guard pairs <= max(recomputations, 1) else { return nil }
        var partners = [[Int]](repeating: [], count: firstElements.count)
        for group in groups {
            for i in group where firstElements.contains(keyed[i].position) {
                for j in (i + 1)..<group.upperBound { partners[keyed[i].position - firstElements.lowerBound].append(keyed[j].position) }
            }
        }
        return partners
    }

    /// Runs a sweep as the options say and builds its report.
    ///
    /// `k = 1`: every element of the class (of the shard). `k = 2` with the connectivity metric: every pair of
    /// elements harmless alone (pairs with an element that is critical alone are already in the `k = 1` sweep),
    /// reporting those that disconnect accelerators; the others count as unaffected (capacity is not evaluated for
    /// them). `k = 2` with capacity or traffic: `samples` pairs drawn with `seed` (SplitMix64), each evaluated.
    /// - Parameter progress: called from worker threads with the number of scenarios just finished.
    public func run(
        _ options: SweepOptions, designName: String, traffic: TrafficSweeper? = nil,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> SweepReport {
        let evaluation = evaluate(options, traffic: traffic, progress: progress)
        return SweepReport.make(
            topology: topology, designName: designName, options: options,
            baseline: reportBaseline(options, elementsInClass: evaluation.elementsInClass, traffic: traffic),
            scenariosEvaluated: evaluation.evaluated, outcomes: evaluation.outcomes)
    }

    /// The healthy figures a report of this sweep repeats.
    func reportBaseline(_ options: SweepOptions, elementsInClass: Int, traffic: TrafficSweeper?) -> SweepBaseline {
        SweepBaseline(
            devices: topology.devices.count, links: topology.links.count, accelerators: baseline.acceleratorCount,
            acceleratorComponents: baseline.connectivity.acceleratorComponentCount, elementsInClass: elementsInClass,
            maxUtilization: options.metric == .traffic ? traffic?.maxUtilizationBefore : nil,
            capacityUnit: topology.capacitiesInBitsPerSecond ? nil : "cables"
        )
    }

    /// The outcomes of a sweep as `run` describes it, the number of scenarios evaluated and the size of the class.
    func evaluate(_ options: SweepOptions, traffic: TrafficSweeper?, progress: (@Sendable (Int) -> Void)?)
        -> (outcomes: [SweepOutcome], evaluated: Int, elementsInClass: Int)
    {
        let elements = sweepElements(topology, class: options.elements)
        var outcomes: [SweepOutcome] = []
        var evaluated = 0
        if options.k >= 2 && options.metric == .connectivity {
            let range = options.shard?.range(of: elements.count) ?? 0..<elements.count
            let pairs = sweepCriticalPairs(elements, firstElements: range, progress: progress)
            outcomes = pairs.outcomes
            evaluated = pairs.pairsConsidered
        } else {
            var chosen: [SweepElement]
            if options.k >= 2 {
                chosen = samplePairs(elements, count: options.samples, seed: options.seed)
            } else {
                chosen = elements
            }
            let range = options.shard?.range(of: chosen.count) ?? 0..<chosen.count
            chosen = Array(chosen[range])
            outcomes = sweepSingles(chosen, progress: options.metric == .traffic ? nil : progress)
            if options.metric == .traffic, let traffic {
                // Representatives are chosen over the whole class, so a scenario gets the same figures (to the
                // last bit) whatever shard it falls in.
                let representative: [Int]
                if options.k == 1 {
                    representative = FailureSymmetry(graph: baseline.graph, topology: topology).representatives(of: elements)
                } else {
                    representative = Array(elements.indices)
                }
                var needed: [Int] = []
                var slotOfElement: [Int: Int] = [:]
                for element in chosen {
                    let rep = options.k == 1 ? representative[element.ordinal] : element.ordinal
                    if slotOfElement[rep] == nil {
                        slotOfElement[rep] = needed.count
                        needed.append(rep)
                    }
                }
                var scenarioOfOrdinal: [Int: FailureScenario] = [:]
                for element in chosen { scenarioOfOrdinal[element.ordinal] = element.scenario }
                let scenarios = needed.map { ordinal in
                    options.k == 1 ? elements[ordinal].scenario : (scenarioOfOrdinal[ordinal] ?? FailureScenario())
                }
                let impacts = traffic.impacts(of: scenarios, progress: progress)
                for index in outcomes.indices {
                    let ordinal = chosen[index].ordinal
                    let rep = options.k == 1 ? representative[ordinal] : ordinal
                    outcomes[index].traffic = slotOfElement[rep].map { impacts[$0] }
                }
            }
            evaluated = chosen.count
        }
        return (outcomes, evaluated, elements.count)
    }

    /// `count` distinct pairs of elements drawn with SplitMix64 from `seed` (all pairs when there are fewer), in
    /// pair order; each pair's ordinal is its position in the full pair order.
    public func samplePairs(_ elements: [SweepElement], count: Int, seed: UInt64) -> [SweepElement] {
        let n = elements.count
        let total = n * (n - 1) / 2
        guard total > 0 else { return [] }
        var ordinals: [Int]
        if count >= total {
            ordinals = Array(0..<total)
        } else {
            var random = SplitMix64(seed: seed)
            var picked = Set<Int>()
            while picked.count < count { picked.insert(Int(random.next() % UInt64(total))) }
            ordinals = picked.sorted()
        }
        // Invert pairOrdinal by walking the rows.
        var result: [SweepElement] = []
        result.reserveCapacity(ordinals.count)
        var x = 0
        var rowStart = 0
        for ordinal in ordinals {
            while ordinal >= rowStart + (n - x - 1) {
                rowStart += n - x - 1
                x += 1
            }
            let y = x + 1 + (ordinal - rowStart)
            result.append(
                SweepElement(
                    ordinal: ordinal, label: "\(elements[x].label) + \(elements[y].label)",
                    scenario: elements[x].scenario.union(elements[y].scenario)))
        }
        return result
    }

    /// Runs `body` for `0..<count` on both cores, each worker with its own empty mask and scratch array.
    func parallelMap<Result: Sendable>(
        _ count: Int, progress: (@Sendable (Int) -> Void)?,
        _ body: @Sendable (Int, inout FailureMask, inout CapacityScratch, Int32) -> Result
    ) -> [Result] {
        let graph = baseline.graph
        let chunkSize = max(1, min(4096, count / 64))
        let chunks = (count + chunkSize - 1) / chunkSize
        let results = ParallelSlots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var mask = FailureMask(for: graph)
            var scratch = CapacityScratch(vertexCount: graph.vertexCount)
            let lower = chunk * chunkSize
            let upper = min(count, lower + chunkSize)
            for index in lower..<upper {
                results.set(index, body(index, &mask, &scratch, Int32(truncatingIfNeeded: index)))
            }
            progress?(upper - lower)
        }
        return results.setValues
    }
}

extension BlastRadiusBaseline {
    /// The connectivity diff of failing two links `links` (no devices) whose first link is not a bridge: they can
    /// only disconnect by separating the first link's ends, so two breadth-first searches from those ends grow in
    /// turn until they meet (nothing disconnected) or one runs out, having found the whole smaller part.
    /// Equal to `connectivityImpact(under:)` (checked by the brute-force pair tests).
    /// - Complexity: O(size and degrees of the smaller part), O(V + E) at worst.
    func linkPairImpact(_ links: [Int32], under mask: FailureMask) -> ConnectivityImpact {
        guard links.count == 2 else { return connectivityImpact(under: mask) }
        let ends = [linkSource[Int(links[0])], linkTarget[Int(links[0])]]
        guard ends[0] != ends[1] else { return connectivityImpact(under: mask) }
        var side: [Int32: Int8] = [ends[0]: 0, ends[1]: 1]
        var queues: [[Int32]] = [[ends[0]], [ends[1]]]
        var reads = [0, 0]
        var turn = 0
        while true {
            if reads[turn] == queues[turn].count { break }
            let v = queues[turn][reads[turn]]
            reads[turn] += 1
            for arc in graph.arcs(from: v) where !mask.links[Int(graph.link[Int(arc)])] {
                let w = graph.head[Int(arc)]
                if mask.devices[Int(w)] { continue }
                if let known = side[w] {
                    if known != Int8(turn) { return ConnectivityImpact() }
                    continue
                }
                side[w] = Int8(turn)
                queues[turn].append(w)
            }
            turn = 1 - turn
        }
        // Side `turn` is complete: the part cut off from the rest of its component.
        var part = 0
        for vertex in queues[turn] where graph.isAccelerator[Int(vertex)] { part += 1 }
        let component = connectivity.componentOf[Int(ends[0])]
        let total = connectivity.componentAccelerators[Int(component)]
        let stranded = component == connectivity.largestAcceleratorComponent ? total - max(part, total - part) : 0
        return ConnectivityImpact(failedAccelerators: 0, strandedAccelerators: stranded, disconnectedPairs: part * (total - part))
    }
}

/// The ordinal of the pair (x, y), x < y, in the order (0,1), (0,2), ..., (1,2), ...
func pairOrdinal(_ x: Int, _ y: Int, count: Int) -> Int {
    x * count - x * (x + 1) / 2 + (y - x - 1)
}
