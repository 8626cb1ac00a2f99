import FabricModel
import Testing

@testable import FabricGraph

/// Cycle-space labels of links against brute force: removing every pair of links and counting components.
@Suite struct SweepCutPairsTests {
    static func componentCount(_ topology: Topology, removed: Set<Int>) -> Int {
        (BruteForce.components(topology, removedLinks: removed, removedDevices: []).max() ?? -1) + 1
    }

    /// A link alone disconnects exactly when its label is 0; two links that do not alone disconnect exactly when
    /// their labels are equal.
    @Test func labelsMatchBruteForce() throws {
        var designs = try BlastDesigns.all()
        designs.append(try SweepTests.racks())
        var cutPairs = 0
        for topology in designs {
            let graph = CSRGraph(topology)
            let labels = graph.linkCutLabels()
            let links = topology.links.indices.filter { !topology.links[$0].isSelfLoop }
            let healthy = Self.componentCount(topology, removed: [])
            for x in links {
                let alone = Self.componentCount(topology, removed: [x]) > healthy
                #expect(alone == (labels[x] == 0), "\(topology.file) link \(x)")
            }
            for (i, x) in links.enumerated() where labels[x] != 0 {
                for y in links[(i + 1)...] where labels[y] != 0 {
                    let cut = Self.componentCount(topology, removed: [x, y]) > healthy
                    #expect(cut == (labels[x] == labels[y]), "\(topology.file) links \(x), \(y)")
                    if cut { cutPairs += 1 }
                }
            }
        }
        #expect(cutPairs > 0, "the designs contain 2-edge cuts")
    }

    /// The link sweep with --k 2 takes its candidates from the labels on a design with cut pairs (dual-homed hosts).
    @Test func linkSweepUsesLabels() throws {
        var topology = try BlastDesigns.dualPlane()
        // Labels tell 2-edge cuts of components, which is reach when every device relays (under the default model a
        // GPU does not relay and its plane-A cable is critical alone, so no harmless pair is left to find).
        topology.properties["forwarding"] = .string("all")
        let sweeper = FailureSweeper(topology: topology)
        let elements = sweepElements(topology, class: .links)
        let singles = sweeper.sweepSingles(elements)
        let harmless = singles.map { !$0.connectivity.critical }
        let candidates = try #require(sweeper.cutPairCandidates(elements, harmless: harmless, firstElements: 0..<elements.count))
        #expect(candidates.reduce(0) { $0 + $1.count } > 0)
        // The pairs found through the labels carry the figures of recomputation from scratch.
        let found = sweeper.sweepCriticalPairs(elements, firstElements: 0..<elements.count).outcomes
        #expect(!found.isEmpty)
        for outcome in found {
            let mask = outcome.scenario.mask(for: sweeper.baseline.graph)
            #expect(outcome.connectivity == sweeper.baseline.connectivityImpact(under: mask), "\(outcome.label)")
            #expect(outcome.capacity == sweeper.baseline.capacityImpact(under: mask), "\(outcome.label)")
        }
    }
}
