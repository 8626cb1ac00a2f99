import FabricModel

/// The per-accelerator hose on every switch plane on its own, added to the cut of the accelerators' own cables (a
/// scale-up mesh): keeps the bound tight when a multi-plane design misses links in several planes.
///
/// **Argument.** Partition the usable cables: a *plane* is a connected component of the cables between
/// non-accelerators (switches), with the accelerators' cables to its switches; the cables between two accelerators
/// form the *mesh*. No cable is in two parts, so for any split (S, T) the capacity crossing from S to T (and from T to
/// S) is at least Σ_p cross_p(S) + mesh(S), mesh(S) counting each mesh cable by its smaller direction. In plane p
/// alone the per-accelerator hose (`WeightedHose`: hub routing within the plane) gives rates y_p with
/// cross_p(S) ≥ min(Σ_S y_p, Σ_T y_p) for every split, balanced or not (the transportation demand between the two
/// sides, routed within the plane); an accelerator without a cable into the plane has rate 0 there. Choosing per plane
/// which of the two sums is the smaller (a side choice σ),
///
///     cut(S) ≥ min over σ of [ Σ_{s ∈ S} a_σ(s) + Σ_{t ∈ T} b_σ(t) + mesh(S) ],
///
/// with a_σ(s) the sum of s's rates in the planes σ charges to S and b_σ(s) the rest. For one σ, the minimum over the
/// splits with |S| = k = ⌊n/2⌋ is bounded below by relaxing the balance (Lagrange): for every λ,
///
///     L(λ) = λ·k + Σ_s b_σ(s) + Σ_{atoms A} min over U ⊆ A of [ Σ_{s ∈ U} (a_σ(s) − b_σ(s) − λ) + mesh(U, A ∖ U) ]
///
/// is at most that minimum (weak duality), the atoms being the connected components of the mesh; the inner minimum is
/// a minimum cut on the atom (Picard & Ratliff 1975). L is concave in λ, so λ is searched by bisection on the
/// supergradient k − |U|. The certificate is the minimum over σ of the best L found, less a relative 10⁻¹⁰ for rounding.
///
/// What it gains over one hose on the whole design or on a repaired copy: a missing link costs only its own plane,
/// and only when the split puts the accelerators it serves on the side the plane's sum is taken from; since a split
/// rarely cuts through an atom (a rack's mesh), it can exploit the damage of about half of the atoms, not all of it.
enum PlaneHose {
    /// At most this many planes with a side choice (2^planes side choices).
    static let maxPlanes = 8
    /// A plane that reaches at most this many accelerators (a server's NVSwitch chip) joins the atoms with its cables.
    static let localLimit = 128
    /// Largest atom handled (vertices): one minimum cut per atom, λ and side choice.
    static let maxAtom = 1_100

    /// The certificate, or nil when the design has no plane beyond `localLimit` accelerators or more than
    /// `maxPlanes`, one such plane and no cable among the atoms, an atom larger than `maxAtom`, or no rates.
    /// - Parameters:
    ///   - live: every live accelerator (stranded ones included: they count in the balance with rate 0).
    ///   - localLimit: planes reaching at most this many accelerators join the atoms.
    /// - Complexity: O(planes · (V + E)) for the plane masks, the per-plane hose (O(rounds · |classes| · (V + E))),
    ///   then O(2^planes · 80 · (n + minimum cuts of the atoms whose accelerators' costs have mixed signs)).
    static func certificate(
        graph: CSRGraph, topology: Topology?, mask: FailureMask?, live: [Int32], rounds: Int, maxWork: Int, localLimit: Int = localLimit
    ) -> BisectionCertificate? {
        guard live.count >= 2 else { return nil }
        let (planeOf, attached) = planes(graph: graph, topology: topology, mask: mask)
        let isLocal = attached.map { $0 <= localLimit }
        let big = attached.indices.filter { !isLocal[$0] }
        guard !big.isEmpty, big.count <= maxPlanes else { return nil }
        guard let atoms = Atoms(graph: graph, mask: mask, live: live, planeOf: planeOf, isLocal: isLocal), atoms.largest <= maxAtom,
            big.count >= 2 || atoms.cables > 0
        else { return nil }
        var rates: [[Double]] = []
        var planeBounds: [Double] = []
        for plane in big {
            let (found, bound) = planeRates(
                graph: graph, topology: topology, mask: mask, planeOf: planeOf, plane: Int32(plane), rounds: rounds, maxWork: maxWork)
            rates.append(found)
            planeBounds.append(bound)
        }
        guard planeBounds.contains(where: { $0 > 0 }) else { return nil }
        var search = SideChoiceSearch(atoms: atoms, live: live, rates: rates)
        let bound = search.bound() * (1 - 1e-10)
        guard bound > 0 else { return nil }
        let perPlane = planeBounds.map { bisectionRateText($0) }.joined(separator: ", ")
        let local = isLocal.filter { $0 }.count
        let localText = local > 0 ? ", and of \(local) planes of at most \(localLimit) accelerators" : ""
        return BisectionCertificate(
            kind: .planeHose, bound: bound,
            detail: "\(big.count) switch plane\(big.count == 1 ? "" : "s"), hose with a rate per accelerator in each (alone: \(perPlane)), "
                + "plus the cut of \(atoms.cables) other cables (accelerator to accelerator\(localText)) in \(atoms.count) groups "
                + "(largest \(atoms.largest) devices); worst of \(1 << big.count) side choices, balance by Lagrangian relaxation")
    }

    /// Connected components of the usable cables between live switches (every non-accelerator when `topology` is
    /// nil; other devices such as CPUs, and their cables, are left out) that reach at least two live accelerators,
    /// numbered 0..<count in vertex order, with the accelerators each reaches; -1 for every other vertex.
    /// - Complexity: O(V + E).
    static func planes(graph: CSRGraph, topology: Topology?, mask: FailureMask?) -> (planeOf: [Int32], attached: [Int]) {
        var sets = UnionFind(count: graph.vertexCount)
        let dead = { (vertex: Int) in mask?.devices[vertex] ?? false }
        let roles = topology.flatMap { $0.devices.count == graph.vertexCount ? $0 : nil }
        let isSwitch = (0..<graph.vertexCount).map { vertex in
            !graph.isAccelerator[vertex] && !dead(vertex) && (roles.map { $0.devices[vertex].role == .switch } ?? true)
        }
        for vertex in 0..<Int32(graph.vertexCount) where isSwitch[Int(vertex)] {
            for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: mask) {
                let head = graph.head[Int(arc)]
                guard isSwitch[Int(head)] else { continue }
                sets.union(Int(vertex), Int(head))
            }
        }
        // Distinct live accelerators attached to each component.
        var attached = [Int](repeating: 0, count: graph.vertexCount)
        var lastSeen = [Int32](repeating: -1, count: graph.vertexCount)
        for accelerator in graph.accelerators where !dead(Int(accelerator)) {
            for arc in graph.arcs(from: accelerator) where graph.isUsable(arc: arc, tail: accelerator, under: mask) {
                let head = graph.head[Int(arc)]
                guard isSwitch[Int(head)] else { continue }
                let root = sets.find(Int(head))
                if lastSeen[root] != accelerator {
                    lastSeen[root] = accelerator
                    attached[root] += 1
                }
            }
        }
        var label = [Int32](repeating: -1, count: graph.vertexCount)
        var planeOf = [Int32](repeating: -1, count: graph.vertexCount)
        var counts: [Int] = []
        for vertex in 0..<graph.vertexCount where isSwitch[vertex] {
            let root = sets.find(vertex)
            guard attached[root] >= 2 else { continue }
            if label[root] < 0 {
                label[root] = Int32(counts.count)
                counts.append(attached[root])
            }
            planeOf[vertex] = label[root]
        }
        return (planeOf, counts)
    }

    /// The per-accelerator hose rates of one plane alone (every cable outside it failed; accelerators without a
    /// cable into it failed too, rate 0), from the best hub set by Σ of the ⌊n_p/2⌋ smallest rates, and that sum.
    /// - Complexity: O(V + E) for the mask, then the weighted hose per hub set.
    static func planeRates(
        graph: CSRGraph, topology: Topology?, mask: FailureMask?, planeOf: [Int32], plane: Int32, rounds: Int, maxWork: Int
    ) -> (rates: [Double], bound: Double) {
        var planeMask = mask ?? FailureMask(for: graph)
        var weights = [Double](repeating: 0, count: graph.vertexCount)
        for vertex in 0..<Int32(graph.vertexCount) {
            let own = planeOf[Int(vertex)]
            if !graph.isAccelerator[Int(vertex)] && own != plane { planeMask.failDevice(vertex) }
            var out = 0.0
            var into = 0.0
            for arc in graph.arcs(from: vertex) {
                let head = graph.head[Int(arc)]
                let arcPlane = graph.isAccelerator[Int(vertex)] ? planeOf[Int(head)] : own
                if arcPlane != plane {
                    planeMask.failLink(graph.link[Int(arc)])
                } else if graph.isAccelerator[Int(vertex)], graph.isUsable(arc: arc, tail: vertex, under: mask) {
                    out += graph.capacity[Int(arc)]
                    into += graph.capacity[Int(graph.reverse[Int(arc)])]
                }
            }
            weights[Int(vertex)] = min(out, into)
        }
        var members: [Int32] = []
        for accelerator in graph.accelerators where !(mask?.devices[Int(accelerator)] ?? false) {
            if weights[Int(accelerator)] > 0 { members.append(accelerator) } else { planeMask.failDevice(accelerator) }
        }
        var best: (rates: [Double], bound: Double) = ([Double](repeating: 0, count: graph.vertexCount), 0)
        guard members.count >= 2 else { return best }
        for candidate in HoseCertificate.hubCandidates(graph: graph, topology: topology, mask: planeMask) {
            if HoseCertificate.isMesh(graph: graph, mask: planeMask, hubs: candidate.hubs) { continue }
            guard
                let found = WeightedHose.bestRates(
                    graph: graph, mask: planeMask, hubs: candidate.hubs, live: members, weights: weights, rounds: rounds,
                    enough: .infinity, maxWork: maxWork),
                found.bound > best.bound
            else { continue }
            best = (found.rates, found.bound)
        }
        return best
    }
}

/// The atoms of `PlaneHose`: connected components of the cables between live accelerators (the mesh) and of the
/// cables of the local planes (whose switches join as free vertices), each as a small local graph for the minimum cuts.
struct Atoms {
    /// Members of atom i: `members[start[i]..<start[i + 1]]` (accelerators and local-plane switches).
    var members: [Int32] = []
    var start: [Int] = [0]
    /// Whether each member (by position) is an accelerator (else a free switch).
    var isAccelerator: [Bool] = []
    /// Local arcs of member p (a position in `members`): `adjacency[p]..<adjacency[p + 1]`, each to the position
    /// `neighbour[j]` with `weight[j]` the smaller direction of that cable's capacity; arc j's reverse is `twin[j]`.
    var adjacency: [Int] = [0]
    var neighbour: [Int32] = []
    var weight: [Double] = []
    var twin: [Int32] = []
    var cables = 0

    var count: Int { start.count - 1 }
    var largest: Int { (0..<count).map { start[$0 + 1] - start[$0] }.max() ?? 0 }

    /// Groups `live` and the switches of the local planes by those cables; nil when `live` is empty.
    /// - Complexity: O(V + E).
    init?(graph: CSRGraph, mask: FailureMask?, live: [Int32], planeOf: [Int32], isLocal: [Bool]) {
        var inside = [Bool](repeating: false, count: graph.vertexCount)
        for vertex in live { inside[Int(vertex)] = true }
        for vertex in 0..<graph.vertexCount where planeOf[vertex] >= 0 && isLocal[Int(planeOf[vertex])] { inside[vertex] = true }
        // Breadth-first from each live accelerator over cables between two atom vertices (members contiguous).
        var seen = [Bool](repeating: false, count: graph.vertexCount)
        for root in live where !seen[Int(root)] {
            seen[Int(root)] = true
            members.append(root)
            var head = members.count - 1
            while head < members.count {
                let vertex = members[head]
                head += 1
                for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: mask) {
                    let next = Int(graph.head[Int(arc)])
                    guard inside[next], !seen[next] else { continue }
                    seen[next] = true
                    members.append(Int32(next))
                }
            }
            start.append(members.count)
        }
        guard !members.isEmpty else { return nil }
        isAccelerator = members.map { graph.isAccelerator[Int($0)] }
        var position = [Int32](repeating: -1, count: graph.vertexCount)
        for (index, vertex) in members.enumerated() { position[Int(vertex)] = Int32(index) }
        // Local arc of each usable graph arc between two atom vertices, to pair every local arc with its reverse.
        var localArc = [Int32](repeating: -1, count: graph.arcCount)
        for vertex in members {
            for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: mask) {
                let next = Int(graph.head[Int(arc)])
                guard position[next] >= 0, next != Int(vertex) else { continue }
                let capacity = min(graph.capacity[Int(arc)], graph.capacity[Int(graph.reverse[Int(arc)])])
                guard capacity > 0 else { continue }
                localArc[Int(arc)] = Int32(neighbour.count)
                neighbour.append(position[next])
                weight.append(capacity)
                if Int(vertex) < next { cables += 1 }
            }
            adjacency.append(neighbour.count)
        }
        twin = [Int32](repeating: -1, count: neighbour.count)
        for vertex in members {
            for arc in graph.arcs(from: vertex) where localArc[Int(arc)] >= 0 {
                twin[Int(localArc[Int(arc)])] = localArc[Int(graph.reverse[Int(arc)])]
            }
        }
        // The reverse of a usable cable is usable with the same smaller direction; an arc without one carries nothing.
        for arc in twin.indices where twin[arc] < 0 { weight[arc] = 0 }
    }
}
