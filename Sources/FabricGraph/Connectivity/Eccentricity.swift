import FabricModel
import Foundation

/// Exact hop eccentricities of accelerators among accelerators: the diameter, and per group (e.g. pod) the largest
/// distance between two accelerators of the same group.
public struct AcceleratorEccentricity: Sendable {
    /// Largest hop count between two connected accelerators; nil with no connected pair.
    public let diameter: Int?
    /// Largest hop count between two connected accelerators of the same group; nil when no group has such a pair.
    public let groupDiameter: Int?
    /// The lowest group id where `groupDiameter` is reached.
    public let groupDiameterGroup: Int32?
    /// Per accelerator, hops to the farthest connected accelerator (-1 for none), indexed by vertex (-1 elsewhere).
    public let eccentricity: [Int32]
    /// Accelerators searched from; the others took the value of an equivalent one (twin or symmetric block).
    public let sourcesSearched: Int
}

extension CSRGraph {
    /// Hop eccentricities among accelerators over routable arcs (every vertex forwards, as in ECMP routing).
    ///
    /// Bit-parallel multi-source breadth-first search, 64 sources per pass (MS-BFS, Then et al., VLDB 2014), passes
    /// spread over all cores. Sources are reduced exactly before searching: nested interchangeable blocks
    /// (`SymmetryReduction` over `symmetryCandidates`, e.g. the SuperPoDs, then the pods of the first one; every swap
    /// verified by `SymmetryFamilies` to preserve accelerators and the group partition) map each accelerator onto a
    /// kept one; among those, accelerators with the same neighbour set and group (twins) have equal distances to every
    /// other vertex, so one is searched. The swaps of the folded blocks fix every kept source, so the search runs on
    /// the quotient by their orbits (an equitable partition: distances from a fixed vertex are constant on orbits),
    /// about two blocks per level instead of the whole graph.
    /// - Parameters:
    ///   - groupOf: group per vertex (-1 for none), e.g. the pod index.
    ///   - symmetryCandidates: candidate block assignments, each a block id per vertex (-1 for none).
    /// - Complexity: O(R + ⌈S/64⌉ · L · (V' + E')) for S sources after reduction, L the largest BFS depth, V' + E'
    ///   the quotient's size and R the reduction (O(rounds · candidates · (V + E log Δ))).
    public func acceleratorEccentricities(groupOf: [Int32], symmetryCandidates: [[Int32]] = []) -> AcceleratorEccentricity {
        let routable = routableArcs(under: nil)
        let n = vertexCount
        let reduction = SymmetryReduction(
            graph: self, routable: routable, candidates: symmetryCandidates, groupOf: groupOf,
            weight: isAccelerator.map { $0 ? 1 : 0 })
        // representative[v]: the accelerator whose eccentricities v shares (itself when searched).
        let representative = representatives(routable: routable, groupOf: groupOf, image: reduction.image)
        let sources = accelerators.filter { representative[Int($0)] == $0 }
        let quotient = reduction.quotient(graph: self, routable: routable)
        let qCount = quotient.vertices.count
        let qAccelerator = quotient.vertices.map { isAccelerator[Int($0)] }
        let qGroup = quotient.vertices.map { groupOf[Int($0)] }
        let qSources = sources.map { quotient.index[Int($0)] }
        let groupCount = Int((groupOf.max() ?? -1) + 1)
        let batches = (sources.count + 63) / 64
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, batches))
        let results = ParallelSlots<[(vertex: Int32, all: Int32, group: Int32)]>(count: workers)
        let arcStart = quotient.arcStart
        let heads = quotient.head
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var seen = [UInt64](repeating: 0, count: qCount)
            var frontier = [UInt64](repeating: 0, count: qCount)
            var next = [UInt64](repeating: 0, count: qCount)
            var groupMask = [UInt64](repeating: 0, count: max(groupCount, 1))
            var active: [Int32] = []
            var reached: [Int32] = []
            var found: [(vertex: Int32, all: Int32, group: Int32)] = []
            var batch = worker
            while batch < batches {
                let range = (batch * 64)..<min(sources.count, batch * 64 + 64)
                let members = qSources[range]
                batch += workers
                var all = [Int32](repeating: -1, count: members.count)
                var inGroup = [Int32](repeating: -1, count: members.count)
                for (bit, source) in members.enumerated() {
                    seen[Int(source)] |= 1 << UInt64(bit)
                    frontier[Int(source)] |= 1 << UInt64(bit)
                    let group = qGroup[Int(source)]
                    if group >= 0 { groupMask[Int(group)] |= 1 << UInt64(bit) }
                }
                active.removeAll(keepingCapacity: true)
                for source in members where !active.contains(source) { active.append(source) }
                var touched: [Int32] = active
                var level: Int32 = 0
                while !active.isEmpty {
                    level += 1
                    reached.removeAll(keepingCapacity: true)
                    for vertex in active {
                        let bits = frontier[Int(vertex)]
                        for arc in Int(arcStart[Int(vertex)])..<Int(arcStart[Int(vertex) + 1]) {
                            let w = Int(heads[arc])
                            let fresh = bits & ~seen[w]
                            guard fresh != 0 else { continue }
                            if next[w] == 0 { reached.append(Int32(w)) }
                            next[w] |= fresh
                            seen[w] |= fresh
                        }
                    }
                    for vertex in active { frontier[Int(vertex)] = 0 }
                    for vertex in reached {
                        let v = Int(vertex)
                        let bits = next[v]
                        frontier[v] = bits
                        next[v] = 0
                        guard qAccelerator[v] else { continue }
                        var remaining = bits
                        while remaining != 0 {
                            let bit = remaining.trailingZeroBitCount
                            remaining &= remaining - 1
                            all[bit] = level
                        }
                        let group = qGroup[v]
                        if group >= 0 {
                            var same = bits & groupMask[Int(group)]
                            while same != 0 {
                                let bit = same.trailingZeroBitCount
                                same &= same - 1
                                inGroup[bit] = level
                            }
                        }
                    }
                    touched.append(contentsOf: reached)
                    swap(&active, &reached)
                }
                for vertex in touched {
                    seen[Int(vertex)] = 0
                    frontier[Int(vertex)] = 0
                }
                for source in members where qGroup[Int(source)] >= 0 { groupMask[Int(qGroup[Int(source)])] = 0 }
                for (bit, index) in range.enumerated() { found.append((sources[index], all[bit], inGroup[bit])) }
            }
            results.set(worker, found)
        }
        var eccentricity = [Int32](repeating: -1, count: n)
        var groupEccentricity = [Int32](repeating: -1, count: n)
        for (vertex, all, group) in results.setValues.joined() {
            eccentricity[Int(vertex)] = all
            groupEccentricity[Int(vertex)] = group
        }
        var diameter: Int32 = -1
        var groupBest: (hops: Int32, group: Int32)?
        for vertex in accelerators {
            let source = Int(representative[Int(vertex)])
            eccentricity[Int(vertex)] = eccentricity[source]
            diameter = max(diameter, eccentricity[source])
            let group = groupOf[Int(vertex)]
            let hops = groupEccentricity[source]
            if group >= 0, hops > 0, hops > (groupBest?.hops ?? -1) || (hops == groupBest?.hops && group < (groupBest?.group ?? .max)) {
                groupBest = (hops, group)
            }
        }
        return AcceleratorEccentricity(
            diameter: diameter > 0 ? Int(diameter) : nil, groupDiameter: groupBest.map { Int($0.hops) },
            groupDiameterGroup: groupBest?.group, eccentricity: eccentricity,
            sourcesSearched: sources.count)
    }

    /// Per accelerator, the accelerator it takes its eccentricities from: its image under the block swaps, then the
    /// first of that one's twin class (same group and same neighbours each way: swapping two twins is an
    /// automorphism); -1 for other vertices.
    private func representatives(routable: [Bool], groupOf: [Int32], image: [Int32]) -> [Int32] {
        var representative = [Int32](repeating: -1, count: vertexCount)
        for vertex in accelerators { representative[Int(vertex)] = image[Int(vertex)] }
        // Twins among the kept accelerators: same group and same set of routable neighbours.
        var twinOf: [[Int32]: Int32] = [:]
        for vertex in accelerators where representative[Int(vertex)] == vertex {
            let outgoing = Set(arcs(from: vertex).filter { routable[Int($0)] }.map { head[Int($0)] }).sorted()
            let incoming = Set(arcs(from: vertex).filter { routable[Int(reverse[Int($0)])] }.map { head[Int($0)] }).sorted()
            guard !outgoing.isEmpty else { continue }
            let key = outgoing + [-1] + incoming + [-1, groupOf[Int(vertex)]]
            if let twin = twinOf[key] { representative[Int(vertex)] = twin } else { twinOf[key] = vertex }
        }
        // A block's image may itself have a twin: follow to the searched one.
        for vertex in accelerators {
            var target = representative[Int(vertex)]
            while representative[Int(target)] != target { target = representative[Int(target)] }
            representative[Int(vertex)] = target
        }
        return representative
    }
}
