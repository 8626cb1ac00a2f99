import FabricGraph
import FabricModel

/// A layer of the report's design diagram: the bundles and groups holding cables that bind the throughput optimum
/// of some pattern (`ThroughputResult.binding`), drawn over the diagram in red, dashed, with the patterns named.
struct DiagramHighlights: Sendable, Equatable {
    /// Bundles (key `first × groups + second`) holding binding cables, with the patterns they bind.
    var bundles: [Int: [String]] = [:]
    /// Groups whose internal cables bind, with the patterns.
    var groups: [Int: [String]] = [:]

    /// The colour of the layer.
    static let colour = "#d62728"

    init() {}

    /// The binding cables of every result, placed on the aggregated design.
    /// - Complexity: O(results × binding cables).
    init(binding results: [ThroughputResult], design: AggregatedDesign, topology: Topology) {
        let count = design.groups.count
        for result in results {
            for arc in result.binding where Int(arc.link) < topology.links.count {
                let link = topology.links[Int(arc.link)]
                let a = Int(design.groupOf[Int(link.source)])
                let b = Int(design.groupOf[Int(link.target)])
                if a == b {
                    Self.add(result.pattern, to: &groups, key: a)
                } else {
                    Self.add(result.pattern, to: &bundles, key: min(a, b) * count + max(a, b))
                }
            }
        }
    }

    private static func add(_ pattern: String, to map: inout [Int: [String]], key: Int) {
        if !(map[key] ?? []).contains(pattern) { map[key, default: []].append(pattern) }
    }

    var isEmpty: Bool { bundles.isEmpty && groups.isEmpty }

    /// A sentence for the diagram's caption (empty without highlights).
    var legend: String {
        guard !isEmpty else { return "" }
        return " <span style=\"color:\(Self.colour)\">Red dashed</span>: cables that bind the throughput optimum of a pattern "
            + "(saturated by the certified flow; see the Throughput θ section), on a bundle or, for cables inside a group, around the box."
    }

    /// The overlay of a bundle's path when it holds binding cables.
    func bundleOverlay(_ bundle: AggregatedDesign.Bundle, count: Int, path: String, stroke: Double) -> String {
        guard let patterns = bundles[bundle.first * count + bundle.second] else { return "" }
        return "<path d=\"\(path)\" class=\"binding\" fill=\"none\" stroke=\"\(Self.colour)\" stroke-dasharray=\"6 4\" "
            + "stroke-width=\"\(SVG.n(max(2, stroke / 2)))\"><title>\(SVG.escape("binds θ: " + patterns.joined(separator: ", ")))</title></path>"
    }

    /// The outline around a group's box when cables inside it bind.
    func groupOverlay(_ group: Int, x: Double, y: Double, width: Double, height: Double) -> String {
        guard let patterns = groups[group] else { return "" }
        return "<rect x=\"\(SVG.n(x - 3))\" y=\"\(SVG.n(y - 3))\" width=\"\(SVG.n(width + 6))\" height=\"\(SVG.n(height + 6))\" rx=\"8\" "
            + "class=\"binding\" fill=\"none\" stroke=\"\(Self.colour)\" stroke-dasharray=\"6 4\" stroke-width=\"2\">"
            + "<title>\(SVG.escape("cables inside bind θ: " + patterns.joined(separator: ", ")))</title></rect>"
    }
}
