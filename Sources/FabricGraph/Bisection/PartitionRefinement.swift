/// A binary max-heap of (gain, vertex) entries with lazy deletion: stale entries are skipped by the caller.
struct PartitionGainHeap {
    private(set) var keys: [Double] = []
    private(set) var values: [Int32] = []

    /// True when no entry is left.
    var isEmpty: Bool { keys.isEmpty }

    /// Removes every entry, keeping storage.
    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    /// The largest entry.
    var top: (gain: Double, vertex: Int32)? { keys.isEmpty ? nil : (keys[0], values[0]) }

    /// Adds an entry.
    /// - Complexity: O(log n).
    mutating func push(_ key: Double, _ value: Int32) {
        keys.append(key)
        values.append(value)
        var child = keys.count - 1
        while child > 0 {
            let parent = (child - 1) >> 1
            if keys[parent] >= keys[child] { break }
            keys.swapAt(parent, child)
            values.swapAt(parent, child)
            child = parent
        }
    }

    /// Removes the largest entry.
    /// - Complexity: O(log n).
    mutating func pop() {
        let last = keys.count - 1
        keys.swapAt(0, last)
        values.swapAt(0, last)
        keys.removeLast()
        values.removeLast()
        var parent = 0
        let count = keys.count
        while true {
            let left = 2 * parent + 1
            if left >= count { break }
            var larger = left
            if left + 1 < count, keys[left + 1] > keys[left] { larger = left + 1 }
            if keys[parent] >= keys[larger] { break }
            keys.swapAt(parent, larger)
            values.swapAt(parent, larger)
            parent = larger
        }
    }
}

/// The balance window of a bisection: side 0 must hold `low...high` accelerators (⌊n/2⌋...⌈n/2⌉).
struct PartitionBalance {
    /// Fewest accelerators side 0 may hold.
    let low: Int
    /// Most accelerators side 0 may hold.
    let high: Int

    /// The window for `total` accelerators.
    init(total: Int) {
        low = total / 2
        high = total - total / 2
    }

    /// How far `weight` lies outside the window.
    @inline(__always) func excess(_ weight: Int) -> Int { max(0, low - weight, weight - high) }
}

/// Fiduccia–Mattheyses refinement (Fiduccia & Mattheyses 1982, "A linear-time heuristic for improving network
/// partitions") with a balance window on accelerator weight: single-vertex moves of best gain, each vertex moved
/// at most once per pass, the best prefix of the pass kept. Vertices of weight 0 (switches) move freely; a move of
/// weight may not push side 0 further than `moveSlack` outside the window, and only states within `recordSlack`
/// of the window are kept (0 at the finest level: exact balance). Gains are kept in four lazy max-heaps (side ×
/// weighted or not), so a blocked accelerator move never hides a switch move.
enum PartitionRefinement {
    /// Refines `side` in place and returns its cut.
    /// - Complexity: O(passes · (V + E) log E).
    static func refine(
        _ graph: PartitionGraph, side: inout [UInt8], balance: PartitionBalance,
        moveSlack: Int, recordSlack: Int, maxPasses: Int
    ) -> Double {
        let count = graph.vertexCount
        var gain = [Double](repeating: 0, count: count)
        var locked = [Bool](repeating: false, count: count)
        var heaps = [PartitionGainHeap](repeating: PartitionGainHeap(), count: 4)
        var moves: [Int32] = []
        var weightZero = graph.sideZeroWeight(side)
        var cut = graph.cut(side)
        let stallLimit = max(64, count / 16)
        let scale = max(1e-300, graph.weight.reduce(0, +))
        let tolerance = scale * 1e-12
        for _ in 0..<maxPasses {
            for vertex in 0..<count {
                var value = 0.0
                for entry in graph.entries(vertex) {
                    value += side[vertex] != side[Int(graph.adjacent[entry])] ? graph.weight[entry] : -graph.weight[entry]
                }
                gain[vertex] = value
                locked[vertex] = false
            }
            for index in 0..<4 { heaps[index].removeAll() }
            for vertex in 0..<count {
                heaps[heapIndex(side[vertex], graph.vertexWeight[vertex])].push(gain[vertex], Int32(vertex))
            }
            moves.removeAll(keepingCapacity: true)
            let startExcess = max(0, balance.excess(weightZero) - recordSlack)
            var bestExcess = startExcess
            var bestCut = cut
            var bestLength = 0
            var currentCut = cut
            var currentWeight = weightZero
            while true {
                var chosen = -1
                var chosenGain = -Double.infinity
                var chosenExcess = Int.max
                for index in 0..<4 {
                    while let top = heaps[index].top {
                        let vertex = Int(top.vertex)
                        if locked[vertex] || gain[vertex] != top.gain || heapIndex(side[vertex], graph.vertexWeight[vertex]) != index {
                            heaps[index].pop()
                        } else {
                            break
                        }
                    }
                    guard let top = heaps[index].top else { continue }
                    let vertex = Int(top.vertex)
                    let moved = Int(graph.vertexWeight[vertex])
                    let newWeight = side[vertex] == 0 ? currentWeight - moved : currentWeight + moved
                    let newExcess = balance.excess(newWeight)
                    if moved > 0, newExcess > max(balance.excess(currentWeight), moveSlack) { continue }
                    if top.gain > chosenGain || (top.gain == chosenGain && newExcess < chosenExcess) {
                        chosen = index
                        chosenGain = top.gain
                        chosenExcess = newExcess
                    }
                }
                guard chosen >= 0, let top = heaps[chosen].top else { break }
                heaps[chosen].pop()
                let vertex = Int(top.vertex)
                let from = side[vertex]
                let moved = Int(graph.vertexWeight[vertex])
                currentWeight += from == 0 ? -moved : moved
                currentCut -= gain[vertex]
                side[vertex] = 1 - from
                gain[vertex] = -gain[vertex]
                locked[vertex] = true
                moves.append(Int32(vertex))
                for entry in graph.entries(vertex) {
                    let other = Int(graph.adjacent[entry])
                    if locked[other] { continue }
                    let delta = 2 * graph.weight[entry]
                    gain[other] += side[other] == from ? delta : -delta
                    heaps[heapIndex(side[other], graph.vertexWeight[other])].push(gain[other], Int32(other))
                }
                let excess = max(0, balance.excess(currentWeight) - recordSlack)
                if excess < bestExcess || (excess == bestExcess && currentCut < bestCut - tolerance) {
                    bestExcess = excess
                    bestCut = currentCut
                    bestLength = moves.count
                }
                if moves.count - bestLength > stallLimit { break }
            }
            for index in stride(from: moves.count - 1, through: bestLength, by: -1) {
                let vertex = Int(moves[index])
                side[vertex] = 1 - side[vertex]
                currentWeight += side[vertex] == 0 ? Int(graph.vertexWeight[vertex]) : -Int(graph.vertexWeight[vertex])
            }
            weightZero = currentWeight
            let improved = bestLength > 0
            cut = bestCut
            if !improved { break }
        }
        if recordSlack == 0, balance.excess(weightZero) > 0 {
            forceBalance(graph, side: &side, balance: balance)
            cut = graph.cut(side)
        }
        return graph.cut(side)
    }

    @inline(__always) private static func heapIndex(_ side: UInt8, _ weight: Int32) -> Int {
        Int(side) * 2 + (weight == 0 ? 1 : 0)
    }

    /// Moves the best-gain weighted vertices off the heavy side until side 0 is inside the window (used when
    /// refinement could not reach balance: a projected partition from a coarse level can be off by a few).
    /// - Complexity: O(k · V) for k moves.
    static func forceBalance(_ graph: PartitionGraph, side: inout [UInt8], balance: PartitionBalance) {
        var weightZero = graph.sideZeroWeight(side)
        while balance.excess(weightZero) > 0 {
            let heavy: UInt8 = weightZero > balance.high ? 0 : 1
            var best = -1
            var bestGain = -Double.infinity
            for vertex in 0..<graph.vertexCount where side[vertex] == heavy && graph.vertexWeight[vertex] > 0 {
                let moved = Int(graph.vertexWeight[vertex])
                let newWeight = heavy == 0 ? weightZero - moved : weightZero + moved
                if balance.excess(newWeight) >= balance.excess(weightZero) { continue }
                var value = 0.0
                for entry in graph.entries(vertex) {
                    value += side[Int(graph.adjacent[entry])] != heavy ? graph.weight[entry] : -graph.weight[entry]
                }
                if value > bestGain {
                    bestGain = value
                    best = vertex
                }
            }
            guard best >= 0 else { return }
            side[best] = 1 - heavy
            weightZero += heavy == 0 ? -Int(graph.vertexWeight[best]) : Int(graph.vertexWeight[best])
        }
    }

    /// Puts every weight-0 vertex on the side it has more capacity to, repeatedly, until no move lowers the cut
    /// (the switches' best places for a fixed split of the accelerators, found greedily).
    /// - Complexity: O(rounds · E).
    static func placeFreeVertices(_ graph: PartitionGraph, side: inout [UInt8], rounds: Int = 8) {
        for _ in 0..<rounds {
            var changed = false
            for vertex in 0..<graph.vertexCount where graph.vertexWeight[vertex] == 0 {
                var toZero = 0.0
                var toOne = 0.0
                for entry in graph.entries(vertex) {
                    if side[Int(graph.adjacent[entry])] == 0 { toZero += graph.weight[entry] } else { toOne += graph.weight[entry] }
                }
                let wanted: UInt8 = toZero > toOne ? 0 : (toOne > toZero ? 1 : side[vertex])
                if wanted != side[vertex] {
                    side[vertex] = wanted
                    changed = true
                }
            }
            if !changed { return }
        }
    }
}
