import FabricGraph
import FabricModel
import FabricTestSupport
import Testing

/// The bracket on the small shipped reference designs (the 15k-accelerator ones run in `Benchmarks/`).
@Suite struct BisectionReferenceDesignTests {
    static func bracket(_ name: String) throws -> (BisectionBracket, Topology) {
        let topology = try Designs.topology(named: name)
        return (BisectionBracket.compute(graph: CSRGraph(topology), topology: topology), topology)
    }

    /// Closed forms of REFERENCE-DESIGNS.md in links, times the bandwidth of the links that form the cut.
    @Test(arguments: [("fattree-k4", 8.0, 400e9), ("leafspine-64", 32, 0), ("torus-4x4x4", 32, 400e9), ("ubmesh-pod-1k", 1_024, 200e9)])
    func closedFormFamiliesAreExact(name: String, links: Double, bandwidth: Double) throws {
        let (bracket, topology) = try Self.bracket(name)
        // leafspine-64: every link has the accelerators' bandwidth.
        let unit = bandwidth > 0 ? bandwidth : try #require(topology.links.first?.bandwidth)
        #expect(bracket.upper == links * unit, "\(name): upper \(bracket.upper)")
        #expect(bracket.lower == links * unit, "\(name): lower \(bracket.lower) by \(bracket.lowerCertificate.detail)")
        #expect(bracket.gap == 0)
        #expect(bracket.cut.acceleratorsPerSide.sorted() == [bracket.acceleratorCount / 2, bracket.acceleratorCount - bracket.acceleratorCount / 2])
    }

    @Test func tiersProveTheClosedFormThroughHose() throws {
        for name in ["fattree-k4", "leafspine-64"] {
            let (bracket, _) = try Self.bracket(name)
            #expect(bracket.lowerCertificate.kind == .hose, "\(name)")
        }
        let (torus, _) = try Self.bracket("torus-4x4x4")
        #expect(torus.lowerCertificate.kind == .allToAllRouting)
    }

    /// Compound designs: the upper bound is at most the structured cut listed in REFERENCE-DESIGNS.md.
    @Test(arguments: [("cloudmatrix384", 75.3e12 * 8), ("gb200-nvl72-su", 14.4e12 * 8), ("dgx-h100-4su", 25.6e12 * 8)])
    func compoundDesignsBeatTheListedCut(name: String, listed: Double) throws {
        let (bracket, topology) = try Self.bracket(name)
        #expect(bracket.upper <= listed * (1 + 1e-9), "\(name): upper \(bracket.upper) > listed \(listed)")
        #expect(bracket.lower <= bracket.upper)
        #expect(bracket.gap < 0.10, "\(name): gap \(bracket.gap)")
        var crossing = 0.0
        for index in bracket.cut.links {
            let link = topology.links[Int(index)]
            crossing += (link.bandwidth ?? 1) * Double(link.multiplicity)
        }
        #expect(abs(crossing - bracket.upper) <= 1e-9 * crossing)
    }
}
