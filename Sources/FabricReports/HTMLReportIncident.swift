import FabricGraph
import FabricModel

/// The incident section of `fabcheck report --state FILE`: what is down, the design's figures beside the figures now,
/// and the affected work by pod and rack. The rest of the report then describes the fabric now (its single-failure
/// section is the next failure from now).
public struct HTMLIncident: Sendable {
    /// What the state put down.
    public var summary: FailureStateSummary
    /// The state's blast radius on the design: figures design -> now.
    public var impact: BlastRadiusReport
    /// Failed, stranded and degraded accelerators by host, rack and pod (nil when the design has no accelerator).
    public var affected: AffectedWork?
    /// The design, what the state put down in it, and each design device's index now (-1: down), for the diagram.
    var design: Topology
    var scenario: FailureScenario
    var nowDeviceIndex: [Int32]

    /// Computes the state's impact on the design (connectivity, capacity, all-to-all traffic) and its affected work.
    /// - Complexity: that of `BlastRadius.analyze` without stretch, plus `AffectedWork.compute`.
    public init(state: AppliedFailureState) {
        summary = state.summary
        let design = state.design
        self.design = design
        scenario = state.scenario
        nowDeviceIndex = state.removal.deviceIndex
        var impact = BlastRadius.analyze(
            topology: design, baseline: BlastRadiusBaseline(graph: CSRGraph(design), topology: design), scenario: state.scenario,
            selectors: ["state:\(state.summary.file)"], designName: design.file,
            options: BlastRadiusOptions(traffic: true, stretch: false, bisection: false, listLimit: 20))
        impact.baseline = "design"
        impact.state = state.summary
        self.impact = impact
        affected = try? AffectedWork.compute(topology: design, scenario: state.scenario)
    }
}

extension HTMLReport {
    /// The incident section: cards design | now side by side, the down elements, the affected pods and racks.
    static func incidentSection(_ incident: HTMLIncident) -> String {
        let summary = incident.summary
        let impact = incident.impact
        var out = "<section class=\"incident\"><h2>Incident: \(SVG.escape(summary.file))</h2>"
        out +=
            "<p>\(SVG.escape(summary.headline)). Figures below this section describe the fabric <b>now</b> (the design "
            + "with these elements deleted); the single failures are the next failure from now.</p>"
        out += "<table class=\"incident\"><thead><tr><th>figure</th><th class=\"num\">design</th><th class=\"num\">now</th></tr></thead><tbody>"
        func row(_ name: String, _ design: String, _ now: String) {
            out +=
                "<tr><td>\(SVG.escape(name))</td><td class=\"num\">\(SVG.escape(design))</td>"
                + "<td class=\"num\(design == now ? "" : " bad")\">\(SVG.escape(now))</td></tr>"
        }
        row("accelerators up", grouped(summary.designAccelerators), grouped(summary.nowAccelerators))
        row("accelerators stranded", "0", grouped(impact.strandedAccelerators))
        row("accelerator pairs disconnected", "0", grouped(impact.disconnectedPairs))
        let inBits = impact.capacityUnit != "cables"
        row(
            "capacity lost (injection + first-hop uplink share)", Bandwidth.format(capacity: 0, inBitsPerSecond: inBits),
            Bandwidth.format(capacity: impact.capacity.totalLostBps, inBitsPerSecond: inBits))
        if let traffic = impact.traffic {
            row("all-to-all throughput (of injection)", percent(traffic.throughputBefore), percent(traffic.throughputAfter))
            row("hottest link at full rate", percent(traffic.maxUtilizationBefore), percent(traffic.maxUtilizationAfter))
            row("accelerators in the traffic", grouped(summary.designAccelerators), grouped(traffic.acceleratorsInTraffic))
        }
        out += "</tbody></table>"
        let down = summary.downDevices.map { "device '\($0)'" } + summary.downLinks.map { "link '\($0)'" }
        out +=
            "<p>Down (\(grouped(down.count)) listed, \(grouped(summary.linksDownWithDevices)) more cables with the devices): "
            + down.prefix(40).map(SVG.escape).joined(separator: ", ") + (down.count > 40 ? ", … \(grouped(down.count - 40)) more" : "") + "</p>"
        if let affected = incident.affected { out += affectedTable(affected) }
        return out + "</section>\n"
    }

    private static func affectedTable(_ affected: AffectedWork) -> String {
        var out =
            "<p>Affected work: \(grouped(affected.failed.count)) accelerators failed, \(grouped(affected.stranded.count)) stranded, "
            + "\(grouped(affected.cutOff.count)) cut off from some peers, \(grouped(affected.degraded.count)) degraded; "
            + "\(grouped(affected.drainNodes.count)) Slurm nodes to drain "
            + "(<code>fabcheck whatif FILE --state STATE --drain scontrol</code>).</p>"
        for (title, groups) in [("pod", affected.byPod), ("rack", affected.byRack)] where !groups.isEmpty {
            out +=
                "<table class=\"failures\"><thead><tr><th>\(title) (\(grouped(groups.count)) affected)</th><th class=\"num\">accelerators</th>"
                + "<th class=\"num\">failed</th><th class=\"num\">stranded</th><th class=\"num\">degraded</th></tr></thead><tbody>"
            for group in groups.prefix(10) {
                out +=
                    "<tr><td>\(SVG.escape(group.name))</td><td class=\"num\">\(grouped(group.accelerators))</td>"
                    + "<td class=\"num\">\(grouped(group.failed))</td><td class=\"num\(group.stranded > 0 ? " bad" : "")\">\(grouped(group.stranded))</td>"
                    + "<td class=\"num\">\(grouped(group.degraded))</td></tr>"
            }
            if groups.count > 10 { out += "<tr><td colspan=\"5\">… \(grouped(groups.count - 10)) more</td></tr>" }
            out += "</tbody></table>"
        }
        return out
    }
}
