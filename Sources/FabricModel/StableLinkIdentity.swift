/// The two ends of a link as an unordered pair of (device, port), the key of its parallel group in the stable link
/// identity: links with equal keys are "identical endpoint/port pairs".
public struct LinkEndsKey: Hashable, Sendable {
    /// The lower (device, port) end, ordered by device index then port index.
    public let lowDevice: Int32
    /// Port of the lower end, -1 when the link names none.
    public let lowPort: Int32
    /// The higher (device, port) end.
    public let highDevice: Int32
    /// Port of the higher end, -1 when the link names none.
    public let highPort: Int32

    /// The key of a link (orientation does not matter: `A:1~B:2` and `B:2~A:1` are one pair).
    public init(_ link: Link) {
        let first = (link.source, link.sourcePort)
        let second = (link.target, link.targetPort)
        let (low, high) = first <= second ? (first, second) : (second, first)
        lowDevice = low.0
        lowPort = low.1
        highDevice = high.0
        highPort = high.1
    }
}

extension Topology {
    /// The stable identity of every link: its GraphML edge id when it has one; otherwise `SOURCE~TARGET`, each end
    /// written `DEVICE:PORT` when the link names a port, followed by `#n` only when several links share the same two
    /// (device, port) ends, n counting them in document order from 1. Editing other links, or adding and removing
    /// devices, never changes a link's identity; only a link with the same two ends declared before it does.
    /// See docs/graphml-schema.md, "Link identity".
    /// - Complexity: O(E) expected (one hash map keyed by the link's two ends).
    public func stableLinkIDs() -> [String] {
        var groupSize: [LinkEndsKey: Int32] = [:]
        for link in links where link.id == nil { groupSize[LinkEndsKey(link), default: 0] += 1 }
        var seen: [LinkEndsKey: Int32] = [:]
        var names: [String] = []
        names.reserveCapacity(links.count)
        for link in links {
            if let id = link.id {
                names.append(id)
                continue
            }
            let key = LinkEndsKey(link)
            let ordinal = (seen[key] ?? 0) + 1
            seen[key] = ordinal
            let base = linkEndsName(link)
            names.append((groupSize[key] ?? 1) > 1 ? "\(base)#\(ordinal)" : base)
        }
        return names
    }

    /// The `#n` of every link's stable identity without building the names: per link, n (1-based, document order)
    /// when it shares its two (device, port) ends with another link without id, 0 otherwise; empty when every link has
    /// an id. Sweeps name only the links of the records they write (`stableLinkID(_:ordinals:)`), so a 15M-link sweep
    /// keeps 4 bytes per link instead of a string.
    /// - Complexity: O(E log d), links bucketed by their lower device, each bucket (at most its degree) sorted.
    public func stableLinkOrdinals() -> [Int32] {
        guard links.contains(where: { $0.id == nil }) else { return [] }
        var start = [Int32](repeating: 0, count: devices.count + 1)
        for link in links where link.id == nil { start[Int(LinkEndsKey(link).lowDevice) + 1] += 1 }
        for device in 0..<devices.count { start[device + 1] += start[device] }
        var fill = start
        var bucket = [Int32](repeating: 0, count: Int(start[devices.count]))
        for (index, link) in links.enumerated() where link.id == nil {
            let low = Int(LinkEndsKey(link).lowDevice)
            bucket[Int(fill[low])] = Int32(index)
            fill[low] += 1
        }
        var ordinals = [Int32](repeating: 0, count: links.count)
        for device in 0..<devices.count where start[device + 1] - start[device] > 1 {
            // Links of this bucket are in document order; a stable sort by the other three key parts keeps it in a group.
            let group = bucket[Int(start[device])..<Int(start[device + 1])].map { (LinkEndsKey(links[Int($0)]), $0) }
            let sorted = group.sorted { ($0.0.lowPort, $0.0.highDevice, $0.0.highPort, $0.1) < ($1.0.lowPort, $1.0.highDevice, $1.0.highPort, $1.1) }
            var runStart = 0
            for position in 1...sorted.count where position == sorted.count || sorted[position].0 != sorted[runStart].0 {
                if position - runStart > 1 {
                    for (offset, entry) in sorted[runStart..<position].enumerated() { ordinals[Int(entry.1)] = Int32(offset + 1) }
                }
                runStart = position
            }
        }
        return ordinals
    }

    /// The stable identity of one link given `stableLinkOrdinals()` (equal to `stableLinkIDs()[index]`).
    public func stableLinkID(_ index: Int, ordinals: [Int32]) -> String {
        let link = links[index]
        if let id = link.id { return id }
        let ordinal = ordinals.isEmpty ? 0 : ordinals[index]
        return ordinal > 0 ? "\(linkEndsName(link))#\(ordinal)" : linkEndsName(link)
    }

    /// `SOURCE~TARGET` with `:PORT` after each end that names a port (the stable identity without its `#n`).
    public func linkEndsName(_ link: Link) -> String {
        endName(device: link.source, port: link.sourcePort) + "~" + endName(device: link.target, port: link.targetPort)
    }

    private func endName(device: Int32, port: Int32) -> String {
        let id = devices[Int(device)].id
        guard port >= 0, Int(port) < ports.count else { return id }
        return id + ":" + ports[Int(port)].name
    }
}
