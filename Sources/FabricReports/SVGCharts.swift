import FabricModel
import Foundation

/// Small inline-SVG charts for the HTML report: plain text, fixed number formatting, no scripts, same input →
/// same bytes. Colours follow the report's stylesheet classes.
enum SVG {
    /// A number with at most one decimal, for coordinates.
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        return String(rounded)
    }

    /// Text escaped for XML/HTML content and double-quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start", cls: String = "") -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\"\(cls.isEmpty ? "" : " class=\"\(cls)\"")>\(escape(content))</text>"
    }

    /// Tick values 0, step, 2·step, ... covering `maximum` with about `count` ticks (1-2-5 steps).
    static func ticks(upTo maximum: Double, count: Int = 5) -> [Double] {
        guard maximum > 0 else { return [0] }
        let raw = maximum / Double(max(count, 1))
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        var values: [Double] = []
        var value = 0.0
        while value <= maximum * 1.000001 {
            values.append(value)
            value += step
        }
        if (values.last ?? 0) < maximum { values.append(value) }
        return values
    }

    /// The bisection bracket as a horizontal bar against full bisection: the proven part solid, the gap hatched,
    /// a tick at the best cut found.
    static func bracketBar(
        lower: Double, upper: Double, full: Double, width: Double = 720,
        amount: (Double) -> String = { Bandwidth.format(bitsPerSecond: $0) }
    ) -> String {
        let height = 86.0
        let left = 10.0
        let barWidth = width - 20
        let scale = max(full, upper, lower, 1)
        func x(_ value: Double) -> Double { left + barWidth * value / scale }
        var out =
            "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" "
            + "aria-label=\"bisection bracket\">"
        out +=
            "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            + "<rect width=\"6\" height=\"6\" class=\"gapfill\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatchline\"/></pattern></defs>"
        out += "<rect x=\"\(n(left))\" y=\"24\" width=\"\(n(barWidth * full / scale))\" height=\"26\" class=\"full\"/>"
        out += "<rect x=\"\(n(left))\" y=\"24\" width=\"\(n(x(lower) - left))\" height=\"26\" class=\"proven\"/>"
        if upper > lower {
            out += "<rect x=\"\(n(x(lower)))\" y=\"24\" width=\"\(n(x(upper) - x(lower)))\" height=\"26\" fill=\"url(#hatch)\"/>"
        }
        out += "<line x1=\"\(n(x(upper)))\" y1=\"18\" x2=\"\(n(x(upper)))\" y2=\"56\" class=\"cut\"/>"
        out += "<line x1=\"\(n(x(full)))\" y1=\"18\" x2=\"\(n(x(full)))\" y2=\"56\" class=\"fullline\"/>"
        let lowerLabel = "proven ≥ \(amount(lower)) (\(percent(full > 0 ? lower / full : 0)))"
        let upperLabel = "best cut \(amount(upper)) (\(percent(full > 0 ? upper / full : 0)))"
        out += text(left, 14, lowerLabel, cls: "lbl")
        out += text(width - 10, 14, upperLabel, anchor: "end", cls: "lbl")
        out += text(x(full), 72, "full bisection \(amount(full))", anchor: full / scale > 0.7 ? "end" : "middle", cls: "lbl")
        out += "</svg>"
        return out
    }

    /// A histogram of counts over buckets, y axis in counts; `labels` name each bucket (tooltips), `edgeLabels` the
    /// bucket boundaries on the x axis (one more than the buckets).
    static func histogram(
        _ counts: [Int], labels: [String], edgeLabels: [String], title: String, width: Double = 340, height: Double = 170,
        highlightLast: Bool = true
    ) -> String {
        let left = 44.0
        let bottom = height - 34
        let top = 22.0
        let plotWidth = width - left - 18
        let maximum = Double(counts.max() ?? 0)
        let yTicks = ticks(upTo: max(maximum, 1), count: 4)
        let yMax = yTicks.last ?? 1
        var out =
            "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" "
            + "aria-label=\"\(escape(title))\">"
        out += text(left, 14, title, cls: "ttl")
        for tick in yTicks {
            let y = bottom - (bottom - top) * tick / yMax
            out += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y))\" class=\"grid\"/>"
            out += text(left - 4, y + 4, compactCount(tick), anchor: "end", cls: "axis")
        }
        let slot = plotWidth / Double(max(counts.count, 1))
        for (index, count) in counts.enumerated() {
            let barHeight = (bottom - top) * Double(count) / yMax
            let cls = highlightLast && index == counts.count - 1 ? "bar hot" : "bar"
            if count > 0 {
                out +=
                    "<rect x=\"\(n(left + slot * Double(index) + 1))\" y=\"\(n(bottom - barHeight))\" width=\"\(n(max(slot - 2, 1)))\" "
                    + "height=\"\(n(max(barHeight, 0.5)))\" class=\"\(cls)\"><title>\(escape(labels[index])): \(count)</title></rect>"
            }
        }
        out += "<line x1=\"\(n(left))\" y1=\"\(n(bottom))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(bottom))\" class=\"axisline\"/>"
        let every = max(1, counts.count / 5)
        for index in stride(from: 0, through: counts.count, by: every) where index < edgeLabels.count {
            out += text(left + slot * Double(index), bottom + 14, edgeLabels[index], anchor: "middle", cls: "axis")
        }
        out += "</svg>"
        return out
    }

    /// Cumulative distribution curves (step functions) of non-negative integer samples: for each x, the fraction of
    /// samples ≤ x. One curve per series. The x axis is logarithmic in 1 + x (0, 1, 10, 100, ...) so that failures
    /// touching one accelerator and failures touching a thousand are both visible.
    static func cdf(
        _ series: [(name: String, cls: String, samples: [Int])], title: String, xLabel: String,
        width: Double = 720, height: Double = 230
    ) -> String {
        let left = 48.0
        let right = 16.0
        let top = 26.0
        let bottom = height - 38
        let plotWidth = width - left - right
        let largest = Double(series.flatMap(\.samples).max() ?? 0)
        let (decades, xMax) = cdfTicks(largest: largest)
        let logMax = log1p(xMax)
        func x(_ value: Double) -> Double { left + plotWidth * log1p(value) / logMax }
        func y(_ fraction: Double) -> Double { bottom - (bottom - top) * fraction }
        var out =
            "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" "
            + "aria-label=\"\(escape(title))\">"
        out += text(left, 16, title, cls: "ttl")
        for fraction in [0.0, 0.25, 0.5, 0.75, 1.0] {
            out += "<line x1=\"\(n(left))\" y1=\"\(n(y(fraction)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y(fraction)))\" class=\"grid\"/>"
            out += text(left - 4, y(fraction) + 4, percent(fraction), anchor: "end", cls: "axis")
        }
        for tick in decades {
            out += "<line x1=\"\(n(x(tick)))\" y1=\"\(n(top))\" x2=\"\(n(x(tick)))\" y2=\"\(n(bottom))\" class=\"grid\"/>"
            out += text(x(tick), bottom + 14, compactCount(tick), anchor: "middle", cls: "axis")
        }
        out += text(left + plotWidth / 2, bottom + 30, xLabel + " (log scale)", anchor: "middle", cls: "axis")
        var legendX = width - right
        for entry in series.reversed() {
            let label = "\(entry.name)"
            legendX -= Double(label.count) * 6.5 + 26
            out += "<line x1=\"\(n(legendX))\" y1=\"12\" x2=\"\(n(legendX + 16))\" y2=\"12\" class=\"curve \(entry.cls)\"/>"
            out += text(legendX + 20, 16, label, cls: "axis")
        }
        for entry in series where !entry.samples.isEmpty {
            let sorted = entry.samples.sorted()
            let total = Double(sorted.count)
            var points: [(Double, Double)] = []
            var index = 0
            var previous = 0.0
            while index < sorted.count {
                let value = sorted[index]
                var end = index
                while end < sorted.count, sorted[end] == value { end += 1 }
                let after = Double(end) / total
                points.append((x(Double(value)), y(previous)))
                points.append((x(Double(value)), y(after)))
                previous = after
                index = end
            }
            points.append((x(xMax), y(1)))
            out += "<polyline points=\"" + points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ") + "\" class=\"curve \(entry.cls)\"/>"
        }
        out += "<line x1=\"\(n(left))\" y1=\"\(n(bottom))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(bottom))\" class=\"axisline\"/>"
        out += "</svg>"
        return out
    }

    /// The x ticks of `cdf` and the axis end: 0, then the powers of ten below the end, then the end itself, the
    /// smallest 1-2-5 value (1, 2, 5, 10, 20, ...) at least `largest` and at least 1, so the axis stops within a
    /// factor 2.5 of the largest sample instead of running on to the next power of ten.
    static func cdfTicks(largest: Double) -> (ticks: [Double], end: Double) {
        var end = 1.0
        var magnitude = 1.0
        while end < largest {
            if end == magnitude {
                end = 2 * magnitude
            } else if end == 2 * magnitude {
                end = 5 * magnitude
            } else {
                magnitude *= 10
                end = magnitude
            }
        }
        var ticks: [Double] = [0]
        var decade = 1.0
        while decade < end {
            ticks.append(decade)
            decade *= 10
        }
        ticks.append(end)
        return (ticks, end)
    }

    /// A bandwidth with three significant digits: `172 Tb/s`, `43 Tb/s`, `1.6 Tb/s` (the one unit convention).
    static func shortBandwidth(_ bitsPerSecond: Double) -> String {
        Bandwidth.format(bitsPerSecond: bitsPerSecond, significantDigits: 3)
    }

    /// A number rounded to three significant digits, trailing zeros dropped.
    static func threeDigits(_ value: Double) -> String {
        let decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        return Bandwidth.trimmedNumber((value * factor).rounded() / factor)
    }

    /// `12`, `1.5k`, `16.5k`, `230k`, `1.2M`.
    static func compactCount(_ value: Double) -> String {
        if value >= 1e6 { return Bandwidth.trimmedNumber((value / 1e5).rounded() / 10) + "M" }
        if value >= 1e5 { return Bandwidth.trimmedNumber((value / 1e3).rounded()) + "k" }
        if value >= 1e4 { return Bandwidth.trimmedNumber((value / 1e2).rounded() / 10) + "k" }
        if value >= 1e3 { return Bandwidth.trimmedNumber((value / 1e2).rounded() / 10) + "k" }
        return Bandwidth.trimmedNumber(value)
    }
}
