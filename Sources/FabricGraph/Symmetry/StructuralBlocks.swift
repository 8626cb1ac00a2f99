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
        guard levels.count >= 2 else { return [] }
        var levelIndex: [Int32: Int32] = [:]
        for (index, level) in levels.enumerated() { levelIndex[level] = Int32(index) }
        let levelOf = tier.map { $0 >= 0 ? levelIndex[$0] ?? -1 : -1 }
        // Links bucketed by the higher level of their ends (counting sort), lower end first.
        let bucketCount = levels.count
        var bucketStart = [Int](repeating: 0, count: bucketCount + 1)
        topology.links.withUnsafeBufferPointer { links in
            for link in links where link.source != link.target && levelOf[Int(link.source)] >= 0 && levelOf[Int(link.target)] >= 0 {
                bucketStart[Int(max(levelOf[Int(link.source)], levelOf[Int(link.target)])) + 1] += 1
            }
        }
        for bucket in 0..<bucketCount { bucketStart[bucket + 1] += bucketStart[bucket] }
        var lower = [Int32](repeating: 0, count: bucketStart[bucketCount])
        var upper = lower
        var fill = Array(bucketStart.dropLast())
        topology.links.withUnsafeBufferPointer { links in
            for link in links where link.source != link.target && levelOf[Int(link.source)] >= 0 && levelOf[Int(link.target)] >= 0 {
                let (a, b) = levelOf[Int(link.source)] <= levelOf[Int(link.target)] ? (link.source, link.target) : (link.target, link.source)
                let bucket = Int(levelOf[Int(b)])
                lower[fill[bucket]] = a
                upper[fill[bucket]] = b
                fill[bucket] += 1
            }
        }
        var parent = (0..<Int32(n)).map { $0 }
        var results: [[Int32]] = []
        for threshold in 1..<bucketCount {
            // Components below the threshold: union the links whose higher end just dropped below it.
            for index in bucketStart[threshold - 1]..<bucketStart[threshold] {
                let (a, b) = (unionFindRoot(lower[index], in: &parent), unionFindRoot(upper[index], in: &parent))
                if a != b { parent[Int(max(a, b))] = min(a, b) }
            }
            var block = [Int32](repeating: -1, count: n)
            for vertex in 0..<n where levelOf[vertex] >= 0 && levelOf[vertex] < threshold { block[vertex] = unionFindRoot(Int32(vertex), in: &parent) }
            // Grow upwards, level by level: a device joins the one block holding all its lower-level neighbours.
            var joined = [Int32](repeating: -1, count: n)  // -1 none seen, -2 several blocks or an unassigned one
            for level in threshold..<bucketCount {
                for index in bucketStart[level]..<bucketStart[level + 1] where levelOf[Int(lower[index])] < level {
                    let (top, target) = (Int(upper[index]), block[Int(lower[index])])
                    let current = joined[top]
                    joined[top] = target < 0 || (current != -1 && current != target) ? -2 : target
                }
                for index in bucketStart[level]..<bucketStart[level + 1] {
                    let top = Int(upper[index])
                    if joined[top] >= 0 { block[top] = joined[top] }
                }
            }
            // Canonical ids (first appearance), so equal partitions compare equal.
            var rename = [Int32](repeating: -1, count: n)
            var next: Int32 = 0
            var members = 0
            for vertex in 0..<n where block[vertex] >= 0 {
                let root = Int(block[vertex])
                if rename[root] < 0 {
                    rename[root] = next
                    next += 1
                }
                block[vertex] = rename[root]
                members += 1
            }
            // Single-vertex blocks are twins, which the users find themselves.
            if next >= 2 && Int(next) < members && !results.contains(block) { results.append(block) }
        }
        return results.reversed()
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
