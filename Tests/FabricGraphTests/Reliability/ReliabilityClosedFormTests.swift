import FabricGraph
import FabricGraphML
import FabricModel
import Foundation
import Testing

/// Closed forms of classic reliability (Barlow & Proschan 1975): cut-off probability pᵘ of a leaf with u independent
/// uplinks, k-of-n spares, series/parallel blocks; each against the exact enumeration and the Monte-Carlo interval.
@Suite struct ReliabilityClosedFormTests {
    /// A model where nothing fails unless an element's data says so.
    static let silent = FailureModel(
        rates: Dictionary(
            uniqueKeysWithValues: FailureClass.fixedNames.compactMap(FailureClass.init(name:)).map {
                ($0, FailureRate(perYear: 0, mttrHours: 0))
            }))

    /// Element data giving steady-state unavailability exactly `p`: MTTR one year, rate p/(1 − p).
    static func unreliable(_ p: Double) -> [String: AttributeValue] {
        [FailureModel.rateKey: .double(p / (1 - p)), FailureModel.mttrKey: .double(FailureRate.hoursPerYear)]
    }

    /// n accelerators in rack r0 behind one switch, each down with probability p, `spares` spares; nothing else fails.
    static func sparesRack(_ n: Int, spares: Int, p: Double) throws -> ReliabilityAnalyzer {
        var topology = Topology(file: "spares.graphml")
        try topology.addDevice(Device(id: "sw", role: .switch, tier: 1))
        for index in 0..<n {
            try topology.addDevice(Device(id: "npu\(index)", role: .accelerator, rack: "r0", attributes: unreliable(p)))
            try topology.addLink(Link(source: Int32(index + 1), target: 0, bandwidth: 1))
        }
        var model = silent
        model.sparesPerBlock = SpareRatio(count: spares, per: n)
        return try ReliabilityAnalyzer(topology: topology, model: model, options: ReliabilityOptions())
    }

    /// Σ_{j≤s} C(n, j) pʲ (1 − p)ⁿ⁻ʲ.
    static func atMost(_ s: Int, of n: Int, p: Double) -> Double {
        var sum = 0.0
        var binomial = 1.0
        for j in 0...s {
            if j > 0 { binomial = binomial * Double(n - j + 1) / Double(j) }
            sum += binomial * Foundation.pow(p, Double(j)) * Foundation.pow(1 - p, Double(n - j))
        }
        return sum
    }

    /// Leaf L with one accelerator, u uplinks to u spines, each spine to leaf M holding three accelerators; only the
    /// uplinks fail.
    static func leafWithUplinks(_ u: Int, p: Double) throws -> Topology {
        var topology = Topology(file: "uplinks.graphml")
        try topology.addDevice(Device(id: "a0", role: .accelerator, tier: 0))
        try topology.addDevice(Device(id: "L", role: .switch, tier: 1))
        try topology.addDevice(Device(id: "M", role: .switch, tier: 1))
        for index in 1...3 { try topology.addDevice(Device(id: "b\(index)", role: .accelerator, tier: 0)) }
        for index in 0..<u { try topology.addDevice(Device(id: "s\(index)", role: .switch, tier: 2)) }
        try topology.addLink(Link(source: 0, target: 1, bandwidth: 1))
        for index in 3...5 { try topology.addLink(Link(source: Int32(index), target: 2, bandwidth: 1)) }
        for index in 0..<u {
            try topology.addLink(Link(source: 1, target: Int32(6 + index), bandwidth: 1, attributes: unreliable(p)))
            try topology.addLink(Link(source: 2, target: Int32(6 + index), bandwidth: 1))
        }
        return topology
    }

    @Test(arguments: [(1, 0.1), (2, 0.1), (3, 0.2), (4, 0.05)])
    func leafCutOffWithProbabilityPToTheU(_ u: Int, _ p: Double) throws {
        let topology = try Self.leafWithUplinks(u, p: p)
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: Self.silent, options: ReliabilityOptions())
        let exact = try analyzer.run(ReliabilityOptions()).summary()
        let cutOff = Foundation.pow(p, Double(u))
        #expect(exact.availability.method == .exact)
        #expect(abs(exact.availability.value - (1 - cutOff)) < 1e-12)
        #expect(abs(exact.expectedUnusableAccelerators.value - cutOff) < 1e-12)
    }

    /// The Monte-Carlo 95% intervals cover the closed form about 95% of the time: 40 seeds, at least 34 must cover
    /// (a binomial(40, 0.95) falls below 34 with probability under 0.2%).
    @Test func monteCarloIntervalsCoverTheClosedForm() throws {
        let (u, p) = (3, 0.2)
        let topology = try Self.leafWithUplinks(u, p: p)
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: Self.silent, options: ReliabilityOptions())
        let truth = 1 - Foundation.pow(p, Double(u))
        var covered = 0
        for seed in 0..<40 {
            let sampled = try analyzer.run(ReliabilityOptions(samples: 500, seed: UInt64(seed))).summary()
            #expect(sampled.availability.method == .monteCarlo)
            if sampled.availability.ciLow <= truth && truth <= sampled.availability.ciHigh { covered += 1 }
        }
        #expect(covered >= 34)
    }

    /// n accelerators in one rack behind one switch, each down with probability p, s spares: whole while at most s
    /// are down, P = Σ_{j≤s} C(n, j) pʲ (1 − p)ⁿ⁻ʲ.
    @Test(arguments: [(8, 0, 0.1), (8, 1, 0.1), (16, 2, 0.2), (6, 6, 0.5)])
    func kOfNSpares(_ n: Int, _ spares: Int, _ p: Double) throws {
        let analyzer = try Self.sparesRack(n, spares: spares, p: p)
        let summary = try analyzer.run(ReliabilityOptions(exactTolerance: 0)).summary()
        let expected = Self.atMost(spares, of: n, p: p)
        #expect(abs(summary.availability.value - expected) < 1e-12)
        #expect(abs(summary.expectedUnusableAccelerators.value - Double(n) * p) < 1e-12)
    }

    /// Series then parallel: a0 —(link x)— L, L —(two links y, z)— S, S — three accelerators. a0 is cut off when x
    /// fails or both y and z do: P = pₓ + (1 − pₓ) p_y p_z.
    @Test func seriesParallel() throws {
        var topology = Topology(file: "series-parallel.graphml")
        try topology.addDevice(Device(id: "a0", role: .accelerator))
        try topology.addDevice(Device(id: "L", role: .switch, tier: 1))
        try topology.addDevice(Device(id: "S", role: .switch, tier: 2))
        for index in 1...3 {
            try topology.addDevice(Device(id: "b\(index)", role: .accelerator))
            try topology.addLink(Link(source: Int32(2 + index), target: 2, bandwidth: 1))
        }
        let (px, py, pz) = (0.05, 0.3, 0.2)
        try topology.addLink(Link(source: 0, target: 1, bandwidth: 1, attributes: Self.unreliable(px)))
        try topology.addLink(Link(source: 1, target: 2, bandwidth: 1, attributes: Self.unreliable(py)))
        try topology.addLink(Link(source: 1, target: 2, bandwidth: 1, attributes: Self.unreliable(pz)))
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: Self.silent, options: ReliabilityOptions())
        let summary = try analyzer.run(ReliabilityOptions()).summary()
        let cutOff = px + (1 - px) * py * pz
        #expect(abs(summary.availability.value - (1 - cutOff)) < 1e-12)
        let ranked = summary.contributions.map(\.failureClass)
        #expect(ranked == ["link"])
        #expect(abs(summary.contributions[0].unavailability.value - cutOff) < 1e-12)
    }
}
