import FabricGraph
import FabricModel
import Foundation

extension BlastRadiusReport {
    /// JSON with sorted keys, pretty-printed, newline-terminated.
    public func json() throws -> String {
        try ReportJSON.encode(self) + "\n"
    }

    /// The diff for people.
    public func text() -> String {
        func bps(_ value: Double) -> String { Bandwidth.format(capacity: value, inBitsPerSecond: capacityUnit != "cables") }
        var lines: [String] = []
        switch (baseline, state) {
        case ("design"?, let state?):
            lines.append("the state '\(state.file)' in '\(design)' (figures: design -> now): \(classification)")
        case ("now"?, let state?):
            lines.append(
                "what if \(selectors.map { "'\($0)'" }.joined(separator: ", ")) fail on top of the state '\(state.file)' "
                    + "in '\(design)' (figures: now -> after): \(classification)")
        default:
            lines.append("what if \(selectors.map { "'\($0)'" }.joined(separator: ", ")) fail in '\(design)': \(classification)")
        }
        var failed: [String] = []
        if !failure.devices.isEmpty { failed.append("\(failure.devices.count) device\(failure.devices.count == 1 ? "" : "s")") }
        if !failure.links.isEmpty { failed.append("\(failure.links.count) link\(failure.links.count == 1 ? "" : "s")") }
        lines.append("failed: " + (failed.isEmpty ? "nothing" : failed.joined(separator: ", ")))
        for device in failure.devices.prefix(10) { lines.append("  device '\(device)'") }
        for link in failure.links.prefix(10) { lines.append("  link '\(link.id)' ('\(link.source)'~'\(link.target)')") }
        let more = max(0, failure.devices.count - 10) + max(0, failure.links.count - 10)
        if more > 0 { lines.append("  ... \(more) more") }
        lines.append(
            "connectivity: \(strandedAccelerators) accelerator\(strandedAccelerators == 1 ? "" : "s") stranded, "
                + "\(disconnectedPairs) pair\(disconnectedPairs == 1 ? "" : "s") disconnected, \(failedAccelerators) failed")
        if !strandedList.isEmpty {
            lines.append(
                "  stranded: " + strandedList.map { "'\($0)'" }.joined(separator: ", ")
                    + (strandedAccelerators > strandedList.count ? ", ... \(strandedAccelerators - strandedList.count) more (--list)" : ""))
        }
        lines.append(
            "capacity: \(capacity.acceleratorsLosingInjection) accelerator\(capacity.acceleratorsLosingInjection == 1 ? "" : "s") "
                + "lost \(bps(capacity.injectionLostBps)) injection (worst \(SweepReport.percent(capacity.worstInjectionLoss))), "
                + "\(capacity.acceleratorsLosingUplink) lost \(bps(capacity.uplinkLostBps)) uplink share "
                + "(worst \(SweepReport.percent(capacity.worstUplinkLoss)))")
        for loss in capacityLosses {
            lines.append(
                "  '\(loss.id)': injection \(bps(loss.injectionBeforeBps)) -> \(bps(loss.injectionAfterBps)), "
                    + "uplink share \(bps(loss.uplinkBeforeBps)) -> \(bps(loss.uplinkAfterBps))")
        }
        if let omitted = capacityLossesOmitted, omitted > 0 { lines.append("  ... \(omitted) more accelerators lose capacity (--list)") }
        if let traffic {
            let outside = [strandedAccelerators > 0 ? "\(strandedAccelerators) stranded" : nil, failedAccelerators > 0 ? "\(failedAccelerators) failed" : nil]
                .compactMap { $0 }
            lines.append(
                "traffic (uniform all-to-all, ECMP): max utilization \(SweepReport.percent(traffic.maxUtilizationBefore)) -> "
                    + "\(SweepReport.percent(traffic.maxUtilizationAfter)), throughput \(SweepReport.percent(traffic.throughputBefore)) -> "
                    + "\(SweepReport.percent(traffic.throughputAfter)) over \(traffic.acceleratorsInTraffic) connected accelerator"
                    + (traffic.acceleratorsInTraffic == 1 ? "" : "s")
                    + (outside.isEmpty ? "" : " (" + outside.joined(separator: ", ") + " not in the traffic)")
                    + ", \(traffic.linksPushedOverCapacity) link direction\(traffic.linksPushedOverCapacity == 1 ? "" : "s") pushed over 100%"
                    + ((traffic.linksOverloadedFurther ?? 0) > 0 ? " (\(traffic.linksOverloadedFurther ?? 0) already over 100% pushed further)" : "")
                    + (traffic.unroutablePairs > 0 ? ", \(traffic.unroutablePairs) ordered pairs unroutable" : ""))
        }
        if let dead = deadNextHops { lines += deadNextHopLines(dead) }
        if let stretch {
            lines.append(
                "hop stretch: \(stretch.longerPairs) pair\(stretch.longerPairs == 1 ? "" : "s") longer, mean +"
                    + "\(Bandwidth.trimmedNumber(stretch.meanExtraHops)) hops, max +\(stretch.maxExtraHops); diameter "
                    + "\(stretch.diameterBefore) -> \(stretch.diameterAfter)")
        }
        if let bisection {
            lines.append(
                "bisection: [\(bps(bisection.lowerBeforeBps)), \(bps(bisection.upperBeforeBps))] -> "
                    + "[\(bps(bisection.lowerAfterBps)), \(bps(bisection.upperAfterBps))]"
                    + (bisection.lowerAfterMethod.map { " (lower bound after by \($0))" } ?? ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The destinations cut off by dead next hops of the imported tables, one line each (switch, LID, destination).
    func deadNextHopLines(_ dead: [DeadNextHopRecord]) -> [String] {
        let total = dead.count + (deadNextHopsOmitted ?? 0)
        guard total > 0 else { return ["forwarding tables: no next hop died (every destination still has its route)"] }
        var lines = [
            "forwarding tables: \(total) destination\(total == 1 ? "" : "s") cut off at a dead next hop until the subnet manager re-routes:"
        ]
        for record in dead { lines.append("  switch '\(record.device)' -> LID \(record.lid) ('\(record.destination)')") }
        if let omitted = deadNextHopsOmitted, omitted > 0 { lines.append("  ... \(omitted) more (--list)") }
        return lines
    }
}
