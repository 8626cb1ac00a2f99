import FabricGraph
import FabricModel

/// A layer of the report's design diagram for `report --state`: the elements the state put down, drawn on the
/// diagram of the fabric now. A down cable between two surviving devices marks its bundle (or, inside a group, the
/// group's box); a down device marks the group of its pod or tier (matched by name: the diagram of now no longer
/// holds the device), its cables counted with it. Groups left with no device at all are named in the caption.
struct DiagramFailures: Sendable, Equatable {
    /// Down cables per bundle (key `first × groups + second`).
    var bundles: [Int: Int] = [:]
    /// Down devices and cables per group.
    var groups: [Int: (devices: Int, cables: Int)] = [:]
    /// Names of design groups whose every device is down (not drawn now).
    var vanished: [String] = []

    /// The colour of the layer.
    static let colour = "#6a3d9a"

    init() {}

    /// The down elements of `incident` placed on `now`, the aggregated diagram of the fabric now.
    /// - Complexity: O(V + E) of the design (its own aggregation, to name the groups of down devices).
    init(_ incident: HTMLIncident, now: AggregatedDesign) {
        let design = incident.design
        let count = now.groups.count
        var nowGroupNamed: [String: Int] = [:]
        for (index, group) in now.groups.enumerated() { nowGroupNamed[group.name] = index }
        let before = AggregatedDesign(design, grouping: now.grouping)
        func nowGroup(_ device: Int32) -> Int? {
            let mapped = incident.nowDeviceIndex[Int(device)]
            if mapped >= 0 { return Int(now.groupOf[Int(mapped)]) }
            return nowGroupNamed[before.groups[Int(before.groupOf[Int(device)])].name]
        }
        var vanished = Set<String>()
        for device in incident.scenario.devices {
            guard let group = nowGroup(device) else {
                vanished.insert(before.groups[Int(before.groupOf[Int(device)])].name)
                continue
            }
            groups[group, default: (0, 0)].devices += 1
        }
        for index in incident.scenario.links {
            let link = design.links[Int(index)]
            guard let a = nowGroup(link.source), let b = nowGroup(link.target) else { continue }
            if a == b || incident.nowDeviceIndex[Int(link.source)] < 0 || incident.nowDeviceIndex[Int(link.target)] < 0 {
                // Inside a group, or hanging off a down device: counted on the group of its surviving (or first) end.
                let group = incident.nowDeviceIndex[Int(link.source)] < 0 ? a : (incident.nowDeviceIndex[Int(link.target)] < 0 ? b : a)
                groups[group, default: (0, 0)].cables += 1
            } else {
                bundles[min(a, b) * count + max(a, b), default: 0] += 1
            }
        }
        self.vanished = vanished.sorted(by: naturalLess)
    }

    static func == (a: DiagramFailures, b: DiagramFailures) -> Bool {
        a.bundles == b.bundles && a.vanished == b.vanished && a.groups.mapValues { [$0.devices, $0.cables] } == b.groups.mapValues { [$0.devices, $0.cables] }
    }

    var isEmpty: Bool { bundles.isEmpty && groups.isEmpty && vanished.isEmpty }

    /// A sentence for the diagram's caption (empty without down elements).
    var legend: String {
        guard !isEmpty else { return "" }
        return " <span style=\"color:\(Self.colour)\">Purple</span>: elements down in the state (a crossed bundle counts its down cables; "
            + "an outlined box its down devices and cables)."
            + (vanished.isEmpty ? "" : " Groups with every device down (not drawn): " + vanished.map(SVG.escape).joined(separator: ", ") + ".")
    }

    /// The overlay of a bundle with down cables: a dotted line over it and the count at its middle.
    func bundleOverlay(_ bundle: AggregatedDesign.Bundle, count: Int, path: String, stroke: Double) -> String {
        guard let down = bundles[bundle.first * count + bundle.second] else { return "" }
        return "<path d=\"\(path)\" class=\"failed\" fill=\"none\" stroke=\"\(Self.colour)\" stroke-dasharray=\"2 3\" "
            + "stroke-width=\"\(SVG.n(max(3, stroke)))\"><title>\(down) cable\(down == 1 ? "" : "s") down</title></path>"
    }

    /// The outline and count around a group's box with down devices or cables.
    func groupOverlay(_ group: Int, x: Double, y: Double, width: Double, height: Double) -> String {
        guard let down = groups[group] else { return "" }
        var parts: [String] = []
        if down.devices > 0 { parts.append("\(down.devices) device\(down.devices == 1 ? "" : "s")") }
        if down.cables > 0 { parts.append("\(down.cables) cable\(down.cables == 1 ? "" : "s")") }
        let label = parts.joined(separator: ", ") + " down"
        return "<rect x=\"\(SVG.n(x - 5))\" y=\"\(SVG.n(y - 5))\" width=\"\(SVG.n(width + 10))\" height=\"\(SVG.n(height + 10))\" rx=\"9\" "
            + "class=\"failed\" fill=\"none\" stroke=\"\(Self.colour)\" stroke-width=\"2.5\"><title>\(SVG.escape(label))</title></rect>"
            + SVG.text(x + width, y - 8, label, anchor: "end", cls: "gsub")
    }
}
