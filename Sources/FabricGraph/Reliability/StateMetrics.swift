import FabricModel

/// The bisection metric's design-wide data: the healthy design's proven lower bound and each link's capacity as the
/// healthy-minus-failures certificate counts it.
///
/// Under a failure state the failed fabric's minimum bisection is at least `lower − lost`, lost = Σ over the links
/// the state makes unusable (failed links and every link at a failed device) of max(capacity one way, the other way)
/// (`BisectionBracket.monotoneBound`, the argument of `BisectionReference.certificate`: extend a minimum bisection of
/// the failed fabric to the healthy one; its cut grows by at most the failed capacity). The per-state sum visits the
/// failed elements and their incident arcs only.
struct BisectionMetric: Sendable {
    /// Proven lower bound of the healthy minimum bisection (bit/s, or cables when no bandwidth is declared).
    let lower: Double
    /// max(forward, backward) capacity of each link, summed over its cables.
    let linkLoss: [Double]

    /// - Complexity: that of `BisectionBracket.compute` (fast effort) plus O(E).
    init(graph: CSRGraph, topology: Topology) {
        self.init(graph: graph, lower: BisectionBracket.compute(graph: graph, topology: topology).lower)
    }

    /// - Complexity: O(E).
    init(graph: CSRGraph, lower: Double) {
        self.lower = lower
        var forward = [Double](repeating: 0, count: graph.linkCount)
        var backward = forward
        for vertex in 0..<Int32(graph.vertexCount) {
            for arc in graph.arcs(from: vertex) {
                let link = Int(graph.link[Int(arc)])
                if vertex < graph.head[Int(arc)] { forward[link] += graph.capacity[Int(arc)] } else { backward[link] += graph.capacity[Int(arc)] }
            }
        }
        linkLoss = zip(forward, backward).map { max($0, $1) }
    }

    /// Capacity the state makes unusable, each link once (`stamp` marks the links counted in this state).
    /// - Complexity: O(failed links + Σ degrees of the failed devices).
    func lost(graph: CSRGraph, links: [Int32], devices: [Int32], linkStamp: inout [Int32], stamp: Int32) -> Double {
        var lost = 0.0
        for link in links where linkStamp[Int(link)] != stamp {
            linkStamp[Int(link)] = stamp
            lost += linkLoss[Int(link)]
        }
        for device in devices {
            for arc in graph.arcs(from: device) where linkStamp[Int(graph.link[Int(arc)])] != stamp {
                linkStamp[Int(graph.link[Int(arc)])] = stamp
                lost += linkLoss[Int(graph.link[Int(arc)])]
            }
        }
        return lost
    }

    /// The loss the certificate allows, in parts per million of the healthy lower bound: the failed fabric keeps at
    /// least (1 − loss) × `lower`.
    func lossPPM(lost: Double) -> Int64 {
        guard lower > 0 else { return 0 }
        return Int64((min(lost, lower) / lower * 1e6).rounded())
    }
}

extension ReliabilityContext {
    /// The bisection metric of the state in `scratch` (mask and failed elements set).
    func bisectionLoss(_ scratch: inout StateScratch) -> Int64 {
        guard let bisection else { return 0 }
        let lost = bisection.lost(
            graph: baseline.graph, links: scratch.failedLinks, devices: scratch.failedDevices,
            linkStamp: &scratch.linkStamp, stamp: scratch.stamp)
        return bisection.lossPPM(lost: lost)
    }

    /// The traffic metric of the state in `scratch`: the fall of uniform all-to-all ECMP throughput (1 ÷ highest
    /// link utilization, `TrafficSweeper`) against the healthy design, in parts per million of the healthy
    /// throughput, 0 when it does not fall. The healthy loads are patched per affected destination
    /// (`IncrementalECMP`); only when the patch is unavailable is the state rerouted.
    /// - Complexity: that of `TrafficSweeper.patchedImpact`, one routing at worst.
    func trafficLoss(_ scratch: inout StateScratch) -> Int64 {
        guard let traffic else { return 0 }
        var impact: TrafficImpact?
        if traffic.isIncremental {
            if scratch.trafficWork == nil {
                scratch.trafficWork = IncrementalWorkspace(vertexCount: baseline.graph.vertexCount, arcCount: baseline.graph.arcCount)
            }
            if var work = scratch.trafficWork {
                scratch.trafficWork = nil
                impact = traffic.patchedImpact(links: scratch.failedLinks, devices: scratch.failedDevices, work: &work)
                scratch.trafficWork = work
            }
        }
        let figures = impact ?? traffic.impact(under: scratch.mask)
        return Self.throughputLossPPM(before: figures.throughputBefore, after: figures.throughputAfter)
    }

    /// 1 − after ÷ before in parts per million, clamped to [0, 10⁶].
    static func throughputLossPPM(before: Double, after: Double) -> Int64 {
        guard before > 0 else { return 0 }
        return Int64((min(1, max(0, 1 - after / before)) * 1e6).rounded())
    }
}
