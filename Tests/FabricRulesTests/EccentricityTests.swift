import FabricGraph
import FabricModel
import Testing

@testable import FabricRules

/// Diameter, per-group diameter and eccentricities by one breadth-first search per accelerator.
func bruteForceEccentricities(_ graph: CSRGraph, groupOf: [Int32]) -> (diameter: Int?, group: Int?, groupID: Int32?, eccentricity: [Int32]) {
    var eccentricity = [Int32](repeating: -1, count: graph.vertexCount)
    var diameter = -1
    var best: (Int, Int32)?
    for source in graph.accelerators {
        let distance = graph.hopDistances(from: source)
        var farthest: Int32 = -1
        var inGroup: Int32 = -1
        for target in graph.accelerators where target != source && distance[Int(target)] > 0 {
            farthest = max(farthest, distance[Int(target)])
            if groupOf[Int(source)] >= 0, groupOf[Int(target)] == groupOf[Int(source)] { inGroup = max(inGroup, distance[Int(target)]) }
        }
        eccentricity[Int(source)] = farthest
        diameter = max(diameter, Int(farthest))
        let group = groupOf[Int(source)]
        if inGroup > 0, Int(inGroup) > (best?.0 ?? -1) || (Int(inGroup) == best?.0 && group < (best?.1 ?? .max)) { best = (Int(inGroup), group) }
    }
    return (diameter > 0 ? diameter : nil, best?.0, best?.1, eccentricity)
}

/// Pod index per vertex (pods sorted by name), -1 without a pod or for non-accelerators.
func podGroups(_ topology: Topology, _ graph: CSRGraph) -> [Int32] {
    let names = Set(topology.devices.compactMap(\.pod)).sorted()
    return (0..<graph.vertexCount).map { vertex in
        guard graph.isAccelerator[vertex], let pod = topology.devices[vertex].pod, let index = names.firstIndex(of: pod) else { return -1 }
        return Int32(index)
    }
}

@Suite("Accelerator eccentricities")
struct EccentricityTests {
    func check(_ topology: Topology, _ label: String) -> AcceleratorEccentricity {
        let graph = CSRGraph(topology)
        let groups = podGroups(topology, graph)
        let fast = graph.acceleratorEccentricities(groupOf: groups, symmetryCandidates: TrafficAnalysis.symmetryCandidates(topology: topology))
        let brute = bruteForceEccentricities(graph, groupOf: groups)
        #expect(fast.diameter == brute.diameter, "\(label)")
        #expect(fast.groupDiameter == brute.group, "\(label)")
        #expect(fast.groupDiameterGroup == brute.groupID, "\(label)")
        #expect(fast.eccentricity == brute.eccentricity, "\(label)")
        return fast
    }

    @Test("matches one BFS per accelerator on seeded random graphs", arguments: Array(UInt64(1)...UInt64(16)))
    func random(_ seed: UInt64) {
        var random = Mix64(seed: seed)
        var builder = ExampleBuilder("random-\(seed)")
        let count = 10 + random.below(90)
        for index in 0..<count {
            let pod = random.below(4) == 0 ? nil : "pod-\(random.below(3))"
            if random.below(3) == 0 {
                builder.switch("v\(index)", tier: 1, pod: pod)
            } else {
                builder.accelerator("v\(index)", pod: pod, rack: "r\(random.below(5))")
            }
        }
        for _ in 0..<(count + random.below(2 * count)) {
            let a = random.below(count)
            let b = random.below(count)
            if a != b { builder.link("v\(a)", "v\(b)") }
        }
        // The brute-force reference lets every vertex relay: declare that forwarding model (its own tests check the others).
        var topology = builder.topology
        topology.properties["forwarding"] = .string("all")
        _ = check(topology, "seed \(seed)")
    }

    @Test("symmetric designs: racks and pods reduce the searched sources, results stay exact")
    func symmetric() {
        let pods = check(ExampleDesigns.leafSpine(leaves: 8, spines: 4, perLeaf: 4, pods: 4).topology, "4 pods")
        #expect(pods.diameter == 4)
        #expect(pods.groupDiameter == 4)
        #expect(pods.sourcesSearched < 8)
        let dual = check(ExampleDesigns.leafSpine(leaves: 8, spines: 2, perLeaf: 3, dualHomed: true, pods: 2).topology, "dual-homed")
        #expect(dual.sourcesSearched <= 2)
        let ring = check(ExampleDesigns.ring(count: 70).topology, "ring of 70")
        #expect(ring.diameter == 35)
        #expect(ring.groupDiameter == nil)
    }
}
