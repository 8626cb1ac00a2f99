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
    public func stream(_ options: SweepOptions, designName: String, traffic: TrafficSweeper? = nil,
                       progress: (@Sendable (Int) -> Void)? = nil) -> SweepStream {
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
        return SweepStream(header: header, count: order.count) { range in
            range.map { SweepRecord(outcomes[order[$0]], topology: topology) }
        }
    }

    /// The single-link sweep with compact ranking keys (see `stream`).
    func linkStream(_ options: SweepOptions, designName: String, progress: (@Sendable (Int) -> Void)?) -> SweepStream {
        // Ordinal i is the i-th link that is not a self-loop, as in `sweepElements(_:class: .links)`.
        var linkOfOrdinal: [Int32] = []
        linkOfOrdinal.reserveCapacity(topology.links.count)
        topology.links.withUnsafeBufferPointer { links in
            for index in links.indices where links[index].source != links[index].target { linkOfOrdinal.append(Int32(index)) }
        }
        let range = options.shard?.range(of: linkOfOrdinal.count) ?? 0..<linkOfOrdinal.count
        let impacts = singleLinkImpacts()
        let pool = SweepScratchPool(graph: baseline.graph)
        let baseline = self.baseline
        let links = linkOfOrdinal
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
                        let (connectivity, capacity) = baseline.singleLinkFigures(links[ordinal], impacts: impacts, state: &state)
                        keys.set(slot, LinkSweepKey(ordinal: ordinal, connectivity: connectivity, capacity: capacity))
                    }
                    progress?(upper - lower)
                }
                pool.give(state)
            }
            initialized = range.count
        }
        var summary = SweepSummary(scenarios: sorted.count, critical: 0, degrading: 0, unaffected: 0, maxStranded: 0)
        for key in sorted {
            if key.pairs > 0 {
                summary.critical += 1
            } else if key.losing > 0 {
                summary.degrading += 1
            } else {
                summary.unaffected += 1
            }
            summary.maxStranded = max(summary.maxStranded, Int(key.stranded))
        }
        let metric = options.metric
        sorted.sort { SweepRecord.ranks($0.rankingKey, before: $1.rankingKey, metric: metric) }
        if let top = options.top, sorted.count > top { sorted.removeSubrange(top...) }
        let header = SweepReport.header(
            designName: designName, options: options,
            baseline: reportBaseline(options, elementsInClass: linkOfOrdinal.count, traffic: nil), summary: summary
        )
        let ranked = sorted
        let topology = self.topology
        // Pass 2: each batch of ranks re-evaluated (the same figures: same functions, same inputs) and described.
        return SweepStream(header: header, count: ranked.count) { ranks in
            let parts = max(1, min(2, ranks.count / 256))
            let slots = ResultSlots<SweepRecord>(count: ranks.count)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var state = pool.take()
                let from = ranks.count * part / parts
                let to = ranks.count * (part + 1) / parts
                for index in from..<to {
                    let ordinal = Int(ranked[ranks.lowerBound + index].ordinal)
                    let link = links[ordinal]
                    let (connectivity, capacity) = baseline.singleLinkFigures(link, impacts: impacts, state: &state)
                    let outcome = SweepOutcome(
                        ordinal: ordinal, label: sweepLinkLabel(topology, graph: baseline.graph, link: link),
                        scenario: FailureScenario(links: [link]), connectivity: connectivity, capacity: capacity, traffic: nil
                    )
                    slots.set(index, SweepRecord(outcome, topology: topology))
                }
                pool.give(state)
            }
            return slots.values()
        }
    }
}

extension BlastRadiusBaseline {
    /// Connectivity and capacity impact of failing the single link `link`, exactly as `FailureSweeper.sweepSingles`
    /// computes them.
    func singleLinkFigures(_ link: Int32, impacts: [Int32: ConnectivityImpact],
                           state: inout SweepScratchPool.State) -> (ConnectivityImpact, CapacityImpact) {
        state.mask.failLink(link)
        defer { state.mask.links.remove(Int(link)) }
        if state.stamp == Int32.max {
            state.scratch = CapacityScratch(vertexCount: graph.vertexCount)
            state.stamp = -1
        }
        state.stamp += 1
        let capacity = incrementalCapacityImpact(links: [link], devices: [], under: state.mask, scratch: &state.scratch,
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

/// The figures of one link of a single-link sweep that its rank depends on (32 bytes).
struct LinkSweepKey: Sendable {
    var capacityLost: Double
    var pairs: Int
    var stranded: Int32
    var losing: Int32
    var ordinal: Int32

    init(ordinal: Int, connectivity: ConnectivityImpact, capacity: CapacityImpact) {
        capacityLost = capacity.totalLostBps
        pairs = connectivity.disconnectedPairs
        stranded = Int32(clamping: connectivity.strandedAccelerators)
        losing = Int32(clamping: capacity.acceleratorsLosingInjection + capacity.acceleratorsLosingUplink)
        self.ordinal = Int32(clamping: ordinal)
    }

    /// The ranking figures (a link's own failure fails no accelerator).
    var rankingKey: SweepRankingKey {
        SweepRankingKey(stranded: Int(stranded), pairs: pairs, failed: 0, capacityLost: capacityLost,
                        acceleratorsLosing: Int(losing), utilization: 0, pushed: 0, scenario: Int(ordinal))
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
