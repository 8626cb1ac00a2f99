import Dispatch
import FabricModel
import Foundation

/// One demand of an explicit traffic matrix: `amount` units from `source` to `target` (device indices).
public struct Demand: Hashable, Sendable {
    /// Sending device.
    public var source: Int32
    /// Receiving device.
    public var target: Int32
    /// Amount in demand units (scaled by the source weight when routed).
    public var amount: Double

    /// Creates a demand.
    public init(source: Int32, target: Int32, amount: Double) {
        self.source = source
        self.target = target
        self.amount = amount
    }
}

/// Traffic among devices, resolved to vertex indices.
public enum TrafficDemand: Sendable, Equatable {
    /// One unit from every member of a group to every other member of the same group (uniform all-to-all when
    /// there is one group of all accelerators; rail-local with one group per rail).
    case uniform(groups: [[Int32]])
    /// An explicit list of demands.
    case explicit([Demand])
}

/// Per-arc loads of routed traffic with path statistics.
public struct RoutedTraffic: Sendable {
    /// Load on each arc, in demand units times the source weights.
    public let arcLoad: [Double]
    /// Ordered demand pairs by hop count (`hopHistogram[h]` pairs at h hops).
    public let hopHistogram: [Int]
    /// Ordered pairs with a route.
    public let routedPairs: Int
    /// Ordered pairs with no route (disconnected, or no legal path under the routing).
    public let unroutedPairs: Int
    /// Demand that could not be delivered (weighted units).
    public let unroutedDemand: Double
    /// Fewest equal-cost paths between a routed pair, nil without routed pairs.
    public let minPathCount: Double?
    /// Mean number of equal-cost paths over routed pairs, nil without routed pairs.
    public let meanPathCount: Double?
    /// Destination passes run (after grouping symmetric destinations): the cost driver.
    public let destinationPasses: Int

    /// The largest hop count of a routed pair (the diameter among the demand's endpoints), nil without routed pairs.
    public var diameter: Int? { hopHistogram.lastIndex { $0 > 0 } }
}

/// Collects per-worker results under a lock (a handful of stores per run).
private final class WorkerResults: @unchecked Sendable {
    private let lock = NSLock()
    private var loads: [[Double]] = []
    private var statistics: [PassStatistics] = []

    func store(_ load: [Double], _ stats: PassStatistics) {
        lock.lock()
        loads.append(load)
        statistics.append(stats)
        lock.unlock()
    }

    func take() -> ([[Double]], [PassStatistics]) {
        lock.lock()
        defer { lock.unlock() }
        return (loads, statistics)
    }
}

/// One destination pass: the destination, its weighted sources, and the symmetry family it stands for.
private struct DestinationTask: Sendable {
    let destination: Int32
    /// Uniform demand: the live group whose other members are the sources, each sending its source weight; -1 for
    /// explicit demand. Shared by every pass of the group, so a plan of P passes over N sources costs O(P) memory,
    /// not O(P·N) (12 MB per pass at a million accelerators).
    let group: Int32
    /// Explicit demand: the sources and their amounts (empty for uniform demand).
    let sources: [Int32]
    let amounts: [Double]
    /// Symmetry families whose combination turns this destination's loads into its class total, innermost first.
    let chain: [Int32]
    /// The destination itself has failed: every demand to it is unrouted.
    let unroutable: Bool
    /// The chain indexes the swap families of `NestedSymmetryPlan` (combined by `SwapFamily.combine`).
    var swap = false
}

/// The planned passes of uniform demand (`CSRGraph.planUniformDemand`).
private struct UniformPlan {
    let tasks: [DestinationTask]
    let families: [SymmetryFamilies.Family]
    let swapFamilies: [SwapFamily]
    let translation: TranslationSymmetry?
    let groupMembers: [[Int32]]
}

extension CSRGraph {
    /// Per-arc loads of uniform all-to-all traffic among live accelerators under ECMP, one unit per ordered pair:
    /// the routing certificate of bisection lower bounds. `symmetryBlocks` (e.g. racks) may speed it up.
    /// - Complexity: O(P·(V + E)) with P destination passes after symmetry grouping; both cores.
    public func uniformECMPLoads(under mask: FailureMask? = nil, symmetryBlocks: [Int32]? = nil) -> [Double] {
        route(.uniform(groups: [aliveAccelerators(under: mask)]), mask: mask, symmetryBlocks: symmetryBlocks).arcLoad
    }

    /// Routes `demand` with `router`, per destination with all its sources aggregated (one reverse search and one
    /// accumulation pass each), destinations spread over all cores.
    ///
    /// For uniform demand under ECMP, destinations related by a graph automorphism are routed once: candidate
    /// blocks (`symmetryBlocks`, block id per vertex, e.g. racks) and single accelerators with identical attachment
    /// (twins) are grouped into `SymmetryFamilies`; for a family of m blocks the destinations at the same position
    /// of each block form one class. With L the loads toward the representative d₁ (in block B₁) and σⱼ the swap of
    /// B₁ and Bⱼ, the class total on arc a is Σⱼ L(σⱼ(a)): m·L(a) for arcs not touching the family, (m−1)·L(a) +
    /// L(π₁(a)) for an arc of block Bₖ (k ≠ 1, π₁ its counterpart in B₁), and L(a) + (m−1)·L(π₂(a)) for an arc of B₁.
    /// Path statistics of a class are m times the representative's. With `coordinates` (flattened, `dimensions` per
    /// vertex) a torus or full mesh whose coordinates make it a Cayley graph needs one pass (`TranslationSymmetry`).
    /// Exact, checked against brute force in the tests.
    /// - Parameter sourceWeights: multiplies every demand of a source (e.g. its injection rate); 1 when nil.
    /// - Complexity: O(P·(V + E)) for P destination passes.
    public func route(
        _ demand: TrafficDemand, router: Router = .ecmp, sourceWeights: [Double]? = nil, mask: FailureMask? = nil,
        symmetryBlocks: [Int32]? = nil, threads: Int? = nil
    ) -> RoutedTraffic {
        let empty = RoutedTraffic(
            arcLoad: [Double](repeating: 0, count: arcCount), hopHistogram: [], routedPairs: 0, unroutedPairs: 0,
            unroutedDemand: 0, minPathCount: nil, meanPathCount: nil, destinationPasses: 0)
        return route(
            demand, router: router, sourceWeights: sourceWeights, mask: mask, symmetryBlocks: symmetryBlocks,
            threads: threads, workLimit: .infinity) ?? empty
    }

    /// `route(_:router:sourceWeights:mask:symmetryBlocks:threads:)`, or nil without routing anything when the
    /// destination passes after symmetry grouping would exceed `workLimit` arc and vertex visits (passes × (V + E)).
    /// - Complexity: O(V + E log E) to plan; then as `route`.
    /// - Parameter destinationWeights: multiplies every uniform demand toward a destination (Valiant's second phase);
    ///   symmetry grouping is then off.
    public func route(
        _ demand: TrafficDemand, router: Router = .ecmp, sourceWeights: [Double]? = nil, destinationWeights: [Double]? = nil,
        mask: FailureMask? = nil, symmetryBlocks: [Int32]? = nil, symmetryCandidates: [[Int32]] = [], coordinates: [Int32]? = nil,
        dimensions: Int = 0, threads: Int? = nil, workLimit: Double
    ) -> RoutedTraffic? {
        let symmetryCandidates = symmetryCandidates + (symmetryBlocks.map { [$0] } ?? [])
        let routable = routableArcs(under: mask)
        let vertexAlive = aliveVertices(under: mask)
        let weight = sourceWeights ?? [Double](repeating: 1, count: vertexCount)
        var tasks: [DestinationTask] = []
        var families: [SymmetryFamilies.Family] = []
        var translation: TranslationSymmetry?
        var swapFamilies: [SwapFamily] = []
        var groupMembers: [[Int32]] = []
        switch demand {
        case .uniform(let groups):
            let planned = planUniformDemand(
                groups: groups, routable: routable, alive: vertexAlive, weight: weight, symmetric: router == .ecmp && destinationWeights == nil,
                candidates: symmetryCandidates, coordinates: coordinates, dimensions: dimensions)
            (tasks, families, swapFamilies) = (planned.tasks, planned.families, planned.swapFamilies)
            (translation, groupMembers) = (planned.translation, planned.groupMembers)
        case .explicit(let demands):
            var byTarget: [Int32: [(Int32, Double)]] = [:]
            for item in demands where item.source != item.target && item.amount > 0 {
                byTarget[item.target, default: []].append((item.source, item.amount * weight[Int(item.source)]))
            }
            for target in byTarget.keys.sorted() {
                guard let list = byTarget[target] else { continue }
                // Merge repeated sources so each pair is counted once.
                var merged: [Int32: Double] = [:]
                for (source, amount) in list { merged[source, default: 0] += amount }
                let sources = merged.keys.sorted()
                if !vertexAlive[Int(target)] {
                    tasks.append(
                        DestinationTask(destination: target, group: -1, sources: sources, amounts: sources.map { merged[$0] ?? 0 }, chain: [], unroutable: true)
                    )
                    continue
                }
                tasks.append(
                    DestinationTask(destination: target, group: -1, sources: sources, amounts: sources.map { merged[$0] ?? 0 }, chain: [], unroutable: false))
            }
        }

        if Double(tasks.count) * Double(vertexCount + arcCount) > workLimit { return nil }
        let (plan, rank) = preparedPlans(router, routable: routable)
        let allRoutable = !routable.contains(false)
        let stateCount = rank.isEmpty ? vertexCount : 2 * vertexCount
        let workerCount = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, tasks.count))
        let results = WorkerResults()
        let taskList = tasks
        let memberLists = groupMembers
        let familyList = families
        let swapList = swapFamilies
        let translationPlan = translation
        let arcTotal = arcCount
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            var work = RoutingWorkspace(states: stateCount, arcs: arcTotal)
            var total = [Double](repeating: 0, count: arcTotal)
            var scratch: [Double] = []
            var statistics = PassStatistics()
            var index = worker
            while index < taskList.count {
                let task = taskList[index]
                index += workerCount
                var passStatistics = PassStatistics()
                let uniform = task.group >= 0
                let scale = destinationWeights?[Int(task.destination)] ?? 1
                if uniform && scale == 0 { continue }
                let sourceList = uniform ? memberLists[Int(task.group)] : task.sources
                if task.unroutable {
                    for (position, source) in sourceList.enumerated() where !uniform || source != task.destination {
                        passStatistics.unroutedPairs += 1
                        passStatistics.unroutedDemand += uniform ? weight[Int(source)] * scale : task.amounts[position]
                    }
                    statistics.add(passStatistics, times: 1)
                    continue
                }
                let single = task.chain.isEmpty
                if single { swap(&work.arcLoad, &total) }
                var liveSources: [Int32] = []
                liveSources.reserveCapacity(sourceList.count)
                for (position, source) in sourceList.enumerated() where !uniform || source != task.destination {
                    let amount = uniform ? weight[Int(source)] * scale : task.amounts[position]
                    if vertexAlive[Int(source)] {
                        work.inflow[Int(source)] += amount
                        liveSources.append(source)
                    } else {
                        passStatistics.unroutedPairs += 1
                        passStatistics.unroutedDemand += amount
                    }
                }
                switch router {
                case .ecmp:
                    ecmpPass(
                        destination: task.destination, routable: routable, allRoutable: allRoutable, sources: liveSources, work: &work,
                        statistics: &passStatistics)
                case .upDown:
                    upDownPass(destination: task.destination, routable: routable, rank: rank, sources: liveSources, work: &work, statistics: &passStatistics)
                case .dimensionOrder:
                    if let plan {
                        dimensionOrderPass(
                            destination: task.destination, plan: plan, routable: routable, sources: liveSources, work: &work, statistics: &passStatistics)
                    }
                case .tables(let tables):
                    tablePass(destination: task.destination, plan: tables, routable: routable, sources: liveSources, work: &work, statistics: &passStatistics)
                }
                if single {
                    swap(&work.arcLoad, &total)
                    statistics.add(passStatistics, times: 1)
                    continue
                }
                if task.chain == [Self.translationChain], let translation = translationPlan {
                    translation.combine(load: &work.arcLoad, into: &total)
                    statistics.add(passStatistics, times: translation.order)
                    continue
                }
                if task.swap {
                    let times = Self.combine(load: &work.arcLoad, into: &total, scratch: &scratch, chain: task.chain, families: swapList)
                    statistics.add(passStatistics, times: times)
                    continue
                }
                var times = 1
                for (step, familyIndex) in task.chain.enumerated() {
                    let family = familyList[Int(familyIndex)]
                    times *= family.blocks.count
                    if step == task.chain.count - 1 {
                        Self.combine(load: &work.arcLoad, into: &total, family: family)
                    } else {
                        if scratch.isEmpty { scratch = [Double](repeating: 0, count: arcTotal) }
                        Self.combine(load: &work.arcLoad, into: &scratch, family: family)
                        swap(&work.arcLoad, &scratch)
                    }
                }
                statistics.add(passStatistics, times: times)
            }
            results.store(total, statistics)
        }
        let (loads, statistics) = results.take()
        var arcLoad = [Double](repeating: 0, count: arcCount)
        var merged = PassStatistics()
        for load in loads {
            for arc in 0..<arcCount { arcLoad[arc] += load[arc] }
        }
        for item in statistics { merged.add(item, times: 1) }
        return RoutedTraffic(
            arcLoad: arcLoad, hopHistogram: merged.hopHistogram, routedPairs: merged.routedPairs,
            unroutedPairs: merged.unroutedPairs, unroutedDemand: merged.unroutedDemand,
            minPathCount: merged.routedPairs > 0 ? merged.minPathCount : nil,
            meanPathCount: merged.routedPairs > 0 ? merged.pathCountSum / Double(merged.routedPairs) : nil,
            destinationPasses: tasks.count
        )
    }

    /// The dimension-order plan and the up*/down* ranks a router needs (nil and empty for the others).
    private func preparedPlans(_ router: Router, routable: [Bool]) -> (DimensionOrderPlan?, [Int64]) {
        switch router {
        case .dimensionOrder(let coordinates, let dimensions):
            return (DimensionOrderPlan(graph: self, routable: routable, coordinates: coordinates, dimensions: dimensions), [])
        case .upDown(let tiers):
            return (nil, (0..<vertexCount).map { Int64(tiers[$0]) << 32 | Int64($0) })
        case .ecmp, .tables:
            return (nil, [])
        }
    }

    /// The family chain marking a pass combined by translation symmetry.
    static let translationChain: Int32 = -1

    /// Plans uniform demand: block families from `hint` (if any), then twins among the accelerators of each
    /// family's first block (composed: twin total first, then the block family), then twins among the remaining
    /// accelerators. Returns (destination, family chain) per pass and the families.
    /// - Complexity: O((V + E) log E).
    func planUniform(routable: [Bool], groupOf: [Int32], weight: [Double], hint: [Int32]?) -> (tasks: [(Int32, [Int32])], families: [SymmetryFamilies.Family]) {
        var families: [SymmetryFamilies.Family] = []
        var tasks: [(Int32, [Int32])] = []
        var covered = [Bool](repeating: false, count: vertexCount)
        if let hint {
            let found = SymmetryFamilies(graph: self, routable: routable, blockOf: hint, groupOf: groupOf, weight: weight)
            for family in found.families {
                let outer = Int32(families.count)
                families.append(family)
                for block in family.blocks { for vertex in block { covered[Int(vertex)] = true } }
                // Twins inside the representative block: each twin class is one pass, combined twice.
                var singles = [Int32](repeating: -1, count: vertexCount)
                for vertex in family.blocks[0] where groupOf[Int(vertex)] >= 0 { singles[Int(vertex)] = vertex }
                let inner = SymmetryFamilies(graph: self, routable: routable, blockOf: singles, groupOf: groupOf, weight: weight)
                var innerCovered = Set<Int32>()
                for twins in inner.families {
                    let index = Int32(families.count)
                    families.append(twins)
                    for block in twins.blocks { innerCovered.insert(block[0]) }
                    tasks.append((twins.blocks[0][0], [index, outer]))
                }
                for vertex in family.blocks[0] where groupOf[Int(vertex)] >= 0 && !innerCovered.contains(vertex) {
                    tasks.append((vertex, [outer]))
                }
            }
        }
        var singles = [Int32](repeating: -1, count: vertexCount)
        for vertex in 0..<vertexCount where groupOf[vertex] >= 0 && !covered[vertex] { singles[vertex] = Int32(vertex) }
        let twins = SymmetryFamilies(graph: self, routable: routable, blockOf: singles, groupOf: groupOf, weight: weight)
        for family in twins.families {
            let index = Int32(families.count)
            families.append(family)
            for block in family.blocks { covered[Int(block[0])] = true }
            tasks.append((family.blocks[0][0], [index]))
        }
        for vertex in 0..<vertexCount where groupOf[vertex] >= 0 && !covered[vertex] { tasks.append((Int32(vertex), [])) }
        return (tasks, families)
    }

    /// The passes of uniform demand and what combines them: the verified block families (the best candidate of
    /// `planUniform`), the translations of a Cayley graph, or the nested swaps of `NestedSymmetryPlan` when they need
    /// fewer passes.
    /// - Complexity: O(c · (V + E) log E) for c candidates.
    private func planUniformDemand(
        groups: [[Int32]], routable: [Bool], alive: [Bool], weight: [Double], symmetric: Bool, candidates symmetryCandidates: [[Int32]],
        coordinates: [Int32]?, dimensions: Int
    ) -> UniformPlan {
        var groupOf = [Int32](repeating: -1, count: vertexCount)
        let liveGroups = groups.map { $0.filter { alive[Int($0)] } }
        for (index, group) in liveGroups.enumerated() {
            for vertex in group { groupOf[Int(vertex)] = Int32(index) }
        }
        var best: (tasks: [(Int32, [Int32])], families: [SymmetryFamilies.Family])?
        let candidates: [[Int32]?] = symmetric ? [nil] + symmetryCandidates.map { Optional($0) } : []
        for hint in candidates {
            let plan = planUniform(routable: routable, groupOf: groupOf, weight: weight, hint: hint)
            if best == nil || plan.tasks.count < (best?.tasks.count ?? 0) { best = plan }
        }
        var translation: TranslationSymmetry?
        var swapFamilies: [SwapFamily] = []
        if symmetric, let coordinates, liveGroups.count == 1,
            let found = TranslationSymmetry(
                graph: self, coordinates: coordinates, dimensions: dimensions, routable: routable, groupOf: groupOf, weight: weight)
        {
            translation = found
            best = ([(0, [Self.translationChain])], [])
        }
        let plan = best ?? ((0..<vertexCount).filter { groupOf[$0] >= 0 }.map { (Int32($0), []) }, [])
        var tasks = plan.tasks.map { destination, chain in
            DestinationTask(destination: destination, group: groupOf[Int(destination)], sources: [], amounts: [], chain: chain, unroutable: false)
        }
        // The destinations the plan routes alone (a defect broke their block) are grouped by nested swaps when that
        // saves passes; the other passes stay as they are (same sums, same output on intact designs).
        var open = [Bool](repeating: false, count: vertexCount)
        for task in tasks where task.chain.isEmpty { open[Int(task.destination)] = true }
        if symmetric, translation == nil, tasks.count(where: { $0.chain.isEmpty }) >= 2,
            let nested = nestedPlan(
                routable: routable, alive: alive, groupOf: groupOf, weight: weight, candidates: symmetryCandidates,
                coordinates: coordinates, dimensions: dimensions, open: open)
        {
            swapFamilies = nested.families
            tasks.removeAll { $0.chain.isEmpty }
            for (destination, chain) in nested.tasks {
                var task = DestinationTask(
                    destination: destination, group: groupOf[Int(destination)], sources: [], amounts: [], chain: chain, unroutable: false)
                task.swap = !chain.isEmpty
                tasks.append(task)
            }
        }
        return UniformPlan(tasks: tasks, families: plan.families, swapFamilies: swapFamilies, translation: translation, groupMembers: liveGroups)
    }

    /// The nested plan (`NestedSymmetryPlan`) of the `open` destinations when it needs fewer passes than there are of
    /// them, else nil.
    /// - Complexity: that of `NestedSymmetryPlan.init`.
    func nestedPlan(
        routable: [Bool], alive: [Bool], groupOf: [Int32], weight: [Double], candidates: [[Int32]], coordinates: [Int32]?,
        dimensions: Int, open: [Bool]
    ) -> NestedSymmetryPlan? {
        let labels = SwapLabels(isAccelerator: isAccelerator, relays: relays, alive: alive, groupOf: groupOf, weight: weight)
        let plan = NestedSymmetryPlan(
            graph: self, routable: routable, labels: labels, candidates: candidates, coordinates: coordinates, dimensions: dimensions,
            open: open)
        return plan.tasks.count < open.count(where: { $0 }) ? plan : nil
    }

    /// Combines a pass's loads along its chain of swap families into `total` (innermost first, through `scratch`);
    /// returns how many destinations the class holds.
    private static func combine(load: inout [Double], into total: inout [Double], scratch: inout [Double], chain: [Int32], families: [SwapFamily]) -> Int {
        var times = 1
        for (step, index) in chain.enumerated() {
            let family = families[Int(index)]
            times *= family.blocks.count
            if step == chain.count - 1 {
                SwapFamily.combine(load: &load, into: &total, family: family)
            } else {
                if scratch.isEmpty { scratch = [Double](repeating: 0, count: load.count) }
                SwapFamily.combine(load: &load, into: &scratch, family: family)
                swap(&load, &scratch)
            }
        }
        return times
    }

    /// Adds the class total of a family (see `route`) from the representative's loads `load`, then clears `load`.
    private static func combine(load: inout [Double], into total: inout [Double], family: SymmetryFamilies.Family) {
        let m = Double(family.blocks.count)
        for arc in load.indices where load[arc] != 0 { total[arc] += m * load[arc] }
        let first = family.arcs[0]
        for blockIndex in 1..<family.arcs.count {
            let arcs = family.arcs[blockIndex]
            for (position, arc) in arcs.enumerated() {
                total[Int(arc)] += load[Int(first[position])] - load[Int(arc)]
            }
        }
        let second = family.arcs[1]
        for (position, arc) in first.enumerated() {
            total[Int(arc)] += (m - 1) * (load[Int(second[position])] - load[Int(arc)])
        }
        for arc in load.indices { load[arc] = 0 }
    }
}
