import FabricGraph
import FabricModel
import Foundation
import Testing

/// The placement metric against its closed form: racks of n accelerators behind one switch, each accelerator down
/// independently with probability p, jobs of j accelerators placed within one rack (or pod). A rack with u down
/// accelerators loses ⌊n/j⌋ − ⌊(n − u)/j⌋ jobs, so E[jobs lost] = Σ_racks Σ_u C(n, u) pᵘ (1 − p)ⁿ⁻ᵘ (⌊n/j⌋ − ⌊(n − u)/j⌋).
@Suite struct ReliabilityPlacementTests {
    /// Racks `r0` (6 accelerators) and `r1` (5), each rack also its own pod, one switch, only accelerators fail.
    static func racks(p: Double) throws -> Topology {
        var topology = Topology(file: "racks.graphml")
        try topology.addDevice(Device(id: "sw", role: .switch, tier: 1))
        for (rack, size) in [("r0", 6), ("r1", 5)] {
            for index in 0..<size {
                try topology.addDevice(
                    Device(id: "\(rack)-npu\(index)", role: .accelerator, pod: "p-\(rack)", rack: rack, attributes: ReliabilityClosedFormTests.unreliable(p)))
                try topology.addLink(Link(source: Int32(topology.devices.count - 1), target: 0, bandwidth: 1))
            }
        }
        return topology
    }

    static func expectedJobsLost(sizes: [Int], job: Int, p: Double) -> Double {
        var total = 0.0
        for n in sizes {
            var binomial = 1.0
            for u in 0...n {
                if u > 0 { binomial = binomial * Double(n - u + 1) / Double(u) }
                total += binomial * Foundation.pow(p, Double(u)) * Foundation.pow(1 - p, Double(n - u)) * Double(n / job - (n - u) / job)
            }
        }
        return total
    }

    @Test(arguments: [(PlacementLevel.domain, 4, 0.1), (.pod, 4, 0.1), (.domain, 3, 0.25), (.leaf, 7, 0.05)])
    func expectedJobsLostMatchesTheClosedForm(_ level: PlacementLevel, _ job: Int, _ p: Double) throws {
        let topology = try Self.racks(p: p)
        let options = ReliabilityOptions(metric: .placement, placement: level, jobSize: job, exactTolerance: 0)
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: ReliabilityClosedFormTests.silent, options: options)
        let summary = try analyzer.run(options).summary()
        #expect(summary.expected.method == .exact)
        // One leaf (the switch) holds all 11 accelerators; racks and pods are the two groups.
        let sizes = level == .leaf ? [11] : [6, 5]
        let closedForm = Self.expectedJobsLost(sizes: sizes, job: job, p: p)
        #expect(abs(summary.expected.value - closedForm) < 1e-12, "\(level) j=\(job) p=\(p): \(summary.expected.value) vs \(closedForm)")
    }
}
