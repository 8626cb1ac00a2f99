import FabricGraph
import FabricModel
import FabricRules
import Foundation

extension ReliabilityReport {
    /// The reliability run of `fabcheck report`: nil unless the design carries a failure model (a `failure_model:`
    /// section in the rules, or `failure_rate_per_year` / `mttr_hours` data on some node or edge). Adaptive
    /// Monte-Carlo is capped at `maxSamples` so the report stays quick on large designs; its intervals say how far.
    public static func forReport(
        file: String, topology: Topology, configuration: RuleConfiguration, maxSamples: Int = 200_000
    ) throws(ReliabilityError) -> ReliabilityReport? {
        guard configuration.failureModel != nil || hasFailureData(topology) else { return nil }
        let options = ReliabilityOptions(maxSamples: maxSamples)
        return try ReliabilityReport(file: file, topology: topology, model: configuration.failureModel ?? FailureModel(), options: options)
    }

    /// Whether some device or link declares a failure rate or repair time.
    static func hasFailureData(_ topology: Topology) -> Bool {
        let keys = [FailureModel.rateKey, FailureModel.mttrKey]
        return topology.devices.contains { device in keys.contains { device.attributes[$0] != nil } }
            || topology.links.contains { link in keys.contains { link.attributes[$0] != nil } }
    }
}

extension HTMLReport {
    /// Failure classes listed in the reliability section.
    static let listedFailureClasses = 12

    /// The reliability section: availability with its interval, the distribution of the metric as a chart (log
    /// probability), and the failure classes ranked by their share of the unavailability.
    static func reliabilitySection(_ report: ReliabilityReport) -> String {
        let method = report.method == .exact ? "exact enumeration of the most probable failure sets" : "Monte-Carlo, 95% intervals"
        var out = "<section><h2>Reliability</h2>"
        out +=
            "<p>Steady state under the failure model (\(SVG.escape(method))): \(grouped(report.accelerators)) accelerators"
            + (report.spares > 0 ? " (\(grouped(report.spares)) spares)" : "") + ", \(grouped(report.failureUnits)) failure units. "
            + "Availability (no accelerator missing beyond spares): <b>\(estimate(report.availability))</b>; "
            + "expected unusable accelerators \(ReliabilityReport.number(report.expectedUnusableAccelerators.value)); "
            + "hours short per \(ReliabilityReport.number(report.horizonHours)) h: \(ReliabilityReport.number(report.hoursShort.value)).</p>"
        out += SVG.probabilityBars(
            report.metric.distribution, title: "P(\(report.metric.name) loss = x), \(report.metric.unit)",
            label: { value in
                let text = ReliabilityReport.number(value)
                return report.metric.name == "stranded" ? "\(text) missing, \(report.demand - Int(value)) usable" : text
            })
        out += "<table class=\"reliability\"><thead><tr><th>failure class</th><th class=\"num\">units</th>"
        out += "<th class=\"num\">failures expected</th><th class=\"num\">P(short and class down)</th><th class=\"num\">P(class down)</th></tr></thead><tbody>"
        for item in report.contributions.prefix(listedFailureClasses) {
            out += "<tr><td>\(SVG.escape(item.failureClass))</td><td class=\"num\">\(grouped(item.units))</td>"
            out += "<td class=\"num\">\(ReliabilityReport.number(item.expectedFailures))</td>"
            out += "<td class=\"num\">\(estimate(item.unavailability))</td><td class=\"num\">\(ReliabilityReport.probability(item.down))</td></tr>"
        }
        out += "</tbody></table>"
        out += "<p>Ranked by the probability that accelerators are missing while a unit of the class is down (co-occurrence, not blame).</p>"
        return out + "</section>\n"
    }

    static func estimate(_ value: ReliabilityEstimate) -> String {
        "\(ReliabilityReport.probability(value.value)) [\(ReliabilityReport.probability(value.ciLow)), \(ReliabilityReport.probability(value.ciHigh))]"
    }
}

extension SVG {
    /// Largest number of bars: more distinct values are merged into equal-width ranges.
    static let maxProbabilityBars = 48

    /// Bars of a distribution's probabilities on a log scale (10⁻⁹ … 1), one per value or value range.
    static func probabilityBars(
        _ points: [ReliabilityPoint], title: String, label: (Double) -> String, width: Double = 720, height: Double = 200
    ) -> String {
        let bins = probabilityBins(points)
        let (left, top, bottom) = (52.0, 24.0, height - 34)
        let plotWidth = width - left - 16
        let floor = -9.0
        func y(_ probability: Double) -> Double {
            let exponent = max(floor, Foundation.log10(max(probability, 1e-300)))
            return bottom - (bottom - top) * (exponent - floor) / -floor
        }
        var out =
            "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" "
            + "aria-label=\"\(escape(title))\">"
        out += text(left, 14, title, cls: "ttl")
        for exponent in stride(from: 0, through: Int(floor), by: -3) {
            let probability = Foundation.pow(10, Double(exponent))
            out += "<line x1=\"\(n(left))\" y1=\"\(n(y(probability)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y(probability)))\" class=\"grid\"/>"
            out += text(left - 4, y(probability) + 4, exponent == 0 ? "1" : "1e\(exponent)", anchor: "end", cls: "axis")
        }
        let slot = plotWidth / Double(max(bins.count, 1))
        for (index, bin) in bins.enumerated() where bin.probability > 0 {
            let name =
                bin.low == bin.high ? label(bin.low) : "\(ReliabilityReport.number(bin.low))–\(ReliabilityReport.number(bin.high))"
            let cls = index == 0 ? "bar" : "bar hot"
            out +=
                "<rect x=\"\(n(left + slot * Double(index) + 1))\" y=\"\(n(y(bin.probability)))\" width=\"\(n(max(slot - 2, 1)))\" "
                + "height=\"\(n(max(bottom - y(bin.probability), 0.5)))\" class=\"\(cls)\"><title>\(escape(name)): "
                + "\(ReliabilityReport.probability(bin.probability))</title></rect>"
        }
        out += "<line x1=\"\(n(left))\" y1=\"\(n(bottom))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(bottom))\" class=\"axisline\"/>"
        let every = max(1, bins.count / 6)
        for index in stride(from: 0, to: bins.count, by: every) {
            out += text(left + slot * (Double(index) + 0.5), bottom + 14, ReliabilityReport.number(bins[index].low), anchor: "middle", cls: "axis")
        }
        return out + "</svg>"
    }

    /// The points merged into at most `maxProbabilityBars` equal-width value ranges (each point alone when few).
    static func probabilityBins(_ points: [ReliabilityPoint]) -> [(low: Double, high: Double, probability: Double)] {
        guard points.count > maxProbabilityBars, let first = points.first?.value, let last = points.last?.value, last > first else {
            return points.map { ($0.value, $0.value, $0.probability) }
        }
        let step = (last - first) / Double(maxProbabilityBars)
        var bins = (0..<maxProbabilityBars).map { index in
            (low: first + step * Double(index), high: first + step * Double(index + 1), probability: 0.0)
        }
        for point in points {
            let index = min(maxProbabilityBars - 1, Int((point.value - first) / step))
            bins[index].probability += point.probability
        }
        return bins
    }
}
