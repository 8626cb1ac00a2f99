import FabricModel
import Testing

@testable import FabricGraph

/// Collective estimates against closed forms: the ring all-reduce formula and ASTRA-sim's congestion-unaware
/// analytical backend (each send costs hops × link latency + size ÷ bandwidth) on a ring, a fully connected mesh and
/// a single switch, where contention does not change those schedules.
@Suite struct CollectiveTests {
    static let bandwidth = 400e9
    static let latency = 500.0  // ns per link
    static let bytes = 1_073_741_824.0

    /// n accelerators on a ring (forwarding all), a full mesh, or a star around one switch.
    static func fabric(_ shape: String, n: Int) throws -> Topology {
        var topology = Topology(file: shape)
        for index in 0..<n { try topology.addDevice(Device(id: "a\(index)", role: .accelerator)) }
        func cable(_ a: Int, _ b: Int) throws {
            try topology.addLink(Link(source: Int32(a), target: Int32(b), bandwidth: bandwidth, latencyNanoseconds: latency))
        }
        switch shape {
        case "ring": for index in 0..<n { try cable(index, (index + 1) % n) }
        case "mesh": for a in 0..<n { for b in (a + 1)..<n { try cable(a, b) } }
        default:
            try topology.addDevice(Device(id: "sw", role: .switch))
            for index in 0..<n { try cable(index, n) }
        }
        if shape != "switch" { topology.properties[ForwardingModel.propertyKey] = .string("all") }
        return topology
    }

    static func seconds(_ topology: Topology, _ operation: CollectiveOperation, _ algorithm: CollectiveAlgorithm) throws -> CollectiveEstimate {
        let graph = CSRGraph(topology)
        let result = CollectiveAnalysis.estimate(
            graph: graph, topology: topology, ranks: graph.accelerators, operation: operation,
            bytes: bytes, algorithms: [algorithm])
        return try #require(result.estimates.first)
    }

    @Test func ringAllReduceOnAUniformRing() throws {
        let n = 8.0
        let alpha = Self.latency * 1e-9
        let beta = 8 / Self.bandwidth
        let estimate = try Self.seconds(Self.fabric("ring", n: 8), .allReduce, .ring)
        let expected = 2 * (n - 1) / n * Self.bytes * beta + 2 * (n - 1) * alpha
        #expect(abs(estimate.seconds - expected) <= 1e-12 * expected)
        // nccl-tests: busbw = algbw · 2(n−1)/n; on a ring it approaches the link bandwidth as α vanishes.
        #expect(abs(estimate.busBandwidthBps - estimate.algBandwidthBps * 2 * (n - 1) / n) <= 1e-6 * estimate.busBandwidthBps)
    }

    @Test func astraSimCongestionUnawareFormulas() throws {
        let alpha = Self.latency * 1e-9
        let beta = 8 / Self.bandwidth
        let s = Self.bytes
        // Ring topology, ring algorithm: reduce-scatter (n−1)(α + S/(nB)).
        let ring = try Self.seconds(Self.fabric("ring", n: 6), .reduceScatter, .ring)
        #expect(abs(ring.seconds - 5 * (alpha + s / 6 * beta)) <= 1e-12 * ring.seconds)
        // Fully connected, direct: all-reduce = reduce-scatter + all-gather, one step each: 2(α + S/(nB)).
        let mesh = try Self.seconds(Self.fabric("mesh", n: 4), .allReduce, .direct)
        #expect(abs(mesh.seconds - 2 * (alpha + s / 4 * beta)) <= 1e-12 * mesh.seconds)
        // Switch, ring: every send crosses 2 links: 2(n−1)(2α + S/(nB)) for all-reduce, (n−1)(2α + S/(nB)) for all-gather.
        let star = try Self.seconds(Self.fabric("switch", n: 8), .allReduce, .ring)
        #expect(abs(star.seconds - 14 * (2 * alpha + s / 8 * beta)) <= 1e-12 * star.seconds)
        let gather = try Self.seconds(Self.fabric("switch", n: 8), .allGather, .ring)
        #expect(abs(gather.seconds - 7 * (2 * alpha + s / 8 * beta)) <= 1e-12 * gather.seconds)
        // Halving-doubling on the switch: log₂ n steps of S/2, S/4, … each way: 2(3·2α + (n−1)/n·S/B).
        let halving = try Self.seconds(Self.fabric("switch", n: 8), .allReduce, .halvingDoubling)
        #expect(abs(halving.seconds - 2 * (3 * 2 * alpha + 7.0 / 8 * s * beta)) <= 1e-12 * halving.seconds)
    }

    /// Contention counted: direct all-to-all on a switch shares each rank's single link among its n−1 flows.
    @Test func contentionOnASwitch() throws {
        let estimate = try Self.seconds(Self.fabric("switch", n: 8), .allToAll, .direct)
        let expected = 2 * Self.latency * 1e-9 + 7 * (Self.bytes / 8) * 8 / Self.bandwidth
        #expect(abs(estimate.seconds - expected) <= 1e-12 * expected)
    }

    /// A failed ring link reroutes the ring's flow the long way: the estimate slows down, never speeds up.
    @Test func failureSlowsTheRing() throws {
        let topology = try Self.fabric("ring", n: 8)
        let graph = CSRGraph(topology)
        var mask = FailureMask(deviceCount: graph.vertexCount, linkCount: graph.linkCount)
        mask.links.insert(0)
        let before = CollectiveAnalysis.estimate(
            graph: graph, topology: topology, ranks: graph.accelerators, operation: .allReduce,
            bytes: Self.bytes, algorithms: [.ring])
        let after = CollectiveAnalysis.estimate(
            graph: graph, topology: topology, ranks: graph.accelerators, operation: .allReduce,
            bytes: Self.bytes, algorithms: [.ring], mask: mask)
        let healthy = try #require(before.estimates.first)
        let failed = try #require(after.estimates.first)
        #expect(failed.seconds > healthy.seconds)
        #expect(failed.steps == healthy.steps)
    }

    /// The per-flow ECMP of collective steps (backward search stopped one hop short of the source) gives the same
    /// loads as the engine's router on seeded random multigraphs, forwarding rule included.
    @Test func localECMPMatchesTheRouter() throws {
        for seed in UInt64(1)...8 {
            let topology = try TestTopology.random(seed: seed, vertices: 24, links: 40)
            let graph = CSRGraph(topology)
            let routable = graph.routableArcs(under: nil)
            var search = LocalECMP(graph: graph)
            var random = SplitMix64(seed: seed)
            for _ in 0..<10 {
                let source = graph.accelerators[random.below(graph.accelerators.count)]
                let target = graph.accelerators[random.below(graph.accelerators.count)]
                guard source != target else { continue }
                var load = [Double](repeating: 0, count: graph.arcCount)
                var work = 0.0
                let hops = search.route(from: source, to: target, routable: routable, load: &load, work: &work)
                let reference = graph.route(.explicit([Demand(source: source, target: target, amount: 1)]), threads: 1)
                #expect((hops == nil) == (reference.unroutedPairs == 1))
                if hops != nil {
                    #expect(Int(hops ?? 0) == reference.diameter)
                    for arc in 0..<graph.arcCount { #expect(abs(load[arc] - reference.arcLoad[arc]) < 1e-12) }
                }
            }
        }
    }
}
