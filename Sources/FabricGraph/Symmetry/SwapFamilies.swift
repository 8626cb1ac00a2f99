import FabricModel

/// A family of blocks whose swaps with the first block are each a verified automorphism of the graph under the mask
/// (blocks may touch each other), stored as explicit arc maps so loads toward a destination of the first block
/// carry over to the other blocks: swap j (1 ..< blocks.count) exchanges block 0 and block j position by position
/// and fixes every other vertex; `pairs(j)` lists (a, σⱼ(a)) for every arc a with an end in block 0 or block j.
///
/// With L the loads toward d ∈ block 0 and σⱼ an involutive automorphism preserving the demand, the loads toward
/// σⱼ(d) are L ∘ σⱼ, so the class total is T(a) = Σⱼ L(σⱼ(a)) = m·L(a) + Σ_{j ≥ 1} Σ_{a ∈ supp σⱼ} (L(σⱼ(a)) − L(a))
/// (`combine`). This extends `SymmetryFamilies` (whose blocks must not touch) to the lines of a mesh: the rows
/// of an 8×8 full mesh are adjacent to each other, yet any two rows untouched by a defect may be swapped.
struct SwapFamily: Sendable {
    /// `blocks[k][p]`: the vertex at position p of block k.
    let blocks: [[Int32]]
    /// Arc pairs of swap j at `pairStart[j - 1] ..< pairStart[j]` of `pairFrom` / `pairTo`.
    let pairStart: [Int32]
    let pairFrom: [Int32]
    let pairTo: [Int32]

    /// A family of non-touching blocks with aligned incident arcs (`SymmetryFamilies.Family`): swap j maps
    /// `arcs[0][p]` and `arcs[j][p]` onto each other and fixes every other arc.
    init(aligned family: SymmetryFamilies.Family) {
        blocks = family.blocks
        var start: [Int32] = [0]
        var from: [Int32] = []
        var to: [Int32] = []
        let first = family.arcs[0]
        for j in 1..<family.arcs.count {
            from += first
            to += family.arcs[j]
            from += family.arcs[j]
            to += first
            start.append(Int32(from.count))
        }
        pairStart = start
        pairFrom = from
        pairTo = to
    }

    init(blocks: [[Int32]], pairStart: [Int32], pairFrom: [Int32], pairTo: [Int32]) {
        assert(pairStart.count == blocks.count && pairFrom.count == pairTo.count)
        self.blocks = blocks
        self.pairStart = pairStart
        self.pairFrom = pairFrom
        self.pairTo = pairTo
    }

    /// Adds the class total of the family (formula above) of the representative's loads `load` into `total`, then
    /// clears `load`.
    /// - Complexity: O(E + Σⱼ |supp σⱼ|).
    static func combine(load: inout [Double], into total: inout [Double], family: SwapFamily) {
        let m = Double(family.blocks.count)
        for arc in load.indices where load[arc] != 0 { total[arc] += m * load[arc] }
        for index in 0..<family.pairFrom.count {
            let (a, b) = (Int(family.pairFrom[index]), Int(family.pairTo[index]))
            total[a] += load[b] - load[a]
        }
        for arc in load.indices { load[arc] = 0 }
    }
}

/// What a swap must preserve besides the arcs: per vertex, accelerator flag, relaying, liveness, demand group and
/// source weight (compared exactly).
struct SwapLabels: Sendable {
    let isAccelerator: [Bool]
    let relays: [Bool]
    let alive: [Bool]
    let groupOf: [Int32]
    let weight: [Double]

    @inline(__always)
    func same(_ u: Int, _ v: Int) -> Bool {
        isAccelerator[u] == isAccelerator[v] && relays[u] == relays[v] && alive[u] == alive[v] && groupOf[u] == groupOf[v]
            && weight[u].bitPattern == weight[v].bitPattern
    }

    /// An order-free summary of a vertex (its labels and routable degree), equal for vertices a swap may exchange.
    func summary(_ u: Int, graph: CSRGraph, routable: [Bool]) -> UInt64 {
        var degree: UInt64 = 0
        var capacity: UInt64 = 0
        for arc in graph.arcs(from: Int32(u)) where routable[Int(arc)] {
            degree += 1
            capacity &+= SymmetryFamilies.mix(graph.capacity[Int(arc)].bitPattern)
        }
        let flags: UInt64 = (isAccelerator[u] ? 1 : 0) | (relays[u] ? 2 : 0) | (alive[u] ? 4 : 0)
        return SymmetryFamilies.mix(
            flags ^ SymmetryFamilies.mix(UInt64(bitPattern: Int64(groupOf[u]))) ^ SymmetryFamilies.mix(weight[u].bitPattern &+ degree)
                ^ SymmetryFamilies.mix(capacity))
    }
}

/// Verifies block swaps arc by arc and collects the arc maps of `SwapFamily`.
struct SwapVerifier {
    let graph: CSRGraph
    let routable: [Bool]
    let labels: SwapLabels
    /// Partner of each vertex under the swap being checked (-1 when fixed); reset after each check.
    private var partner: [Int32]
    private var left: [(head: Int32, forward: Double, backward: Double, arc: Int32)] = []
    private var right: [(head: Int32, forward: Double, backward: Double, arc: Int32)] = []

    init(graph: CSRGraph, routable: [Bool], labels: SwapLabels) {
        self.graph = graph
        self.routable = routable
        self.labels = labels
        partner = [Int32](repeating: -1, count: graph.vertexCount)
    }

    /// Appends to `from`/`to` the arc map of the swap of blocks `a` and `b` (aligned by position, disjoint) when
    /// it is an automorphism that preserves capacities, routability and the labels; returns false (appending
    /// nothing) otherwise. Every arc with an end in a ∪ b is matched to its image: the out-arcs of u, keyed by
    /// (σ(head), capacity each way under the mask), must equal those of σ(u) as multisets; equal keys are paired
    /// in arc order (parallel arcs with equal keys carry equal ECMP loads), arcs leaving a ∪ b also pair their
    /// reverses.
    /// - Complexity: O(Σ_{u ∈ a ∪ b} deg(u) log deg(u)).
    mutating func swap(_ a: [Int32], _ b: [Int32], from: inout [Int32], to: inout [Int32]) -> Bool {
        guard a.count == b.count, !a.isEmpty else { return false }
        for (u, v) in zip(a, b) {
            partner[Int(u)] = v
            partner[Int(v)] = u
        }
        defer {
            for (u, v) in zip(a, b) {
                partner[Int(u)] = -1
                partner[Int(v)] = -1
            }
        }
        let mark = from.count
        for u in a + b {
            let v = partner[Int(u)]
            var matches = labels.same(Int(u), Int(v))
            if matches {
                Self.collect(u, graph: graph, routable: routable, partner: partner, mapped: true, into: &left)
                Self.collect(v, graph: graph, routable: routable, partner: partner, mapped: false, into: &right)
                matches = left.count == right.count
            }
            guard matches else {
                from.removeSubrange(mark...)
                to.removeSubrange(mark...)
                return false
            }
            for (x, y) in zip(left, right) {
                guard x.head == y.head, x.forward == y.forward, x.backward == y.backward else {
                    from.removeSubrange(mark...)
                    to.removeSubrange(mark...)
                    return false
                }
                from.append(x.arc)
                to.append(y.arc)
                if partner[Int(graph.head[Int(x.arc)])] < 0 {
                    from.append(graph.reverse[Int(x.arc)])
                    to.append(graph.reverse[Int(y.arc)])
                }
            }
        }
        return true
    }

    /// The out-arcs of `u` with capacities each way (-1 when not routable) and heads mapped through the swap when
    /// `mapped`, sorted.
    private static func collect(
        _ u: Int32, graph: CSRGraph, routable: [Bool], partner: [Int32], mapped: Bool,
        into list: inout [(head: Int32, forward: Double, backward: Double, arc: Int32)]
    ) {
        list.removeAll(keepingCapacity: true)
        for arc in graph.arcs(from: u) {
            let back = Int(graph.reverse[Int(arc)])
            let forward = routable[Int(arc)] ? graph.capacity[Int(arc)] : -1
            let backward = routable[back] ? graph.capacity[back] : -1
            var head = graph.head[Int(arc)]
            if mapped && partner[Int(head)] >= 0 { head = partner[Int(head)] }
            list.append((head, forward, backward, arc))
        }
        list.sort { ($0.head, $0.forward, $0.backward, $0.arc) < ($1.head, $1.forward, $1.backward, $1.arc) }
    }

    /// Families among `blocks` (aligned by position) that lie in the same `scope`: blocks are grouped by scope and an
    /// order-free summary, then greedily: the first pending block of a group keeps every later one whose swap with
    /// it verifies; the rest form the next round. Families of fewer than two blocks are dropped.
    /// - Complexity: O(Σ groups k² · block degree) in the worst case (k blocks failing pairwise), O(k · block degree)
    ///   when the blocks of a group are interchangeable.
    mutating func families(blocks: [[Int32]], scope: [Int32]) -> [SwapFamily] {
        var groups: [[UInt64]: [Int]] = [:]
        var order: [[UInt64]] = []
        for (index, block) in blocks.enumerated() where block.count > 0 {
            var key: [UInt64] = [UInt64(bitPattern: Int64(scope[index])), UInt64(block.count)]
            for vertex in block { key.append(labels.summary(Int(vertex), graph: graph, routable: routable)) }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        var found: [SwapFamily] = []
        var from: [Int32] = []
        var to: [Int32] = []
        for key in order {
            var pending = groups[key] ?? []
            while pending.count >= 2 {
                let base = blocks[pending[0]]
                var members = [base]
                var starts: [Int32] = [0]
                var rest: [Int] = []
                from.removeAll(keepingCapacity: true)
                to.removeAll(keepingCapacity: true)
                for index in pending.dropFirst() {
                    if swap(base, blocks[index], from: &from, to: &to) {
                        members.append(blocks[index])
                        starts.append(Int32(from.count))
                    } else {
                        rest.append(index)
                    }
                }
                if members.count >= 2 { found.append(SwapFamily(blocks: members, pairStart: starts, pairFrom: from, pairTo: to)) }
                pending = rest
            }
        }
        return found
    }

    /// Lines of a coordinate grid inside each block of `scope` (block id per vertex, -1 for none): for dimension j,
    /// the vertices of one scope block that agree on every coordinate but the j-th form one line, ordered by that
    /// coordinate (the rows and columns of a rack's 2D mesh). Only vertices with all `dimensions` coordinates
    /// (flattened, -1 for none) take part. Returns the lines and the scope of each.
    /// - Complexity: O(V · dimensions · log V).
    static func lines(coordinates: [Int32], dimensions: Int, scope: [Int32], along j: Int) -> (blocks: [[Int32]], scope: [Int32]) {
        var byKey: [[Int32]: Int] = [:]
        var blocks: [[Int32]] = []
        var scopes: [Int32] = []
        for vertex in 0..<scope.count where scope[vertex] >= 0 {
            let point = coordinates[(vertex * dimensions)..<((vertex + 1) * dimensions)]
            guard !point.contains(where: { $0 < 0 }) else { continue }
            var key = [scope[vertex]]
            for (index, value) in point.enumerated() where index != j { key.append(value) }
            if let line = byKey[key] {
                blocks[line].append(Int32(vertex))
            } else {
                byKey[key] = blocks.count
                blocks.append([Int32(vertex)])
                scopes.append(scope[vertex])
            }
        }
        for index in blocks.indices {
            blocks[index].sort { (coordinates[Int($0) * dimensions + j], $0) < (coordinates[Int($1) * dimensions + j], $1) }
        }
        return (blocks, scopes)
    }
}
