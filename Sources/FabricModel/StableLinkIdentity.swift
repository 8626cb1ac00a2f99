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
