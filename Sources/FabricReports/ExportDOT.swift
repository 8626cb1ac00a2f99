import FabricModel

/// Graphviz DOT export: every device and link (`render(_:)`), or the design aggregated to pods or tiers
/// (`render(aggregated:)`) so a 15k-accelerator fabric becomes a few dozen boxes that `dot` can lay out.
/// Same input, same bytes.
public enum DOTExporter {
    /// Fill colour of a device (or of a group, by its dominant role) per role.
    public static func fillColor(of role: Role) -> String {
        switch role {
        case .accelerator: "#cfe2f3"
        case .switch: "#fde0c5"
        case .cpu: "#d9ead3"
        case .ocs: "#f4cccc"
        case .nic: "#e6e6fa"
        case .bus: "#eeeeee"
        case .other: "#f3f3f3"
        }
    }

    /// The whole design: one DOT node per device (with role, tier, pod, rack, plane, rail, radix, coordinates and
    /// every other attribute), one DOT edge per link (id, bandwidth, multiplicity, medium, SRLGs, ports).
    /// Uses `graph` and `--`, or `digraph` with `dir=none` on undirected links when any link is directed.
    /// Devices with a tier are ranked by tier (`rank=same`), accelerators at the bottom.
    /// - Complexity: O(V + E) output size.
    public static func render(_ topology: Topology) -> String {
        let directed = topology.links.contains { $0.directed }
        var out = header(topology, directed: directed, title: graphName(topology))
        out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n"
        for device in topology.devices {
            var attributes: [(String, String)] = [("label", device.label ?? device.id), ("role", device.role.rawValue)]
            if let tier = device.tier { attributes.append(("tier", String(tier))) }
            if let pod = device.pod { attributes.append(("pod", pod)) }
            if let rack = device.rack { attributes.append(("rack", rack)) }
            if let plane = device.plane { attributes.append(("plane", plane)) }
            if let rail = device.rail { attributes.append(("rail", String(rail))) }
            if let radix = device.radix { attributes.append(("radix", String(radix))) }
            if !device.coordinates.isEmpty {
                attributes.append(("coords", device.coordinates.map(String.init).joined(separator: ",")))
            }
            for (key, value) in device.attributes.sorted(by: { $0.key < $1.key }) where !reservedNodeAttributes.contains(key) {
                attributes.append(("data_" + key, value.description))
            }
            attributes.append(("fillcolor", fillColor(of: device.role)))
            out += "  \(quote(device.id)) [\(attributeList(attributes))];\n"
        }
        appendRanks(&out, tiers: topology.devices.map(\.tier), ids: topology.devices.map { quote($0.id) })
        let operatorText = directed ? "->" : "--"
        for link in topology.links {
            var attributes: [(String, String)] = []
            if let id = link.id { attributes.append(("id", id)) }
            if let bandwidth = link.bandwidth { attributes.append(("bandwidth", Bandwidth.format(bitsPerSecond: bandwidth))) }
            if link.multiplicity != 1 { attributes.append(("multiplicity", String(link.multiplicity))) }
            if let medium = link.medium { attributes.append(("medium", medium.rawValue)) }
            if let latency = link.latencyNanoseconds { attributes.append(("latency_ns", Bandwidth.trimmedNumber(latency))) }
            if !link.srlgs.isEmpty {
                attributes.append(("srlg", link.srlgs.map { topology.srlgs[Int($0)] }.joined(separator: ",")))
            }
            if link.sourcePort >= 0 { attributes.append(("source_port", topology.ports[Int(link.sourcePort)].name)) }
            if link.targetPort >= 0 { attributes.append(("target_port", topology.ports[Int(link.targetPort)].name)) }
            for (key, value) in link.attributes.sorted(by: { $0.key < $1.key }) {
                attributes.append(("data_" + key, value.description))
            }
            if directed, !link.directed { attributes.append(("dir", "none")) }
            let source = quote(topology.devices[Int(link.source)].id)
            let target = quote(topology.devices[Int(link.target)].id)
            let list = attributes.isEmpty ? "" : " [\(attributeList(attributes))]"
            out += "  \(source) \(operatorText) \(target)\(list);\n"
        }
        out += "}\n"
        return out
    }

    /// The design aggregated: one box per group (its devices by role and internal cables), one edge per pair of
    /// groups with cables between them (cable count and bandwidth; pen width grows with bandwidth).
    /// - Complexity: O(groups + bundles) output size.
    public static func render(aggregated: AggregatedDesign, of topology: Topology) -> String {
        var out = header(topology, directed: false, title: "\(graphName(topology)) by \(aggregated.grouping.rawValue)")
        out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n"
        for (index, group) in aggregated.groups.enumerated() {
            var lines = [group.name, group.roleSummary]
            if group.internalCables > 0 {
                lines.append(
                    "\(group.internalCables) internal cable\(group.internalCables == 1 ? "" : "s")"
                        + (group.internalBandwidth > 0 ? ", \(Bandwidth.format(bitsPerSecond: group.internalBandwidth))" : ""))
            }
            let dominant = group.roles.max { $0.count < $1.count }?.role ?? .other
            let attributes: [(String, String)] = [
                ("label", lines.joined(separator: "\n")), ("devices", String(group.devices)),
                ("accelerators", String(group.accelerators)), ("fillcolor", fillColor(of: dominant)),
            ]
            out += "  g\(index) [\(attributeList(attributes))];\n"
        }
        appendRanks(&out, tiers: aggregated.groups.map(\.lowestTier), ids: aggregated.groups.indices.map { "g\($0)" })
        let widest = aggregated.bundles.map(\.bandwidth).max() ?? 0
        let most = aggregated.bundles.map(\.cables).max() ?? 0
        for bundle in aggregated.bundles {
            let share = widest > 0 ? bundle.bandwidth / widest : (most > 0 ? Double(bundle.cables) / Double(most) : 0)
            var label = "\(bundle.cables) cable\(bundle.cables == 1 ? "" : "s")"
            if bundle.bandwidth > 0 { label += "\n" + Bandwidth.format(bitsPerSecond: bundle.bandwidth) }
            let attributes: [(String, String)] = [
                ("label", label), ("cables", String(bundle.cables)),
                ("penwidth", Bandwidth.trimmedNumber(1 + 5 * share.squareRoot())),
            ]
            out += "  g\(bundle.first) -- g\(bundle.second) [\(attributeList(attributes))];\n"
        }
        out += "}\n"
        return out
    }

    /// Node attribute names the exporter writes itself; GraphML data under these names is written as `data_NAME`.
    static let reservedNodeAttributes: Set<String> = []

    /// A DOT quoted string: backslashes and quotes escaped, line breaks as `\n`.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func attributeList(_ attributes: [(String, String)]) -> String {
        attributes.map { "\($0.0)=\(quote($0.1))" }.joined(separator: ", ")
    }

    static func graphName(_ topology: Topology) -> String { designName(of: topology) }

    static func header(_ topology: Topology, directed: Bool, title: String) -> String {
        var out = "// generated by fabcheck from \(oneLine(topology.file))\n"
        for (key, value) in topology.properties.sorted(by: { $0.key < $1.key }) {
            out += "// \(oneLine(key)): \(oneLine(value.description))\n"
        }
        out += "\(directed ? "digraph" : "graph") \(quote(title)) {\n"
        out += "  graph [rankdir=BT, fontname=\"Helvetica\", label=\(quote(title)), labelloc=t];\n"
        return out
    }

    static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    /// `{ rank=same; ... }` per tier so tiers line up (accelerators at the bottom with `rankdir=BT`).
    static func appendRanks(_ out: inout String, tiers: [Int?], ids: [String]) {
        var byTier: [Int: [String]] = [:]
        for (index, tier) in tiers.enumerated() {
            if let tier { byTier[tier, default: []].append(ids[index]) }
        }
        guard byTier.count > 1 else { return }
        for tier in byTier.keys.sorted() {
            out += "  { rank=same; \((byTier[tier] ?? []).joined(separator: "; ")); }\n"
        }
    }
}

/// The design's name: the `design` graph data a generator records, else the file name without folders and extension.
public func designName(of topology: Topology) -> String {
    if case .string(let name)? = topology.properties["design"], !name.isEmpty { return name }
    var base = topology.file.split(separator: "/").last.map(String.init) ?? topology.file
    for suffix in [".gz", ".graphml", ".xml", ".csv"] where base.hasSuffix(suffix) { base.removeLast(suffix.count) }
    return base.isEmpty ? topology.file : base
}
