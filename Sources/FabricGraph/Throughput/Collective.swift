import FabricModel

/// Collective operations, as nccl-tests names them.
public enum CollectiveOperation: String, Sendable, CaseIterable {
    case allReduce = "all-reduce"
    case allGather = "all-gather"
    case reduceScatter = "reduce-scatter"
    case allToAll = "all-to-all"
    case broadcast

    /// nccl-tests' bus-bandwidth factor (doc/PERFORMANCE.md): busbw = algbw × factor for n ranks.
    public func busFactor(ranks n: Int) -> Double {
        guard n > 1 else { return 1 }
        switch self {
        case .allReduce: return 2 * Double(n - 1) / Double(n)
        case .allGather, .reduceScatter, .allToAll: return Double(n - 1) / Double(n)
        case .broadcast: return 1
        }
    }
}

/// Collective algorithms of the α–β model.
public enum CollectiveAlgorithm: String, Sendable, CaseIterable {
    /// Ring in rank order (NCCL ring; ASTRA-sim Ring).
    case ring
    /// NCCL's double binary tree (all-reduce; one tree for broadcast).
    case tree
    /// Recursive halving and doubling (Thakur, Rabenseifner & Gropp 2005); ranks a power of two.
    case halvingDoubling = "halving-doubling"
    /// Every rank exchanges with every other at once (ASTRA-sim Direct; NCCL's all-to-all).
    case direct
    /// Ring reduce-scatter inside each rack, ring all-reduce across racks, ring all-gather inside (all-reduce only).
    case hierarchical
}

/// One algorithm's estimate.
public struct CollectiveEstimate: Sendable, Equatable {
    /// The algorithm.
    public let algorithm: CollectiveAlgorithm
    /// Estimated completion time.
    public let seconds: Double
    /// nccl-tests' algorithm bandwidth: size ÷ time, in bit/s.
    public let algBandwidthBps: Double
    /// nccl-tests' bus bandwidth: algBandwidth × the operation's factor, in bit/s.
    public let busBandwidthBps: Double
    /// Steps (α terms) of the schedule.
    public let steps: Int
    /// The latency part of `seconds` (Σ α of the steps).
    public let latencySeconds: Double
    /// The per-flow rate of the slowest step under routed contention, bit/s.
    public let bottleneckBps: Double
}

/// An algorithm the model could not estimate, and why.
public struct CollectiveSkip: Sendable, Equatable {
    public let algorithm: CollectiveAlgorithm
    public let reason: String
}

/// Parameters of the α–β model.
public struct CollectiveOptions: Sendable {
    /// Software latency per step (NCCL's base latency), seconds; added to the path latency of each step.
    public var alphaSeconds: Double
    /// Routing of every step's flows.
    public var scheme: RoutingScheme
    /// Budget of arc visits for the per-flow routing of the explicit steps (larger schedules are skipped).
    public var workLimit: Double

    /// Defaults: α = 0 (the design's link latencies only), ECMP, 4·10⁹ arc visits.
    public init(alphaSeconds: Double = 0, scheme: RoutingScheme = .ecmp, workLimit: Double = 4e9) {
        self.alphaSeconds = alphaSeconds
        self.scheme = scheme
        self.workLimit = workLimit
    }
}

/// α–β estimates of collectives with contention from routed link loads (Hockney 1994; Thakur et al. 2005; NCCL).
///
/// Every step of a schedule is a set of concurrent flows. The flows are routed (ECMP by default, equal split per hop)
/// with one unit each; with ρ the largest load ÷ capacity over the cables, every flow of the step gets r = 1/ρ bit/s
/// (flows share the bottleneck equally, the `analyze` notion of throughput). A step moving m bytes per flow costs
/// α + 8m/r, with α = `alphaSeconds` + the step's longest path in hops × the design's largest link latency. Shapes:
/// ring all-reduce 2(n−1) steps of S/n; ring reduce-scatter and all-gather n−1 steps of S/n; ring broadcast
/// pipelined, (n−1)·α + 8S/r; direct: one step of S/n per pair (twice for all-reduce); halving-doubling log₂ n steps
/// of S/2, S/4, … (twice for all-reduce); double binary tree all-reduce 2⌈log₂ n⌉·α + 8(S/2)/r with both trees'
/// edges active in both directions; hierarchical: ring reduce-scatter in racks, ring all-reduce of S/g across them,
/// ring all-gather in racks. S is nccl-tests' size (the whole buffer; for all-to-all the buffer each rank sends).
/// On a uniform ring, a fully connected mesh and a single switch with one link per rank these are the formulas of
/// ASTRA-sim's congestion-unaware analytical backend (hops × link latency + size ÷ bandwidth per send).
public enum CollectiveAnalysis {
    /// Estimates `operation` of `bytes` over `ranks` (device indices, in rank order) for each algorithm.
    /// - Complexity: per explicit step, O(Σ over flows of the ball searched around the destination); direct
    ///   steps use the symmetry-reduced uniform routing (`CSRGraph.route`).
    public static func estimate(
        graph: CSRGraph, topology: Topology, ranks: [Int32], operation: CollectiveOperation, bytes: Double,
        algorithms: [CollectiveAlgorithm], mask: FailureMask? = nil,
        options: CollectiveOptions = CollectiveOptions()
    ) -> (estimates: [CollectiveEstimate], skipped: [CollectiveSkip]) {
        var model = StepModel(graph: graph, topology: topology, mask: mask, options: options)
        var estimates: [CollectiveEstimate] = []
        var skipped: [CollectiveSkip] = []
        let n = ranks.count
        for algorithm in algorithms {
            guard n > 1 else {
                skipped.append(CollectiveSkip(algorithm: algorithm, reason: "fewer than two ranks"))
                continue
            }
            let schedule = Schedules.build(algorithm, operation: operation, ranks: ranks, bytes: bytes, topology: topology)
            switch schedule {
            case .failure(let reason):
                skipped.append(CollectiveSkip(algorithm: algorithm, reason: reason))
            case .steps(let steps):
                var seconds = 0.0
                var latency = 0.0
                var bottleneck = Double.infinity
                var count = 0
                var failure: String?
                for step in steps {
                    guard let cost = model.cost(step.flows) else {
                        failure = model.failure ?? "a flow has no path"
                        break
                    }
                    let alpha = options.alphaSeconds + cost.pathLatency
                    seconds += Double(step.repeats) * (alpha + 8 * step.bytesPerFlow / cost.rate + step.extraSeconds(cost.rate))
                    latency += Double(step.repeats) * alpha
                    bottleneck = min(bottleneck, cost.rate)
                    count += step.repeats
                }
                if let failure {
                    skipped.append(CollectiveSkip(algorithm: algorithm, reason: failure))
                    continue
                }
                let algBandwidth = seconds > 0 ? 8 * bytes / seconds : .infinity
                estimates.append(
                    CollectiveEstimate(
                        algorithm: algorithm, seconds: seconds, algBandwidthBps: algBandwidth,
                        busBandwidthBps: algBandwidth * operation.busFactor(ranks: n), steps: count,
                        latencySeconds: latency, bottleneckBps: bottleneck))
            }
        }
        return (estimates, skipped)
    }
}

/// The concurrent flows of one step of a schedule, repeated `repeats` times.
struct CollectiveStep {
    enum Flows {
        /// Every ordered pair of the ranks.
        case allPairs([Int32])
        /// An explicit list of (source, target).
        case pairs([(Int32, Int32)])
    }

    let flows: Flows
    let bytesPerFlow: Double
    let repeats: Int
    /// Bytes streamed once at the step's rate after its repeats (a pipelined broadcast's payload).
    var pipelinedBytes = 0.0

    func extraSeconds(_ rate: Double) -> Double { pipelinedBytes > 0 ? 8 * pipelinedBytes / rate / Double(repeats) : 0 }
}

extension CollectiveAnalysis {
    /// The ranks of `--ranks`, in rank order: `all` (the connected accelerators), `KEY=VALUE[,KEY=VALUE]` (the
    /// accelerators whose attributes all match, e.g. `pod=3`), or `listText`, one device id per line (`#` comments),
    /// read from `file`.
    /// - Throws: `GraphError.unknownDevice` with the line of an unknown id, `.routingUnavailable` when nothing matches.
    /// - Complexity: O(V) per condition, O(lines) for a list.
    public static func ranks(_ spec: String, topology: Topology, graph: CSRGraph, listText: String?, file: String) throws(GraphError) -> [Int32] {
        if let listText {
            var ranks: [Int32] = []
            for (offset, raw) in listText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = String(raw).trimmingASCIIWhitespace()
                if line.isEmpty || line.hasPrefix("#") { continue }
                guard let index = topology.deviceIndex(forID: line) else {
                    throw .unknownDevice(line, location: SourceLocation(file: file, line: offset + 1, column: 1))
                }
                ranks.append(index)
            }
            guard !ranks.isEmpty else { throw .routingUnavailable("\(file) lists no ranks") }
            return ranks
        }
        if spec == "all" { return TrafficAnalysis.connectedAccelerators(graph: graph, mask: nil) }
        var conditions: [(String, String)] = []
        for part in spec.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingASCIIWhitespace() }
            guard pieces.count == 2, !pieces[0].isEmpty else {
                throw .routingUnavailable("--ranks '\(spec)': expected all, KEY=VALUE[,KEY=VALUE] or a file of device ids")
            }
            conditions.append((pieces[0], pieces[1]))
        }
        let ranks = graph.accelerators.filter { vertex in
            conditions.allSatisfy { FailureSelectorResolver.value(of: $0.0, in: topology.devices[Int(vertex)]) == $0.1 }
        }
        guard !ranks.isEmpty else { throw .routingUnavailable("--ranks '\(spec)': no accelerator matches") }
        return ranks
    }
}
