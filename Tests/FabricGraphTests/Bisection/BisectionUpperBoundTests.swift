import FabricGraph
import FabricModel
import Testing

@Suite struct BisectionUpperBoundTests {
    static func upper(_ topology: Topology, effort: BisectionEffort = .fast) -> BisectionCut {
        BisectionUpperBound.search(graph: CSRGraph(topology), topology: topology, effort: effort)
    }

    /// Checks the witness: balanced sides, and its links' capacity equals the reported cut.
    static func checkWitness(_ cut: BisectionCut, _ topology: Topology) {
        let n = topology.devices.filter(\.isAccelerator).count
        #expect(cut.acceleratorsPerSide.sorted() == [n / 2, n - n / 2])
        var crossing = 0.0
        for index in cut.links {
            let link = topology.links[Int(index)]
            #expect(cut.side[Int(link.source)] != cut.side[Int(link.target)])
            crossing += (link.bandwidth ?? 1) * Double(link.multiplicity)
        }
        #expect(abs(crossing - cut.capacity) <= 1e-9 * max(1, crossing))
    }

    @Test(arguments: [[4, 4], [4, 4, 4], [6, 6], [8, 4]])
    func torusMeetsClosedForm(sizes: [Int]) throws {
        let topology = try BisectionFixtures.torus(sizes)
        let cut = Self.upper(topology)
        // Halving the longest dimension k_max of a torus cuts 2·N/k_max wrap-around rings' links.
        let n = sizes.reduce(1, *)
        #expect(cut.capacity == Double(2 * n / sizes.max()!))
        Self.checkWitness(cut, topology)
    }

    @Test func fullMeshMeetsClosedForm() throws {
        // 4×4×2 mesh, dimension bandwidths 2, 2, 1: halving dimension j cuts N·d_j/4 links of that dimension.
        let topology = try BisectionFixtures.fullMesh([4, 4, 2], bandwidths: [2, 2, 1])
        let cut = Self.upper(topology)
        let expected = [(4, 2.0), (4, 2.0), (2, 1.0)].map { Double(32 * $0.0 / 4) * $0.1 }.min()!
        #expect(cut.capacity == expected)
        Self.checkWitness(cut, topology)
    }

    @Test(arguments: [4, 6, 8])
    func fatTreeMeetsClosedForm(k: Int) throws {
        let topology = try BisectionFixtures.fatTree(k)
        let cut = Self.upper(topology)
        #expect(cut.capacity == Double(k * k * k / 8))
        Self.checkWitness(cut, topology)
    }

    @Test func leafSpineMeetsClosedForm() throws {
        let topology = try BisectionFixtures.leafSpine(leaves: 4, hostsPerLeaf: 16, spines: 2)
        let cut = Self.upper(topology)
        #expect(cut.capacity == 32)
        Self.checkWitness(cut, topology)
    }

    @Test(arguments: 0..<24)
    func randomGraphsAreNoBetterThanExact(seed: Int) throws {
        var random = BisectionTestRandom(seed: UInt64(seed) &* 7919)
        let accelerators = 6 + random.below(9)
        let switches = random.below(4)
        let topology = try BisectionFixtures.random(
            seed: UInt64(seed), accelerators: accelerators, switches: switches,
            extra: random.below(2 * accelerators))
        let exact = BisectionFixtures.exactBisection(topology)
        let cut = Self.upper(topology)
        #expect(cut.capacity >= exact - 1e-9)
        #expect(cut.capacity <= exact * 1.25 + 1e-9, "seed \(seed): upper \(cut.capacity), exact \(exact)")
        Self.checkWitness(cut, topology)
    }

    @Test func isDeterministic() throws {
        let topology = try BisectionFixtures.random(seed: 99, accelerators: 40, switches: 8, extra: 60)
        let first = Self.upper(topology, effort: .thorough)
        let second = Self.upper(topology, effort: .thorough)
        #expect(first == second)
    }

    @Test func respectsFailureMask() throws {
        let topology = try BisectionFixtures.torus([4, 4])
        let graph = CSRGraph(topology)
        var mask = FailureMask(for: graph)
        mask.failDevice(0)
        let cut = BisectionUpperBound.search(graph: graph, topology: topology, mask: mask)
        #expect(cut.acceleratorsPerSide.reduce(0, +) == 15)
        #expect(cut.acceleratorsPerSide.sorted() == [7, 8])
        #expect(cut.capacity <= 8)
        for index in cut.links {
            let link = topology.links[Int(index)]
            #expect(link.source != 0 && link.target != 0)
        }
    }
}
