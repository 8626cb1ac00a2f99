import FabricModel

/// Builds the small example topologies of rule descriptions in code. Every element gets a synthetic, increasing
/// line number (as if written one per line to `<example NAME>`), so findings on examples have locations.
public struct ExampleBuilder: Sendable {
    /// The topology built so far.
    public private(set) var topology: Topology
    private var nextLine: Int32 = 2

    /// Starts an empty example.
    public init(_ name: String) {
        topology = Topology(file: "<example \(name)>")
        topology.graphs = [Subgraph(id: "G", position: SourcePosition(line: 1, column: 3))]
    }

    private mutating func position() -> SourcePosition {
        defer { nextLine += 1 }
        return SourcePosition(line: nextLine, column: 5)
    }

    /// Sets a graph-level property (`no_spof`, `lossless`, `accelerators`, ...).
    public mutating func set(_ key: String, _ value: AttributeValue) { topology.properties[key] = value }

    /// Adds a device; ids are unique by construction in examples, a duplicate is ignored.
    public mutating func device(
        _ id: String, _ role: Role, tier: Int? = nil, pod: String? = nil, rack: String? = nil,
        plane: String? = nil, rail: Int? = nil, radix: Int? = nil, coordinates: [Int] = [],
        attributes: [String: AttributeValue] = [:]
    ) {
        let device = Device(
            id: id, role: role, tier: tier, pod: pod, rack: rack, plane: plane, rail: rail, radix: radix,
            coordinates: coordinates, attributes: attributes, position: position())
        _ = try? topology.addDevice(device)
    }

    /// Adds an accelerator.
    public mutating func accelerator(_ id: String, pod: String? = nil, rack: String? = nil) {
        device(id, .accelerator, tier: 0, pod: pod, rack: rack)
    }

    /// Adds a switch.
    public mutating func `switch`(
        _ id: String, tier: Int, pod: String? = nil, plane: String? = nil, radix: Int? = nil,
        attributes: [String: AttributeValue] = [:]
    ) {
        device(id, .switch, tier: tier, pod: pod, plane: plane, radix: radix, attributes: attributes)
    }

    /// Adds a link between two existing devices (unknown ids are ignored); bandwidth in Gb/s per direction.
    public mutating func link(
        _ a: String, _ b: String, gbps: Double? = 400, multiplicity: Int32 = 1, srlgs: [String] = [],
        latency: Double? = nil, attributes: [String: AttributeValue] = [:], id: String? = nil,
        sourcePort: Int32 = -1, targetPort: Int32 = -1
    ) {
        guard let source = topology.deviceIndex(forID: a), let target = topology.deviceIndex(forID: b) else { return }
        let groups = srlgs.map { topology.srlgIndex(named: $0) }.sorted()
        let link = Link(
            id: id, source: source, target: target, sourcePort: sourcePort, targetPort: targetPort,
            bandwidth: gbps.map { $0 * 1e9 }, latencyNanoseconds: latency, srlgs: groups,
            multiplicity: multiplicity, attributes: attributes, position: position())
        _ = try? topology.addLink(link)
    }

    /// Adds a named port to a device and returns its index (-1 when the device is unknown).
    public mutating func port(_ device: String, _ name: String, attributes: [String: AttributeValue] = [:]) -> Int32 {
        guard let index = topology.deviceIndex(forID: device) else { return -1 }
        topology.ports.append(Port(device: index, name: name, attributes: attributes, position: position()))
        return Int32(topology.ports.count - 1)
    }

    /// Removes every link between two devices (for failing variants of a passing example).
    public mutating func removeLinks(between a: String, _ b: String) {
        guard let x = topology.deviceIndex(forID: a), let y = topology.deviceIndex(forID: b) else { return }
        topology.links.removeAll { ($0.source == x && $0.target == y) || ($0.source == y && $0.target == x) }
    }
}

/// Canonical small designs the rule examples and tests start from.
public enum ExampleDesigns {
    /// A 2-tier leaf–spine: `leaves` leaves (`leaf-i`), `spines` spines (`spine-j`), `perLeaf` accelerators per leaf
    /// (`acc-i-k`, one link each, or one to each of two leaves of a pair when `dualHomed`), `linksPerPair` leaf–spine cables.
    public static func leafSpine(
        name: String = "leaf-spine", leaves: Int = 4, spines: Int = 4, perLeaf: Int = 4,
        linksPerPair: Int32 = 1, accGbps: Double = 400, upGbps: Double = 400,
        dualHomed: Bool = false, pods: Int = 1, radix: Int? = nil
    ) -> ExampleBuilder {
        var builder = ExampleBuilder(name)
        for leaf in 0..<leaves {
            let pod = pods > 1 ? "pod-\(leaf * pods / leaves)" : nil
            builder.switch("leaf-\(leaf)", tier: 1, pod: pod, radix: radix)
        }
        for spine in 0..<spines { builder.switch("spine-\(spine)", tier: 2, radix: radix) }
        for leaf in 0..<leaves {
            let pod = pods > 1 ? "pod-\(leaf * pods / leaves)" : nil
            if dualHomed && leaf % 2 == 1 { continue }
            for index in 0..<perLeaf {
                let id = "acc-\(leaf)-\(index)"
                builder.accelerator(id, pod: pod, rack: "rack-\(leaf)")
                builder.link(id, "leaf-\(leaf)", gbps: accGbps)
                if dualHomed { builder.link(id, "leaf-\(leaf + 1)", gbps: accGbps) }
            }
        }
        for leaf in 0..<leaves {
            for spine in 0..<spines { builder.link("leaf-\(leaf)", "spine-\(spine)", gbps: upGbps, multiplicity: linksPerPair) }
        }
        return builder
    }

    /// A ring of `count` accelerators (`acc-i`) with direct links: a 1-D torus.
    public static func ring(name: String = "ring", count: Int = 8, gbps: Double = 400) -> ExampleBuilder {
        var builder = ExampleBuilder(name)
        for index in 0..<count { builder.device("acc-\(index)", .accelerator, coordinates: [index]) }
        for index in 0..<count { builder.link("acc-\(index)", "acc-\((index + 1) % count)", gbps: gbps) }
        return builder
    }

    /// Scale-up nodes of `perNode` accelerators each wired to `planes` scale-up switches with `linksPerPlane[p]`
    /// links per accelerator to plane p, plus one 400 Gb/s scale-out link per accelerator to a shared leaf pair.
    public static func scaleUpNodes(
        name: String = "scale-up", nodes: Int = 2, perNode: Int = 4,
        linksPerPlane: [Int32] = [2, 2, 2, 2], gbps: Double = 200
    ) -> ExampleBuilder {
        var builder = ExampleBuilder(name)
        builder.switch("leaf-0", tier: 1)
        builder.switch("leaf-1", tier: 1)
        for spine in 0..<4 { builder.switch("spine-\(spine)", tier: 2) }
        for node in 0..<nodes {
            for plane in linksPerPlane.indices { builder.device("nvs-\(node)-\(plane)", .switch, tier: 1, rack: "node-\(node)") }
            for index in 0..<perNode {
                let id = "gpu-\(node)-\(index)"
                builder.accelerator(id, rack: "node-\(node)")
                for (plane, count) in linksPerPlane.enumerated() where count > 0 {
                    builder.link(id, "nvs-\(node)-\(plane)", gbps: gbps, multiplicity: count)
                }
                builder.link(id, "leaf-\(index % 2)", gbps: 400)
            }
        }
        for leaf in 0..<2 { for spine in 0..<4 { builder.link("leaf-\(leaf)", "spine-\(spine)", gbps: 400, multiplicity: 2) } }
        return builder
    }
}
