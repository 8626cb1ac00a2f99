import FabricModel

/// Which accelerators reach each other under the forwarding model: a path may pass only through vertices that
/// relay (`CSRGraph.relays`), so two accelerators that share no relay component (and no cable) are disconnected
/// even when a third device that does not relay is cabled to both.
public struct ForwardingReach: Sendable {
    /// Live accelerators counted.
    public let accelerators: Int
    /// Unordered pairs of counted accelerators joined by a path whose inner vertices all relay.
    public let connectedPairs: Int
    /// Part (class of the transitive closure of "reach each other") of each vertex, -1 for vertices that are not
    /// counted accelerators. Parts are numbered by their lowest accelerator.
    public let partOf: [Int32]
    /// Counted accelerators in each part.
    public let partSizes: [Int]
    /// Relay component of each vertex (-1 for failed vertices and vertices that do not relay).
    let component: [Int32]
    /// Distinct signatures (sorted relay components), the signature of each counted accelerator (-1 otherwise),
    /// the accelerators holding each signature, and the signatures holding each relay component.
    let signatures: [[Int32]]
    let signatureOf: [Int32]
    let signatureSize: [Int]
    let holders: [[Int32]]
    /// True when a live cable joins two counted accelerators that do not relay.
    let directCables: Bool

    /// Pairs of counted accelerators that do not reach each other.
    public var disconnectedPairs: Int { accelerators * (accelerators - 1) / 2 - connectedPairs }

    /// The part with the most accelerators (lowest index on ties), -1 when there is none.
    public var largestPart: Int32 {
        var best: Int32 = -1
        for (index, size) in partSizes.enumerated() where best < 0 || size > partSizes[Int(best)] { best = Int32(index) }
        return best
    }
}

extension CSRGraph {
    /// True when connectivity among accelerators is not transitive under the forwarding model for some failure: a
    /// vertex that does not relay is cabled to two relaying devices or to another vertex that does not relay (a
    /// dual-homed GPU, a GPU on two rails, a CPU on two planes). Otherwise the components of the whole graph are
    /// exactly the groups of accelerators that reach each other, under any failure.
    /// - Complexity: O(V + E).
    public var forwardingSplitsComponents: Bool {
        if allRelay { return false }
        for vertex in 0..<vertexCount where !relays[vertex] {
            var relayNeighbour: Int32 = -1
            for arc in arcs(from: Int32(vertex)) {
                let w = head[Int(arc)]
                if !relays[Int(w)] { return true }
                if relayNeighbour < 0 { relayNeighbour = w } else if relayNeighbour != w { return true }
            }
        }
        return false
    }

    /// Which live accelerators reach each other under `mask` and the forwarding model, counting only the
    /// accelerators `counted` accepts (all live ones when nil).
    ///
    /// Relay components are the components of the live relaying vertices. An accelerator's signature is its own
    /// relay component when it relays, else the set of relay components of its live neighbours; two accelerators
    /// reach each other exactly when their signatures meet or a live cable joins them. Pairs are counted per
    /// distinct signature with an inverted index from relay components to signatures.
    /// - Complexity: O(V + E + Σ over distinct signatures g of Σ over c ∈ g of the signatures holding c).
    public func forwardingReach(under mask: FailureMask? = nil, counted: [Bool]? = nil) -> ForwardingReach {
        let alive = aliveArcs(under: mask)
        let vertexAlive = aliveVertices(under: mask)
        let n = vertexCount
        // Relay components.
        var component = [Int32](repeating: -1, count: n)
        var componentCount: Int32 = 0
        var stack: [Int32] = []
        for start in 0..<n where vertexAlive[start] && mayRelay(start) && component[start] < 0 {
            component[start] = componentCount
            stack.append(Int32(start))
            while let v = stack.popLast() {
                for arc in arcs(from: v) where alive[Int(arc)] {
                    let w = Int(head[Int(arc)])
                    if component[w] < 0 && mayRelay(w) {
                        component[w] = componentCount
                        stack.append(Int32(w))
                    }
                }
            }
            componentCount += 1
        }
        // Signatures of the counted accelerators.
        var members: [Int32] = []
        for vertex in accelerators where vertexAlive[Int(vertex)] && (counted?[Int(vertex)] ?? true) { members.append(vertex) }
        var signatureIndex: [[Int32]: Int32] = [:]
        var signatures: [[Int32]] = []
        var signatureSize: [Int] = []
        var signatureOf = [Int32](repeating: -1, count: n)
        var scratch: [Int32] = []
        var directPairs: [(Int32, Int32)] = []
        for a in members {
            scratch.removeAll(keepingCapacity: true)
            if mayRelay(Int(a)) {
                scratch.append(component[Int(a)])
            } else {
                for arc in arcs(from: a) where alive[Int(arc)] {
                    let w = Int(head[Int(arc)])
                    if mayRelay(w) {
                        scratch.append(component[w])
                    } else if isAccelerator[w], Int32(w) > a, counted?[w] ?? true {
                        directPairs.append((a, Int32(w)))
                    }
                }
                scratch.sort()
                var unique = 0
                for value in scratch where unique == 0 || scratch[unique - 1] != value {
                    scratch[unique] = value
                    unique += 1
                }
                scratch.removeLast(scratch.count - unique)
            }
            // An empty signature (no relaying neighbour) is never shared: such accelerators reach only the ones
            // cabled to them, so each gets its own entry.
            let index: Int32
            if !scratch.isEmpty, let known = signatureIndex[scratch] {
                index = known
            } else {
                index = Int32(signatures.count)
                if !scratch.isEmpty { signatureIndex[scratch] = index }
                signatures.append(scratch)
                signatureSize.append(0)
            }
            signatureSize[Int(index)] += 1
            signatureOf[Int(a)] = index
        }
        // Inverted index: relay component -> signatures holding it.
        var holders = [[Int32]](repeating: [], count: Int(componentCount))
        for (index, signature) in signatures.enumerated() {
            for c in signature { holders[Int(c)].append(Int32(index)) }
        }
        // Connected pairs, and the parts (union-find over signatures sharing a component).
        var parent = [Int32](0..<Int32(signatures.count))
        func root(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        func union(_ x: Int32, _ y: Int32) {
            let a = root(x)
            let b = root(y)
            if a != b { parent[Int(max(a, b))] = min(a, b) }
        }
        var stamp = [Int32](repeating: -1, count: signatures.count)
        var connected = 0
        for g in signatures.indices where !signatures[g].isEmpty {
            let size = signatureSize[g]
            connected += size * (size - 1) / 2
            stamp[g] = Int32(g)
            for c in signatures[g] {
                for h in holders[Int(c)] where stamp[Int(h)] != Int32(g) {
                    stamp[Int(h)] = Int32(g)
                    if Int(h) > g { connected += size * signatureSize[Int(h)] }
                    union(Int32(g), h)
                }
            }
        }
        // Cables between accelerators that do not relay: those pairs reach each other directly.
        directPairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var previous: (Int32, Int32) = (-1, -1)
        for pair in directPairs where pair != previous {
            previous = pair
            let g = signatures[Int(signatureOf[Int(pair.0)])]
            let h = signatures[Int(signatureOf[Int(pair.1)])]
            var meet = false
            var i = 0
            var j = 0
            while i < g.count && j < h.count {
                if g[i] == h[j] {
                    meet = true
                    break
                }
                if g[i] < h[j] { i += 1 } else { j += 1 }
            }
            if !meet { connected += 1 }
            union(signatureOf[Int(pair.0)], signatureOf[Int(pair.1)])
        }
        // Parts numbered by their lowest accelerator.
        var partOfRoot = [Int32](repeating: -1, count: signatures.count)
        var partOf = [Int32](repeating: -1, count: n)
        var partSizes: [Int] = []
        for a in members {
            let r = Int(root(signatureOf[Int(a)]))
            if partOfRoot[r] < 0 {
                partOfRoot[r] = Int32(partSizes.count)
                partSizes.append(0)
            }
            partOf[Int(a)] = partOfRoot[r]
            partSizes[Int(partOfRoot[r])] += 1
        }
        return ForwardingReach(
            accelerators: members.count, connectedPairs: connected, partOf: partOf, partSizes: partSizes,
            component: component, signatures: signatures, signatureOf: signatureOf,
            signatureSize: signatureSize, holders: holders, directCables: !directPairs.isEmpty)
    }
}
