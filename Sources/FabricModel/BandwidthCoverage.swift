/// Which links carry a bandwidth, and what that means for every capacity figure: when at least one link between two
/// devices declares a bandwidth, figures are in bit/s and a link without one is excluded (capacity 0) rather than
/// counted as one "cable" added to bit/s; when none does, every figure counts cables.
extension Topology {
    /// Links between two devices that declare no bandwidth in a design where at least one other link does, ascending.
    /// - Complexity: O(links).
    public var linksWithoutBandwidth: [Int32] {
        var missing: [Int32] = []
        var declared = false
        links.withUnsafeBufferPointer { links in
            for index in links.indices where links[index].source != links[index].target {
                if links[index].bandwidth == nil { missing.append(Int32(index)) } else { declared = true }
            }
        }
        return declared ? missing : []
    }

    /// True when some link between two devices declares a bandwidth, so capacity figures are in bit/s.
    public var capacitiesInBitsPerSecond: Bool {
        links.contains { $0.bandwidth != nil && $0.source != $0.target }
    }

    /// One line for text reports saying what capacity figures mean when it is not plain bit/s: every figure in cables
    /// (no bandwidth anywhere), or the links excluded from bit/s figures, named with their location (at most
    /// `limit`); nil when every link has a bandwidth.
    public func capacityUnitNote(limit: Int = 5) -> String? {
        if !capacitiesInBitsPerSecond {
            return links.contains { $0.source != $0.target } ? "no link has a bandwidth: every capacity figure counts cables" : nil
        }
        let missing = linksWithoutBandwidth
        guard !missing.isEmpty else { return nil }
        let named = missing.prefix(limit).map { "\(describeLink($0)) at \(location(ofLink: $0))" }.joined(separator: ", ")
        let more = missing.count > limit ? " and \(missing.count - limit) more" : ""
        return "\(missing.count) link\(missing.count == 1 ? " declares" : "s declare") no bandwidth and \(missing.count == 1 ? "is" : "are") "
            + "excluded from every bit/s figure: \(named)\(more)"
    }
}
