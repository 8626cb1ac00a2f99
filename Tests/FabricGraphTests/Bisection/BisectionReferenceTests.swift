import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

@testable import FabricGraph

/// The healthy-minus-failures certificate across two files (`BisectionReference`): devices matched by id, the
/// capacity the second design lacks subtracted from the first's bound; checked against brute force and by hand.
@Suite struct BisectionReferenceTests {
    /// A variant of `healthy` as another file would hold it: devices in another order, `dropped` devices gone with
    /// their links, links in `removed` gone, links in `halved` at half their bandwidth, and `added` links (healthy
    /// device indices) appended.
    static func variant(
        of healthy: Topology, seed: UInt64, dropping dropped: Set<Int> = [], removing removed: Set<Int> = [],
        halving halved: Set<Int> = [], adding added: [(Int, Int, Double)] = []
    ) throws -> Topology {
        var random = BisectionTestRandom(seed: seed)
        var order = healthy.devices.indices.filter { !dropped.contains($0) }
        for index in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(index, random.below(index + 1)) }
        var position = [Int32](repeating: -1, count: healthy.devices.count)
        var copy = Topology(file: "variant.graphml")
        for device in order { position[device] = try copy.addDevice(healthy.devices[device]) }
        for (index, link) in healthy.links.enumerated() where !removed.contains(index) {
            let (source, target) = (position[Int(link.source)], position[Int(link.target)])
            guard source >= 0, target >= 0 else { continue }
            let bandwidth = (link.bandwidth ?? 1) * (halved.contains(index) ? 0.5 : 1)
            try copy.addLink(Link(source: source, target: target, bandwidth: bandwidth, multiplicity: link.multiplicity))
        }
        for (a, b, bandwidth) in added where position[a] >= 0 && position[b] >= 0 {
            try copy.addLink(Link(source: position[a], target: position[b], bandwidth: bandwidth))
        }
        return copy
    }

    /// Random small graphs against a variant with devices reordered, links removed or halved, cables added and
    /// sometimes an accelerator or a switch removed: the certificate from the healthy exact bisection never exceeds
    /// the variant's brute-force bisection, and with links removed only it is exactly healthy minus their capacity.
    @Test(arguments: 0..<24)
    func certificateStaysBelowTheExactBisection(seed: Int) throws {
        var random = BisectionTestRandom(seed: UInt64(seed) &* 6_007 &+ 3)
        let accelerators = 4 + random.below(7)
        let switches = random.below(4)
        let healthy = try BisectionFixtures.random(
            seed: UInt64(seed) + 4_000, accelerators: accelerators, switches: switches, extra: random.below(2 * accelerators))
        let exactHealthy = BisectionFixtures.exactBisection(healthy)
        let reference = BisectionReference(topology: healthy, graph: CSRGraph(healthy), lower: exactHealthy, name: "the design")
        var removed = Set<Int>()
        for _ in 0..<(1 + random.below(3)) { removed.insert(random.below(healthy.links.count)) }
        // Links removed only: the bound is healthy minus exactly their capacity.
        let linksOnly = try Self.variant(of: healthy, seed: UInt64(seed), removing: removed)
        let lost = removed.reduce(0.0) { $0 + (healthy.links[$1].bandwidth ?? 1) * Double(healthy.links[$1].multiplicity) }
        let plain = try #require(reference.certificate(for: linksOnly, graph: CSRGraph(linksOnly)))
        #expect(plain.kind == .healthyMinusFailures)
        #expect(abs(plain.bound - max(0, exactHealthy - lost)) <= 1e-9, "seed \(seed): \(plain.bound) vs \(exactHealthy) − \(lost)")
        #expect(plain.bound <= BisectionFixtures.exactBisection(linksOnly) + 1e-9)
        // Everything at once.
        var dropped = Set<Int>()
        if random.below(2) == 0 { dropped.insert(random.below(healthy.devices.count)) }
        let count = healthy.devices.count
        let mixed = try Self.variant(
            of: healthy, seed: UInt64(seed) + 1, dropping: dropped, removing: removed, halving: [random.below(healthy.links.count)],
            adding: [(random.below(count), random.below(count), Double(1 + random.below(3)))].filter { $0.0 != $0.1 })
        let certificate = try #require(reference.certificate(for: mixed, graph: CSRGraph(mixed)))
        let exactMixed = BisectionFixtures.exactBisection(mixed)
        #expect(certificate.bound <= exactMixed + 1e-9, "seed \(seed): \(certificate.bound) > \(exactMixed); \(certificate.detail)")
        #expect(certificate.bound >= exactHealthy - healthy.links.reduce(0.0) { $0 + ($1.bandwidth ?? 1) * Double($1.multiplicity) })
    }

    /// An accelerator the reference does not have changes the balance: no certificate; neither when a device
    /// changes from switch to accelerator, or bandwidth is declared in one design only.
    @Test func mismatchedDesignsGiveNoCertificate() throws {
        let healthy = try BisectionFixtures.random(seed: 5, accelerators: 6, switches: 2, extra: 4)
        let reference = BisectionReference(topology: healthy, graph: CSRGraph(healthy), lower: 1, name: "the design")
        var grown = healthy
        let extra = try grown.addDevice(Device(id: "a-new", role: .accelerator))
        try grown.addLink(Link(source: extra, target: 0, bandwidth: 1))
        #expect(reference.certificate(for: grown, graph: CSRGraph(grown)) == nil)
        var promoted = Topology(file: "promoted.graphml")
        for device in healthy.devices {
            try promoted.addDevice(device.id == "s0" ? Device(id: "s0", role: .accelerator) : device)
        }
        for link in healthy.links { try promoted.addLink(link) }
        #expect(reference.certificate(for: promoted, graph: CSRGraph(promoted)) == nil)
        var unitless = Topology(file: "unitless.graphml")
        for device in healthy.devices { try unitless.addDevice(device) }
        for link in healthy.links { try unitless.addLink(Link(source: link.source, target: link.target)) }
        #expect(reference.certificate(for: unitless, graph: CSRGraph(unitless)) == nil)
    }

    /// The hand-written rail pod (exact 5.6 Tb/s, HiGHS agrees) with a hand-written state: two 400G uplinks down and
    /// one GPU down with its links (a 400G leaf link and two 800G ring links). By hand: 5.6 − 0.8 − 2.0 = 2.8 Tb/s,
    /// below the exact bisection of the fabric now (the failed GPU may have to join the smaller side: all its
    /// cables count).
    @Test func handWrittenStateOnTheRailPod() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/bisection/rail-pod-2x16.graphml").path
        let design = try GraphMLReader.read(file: path).topology
        let state = try AppliedFailureState(
            design: design, state: FailureState(parsing: "# two optics and a GPU\nA-r0~sp0\nB-r1~sp2\nB-s3-g3\n", file: "state.txt"))
        // The design's exact bisection (handWrittenRailPodIsExact; HiGHS agrees).
        let reference = BisectionReference(topology: design, graph: CSRGraph(design), lower: 5.6e12, name: "the design")
        let now = state.now
        let certificate = try #require(reference.certificate(for: now, graph: CSRGraph(now)))
        #expect(abs(certificate.bound - 2.8e12) <= 1, "\(certificate.detail)")
        let direct = BisectionBracket.compute(graph: CSRGraph(now), topology: now)
        #expect(direct.gap == 0)
        #expect(certificate.bound <= direct.lower)
        // The same bound through a mask on the design (whatif's path): the same capacity.
        let graph = CSRGraph(design)
        let masked = BisectionBracket.monotoneBound(graph: graph, mask: state.scenario.mask(for: graph), healthyLower: 5.6e12)
        #expect(abs(masked.bound - certificate.bound) <= 1)
    }

    /// Where the direct bracket stays loose (a fat-tree of 128 hosts with 4 links removed: the per-accelerator hose
    /// loses to detours), the reference's bound wins and `including` makes it the proof.
    @Test func referenceTightensADegradedFatTree() throws {
        let healthy = try BisectionFixtures.fatTree(8, bandwidth: 400e9)
        var random = BisectionTestRandom(seed: 42)
        var removed = Set<Int>()
        while removed.count < 4 { removed.insert(random.below(healthy.links.count)) }
        let degraded = try Self.variant(of: healthy, seed: 9, removing: removed)
        let graph = CSRGraph(degraded)
        let direct = BisectionBracket.compute(graph: graph, topology: degraded)
        let reference = BisectionReference(topology: healthy, graph: CSRGraph(healthy), lower: 64 * 400e9, name: "the old version")
        let certificate = try #require(reference.certificate(for: degraded, graph: graph))
        #expect(certificate.bound == 60 * 400e9)
        let combined = direct.including(certificate)
        #expect(combined.lower == max(direct.lower, 60 * 400e9))
        #expect(combined.lowerCertificate.kind == (direct.lower < 60 * 400e9 ? .healthyMinusFailures : direct.lowerCertificate.kind))
        #expect(combined.certificates.count == direct.certificates.count + 1)
        #expect(combined.lower <= combined.upper)
        let known = BisectionBracket.compute(graph: graph, topology: degraded, known: certificate)
        #expect(known.lower >= 60 * 400e9)
        #expect(known.lower <= known.upper)
    }
}
