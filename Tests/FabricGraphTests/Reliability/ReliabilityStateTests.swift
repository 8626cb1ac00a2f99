import FabricModel
import Testing

@testable import FabricGraph

/// The per-state evaluation (local part searches over the mask, recomputation as fallback) against flood fill from
/// scratch, on random multigraphs with random sets of failed units.
@Suite struct ReliabilityStateTests {
    /// Unusable accelerators by brute force: failed ones plus the survivors of the healthy largest accelerator
    /// component outside the after-part holding most of them (ties: the part of the lowest-index accelerator).
    static func unusable(_ topology: Topology, links: Set<Int>, devices: Set<Int>) -> Int {
        let healthy = BruteForce.components(topology, removedLinks: [], removedDevices: [])
        let accelerators = topology.devices.indices.filter { topology.devices[$0].isAccelerator }
        var size: [Int: Int] = [:]
        for a in accelerators { size[healthy[a], default: 0] += 1 }
        guard let largest = size.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key else { return 0 }
        let scope = accelerators.filter { healthy[$0] == largest }
        let after = BruteForce.components(topology, removedLinks: links, removedDevices: devices)
        let alive = scope.filter { !devices.contains($0) }
        var parts: [Int: Int] = [:]
        for a in alive { parts[after[a], default: 0] += 1 }
        var best = -1
        var bestCount = 0
        for a in alive where (parts[after[a]] ?? 0) > bestCount {
            best = after[a]
            bestCount = parts[after[a]] ?? 0
        }
        return scope.count - alive.filter { after[$0] == best }.count
    }

    @Test func evaluationMatchesFloodFill() throws {
        var random = SplitMix64(seed: 18)
        for seed in 0..<30 {
            let topology = try TestTopology.random(seed: UInt64(seed), vertices: 12 + seed % 10, links: 14 + seed % 17)
            let analyzer = try ReliabilityAnalyzer(topology: topology, model: FailureModel(), options: ReliabilityOptions())
            let context = analyzer.context
            var scratch = StateScratch(context: context)
            for _ in 0..<40 {
                let count = 1 + random.below(5)
                let failed = random.sample(min(count, context.units.count), from: (0..<Int32(context.units.count)).map { $0 })
                var links = Set<Int>()
                var devices = Set<Int>()
                for unit in failed {
                    for d in context.units.devices(of: Int(unit)) { devices.insert(Int(d)) }
                    for l in context.units.links(of: Int(unit)) { links.insert(Int(l)) }
                }
                let outcome = context.evaluate(failed, scratch: &scratch)
                let expected = Self.unusable(topology, links: links, devices: devices)
                #expect(outcome.unusable == expected, "seed \(seed), units \(failed)")
                #expect(scratch.mask.isEmpty)
            }
        }
    }
}
