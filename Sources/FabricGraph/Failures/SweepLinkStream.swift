import Dispatch
import FabricModel
import Foundation

extension FailureSweeper {
    /// Runs a sweep as `run` does and returns its report as a stream: records are built (and written) a batch at a
    /// time in rank order. Single-link sweeps ranked by connectivity or capacity keep only a 32-byte ranking key per
    /// link and re-evaluate the kept links batch by batch while writing, so memory stays O(links × 32 bytes) beyond
    /// the graph; every other sweep keeps its outcomes (as `run` does) but never all its records.
    /// `stream(...).report() == run(...)` for every option (checked in the tests).
    /// - Complexity: as `run`; single-link sweeps evaluate each kept link twice (O(degrees it touches) each).
    public func stream(
        _ options: SweepOptions, designName: String, traffic: TrafficSweeper? = nil,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> SweepStream {
        if options.elements == .links && options.k == 1 && options.metric != .traffic {
            return linkStream(options, designName: designName, progress: progress)
        }
        let evaluation = evaluate(options, traffic: traffic, progress: progress)
        let ranked = SweepReport.rank(evaluation.outcomes, scenariosEvaluated: evaluation.evaluated, options: options)
        let header = SweepReport.header(
            designName: designName, options: options,
            baseline: reportBaseline(options, elementsInClass: evaluation.elementsInClass, traffic: traffic),
            summary: ranked.summary
        )
        let outcomes = evaluation.outcomes
        let order = ranked.order
        let topology = self.topology
        let ordinals = topology.stableLinkOrdinals()
        return SweepStream(header: header, count: order.count) { range in
            range.map { SweepRecord(outcomes[order[$0]], topology: topology, linkOrdinals: ordinals) }
        }
    }

    /// The single-link sweep with compact ranking keys (see `stream`).
    func linkStream(_ options: SweepOptions, designName: String, progress: (@Sendable (Int) -> Void)?) -> SweepStream {
        // Ordinal i is the i-th link that is not a self-loop, as in `sweepElements(_:class: .links)` (the link
        // index itself when there is no self-loop: no table then).
        let selfLoops = topology.links.withUnsafeBufferPointer { links in links.reduce(0) { $0 + ($1.isSelfLoop ? 1 : 0) } }
        var linkOfOrdinal: [Int32] = []
        if selfLoops > 0 {
            linkOfOrdinal.reserveCapacity(topology.links.count - selfLoops)
            topology.links.withUnsafeBufferPointer { links in
                for index in links.indices where !links[index].isSelfLoop { linkOfOrdinal.append(Int32(index)) }
            }
        }
        let elementCount = topology.links.count - selfLoops
        let range = options.shard?.range(of: elementCount) ?? 0..<elementCount
        let impacts = singleLinkImpacts()
        // Bridges that disconnect something, by slot: a key names its bridge by slot (-1: none).
        let bridgeLinks = impacts.keys.sorted()
        var bridgeSlot: [Int32: Int32] = [:]
        for (slot, link) in bridgeLinks.enumerated() { bridgeSlot[link] = Int32(slot) }
        let bridgeImpacts = bridgeLinks.map { impacts[$0] ?? ConnectivityImpact() }
        let slots = bridgeSlot
        let bridgeLosing = ParallelSlots<Int32>(count: bridgeLinks.count)
        let pool = SweepScratchPool(graph: baseline.graph)
        let baseline = self.baseline
        let table = linkOfOrdinal
        @Sendable func linkAt(_ ordinal: Int) -> Int32 { selfLoops > 0 ? table[ordinal] : Int32(ordinal) }
        // Pass 1: the ranking key of every link of the shard, on both cores, straight into the array.
        let chunkSize = 16_384
        let chunks = (range.count + chunkSize - 1) / chunkSize
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, chunks))
        var sorted = [LinkSweepKey](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            let keys = SweepKeySlots(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var state = pool.take()
                for chunk in stride(from: worker, to: chunks, by: workers) {
                    let lower = chunk * chunkSize
                    let upper = min(range.count, lower + chunkSize)
                    for slot in lower..<upper {
                        let ordinal = range.lowerBound + slot
                        let link = linkAt(ordinal)
                        let (_, capacity) = baseline.singleLinkFigures(link, impacts: impacts, state: &state)
                        let bridge = slots[link] ?? -1
                        let key = LinkSweepKey(ordinal: ordinal, bridge: bridge, capacity: capacity)
                        if bridge >= 0 { bridgeLosing.set(Int(bridge), key.losing(capacity)) }
                        keys.set(slot, key)
                    }
                    progress?(upper - lower)
                }
                pool.give(state)
            }
            initialized = range.count
        }
        let losingOfBridge = bridgeLosing.values.map { $0 ?? 0 }
        var summary = SweepSummary(scenarios: sorted.count, critical: 0, degrading: 0, unaffected: 0, maxStranded: 0)
        for key in sorted {
            let connectivity = key.bridge >= 0 ? bridgeImpacts[Int(key.bridge)] : ConnectivityImpact()
            if connectivity.critical {
                summary.critical += 1
            } else if key.losing(losingOfBridge) > 0 {
                summary.degrading += 1
            } else {
                summary.unaffected += 1
            }
            summary.maxStranded = max(summary.maxStranded, connectivity.strandedAccelerators)
        }
        let metric = options.metric
        sorted.sort {
            SweepRecord.ranks(
                $0.rankingKey(bridgeImpacts, losingOfBridge), before: $1.rankingKey(bridgeImpacts, losingOfBridge),
                metric: metric)
        }
        if let top = options.top, sorted.count > top { sorted.removeSubrange(top...) }
        let header = SweepReport.header(
            designName: designName, options: options,
            baseline: reportBaseline(options, elementsInClass: elementCount, traffic: nil), summary: summary
        )
        let ranked = sorted
        let (topology, ordinals) = (self.topology, self.topology.stableLinkOrdinals())
        // Pass 2: each batch of ranks re-evaluated (the same figures: same functions, same inputs) and described.
        return SweepStream(header: header, count: ranked.count) { ranks in
            let parts = max(1, min(2, ranks.count / 256))
            let slots = ParallelSlots<SweepRecord>(count: ranks.count)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var state = pool.take()
                let from = ranks.count * part / parts
                let to = ranks.count * (part + 1) / parts
                for index in from..<to {
                    let ordinal = Int(ranked[ranks.lowerBound + index].ordinal)
                    let link = linkAt(ordinal)
                    let (connectivity, capacity) = baseline.singleLinkFigures(link, impacts: impacts, state: &state)
                    let outcome = SweepOutcome(
                        ordinal: ordinal, label: sweepLinkLabel(topology, graph: baseline.graph, link: link),
                        scenario: FailureScenario(links: [link]), connectivity: connectivity, capacity: capacity, traffic: nil
                    )
                    slots.set(index, SweepRecord(outcome, topology: topology, linkOrdinals: ordinals))
                }
                pool.give(state)
            }
            return slots.setValues
        }
    }
}

extension BlastRadiusBaseline {
    /// Connectivity and capacity impact of failing the single link `link`, exactly as `FailureSweeper.sweepSingles`
    /// computes them.
    func singleLinkFigures(
        _ link: Int32, impacts: [Int32: ConnectivityImpact],
        state: inout SweepScratchPool.State
    ) -> (ConnectivityImpact, CapacityImpact) {
        state.mask.failLink(link)
        defer { state.mask.links.remove(Int(link)) }
        if state.stamp == Int32.max {
            state.scratch = CapacityScratch(vertexCount: graph.vertexCount)
            state.stamp = -1
        }
        state.stamp += 1
        let capacity = incrementalCapacityImpact(
            links: [link], devices: [], under: state.mask, scratch: &state.scratch,
            stamp: state.stamp)
        return (impacts[link] ?? ConnectivityImpact(), capacity)
    }
}

/// The label `sweepElements(_:class: .links)` gives link `link`: `link:ID`, or `SOURCE~TARGET#N` for a link without
/// id, N counting the links between the same two devices up to this one (parallel links found in the graph).
/// - Complexity: O(degree of the link's lower-degree end).
func sweepLinkLabel(_ topology: Topology, graph: CSRGraph, link: Int32) -> String {
    let record = topology.links[Int(link)]
    if let id = record.id { return "link:\(id)" }
    let source = record.source
    let target = record.target
    let sourceDegree = graph.arcStart[Int(source) + 1] - graph.arcStart[Int(source)]
    let targetDegree = graph.arcStart[Int(target) + 1] - graph.arcStart[Int(target)]
    let (from, to) = sourceDegree <= targetDegree ? (source, target) : (target, source)
    var earlier: [Int32] = []
    for arc in graph.arcs(from: from) where graph.head[Int(arc)] == to {
        let other = graph.link[Int(arc)]
        if other < link && !earlier.contains(other) { earlier.append(other) }
    }
    return "\(topology.devices[Int(source)].id)~\(topology.devices[Int(target)].id)#\(earlier.count + 1)"
}

/// The figures of one link of a single-link sweep that its rank depends on (16 bytes): the capacity lost, and either
/// the accelerators losing capacity (`code >= 0`) or, for a bridge that disconnects something, its slot
/// (`code = -1 - slot`; its connectivity and accelerators losing capacity are kept by slot, bridges being few).
struct LinkSweepKey: Sendable {
    var capacityLost: Double
    var ordinal: Int32
    var code: Int32

    init(ordinal: Int, bridge: Int32, capacity: CapacityImpact) {
        capacityLost = capacity.totalLostBps
        self.ordinal = Int32(clamping: ordinal)
        code = bridge >= 0 ? -1 - bridge : Self.losingCount(capacity)
    }

    static func losingCount(_ capacity: CapacityImpact) -> Int32 {
        Int32(clamping: capacity.acceleratorsLosingInjection + capacity.acceleratorsLosingUplink)
    }

    /// Accelerators losing capacity, from `capacity` (while the key is made).
    func losing(_ capacity: CapacityImpact) -> Int32 { Self.losingCount(capacity) }

    /// The bridge slot, or -1.
    var bridge: Int32 { code < 0 ? -1 - code : -1 }

    /// Accelerators losing capacity, given those of the bridges by slot.
    @inline(__always)
    func losing(_ bridgeLosing: [Int32]) -> Int32 { code >= 0 ? code : bridgeLosing[Int(-1 - code)] }

    /// The ranking figures (a link's own failure fails no accelerator), given the bridges' impacts by slot.
    @inline(__always)
    func rankingKey(_ bridges: [ConnectivityImpact], _ bridgeLosing: [Int32]) -> SweepRankingKey {
        let connectivity = code < 0 ? bridges[Int(-1 - code)] : ConnectivityImpact()
        return SweepRankingKey(
            stranded: connectivity.strandedAccelerators, pairs: connectivity.disconnectedPairs, failed: 0,
            capacityLost: capacityLost, acceleratorsLosing: Int(losing(bridgeLosing)), utilization: 0,
            pushed: 0, scenario: Int(ordinal))
    }
}

/// Key slots of an array being initialized, filled from concurrent workers at distinct indices.
private final class SweepKeySlots: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<LinkSweepKey>

    init(_ buffer: UnsafeMutableBufferPointer<LinkSweepKey>) { self.buffer = buffer }

    /// Initializes slot `index` (each slot exactly once).
    func set(_ index: Int, _ key: LinkSweepKey) { buffer.initializeElement(at: index, to: key) }
}

/// Per-worker masks and capacity scratch, reused across batches (each is a few vertex-sized arrays, too large to
/// allocate per batch at a million devices). Stamps keep increasing per scratch, so reuse never sees stale marks.
final class SweepScratchPool: @unchecked Sendable {
    /// One worker's state.
    struct State {
        var mask: FailureMask
        var scratch: CapacityScratch
        var stamp: Int32 = -1
    }

    private let lock = NSLock()
    private var free: [State] = []
    private let graph: CSRGraph

    init(graph: CSRGraph) { self.graph = graph }

    func take() -> State {
        lock.lock()
        defer { lock.unlock() }
        return free.popLast() ?? State(mask: FailureMask(for: graph), scratch: CapacityScratch(vertexCount: graph.vertexCount))
    }

    func give(_ state: State) {
        lock.lock()
        defer { lock.unlock() }
        free.append(state)
    }
}
