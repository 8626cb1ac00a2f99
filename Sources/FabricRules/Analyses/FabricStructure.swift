import FabricGraph
import FabricModel
import Foundation

/// How a design's links and devices divide into scale-up domains and a tiered scale-out network.
///
/// Classification of a link, first match wins:
/// 1. an explicit `network` (or `fabric`, `domain`) value on the link, or on a switch at either end:
///    `scale-up` (also `nvlink`, `ub`, `ici`) or `scale-out` (also `roce`, `ib`, `ethernet`, `backend`);
/// 2. accelerator–accelerator links (tori, full meshes, UB-Mesh) are scale-up;
/// 3. a link between an accelerator and a switch whose every neighbour is an accelerator (NVSwitch, a UB
///    switch plane) is scale-up;
/// 4. everything else is scale-out.
///
/// Levels of the scale-out network: accelerators are 0; other devices take their declared `tier` when every
/// scale-out switch declares one, else their hop distance from the nearest accelerator over scale-out links.
public struct FabricStructure: Sendable {
    /// Whether each link is scale-up (by link index).
    public let isScaleUpLink: [Bool]
    /// Whether each device is a scale-up switch (all its links are scale-up).
    public let isScaleUpSwitch: [Bool]
    /// The scale-up domain of each accelerator (the smallest accelerator index in it); -1 for other devices.
    public let scaleUpDomain: [Int32]
    /// Size of each accelerator's scale-up domain (1 for an accelerator without scale-up links); 0 for other devices.
    public let scaleUpDomainSize: [Int32]
    /// Level of each device in the scale-out network; -1 when unreachable from any accelerator over scale-out links.
    public let level: [Int32]
    /// Number of distinct switch levels of the scale-out network (0 for a design without scale-out switches).
    public let switchTierCount: Int
    /// Scale-out capacity (bit/s, cables where bandwidth is unknown) of each device toward lower levels.
    public let downCapacity: [Double]
    /// Scale-out capacity of each device toward higher levels.
    public let upCapacity: [Double]
    /// Scale-out capacity of each device to devices on its own level (dragonfly global links, rings).
    public let lateralCapacity: [Double]
    /// Scale-up capacity of each device.
    public let scaleUpCapacity: [Double]

    /// Classifies the topology.
    /// - Complexity: O(V + E): one pass over links, one union-find pass, one multi-source BFS.
    public init(topology: Topology, graph: CSRGraph) {
        let deviceCount = topology.devices.count
        let links = topology.links
        let devices = topology.devices
        // Per-device flags read once: the loops over links below then read no `Device` (copying one per access, with
        // its strings and dictionaries, was most of this analysis's time at a million devices).
        let isAccelerator = graph.isAccelerator
        var isSwitch = [Bool](repeating: false, count: deviceCount)
        var declaredDevice = [NetworkClass?](repeating: nil, count: deviceCount)
        devices.withUnsafeBufferPointer { devices in
            for vertex in devices.indices {
                isSwitch[vertex] = devices[vertex].role == .switch
                declaredDevice[vertex] = NetworkClass(attributes: devices[vertex].attributes) ?? NetworkClass(plane: devices[vertex].plane)
            }
        }
        // 1. Scale-up switches: switches whose neighbours are all accelerators, unless declared otherwise (a `network`,
        //    `fabric` or `domain` attribute, or a UB/NVLink/ICI plane name).
        var onlyAccelerators = [Bool](repeating: true, count: deviceCount)
        var hasLinks = [Bool](repeating: false, count: deviceCount)
        for vertex in 0..<deviceCount where isSwitch[vertex] {
            for arc in graph.arcs(from: Int32(vertex)) {
                hasLinks[vertex] = true
                if !graph.isAccelerator[Int(graph.head[Int(arc)])] {
                    onlyAccelerators[vertex] = false
                    break
                }
            }
        }
        // A link to a switch whose every neighbour is an accelerator is scale-up.
        var scaleUpPeer = [Bool](repeating: false, count: deviceCount)
        for vertex in 0..<deviceCount { scaleUpPeer[vertex] = isSwitch[vertex] && hasLinks[vertex] && onlyAccelerators[vertex] }
        let upLink = Self.scaleUpLinks(links, declaredDevice: declaredDevice, isAccelerator: isAccelerator, scaleUpPeer: scaleUpPeer)
        var scaleUpSwitch = [Bool](repeating: false, count: deviceCount)
        var anyLink = [Bool](repeating: false, count: deviceCount)
        var allUp = [Bool](repeating: true, count: deviceCount)
        links.withUnsafeBufferPointer { links in
            for index in links.indices where !links[index].isSelfLoop {
                let ends = (Int(links[index].source), Int(links[index].target))
                anyLink[ends.0] = true
                anyLink[ends.1] = true
                if !upLink[index] {
                    allUp[ends.0] = false
                    allUp[ends.1] = false
                }
            }
        }
        for vertex in 0..<deviceCount where !isAccelerator[vertex] {
            scaleUpSwitch[vertex] = anyLink[vertex] && allUp[vertex]
        }
        // 2. Scale-up domains: union-find over accelerators joined by scale-up links (through scale-up switches).
        var parent = [Int32](0..<Int32(deviceCount))
        func find(_ x: Int32) -> Int32 { unionFindRoot(x, in: &parent) }
        for index in links.indices where upLink[index] {
            let ra = find(links[index].source)
            let rb = find(links[index].target)
            if ra != rb { if ra < rb { parent[Int(rb)] = ra } else { parent[Int(ra)] = rb } }
        }
        var domain = [Int32](repeating: -1, count: deviceCount)
        var domainCount = [Int32](repeating: 0, count: deviceCount)
        var smallest = [Int32](repeating: -1, count: deviceCount)
        for vertex in 0..<deviceCount where isAccelerator[vertex] {
            let root = Int(find(Int32(vertex)))
            domainCount[root] += 1
            if smallest[root] < 0 { smallest[root] = Int32(vertex) }
        }
        var domainSize = [Int32](repeating: 0, count: deviceCount)
        for vertex in 0..<deviceCount where isAccelerator[vertex] {
            let root = Int(find(Int32(vertex)))
            domain[vertex] = smallest[root]
            domainSize[vertex] = domainCount[root]
        }
        // 3. Levels of the scale-out network.
        var level = [Int32](repeating: -1, count: deviceCount)
        var queue: [Int32] = []
        queue.reserveCapacity(deviceCount)
        for vertex in 0..<deviceCount where isAccelerator[vertex] {
            level[vertex] = 0
            queue.append(Int32(vertex))
        }
        var head = 0
        while head < queue.count {
            let vertex = queue[head]
            head += 1
            for arc in graph.arcs(from: vertex) where !upLink[Int(graph.link[Int(arc)])] {
                let next = Int(graph.head[Int(arc)])
                if level[next] < 0 {
                    level[next] = level[Int(vertex)] + 1
                    queue.append(Int32(next))
                }
            }
        }
        let scaleOutSwitches = (0..<deviceCount).filter { !isAccelerator[$0] && !scaleUpSwitch[$0] && level[$0] > 0 }
        if !scaleOutSwitches.isEmpty, scaleOutSwitches.allSatisfy({ (devices[$0].tier ?? 0) > 0 }) {
            for vertex in scaleOutSwitches { level[vertex] = Int32(devices[vertex].tier ?? 0) }
        }
        var tiers = Set<Int32>()
        for vertex in scaleOutSwitches where isSwitch[vertex] { tiers.insert(level[vertex]) }
        // 4. Capacities by direction.
        var down = [Double](repeating: 0, count: deviceCount)
        var up = [Double](repeating: 0, count: deviceCount)
        var lateral = [Double](repeating: 0, count: deviceCount)
        var scaleUp = [Double](repeating: 0, count: deviceCount)
        for vertex in 0..<deviceCount {
            for arc in graph.arcs(from: Int32(vertex)) {
                let linkIndex = Int(graph.link[Int(arc)])
                let capacity = max(graph.capacity[Int(arc)], graph.capacity[Int(graph.reverse[Int(arc)])])
                if upLink[linkIndex] {
                    scaleUp[vertex] += capacity
                    continue
                }
                let other = Int(graph.head[Int(arc)])
                if level[vertex] < 0 || level[other] < 0 { continue }
                if level[other] > level[vertex] {
                    up[vertex] += capacity
                } else if level[other] < level[vertex] {
                    down[vertex] += capacity
                } else {
                    lateral[vertex] += capacity
                }
            }
        }
        self.isScaleUpLink = upLink
        self.isScaleUpSwitch = scaleUpSwitch
        self.scaleUpDomain = domain
        self.scaleUpDomainSize = domainSize
        self.level = level
        self.switchTierCount = tiers.count
        self.downCapacity = down
        self.upCapacity = up
        self.lateralCapacity = lateral
        self.scaleUpCapacity = scaleUp
    }

    /// Whether each link is scale-up, by the first rule that applies (see the type's documentation): the link's own
    /// declaration, a declaration on either end, accelerator–accelerator (not a self-loop), or an accelerator and a
    /// switch whose neighbours are all accelerators (`scaleUpPeer`).
    /// - Complexity: O(E).
    private static func scaleUpLinks(_ links: [Link], declaredDevice: [NetworkClass?], isAccelerator: [Bool], scaleUpPeer: [Bool]) -> [Bool] {
        var upLink = [Bool](repeating: false, count: links.count)
        links.withUnsafeBufferPointer { links in
            for index in links.indices {
                let a = Int(links[index].source)
                let b = Int(links[index].target)
                if let declared = NetworkClass(attributes: links[index].attributes) {
                    upLink[index] = declared == .scaleUp
                } else if let declared = declaredDevice[a] ?? declaredDevice[b] {
                    upLink[index] = declared == .scaleUp
                } else if isAccelerator[a] && isAccelerator[b] {
                    upLink[index] = a != b
                } else {
                    upLink[index] = (isAccelerator[a] && scaleUpPeer[b]) || (isAccelerator[b] && scaleUpPeer[a])
                }
            }
        }
        return upLink
    }
}

/// Scale-up (NVLink-class, UB, ICI) or scale-out (RoCE, InfiniBand, Ethernet) network.
public enum NetworkClass: Sendable, Hashable {
    case scaleUp
    case scaleOut

    /// The class a `network`, `fabric` or `domain` attribute declares; nil when none does.
    public init?(attributes: [String: AttributeValue]) {
        for key in ["network", "fabric", "domain"] {
            guard case .string(let text)? = attributes[key] else { continue }
            let value = text.lowercased().replacingOccurrences(of: "_", with: "-")
            switch value {
            case "scale-up", "scaleup", "nvlink", "ub", "ici", "scale up":
                self = .scaleUp
                return
            case "scale-out", "scaleout", "roce", "ib", "infiniband", "ethernet", "backend", "scale out":
                self = .scaleOut
                return
            default: continue
            }
        }
        return nil
    }

    /// The class a device's plane name declares: a UB, NVLink or ICI plane (`ub0`, `ub-3`, `nvlink2`) is
    /// scale-up switching, as in CloudMatrix384's L1/L2 UB switches; any other plane name declares nothing.
    public init?(plane: String?) {
        guard let plane else { return nil }
        var name = plane.lowercased()
        while let last = name.last, last.isNumber || last == "-" || last == "_" || last == "." { name.removeLast() }
        switch name {
        case "ub", "nvlink", "nvl", "ici", "scale-up", "scaleup": self = .scaleUp
        default: return nil
        }
    }
}
