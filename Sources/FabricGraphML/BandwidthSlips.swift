import FabricModel

/// Finds bit/byte slips: a link whose bandwidth is exactly 8× or 1/8 of the bandwidth most of its peers have, where
/// peers are the links joining the same kinds of device (same role and tier at each end). `400GB/s` among `400G`
/// links reads as 3.2 Tb/s; `50Gb/s` among `50GB/s` chip links as 1/8 of it. Both are warnings that change figures.
enum BandwidthSlips {
    /// One suspicious link.
    struct Slip {
        var link: Int32
        var message: String
    }

    /// The suspicious links of `topology`, in link order.
    /// - Complexity: O(V + E): devices map to dense (role, tier) classes, each class pair keeps at most 8 distinct
    ///   bandwidths with counts in a flat array; no per-link dictionary.
    static func find(in topology: Topology) -> [Slip] {
        let devices = topology.devices
        var classOf = [Int32](repeating: 0, count: devices.count)
        var classIndex: [Int: Int32] = [:]
        var classNames: [String] = []
        var classTiers: [Int] = []
        for (index, device) in devices.enumerated() {
            let rank = Role.allCases.firstIndex(of: device.role) ?? 0
            let key = rank &* 1_000_003 &+ (device.tier ?? -1)
            if let known = classIndex[key] {
                classOf[index] = known
            } else {
                let next = Int32(classNames.count)
                classIndex[key] = next
                classNames.append(device.role.rawValue + (device.tier.map { " (tier \($0))" } ?? ""))
                classTiers.append(device.tier ?? -1)
                classOf[index] = next
            }
        }
        let classCount = classNames.count
        // Too many distinct classes (tiers used as free-form numbers): the peer notion means nothing; skip.
        guard classCount > 0, classCount <= 256 else { return [] }
        let slotsPerGroup = 8
        let groupCount = classCount * classCount
        var values = [Double](repeating: 0, count: groupCount * slotsPerGroup)
        var counts = [Int](repeating: 0, count: groupCount * slotsPerGroup)
        func group(_ source: Int32, _ target: Int32) -> Int {
            let a = Int(classOf[Int(source)])
            let b = Int(classOf[Int(target)])
            return min(a, b) * classCount + max(a, b)
        }
        // Links are read in place (no copy of each Link value): this pass runs on every import.
        topology.links.withUnsafeBufferPointer { links in
            for link in links.indices where links[link].source != links[link].target {
                guard let bandwidth = links[link].bandwidth, bandwidth > 0 else { continue }
                let base = group(links[link].source, links[link].target) * slotsPerGroup
                let cables = Int(max(links[link].multiplicity, 1))
                for slot in base..<(base + slotsPerGroup) {
                    if counts[slot] == 0 {
                        values[slot] = bandwidth
                        counts[slot] = cables
                        break
                    }
                    if values[slot] == bandwidth {
                        counts[slot] += cables
                        break
                    }
                }
            }
        }
        // The usual bandwidth of each group: the most cables (ties: the smaller rate).
        var usual = [Int](repeating: -1, count: groupCount)
        for group in 0..<groupCount {
            var best = -1
            for slot in (group * slotsPerGroup)..<((group + 1) * slotsPerGroup) where counts[slot] > 0 {
                if best < 0 || counts[slot] > counts[best] || (counts[slot] == counts[best] && values[slot] < values[best]) { best = slot }
            }
            usual[group] = best
        }
        var suspects: [(link: Int, bandwidth: Double, best: Int, ratio: String)] = []
        topology.links.withUnsafeBufferPointer { links in
            for index in links.indices where links[index].source != links[index].target {
                guard let bandwidth = links[index].bandwidth, bandwidth > 0 else { continue }
                let best = usual[group(links[index].source, links[index].target)]
                guard best >= 0, counts[best] >= 2 else { continue }
                let peer = values[best]
                if bandwidth == peer * 8 {
                    suspects.append((index, bandwidth, best, "8×"))
                } else if bandwidth * 8 == peer {
                    suspects.append((index, bandwidth, best, "1/8 of"))
                }
            }
        }
        var slips: [Slip] = []
        for (index, bandwidth, best, ratio) in suspects {
            let link = topology.links[index]
            let peer = values[best]
            let a = Int(classOf[Int(link.source)])
            let b = Int(classOf[Int(link.target)])
            // Named lower tier first: "switch (tier 1)–switch (tier 2)".
            let (low, high) = (classTiers[a], a) <= (classTiers[b], b) ? (a, b) : (b, a)
            let kinds = "\(classNames[low])–\(classNames[high])"
            slips.append(
                Slip(
                    link: Int32(index),
                    message:
                        "link \(topology.describeLink(Int32(index))) is \(Bandwidth.format(bitsPerSecond: bandwidth)), exactly \(ratio) the "
                        + "\(Bandwidth.format(bitsPerSecond: peer)) of its \(counts[best]) \(kinds) peers: a bit/byte slip? "
                        + "(B is bytes, b bits: 400GB/s = 3.2 Tb/s, 400Gb/s = 400G)"))
        }
        return slips
    }
}
