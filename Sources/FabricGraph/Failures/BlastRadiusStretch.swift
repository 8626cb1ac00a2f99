import Dispatch
import FabricModel

/// How much longer accelerator-to-accelerator paths get in a scenario (hop counts of shortest routable paths).
public struct StretchImpact: Hashable, Sendable, Codable {
    /// Unordered pairs of surviving accelerators, connected before and after, whose shortest path got longer.
    public var longerPairs: Int
    /// Mean extra hops over those pairs (0 when there are none).
    public var meanExtraHops: Double
    /// Most extra hops of one pair.
    public var maxExtraHops: Int
    /// Largest hop count among connected pairs before the failure.
    public var diameterBefore: Int
    /// Largest hop count among connected pairs after the failure.
    public var diameterAfter: Int
}

extension BlastRadiusBaseline {
    /// Hop stretch of a scenario: hop distances from every surviving accelerator before and after, compared pair by pair.
    ///
    /// Sources with identical attachment both before and after the failure (same usable arcs to the same devices
    /// with the same capacities) have identical distances to every other vertex, so one breadth-first search per such
    /// class suffices; pairs inside a class are read from the representative's search.
    /// - Complexity: O(C · (V + E)) for C source classes (at most the number of accelerators), both cores.
    public func stretchImpact(under mask: FailureMask) -> StretchImpact {
        let graph = self.graph
        let alive = graph.accelerators.filter { !mask.devices[Int($0)] }
        var classes: [[Int64]: [Int32]] = [:]
        for accelerator in alive {
            var key: [Int64] = []
            for arc in graph.arcs(from: accelerator) {
                let usable = graph.isUsable(arc: arc, tail: accelerator, under: mask)
                key.append(Int64(graph.head[Int(arc)]) << 2 | (usable ? 1 : 0) << 1 | (graph.capacity[Int(arc)] > 0 ? 1 : 0))
                key.append(Int64(bitPattern: graph.capacity[Int(arc)].bitPattern))
                key.append(Int64(bitPattern: graph.capacity[Int(graph.reverse[Int(arc)])].bitPattern))
            }
            classes[key, default: []].append(accelerator)
        }
        let groups = classes.values.sorted { $0[0] < $1[0] }
        let slots = ParallelSlots<(longer: Int, extra: Int, maxExtra: Int, before: Int, after: Int)>(count: groups.count)
        DispatchQueue.concurrentPerform(iterations: groups.count) { index in
            let members = groups[index]
            let source = members[0]
            let before = graph.hopDistances(from: source)
            let after = graph.hopDistances(from: source, under: mask)
            var longer = 0
            var extra = 0
            var maxExtra = 0
            var diameterBefore = 0
            var diameterAfter = 0
            let size = members.count
            for target in alive where target != source {
                let b = Int(before[Int(target)])
                let a = Int(after[Int(target)])
                // Every member sees a target outside the class like the representative does; inside the class,
                // each member sees its size − 1 partners like the representative sees `target`: weight `size` either way.
                let weight = size
                if b > 0 { diameterBefore = max(diameterBefore, b) }
                if a > 0 { diameterAfter = max(diameterAfter, a) }
                if b > 0, a > b {
                    longer += weight
                    extra += weight * (a - b)
                    maxExtra = max(maxExtra, a - b)
                }
            }
            slots.set(index, (longer, extra, maxExtra, diameterBefore, diameterAfter))
        }
        var longer = 0
        var extra = 0
        var maxExtra = 0
        var diameterBefore = 0
        var diameterAfter = 0
        for value in slots.setValues {
            longer += value.longer
            extra += value.extra
            maxExtra = max(maxExtra, value.maxExtra)
            diameterBefore = max(diameterBefore, value.before)
            diameterAfter = max(diameterAfter, value.after)
        }
        // Ordered pairs were counted; report unordered ones.
        return StretchImpact(
            longerPairs: longer / 2, meanExtraHops: longer > 0 ? Double(extra) / Double(longer) : 0,
            maxExtraHops: maxExtra, diameterBefore: diameterBefore, diameterAfter: diameterAfter)
    }
}
