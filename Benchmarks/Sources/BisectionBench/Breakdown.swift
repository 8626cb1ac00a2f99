import BenchSupport
import FabricGraph
import FabricModel

/// Times each stage of the bracket separately (partitioner, hose, ECMP routing certificate) for `--breakdown`.
func breakdown(_ name: String, graph: CSRGraph, topology: Topology, effort: BisectionEffort) -> String {
    var cut: BisectionCut?
    let upper = Bench.time { cut = BisectionUpperBound.search(graph: graph, topology: topology, effort: effort) }
    var hose: BisectionCertificate?
    let hoseTime = Bench.time { hose = HoseCertificate.compute(graph: graph, topology: topology) }
    var loads: [Double]?
    let ecmpTime = Bench.time {
        loads =
            graph.route(
                .uniform(groups: [graph.aliveAccelerators(under: nil)]), router: .ecmp,
                symmetryBlocks: TrafficAnalysis.rackBlocks(topology: topology), workLimit: 1.5e9)?.arcLoad
    }
    let ecmp = loads.map { AllToAllCertificate.fromLoads(graph: graph, arcLoads: $0, routing: "ecmp").bound }
    return "\(name): partitioner \(Bench.seconds(upper)) (\(cut?.capacity ?? 0)), hose \(Bench.seconds(hoseTime)) (\(hose?.bound ?? 0)), "
        + "ECMP \(Bench.seconds(ecmpTime)) (\(ecmp.map { String($0) } ?? "skipped"))"
}

/// The most utilized arcs of the ECMP all-to-all routing, for `--hot`.
func hottest(graph: CSRGraph, topology: Topology) -> String {
    guard
        let loads = graph.route(
            .uniform(groups: [graph.aliveAccelerators(under: nil)]), router: .ecmp,
            symmetryBlocks: TrafficAnalysis.rackBlocks(topology: topology), workLimit: 1.5e9)?.arcLoad
    else { return "skipped" }
    var order = Array(0..<graph.arcCount)
    order.sort { loads[$0] / graph.capacity[$0] > loads[$1] / graph.capacity[$1] }
    return order.prefix(6).map { arc in
        let tail = topology.devices[Int(graph.tail(ofArc: Int32(arc)))].id
        let head = topology.devices[Int(graph.head[arc])].id
        return "\(tail)->\(head) load \(loads[arc]) cap \(graph.capacity[arc])"
    }.joined(separator: "\n")
}
