import FabricGraph
import FabricModel
import Foundation

/// Hop diameters among accelerators (overall and per pod) for the diameter rule, exact.
public struct RoutingSummary: Sendable {
    /// Largest hop count (links) between two accelerators; nil with fewer than two connected accelerators.
    public let diameter: Int?
    /// Largest hop count between two accelerators of the same pod; nil when no pod has two accelerators.
    public let podDiameter: Int?
    /// The pod where `podDiameter` is reached (the first by name).
    public let podDiameterPod: String?
    /// Accelerators searched from; the others are twins or symmetric to a searched one (exact, not a sample).
    public let sourcesSearched: Int

    /// Eccentricities of every accelerator by bit-parallel breadth-first search, with racks, pods and components below
    /// each tier as nested candidate symmetry blocks (`CSRGraph.acceleratorEccentricities`).
    /// `candidates` are `TrafficAnalysis.symmetryCandidates(topology:)`, computed here when nil.
    /// - Complexity: O(⌈S/64⌉ · L · (V + E)) for S sources after symmetry reduction and BFS depth L.
    init(topology: Topology, graph: CSRGraph, candidates: [[Int32]]? = nil) {
        let podNames = Set(topology.devices.compactMap(\.pod)).sorted()
        var podIndex: [String: Int32] = [:]
        for (index, name) in podNames.enumerated() { podIndex[name] = Int32(index) }
        var groupOf = [Int32](repeating: -1, count: graph.vertexCount)
        var podSize = [Int](repeating: 0, count: podNames.count)
        for vertex in graph.accelerators {
            if let pod = topology.devices[Int(vertex)].pod, let index = podIndex[pod] {
                groupOf[Int(vertex)] = index
                podSize[Int(index)] += 1
            }
        }
        // A single pod holding every accelerator says nothing beyond the overall diameter.
        let pods = podSize.filter { $0 >= 2 }.count
        let informative = pods > 1 || (pods == 1 && podSize.max() ?? 0 < graph.accelerators.count)
        if !informative { groupOf = [Int32](repeating: -1, count: graph.vertexCount) }
        let result = graph.acceleratorEccentricities(
            groupOf: groupOf, symmetryCandidates: candidates ?? TrafficAnalysis.symmetryCandidates(topology: topology))
        diameter = result.diameter
        podDiameter = result.groupDiameter
        podDiameterPod = result.groupDiameterGroup.map { podNames[Int($0)] }
        sourcesSearched = result.sourcesSearched
    }
}

/// Fewest equal-cost paths between accelerators of different pods, measured from sampled accelerators.
public struct PathDiversitySurvey: Sendable {
    /// A destination accelerator and the fewest equal-cost paths from the sampled accelerators of other pods.
    public struct Entry: Sendable {
        public let destination: Int32
        public let paths: Double
    }

    /// One entry per sampled destination, ascending by destination.
    public let entries: [Entry]
    /// Accelerators sampled per pod.
    public let samplesPerPod: Int
    /// Samples searched; the others took the result of a symmetric one (exact, not a sample of the samples).
    public let samplesSearched: Int

    /// Samples up to `samplesPerPod` accelerators per pod (evenly spaced in file order) and counts, for each sampled
    /// destination, the equal-cost (ECMP, parallel cables apart) shortest paths from the samples of every other pod:
    /// one breadth-first search with path counting per destination, both cores. Samples of interchangeable blocks
    /// (nested, `SymmetryReduction`: e.g. SuperPoDs, then the pods of the first one; each swap verified to keep the
    /// samples and the pods) take the result of their image, exactly.
    /// `candidates` are `TrafficAnalysis.symmetryCandidates(topology:)`, computed here when nil.
    /// - Complexity: O(R + S·(V + E)) for S sampled destinations after symmetry and R the reduction.
    init(topology: Topology, graph: CSRGraph, samplesPerPod: Int = 8, candidates: [[Int32]]? = nil) {
        self.samplesPerPod = samplesPerPod
        var pods: [String: [Int32]] = [:]
        for vertex in graph.accelerators {
            if let pod = topology.devices[Int(vertex)].pod { pods[pod, default: []].append(vertex) }
        }
        guard pods.count >= 2 else {
            entries = []
            samplesSearched = 0
            return
        }
        let podNames = pods.keys.sorted()
        var podIndex: [String: Int32] = [:]
        for (index, name) in podNames.enumerated() { podIndex[name] = Int32(index) }
        var samples: [(pod: Int32, vertex: Int32)] = []
        for (index, pod) in podNames.enumerated() {
            let members = pods[pod] ?? []
            let count = min(samplesPerPod, members.count)
            for slot in 0..<count { samples.append((Int32(index), members[slot * members.count / count])) }
        }
        // Nested interchangeable blocks (pods, racks, components below each tier; `SymmetryReduction`) whose swaps
        // keep the samples (weight 2) and the pod partition: a sample takes the result of its image, exactly.
        let routable = graph.routableArcs(under: nil)
        var weight = graph.isAccelerator.map { $0 ? 1.0 : 0 }
        var groupOf = [Int32](repeating: -1, count: graph.vertexCount)
        var slotOf: [Int32: Int] = [:]
        for (slot, sample) in samples.enumerated() {
            weight[Int(sample.vertex)] = 2
            slotOf[sample.vertex] = slot
        }
        for vertex in graph.accelerators {
            if let pod = topology.devices[Int(vertex)].pod { groupOf[Int(vertex)] = podIndex[pod] ?? -1 }
        }
        let reduction = SymmetryReduction(
            graph: graph, routable: routable, candidates: candidates ?? TrafficAnalysis.symmetryCandidates(topology: topology),
            groupOf: groupOf, weight: weight)
        let sourceOf = samples.indices.map { slotOf[reduction.image[Int(samples[$0].vertex)]] ?? $0 }  // the sample whose result each takes
        let searched = samples.indices.filter { sourceOf[$0] == $0 }
        samplesSearched = searched.count
        let allSamples = samples
        let results = ParallelSlots<Double>(count: samples.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, searched.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var distance = [Int32](repeating: -1, count: graph.vertexCount)
            var paths = [Double](repeating: 0, count: graph.vertexCount)
            var order: [Int32] = []
            var index = worker
            while index < searched.count {
                let slot = searched[index]
                index += workers
                let (pod, destination) = allSamples[slot]
                for vertex in order { distance[Int(vertex)] = -1 }
                order.removeAll(keepingCapacity: true)
                distance[Int(destination)] = 0
                paths[Int(destination)] = 1
                order.append(destination)
                var read = 0
                while read < order.count {
                    let w = order[read]
                    read += 1
                    let level = distance[Int(w)] + 1
                    for arc in graph.arcs(from: w) where routable[Int(graph.reverse[Int(arc)])] {
                        let x = Int(graph.head[Int(arc)])
                        if distance[x] < 0 {
                            distance[x] = level
                            paths[x] = paths[Int(w)]
                            order.append(Int32(x))
                        } else if distance[x] == level {
                            paths[x] += paths[Int(w)]
                        }
                    }
                }
                var fewest = Double.infinity
                for (otherPod, source) in allSamples where otherPod != pod && distance[Int(source)] > 0 { fewest = min(fewest, paths[Int(source)]) }
                if fewest.isFinite { results.set(slot, fewest) }
            }
        }
        let counts = results.values
        var found: [Entry] = []
        for (slot, sample) in samples.enumerated() {
            if let paths = counts[sourceOf[slot]] { found.append(Entry(destination: sample.vertex, paths: paths)) }
        }
        entries = found.sorted { $0.destination < $1.destination }
    }
}

/// Engine analyses computed on demand for one check (each at most once).
final class EngineAnalyses: Sendable {
    let connectivity: LazyBox<ConnectivityAnalysis>
    let edgeConnectivity: LazyBox<AcceleratorCut?>
    let routing: LazyBox<RoutingSummary>
    let pathDiversity: LazyBox<PathDiversitySurvey>
    /// The bracket of this design alone (with a known reference's certificate among its own).
    let directBisection: LazyBox<BisectionBracket>
    /// `directBisection` with a deferred reference's certificate added.
    let bisection: LazyBox<BisectionBracket>
    let channelDependency: LazyBox<ChannelDependencyAnalysis>
    /// `TrafficAnalysis.symmetryCandidates(topology:)`, shared by routing, path diversity and the deadlock check.
    let symmetryCandidates: LazyBox<[[Int32]]>

    init(
        topology: Topology, properties: DesignProperties, graph: LazyBox<CSRGraph>, structure: LazyBox<FabricStructure>,
        timings: CheckTimings?, bisectionReference: BisectionReferenceSource? = nil
    ) {
        connectivity = LazyBox("connectivity", timings: timings) { graph.get().connectivity() }
        // Racks, pods and structural blocks: the candidate symmetries routing, path diversity and the deadlock check
        // each verify; found once (a pass over every device and link) instead of once per analysis.
        let candidates = LazyBox("symmetryCandidates", timings: timings) { TrafficAnalysis.symmetryCandidates(topology: topology) }
        symmetryCandidates = candidates
        edgeConnectivity = LazyBox("edgeConnectivity", timings: timings) {
            EngineAnalyses.terminalEdgeConnectivity(topology: topology, properties: properties, graph: graph.get())
        }
        let routing = LazyBox("routing", timings: timings) {
            RoutingSummary(topology: topology, graph: graph.get(), candidates: candidates.get())
        }
        self.routing = routing
        pathDiversity = LazyBox("pathDiversity", timings: timings) {
            PathDiversitySurvey(topology: topology, graph: graph.get(), candidates: candidates.get())
        }
        channelDependency = LazyBox("channelDependency", timings: timings) {
            EngineAnalyses.channelDependencies(
                topology: topology, properties: properties, graph: graph.get(), structure: structure.get(), candidates: candidates.get)
        }
        // The bracket routes uniform all-to-all itself, only when its cheaper certificates do not already close it;
        // a torus or full mesh whose coordinates make it a Cayley graph routes it in one pass, handed over.
        let directBisection = LazyBox("bisection", timings: timings) {
            let csr = graph.get()
            var loads: [Double]?
            if topology.devices.allSatisfy({ $0.isAccelerator && !$0.coordinates.isEmpty }),
                let coordinates = TrafficAnalysis.coordinates(topology: topology)
            {
                loads =
                    csr.route(
                        .uniform(groups: [csr.accelerators]), coordinates: coordinates.values, dimensions: coordinates.dimensions,
                        workLimit: 2 * Double(csr.vertexCount + csr.arcCount))?.arcLoad
            }
            let known = bisectionReference.flatMap { $0.isKnown ? $0.resolve()?.certificate(for: topology, graph: csr) : nil }
            return BisectionBracket.compute(graph: csr, topology: topology, allToAllLoads: loads, known: known)
        }
        self.directBisection = directBisection
        bisection = LazyBox {
            let direct = directBisection.get()
            guard let source = bisectionReference, !source.isKnown, let reference = source.resolve(),
                let certificate = reference.certificate(for: topology, graph: graph.get())
            else { return direct }
            return direct.including(certificate)
        }
    }

    /// Work (destinations × (V + E + Σ deg²/4)) the deadlock check may spend building the channel-dependency graph
    /// when the lane scheme alone does not prove it acyclic; beyond it an acyclic result is reported as sampled.
    static let deadlockWorkBudget = 3e10

    /// The routing in use: dimension-order routing when every device is an accelerator with coordinates (tori,
    /// meshes, full meshes), else minimal routing with up/down ranks from declared tiers (else the structure's levels). Devices
    /// forward traffic as the graph's forwarding model says (`CSRGraph.relays`).
    /// `candidates` gives `TrafficAnalysis.symmetryCandidates(topology:)` when asked (computed here when nil).
    static func channelDependencies(
        topology: Topology, properties: DesignProperties, graph: CSRGraph,
        structure: FabricStructure, candidates: (@Sendable () -> [[Int32]])? = nil
    ) -> ChannelDependencyAnalysis {
        if let routed = routedChannelDependencies(topology: topology, properties: properties, graph: graph) { return routed }
        let routing = dependencyRouting(topology: topology, structure: structure)
        let scheme = RoutingScheme.resolved(topology)
        if scheme.isNonMinimal {
            // The CDG of both legs with the lane switch at the intermediate; beyond its budget, the lane count.
            if let built = graph.phasedChannelDependencies(
                routing: routing, virtualLanes: properties.virtualLanes, members: graph.accelerators, forwarding: graph.relays,
                minimalPaths: scheme == .ugal, detour: scheme == .detour, workBudget: phasedWorkBudget)
            {
                return built
            }
            var minimal = topology
            minimal.properties[RoutingScheme.propertyKey] = nil
            return channelDependencies(topology: minimal, properties: properties, graph: graph, structure: structure).phased()
        }
        // The graph's forwarding model (the one routing and connectivity use).
        return graph.channelDependencies(
            routing: routing, virtualLanes: properties.virtualLanes, forwarding: graph.relays,
            symmetryCandidates: candidates?() ?? TrafficAnalysis.symmetryCandidates(topology: topology),
            workBudget: deadlockWorkBudget)
    }

    /// Work the Valiant/UGAL dependency graph may take (legs' destinations × (V + E + Σ deg²)) before the check falls
    /// back to counting lanes (`ChannelDependencyAnalysis.phased()`).
    static let phasedWorkBudget = 1e9

    /// The minimal routing of the design: dimension order when every device is an accelerator with coordinates (tori,
    /// meshes, full meshes), else minimal routing with up/down ranks from declared tiers (else the structure's levels).
    static func dependencyRouting(topology: Topology, structure: FabricStructure) -> DependencyRouting {
        let devices = topology.devices
        let dimensions = devices.first?.coordinates.count ?? 0
        let direct = dimensions > 0 && devices.allSatisfy { $0.isAccelerator && $0.coordinates.count == dimensions }
        if direct { return .dimensionOrder(coordinates: devices.map(\.coordinates)) }
        // Up/down order: the declared tier, else the scale-out level (scale-up switches declare their tier).
        let levels = structure.level
        return .minimal(rank: levels.indices.map { Int64(max(devices[$0].tier ?? Int(levels[$0]), 0)) << 32 | Int64($0) })
    }

    /// The channel dependencies of a routing chosen by `--routing`, the `routing` key or imported tables; nil for
    /// ECMP (the default analysis above) or when the routing cannot be built. Imported tables are checked in one lane
    /// (`CSRGraph.tableChannelDependencies`); up*/down* never turns up after going down, so its paths have no valley
    /// and one lane is acyclic (Schroeder et al. 1991); dimension order uses its dateline lanes.
    static func routedChannelDependencies(topology: Topology, properties: DesignProperties, graph: CSRGraph) -> ChannelDependencyAnalysis? {
        switch try? TrafficAnalysis.router(topology: topology, graph: graph) {
        case .tables(let plan)?:
            return graph.tableChannelDependencies(plan: plan)
        case .upDown?:
            return .upDown(virtualLanes: properties.virtualLanes, destinations: graph.accelerators.count)
        case .dimensionOrder?:
            return graph.channelDependencies(
                routing: .dimensionOrder(coordinates: topology.devices.map(\.coordinates)),
                virtualLanes: properties.virtualLanes, forwarding: graph.relays,
                workBudget: deadlockWorkBudget)
        case .ecmp?, nil:
            return nil
        }
    }

    /// Minimum edge-disjoint paths between accelerators; in a single-homed design, between the access switches of
    /// single-homed accelerators and the other accelerators (their own access link is an accepted single point).
    static func terminalEdgeConnectivity(topology: Topology, properties: DesignProperties, graph: CSRGraph) -> AcceleratorCut? {
        guard properties.singleHomed else { return graph.edgeConnectivity() }
        var copy = topology
        var promoted = false
        for vertex in graph.accelerators {
            var neighbour: Int32 = -1
            var single = true
            for arc in graph.arcs(from: vertex) {
                let head = graph.head[Int(arc)]
                if neighbour < 0 {
                    neighbour = head
                } else if neighbour != head {
                    single = false
                    break
                }
            }
            guard single, neighbour >= 0 else { continue }
            copy.updateDevice(at: vertex) { $0.role = .other }
            copy.updateDevice(at: neighbour) { $0.role = .accelerator }
            promoted = true
        }
        guard promoted else { return graph.edgeConnectivity() }
        return CSRGraph(copy).edgeConnectivity()
    }
}
