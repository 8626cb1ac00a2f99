import FabricGraph
import FabricModel

/// The throughput metric's columns in the sweep's text, CSV and JSON writers.
extension SweepReport {
    /// Text columns of the throughput metric.
    static let throughputColumns = ["θ after", "θ ecmp", "θ certificates"]

    /// CSV columns appended under the throughput metric (leading comma, no newline).
    static let throughputCSVHeader =
        ",theta_lower_before,theta_upper_before,theta_lower_after,theta_upper_after,theta_routing_after,throughput_method,"
        + "lower_certificate,upper_certificate,accelerators_left"

    /// The text cells of one record under the throughput metric.
    static func throughputCells(_ impact: ThroughputImpact?) -> [String] {
        guard let impact else { return ["-", "-", "-"] }
        return [
            thetaBracket(impact.thetaLowerAfter, impact.thetaUpperAfter),
            impact.thetaRoutingAfter.map(fixed4) ?? "-",
            "\(impact.lowerCertificate) / \(impact.upperCertificate)",
        ]
    }

    /// `0.9375` when the bracket is closed (to 4 decimals), `0.5–0.6250` otherwise.
    public static func thetaBracket(_ lower: Double, _ upper: Double) -> String {
        let low = fixed4(lower)
        let high = fixed4(upper)
        return low == high ? low : "\(low)–\(high)"
    }

    /// `value` with 4 decimals, rounded to nearest, without Foundation's locale-dependent formatting.
    static func fixed4(_ value: Double) -> String {
        guard value.isFinite else { return "inf" }
        let scaled = Int((value * 10_000).rounded())
        let fraction = String(scaled % 10_000)
        return "\(scaled / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }

    /// The CSV fields of a throughput impact (the order of `throughputCSVHeader`).
    static func throughputCSVFields(_ impact: ThroughputImpact) -> [String] {
        [
            "\(impact.thetaLowerBefore)", "\(impact.thetaUpperBefore)", "\(impact.thetaLowerAfter)", "\(impact.thetaUpperAfter)",
            impact.thetaRoutingAfter.map { "\($0)" } ?? "", impact.method, impact.lowerCertificate, impact.upperCertificate,
            "\(impact.acceleratorsLeft)",
        ]
    }
}

extension SweepJSONWriter {
    /// Appends a `ThroughputImpact` as `JSONEncoder` writes it (sorted keys, `thetaRoutingAfter` left out when nil).
    static func appendThroughput(_ impact: ThroughputImpact, indent: Int, to out: inout [UInt8]) throws {
        var object = ObjectWriter(indent: indent, out: out)
        out = []
        object.open()
        object.key("acceleratorsInTraffic")
        appendInt(impact.acceleratorsInTraffic, to: &object.out)
        object.key("acceleratorsLeft")
        appendInt(impact.acceleratorsLeft, to: &object.out)
        object.key("lowerCertificate")
        appendString(impact.lowerCertificate, to: &object.out)
        object.key("method")
        appendString(impact.method, to: &object.out)
        object.key("pattern")
        appendString(impact.pattern, to: &object.out)
        object.key("thetaLowerAfter")
        try appendDouble(impact.thetaLowerAfter, to: &object.out)
        object.key("thetaLowerBefore")
        try appendDouble(impact.thetaLowerBefore, to: &object.out)
        if let routing = impact.thetaRoutingAfter {
            object.key("thetaRoutingAfter")
            try appendDouble(routing, to: &object.out)
        }
        object.key("thetaUpperAfter")
        try appendDouble(impact.thetaUpperAfter, to: &object.out)
        object.key("thetaUpperBefore")
        try appendDouble(impact.thetaUpperBefore, to: &object.out)
        object.key("upperCertificate")
        appendString(impact.upperCertificate, to: &object.out)
        object.close()
        out = object.out
    }
}

extension SweepCSVWriter {
    /// Appends the throughput fields of a row (`SweepReport.throughputCSVFields`, each with its leading comma).
    static func appendThroughput(_ impact: ThroughputImpact, to out: inout [UInt8]) {
        for field in SweepReport.throughputCSVFields(impact) {
            out.append(UInt8(ascii: ","))
            appendField(field, to: &out)
        }
    }
}
