import FabricGraph
import FabricModel

extension HTMLReport {
    /// θ per traffic pattern as a chart (the proven bracket in green and hatched, θ of the routing as a tick, on a
    /// 0–1 scale of each accelerator's injection rate) and the cables that bind the optimum of each pattern.
    static func throughputSection(_ results: [ThroughputResult], topology: Topology) -> String {
        guard !results.isEmpty else { return "" }
        var out = "<section><h2>Throughput θ</h2>"
        out +=
            "<p>θ is the largest fraction of its injection rate every accelerator can send at once under the pattern with the best "
            + "routing (maximum concurrent flow), proven between a feasible flow (green) and a dual bound (end of the hatched part); "
            + "the tick is θ of the design's routing. See docs/throughput.md.</p>"
        out += throughputChart(results)
        out +=
            "<table><thead><tr><th>pattern</th><th class=\"num\">θ proven</th><th class=\"num\">gap</th><th class=\"num\">θ routing</th>"
            + "<th>method</th><th>binding links</th></tr></thead><tbody>"
        for result in results {
            let binding =
                result.binding.prefix(4).map { arc in
                    "\(topology.devices[Int(arc.from)].id) → \(topology.devices[Int(arc.to)].id)"
                }.joined(separator: ", ") + (result.binding.count > 4 ? ", …" : "")
            out +=
                "<tr><td>\(SVG.escape(result.pattern))</td>"
                + "<td class=\"num\">\(ThroughputReport.fixed(result.thetaLower)) – \(ThroughputReport.fixed(result.thetaUpper))</td>"
                + "<td class=\"num\">\(ThroughputReport.percent(result.gap))</td>"
                + "<td class=\"num\">\(result.thetaRouting.map { ThroughputReport.fixed($0) } ?? "—")</td>"
                + "<td>\(SVG.escape(result.method))</td><td>\(SVG.escape(binding))</td></tr>"
        }
        out += "</tbody></table></section>\n"
        return out
    }

    /// One bar per pattern on a 0–1 scale.
    static func throughputChart(_ results: [ThroughputResult]) -> String {
        let width = 720.0
        let row = 30.0
        let left = 120.0
        let barWidth = width - left - 20
        let height = row * Double(results.count) + 28
        func x(_ value: Double) -> Double { left + barWidth * min(max(value, 0), 1) }
        var out =
            "<svg class=\"chart\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(height))\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(height))\" "
            + "role=\"img\" aria-label=\"throughput per pattern\">"
        out +=
            "<defs><pattern id=\"thetahatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            + "<rect width=\"6\" height=\"6\" class=\"gapfill\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatchline\"/></pattern></defs>"
        for (index, result) in results.enumerated() {
            let y = 6 + row * Double(index)
            out += SVG.text(left - 8, y + 15, result.pattern, anchor: "end", cls: "lbl")
            out += "<rect x=\"\(SVG.n(left))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(barWidth))\" height=\"20\" class=\"full\"/>"
            out += "<rect x=\"\(SVG.n(left))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(x(result.thetaLower) - left))\" height=\"20\" class=\"proven\"/>"
            if result.thetaUpper > result.thetaLower {
                out +=
                    "<rect x=\"\(SVG.n(x(result.thetaLower)))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(x(result.thetaUpper) - x(result.thetaLower)))\" "
                    + "height=\"20\" fill=\"url(#thetahatch)\"/>"
            }
            if let routed = result.thetaRouting {
                out += "<line x1=\"\(SVG.n(x(routed)))\" y1=\"\(SVG.n(y - 3))\" x2=\"\(SVG.n(x(routed)))\" y2=\"\(SVG.n(y + 23))\" class=\"cut\"/>"
            }
        }
        let axis = 6 + row * Double(results.count) + 14
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] { out += SVG.text(x(tick), axis, SVG.threeDigits(tick), anchor: "middle", cls: "axis") }
        out += "</svg>"
        return out
    }
}
