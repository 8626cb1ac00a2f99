import Foundation
import FabricModel

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
    /// spread over all cores. Sources are reduced exactly before searching: accelerators with the same neighbour set
    /// and group (twins) have equal distances to every other vertex, so one is searched; and of interchangeable
    /// blocks (`symmetryCandidates`, block id per vertex, e.g. racks or pods; verified by `SymmetryFamilies`, which
    /// preserves accelerators and groups) only the first block of each family is searched, the others mapped
    /// position by position. The candidate leaving fewest sources is used.
    /// - Parameters:
    ///   - groupOf: group per vertex (-1 for none), e.g. the pod index.
    ///   - symmetryCandidates: candidate block assignments, each a block id per vertex (-1 for none).
    /// - Complexity: O(⌈S/64⌉ · L · (V + E)) for S sources after reduction and L the largest BFS depth.
    public func acceleratorEccentricities(groupOf: [Int32], symmetryCandidates: [[Int32]] = []) -> AcceleratorEccentricity {
        let routable = routableArcs(under: nil)
        let n = vertexCount
        // representative[v]: the accelerator whose eccentricities v shares (itself when searched).
        var best: [Int32] = representatives(routable: routable, groupOf: groupOf, blockOf: nil)
        for candidate in symmetryCandidates where candidate.count == n {
            let reduced = representatives(routable: routable, groupOf: groupOf, blockOf: candidate)
            if Self.sourceCount(reduced, accelerators) < Self.sourceCount(best, accelerators) { best = reduced }
        }
        let representative = best
        let sources = accelerators.filter { representative[Int($0)] == $0 }
        let groupCount = Int((groupOf.max() ?? -1) + 1)
        let batches = (sources.count + 63) / 64
        let results = EccentricitySlots(vertexCount: n)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, batches))
        let isAccelerator = self.isAccelerator
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var seen = [UInt64](repeating: 0, count: n)
            var frontier = [UInt64](repeating: 0, count: n)
            var next = [UInt64](repeating: 0, count: n)
            var groupMask = [UInt64](repeating: 0, count: max(groupCount, 1))
            var active: [Int32] = []
            var reached: [Int32] = []
            var found: [(vertex: Int32, all: Int32, group: Int32)] = []
            var batch = worker
            while batch < batches {
                let members = sources[(batch * 64)..<min(sources.count, batch * 64 + 64)]
                batch += workers
                var all = [Int32](repeating: -1, count: members.count)
                var inGroup = [Int32](repeating: -1, count: members.count)
                for (bit, source) in members.enumerated() {
                    seen[Int(source)] |= 1 << UInt64(bit)
                    frontier[Int(source)] |= 1 << UInt64(bit)
                    let group = groupOf[Int(source)]
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
                        for arc in arcs(from: vertex) where routable[Int(arc)] {
                            let w = Int(head[Int(arc)])
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
                        guard isAccelerator[v] else { continue }
                        var remaining = bits
                        while remaining != 0 {
                            let bit = remaining.trailingZeroBitCount
                            remaining &= remaining - 1
                            all[bit] = level
                        }
                        let group = groupOf[v]
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
                for source in members where groupOf[Int(source)] >= 0 { groupMask[Int(groupOf[Int(source)])] = 0 }
                for (bit, source) in members.enumerated() { found.append((source, all[bit], inGroup[bit])) }
            }
            results.store(found)
        }
        var eccentricity = [Int32](repeating: -1, count: n)
        var groupEccentricity = [Int32](repeating: -1, count: n)
        for (vertex, all, group) in results.all {
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
        return AcceleratorEccentricity(diameter: diameter > 0 ? Int(diameter) : nil, groupDiameter: groupBest.map { Int($0.hops) },
                                       groupDiameterGroup: groupBest?.group, eccentricity: eccentricity,
                                       sourcesSearched: sources.count)
    }

    /// Per accelerator, the accelerator it takes its eccentricities from: the first of its twin class (same group and
    /// same neighbours each way: swapping two twins is an automorphism), or its counterpart in the first block of its
    /// symmetry family when `blockOf` is given; -1 for other vertices.
    private func representatives(routable: [Bool], groupOf: [Int32], blockOf: [Int32]?) -> [Int32] {
        var representative = [Int32](repeating: -1, count: vertexCount)
        for vertex in accelerators { representative[Int(vertex)] = vertex }
        if let blockOf {
            // When the blocks are the groups themselves (pods as blocks), a block swap maps whole groups onto whole
            // groups, which keeps "same group" intact: the families need not match group ids.
            var blockOfGroup: [Int32: Int32] = [:]
            var groupOfBlock: [Int32: Int32] = [:]
            var blocksAreGroups = true
            for vertex in accelerators {
                let (block, group) = (blockOf[Int(vertex)], groupOf[Int(vertex)])
                if block < 0 || group < 0 || blockOfGroup[group, default: block] != block || groupOfBlock[block, default: group] != group {
                    blocksAreGroups = false
                    break
                }
                blockOfGroup[group] = block
                groupOfBlock[block] = group
            }
            let matched = blocksAreGroups ? groupOf.map { $0 >= 0 ? 0 : $0 } : groupOf
            let families = SymmetryFamilies(graph: self, routable: routable, blockOf: blockOf, groupOf: matched,
                                            weight: [Double](repeating: 1, count: vertexCount))
            for family in families.families {
                guard let first = family.blocks.first else { continue }
                for block in family.blocks.dropFirst() where block.count == first.count {
                    for (position, vertex) in block.enumerated() where isAccelerator[Int(vertex)] {
                        representative[Int(vertex)] = first[position]
                    }
                }
            }
        }
        // Twins among the remaining sources: same group and same set of routable neighbours.
        var twinOf: [[Int32]: Int32] = [:]
        for vertex in accelerators where representative[Int(vertex)] == vertex {
            let outgoing = Set(arcs(from: vertex).filter { routable[Int($0)] }.map { head[Int($0)] }).sorted()
            let incoming = Set(arcs(from: vertex).filter { routable[Int(reverse[Int($0)])] }.map { head[Int($0)] }).sorted()
            guard !outgoing.isEmpty else { continue }
            let key = outgoing + [-1] + incoming + [-1, groupOf[Int(vertex)]]
            if let twin = twinOf[key] { representative[Int(vertex)] = twin } else { twinOf[key] = vertex }
        }
        // A block's counterpart may itself have a twin: follow to the searched one.
        for vertex in accelerators {
            var target = representative[Int(vertex)]
            while representative[Int(target)] != target { target = representative[Int(target)] }
            representative[Int(vertex)] = target
        }
        return representative
    }

    private static func sourceCount(_ representative: [Int32], _ accelerators: [Int32]) -> Int {
        accelerators.reduce(0) { $0 + (representative[Int($1)] == $1 ? 1 : 0) }
    }
}

/// Per-worker results of the eccentricity search.
private final class EccentricitySlots: @unchecked Sendable {
    private let lock = NSLock()
    private var found: [(vertex: Int32, all: Int32, group: Int32)] = []

    init(vertexCount: Int) { found.reserveCapacity(vertexCount / 8) }

    func store(_ items: [(vertex: Int32, all: Int32, group: Int32)]) {
        lock.lock()
        found.append(contentsOf: items)
        lock.unlock()
    }

    var all: [(vertex: Int32, all: Int32, group: Int32)] {
        lock.lock()
        defer { lock.unlock() }
        return found
    }
}
