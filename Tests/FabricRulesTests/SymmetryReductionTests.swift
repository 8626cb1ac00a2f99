import FabricGraph
import FabricModel
import Testing

@testable import FabricRules

/// A supercluster in miniature, devices in the generator's order: `superpods` SuperPoDs of `pods` UB-Mesh pods
/// (a 2x3 full mesh each: NPUs that differ in one coordinate are linked), pod-local NPU i to UB switch i mod 2 of its
/// SuperPoD, one leaf per 3 NPUs, every leaf to both spines of its SuperPoD, spine j of every SuperPoD to both
/// superspines of stripe j. `extra` adds links by device id (to break the symmetry).
func miniSupercluster(superpods: Int = 3, pods: Int = 3, extra: [(String, String)] = []) -> Topology {
    var builder = ExampleBuilder("mini-supercluster")
    let perPod = 6
    func npu(_ s: Int, _ p: Int, _ i: Int) -> String { "npu-\(s)-\(p)-\(i)" }
    for s in 0..<superpods {
        for p in 0..<pods {
            for i in 0..<perPod { builder.accelerator(npu(s, p, i), pod: "pod-\(s * pods + p)", rack: "rack-\(s)-\(p)-\(i / 3)") }
        }
    }
    for s in 0..<superpods { for u in 0..<2 { builder.switch("ub-\(s)-\(u)", tier: 1, pod: "group-\(s)") } }
    for s in 0..<superpods { for l in 0..<(pods * 2) { builder.switch("leaf-\(s)-\(l)", tier: 1, pod: "superpod-\(s)") } }
    for s in 0..<superpods { for j in 0..<2 { builder.switch("spine-\(s)-\(j)", tier: 2, pod: "superpod-\(s)") } }
    for stripe in 0..<2 { for k in 0..<2 { builder.switch("super-\(stripe)-\(k)", tier: 3) } }
    for s in 0..<superpods {
        for p in 0..<pods {
            for i in 0..<perPod {
                for j in (i + 1)..<perPod where i / 3 == j / 3 || i % 3 == j % 3 { builder.link(npu(s, p, i), npu(s, p, j)) }
                builder.link(npu(s, p, i), "ub-\(s)-\(i % 2)", gbps: 800)
                builder.link(npu(s, p, i), "leaf-\(s)-\(p * 2 + i / 3)")
            }
        }
        for l in 0..<(pods * 2) { for j in 0..<2 { builder.link("leaf-\(s)-\(l)", "spine-\(s)-\(j)") } }
        for j in 0..<2 { for k in 0..<2 { builder.link("spine-\(s)-\(j)", "super-\(j)-\(k)", multiplicity: 2) } }
    }
    for (a, b) in extra { builder.link(a, b) }
    return builder.topology
}

/// The path-diversity survey by definition: the same samples, one plain path-counting BFS per sample, no symmetry.
func bruteForcePathDiversity(_ topology: Topology, _ graph: CSRGraph, samplesPerPod: Int) -> [(Int32, Double)] {
    var pods: [String: [Int32]] = [:]
    for vertex in graph.accelerators {
        if let pod = topology.devices[Int(vertex)].pod { pods[pod, default: []].append(vertex) }
    }
    var samples: [(pod: String, vertex: Int32)] = []
    for pod in pods.keys.sorted() {
        let members = pods[pod] ?? []
        let count = min(samplesPerPod, members.count)
        for slot in 0..<count { samples.append((pod, members[slot * members.count / count])) }
    }
    var result: [(Int32, Double)] = []
    for (pod, destination) in samples {
        // Paths towards the destination: BFS over reversed arcs with path counting (parallel cables counted).
        var distance = [Int32](repeating: -1, count: graph.vertexCount)
        var paths = [Double](repeating: 0, count: graph.vertexCount)
        distance[Int(destination)] = 0
        paths[Int(destination)] = 1
        var queue = [destination]
        var read = 0
        while read < queue.count {
            let w = queue[read]
            read += 1
            for arc in graph.arcs(from: w) where graph.capacity[Int(graph.reverse[Int(arc)])] > 0 {
                let x = Int(graph.head[Int(arc)])
                if distance[x] < 0 {
                    distance[x] = distance[Int(w)] + 1
                    queue.append(Int32(x))
                }
                if distance[x] == distance[Int(w)] + 1 { paths[x] += paths[Int(w)] }
            }
        }
        let fewest = samples.filter { $0.pod != pod && distance[Int($0.vertex)] > 0 }.map { paths[Int($0.vertex)] }.min()
        if let fewest { result.append((destination, fewest)) }
    }
    return result.sorted { $0.0 < $1.0 }
}

@Suite("Nested symmetry reduction")
struct SymmetryReductionTests {
    func checkEccentricities(_ topology: Topology, _ label: String) -> AcceleratorEccentricity {
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

    func checkPathDiversity(_ topology: Topology, _ label: String) {
        let graph = CSRGraph(topology)
        for samples in [2, 8] {
            let survey = PathDiversitySurvey(topology: topology, graph: graph, samplesPerPod: samples)
            let brute = bruteForcePathDiversity(topology, graph, samplesPerPod: samples)
            #expect(survey.entries.map(\.destination) == brute.map(\.0), "\(label), \(samples) samples")
            #expect(survey.entries.map(\.paths) == brute.map(\.1), "\(label), \(samples) samples")
        }
    }

    @Test("removing the top tier yields the SuperPoDs; growing the meshes upwards yields pods with their leaves")
    func structuralCandidates() {
        let topology = miniSupercluster()
        let candidates = TrafficAnalysis.structuralBlocks(topology: topology)
        let superpod = candidates.first { Set($0.filter { $0 >= 0 }).count == 3 }
        #expect(superpod != nil)
        if let superpod, let spine = topology.deviceIndex(forID: "spine-2-1"), let npu = topology.deviceIndex(forID: "npu-2-0-0"),
            let top = topology.deviceIndex(forID: "super-0-0")
        {
            #expect(superpod[Int(spine)] == superpod[Int(npu)])
            #expect(superpod[Int(top)] == -1)
        }
        let podBlocks = candidates.first { Set($0.filter { $0 >= 0 }).count == 9 }
        #expect(podBlocks != nil)
        if let podBlocks, let leaf = topology.deviceIndex(forID: "leaf-1-5"), let npu = topology.deviceIndex(forID: "npu-1-2-4"),
            let ub = topology.deviceIndex(forID: "ub-1-0")
        {
            #expect(podBlocks[Int(leaf)] == podBlocks[Int(npu)])
            #expect(podBlocks[Int(ub)] == -1)
        }
    }

    @Test("without declared tiers the hop levels from the accelerators give the same blocks")
    func undeclaredTiers() {
        let declared = miniSupercluster()
        var bare = declared
        for index in bare.devices.indices { bare.updateDevice(at: Int32(index)) { $0.tier = nil } }
        #expect(TrafficAnalysis.structuralBlocks(topology: bare) == TrafficAnalysis.structuralBlocks(topology: declared))
        _ = checkEccentricities(bare, "mini supercluster without tiers")
    }

    @Test("nested reduction keeps one pod of one SuperPoD and searches a quotient of about two blocks per level")
    func nestedReduction() {
        let topology = miniSupercluster(superpods: 4)
        let graph = CSRGraph(topology)
        let routable = graph.routableArcs(under: nil)
        let reduction = SymmetryReduction(
            graph: graph, routable: routable, candidates: TrafficAnalysis.symmetryCandidates(topology: topology),
            groupOf: podGroups(topology, graph), weight: graph.isAccelerator.map { $0 ? 1 : 0 })
        let kept = graph.accelerators.filter { reduction.image[Int($0)] == $0 }
        #expect(kept.count == 6)
        let quotient = reduction.quotient(graph: graph, routable: routable)
        #expect(quotient.vertices.count < graph.vertexCount / 2)
        // Images are accelerators of the same pod position: distances carry over (checked against BFS below).
        for vertex in graph.accelerators { #expect(graph.isAccelerator[Int(reduction.image[Int(vertex)])]) }
        let result = checkEccentricities(topology, "4 mini SuperPoDs")
        #expect(result.sourcesSearched <= 6)
    }

    @Test("mini superclusters: eccentricities match one BFS per accelerator", arguments: [(2, 2), (3, 3), (4, 2)])
    func eccentricities(_ shape: (Int, Int)) {
        _ = checkEccentricities(miniSupercluster(superpods: shape.0, pods: shape.1), "\(shape.0) SuperPoDs of \(shape.1) pods")
    }

    @Test(
        "one extra link breaks the symmetry: still exact",
        arguments: [
            [("npu-2-1-0", "npu-2-2-5")], [("npu-1-0-0", "spine-1-0")], [("leaf-2-3", "spine-0-1")], [("npu-0-0-0", "npu-2-2-5")],
            [("super-0-0", "super-1-1")], [("ub-0-0", "ub-0-1")],
        ])
    func broken(_ extra: [(String, String)]) {
        let topology = miniSupercluster(extra: extra)
        _ = checkEccentricities(topology, "extra \(extra)")
        checkPathDiversity(topology, "extra \(extra)")
    }

    @Test("mini superclusters: path diversity matches one path-counting BFS per sample")
    func pathDiversity() {
        checkPathDiversity(miniSupercluster(), "3 SuperPoDs")
        let topology = miniSupercluster(superpods: 4)
        let survey = PathDiversitySurvey(topology: topology, graph: CSRGraph(topology), samplesPerPod: 2)
        #expect(survey.entries.count == 24)
        #expect(survey.samplesSearched == 2)
        checkPathDiversity(miniSupercluster(superpods: 4, pods: 2), "4 SuperPoDs of 2 pods")
        checkPathDiversity(ExampleDesigns.leafSpine(leaves: 8, spines: 4, perLeaf: 4, pods: 4).topology, "leaf-spine pods")
    }

    @Test("groups inside one block are named by position; groups across blocks keep their id")
    func localGroups() {
        let groups: [Int32] = [5, 5, 6, 7, 7, -1, 8]
        let blocks: [Int32] = [0, 0, 0, 1, 1, 1, -1]
        #expect(SymmetryReduction.localGroups(groupOf: groups, blockOf: blocks) == [-2, -2, -4, -2, -2, -1, 8])
        #expect(SymmetryReduction.localGroups(groupOf: [1, 1], blockOf: [0, 1]) == [1, 1])
    }
}
