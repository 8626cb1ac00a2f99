import FabricModel

/// The design drawn aggregated (pods, planes, tiers) as inline SVG: one box per group in rows by tier (lowest at the
/// bottom), one line per bundle of cables between groups, its width growing with the bundle's bandwidth.
enum SVGDiagram {
    /// Groups per row before a tier wraps onto another row.
    static let maxPerRow = 12

    /// The SVG; `width` in CSS pixels.
    /// - Complexity: O(groups + bundles).
    static func render(_ design: AggregatedDesign, width: Double = 960, highlights: DiagramHighlights = DiagramHighlights()) -> String {
        let groups = design.groups
        guard !groups.isEmpty else { return "" }
        // Rows: tiers ascending from the bottom, untiered groups on top; a wide tier wraps.
        var tiers: [Int?] = []
        for group in groups where !tiers.contains(where: { $0 == group.lowestTier }) { tiers.append(group.lowestTier) }
        // A wide tier wraps onto rows of balanced length (15 groups: 8 + 7, not 12 + 3), stacked close together so
        // they read as one tier; tiers are a wide gap apart.
        var rows: [(members: [Int], newTier: Bool)] = []
        for tier in tiers {
            let members = groups.indices.filter { groups[$0].lowestTier == tier }
            let rowCount = (members.count + maxPerRow - 1) / maxPerRow
            let perRow = (members.count + rowCount - 1) / max(rowCount, 1)
            var start = 0
            while start < members.count {
                rows.append((Array(members[start..<min(start + perRow, members.count)]), start == 0))
                start += perRow
            }
        }
        let boxHeight = 50.0
        let tierGap = 92.0
        let wrapGap = 14.0
        let margin = 16.0
        var offsets: [Double] = []
        var offset = 0.0
        for (index, row) in rows.enumerated() {
            if index > 0 { offset += boxHeight + (row.newTier ? tierGap : wrapGap) }
            offsets.append(offset)
        }
        let height = margin * 2 + offset + boxHeight + 24
        var center: [Int: (x: Double, y: Double, width: Double)] = [:]
        for (rowIndex, row) in rows.enumerated() {
            let y = height - margin - boxHeight - offsets[rowIndex]
            let slot = (width - 2 * margin) / Double(row.members.count)
            let boxWidth = min(170, slot - 10)
            for (position, group) in row.members.enumerated() {
                center[group] = (margin + slot * (Double(position) + 0.5), y, boxWidth)
            }
        }
        let widest = design.bundles.map(\.bandwidth).max() ?? 0
        let most = design.bundles.map(\.cables).max() ?? 0
        var out =
            "<svg class=\"diagram\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(height))\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(height))\" "
            + "role=\"img\" aria-label=\"design diagram by \(design.grouping.rawValue)\">"
        let labelBundles = design.bundles.count <= 24
        var labels: [String] = []
        var placed: [(Double, Double, Double, Double)] = []
        for bundle in design.bundles {
            guard let a = center[bundle.first], let b = center[bundle.second] else { continue }
            let stroke = 1 + 7 * (widest > 0 ? bundle.bandwidth / widest : (most > 0 ? Double(bundle.cables) / Double(most) : 0)).squareRoot()
            let tooltip =
                "\(groups[bundle.first].name) – \(groups[bundle.second].name): \(bundle.cables) cable\(bundle.cables == 1 ? "" : "s")"
                + (bundle.bandwidth > 0 ? ", \(SVG.shortBandwidth(bundle.bandwidth)) per direction" : "")
            let path: String
            let mid: (Double, Double)
            if abs(a.y - b.y) < 1 {
                let lift = 28 + min(abs(a.x - b.x) / 6, 60)
                path = "M\(SVG.n(a.x)),\(SVG.n(a.y)) Q\(SVG.n((a.x + b.x) / 2)),\(SVG.n(a.y - lift)) \(SVG.n(b.x)),\(SVG.n(b.y))"
                mid = ((a.x + b.x) / 2, a.y - lift / 2)
            } else {
                let (low, high) = a.y > b.y ? (a, b) : (b, a)
                path = "M\(SVG.n(low.x)),\(SVG.n(low.y)) L\(SVG.n(high.x)),\(SVG.n(high.y + boxHeight))"
                // Labels sit near the upper end, where bundles fanning into one box are still apart.
                let t = 0.72
                mid = (low.x + (high.x - low.x) * t, low.y + (high.y + boxHeight - low.y) * t)
            }
            out += "<path d=\"\(path)\" class=\"bundle\" stroke-width=\"\(SVG.n(stroke))\"><title>\(SVG.escape(tooltip))</title></path>"
            out += highlights.bundleOverlay(bundle, count: groups.count, path: path, stroke: stroke)
            if labelBundles {
                let label = bundle.bandwidth > 0 ? SVG.shortBandwidth(bundle.bandwidth) : "\(bundle.cables) cables"
                let halfWidth = Double(label.count) * 2.8 + 3
                let box = (mid.0 - halfWidth, mid.1 - 8, mid.0 + halfWidth, mid.1 + 4)
                if !placed.contains(where: { box.0 < $0.2 && $0.0 < box.2 && box.1 < $0.3 && $0.1 < box.3 }) {
                    placed.append(box)
                    labels.append(SVG.text(mid.0, mid.1 + 3, label, anchor: "middle", cls: "blabel"))
                }
            }
        }
        out += labels.joined()
        for (index, group) in groups.enumerated() {
            guard let box = center[index] else { continue }
            let dominant = group.roles.max { $0.count < $1.count }?.role ?? .other
            let cls = dominant == .accelerator ? "gacc" : dominant == .switch ? "gsw" : "goth"
            let x = box.x - box.width / 2
            let tooltip = "\(group.name): \(group.roleSummary); \(group.internalCables) internal cables"
            out += "<g><title>\(SVG.escape(tooltip))</title>"
            out += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(box.y))\" width=\"\(SVG.n(box.width))\" height=\"\(SVG.n(boxHeight))\" rx=\"6\" class=\"\(cls)\"/>"
            let characters = max(Int(box.width / 6.6), 4)
            out += SVG.text(box.x, box.y + 17, truncate(group.name, characters), anchor: "middle", cls: "gname")
            out += SVG.text(box.x, box.y + 31, truncate(shortRoles(group), characters + 2), anchor: "middle", cls: "gsub")
            if group.internalCables > 0 {
                // Bandwidth inside the group when known (the cable count is in the tooltip), else the cable count.
                let inside =
                    group.internalBandwidth > 0
                    ? "\(SVG.shortBandwidth(group.internalBandwidth)) inside"
                    : "\(SVG.compactCount(Double(group.internalCables))) cables inside"
                out += SVG.text(box.x, box.y + 44, truncate(inside, characters + 2), anchor: "middle", cls: "gsub")
            }
            out += "</g>" + highlights.groupOverlay(index, x: x, y: box.y, width: box.width, height: boxHeight)
        }
        out += "</svg>"
        return out
    }

    /// `512 acc · 32 sw · 4 cpu`.
    static func shortRoles(_ group: AggregatedDesign.Group) -> String {
        group.roles.map { entry in
            let name =
                switch entry.role {
                case .accelerator: "acc"
                case .switch: "sw"
                default: entry.role.rawValue
                }
            return "\(SVG.compactCount(Double(entry.count))) \(name)"
        }.joined(separator: " · ")
    }

    static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(limit - 1, 1))) + "…"
    }
}
