import FabricModel

extension TrafficAnalysis {
    /// Attribute-free candidate symmetry blocks from the tiers: for each tier t above the accelerators, the connected
    /// components of the devices below t (e.g. removing the superspines splits a supercluster into its SuperPoDs),
    /// each grown upwards by the devices whose lower-tier neighbours all lie in one block (a leaf joins the pod of its
    /// accelerators). Tiers are the declared ones, else hop distances from the accelerators. Only assignments with at
    /// least two blocks, not all single devices, are returned, distinct; `SymmetryFamilies` verifies them, so they are only candidates.
    /// - Complexity: O(T · (V + E α(V))) for T tiers (union-find, Tarjan 1975).
    public static func structuralBlocks(topology: Topology) -> [[Int32]] {
        let n = topology.devices.count
        guard n > 0 else { return [] }
        let tier = structuralTiers(topology)
        let levels = Set(tier.filter { $0 >= 0 }).sorted()
        var results: [[Int32]] = []
        var sources = [Int32](repeating: 0, count: topology.links.count)
        var targets = sources
        topology.links.withUnsafeBufferPointer { links in
            for index in links.indices {
                sources[index] = links[index].source
                targets[index] = links[index].target
            }
        }
        for threshold in levels.dropFirst().reversed() {
            var parent = (0..<Int32(n)).map { $0 }
            func find(_ x: Int32) -> Int32 {
                var root = x
                while parent[Int(root)] != root { root = parent[Int(root)] }
                var current = x
                while parent[Int(current)] != root {
                    let next = parent[Int(current)]
                    parent[Int(current)] = root
                    current = next
                }
                return root
            }
            for index in sources.indices {
                let (u, w) = (sources[index], targets[index])
                guard u != w, tier[Int(u)] >= 0, tier[Int(w)] >= 0, tier[Int(u)] < threshold, tier[Int(w)] < threshold else { continue }
                let (a, b) = (find(u), find(w))
                if a != b { parent[Int(max(a, b))] = min(a, b) }
            }
            var block = [Int32](repeating: -1, count: n)
            for vertex in 0..<n where tier[vertex] >= 0 && tier[vertex] < threshold { block[vertex] = find(Int32(vertex)) }
            // Grow upwards, tier by tier: a device joins the one block holding all its lower-tier neighbours.
            for level in levels where level >= threshold {
                var joined = [Int32](repeating: -1, count: n)  // -1 none seen, -2 several blocks or an unassigned one
                func note(_ upper: Int32, _ lower: Int32) {
                    guard tier[Int(upper)] == level, tier[Int(lower)] >= 0, tier[Int(lower)] < level else { return }
                    let target = block[Int(lower)]
                    let current = joined[Int(upper)]
                    if target < 0 || (current != -1 && current != target) { joined[Int(upper)] = -2 } else { joined[Int(upper)] = target }
                }
                for index in sources.indices {
                    note(sources[index], targets[index])
                    note(targets[index], sources[index])
                }
                for vertex in 0..<n where tier[vertex] == level && joined[vertex] >= 0 { block[vertex] = joined[vertex] }
            }
            // Canonical ids (first appearance), so equal partitions compare equal.
            var rename = [Int32](repeating: -1, count: n)
            var next: Int32 = 0
            for vertex in 0..<n where block[vertex] >= 0 {
                let root = Int(block[vertex])
                if rename[root] < 0 {
                    rename[root] = next
                    next += 1
                }
                block[vertex] = rename[root]
            }
            // Single-vertex blocks are twins, which the users find themselves.
            if next >= 2 && Int(next) < block.filter({ $0 >= 0 }).count && !results.contains(block) { results.append(block) }
        }
        return results
    }

    /// Declared tiers, or when some device has none, hop distances from the nearest accelerator (-1 unreachable).
    private static func structuralTiers(_ topology: Topology) -> [Int32] {
        let devices = topology.devices
        if devices.allSatisfy({ $0.tier != nil }) { return devices.map { Int32($0.tier ?? 0) } }
        let n = devices.count
        var start = [Int32](repeating: 0, count: n + 1)
        for link in topology.links where link.source != link.target {
            start[Int(link.source) + 1] += 1
            start[Int(link.target) + 1] += 1
        }
        for vertex in 0..<n { start[vertex + 1] += start[vertex] }
        var fill = Array(start.dropLast())
        var neighbour = [Int32](repeating: 0, count: Int(start[n]))
        for link in topology.links where link.source != link.target {
            neighbour[Int(fill[Int(link.source)])] = link.target
            fill[Int(link.source)] += 1
            neighbour[Int(fill[Int(link.target)])] = link.source
            fill[Int(link.target)] += 1
        }
        var tier = devices.map { $0.isAccelerator ? Int32(0) : -1 }
        var queue = (0..<n).filter { tier[$0] == 0 }.map(Int32.init)
        var read = 0
        while read < queue.count {
            let vertex = Int(queue[read])
            read += 1
            for index in Int(start[vertex])..<Int(start[vertex + 1]) where tier[Int(neighbour[index])] < 0 {
                tier[Int(neighbour[index])] = tier[vertex] + 1
                queue.append(neighbour[index])
            }
        }
        return tier
    }
}
