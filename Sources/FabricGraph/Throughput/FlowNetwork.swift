import FabricModel

/// The capacitated directed network the throughput solvers run on: the usable arcs of a `CSRGraph` with positive
/// capacity, parallel arcs between the same two devices merged (capacities summed), plus the relay rule of the
/// forwarding model. Integer ids, contiguous arrays (CSR by tail).
struct FlowNetwork: Sendable {
    let vertexCount: Int
    /// `arcStart[v] ..< arcStart[v + 1]` are the merged arcs leaving v.
    let arcStart: [Int32]
    let head: [Int32]
    let tail: [Int32]
    /// Summed capacity of the merged arcs (> 0).
    let capacity: [Double]
    /// Whether each vertex may carry traffic between two others (`CSRGraph.relays` under the graph's model).
    let relays: [Bool]
    /// The graph arcs of each merged arc: `originStart[a] ..< originStart[a + 1]` in `origin`.
    let originStart: [Int32]
    let origin: [Int32]

    /// The topology link of a merged arc's first cable.
    let firstLink: [Int32]

    var arcCount: Int { head.count }

    func originLink(_ arc: Int) -> Int32 { firstLink[arc] }

    /// Builds the network of `graph` under `mask` (failed links and devices leave no arcs).
    /// - Complexity: O(V + E log Δ) (each vertex's arcs sorted by head).
    init(graph: CSRGraph, mask: FailureMask?) {
        let routable = graph.routableArcs(under: mask)
        var arcStart: [Int32] = [0]
        var head: [Int32] = []
        var tail: [Int32] = []
        var capacity: [Double] = []
        var originStart: [Int32] = []
        var origin: [Int32] = []
        var scratch: [(head: Int32, arc: Int32)] = []
        for vertex in 0..<Int32(graph.vertexCount) {
            scratch.removeAll(keepingCapacity: true)
            for arc in graph.arcs(from: vertex) where routable[Int(arc)] && graph.capacity[Int(arc)] > 0 {
                scratch.append((graph.head[Int(arc)], arc))
            }
            scratch.sort { ($0.head, $0.arc) < ($1.head, $1.arc) }
            for entry in scratch {
                if let last = head.last, head.count > Int(arcStart[Int(vertex)]), last == entry.head {
                    capacity[capacity.count - 1] += graph.capacity[Int(entry.arc)]
                } else {
                    originStart.append(Int32(origin.count))
                    head.append(entry.head)
                    tail.append(vertex)
                    capacity.append(graph.capacity[Int(entry.arc)])
                }
                origin.append(entry.arc)
            }
            arcStart.append(Int32(head.count))
        }
        originStart.append(Int32(origin.count))
        assert(originStart.count == head.count + 1)
        self.vertexCount = graph.vertexCount
        self.arcStart = arcStart
        self.head = head
        self.tail = tail
        self.capacity = capacity
        self.relays = (0..<graph.vertexCount).map { graph.mayRelay($0) }
        self.originStart = originStart
        self.origin = origin
        self.firstLink = originStart.dropLast().map { graph.link[Int(origin[Int($0)])] }
    }

    /// Whether a path from `source` may leave `vertex` (the source itself, or a relaying vertex).
    @inline(__always) func mayLeave(_ vertex: Int, source: Int) -> Bool { vertex == source || relays[vertex] }
}

/// Traffic resolved to source-grouped commodities in capacity units: at θ = 1 source `sources[i]` sends
/// `amounts[j]` to `targets[j]` for j in `start[i] ..< start[i + 1]` (each accelerator's total is its injection rate,
/// as `analyze` defines the demand).
struct Commodities: Sendable {
    let sources: [Int32]
    let start: [Int32]
    let targets: [Int32]
    let amounts: [Double]

    var pairCount: Int { targets.count }
    var total: Double { amounts.reduce(0, +) }

    /// Expands `demand` with per-source `weights` (`TrafficAnalysis.sourceWeights`); repeated pairs are merged,
    /// self-pairs and zero amounts dropped, sources and targets ascending.
    /// - Complexity: O(pairs log pairs) for explicit demands, O(Σ group²) for uniform ones.
    init(demand: TrafficDemand, weights: [Double]) {
        var bySource: [Int32: [Int32: Double]] = [:]
        switch demand {
        case .uniform(let groups):
            for group in groups where group.count > 1 {
                for source in group where weights[Int(source)] > 0 {
                    var row = bySource[source] ?? [:]
                    for target in group where target != source { row[target, default: 0] += weights[Int(source)] }
                    bySource[source] = row
                }
            }
        case .explicit(let demands):
            for item in demands where item.source != item.target && item.amount > 0 && weights[Int(item.source)] > 0 {
                bySource[item.source, default: [:]][item.target, default: 0] += item.amount * weights[Int(item.source)]
            }
        }
        var sources: [Int32] = []
        var start: [Int32] = [0]
        var targets: [Int32] = []
        var amounts: [Double] = []
        for source in bySource.keys.sorted() {
            guard let row = bySource[source] else { continue }
            sources.append(source)
            for target in row.keys.sorted() {
                targets.append(target)
                amounts.append(row[target] ?? 0)
            }
            start.append(Int32(targets.count))
        }
        self.sources = sources
        self.start = start
        self.targets = targets
        self.amounts = amounts
    }

    /// Ordered pairs a uniform or explicit demand expands to, without expanding it.
    static func pairCount(of demand: TrafficDemand) -> Int {
        switch demand {
        case .uniform(let groups): return groups.reduce(0) { $0 + $1.count * max($1.count - 1, 0) }
        case .explicit(let demands): return demands.count
        }
    }
}

/// A binary min-heap of (distance, vertex) entries with lazy deletion (Dijkstra's queue).
struct DistanceHeap {
    private var keys: [Double] = []
    private var values: [Int32] = []

    var isEmpty: Bool { keys.isEmpty }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    mutating func push(_ key: Double, _ value: Int32) {
        keys.append(key)
        values.append(value)
        var child = keys.count - 1
        while child > 0 {
            let parent = (child - 1) >> 1
            guard keys[parent] > keys[child] else { break }
            keys.swapAt(parent, child)
            values.swapAt(parent, child)
            child = parent
        }
    }

    mutating func pop() -> (key: Double, value: Int32)? {
        guard let firstKey = keys.first, let firstValue = values.first else { return nil }
        let lastKey = keys.removeLast()
        let lastValue = values.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            values[0] = lastValue
            var parent = 0
            let count = keys.count
            while true {
                let left = 2 * parent + 1
                guard left < count else { break }
                let right = left + 1
                let child = right < count && keys[right] < keys[left] ? right : left
                guard keys[child] < keys[parent] else { break }
                keys.swapAt(parent, child)
                values.swapAt(parent, child)
                parent = child
            }
        }
        return (firstKey, firstValue)
    }
}

/// Per-thread scratch of shortest-path trees on a `FlowNetwork`.
struct ShortestPathWorkspace {
    var distance: [Double]
    var parentArc: [Int32]
    /// Vertices settled by the last search, in order of distance.
    var order: [Int32] = []
    var heap = DistanceHeap()

    init(vertexCount: Int) {
        distance = [Double](repeating: .infinity, count: vertexCount)
        parentArc = [Int32](repeating: -1, count: vertexCount)
    }

    /// Dijkstra from `source` under per-arc `length` (≥ 0), leaving only the source and relaying vertices (a
    /// non-relaying vertex is reached but not passed through). Resets what the previous search set.
    /// - Complexity: O((V + E) log E) (Dijkstra 1959 with a binary heap).
    mutating func search(_ network: FlowNetwork, from source: Int32, length: [Double]) {
        for vertex in order {
            distance[Int(vertex)] = .infinity
            parentArc[Int(vertex)] = -1
        }
        order.removeAll(keepingCapacity: true)
        heap.removeAll()
        distance[Int(source)] = 0
        heap.push(0, source)
        let sourceIndex = Int(source)
        while let (key, vertex) = heap.pop() {
            let v = Int(vertex)
            // Every push lowers the key, so an entry above the vertex's distance is stale.
            if key > distance[v] { continue }
            order.append(vertex)
            guard network.mayLeave(v, source: sourceIndex) else { continue }
            for arc in Int(network.arcStart[v])..<Int(network.arcStart[v + 1]) {
                let w = Int(network.head[arc])
                let candidate = key + length[arc]
                if candidate < distance[w] {
                    distance[w] = candidate
                    parentArc[w] = Int32(arc)
                    heap.push(candidate, Int32(w))
                }
            }
        }
    }
}
