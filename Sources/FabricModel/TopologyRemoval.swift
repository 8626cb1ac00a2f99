/// A topology with some links and devices deleted, as a user would delete them from the file, and where every
/// kept element came from.
public struct TopologyRemoval: Sendable {
    /// The topology without the deleted elements (and without the links of deleted devices).
    public var topology: Topology
    /// For each original device, its index in `topology`, or -1 when it was deleted.
    public var deviceIndex: [Int32]
    /// For each original link, its index in `topology`, or -1 when it was deleted.
    public var linkIndex: [Int32]
    /// For each link of `topology`, its original index.
    public var linkOrigin: [Int32]
}

extension Topology {
    /// A copy without the given links and devices (a device takes its links and ports with it). Everything else is
    /// kept as it was: ids, source positions, ports, SRLG names and indices, graphs (a graph owned by a deleted
    /// device loses its owner), properties.
    /// - Complexity: O(V + E + P).
    public func removing(links removedLinks: some Sequence<Int32>, devices removedDevices: some Sequence<Int32>) -> TopologyRemoval {
        var goneDevice = [Bool](repeating: false, count: devices.count)
        for device in removedDevices where device >= 0 && Int(device) < devices.count { goneDevice[Int(device)] = true }
        var goneLink = [Bool](repeating: false, count: links.count)
        for link in removedLinks where link >= 0 && Int(link) < links.count { goneLink[Int(link)] = true }
        var copy = Topology(file: file)
        copy.properties = properties
        copy.rolesDeclared = rolesDeclared
        for name in srlgs { _ = copy.srlgIndex(named: name) }
        var deviceIndex = [Int32](repeating: -1, count: devices.count)
        for (index, device) in devices.enumerated() where !goneDevice[index] {
            deviceIndex[index] = copy.appendDeviceDeferringIndex(device)
        }
        // Ids were unique in `self`, so they are in the copy.
        _ = copy.rebuildDeviceIndex()
        copy.graphs = graphs.map { graph in
            var moved = graph
            if graph.ownerDevice >= 0, Int(graph.ownerDevice) < deviceIndex.count { moved.ownerDevice = deviceIndex[Int(graph.ownerDevice)] }
            return moved
        }
        var portIndex = [Int32](repeating: -1, count: ports.count)
        for (index, port) in ports.enumerated() where deviceIndex[Int(port.device)] >= 0 {
            portIndex[index] = Int32(copy.ports.count)
            copy.ports.append(port)
        }
        for index in copy.ports.indices {
            copy.ports[index].device = deviceIndex[Int(copy.ports[index].device)]
            let parent = copy.ports[index].parent
            copy.ports[index].parent = parent >= 0 && Int(parent) < portIndex.count ? portIndex[Int(parent)] : -1
        }
        var linkIndex = [Int32](repeating: -1, count: links.count)
        var origin: [Int32] = []
        copy.links.reserveCapacity(links.count)
        for (index, link) in links.enumerated() where !goneLink[index] {
            let source = deviceIndex[Int(link.source)]
            let target = deviceIndex[Int(link.target)]
            guard source >= 0, target >= 0 else { continue }
            var moved = link
            moved.source = source
            moved.target = target
            moved.sourcePort = link.sourcePort >= 0 && Int(link.sourcePort) < portIndex.count ? portIndex[Int(link.sourcePort)] : -1
            moved.targetPort = link.targetPort >= 0 && Int(link.targetPort) < portIndex.count ? portIndex[Int(link.targetPort)] : -1
            linkIndex[index] = Int32(copy.links.count)
            copy.links.append(moved)
            origin.append(Int32(index))
        }
        assert(origin.count == copy.links.count)
        return TopologyRemoval(topology: copy, deviceIndex: deviceIndex, linkIndex: linkIndex, linkOrigin: origin)
    }
}
