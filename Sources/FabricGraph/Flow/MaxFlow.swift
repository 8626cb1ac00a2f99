import FabricModel

/// The result of a maximum-flow computation with its minimum cut.
public struct MaxFlowResult: Sendable {
    /// The flow value (equal to the minimum cut capacity when `complete`).
    public let value: Double
    /// False when the computation stopped early at the requested limit: `value` is then only a lower bound.
    public let complete: Bool
    /// Source side of a minimum cut (vertices reachable from the source in the residual graph), ascending; empty
    /// when the flow stopped early.
    public let sourceSide: [Int32]
    /// Arcs from the source side to the other side with positive capacity: the cut's cables, ascending; empty when
    /// the flow stopped early.
    public let cutArcs: [Int32]
}

/// A reusable max-flow workspace over a `CSRGraph` with per-arc capacities (Dinic 1970, "Algorithm for solution
/// of a problem of maximum flow in networks with power estimation").
///
/// Residual capacity of arc `a` is `capacity[a] − flow[a]` with `flow[reverse[a]] = −flow[a]`, so an undirected cable
/// of capacity c (both arcs c) and a directed one (reverse arc 0) are both represented. State is reset lazily
/// (stamps and a touched-arc list), so thousands of small local flows cost what they touch, not O(V + E) each.
/// Every traversal is iterative.
public struct FlowSolver: Sendable {
    /// The graph the solver runs on.
    public let graph: CSRGraph
    /// Capacity of each arc (0 for unusable arcs).
    public let capacity: [Double]
    private var flow: [Double]
    private var level: [Int32]
    private var levelStamp: [UInt32]
    private var currentArc: [Int32]
    private var sinkStamp: [UInt32]
    private var stamp: UInt32 = 0
    private var sinkEpoch: UInt32 = 0
    private var touched: [Int32] = []
    private var queue: [Int32] = []
    private let tolerance: Double

    /// A solver with the given per-arc capacities (`capacity.count == graph.arcCount`).
    public init(graph: CSRGraph, capacity: [Double]) {
        self.graph = graph
        self.capacity = capacity
        self.flow = [Double](repeating: 0, count: graph.arcCount)
        self.level = [Int32](repeating: 0, count: graph.vertexCount)
        self.levelStamp = [UInt32](repeating: 0, count: graph.vertexCount)
        self.currentArc = [Int32](repeating: 0, count: graph.vertexCount)
        self.sinkStamp = [UInt32](repeating: 0, count: graph.vertexCount)
        self.tolerance = (capacity.max() ?? 1) * 1e-12
    }

    /// Maximum flow from `source` to `sink`, stopping once it reaches `limit`.
    /// - Complexity: O(V²E) worst case (Dinic); O(E·min(√E, V^(2/3))) with unit capacities (Even–Tarjan 1975).
    public mutating func maxFlow(from source: Int32, to sink: Int32, limit: Double = .infinity) -> MaxFlowResult {
        maxFlow(from: source, toAny: [sink], limit: limit)
    }

    /// Maximum flow from `source` to the set `sinks` (contracted into one sink), stopping once it reaches `limit`.
    /// - Complexity: as `maxFlow(from:to:limit:)`; searches stop at the first level that reaches a sink.
    public mutating func maxFlow(from source: Int32, toAny sinks: [Int32], limit: Double = .infinity) -> MaxFlowResult {
        sinkEpoch &+= 1
        if sinkEpoch == 0 {
            for index in sinkStamp.indices { sinkStamp[index] = 0 }
            sinkEpoch = 1
        }
        for sink in sinks { sinkStamp[Int(sink)] = sinkEpoch }
        return run(source: source, limit: limit)
    }

    /// Maximum flow to the sink set already marked with `markSink`, keeping the marks between calls: the cheap
    /// form for a growing sink set.
    public mutating func maxFlowToMarkedSinks(from source: Int32, limit: Double) -> MaxFlowResult {
        run(source: source, limit: limit)
    }

    /// Starts a new, empty marked sink set.
    public mutating func clearMarkedSinks() {
        sinkEpoch &+= 1
        if sinkEpoch == 0 {
            for index in sinkStamp.indices { sinkStamp[index] = 0 }
            sinkEpoch = 1
        }
    }

    /// Adds `vertex` to the marked sink set.
    public mutating func markSink(_ vertex: Int32) { sinkStamp[Int(vertex)] = sinkEpoch }

    /// Whether `vertex` is in the marked sink set.
    public func isMarkedSink(_ vertex: Int32) -> Bool { sinkStamp[Int(vertex)] == sinkEpoch }

    @inline(__always) private func residual(_ arc: Int) -> Double { capacity[arc] - flow[arc] }

    private mutating func nextStamp() {
        stamp &+= 1
        if stamp == 0 {
            for index in levelStamp.indices { levelStamp[index] = 0 }
            stamp = 1
        }
    }

    /// Dinic phases: BFS levels (stopping at the first level holding a sink), then blocking flow by iterative DFS
    /// with current-arc pointers.
    private mutating func run(source: Int32, limit: Double) -> MaxFlowResult {
        for arc in touched { flow[Int(arc)] = 0 }
        touched.removeAll(keepingCapacity: true)
        var total = 0.0
        if sinkStamp[Int(source)] == sinkEpoch { return MaxFlowResult(value: .infinity, complete: true, sourceSide: [], cutArcs: []) }
        var pathArcs: [Int32] = []
        var pathVertices: [Int32] = []
        phases: while total < limit - tolerance {
            // BFS.
            nextStamp()
            queue.removeAll(keepingCapacity: true)
            queue.append(source)
            levelStamp[Int(source)] = stamp
            level[Int(source)] = 0
            currentArc[Int(source)] = graph.arcStart[Int(source)]
            var sinkLevel = Int32.max
            var read = 0
            while read < queue.count {
                let v = Int(queue[read])
                read += 1
                let nextLevel = level[v] + 1
                if nextLevel > sinkLevel { break }
                for arc in Int(graph.arcStart[v])..<Int(graph.arcStart[v + 1]) where residual(arc) > tolerance {
                    let w = Int(graph.head[arc])
                    if levelStamp[w] != stamp {
                        levelStamp[w] = stamp
                        level[w] = nextLevel
                        currentArc[w] = graph.arcStart[w]
                        if sinkStamp[w] == sinkEpoch {
                            sinkLevel = nextLevel
                        } else {
                            queue.append(Int32(w))
                        }
                    }
                }
            }
            if sinkLevel == Int32.max { break phases }
            // Blocking flow.
            pathArcs.removeAll(keepingCapacity: true)
            pathVertices.removeAll(keepingCapacity: true)
            var v = Int(source)
            while true {
                if sinkStamp[v] == sinkEpoch {
                    var bottleneck = limit - total
                    for arc in pathArcs { bottleneck = min(bottleneck, residual(Int(arc))) }
                    var firstSaturated = -1
                    for (index, arc) in pathArcs.enumerated() {
                        let a = Int(arc)
                        if flow[a] == 0 { touched.append(arc) }
                        let back = Int(graph.reverse[a])
                        if flow[back] == 0 { touched.append(Int32(back)) }
                        flow[a] += bottleneck
                        flow[back] -= bottleneck
                        if firstSaturated < 0 && residual(a) <= tolerance { firstSaturated = index }
                    }
                    total += bottleneck
                    if total >= limit - tolerance { break phases }
                    let cut = max(firstSaturated, 0)
                    v = Int(pathVertices[cut])
                    pathArcs.removeSubrange(cut...)
                    pathVertices.removeSubrange(cut...)
                    continue
                }
                var advanced = false
                let end = graph.arcStart[v + 1]
                while currentArc[v] < end {
                    let arc = Int(currentArc[v])
                    let w = Int(graph.head[arc])
                    if levelStamp[w] == stamp && level[w] == level[v] + 1 && residual(arc) > tolerance {
                        pathArcs.append(Int32(arc))
                        pathVertices.append(Int32(v))
                        v = w
                        advanced = true
                        break
                    }
                    currentArc[v] += 1
                }
                if !advanced {
                    // Dead end: remove v from the level graph and retreat.
                    level[v] = -2
                    guard pathArcs.popLast() != nil, let previous = pathVertices.popLast() else { break }
                    v = Int(previous)
                    currentArc[v] += 1
                }
            }
        }
        if total < limit - tolerance {
            return finishCut(source: source, value: total)
        }
        return MaxFlowResult(value: total, complete: false, sourceSide: [], cutArcs: [])
    }

    /// Residual reachability from the source gives the minimum cut (Ford–Fulkerson 1956).
    private mutating func finishCut(source: Int32, value: Double) -> MaxFlowResult {
        nextStamp()
        queue.removeAll(keepingCapacity: true)
        queue.append(source)
        levelStamp[Int(source)] = stamp
        var read = 0
        while read < queue.count {
            let v = Int(queue[read])
            read += 1
            for arc in Int(graph.arcStart[v])..<Int(graph.arcStart[v + 1]) where residual(arc) > tolerance {
                let w = Int(graph.head[arc])
                if levelStamp[w] != stamp {
                    levelStamp[w] = stamp
                    queue.append(Int32(w))
                }
            }
        }
        var cutArcs: [Int32] = []
        for vertex in queue {
            for arc in Int(graph.arcStart[Int(vertex)])..<Int(graph.arcStart[Int(vertex) + 1]) where capacity[arc] > 0 {
                if levelStamp[Int(graph.head[arc])] != stamp { cutArcs.append(Int32(arc)) }
            }
        }
        return MaxFlowResult(value: value, complete: true, sourceSide: queue.sorted(), cutArcs: cutArcs.sorted())
    }
}
