import FabricGraph
import FabricModel
import Foundation

/// Output formats of sweep reports.
public enum SweepFormat: String, Sendable, CaseIterable {
    /// A ranked table for people.
    case text
    /// `SweepReport` as JSON (sorted keys): the format shards are merged from.
    case json
    /// One row per result.
    case csv
}

extension SweepReport {
    /// Results a text table shows when no `--top` was given.
    public static let defaultTextRows = 20

    /// The report in `format`; deterministic bytes for the same report (`tables`: as `text(tables:)`).
    public func rendered(as format: SweepFormat, tables: (topology: Topology, graph: CSRGraph)? = nil) throws -> String {
        switch format {
        case .json: return try json()
        case .text: return text(tables: tables)
        case .csv: return csv()
        }
    }

    /// JSON with sorted keys, pretty-printed, newline-terminated.
    public func json() throws -> String {
        try ReportJSON.encode(self) + "\n"
    }

    /// Decodes a report written by `json()`.
    public static func decode(_ data: Data) throws -> SweepReport {
        try JSONDecoder().decode(SweepReport.self, from: data)
    }

    /// A ranked table: header lines, then one row per result (the first 20 unless `top` says otherwise).
    /// With `tables` (the topology with imported forwarding tables and its graph), the shown rows' dead next hops follow.
    public func text(tables: (topology: Topology, graph: CSRGraph)? = nil) -> String {
        let rows = Array(results.prefix(top ?? Self.defaultTextRows))
        return textRendering(rows: rows, total: results.count, deadNextHops: tables.flatMap { $0.graph.deadNextHops(topology: $0.topology, records: rows) })
    }

    /// The text table of the shown `rows` (the first results) out of `total` results, then the rows' dead next hops
    /// under imported tables (`deadNextHops`, one list per row).
    func textRendering(rows: [SweepRecord], total: Int, deadNextHops: [[DeadNextHopRecord]]? = nil) -> String {
        var lines: [String] = []
        let inBits = baseline.capacityUnit != "cables"
        let pairs = k >= 2 ? "pairs of " : ""
        lines.append(
            "sweep of '\(design)': \(pairs)\(baseline.elementsInClass) \(elements.rawValue), metric \(metric.rawValue), k=\(k)"
                + (shard.map { ", shard \($0.index)/\($0.count)" } ?? ""))
        if let state = baseline.state { lines.append(state.headline + "; the next failure from now") }
        var healthy =
            "\(baseline.state == nil ? "baseline" : "now"): \(baseline.accelerators) accelerators in \(baseline.acceleratorComponents) component"
            + (baseline.acceleratorComponents == 1 ? "" : "s")
        if let utilization = baseline.maxUtilization { healthy += ", max utilization \(Self.percent(utilization))" }
        if let lower = baseline.thetaLower, let upper = baseline.thetaUpper { healthy += ", θ \(Self.thetaBracket(lower, upper)) (all-to-all)" }
        lines.append(healthy)
        lines.append(
            "\(summary.scenarios) scenario\(summary.scenarios == 1 ? "" : "s"): \(summary.critical) critical, "
                + "\(summary.degrading) degrading, \(summary.unaffected) unaffected; at most \(summary.maxStranded) accelerator"
                + "\(summary.maxStranded == 1 ? "" : "s") stranded")
        if rows.isEmpty {
            lines.append("no scenario to list")
            return lines.joined(separator: "\n") + "\n"
        }
        var header = ["rank", "failure", "stranded", "pairs", "failed", "injection lost", "uplink lost"]
        if metric == .traffic { header += ["max util", "over 100%"] }
        if metric == .throughput { header += Self.throughputColumns }
        header.append("class")
        var table: [[String]] = [header]
        for (index, record) in rows.enumerated() {
            var row = [
                "\(index + 1)", record.displayName, "\(record.strandedAccelerators)", "\(record.disconnectedPairs)",
                "\(record.failedAccelerators)", Bandwidth.format(capacity: record.capacity.injectionLostBps, inBitsPerSecond: inBits),
                Bandwidth.format(capacity: record.capacity.uplinkLostBps, inBitsPerSecond: inBits),
            ]
            if metric == .traffic {
                row.append(record.traffic.map { Self.percent($0.maxUtilizationAfter) } ?? "-")
                row.append(record.traffic.map(Self.overCapacityCell) ?? "-")
            }
            if metric == .throughput { row += Self.throughputCells(record.throughput) }
            row.append(record.classification)
            table.append(row)
        }
        var widths = [Int](repeating: 0, count: header.count)
        for row in table { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) } }
        for row in table {
            var line = ""
            for (column, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                let numeric = column != 1 && column != row.count - 1
                line += column == 0 ? "" : "  "
                line += numeric ? padding + cell : cell + (column == row.count - 1 ? "" : padding)
            }
            lines.append(line)
        }
        if total > rows.count { lines.append("... \(total - rows.count) more (use --top or --format json)") }
        lines += Self.deadNextHopLines(deadNextHops, rows: rows)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The "over 100%" cell: links pushed over capacity, and those already over it that the failure pushed further
    /// (`+N further`), so that an already overloaded baseline does not read 0 while utilization rises.
    static func overCapacityCell(_ traffic: TrafficImpact) -> String {
        let further = traffic.linksOverloadedFurther ?? 0
        return "\(traffic.linksPushedOverCapacity)" + (further > 0 ? " (+\(further) further)" : "")
    }

    /// One CSV row per result with a header (RFC 4180 quoting).
    public func csv() -> String {
        var lines = [Self.csvHeader + (metric == .throughput ? Self.throughputCSVHeader : "")]
        for (index, record) in results.enumerated() { lines.append(Self.csvRow(index: index, record)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The CSV header line (no newline).
    static let csvHeader =
        "rank,scenario,failure,devices,links,stranded_accelerators,disconnected_pairs,failed_accelerators,critical,"
        + "classification,injection_lost_bps,uplink_lost_bps,accelerators_losing_injection,accelerators_losing_uplink,"
        + "max_utilization_after,links_pushed_over_capacity"

    /// The CSV row (no newline) of the result at 0-based rank `index`.
    static func csvRow(index: Int, _ record: SweepRecord) -> String {
        let fields: [String] =
            [
                "\(index + 1)", "\(record.scenario)", record.failure.label, record.failure.devices.joined(separator: " "),
                record.failure.links.map { "\($0.id)(\($0.source)~\($0.target))" }.joined(separator: " "),
                "\(record.strandedAccelerators)", "\(record.disconnectedPairs)", "\(record.failedAccelerators)",
                "\(record.critical)", record.classification, "\(record.capacity.injectionLostBps)",
                "\(record.capacity.uplinkLostBps)", "\(record.capacity.acceleratorsLosingInjection)",
                "\(record.capacity.acceleratorsLosingUplink)",
                record.traffic.map { "\($0.maxUtilizationAfter)" } ?? "", record.traffic.map { "\($0.linksPushedOverCapacity)" } ?? "",
            ] + (record.throughput.map(throughputCSVFields) ?? [])
        return fields.map(csvField).joined(separator: ",")
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func percent(_ value: Double) -> String {
        value.isFinite ? "\(Bandwidth.trimmedNumber(value * 100))%" : "inf"
    }
}

extension SweepRecord {
    /// The label, with the ends of a single link named by id.
    public var displayName: String {
        if failure.devices.isEmpty, failure.links.count == 1, failure.label.hasPrefix("link:") {
            let link = failure.links[0]
            return "\(failure.label) (\(link.source)~\(link.target))"
        }
        return failure.label
    }
}
