import FabricModel

/// An immutable compressed-sparse-row graph of a topology: the one structure every analysis runs on.
///
/// Every physical cable becomes a pair of opposite arcs (a link of multiplicity *m* gives *m* pairs, so a
/// failure analysis can take one cable). Arcs are grouped by tail vertex: the arcs leaving vertex `v` are
/// `arcStart[v] ..< arcStart[v + 1]`, in link order. Per-arc arrays (`head`, `capacity`, `link`, `reverse`)
/// share that order, as in KaHIP's `graph_access` and igraph's `igraph_t`. A directed link's reverse arc has
/// capacity 0 (it exists so residual-graph algorithms and weak connectivity can use it). Self-loops carry no
/// traffic between devices and get no arcs; they are counted in `selfLoopCount`.
///
/// Vertices are the topology's devices, with the same indices. Memory: 24 bytes per arc plus 5 per vertex.
/// Which vertices may relay traffic (`relays`) is resolved once from the topology's forwarding model.
public struct CSRGraph: Sendable {
    /// Number of vertices (devices).
    public let vertexCount: Int
    /// Number of links in the topology (GraphML edges, including self-loops, which have no arcs).
    public let linkCount: Int
    /// `arcStart[v] ..< arcStart[v+1]` are the arcs leaving `v`; `arcStart.count == vertexCount + 1`.
    public let arcStart: [Int32]
    /// Head vertex of each arc.
    public let head: [Int32]
    /// Capacity of each arc in bit/s in its direction (1 per cable when no link has a bandwidth; 0 for a link without one
    /// in a design where others have one, so cable counts never add to bit/s; 0 against a directed link).
    public let capacity: [Double]
    /// The topology link each arc belongs to.
    public let link: [Int32]
    /// The index of the opposite arc of the same cable.
    public let reverse: [Int32]
    /// Whether each vertex is an accelerator.
    public let isAccelerator: [Bool]
    /// The accelerator vertices, ascending.
    public let accelerators: [Int32]
    /// Number of self-loop links (no arcs).
    public let selfLoopCount: Int
    /// True when some non-loop link declared a bandwidth, so capacities are in bit/s rather than cable counts (links
    /// without one are then excluded with capacity 0: `Topology.linksWithoutBandwidth` names them).
    public let hasBandwidth: Bool
    /// Whether each vertex may carry traffic between two other vertices under the forwarding model (switches
    /// always; accelerators and CPUs as `ForwardingModel` decides). Every routing and connectivity analysis
    /// passes through a vertex only when it relays; a path may still start or end at any vertex.
    public let relays: [Bool]
    /// True when every vertex relays (direct networks, files without roles): the analyses skip the relay test.
    public let allRelay: Bool
    /// The forwarding model the graph was built with and how many accelerators relay under it.
    public let forwarding: ForwardingSummary

    /// Number of arcs (twice the number of physical cables between distinct devices).
    @inlinable public var arcCount: Int { head.count }

    /// The tail vertex of each arc is implicit in `arcStart`; this returns it.
    /// - Complexity: O(log V) by binary search.
    public func tail(ofArc arc: Int32) -> Int32 {
        var low = 0
        var high = vertexCount
        while high - low > 1 {
            let middle = (low + high) >> 1
            if arcStart[middle] <= arc { low = middle } else { high = middle }
        }
        return Int32(low)
    }

    /// The arcs leaving `vertex`.
    @inlinable public func arcs(from vertex: Int32) -> Range<Int32> {
        arcStart[Int(vertex)]..<arcStart[Int(vertex) + 1]
    }

    /// The degree (number of arcs) of `vertex`, parallel cables counted.
    @inlinable public func degree(of vertex: Int32) -> Int {
        Int(arcStart[Int(vertex) + 1] - arcStart[Int(vertex)])
    }

    /// Builds the CSR of a topology.
    /// - Parameter unitCapacity: capacity of every cable when no link declares a bandwidth.
    /// - Complexity: O(V + E), two passes over the links (counting sort by tail).
    public init(_ topology: Topology, unitCapacity: Double = 1) {
        let vertexCount = topology.devices.count
        // Only the few scalar fields each link needs are read, through the buffer (no copy of the Link values).
        let linkCount = topology.links.count
        var sources = [Int32](repeating: 0, count: linkCount)
        var targets = [Int32](repeating: 0, count: linkCount)
        var cableCounts = [Int32](repeating: 0, count: linkCount)
        var forwardCapacities = [Double](repeating: 0, count: linkCount)
        var directed = [Bool](repeating: false, count: linkCount)
        let anyBandwidth = topology.links.contains { $0.bandwidth != nil && $0.source != $0.target }
        topology.links.withUnsafeBufferPointer { links in
            for index in 0..<linkCount {
                sources[index] = links[index].source
                targets[index] = links[index].target
                cableCounts[index] = max(links[index].multiplicity, 1)
                directed[index] = links[index].directed
                if let bandwidth = links[index].bandwidth {
                    forwardCapacities[index] = bandwidth
                } else {
                    forwardCapacities[index] = anyBandwidth ? 0 : unitCapacity
                }
            }
        }
        var degree = [Int32](repeating: 0, count: vertexCount + 1)
        var selfLoops = 0
        for index in 0..<linkCount {
            if sources[index] == targets[index] {
                selfLoops += 1
                continue
            }
            degree[Int(sources[index])] += cableCounts[index]
            degree[Int(targets[index])] += cableCounts[index]
        }
        var start = [Int32](repeating: 0, count: vertexCount + 1)
        var running: Int32 = 0
        for vertex in 0..<vertexCount {
            start[vertex] = running
            running += degree[vertex]
        }
        start[vertexCount] = running
        let arcCount = Int(running)
        var head = [Int32](repeating: 0, count: arcCount)
        var capacity = [Double](repeating: 0, count: arcCount)
        var linkOf = [Int32](repeating: 0, count: arcCount)
        var reverse = [Int32](repeating: 0, count: arcCount)
        var fill = start
        for index in 0..<linkCount where sources[index] != targets[index] {
            let source = Int(sources[index])
            let target = Int(targets[index])
            let forwardCapacity = forwardCapacities[index]
            let backwardCapacity = directed[index] ? 0 : forwardCapacity
            for _ in 0..<cableCounts[index] {
                let forward = fill[source]
                fill[source] += 1
                let backward = fill[target]
                fill[target] += 1
                head[Int(forward)] = Int32(target)
                head[Int(backward)] = Int32(source)
                capacity[Int(forward)] = forwardCapacity
                capacity[Int(backward)] = backwardCapacity
                linkOf[Int(forward)] = Int32(index)
                linkOf[Int(backward)] = Int32(index)
                reverse[Int(forward)] = backward
                reverse[Int(backward)] = forward
            }
        }
        let (isAccelerator, accelerators) = Self.accelerators(of: topology)
        self.vertexCount = vertexCount
        self.linkCount = linkCount
        self.arcStart = start
        self.head = head
        self.capacity = capacity
        self.link = linkOf
        self.reverse = reverse
        self.isAccelerator = isAccelerator
        self.accelerators = accelerators
        self.selfLoopCount = selfLoops
        self.hasBandwidth = anyBandwidth
        let resolved = ForwardingModel.resolve(topology)
        self.relays = resolved.relays
        self.allRelay = !resolved.relays.contains(false)
        self.forwarding = resolved.summary
        assert(_checkInvariants().isEmpty, "CSRGraph invariants: \(_checkInvariants().prefix(3).joined(separator: "; "))")
    }

    /// The structural invariants every analysis relies on, as the descriptions of those that fail (empty when all
    /// hold). Checked by `init` in debug builds (`assert`), never in release builds.
    ///
    /// - `arcStart` has `vertexCount + 1` entries, starts at 0, never decreases and ends at `arcCount`;
    /// - the per-arc arrays (`head`, `capacity`, `link`, `reverse`) have `arcCount` entries;
    /// - `reverse` is an involution without fixed points (`reverse[reverse[a]] == a`) pairing arcs of one link in
    ///   opposite directions (`head[reverse[a]]` is the tail of `a`), and no arc is a self-loop;
    /// - capacities are finite and not negative, link ids are below `linkCount`;
    /// - `accelerators` lists exactly the vertices with `isAccelerator`, ascending; `relays` has one entry per vertex.
    /// - Complexity: O(V + E).
    func _checkInvariants() -> [String] {
        var failures: [String] = []
        guard arcStart.count == vertexCount + 1, arcStart.first == 0, arcStart.last.map(Int.init) == arcCount else {
            return ["arcStart has \(arcStart.count) entries for \(vertexCount) vertices or does not span the \(arcCount) arcs"]
        }
        for array in [capacity.count, link.count, reverse.count] where array != arcCount {
            failures.append("a per-arc array has \(array) entries, not \(arcCount)")
        }
        guard failures.isEmpty else { return failures }
        for vertex in 0..<Int32(vertexCount) {
            guard arcStart[Int(vertex)] <= arcStart[Int(vertex) + 1] else { return ["arcStart decreases at vertex \(vertex)"] }
            for arc in arcs(from: vertex) {
                let a = Int(arc)
                let back = Int(reverse[a])
                if head[a] < 0 || Int(head[a]) >= vertexCount || head[a] == vertex {
                    failures.append("arc \(a) of vertex \(vertex) has head \(head[a])")
                } else if back < 0 || back >= arcCount || back == a || Int(reverse[back]) != a {
                    failures.append("arc \(a): reverse \(back) is not its opposite arc")
                } else if !arcs(from: head[a]).contains(Int32(back)) || link[back] != link[a] {
                    failures.append("arc \(a): reverse \(back) does not leave head \(head[a]) on link \(link[a])")
                }
                if !(capacity[a] >= 0 && capacity[a].isFinite) { failures.append("arc \(a) has capacity \(capacity[a])") }
                if link[a] < 0 || Int(link[a]) >= linkCount { failures.append("arc \(a) has link \(link[a])") }
                if failures.count >= 8 { return failures }
            }
        }
        let listed = (0..<Int32(vertexCount)).filter { isAccelerator[Int($0)] }
        if listed != accelerators { failures.append("accelerators do not list the vertices marked isAccelerator, ascending") }
        if relays.count != vertexCount || isAccelerator.count != vertexCount { failures.append("a per-vertex array has the wrong size") }
        return failures
    }

    /// Which devices are accelerators, and their indices ascending.
    /// - Complexity: O(V).
    private static func accelerators(of topology: Topology) -> (isAccelerator: [Bool], accelerators: [Int32]) {
        var isAccelerator = [Bool](repeating: false, count: topology.devices.count)
        var accelerators: [Int32] = []
        topology.devices.withUnsafeBufferPointer { devices in
            for index in devices.indices where devices[index].role == .accelerator {
                isAccelerator[index] = true
                accelerators.append(Int32(index))
            }
        }
        return (isAccelerator, accelerators)
    }

    /// Whether a path may pass through `vertex` on its way to or from another vertex.
    @inlinable @inline(__always)
    public func mayRelay(_ vertex: Int) -> Bool { allRelay || relays[vertex] }

    /// Whether `arc` can carry traffic under `mask`: its link is up and neither end device failed.
    @inlinable @inline(__always)
    public func isUsable(arc: Int32, tail: Int32, under mask: FailureMask?) -> Bool {
        guard let mask else { return true }
        return !mask.links[Int(link[Int(arc)])] && !mask.devices[Int(head[Int(arc)])] && !mask.devices[Int(tail)]
    }
}
