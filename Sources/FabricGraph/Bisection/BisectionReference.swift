import FabricModel

/// A related design with a proven lower bound of its bisection (the healthy design behind a failure state, the other
/// version of a diff), from which `certificate(for:graph:)` bounds another design by the capacity that design lacks.
public struct BisectionReference: Sendable {
    /// The related design.
    public let topology: Topology
    /// Its CSR graph.
    public let graph: CSRGraph
    /// A proven lower bound of its minimum bisection, bit/s (cables when it declares no bandwidth).
    public let lower: Double
    /// How the certificate names it (`the design`, `the old version`).
    public let name: String

    /// Creates a reference from a bound already proven for `topology`.
    public init(topology: Topology, graph: CSRGraph, lower: Double, name: String) {
        self.topology = topology
        self.graph = graph
        self.lower = lower
        self.name = name
    }

    /// The reference of `topology` with its bracket computed here (`fast` effort, no failures).
    /// - Complexity: that of `BisectionBracket.compute`.
    public static func bracketing(_ topology: Topology, name: String) -> BisectionReference {
        let graph = CSRGraph(topology)
        return BisectionReference(topology: topology, graph: graph, lower: BisectionBracket.compute(graph: graph, topology: topology).lower, name: name)
    }

    /// The healthy-minus-failures certificate for `topology`, devices matched by id: nil when it does not apply (an
    /// accelerator of `topology` that is not one of the reference, a device that changed between accelerator and not,
    /// duplicate ids, or bandwidths declared in one design only).
    ///
    /// Take a minimum bisection of `topology`. Devices of both designs keep their side; the reference's accelerators
    /// that `topology` lacks go to the smaller side one at a time (the split stays balanced), its other devices
    /// anywhere. Between two common devices the reference's capacity in a direction exceeds `topology`'s by at most
    /// the deficit of that pair, a cable at a device `topology` lacks by at most its capacity, and the cables only
    /// `topology` has can only add to its cut. So the reference's cut, hence its minimum bisection, is at most this
    /// design's minimum bisection plus the deficit, and this design's is at least `lower` minus the deficit (the
    /// monotonicity of `BisectionBracket.monotoneBound`, across two files).
    /// - Complexity: O(V + E) of both graphs, one hash lookup per device.
    public func certificate(for topology: Topology, graph target: CSRGraph) -> BisectionCertificate? {
        guard target.hasBandwidth == graph.hasBandwidth, let mapped = mapping(to: topology, graph: target) else { return nil }
        let deficit = self.deficit(to: target, mapped: mapped)
        let text = { (value: Double) in graph.hasBandwidth ? bisectionRateText(value) : bisectionNumberText(value) + " cables" }
        return BisectionCertificate(
            kind: .healthyMinusFailures, bound: max(0, lower - deficit.capacity),
            detail: "\(name)'s lower bound \(text(lower)) minus \(text(deficit.capacity)) of capacity this design lacks "
                + "(\(deficit.places) cable\(deficit.places == 1 ? "" : "s") or device pairs)")
    }

    /// For each reference vertex its vertex in `topology` (or -1), nil when the designs' accelerators do not match.
    private func mapping(to topology: Topology, graph target: CSRGraph) -> [Int32]? {
        var index: [String: Int32] = [:]
        index.reserveCapacity(topology.devices.count)
        for (vertex, device) in topology.devices.enumerated() {
            guard index.updateValue(Int32(vertex), forKey: device.id) == nil else { return nil }
        }
        var mapped = [Int32](repeating: -1, count: graph.vertexCount)
        var matchedAccelerators = 0
        var seen = Set<String>()
        for (vertex, device) in self.topology.devices.enumerated() {
            guard seen.insert(device.id).inserted else { return nil }
            guard let other = index[device.id] else { continue }
            guard graph.isAccelerator[vertex] == target.isAccelerator[Int(other)] else { return nil }
            mapped[vertex] = other
            if graph.isAccelerator[vertex] { matchedAccelerators += 1 }
        }
        // Every accelerator of `topology` must be one of the reference's (an added one would change the balance).
        return matchedAccelerators == target.accelerators.count ? mapped : nil
    }

    /// Σ over device pairs of the largest directional excess of the reference's capacity over `target`'s.
    private func deficit(to target: CSRGraph, mapped: [Int32]) -> (capacity: Double, places: Int) {
        var referenceOut = [Double](repeating: 0, count: target.vertexCount)
        var referenceIn = referenceOut
        var targetOut = referenceOut
        var targetIn = referenceOut
        var inReference = [Bool](repeating: false, count: target.vertexCount)
        var touched: [Int32] = []
        var capacity = 0.0
        var places = 0
        for vertex in 0..<Int32(graph.vertexCount) {
            let tail = mapped[Int(vertex)]
            for arc in graph.arcs(from: vertex) where graph.head[Int(arc)] > vertex {
                let forward = graph.capacity[Int(arc)]
                let backward = graph.capacity[Int(graph.reverse[Int(arc)])]
                let head = mapped[Int(graph.head[Int(arc)])]
                guard tail >= 0, head >= 0 else {
                    capacity += max(forward, backward)
                    places += 1
                    continue
                }
                if !inReference[Int(head)] {
                    inReference[Int(head)] = true
                    touched.append(head)
                }
                referenceOut[Int(head)] += forward
                referenceIn[Int(head)] += backward
            }
            guard tail >= 0, !touched.isEmpty else { continue }
            for arc in target.arcs(from: tail) where inReference[Int(target.head[Int(arc)])] {
                targetOut[Int(target.head[Int(arc)])] += target.capacity[Int(arc)]
                targetIn[Int(target.head[Int(arc)])] += target.capacity[Int(target.reverse[Int(arc)])]
            }
            for head in touched.map({ Int($0) }) {
                let excess = max(referenceOut[head] - targetOut[head], referenceIn[head] - targetIn[head], 0)
                if excess > 0 {
                    capacity += excess
                    places += 1
                }
                (referenceOut[head], referenceIn[head], targetOut[head], targetIn[head], inReference[head]) = (0, 0, 0, 0, false)
            }
            touched.removeAll(keepingCapacity: true)
        }
        return (capacity, places)
    }
}
