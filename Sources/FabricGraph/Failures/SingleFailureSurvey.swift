import FabricModel
import Foundation

/// The blast radius of every single non-accelerator failure (link, switch, SRLG), as the `blast_radius` rule grades
/// it: accelerators disconnected and accelerators that lose a fraction of their own link capacity.
///
/// The definitions are the failure engine's (`ConnectivityImpact`, as `fabcheck whatif` and `sweep` report them):
/// *disconnected* accelerators are the surviving accelerators of the healthy largest accelerator component that a
/// failure cuts off from the largest part left (`strandedAccelerators`); *degraded* ones lose at least
/// `lossFraction` of the capacity of their own cables (each cable counted at its larger direction), disconnected
/// ones included. An SRLG named after a rack (`sharesFate`) is the rack failing: the rack's own accelerators fail
/// with it and count as neither. Components are those of the whole graph (paths may pass through accelerators);
/// under a forwarding model where accelerators do not relay, `whatif` and `sweep` judge reach instead and can count
/// more (`BlastRadiusBaseline.forwardingImpact`).
///
/// Links and switches come from one connectivity pass (bridges and articulation points carry the accelerators they
/// strand); an SRLG whose links join one device pair is a bridge lookup; any other SRLG is a local search from its
/// links' ends (`SplitSearch`), SRLGs spread over both cores.
public struct SingleFailureSurvey: Sendable {
    /// What fails.
    public enum Element: Hashable, Sendable {
        case link(Int32)
        case device(Int32)
        case srlg(Int32)
    }

    /// One failure's impact.
    public struct Impact: Sendable {
        public let element: Element
        /// Accelerators cut off from the largest remaining part.
        public let disconnected: Int
        /// Accelerators that lose at least `lossFraction` of their link capacity (disconnected ones included).
        public let degraded: Int
    }

    /// The loss fraction of the `blast_radius` rule's defaults.
    public static let defaultLossFraction = 0.25

    /// Impacts with at least one disconnected or degraded accelerator, in element order (links, devices, SRLGs).
    public let impacts: [Impact]

    /// Surveys every link, switch and SRLG.
    /// - Complexity: O(V + E) for links and switches; per SRLG spanning several device pairs, searches from its links' ends
    ///   (`SplitSearch`), about the size of what it cuts off times the open searches, at most O(V + E) each.
    public init(topology: Topology, graph: CSRGraph, connectivity: ConnectivityAnalysis, lossFraction: Double) {
        self.init(topology: topology, graph: graph, connectivity: connectivity, lossFraction: lossFraction, exhaustive: false)
    }

    /// As above; `exhaustive` labels the whole graph for every multi-pair SRLG instead of searching from its links'
    /// ends (the reference the tests compare the search against).
    init(topology: Topology, graph: CSRGraph, connectivity: ConnectivityAnalysis, lossFraction: Double, exhaustive: Bool) {
        var impacts: [Impact] = []
        // Accelerator capacity, and per accelerator the capacity toward each neighbour.
        var total = [Double](repeating: 0, count: graph.vertexCount)
        for vertex in graph.accelerators {
            for arc in graph.arcs(from: vertex) { total[Int(vertex)] += Self.capacity(graph, arc) }
        }
        impacts.append(contentsOf: Self.linkImpacts(graph: graph, connectivity: connectivity, total: total, lossFraction: lossFraction))
        var separatedBy = [Int](repeating: 0, count: graph.vertexCount)
        for point in connectivity.articulationPoints { separatedBy[Int(point.vertex)] = point.strandedAccelerators }
        for vertex in 0..<Int32(graph.vertexCount) where !graph.isAccelerator[Int(vertex)] {
            var degraded = 0
            var lastHead: Int32 = -1
            var share = 0.0
            // Arcs are grouped by tail but heads may repeat non-adjacently: accumulate per accelerator neighbour.
            var perNeighbour: [Int32: Double] = [:]
            for arc in graph.arcs(from: vertex) {
                let head = graph.head[Int(arc)]
                guard graph.isAccelerator[Int(head)] else { continue }
                if head == lastHead {
                    share += Self.capacity(graph, arc)
                    continue
                }
                if lastHead >= 0 { perNeighbour[lastHead, default: 0] += share }
                lastHead = head
                share = Self.capacity(graph, arc)
            }
            if lastHead >= 0 { perNeighbour[lastHead, default: 0] += share }
            for (accelerator, lost) in perNeighbour where total[Int(accelerator)] > 0 && lost / total[Int(accelerator)] >= lossFraction - 1e-12 {
                degraded += 1
            }
            let disconnected = separatedBy[Int(vertex)]
            if disconnected > 0 || degraded > 0 {
                impacts.append(Impact(element: .device(vertex), disconnected: disconnected, degraded: max(degraded, disconnected)))
            }
        }
        impacts.append(
            contentsOf: Self.srlgImpacts(
                topology: topology, graph: graph, connectivity: connectivity,
                total: total, lossFraction: lossFraction, exhaustive: exhaustive))
        self.impacts = impacts
    }

    /// The links whose failure strands accelerators (single-link bridges) or takes at least `lossFraction` of an
    /// end accelerator's capacity, in link order.
    /// - Complexity: O(V + E + H log H) for H links that degrade an accelerator.
    private static func linkImpacts(graph: CSRGraph, connectivity: ConnectivityAnalysis, total: [Double], lossFraction: Double) -> [Impact] {
        // One entry per (link, accelerator end) that loses the fraction; the cables of a link are adjacent arcs.
        var hits: [Int32] = []
        for vertex in graph.accelerators where total[Int(vertex)] > 0 {
            var arc = graph.arcStart[Int(vertex)]
            let end = graph.arcStart[Int(vertex) + 1]
            while arc < end {
                let link = graph.link[Int(arc)]
                var lost = 0.0
                while arc < end, graph.link[Int(arc)] == link {
                    lost += capacity(graph, arc)
                    arc += 1
                }
                if lost / total[Int(vertex)] >= lossFraction - 1e-12 { hits.append(link) }
            }
        }
        hits.sort()
        var stranded: [(link: Int32, count: Int)] = connectivity.bridges.compactMap {
            $0.singleLink && $0.strandedAccelerators > 0 ? ($0.link, $0.strandedAccelerators) : nil
        }
        stranded.sort { $0.link < $1.link }
        var impacts: [Impact] = []
        var (h, b) = (0, 0)
        while h < hits.count || b < stranded.count {
            let link = min(h < hits.count ? hits[h] : .max, b < stranded.count ? stranded[b].link : .max)
            var degraded = 0
            while h < hits.count, hits[h] == link {
                degraded += 1
                h += 1
            }
            var disconnected = 0
            if b < stranded.count, stranded[b].link == link {
                disconnected = stranded[b].count
                b += 1
            }
            impacts.append(Impact(element: .link(link), disconnected: disconnected, degraded: max(degraded, disconnected)))
        }
        return impacts
    }

    @inline(__always)
    static func capacity(_ graph: CSRGraph, _ arc: Int32) -> Double {
        max(graph.capacity[Int(arc)], graph.capacity[Int(graph.reverse[Int(arc)])])
    }

    private static func srlgImpacts(
        topology: Topology, graph: CSRGraph, connectivity: ConnectivityAnalysis,
        total: [Double], lossFraction: Double, exhaustive: Bool
    ) -> [Impact] {
        let groupCount = topology.srlgs.count
        guard groupCount > 0 else { return [] }
        var members = [[Int32]](repeating: [], count: groupCount)
        for (index, link) in topology.links.enumerated() where !link.isSelfLoop {
            for group in link.srlgs where group >= 0 && Int(group) < groupCount { members[Int(group)].append(Int32(index)) }
        }
        var bridgeOf: [UInt64: Bridge] = [:]
        for bridge in connectivity.bridges where bridge.separatedAccelerators > 0 {
            bridgeOf[pairKey(bridge.parent, bridge.child)] = bridge
        }
        var cablesBetween: [UInt64: Int] = [:]
        if !bridgeOf.isEmpty {
            for link in topology.links where !link.isSelfLoop {
                let key = pairKey(link.source, link.target)
                if bridgeOf[key] != nil { cablesBetween[key, default: 0] += Int(max(link.multiplicity, 1)) }
            }
        }
        let baseline = connectivity.acceleratorsOutsideLargest
        let groupLinks = members
        let bridges = bridgeOf
        let cableCounts = cablesBetween
        let results = ParallelSlots<Impact>(count: groupCount)
        let srlgNames = topology.srlgs
        // Racks interned once: an SRLG shares fate with the devices of the (at most two) racks its name denotes, so
        // the per-link test is an integer comparison instead of string matching.
        var rackIDs: [String: Int32] = [:]
        var rackOf = [Int32](repeating: -1, count: graph.vertexCount)
        var rackAccelerators: [[Int32]] = []
        for (index, device) in topology.devices.enumerated() {
            guard let rack = device.rack, !rack.isEmpty else { continue }
            let id: Int32
            if let known = rackIDs[rack] {
                id = known
            } else {
                id = Int32(rackAccelerators.count)
                rackIDs[rack] = id
                rackAccelerators.append([])
            }
            rackOf[index] = id
            if graph.isAccelerator[index] { rackAccelerators[Int(id)].append(Int32(index)) }
        }
        let racks = rackIDs
        let deviceRack = rackOf
        let acceleratorsOfRack = rackAccelerators
        /// The racks whose devices fail with the SRLG `name` (`sharesFate`): `name` itself and `name` without a
        /// `rack:`, `rack-` or `rack_` prefix.
        @Sendable func fateRacks(_ name: String) -> (Int32, Int32) {
            var first = racks[name] ?? -1
            var second: Int32 = -1
            for prefix in ["rack:", "rack-", "rack_"] where name.hasPrefix(prefix) {
                if let id = racks[String(name.dropFirst(prefix.count))] {
                    if first < 0 { first = id } else if id != first { second = id }
                }
            }
            return (first, second)
        }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, groupCount))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            // Per worker: failed-link marks, component labels and per-accelerator loss (stamped), reused from one
            // SRLG to the next.
            var failed = [Bool](repeating: false, count: topology.links.count)
            var labels = ComponentLabels(vertexCount: graph.vertexCount)
            var search = SplitSearch(vertexCount: graph.vertexCount)
            var lostValue = [Double](repeating: 0, count: graph.vertexCount)
            var lostStamp = [Int32](repeating: -1, count: graph.vertexCount)
            var losers: [Int32] = []
            var ends: [Int32] = []
            var group = worker
            topology.links.withUnsafeBufferPointer { allLinks in
                while group < groupCount {
                    defer { group += workers }
                    let links = groupLinks[group]
                    guard !links.isEmpty else { continue }
                    let (rackA, rackB) = fateRacks(srlgNames[group])
                    @inline(__always) func local(_ vertex: Int32) -> Bool {
                        let rack = deviceRack[Int(vertex)]
                        return rack >= 0 && (rack == rackA || rack == rackB)
                    }
                    let stamp = Int32(truncatingIfNeeded: group)
                    losers.removeAll(keepingCapacity: true)
                    @inline(__always) func lose(_ vertex: Int32, _ value: Double) {
                        if lostStamp[Int(vertex)] != stamp {
                            lostStamp[Int(vertex)] = stamp
                            lostValue[Int(vertex)] = 0
                            losers.append(vertex)
                        }
                        lostValue[Int(vertex)] += value
                    }
                    let firstLink = allLinks[Int(links[0])]
                    let firstKey = pairKey(firstLink.source, firstLink.target)
                    var onePair = true
                    var cables = 0
                    for index in links {
                        let source = allLinks[Int(index)].source
                        let target = allLinks[Int(index)].target
                        if onePair && pairKey(source, target) != firstKey { onePair = false }
                        let count = Int(max(allLinks[Int(index)].multiplicity, 1))
                        cables += count
                        let value = (allLinks[Int(index)].bandwidth ?? 1) * Double(count)
                        if graph.isAccelerator[Int(source)], !local(source) { lose(source, value) }
                        if graph.isAccelerator[Int(target)], !local(target) { lose(target, value) }
                    }
                    var disconnected = 0
                    if onePair {
                        if let bridge = bridges[firstKey], cables >= cableCounts[firstKey, default: .max] {
                            disconnected = bridge.strandedAccelerators
                        }
                    } else {
                        for index in links { failed[Int(index)] = true }
                        ends.removeAll(keepingCapacity: true)
                        for index in links {
                            ends.append(allLinks[Int(index)].source)
                            ends.append(allLinks[Int(index)].target)
                        }
                        // Accelerators of the failed rack itself fail with it: count only the others cut off.
                        var fateSharing: [Int32] = []
                        if rackA >= 0 { fateSharing += acceleratorsOfRack[Int(rackA)] }
                        if rackB >= 0 { fateSharing += acceleratorsOfRack[Int(rackB)] }
                        var outside: Int
                        if !exhaustive,
                            let found = search.outside(
                                graph: graph, failed: failed, ends: ends,
                                connectivity: connectivity, local: fateSharing)
                        {
                            outside = found
                        } else {
                            let largest = labels.label(graph, failed: failed)
                            outside = 0
                            for vertex in graph.accelerators where labels.component[Int(vertex)] != largest && !local(vertex) {
                                outside += 1
                            }
                        }
                        for index in links { failed[Int(index)] = false }
                        disconnected = max(0, outside - baseline)
                    }
                    var degraded = 0
                    for accelerator in losers
                    where total[Int(accelerator)] > 0
                        && lostValue[Int(accelerator)] / total[Int(accelerator)] >= lossFraction - 1e-12
                    {
                        degraded += 1
                    }
                    if disconnected > 0 || degraded > 0 {
                        results.set(
                            group,
                            Impact(
                                element: .srlg(Int32(group)), disconnected: disconnected,
                                degraded: max(degraded, disconnected)))
                    }
                }
            }
        }
        return results.setValues
    }

    /// Whether an SRLG is the rack a device sits in (`rack:R`, `rack-R`, `rack_R` or `R` for the device's rack `R`):
    /// the device fails with it, so it is not a risk the device's redundancy must avoid.
    public static func sharesFate(srlg name: String, rack: String?) -> Bool {
        guard let rack, !rack.isEmpty else { return false }
        if name == rack { return true }
        for prefix in ["rack:", "rack-", "rack_"] where name.hasPrefix(prefix) {
            if name.dropFirst(prefix.count) == rack { return true }
        }
        return false
    }

    @inline(__always)
    static func pairKey(_ a: Int32, _ b: Int32) -> UInt64 {
        let low = UInt64(UInt32(bitPattern: min(a, b)))
        let high = UInt64(UInt32(bitPattern: max(a, b)))
        return high << 32 | low
    }
}

/// Connected components over the arcs of links not marked failed, with scratch reused between calls.
struct ComponentLabels {
    /// Component per vertex after the last `label` call (numbered in order of their lowest vertex).
    var component: [Int32]
    private var queue: [Int32] = []
    private var accelerators: [Int] = []

    init(vertexCount: Int) { component = [Int32](repeating: -1, count: vertexCount) }

    /// Labels components by breadth-first search and returns the one with most accelerators (the first on ties, as
    /// `ConnectivityAnalysis.largestAcceleratorComponent`), -1 when there is no accelerator.
    /// - Complexity: O(V + E).
    mutating func label(_ graph: CSRGraph, failed: [Bool]) -> Int32 {
        for index in component.indices { component[index] = -1 }
        accelerators.removeAll(keepingCapacity: true)
        var largest: Int32 = -1
        for root in 0..<graph.vertexCount where component[root] < 0 {
            let id = Int32(accelerators.count)
            var count = 0
            component[root] = id
            queue.removeAll(keepingCapacity: true)
            queue.append(Int32(root))
            var read = 0
            while read < queue.count {
                let vertex = queue[read]
                read += 1
                if graph.isAccelerator[Int(vertex)] { count += 1 }
                for arc in graph.arcs(from: vertex) where !failed[Int(graph.link[Int(arc)])] {
                    let next = Int(graph.head[Int(arc)])
                    if component[next] < 0 {
                        component[next] = id
                        queue.append(Int32(next))
                    }
                }
            }
            accelerators.append(count)
            if count > 0, largest < 0 || count > accelerators[Int(largest)] { largest = id }
        }
        return largest
    }
}
