import FabricModel
import Testing

@testable import FabricGraph

/// `PlaneHose` (the per-accelerator hose in every switch plane alone plus the cut of the accelerators' own cables):
/// never above the brute-force minimum bisection, and tight on a degraded multi-plane pod.
@Suite struct PlaneHoseTests {
    /// A seeded random multi-plane design: `planes` planes of one leaf (or a leaf pair under a spine) each, every
    /// accelerator cabled into most planes, groups of 2–4 accelerators joined by a mesh, capacities from {1, 2, 3},
    /// then 1–3 random cables removed (an accelerator may lose every cable into a plane, or everything).
    static func multiPlane(seed: UInt64, accelerators: Int, planes: Int) throws -> Topology {
        var random = BisectionTestRandom(seed: seed)
        var topology = Topology(file: "planes-\(seed).graphml")
        for index in 0..<accelerators { try topology.addDevice(Device(id: "a\(index)", role: .accelerator)) }
        var links: [Link] = []
        for plane in 0..<planes {
            let leaf = try topology.addDevice(Device(id: "p\(plane)-leaf", role: .switch, tier: 1))
            var other = leaf
            if random.below(2) == 0 {
                other = try topology.addDevice(Device(id: "p\(plane)-leaf-b", role: .switch, tier: 1))
                let spine = try topology.addDevice(Device(id: "p\(plane)-spine", role: .switch, tier: 2))
                links.append(Link(source: leaf, target: spine, bandwidth: Double(2 + random.below(4))))
                links.append(Link(source: other, target: spine, bandwidth: Double(2 + random.below(4))))
            }
            for accelerator in 0..<accelerators where random.below(6) > 0 {
                let target = accelerator % 2 == 0 ? leaf : other
                links.append(Link(source: Int32(accelerator), target: target, bandwidth: Double(1 + random.below(3))))
            }
        }
        var first = 0
        while first < accelerators {
            let size = min(accelerators - first, 2 + random.below(3))
            for a in first..<(first + size) {
                for b in (a + 1)..<(first + size) where random.below(3) > 0 {
                    links.append(Link(source: Int32(a), target: Int32(b), bandwidth: Double(1 + random.below(3))))
                }
            }
            first += size
        }
        for _ in 0..<(1 + random.below(3)) where !links.isEmpty { links.remove(at: random.below(links.count)) }
        for link in links { try topology.addLink(link) }
        return topology
    }

    /// Every certificate of a plane design (computed directly, whatever the bracket closes with) and the bracket stay
    /// on their side of the brute-force minimum bisection.
    @Test(arguments: 0..<24)
    func planeHoseNeverExceedsTheExactBisection(seed: Int) throws {
        var random = BisectionTestRandom(seed: UInt64(seed) &* 104_729 &+ 3)
        let topology = try Self.multiPlane(seed: UInt64(seed) + 500, accelerators: 6 + random.below(5), planes: 2 + random.below(2))
        let graph = CSRGraph(topology)
        let exact = BisectionFixtures.exactBisection(topology)
        let live = graph.accelerators
        // Every plane with a side choice, then the planes of at most 4 accelerators cut exactly inside the atoms.
        for localLimit in [0, 4] {
            let certificate = PlaneHose.certificate(
                graph: graph, topology: topology, mask: nil, live: live, rounds: 4, maxWork: 1 << 30, localLimit: localLimit)
            #expect((certificate?.bound ?? 0) <= exact * (1 + 1e-9), "seed \(seed), local ≤ \(localLimit): \(certificate?.bound ?? 0) > \(exact)")
        }
        let bracket = BisectionBracket.compute(graph: graph, topology: topology, effort: .thorough)
        #expect(bracket.lower <= exact * (1 + 1e-9) && bracket.upper >= exact * (1 - 1e-9), "seed \(seed): [\(bracket.lower), \(bracket.upper)] vs \(exact)")
    }

    /// A small four-plane pod (8 racks of 4 NPUs in a full mesh, one leaf per rack and plane, two spines per plane,
    /// every cable 1, two cables per leaf and spine) with two NPU cables removed: npu-2-0 in plane 1, npu-5-3 in plane
    /// 3. By hand: halving the racks with every spine of a plane on one side crosses 4 cables per rack and plane, 64
    /// in all; racks 2 and 5 on the leaves' side and the spines of planes 1 and 3 on the other cross 62, and no split
    /// crosses less (each plane crosses at least its 16 NPU-to-leaf or uplink cables of one half of the racks, less the
    /// one missing). The plane bound proves 62: each lost cable costs its plane once, not the rates of every NPU that
    /// shares the plane (the hose on the whole design charges a plane's missing cable to all of its hub traffic).
    @Test func fourPlanePodLosesOnlyItsMissingCables() throws {
        var topology = Topology(file: "four-plane-pod.graphml")
        var npus: [[Int32]] = []
        for rack in 0..<8 {
            npus.append(try (0..<4).map { try topology.addDevice(Device(id: "npu-\(rack)-\($0)", role: .accelerator, rack: "r\(rack)")) })
        }
        var links: [Link] = []
        for rack in 0..<8 {
            for a in 0..<4 { for b in (a + 1)..<4 { links.append(Link(source: npus[rack][a], target: npus[rack][b], bandwidth: 1)) } }
        }
        for plane in 0..<4 {
            let spines = try (0..<2).map { try topology.addDevice(Device(id: "l2-\(plane)-\($0)", role: .switch, tier: 2)) }
            for rack in 0..<8 {
                let leaf = try topology.addDevice(Device(id: "l1-\(plane)-\(rack)", role: .switch, tier: 1))
                for (index, npu) in npus[rack].enumerated() where !(plane == 1 && rack == 2 && index == 0) && !(plane == 3 && rack == 5 && index == 3) {
                    links.append(Link(source: npu, target: leaf, bandwidth: 1))
                }
                for spine in spines { links.append(Link(source: leaf, target: spine, bandwidth: 1, multiplicity: 2)) }
            }
        }
        for link in links { try topology.addLink(link) }
        let graph = CSRGraph(topology)
        let certificate = try #require(
            PlaneHose.certificate(graph: graph, topology: topology, mask: nil, live: graph.accelerators, rounds: 4, maxWork: 1 << 30, localLimit: 0))
        let cut = BisectionUpperBound.search(graph: graph, topology: topology)
        #expect(abs(certificate.bound - 62) <= 1e-6, "\(certificate.bound): \(certificate.detail)")
        #expect(abs(cut.capacity - 62) <= 1e-9, "\(cut.capacity) by \(cut.method)")
        let hubs = try #require(HoseCertificate.hubCandidates(graph: graph, topology: topology, mask: nil).first)
        let whole = WeightedHose.certificate(graph: graph, mask: nil, candidate: hubs, live: graph.accelerators, rounds: 4, enough: .infinity, maxWork: 1 << 30)
        #expect((whole?.bound ?? 0) < 62 - 1, "the hose on the whole design: \(whole?.bound ?? 0)")
    }

    /// One plane (a leaf-spine: one switch component) is the ordinary hose's job: no certificate.
    @Test func onePlaneGivesNoCertificate() throws {
        var topology = Topology(file: "leaf-spine.graphml")
        let hosts = try (0..<4).map { try topology.addDevice(Device(id: "h\($0)", role: .accelerator)) }
        let leaves = try (0..<2).map { try topology.addDevice(Device(id: "leaf\($0)", role: .switch, tier: 1)) }
        let spine = try topology.addDevice(Device(id: "spine", role: .switch, tier: 2))
        for (index, host) in hosts.enumerated() { try topology.addLink(Link(source: host, target: leaves[index / 2], bandwidth: 1)) }
        for leaf in leaves { try topology.addLink(Link(source: leaf, target: spine, bandwidth: 2)) }
        let graph = CSRGraph(topology)
        #expect(PlaneHose.planes(graph: graph, topology: topology, mask: nil).attached.count == 1)
        #expect(PlaneHose.certificate(graph: graph, topology: topology, mask: nil, live: graph.accelerators, rounds: 4, maxWork: 1 << 30) == nil)
    }
}
