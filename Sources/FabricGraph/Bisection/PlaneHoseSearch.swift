/// The side-choice minimum of `PlaneHose`: for every choice σ of a side per plane, the best Lagrangian bound on the
/// balanced minimum of Σ_S a_σ + Σ_T b_σ + mesh cut, by bisection on λ and one minimum cut per mixed atom.
struct SideChoiceSearch {
    let atoms: Atoms
    let rates: [[Double]]
    /// Accelerators on the smaller side, ⌊n/2⌋.
    let half: Int
    /// Per member position: the cost on side S (a) and on side T (b) under the current side choice.
    var onS: [Double]
    var onT: [Double]
    /// Minimum-cut scratch, per member position and per local arc.
    var fromSource: [Double]
    var toSink: [Double]
    var residual: [Double]
    var parent: [Int32]
    var stamp: [Int32]
    var round: Int32 = 0
    var queue: [Int32] = []
    /// Augmenting paths left before atoms fall back to the bound without their mesh (keeps the work bounded).
    var budget = 2_000_000

    init(atoms: Atoms, live: [Int32], rates: [[Double]]) {
        self.atoms = atoms
        self.rates = rates
        half = live.count / 2
        let size = atoms.members.count
        onS = [Double](repeating: 0, count: size)
        onT = onS
        fromSource = onS
        toSink = onS
        residual = atoms.weight
        parent = [Int32](repeating: -1, count: size)
        stamp = [Int32](repeating: 0, count: size)
    }

    /// min over side choices of the best L(λ) found, at least 0.
    /// - Complexity: O(2^planes · 64 · (n + the minimum cuts of the atoms whose costs have mixed signs)).
    mutating func bound() -> Double {
        var best = Double.infinity
        for choice in 0..<(1 << rates.count) {
            for (index, vertex) in atoms.members.enumerated() {
                var a = 0.0
                var b = 0.0
                for plane in rates.indices {
                    if choice >> plane & 1 == 1 { a += rates[plane][Int(vertex)] } else { b += rates[plane][Int(vertex)] }
                }
                onS[index] = a
                onT[index] = b
            }
            best = min(best, lagrangian(limit: best))
        }
        return max(0, best)
    }

    /// The largest L(λ) found by bisection on λ (the supergradient is ⌊n/2⌋ − |U|), stopping early once it exceeds
    /// `limit` (that side choice cannot be the minimum) or λ is pinned down to a relative 10⁻⁷ of the bound.
    mutating func lagrangian(limit: Double) -> Double {
        var low = Double.infinity
        var high = -Double.infinity
        var base = 0.0
        for index in onS.indices {
            low = min(low, onS[index] - onT[index])
            high = max(high, onS[index] - onT[index])
            base += onT[index]
        }
        low -= 1
        high += 1
        var best = -Double.infinity
        for _ in 0..<80 {
            let lambda = (low + high) / 2
            let (cuts, inside) = evaluate(lambda: lambda)
            best = max(best, lambda * Double(half) + base + cuts)
            if best >= limit { break }
            if inside < half { low = lambda } else if inside > half { high = lambda } else { break }
            if best > 0, (high - low) * Double(onS.count) <= 1e-7 * best { break }
        }
        return best
    }

    /// Σ over atoms of min over U of [Σ_U (a − b − λ) + mesh(U, A ∖ U)] and the size of the U found.
    mutating func evaluate(lambda: Double) -> (value: Double, inside: Int) {
        var total = 0.0
        var inside = 0
        for atom in 0..<atoms.count {
            let range = atoms.start[atom]..<atoms.start[atom + 1]
            var negative = 0.0
            var negatives = 0
            var positives = 0
            for index in range {
                let d = atoms.isAccelerator[index] ? onS[index] - onT[index] - lambda : 0
                fromSource[index] = d < 0 ? -d : 0
                toSink[index] = d > 0 ? d : 0
                if d < 0 {
                    negative += d
                    negatives += 1
                } else if d > 0 {
                    positives += 1
                }
            }
            if positives == 0 || negatives == 0 || budget <= 0 {
                // One sign (the whole atom on one side is optimal), or out of budget: the bound without the mesh.
                total += negative
                inside += negatives
                continue
            }
            let (flow, sourceSide) = minimumCut(range)
            total += negative + flow
            inside += sourceSide
        }
        return (total, inside)
    }

    /// Maximum flow from the members with `fromSource` to those with `toSink` over the atom's mesh (Edmonds & Karp
    /// 1972, breadth-first from every source-side member at once); the flow and the size of the source side of the
    /// minimum cut (members reachable in the residual graph).
    /// - Complexity: O(|A| · |mesh arcs of A|²) at worst.
    mutating func minimumCut(_ range: Range<Int>) -> (flow: Double, sourceSide: Int) {
        for index in range { for arc in atoms.adjacency[index]..<atoms.adjacency[index + 1] { residual[arc] = atoms.weight[arc] } }
        var flow = 0.0
        while true {
            round += 1
            queue.removeAll(keepingCapacity: true)
            for index in range where fromSource[index] > 0 {
                stamp[index] = round
                parent[index] = -1
                queue.append(Int32(index))
            }
            var end: Int32 = -1
            var head = 0
            search: while head < queue.count {
                let vertex = Int(queue[head])
                head += 1
                for arc in atoms.adjacency[vertex]..<atoms.adjacency[vertex + 1] where residual[arc] > 0 {
                    let next = Int(atoms.neighbour[arc])
                    guard stamp[next] != round else { continue }
                    stamp[next] = round
                    parent[next] = Int32(arc)
                    queue.append(Int32(next))
                    if toSink[next] > 0 {
                        end = Int32(next)
                        break search
                    }
                }
            }
            guard end >= 0, budget > 0 else { return (flow, queue.reduce(0) { $0 + (atoms.isAccelerator[Int($1)] ? 1 : 0) }) }
            budget -= 1
            flow += augment(from: Int(end))
        }
    }

    /// Pushes the bottleneck along the breadth-first path ending at `end`; returns it.
    mutating func augment(from end: Int) -> Double {
        var amount = toSink[end]
        var vertex = end
        while parent[vertex] >= 0 {
            let arc = Int(parent[vertex])
            amount = min(amount, residual[arc])
            vertex = Int(atoms.neighbour[Int(atoms.twin[arc])])
        }
        amount = min(amount, fromSource[vertex])
        fromSource[vertex] -= amount
        toSink[end] -= amount
        vertex = end
        while parent[vertex] >= 0 {
            let arc = Int(parent[vertex])
            residual[arc] -= amount
            residual[Int(atoms.twin[arc])] += amount
            vertex = Int(atoms.neighbour[Int(atoms.twin[arc])])
        }
        return amount
    }
}
