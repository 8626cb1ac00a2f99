import FabricGraph
import FabricModel
import Foundation

/// The accelerators a single link or device failure degrades, each counted once: the union of the accelerators that
/// lose injection capacity and those that lose uplink share, which `CapacityImpact` counts as two separate sets.
///
/// Definitions and tolerance are those of the failure engine's `BlastRadiusBaseline` (injection: the capacity of an
/// accelerator's usable cables; uplink share: its share, by access capacity, of each attached switch's usable upward
/// capacity), so the count equals `baseline.capacityLosses(under: mask).count` (checked against it, scenario by
/// scenario, in the tests). Only what the failure can change is visited: the failed element's neighbours, the switches
/// whose upward capacity drops, and the accelerators attached to those.
struct DegradedAccelerators: Sendable {
    /// The healthy design.
    let baseline: BlastRadiusBaseline
    /// Whether each arc is an upward arc of its tail switch (between two non-accelerators: either tier unknown, or
    /// the head's tier above the tail's), as the baseline defines it.
    let upward: [Bool]
    /// Relative loss under which a capacity counts as unchanged (the baseline's tolerance).
    static let tolerance = 1e-9

    /// Prepares the counts for the baseline's graph of `topology`.
    /// - Complexity: O(V + E).
    init(baseline: BlastRadiusBaseline, topology: Topology) {
        self.baseline = baseline
        let graph = baseline.graph
        let tiers = topology.devices.map { $0.tier ?? -1 }
        var upward = [Bool](repeating: false, count: graph.arcCount)
        for vertex in 0..<graph.vertexCount where !graph.isAccelerator[vertex] {
            for arc in Int(graph.arcStart[vertex])..<Int(graph.arcStart[vertex + 1]) {
                let head = Int(graph.head[arc])
                guard !graph.isAccelerator[head] else { continue }
                upward[arc] = tiers[vertex] < 0 || tiers[head] < 0 || tiers[head] > tiers[vertex]
            }
        }
        self.upward = upward
    }

    /// Per-worker scratch: stamps per vertex, the uplink lost by each touched switch, the candidates.
    struct Scratch {
        var candidateStamp: [Int32]
        var endStamp: [Int32]
        var dropStamp: [Int32]
        var drop: [Double]
        var candidates: [Int32] = []
        var switches: [Int32] = []
        var stamp: Int32 = 0

        init(vertexCount: Int) {
            candidateStamp = [Int32](repeating: -1, count: vertexCount)
            endStamp = candidateStamp
            dropStamp = candidateStamp
            drop = [Double](repeating: 0, count: vertexCount)
        }
    }

    /// Surviving accelerators degraded when the link at index `link` (all its cables) fails, or when the device at
    /// index `device` fails; pass -1 for the other.
    /// - Complexity: O(Σ degrees of the failed element's ends, of the switches whose uplink drops, and of the
    ///   accelerators attached to them).
    func count(link: Int32, device: Int32, ends linkEnds: (Int32, Int32), scratch: inout Scratch) -> Int {
        let graph = baseline.graph
        if scratch.stamp == Int32.max {
            scratch = Scratch(vertexCount: graph.vertexCount)
        }
        scratch.stamp += 1
        let stamp = scratch.stamp
        scratch.candidates.removeAll(keepingCapacity: true)
        scratch.switches.removeAll(keepingCapacity: true)
        @inline(__always)
        func failed(_ arc: Int) -> Bool { graph.link[arc] == link || graph.head[arc] == device }
        func candidate(_ vertex: Int32, _ scratch: inout Scratch) {
            guard graph.isAccelerator[Int(vertex)], vertex != device, scratch.candidateStamp[Int(vertex)] != stamp else { return }
            scratch.candidateStamp[Int(vertex)] = stamp
            scratch.candidates.append(vertex)
        }
        // The ends of the failed element: accelerators there lose injection; a switch there loses the capacity of
        // its failed upward arcs.
        func end(_ vertex: Int32, _ scratch: inout Scratch) {
            guard vertex >= 0, vertex != device, scratch.endStamp[Int(vertex)] != stamp else { return }
            scratch.endStamp[Int(vertex)] = stamp
            if graph.isAccelerator[Int(vertex)] {
                candidate(vertex, &scratch)
                return
            }
            var lost = 0.0
            for arc in Int(graph.arcStart[Int(vertex)])..<Int(graph.arcStart[Int(vertex) + 1]) where upward[arc] && failed(arc) {
                lost += graph.capacity[arc]
            }
            if lost > 0 {
                scratch.dropStamp[Int(vertex)] = stamp
                scratch.drop[Int(vertex)] = lost
                scratch.switches.append(vertex)
            }
        }
        if link >= 0 {
            end(linkEnds.0, &scratch)
            end(linkEnds.1, &scratch)
        }
        if device >= 0 {
            for arc in graph.arcs(from: device) { end(graph.head[Int(arc)], &scratch) }
        }
        for vertex in scratch.switches {
            for arc in graph.arcs(from: vertex) { candidate(graph.head[Int(arc)], &scratch) }
        }
        var degraded = 0
        for accelerator in scratch.candidates {
            let a = Int(accelerator)
            var injectionAfter = 0.0
            var shareAfter = 0.0
            for arc in Int(graph.arcStart[a])..<Int(graph.arcStart[a + 1]) where !failed(arc) {
                let w = Int(graph.head[arc])
                injectionAfter += graph.capacity[arc]
                let access = baseline.accessCapacity[w]
                if !graph.isAccelerator[w], access > 0 {
                    let lost = scratch.dropStamp[w] == stamp ? scratch.drop[w] : 0
                    shareAfter += (baseline.uplink[w] - lost) * graph.capacity[arc] / access
                }
            }
            let injection = baseline.injection[a]
            let share = baseline.uplinkShare[a]
            if injection - injectionAfter > Self.tolerance * max(injection, 1) || share - shareAfter > Self.tolerance * max(share, 1) {
                degraded += 1
            }
        }
        return degraded
    }
}
