import FabricGraph
import FabricModel
import FabricRules

/// One single failure (a link or a device) and what it does to the accelerators.
public struct SingleFailureImpact: Hashable, Sendable {
    /// `link 'leaf-1'~'spine-3'`, `device 'spine-3'`.
    public var element: String
    /// Where the element is declared.
    public var location: SourceLocation
    /// Accelerators that fail with it (the element itself when it is one).
    public var failedAccelerators: Int
    /// Accelerators cut off from the largest accelerator component.
    public var strandedAccelerators: Int
    /// Accelerators that stay connected but lose injection or uplink capacity.
    public var degradedAccelerators: Int
    /// The largest fraction of its injection or uplink capacity one degraded accelerator loses (0...1).
    public var worstLoss: Double
    /// Capacity the surviving accelerators lose in total: injection plus first-hop uplink share, bit/s (or cables).
    public var capacityLostBps: Double

    /// Creates the record.
    public init(
        element: String, location: SourceLocation, failedAccelerators: Int, strandedAccelerators: Int, degradedAccelerators: Int,
        worstLoss: Double = 0, capacityLostBps: Double = 0
    ) {
        self.capacityLostBps = capacityLostBps
        self.element = element
        self.location = location
        self.failedAccelerators = failedAccelerators
        self.strandedAccelerators = strandedAccelerators
        self.degradedAccelerators = degradedAccelerators
        self.worstLoss = worstLoss
    }

    /// Worst first: more accelerators stranded, then more degraded, then more failed with the element, then by name (numbers in names compared as numbers).
    public static func worstFirst(_ lhs: SingleFailureImpact, _ rhs: SingleFailureImpact) -> Bool {
        if lhs.strandedAccelerators != rhs.strandedAccelerators { return lhs.strandedAccelerators > rhs.strandedAccelerators }
        if lhs.degradedAccelerators != rhs.degradedAccelerators { return lhs.degradedAccelerators > rhs.degradedAccelerators }
        if lhs.failedAccelerators != rhs.failedAccelerators { return lhs.failedAccelerators > rhs.failedAccelerators }
        return naturalLess(lhs.element, rhs.element)
    }
}

/// The self-contained HTML report of `fabcheck report`: one file with inline CSS and SVG, no script, no network.
/// Sections: summary, findings, bisection bracket, link utilization per tier under all-to-all, single failures
/// (the 20 worst and the distribution of stranded and degraded accelerators), and the design aggregated to pods,
/// planes and tiers. Same input, same bytes (no timestamps).
public enum HTMLReport {
    /// Groups above which the diagram switches from pods to tiers.
    public static let maxDiagramGroups = 40
    /// Findings listed one by one (the rest are counted per rule).
    public static let maxListedFindings = 200

    /// Renders the report.
    /// - Parameters:
    ///   - failures: every single link and device failure with its impact (from the failure sweep); nil to omit.
    ///   - throughput: θ per traffic pattern (`ThroughputAnalysis`) for the throughput section; empty to omit.
    ///   - toolVersion: written in the footer.
    ///   - incident: with `report --state`, the state's section (the analysis and failures then describe the fabric now).
    ///   - reliability: the run of `ReliabilityReport.forReport` for the reliability section; nil to omit.
    public static func render(
        _ analysis: DesignAnalysis, failures: [SingleFailureImpact]?, throughput: [ThroughputResult] = [],
        toolVersion: String = "0.1.0", incident: HTMLIncident? = nil, reliability: ReliabilityReport? = nil
    ) -> String {
        let topology = analysis.topology
        let name = designName(of: topology)
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>fabcheck report: \(SVG.escape(name))</title>\n<style>\n\(stylesheet)</style>\n</head>\n<body>\n<main>\n"
        out += "<header><h1>\(SVG.escape(name))</h1><p class=\"file\">\(SVG.escape(topology.file))</p>"
        if case .string(let description)? = topology.properties["description"] {
            out += "<p class=\"desc\">\(SVG.escape(description))</p>"
        }
        out += "</header>\n"
        if let incident { out += incidentSection(incident) }
        out += summary(analysis, failures: failures)
        out += findingsSection(analysis)
        out += bisectionSection(analysis)
        out += trafficSection(analysis)
        out += throughputSection(throughput, topology: topology)
        if let failures { out += failureSection(failures, topology: topology) }
        if let reliability { out += reliabilitySection(reliability) }
        out += diagramSection(topology, throughput: throughput, incident: incident)
        out += "<footer>fabcheck \(SVG.escape(toolVersion)) · \(analysis.rules.count) rules · self-contained report: no scripts, no network</footer>\n"
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    // MARK: sections

    static func card(_ label: String, _ value: String, _ detail: String = "", cls: String = "") -> String {
        "<div class=\"card \(cls)\"><div class=\"label\">\(SVG.escape(label))</div><div class=\"value\">\(SVG.escape(value))</div>"
            + (detail.isEmpty ? "" : "<div class=\"detail\">\(SVG.escape(detail))</div>") + "</div>"
    }

    static func summary(_ analysis: DesignAnalysis, failures: [SingleFailureImpact]?) -> String {
        let summary = analysis.summary
        let metrics = analysis.metrics
        var out = "<section><h2>Summary</h2><div class=\"cards\">"
        let others = summary.nodes - summary.accelerators - summary.switches
        out += card(
            "accelerators", grouped(summary.accelerators), "\(grouped(summary.switches)) switches" + (others > 0 ? ", \(grouped(others)) other devices" : ""))
        let capacity = summary.linksWithBandwidth > 0 ? Bandwidth.format(bitsPerSecond: summary.linkBandwidthTotalBps) + " per direction" : "no bandwidths"
        out += card("cables", grouped(summary.physicalLinks), capacity)
        let errors = metrics.count(.error)
        let warnings = metrics.count(.warning)
        let verdict = errors > 0 ? "fail" : warnings > 0 ? "warn" : "pass"
        out += card(
            "findings", "\(errors) error\(errors == 1 ? "" : "s")", "\(warnings) warning\(warnings == 1 ? "" : "s"), \(metrics.count(.note)) notes",
            cls: verdict)
        if let bisection = analysis.bisection {
            out += card(
                "bisection", "\(percent(bisection.lowerRatio))–\(percent(bisection.upperRatio))",
                "of full \(Bandwidth.format(capacity: bisection.fullBisection, inBitsPerSecond: analysis.graph.hasBandwidth)); gap \(percent(bisection.gap))")
        }
        if let traffic = analysis.traffic {
            out += card("all-to-all throughput", percent(traffic.throughput), "of injection; hottest link \(percent(traffic.maxUtilization)) at full rate")
        }
        out += card(
            "single points of failure", grouped(metrics.singlePointsOfFailure), "links and devices that strand accelerators",
            cls: metrics.singlePointsOfFailure > 0 ? "warn" : "pass")
        if let worst = metrics.worstSingleFailure {
            out += card("worst single failure", "\(grouped(worst.strandedAccelerators)) stranded", worst.element, cls: "warn")
        } else if let failures, let costliest = failures.max(by: { ($0.worstLoss, $0.capacityLostBps) < ($1.worstLoss, $1.capacityLostBps) }),
            costliest.capacityLostBps > 0
        {
            // By what it costs, not by how many accelerators lose a little (issue 23): the largest share of its capacity
            // one accelerator loses (uniform traffic runs at the pace of the most starved one), then the capacity lost.
            let lost = Bandwidth.format(capacity: costliest.capacityLostBps, inBitsPerSecond: analysis.graph.hasBandwidth)
            out += card(
                "worst single failure", "\(percent(costliest.worstLoss)) of an accelerator's capacity",
                "\(costliest.element): \(lost) lost by \(grouped(costliest.degradedAccelerators)) accelerators")
        } else if let failures, let first = failures.min(by: SingleFailureImpact.worstFirst), first.degradedAccelerators > 0 {
            out += card("worst single failure", "\(grouped(first.degradedAccelerators)) degraded", first.element)
        } else {
            out += card("worst single failure", "none strands", "no single link or device cuts accelerators off", cls: "pass")
        }
        out += "</div></section>\n"
        return out
    }

    static func findingsSection(_ analysis: DesignAnalysis) -> String {
        let findings = analysis.findings
        var out = "<section><h2>Findings</h2>"
        guard !findings.isEmpty else {
            return out + "<p>No finding from \(analysis.rules.count) rules.</p></section>\n"
        }
        var byRule: [String: (severity: Severity, count: Int, first: String)] = [:]
        for finding in findings {
            let entry = byRule[finding.ruleID]
            byRule[finding.ruleID] = (max(entry?.severity ?? finding.severity, finding.severity), (entry?.count ?? 0) + 1, entry?.first ?? finding.message)
        }
        let rules = byRule.keys.sorted { lhs, rhs in
            let a = byRule[lhs]?.severity ?? .note
            let b = byRule[rhs]?.severity ?? .note
            return a != b ? a > b : lhs < rhs
        }
        out += "<table class=\"rules\"><thead><tr><th>severity</th><th>rule</th><th class=\"num\">findings</th><th>first message</th></tr></thead><tbody>"
        for rule in rules {
            guard let entry = byRule[rule] else { continue }
            out +=
                "<tr><td><span class=\"sev \(entry.severity.rawValue)\">\(entry.severity.rawValue)</span></td><td><code>\(SVG.escape(rule))</code></td>"
                + "<td class=\"num\">\(grouped(entry.count))</td><td>\(SVG.escape(entry.first))</td></tr>"
        }
        out += "</tbody></table>"
        out +=
            "<details\(findings.count <= 30 ? " open" : "")><summary>all \(grouped(findings.count)) findings"
            + (findings.count > maxListedFindings ? " (first \(maxListedFindings) listed)" : "") + "</summary>"
        out += "<table class=\"findings\"><thead><tr><th>severity</th><th>rule</th><th>message</th><th>location</th></tr></thead><tbody>"
        for finding in findings.prefix(maxListedFindings) {
            out +=
                "<tr><td><span class=\"sev \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span></td><td><code>\(SVG.escape(finding.ruleID))</code></td>"
                + "<td>\(SVG.escape(finding.message))</td><td class=\"loc\">\(place(finding.location, in: analysis.topology))</td></tr>"
        }
        out += "</tbody></table></details></section>\n"
        return out
    }

    static func bisectionSection(_ analysis: DesignAnalysis) -> String {
        guard let bisection = analysis.bisection else { return "" }
        let amount = { (value: Double) in Bandwidth.format(capacity: value, inBitsPerSecond: analysis.graph.hasBandwidth) }
        var out = "<section><h2>Bisection bandwidth</h2>"
        out +=
            "<p>The minimum, over all splits of the \(grouped(bisection.acceleratorCount)) accelerators into halves, of the capacity crossing "
            + "the split: proven at least <b>\(amount(bisection.lower))</b> "
            + "(\(SVG.escape(bisection.lowerCertificate.kind.rawValue)) certificate) and at most <b>\(amount(bisection.upper))</b> "
            + "(a balanced cut of \(grouped(bisection.cut.links.count)) links), against full bisection "
            + "\(amount(bisection.fullBisection)) (half the injection bandwidth)"
            + (analysis.graph.hasBandwidth ? "" : "; no link has a bandwidth, so every figure counts cables") + ".</p>"
        if bisection.lowerCertificate.kind == .healthyMinusFailures {
            out += "<p>Lower bound: \(SVG.escape(bisection.lowerCertificate.detail)).</p>"
        }
        out += SVG.bracketBar(lower: bisection.lower, upper: bisection.upper, full: bisection.fullBisection, amount: amount)
        out += "</section>\n"
        return out
    }

    static func trafficSection(_ analysis: DesignAnalysis) -> String {
        guard let traffic = analysis.traffic else {
            if let note = analysis.trafficNote { return "<section><h2>Link utilization</h2><p>Not computed: \(SVG.escape(note)).</p></section>\n" }
            return ""
        }
        let topology = analysis.topology
        var out = "<section><h2>Link utilization under all-to-all</h2>"
        out +=
            "<p>Uniform all-to-all among the accelerators, ECMP, every accelerator injecting at its full bandwidth: the hottest link runs at "
            + "<b>\(percent(traffic.maxUtilization))</b>, so every accelerator can sustain <b>\(percent(traffic.throughput))</b> of its injection "
            + "bandwidth. The histograms count link directions per tier pair by utilization at that sustainable rate (the hottest at 100%).</p>"
        out += "<div class=\"charts\">"
        let labels = (0..<10).map { "\($0 * 10)–\($0 * 10 + 10)%" }
        for tier in traffic.tiers {
            let title = tier.lowerTier == tier.upperTier ? "tier \(tier.lowerTier) ↔ tier \(tier.upperTier)" : "tier \(tier.lowerTier) – tier \(tier.upperTier)"
            let peak = traffic.maxUtilization > 0 ? tier.maxUtilization / traffic.maxUtilization : 0
            out +=
                "<figure>"
                + SVG.histogram(
                    tier.buckets, labels: labels, edgeLabels: (0...10).map { "\($0 * 10)%" }, title: "\(title): \(grouped(tier.arcs)) link directions")
                + "<figcaption>peak \(percent(peak)), mean \(percent(traffic.maxUtilization > 0 ? tier.meanUtilization / traffic.maxUtilization : 0)) "
                + "of the hottest</figcaption></figure>"
        }
        out += "</div>"
        if !traffic.hottest.isEmpty {
            out +=
                "<details><summary>hottest link directions</summary><table><thead><tr><th>from</th><th>to</th><th class=\"num\">utilization at full rate</th>"
                + "<th>location</th></tr></thead><tbody>"
            for hot in traffic.hottest.prefix(10) {
                out +=
                    "<tr><td>\(SVG.escape(topology.devices[Int(hot.from)].id))</td><td>\(SVG.escape(topology.devices[Int(hot.to)].id))</td>"
                    + "<td class=\"num\">\(percent(hot.utilization))</td><td class=\"loc\">\(place(topology.location(ofLink: hot.link), in: topology))</td></tr>"
            }
            out += "</tbody></table></details>"
        }
        out += "</section>\n"
        return out
    }

    static func failureSection(_ failures: [SingleFailureImpact], topology: Topology) -> String {
        var out = "<section><h2>Single failures</h2>"
        guard !failures.isEmpty else { return out + "<p>The design has no link or device to fail.</p></section>\n" }
        let critical = failures.filter { $0.strandedAccelerators > 0 }.count
        let degrading = failures.filter { $0.strandedAccelerators == 0 && $0.degradedAccelerators > 0 }.count
        out +=
            "<p>Every single link and device failure, exactly: \(grouped(failures.count)) scenarios; \(grouped(critical)) strand accelerators "
            + "(cut them off from the largest group), \(grouped(degrading)) more only degrade capacity (accelerators losing injection or "
            + "first-hop uplink bandwidth; <i>worst loss</i> is the largest share of its capacity one of them loses).</p>"
        let stranded = failures.map(\.strandedAccelerators)
        let degraded = failures.map(\.degradedAccelerators)
        out += SVG.cdf(
            [("stranded", "c1", stranded), ("degraded", "c2", degraded)],
            title: "accelerators affected per single failure (cumulative share of failures)", xLabel: "accelerators")
        if stranded.sorted() == degraded.sorted() {
            out += "<p class=\"note\">The two curves coincide: every failure degrades exactly as many accelerators as it strands.</p>"
        }
        let worst = failures.sorted(by: SingleFailureImpact.worstFirst).prefix(20)
        out +=
            "<table class=\"failures\"><thead><tr><th>#</th><th>failed element</th><th class=\"num\">failed</th><th class=\"num\">stranded</th>"
            + "<th class=\"num\">degraded</th><th class=\"num\">worst loss</th><th>location</th></tr></thead><tbody>"
        for (rank, failure) in worst.enumerated() {
            out +=
                "<tr><td class=\"num\">\(rank + 1)</td><td>\(SVG.escape(failure.element))</td><td class=\"num\">\(grouped(failure.failedAccelerators))</td>"
                + "<td class=\"num\(failure.strandedAccelerators > 0 ? " bad" : "")\">\(grouped(failure.strandedAccelerators))</td>"
                + "<td class=\"num\">\(grouped(failure.degradedAccelerators))</td>"
                + "<td class=\"num\">\(failure.degradedAccelerators > 0 ? percent(failure.worstLoss) : "–")</td><td class=\"loc\">\(place(failure.location, in: topology))</td></tr>"
        }
        out += "</tbody></table></section>\n"
        return out
    }

    static func diagramSection(_ topology: Topology, throughput: [ThroughputResult] = [], incident: HTMLIncident? = nil) -> String {
        var design = AggregatedDesign(topology, grouping: .pod)
        var note = "by pod (devices without a pod by plane and tier)"
        if design.groups.count > maxDiagramGroups {
            let pods = Set(topology.devices.compactMap(\.pod)).count
            // Count pods as the file has them: the groups also hold the devices without a pod (issue 23: 246 for 242 pods).
            note =
                pods == design.groups.count
                ? "by tier (\(pods) pods are too many to draw one by one)"
                : "by tier (\(pods) pods and \(design.groups.count - pods) groups of devices without a pod are too many to draw one by one)"
            design = AggregatedDesign(topology, grouping: .tier)
        }
        var out = "<section><h2>Design</h2><p>Aggregated \(note): boxes are groups of devices, lines bundles of cables (width by bandwidth per direction)."
        var highlights = DiagramHighlights(binding: throughput, design: design, topology: topology)
        if let incident { highlights.failures = DiagramFailures(incident, now: design) }
        out += highlights.legend + highlights.failures.legend + "</p>"
        out += "<div class=\"scroll\">" + SVGDiagram.render(design, highlights: highlights) + "</div></section>\n"
        return out
    }

    /// A location in the report's own file as `line 29` (the file is in the header), with the full location as a
    /// tooltip; a location elsewhere in full.
    static func place(_ location: SourceLocation, in topology: Topology) -> String {
        guard location.file == topology.file, location.line > 0 else { return SVG.escape(location.description) }
        return "<span title=\"\(SVG.escape(location.description))\">line \(location.line)</span>"
    }

    /// `15,488`.
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    static let stylesheet = """
        :root { --fg: #1d232b; --muted: #5b6573; --line: #d9dee5; --bg: #ffffff; --panel: #f5f7fa; --acc: #3b6fb6; --sw: #d9822b;
          --bad: #c0392b; --warn: #b7791f; --ok: #2f855a; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 40px; }
        header h1 { margin: 0 0 2px; font-size: 26px; }
        header .file { margin: 0; color: var(--muted); font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
        header .desc { margin: 10px 0 0; color: var(--muted); max-width: 860px; }
        h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px; }
        .card { background: var(--panel); border: 1px solid var(--line); border-left: 4px solid var(--acc); border-radius: 6px; padding: 10px 12px; }
        .card.pass { border-left-color: var(--ok); } .card.warn { border-left-color: var(--warn); } .card.fail { border-left-color: var(--bad); }
        .card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        .card .value { font-size: 22px; font-weight: 600; margin: 2px 0; }
        .card .detail { color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--panel); font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.bad { color: var(--bad); font-weight: 600; }
        td.loc { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px; color: var(--muted); overflow-wrap: anywhere; }
        code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
        .sev { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 11px; font-weight: 600; color: #fff; }
        .sev.error { background: var(--bad); } .sev.warning { background: var(--warn); } .sev.note { background: #718096; }
        details summary { cursor: pointer; color: var(--acc); margin: 6px 0; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 12px; }
        figure { margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
        figcaption { color: var(--muted); font-size: 12px; padding: 0 4px; }
        p.note { color: var(--muted); font-size: 12px; margin: 2px 0 8px; }
        svg.chart { max-width: 100%; height: auto; display: block; }
        svg text { font: 11px -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; fill: var(--fg); }
        svg text.ttl { font-weight: 600; font-size: 12px; } svg text.axis { fill: var(--muted); font-size: 10px; } svg text.lbl { font-size: 12px; }
        svg .grid { stroke: var(--line); stroke-width: 1; } svg .axisline { stroke: var(--muted); stroke-width: 1; }
        svg .bar { fill: var(--acc); } svg .bar.hot { fill: var(--bad); }
        svg .full { fill: #e8edf3; stroke: var(--muted); stroke-width: 1; } svg .proven { fill: var(--ok); }
        svg .gapfill { fill: #fdf3e1; } svg .hatchline { stroke: var(--warn); stroke-width: 2; }
        svg .cut { stroke: var(--warn); stroke-width: 3; } svg .fullline { stroke: var(--fg); stroke-width: 1.5; stroke-dasharray: 4 3; }
        svg .curve { fill: none; stroke-width: 2; } svg .curve.c2 { stroke: var(--acc); }
        svg .curve.c1 { stroke: var(--bad); stroke-width: 6; stroke-opacity: .4; stroke-linejoin: round; }
        .scroll { overflow-x: auto; }
        svg.diagram { display: block; max-width: 100%; height: auto; }
        svg .bundle { fill: none; stroke: #7a8797; stroke-opacity: .55; stroke-linecap: round; }
        svg .blabel { fill: var(--muted); font-size: 9px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
        svg .gacc { fill: #dbe7f6; stroke: var(--acc); } svg .gsw { fill: #fbe5cf; stroke: var(--sw); } svg .goth { fill: #eceff3; stroke: var(--muted); }
        svg text.gname { font-weight: 600; font-size: 11px; } svg text.gsub { fill: var(--muted); font-size: 10px; }
        footer { margin-top: 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }

        """
}
