import FabricModel

/// Classes of failures that are equivalent under verified automorphisms of the healthy design.
///
/// The graph engine's `SymmetryFamilies` finds blocks of vertices whose pairwise swap is an automorphism of the
/// healthy graph that preserves uniform accelerator traffic (exact signatures, blocks not touching each other), with
/// their incident arcs aligned position by position. A swap σ maps the scenario "fail link e" to "fail link σ(e)"
/// and "fail device v" to "fail device σ(v)"; since σ is an automorphism preserving capacities and demand, the
/// masked graphs are isomorphic, so every figure of the two scenarios (max utilization, links over capacity,
/// unroutable pairs, stranded accelerators) is equal. The classes are the orbits of the group the swaps generate,
/// found with union–find over the generators (candidate blocks: every vertex alone — twins — then racks, pods,
/// (pod, rail) groups and planes). A link is only merged with a link of the same cable count whose cables the swap
/// maps one to one (a swap may map a 2-cable link onto two 1-cable links: such a pair is not merged). Tori and full
/// meshes with coordinates that `TranslationSymmetry` verifies as Cayley graphs add the translations: one-cable
/// links of equal coordinate difference are merged.
public struct FailureSymmetry: Sendable {
    /// Class representative (smallest index) of each link.
    public let linkRepresentative: [Int32]
    /// Class representative (smallest index) of each device.
    public let deviceRepresentative: [Int32]

    /// Finds the classes of a topology's graph.
    /// - Complexity: O(c · (V + E) log E) for c candidate partitions.
    public init(graph: CSRGraph, topology: Topology) {
        var links = UnionFind(count: graph.linkCount)
        var devices = UnionFind(count: graph.vertexCount)
        let routable = graph.routableArcs(under: nil)
        var groupOf = [Int32](repeating: -1, count: graph.vertexCount)
        for accelerator in graph.accelerators { groupOf[Int(accelerator)] = 0 }
        let weight = [Double](repeating: 1, count: graph.vertexCount)
        var cables = [Int32](repeating: 0, count: graph.linkCount)
        for arc in 0..<graph.arcCount { cables[Int(graph.link[arc])] += 1 }
        for blocks in Self.candidatePartitions(topology) {
            let found = SymmetryFamilies(graph: graph, routable: routable, blockOf: blocks, groupOf: groupOf, weight: weight)
            for family in found.families {
                let first = family.arcs[0]
                for other in 1..<family.blocks.count {
                    let arcs = family.arcs[other]
                    guard arcs.count == first.count else { continue }
                    // The swap's link map must be a bijection between links of equal cable counts.
                    var image: [Int32: Int32] = [:]
                    var preimage: [Int32: Int32] = [:]
                    var consistent = true
                    for (a, b) in zip(first, arcs) {
                        let from = graph.link[Int(a)]
                        let to = graph.link[Int(b)]
                        if cables[Int(from)] != cables[Int(to)] || (image[from].map { $0 != to } ?? false)
                            || (preimage[to].map { $0 != from } ?? false)
                        {
                            consistent = false
                            break
                        }
                        image[from] = to
                        preimage[to] = from
                    }
                    guard consistent else { continue }
                    for (from, to) in image { links.union(Int(from), Int(to)) }
                    for (a, b) in zip(family.blocks[0], family.blocks[other]) { devices.union(Int(a), Int(b)) }
                }
            }
        }
        // Tori and full meshes whose coordinates make them Cayley graphs: every translation is an automorphism that
        // preserves uniform traffic (`TranslationSymmetry` verifies it), so one-cable links of the same coordinate
        // difference (±δ, one such cable per vertex) are equivalent, and so are all devices.
        if let (coordinates, dimensions) = Self.coordinates(topology),
            let translation = TranslationSymmetry(
                graph: graph, coordinates: coordinates, dimensions: dimensions, routable: routable,
                groupOf: groupOf, weight: weight)
        {
            var firstOfDifference: [Int32: Int] = [:]
            for arc in 0..<graph.arcCount where cables[Int(graph.link[arc])] == 2 {  // one cable: two arcs
                let forward = translation.arcClass[arc]
                let backward = translation.arcClass[Int(graph.reverse[arc])]
                guard translation.multiplicity[Int(forward)] == 1, translation.multiplicity[Int(backward)] == 1 else { continue }
                let key = min(forward, backward)
                let link = Int(graph.link[arc])
                if let first = firstOfDifference[key] { links.union(first, link) } else { firstOfDifference[key] = link }
            }
            for vertex in 1..<graph.vertexCount { devices.union(0, vertex) }
        }
        linkRepresentative = (0..<graph.linkCount).map { Int32(links.find($0)) }
        deviceRepresentative = (0..<graph.vertexCount).map { Int32(devices.find($0)) }
    }

    /// Every device's coordinates, flattened, when all devices have the same positive number of them.
    static func coordinates(_ topology: Topology) -> ([Int32], Int)? {
        guard let dimensions = topology.devices.first?.coordinates.count, dimensions > 0 else { return nil }
        var flat: [Int32] = []
        flat.reserveCapacity(topology.devices.count * dimensions)
        for device in topology.devices {
            guard device.coordinates.count == dimensions else { return nil }
            for value in device.coordinates {
                guard let narrow = Int32(exactly: value) else { return nil }
                flat.append(narrow)
            }
        }
        return (flat, dimensions)
    }

    /// Candidate blocks: each vertex alone, then racks, pods, (pod, rail) and planes when the design names them.
    static func candidatePartitions(_ topology: Topology) -> [[Int32]] {
        var partitions: [[Int32]] = [Array(0..<Int32(topology.devices.count))]
        let keys: [(Device) -> String?] = [
            { $0.rack }, { $0.pod },
            { device in device.pod.flatMap { pod in device.rail.map { "\(pod)/\($0)" } } },
            { $0.plane },
        ]
        for key in keys {
            var ids: [String: Int32] = [:]
            var blocks = [Int32](repeating: -1, count: topology.devices.count)
            for (index, device) in topology.devices.enumerated() {
                guard let name = key(device) else { continue }
                if ids[name] == nil { ids[name] = Int32(ids.count) }
                blocks[index] = ids[name] ?? -1
            }
            if ids.count >= 2 { partitions.append(blocks) }
        }
        return partitions
    }

    /// For each element of a sweep, the position of its class representative among the elements (itself when the
    /// element is a group or its class has no earlier element).
    public func representatives(of elements: [SweepElement]) -> [Int] {
        var firstOfLinkClass: [Int32: Int] = [:]
        var firstOfDeviceClass: [Int32: Int] = [:]
        var result: [Int] = []
        result.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            let scenario = element.scenario
            if scenario.devices.isEmpty, scenario.links.count == 1 {
                let key = linkRepresentative[Int(scenario.links[0])]
                if let first = firstOfLinkClass[key] {
                    result.append(first)
                } else {
                    firstOfLinkClass[key] = position
                    result.append(position)
                }
            } else if scenario.links.isEmpty, scenario.devices.count == 1 {
                let key = deviceRepresentative[Int(scenario.devices[0])]
                if let first = firstOfDeviceClass[key] {
                    result.append(first)
                } else {
                    firstOfDeviceClass[key] = position
                    result.append(position)
                }
            } else {
                result.append(position)
            }
        }
        return result
    }

    /// Number of link classes.
    public var linkClassCount: Int { Set(linkRepresentative).count }
}
