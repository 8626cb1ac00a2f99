import FabricModel

/// How a failure scenario changes accelerator connectivity, as a diff against the healthy design.
public struct ConnectivityImpact: Hashable, Sendable, Codable {
    /// Accelerators that are themselves failed devices in the scenario.
    public var failedAccelerators: Int
    /// Surviving accelerators of the healthy largest accelerator component that are cut off from the largest
    /// part remaining of it.
    public var strandedAccelerators: Int
    /// Pairs of surviving accelerators connected in the healthy design and disconnected in the scenario.
    public var disconnectedPairs: Int

    /// Creates an impact record.
    public init(failedAccelerators: Int = 0, strandedAccelerators: Int = 0, disconnectedPairs: Int = 0) {
        self.failedAccelerators = failedAccelerators
        self.strandedAccelerators = strandedAccelerators
        self.disconnectedPairs = disconnectedPairs
    }

    /// True when the scenario disconnects surviving accelerators: some are stranded or two lose each other. A failed
    /// accelerator is not its own blast radius (it counts in `failedAccelerators`, not here).
    public var critical: Bool { strandedAccelerators > 0 || disconnectedPairs > 0 }
}

/// Injection and first-hop uplink capacity the accelerators lose in a scenario.
///
/// An accelerator's injection capacity is the capacity of its own usable cables. Its uplink capacity is its share
/// of the upward capacity of the switches it attaches to: a switch's upward cables are those to non-accelerator
/// devices of a higher tier (any non-accelerator device when a tier is unknown), shared among its accelerator
/// cables in proportion to their healthy capacity.
public struct CapacityImpact: Hashable, Sendable, Codable {
    /// Surviving accelerators whose injection capacity dropped.
    public var acceleratorsLosingInjection: Int
    /// Total injection capacity lost by surviving accelerators, bit/s.
    public var injectionLostBps: Double
    /// Largest fraction of its injection capacity one accelerator lost (0...1).
    public var worstInjectionLoss: Double
    /// Surviving accelerators whose uplink share dropped. An accelerator a's uplink share is Σ over the switches w it
    /// attaches to of uplink(w) × c(a, w) ÷ (capacity of w's links to accelerators), uplink(w) being w's capacity
    /// toward higher-tier devices: first hop only, so a failure between higher tiers does not lower it.
    public var acceleratorsLosingUplink: Int
    /// Total uplink share lost by surviving accelerators, bit/s.
    public var uplinkLostBps: Double
    /// Largest fraction of its uplink share one accelerator lost (0...1).
    public var worstUplinkLoss: Double

    /// No loss.
    public static let none = CapacityImpact(
        acceleratorsLosingInjection: 0, injectionLostBps: 0, worstInjectionLoss: 0,
        acceleratorsLosingUplink: 0, uplinkLostBps: 0, worstUplinkLoss: 0
    )

    /// Creates an impact record.
    public init(
        acceleratorsLosingInjection: Int, injectionLostBps: Double, worstInjectionLoss: Double,
        acceleratorsLosingUplink: Int, uplinkLostBps: Double, worstUplinkLoss: Double
    ) {
        self.acceleratorsLosingInjection = acceleratorsLosingInjection
        self.injectionLostBps = injectionLostBps
        self.worstInjectionLoss = worstInjectionLoss
        self.acceleratorsLosingUplink = acceleratorsLosingUplink
        self.uplinkLostBps = uplinkLostBps
        self.worstUplinkLoss = worstUplinkLoss
    }

    /// Total capacity lost, injection plus uplink share, bit/s.
    public var totalLostBps: Double { injectionLostBps + uplinkLostBps }

    /// True when any accelerator lost capacity.
    public var degraded: Bool { acceleratorsLosingInjection > 0 || acceleratorsLosingUplink > 0 }
}

/// The capacity loss of one accelerator.
public struct AcceleratorCapacityLoss: Hashable, Sendable {
    /// The accelerator's device index.
    public var accelerator: Int32
    /// Injection capacity before and after, bit/s.
    public var injectionBefore: Double
    /// Injection capacity after the failure, bit/s.
    public var injectionAfter: Double
    /// Uplink share before, bit/s.
    public var uplinkBefore: Double
    /// Uplink share after the failure, bit/s.
    public var uplinkAfter: Double
}

/// Per-worker buffers of the incremental capacity evaluation (stamped, so never cleared between scenarios).
struct CapacityScratch {
    var seen: [Int32]
    var upStamp: [Int32]
    var upValue: [Double]
    var touchedSwitches: [Int32] = []
    var candidates: [Int32] = []
    var linkSearch = InterleavedSearchScratch()

    init(vertexCount: Int) {
        seen = [Int32](repeating: -1, count: vertexCount)
        upStamp = [Int32](repeating: -1, count: vertexCount)
        upValue = [Double](repeating: 0, count: vertexCount)
    }
}

/// The healthy design's connectivity and capacity, computed once; every scenario is diffed against it.
///
/// Scenarios are `FailureMask`s over the one immutable `CSRGraph` (Batfish's `answerDiff` idea: the same analysis
/// on the masked graph, compared with the baseline), never a rebuilt graph.
public struct BlastRadiusBaseline: Sendable {
    /// The graph every scenario masks.
    public let graph: CSRGraph
    /// Connectivity of the healthy design (graph engine).
    public let connectivity: ConnectivityAnalysis
    /// Healthy injection capacity per device (0 for non-accelerators), bit/s.
    public let injection: [Double]
    /// Healthy upward capacity per device (0 for accelerators), bit/s.
    public let uplink: [Double]
    /// Healthy capacity of the accelerator cables arriving at each device (the uplink-share denominator).
    public let accessCapacity: [Double]
    /// Healthy uplink share per device (0 for non-accelerators), bit/s.
    public let uplinkShare: [Double]
    /// Whether each arc is an upward arc of its tail switch.
    let isUpward: [Bool]
    /// Tiers by device (-1 when unknown).
    let tiers: [Int32]
    /// Disconnected accelerator pairs when each device fails alone.
    let devicePairs: [Int]
    /// Source and target device of every link.
    let linkSource: [Int32]
    let linkTarget: [Int32]
    /// Reach of the healthy design under the forwarding model when components do not tell it
    /// (`CSRGraph.forwardingSplitsComponents`); nil when the components are exact.
    let forwarding: ForwardingBaseline?

    /// Computes the baseline of a topology's graph.
    /// - Complexity: O(V + E).
    public init(graph: CSRGraph, topology: Topology) {
        self.graph = graph
        let healthy = graph.connectivity()
        self.connectivity = healthy
        let n = graph.vertexCount
        let tiers = topology.devices.map { Int32($0.tier ?? -1) }
        var isUpward = [Bool](repeating: false, count: graph.arcCount)
        var injection = [Double](repeating: 0, count: n)
        var uplink = [Double](repeating: 0, count: n)
        var access = [Double](repeating: 0, count: n)
        for v in 0..<n {
            for arc in Int(graph.arcStart[v])..<Int(graph.arcStart[v + 1]) {
                let w = Int(graph.head[arc])
                if graph.isAccelerator[v] {
                    injection[v] += graph.capacity[arc]
                    if !graph.isAccelerator[w] { access[w] += graph.capacity[arc] }
                } else if !graph.isAccelerator[w] {
                    let upward = tiers[v] < 0 || tiers[w] < 0 || tiers[w] > tiers[v]
                    if upward {
                        isUpward[arc] = true
                        uplink[v] += graph.capacity[arc]
                    }
                }
            }
        }
        self.tiers = tiers
        self.isUpward = isUpward
        self.injection = injection
        self.uplink = uplink
        self.accessCapacity = access
        var share = [Double](repeating: 0, count: n)
        for v in 0..<n where graph.isAccelerator[v] {
            for arc in Int(graph.arcStart[v])..<Int(graph.arcStart[v + 1]) {
                let w = Int(graph.head[arc])
                if !graph.isAccelerator[w], access[w] > 0 { share[v] += uplink[w] * graph.capacity[arc] / access[w] }
            }
        }
        self.uplinkShare = share
        var pairs = [Int](repeating: 0, count: graph.vertexCount)
        for point in healthy.articulationPoints { pairs[Int(point.vertex)] = point.disconnectedPairs }
        self.devicePairs = pairs
        self.linkSource = topology.links.map(\.source)
        self.linkTarget = topology.links.map(\.target)
        self.forwarding = graph.forwardingSplitsComponents ? ForwardingBaseline(graph: graph) : nil
    }

    /// Accelerators in the healthy design.
    public var acceleratorCount: Int { graph.accelerators.count }

    // MARK: scenarios from scratch

    /// The connectivity diff of a scenario, by running the graph engine's connectivity on the masked graph.
    /// - Complexity: O(V + E).
    public func connectivityImpact(under mask: FailureMask) -> ConnectivityImpact {
        if forwarding != nil { return forwardingImpact(under: mask) }
        let after = graph.connectivity(under: mask)
        return connectivityImpact(after: after, mask: mask)
    }

    /// The connectivity diff given the masked graph's connectivity.
    /// - Complexity: O(V).
    public func connectivityImpact(after: ConnectivityAnalysis, mask: FailureMask) -> ConnectivityImpact {
        if forwarding != nil { return forwardingImpact(under: mask) }
        let healthy = connectivity
        var failed = 0
        for accelerator in graph.accelerators where mask.devices[Int(accelerator)] { failed += 1 }
        // Every part of the scenario lies inside one healthy component: find it from any of its vertices.
        var healthyComponentOfPart = [Int32](repeating: -1, count: after.componentCount)
        for v in 0..<graph.vertexCount where after.componentOf[v] >= 0 {
            let part = Int(after.componentOf[v])
            if healthyComponentOfPart[part] < 0 { healthyComponentOfPart[part] = healthy.componentOf[v] }
        }
        var survivors = [Int](repeating: 0, count: healthy.componentCount)
        var squares = [Int](repeating: 0, count: healthy.componentCount)
        var largestPart = [Int](repeating: 0, count: healthy.componentCount)
        for part in 0..<after.componentCount {
            let count = after.componentAccelerators[part]
            guard count > 0 else { continue }
            let component = Int(healthyComponentOfPart[part])
            survivors[component] += count
            squares[component] += count * count
            largestPart[component] = max(largestPart[component], count)
        }
        var pairs = 0
        for component in 0..<healthy.componentCount {
            pairs += (survivors[component] * survivors[component] - squares[component]) / 2
        }
        var stranded = 0
        if healthy.largestAcceleratorComponent >= 0 {
            let largest = Int(healthy.largestAcceleratorComponent)
            stranded = survivors[largest] - largestPart[largest]
        }
        return ConnectivityImpact(failedAccelerators: failed, strandedAccelerators: stranded, disconnectedPairs: pairs)
    }

    /// The capacity diff of a scenario, recomputing every switch's uplink and every accelerator's capacity.
    /// - Complexity: O(V + E).
    public func capacityImpact(under mask: FailureMask) -> CapacityImpact {
        let accelerators = graph.accelerators.filter { !mask.devices[Int($0)] }
        let upAfter = allUplinks(under: mask)
        return capacityImpact(of: accelerators, under: mask) { upAfter[$0] }.impact
    }

    /// Per-accelerator capacity losses of a scenario, largest loss first (ties by device index).
    /// - Complexity: O(V + E + L log L) for L losing accelerators.
    public func capacityLosses(under mask: FailureMask) -> [AcceleratorCapacityLoss] {
        let accelerators = graph.accelerators.filter { !mask.devices[Int($0)] }
        let upAfter = allUplinks(under: mask)
        return capacityImpact(of: accelerators, under: mask) { upAfter[$0] }.losses.sorted {
            let left = ($0.injectionBefore - $0.injectionAfter) + ($0.uplinkBefore - $0.uplinkAfter)
            let right = ($1.injectionBefore - $1.injectionAfter) + ($1.uplinkBefore - $1.uplinkAfter)
            return left != right ? left > right : $0.accelerator < $1.accelerator
        }
    }

    /// Usable upward capacity of every device under `mask`.
    /// - Complexity: O(V + E).
    func allUplinks(under mask: FailureMask) -> [Double] {
        (0..<graph.vertexCount).map { uplink(of: $0, under: mask) }
    }

    /// Usable upward capacity of switch `v` under `mask`.
    /// - Complexity: O(degree of v).
    func uplink(of v: Int, under mask: FailureMask) -> Double {
        if mask.devices[v] { return 0 }
        var total = 0.0
        for arc in Int(graph.arcStart[v])..<Int(graph.arcStart[v + 1]) where isUpward[arc] {
            if !mask.links[Int(graph.link[arc])] && !mask.devices[Int(graph.head[arc])] { total += graph.capacity[arc] }
        }
        return total
    }

    /// Capacity diff restricted to the given (surviving) accelerators; the others are known unchanged.
    /// - Parameter upAfter: the usable upward capacity of a switch under the mask.
    /// - Complexity: O(Σ degree of the accelerators).
    func capacityImpact(of accelerators: [Int32], under mask: FailureMask, upAfter: (Int) -> Double)
        -> (impact: CapacityImpact, losses: [AcceleratorCapacityLoss])
    {
        var impact = CapacityImpact.none
        var losses: [AcceleratorCapacityLoss] = []
        for accelerator in accelerators {
            let a = Int(accelerator)
            let (injectionAfter, shareAfter) = capacityAfter(of: a, under: mask, upAfter: upAfter)
            let injectionLost = injection[a] - injectionAfter
            let shareLost = uplinkShare[a] - shareAfter
            let tolerance = 1e-9
            let losesInjection = injectionLost > tolerance * max(injection[a], 1)
            let losesUplink = shareLost > tolerance * max(uplinkShare[a], 1)
            guard losesInjection || losesUplink else { continue }
            if losesInjection {
                impact.acceleratorsLosingInjection += 1
                impact.injectionLostBps += injectionLost
                impact.worstInjectionLoss = max(impact.worstInjectionLoss, injectionLost / injection[a])
            }
            if losesUplink {
                impact.acceleratorsLosingUplink += 1
                impact.uplinkLostBps += shareLost
                impact.worstUplinkLoss = max(impact.worstUplinkLoss, shareLost / uplinkShare[a])
            }
            losses.append(
                AcceleratorCapacityLoss(
                    accelerator: accelerator, injectionBefore: injection[a], injectionAfter: injectionAfter,
                    uplinkBefore: uplinkShare[a], uplinkAfter: shareAfter
                ))
        }
        return (impact, losses)
    }

    /// The capacity diff of a scenario, touching only what it can change: switches at a failed link or next to (or
    /// being) a failed device get their uplink recomputed; the accelerators re-evaluated are those at a failed link,
    /// next to a failed device, or attached to a switch whose uplink changed. Equal to `capacityImpact(under:)`
    /// (checked in the tests).
    /// - Parameter scratch: per-vertex stamps (any content), reused across calls with distinct `stamp`s.
    /// - Complexity: O(Σ degree of the touched devices, of the switches whose uplink changed, and of the
    ///   re-evaluated accelerators).
    func incrementalCapacityImpact(
        links: [Int32], devices: [Int32], under mask: FailureMask,
        scratch: inout CapacityScratch, stamp: Int32
    ) -> CapacityImpact {
        scratch.touchedSwitches.removeAll(keepingCapacity: true)
        scratch.candidates.removeAll(keepingCapacity: true)
        @inline(__always)
        func consider(_ v: Int32, _ scratch: inout CapacityScratch) {
            guard scratch.seen[Int(v)] != stamp else { return }
            scratch.seen[Int(v)] = stamp
            if graph.isAccelerator[Int(v)] {
                if !mask.devices[Int(v)] { scratch.candidates.append(v) }
            } else {
                scratch.touchedSwitches.append(v)
            }
        }
        for linkIndex in links {
            consider(linkSource[Int(linkIndex)], &scratch)
            consider(linkTarget[Int(linkIndex)], &scratch)
        }
        for device in devices {
            consider(device, &scratch)
            for arc in graph.arcs(from: device) { consider(graph.head[Int(arc)], &scratch) }
        }
        // Accelerators seen so far are evaluated in full (their own links or neighbours changed). The others are
        // affected only through a switch whose uplink changed: their share drops by Σ (uplink − after) × c ÷ access
        // over those switches, accumulated from the switch side (upStamp/upValue of an accelerator hold that drop).
        var driven: [Int32] = []
        var index = 0
        while index < scratch.touchedSwitches.count {
            let s = Int(scratch.touchedSwitches[index])
            index += 1
            let after = uplink(of: s, under: mask)
            guard after != uplink[s] else { continue }
            scratch.upStamp[s] = stamp
            scratch.upValue[s] = after
            guard accessCapacity[s] > 0 else { continue }
            let drop = (uplink[s] - after) / accessCapacity[s]
            for arc in graph.arcs(from: Int32(s)) where graph.isAccelerator[Int(graph.head[Int(arc)])] {
                let a = Int(graph.head[Int(arc)])
                if scratch.seen[a] == stamp { continue }
                if scratch.upStamp[a] != stamp {
                    scratch.upStamp[a] = stamp
                    scratch.upValue[a] = 0
                    driven.append(Int32(a))
                }
                scratch.upValue[a] += drop * graph.capacity[Int(graph.reverse[Int(arc)])]
            }
        }
        scratch.candidates.sort()
        driven.sort()
        let upStamp = scratch.upStamp
        let upValue = scratch.upValue
        let healthyUplink = uplink
        func upAfter(_ w: Int) -> Double { upStamp[w] == stamp ? upValue[w] : healthyUplink[w] }
        var impact = CapacityImpact.none
        var direct = 0
        var next = 0
        // Ascending vertex order over both kinds, as a full evaluation would sum them.
        while direct < scratch.candidates.count || next < driven.count {
            let takeDirect = next == driven.count || (direct < scratch.candidates.count && scratch.candidates[direct] < driven[next])
            if takeDirect {
                let a = Int(scratch.candidates[direct])
                direct += 1
                let (injectionAfter, shareAfter) = capacityAfter(of: a, under: mask, upAfter: upAfter)
                record(a, injectionLost: injection[a] - injectionAfter, shareLost: uplinkShare[a] - shareAfter, into: &impact)
            } else {
                let a = Int(driven[next])
                next += 1
                record(a, injectionLost: 0, shareLost: upValue[a], into: &impact)
            }
        }
        return impact
    }

    /// An accelerator's injection and first-hop uplink share left under `mask`, given each switch's uplink after it.
    /// - Complexity: O(degree of the accelerator).
    @inline(__always)
    func capacityAfter(of a: Int, under mask: FailureMask, upAfter: (Int) -> Double) -> (injection: Double, share: Double) {
        var injectionAfter = 0.0
        var shareAfter = 0.0
        for arc in Int(graph.arcStart[a])..<Int(graph.arcStart[a + 1]) {
            let w = Int(graph.head[arc])
            guard !mask.links[Int(graph.link[arc])] && !mask.devices[w] else { continue }
            injectionAfter += graph.capacity[arc]
            if !graph.isAccelerator[w], accessCapacity[w] > 0 {
                shareAfter += upAfter(w) * graph.capacity[arc] / accessCapacity[w]
            }
        }
        return (injectionAfter, shareAfter)
    }

    /// Adds one accelerator's losses to a capacity impact (the tolerances of `capacityImpact(of:under:upAfter:)`).
    @inline(__always)
    func record(_ a: Int, injectionLost: Double, shareLost: Double, into impact: inout CapacityImpact) {
        let tolerance = 1e-9
        if injectionLost > tolerance * max(injection[a], 1) {
            impact.acceleratorsLosingInjection += 1
            impact.injectionLostBps += injectionLost
            impact.worstInjectionLoss = max(impact.worstInjectionLoss, injectionLost / injection[a])
        }
        if shareLost > tolerance * max(uplinkShare[a], 1) {
            impact.acceleratorsLosingUplink += 1
            impact.uplinkLostBps += shareLost
            impact.worstUplinkLoss = max(impact.worstUplinkLoss, shareLost / uplinkShare[a])
        }
    }

    /// The two end devices of a topology link.
    @inline(__always)
    func linkEnds(_ linkIndex: Int32) -> [Int32] {
        [linkSource[Int(linkIndex)], linkTarget[Int(linkIndex)]]
    }
}
