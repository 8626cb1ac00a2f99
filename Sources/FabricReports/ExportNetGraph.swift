import FabricModel

/// NetGraph's scenario YAML (the Python fabric planner, `pip install ngraph`, schema of version 0.24): every device a
/// node (role, tier, pod, rack, plane, rail as `attrs`), every link record one link between exact-name selectors
/// (`^id$`) with the summed capacity of its cables in Gb/s per direction (cables without a bandwidth: 1 each) and
/// `attrs.cables`, so it fails as one as in fabcheck's sweeps, cost 1 (hops, as ECMP counts them), the edge id under
/// `attrs.edge_id` (NetGraph keeps `id` for its own); SRLGs become risk groups; three failure policies
/// (`single_link`, `single_node`, `single_risk_group`: one element of the class per iteration) and a `BuildGraph`
/// step. NetGraph links carry both directions: a one-way link is exported as two-way and named in a comment.
public enum NetGraphExporter {
    /// Characters NetGraph's DSL expands in names (`[1-3]` ranges, `{n}` templates, `$var` variables).
    static let expanded: Set<Character> = ["[", "]", "{", "}", "$"]

    /// The scenario; `ExportError.netGraphName` when a device id holds a character NetGraph's DSL would expand.
    /// - Complexity: O(V + E + S) for S SRLG memberships.
    public static func render(_ topology: Topology) throws(ExportError) -> String {
        for device in topology.devices where device.id.contains(where: { expanded.contains($0) }) {
            throw .netGraphName(device: device.id, location: topology.location(of: device))
        }
        let inBits = topology.links.contains { $0.bandwidth != nil }
        var out = "# NetGraph scenario (ngraph 0.24) exported by fabcheck from \(DOTExporter.oneLine(topology.file))\n"
        out += "# capacity: \(inBits ? "Gb/s per direction" : "cables (the design gives no bandwidths)"), summed over a link's cables; cost: 1 per link\n"
        out += "seed: 0\nnetwork:\n  name: \(yaml(topology.file))\n  nodes:\n"
        for device in topology.devices { out += "    \(yaml(device.id)): {attrs: \(attributes(device))}\n" }
        out += "  links:\n"
        for link in topology.links where link.source != link.target {
            out += self.link(link, in: topology, inBits: inBits)
        }
        let groups = topology.srlgs.indices.filter { group in topology.links.contains { $0.srlgs.contains(Int32(group)) } }
        if !groups.isEmpty {
            out += "risk_groups:\n"
            for group in groups { out += "  - \(yaml(topology.srlgs[group]))\n" }
        }
        out += "failures:\n"
        for (name, scope) in [("single_link", "link"), ("single_node", "node"), ("single_risk_group", "risk_group")]
        where scope != "risk_group" || !groups.isEmpty {
            out += "  \(name):\n    modes:\n      - weight: 1.0\n        rules:\n          - {scope: \(scope), mode: choice, count: 1}\n"
        }
        out += "workflow:\n  - {type: BuildGraph, name: build_graph}\n"
        return out
    }

    /// One link entry (with its comment line when it is one-way in the design).
    static func link(_ link: Link, in topology: Topology, inBits: Bool) -> String {
        let source = topology.devices[Int(link.source)].id
        let target = topology.devices[Int(link.target)].id
        let cables = max(Int(link.multiplicity), 1)
        let capacity = (inBits ? (link.bandwidth ?? 0) / 1e9 : 1) * Double(cables)
        var out = link.directed ? "    # one-way in the design (\(DOTExporter.oneLine(source)) -> \(DOTExporter.oneLine(target))): both ways here\n" : ""
        out += "    - {source: \(yaml(selector(source))), target: \(yaml(selector(target))), capacity: \(number(capacity)), cost: 1"
        var attributes = link.id.map { ["edge_id: \(yaml($0))"] } ?? []
        if cables > 1 { attributes.append("cables: \(cables)") }
        if !attributes.isEmpty { out += ", attrs: {\(attributes.joined(separator: ", "))}" }
        let risks = link.srlgs.filter { Int($0) < topology.srlgs.count }.map { yaml(topology.srlgs[Int($0)]) }
        if !risks.isEmpty { out += ", risk_groups: [\(risks.joined(separator: ", "))]" }
        return out + "}\n"
    }

    /// The attributes of a device as a YAML flow mapping.
    static func attributes(_ device: Device) -> String {
        var pairs = ["role: \(yaml(device.role.rawValue))"]
        if let tier = device.tier { pairs.append("tier: \(tier)") }
        if let pod = device.pod { pairs.append("pod: \(yaml(pod))") }
        if let rack = device.rack { pairs.append("rack: \(yaml(rack))") }
        if let plane = device.plane { pairs.append("plane: \(yaml(plane))") }
        if let rail = device.rail { pairs.append("rail: \(rail)") }
        return "{" + pairs.joined(separator: ", ") + "}"
    }

    /// A regular expression matching exactly `name` (NetGraph selects link ends with `re.match`).
    static func selector(_ name: String) -> String {
        var out = "^"
        for character in name {
            if "\\.^$*+?()[]{}|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out + "$"
    }

    /// A YAML double-quoted scalar: a JSON string literal (YAML 1.2 double-quoted scalars take JSON's escapes).
    static func yaml(_ text: String) -> String {
        var out = ""
        JSONValue.appendQuoted(text, to: &out)
        return out
    }

    /// A number as YAML reads it back exactly (integers without a fraction).
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
